import { verdict, type FieldCheck } from './check.js';

/** The verdict on a card holder name, with the value to send. */
export interface HolderCheck extends FieldCheck {
  /** The name trimmed, inner spaces collapsed, typographic apostrophes made plain. */
  value: string;
}

/** Longest holder name accepted, in characters. */
export const HOLDER_NAME_MAX_LENGTH = 64;

// Letters and combining marks of any script, so names like "Zoë", "Nguyễn" or "王小明" pass.
const ALLOWED = /^[\p{L}\p{M} .'-]*$/u;
const LETTER = /\p{L}/u;

/** Checks a card holder name: letters of any script, spaces and `.'-`, at most 64 characters. */
export function validateHolder(name: string, required: boolean): HolderCheck {
  // Phones type a curly apostrophe by default ("O’Brien"); it means the plain one.
  const value = name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\u2019/g, "'");
  if (value === '') return { value, ...verdict(required ? 'REQUIRED' : null, true) };
  if (!ALLOWED.test(value) || [...value].length > HOLDER_NAME_MAX_LENGTH) {
    return { value, ...verdict('INVALID_HOLDER_NAME', false) };
  }
  // Punctuation alone is not a name yet, but letters can still follow.
  return { value, ...verdict(LETTER.test(value) ? null : 'INVALID_HOLDER_NAME', true) };
}

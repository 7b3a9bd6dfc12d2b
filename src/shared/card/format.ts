/**
 * Input formatting in three steps (preprocess the raw text, parse it to digits, format the digits),
 * keeping the caret after the same digit it followed in the raw text. Pure: the frame passes the
 * input's value, `selectionStart` and `InputEvent.inputType`, and writes back `value` and `caret`.
 */
import type { CardBrand } from '../types.js';
import { cardTypeOf, cvcLengths } from './rules.js';

/** A reformatted input value and where its caret goes. */
export interface FormattedInput {
  /** The text to put in the input, with the brand's spaces or the expiry's ` / `. */
  value: string;
  /** Where the caret goes in `value`, after the same digits it followed before. */
  caret: number;
  /** The digits of `value`, without separators. */
  digits: string;
}

const DEFAULT_GAPS = [4, 8, 12];
const DEFAULT_MAX_LENGTH = 19;
// Past 16 digits (19-digit Visa, Maestro, UnionPay...) the tail keeps groups of four.
const LONG_NUMBER_GAP = 16;
const EXPIRY_SEPARATOR = ' / ';
// One or two month digits, a typed separator, then nothing, a two-digit or a four-digit 20xx year:
// the buyer typed "1/" or pasted "1/2030", so the month's leading zero is implied.
const TYPED_SEPARATOR = /^\D*(\d{1,2})\s*[/.-]\s*(\d{0,2}|20\d\d)\D*$/;

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function digitsBefore(raw: string, caret: number): number {
  return digitsOf(raw.slice(0, Math.max(0, caret))).length;
}

/** Index in `value` just after its `count`-th digit. */
function indexAfterDigit(value: string, count: number): number {
  let seen = 0;
  for (let i = 0; i < value.length && seen < count; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++seen === count) return i + 1;
  }
  return count > 0 ? value.length : 0;
}

/** -1 for Backspace, 1 for Delete, 0 for any other edit. */
function deletionOf(inputType: string | undefined): number {
  if (inputType === 'deleteContentBackward') return -1;
  return inputType === 'deleteContentForward' ? 1 : 0;
}

/**
 * A deletion that left every digit in place removed only a separator, which formatting would put
 * straight back: remove the digit beside it instead, so Backspace across a gap is never a no-op.
 */
function deleteAcrossSeparator(
  raw: string,
  digits: string,
  before: number,
  direction: number,
  layout: (digits: string) => string,
): [digits: string, before: number] {
  const at = direction < 0 ? before - 1 : before;
  const onlySeparatorGone = direction !== 0 && layout(digits).length > raw.length;
  if (!onlySeparatorGone || at < 0 || at >= digits.length) return [digits, before];
  return [digits.slice(0, at) + digits.slice(at + 1), at];
}

function layoutCardNumber(allDigits: string): [digits: string, value: string] {
  const type = cardTypeOf(allDigits);
  const digits = allDigits.slice(0, type ? Math.max(...type.lengths) : DEFAULT_MAX_LENGTH);
  let value = '';
  let start = 0;
  for (const gap of [...(type?.gaps ?? DEFAULT_GAPS), LONG_NUMBER_GAP, digits.length]) {
    if (gap > start && start < digits.length) value += (start ? ' ' : '') + digits.slice(start, gap);
    start = Math.max(start, gap);
  }
  return [digits, value];
}

function layoutExpiry(digits: string): string {
  return digits.length < 2 ? digits : digits.slice(0, 2) + EXPIRY_SEPARATOR + digits.slice(2);
}

/**
 * Formats a card number as typed or pasted: digits only, capped at the brand's longest length,
 * grouped by the brand's gaps (4-4-4-4, Amex 4-6-5, Diners 4-6-4).
 */
export function formatCardNumber(raw: string, caret: number, inputType?: string): FormattedInput {
  const [edited, before] = deleteAcrossSeparator(
    raw,
    digitsOf(raw),
    digitsBefore(raw, caret),
    deletionOf(inputType),
    (digits) => layoutCardNumber(digits)[1],
  );
  const [digits, value] = layoutCardNumber(edited);
  return { value, caret: indexAfterDigit(value, Math.min(before, digits.length)), digits };
}

/**
 * Formats an expiry date as `MM / YY`: a first digit 2-9 gets its leading zero, `1/` becomes
 * `01 / `, a pasted `MM/YYYY` keeps the last two year digits, and Backspace across the separator
 * removes the month digit before it.
 */
export function formatExpiry(raw: string, caret: number, inputType?: string): FormattedInput {
  let digits = digitsOf(raw);
  let before = digitsBefore(raw, caret);
  let direction = deletionOf(inputType);
  // Without an input type, text cut short inside the trailing " / " can only come from Backspace.
  const canonical = layoutExpiry(digits);
  if (!direction && digits.length === 2 && raw.length > 2 && raw !== canonical && canonical.startsWith(raw)) {
    direction = -1;
  }
  const typed = direction ? null : TYPED_SEPARATOR.exec(raw);
  if (direction) {
    [digits, before] = deleteAcrossSeparator(raw, digits, before, direction, layoutExpiry);
  } else if (typed) {
    const [, month = '', year = ''] = typed;
    if (before > 0) before += 2 - month.length;
    if (year.length === 4 && before > 4) before = Math.max(2, before - 2);
    digits = month.padStart(2, '0') + year.slice(-2);
  } else if (digits.length === 6 && digits.startsWith('20', 2)) {
    // MMYYYY, as some autofill writes it.
    digits = digits.slice(0, 2) + digits.slice(4);
    if (before > 2) before = Math.max(2, before - 2);
  }
  // A month starting with 2-9 cannot take a second digit, so its leading zero comes at once.
  if (/^[2-9]/.test(digits)) {
    digits = '0' + digits;
    if (before > 0) before++;
  }
  digits = digits.slice(0, 4);
  const value = layoutExpiry(digits);
  before = Math.min(before, digits.length);
  // At the end of the digits the caret also passes a trailing " / ", ready for the year.
  return { value, caret: before === digits.length ? value.length : indexAfterDigit(value, before), digits };
}

/** Formats a security code: digits only, capped at the brand's length (4 while the brand is unknown). */
export function formatCvc(raw: string, brand: CardBrand | null, caret: number = raw.length): FormattedInput {
  const digits = digitsOf(raw).slice(0, Math.max(...cvcLengths(brand)));
  return { value: digits, caret: Math.min(digitsBefore(raw, caret), digits.length), digits };
}

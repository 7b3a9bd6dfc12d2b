/**
 * Appearance tokens relayed from the element's host into the frame. Only these names cross,
 * and only values matching a strict pattern for their kind: no raw CSS strings.
 */

/** Names of the CSS custom properties the frame accepts. */
export const APPEARANCE_TOKENS = [
  '--antom-color-primary',
  '--antom-color-text',
  '--antom-color-muted',
  '--antom-color-background',
  '--antom-color-field',
  '--antom-color-border',
  '--antom-color-error',
  '--antom-color-focus',
  '--antom-radius',
  '--antom-spacing',
  '--antom-font-family',
  '--antom-font-size',
] as const;

/** One appearance token name. */
export type AppearanceToken = (typeof APPEARANCE_TOKENS)[number];

/** A set of appearance tokens and their values. */
export type Appearance = Partial<Record<AppearanceToken, string>>;

const COLOR =
  /^(#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([0-9a-zA-Z.,%/\s-]{1,60}\)|[a-zA-Z]{3,24})$/;
const LENGTH = /^(0|\d{1,3}(\.\d{1,3})?(px|rem|em))$/;
const FONT = /^[A-Za-z0-9 ,'"_-]{1,120}$/;

/** Checks that `value` is acceptable for `token`. */
export function isAppearanceValue(token: string, value: unknown): value is string {
  if (typeof value !== 'string' || !(APPEARANCE_TOKENS as readonly string[]).includes(token)) return false;
  if (/url\(|expression|var\(|[;{}<>\\]/i.test(value)) return false;
  if (token.startsWith('--antom-color-')) return COLOR.test(value);
  if (token === '--antom-font-family') return FONT.test(value);
  return LENGTH.test(value);
}

/** Keeps only the allowed tokens with valid values. */
export function sanitizeAppearance(input: Record<string, string>): Appearance {
  const out: Appearance = {};
  for (const token of APPEARANCE_TOKENS) {
    const value = input[token]?.trim();
    if (value && isAppearanceValue(token, value)) out[token] = value;
  }
  return out;
}

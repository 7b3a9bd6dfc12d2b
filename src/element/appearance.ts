/**
 * The look the card form and the 3-D Secure container get: the colour scheme the `theme` resolves
 * to, and the `--antom-*` custom properties in effect on the host, with the dark scheme's defaults
 * where the merchant set none, checked against the patterns the frame accepts (no raw CSS crosses).
 */
import { APPEARANCE_TOKENS, sanitizeAppearance, type Appearance } from '../shared/appearance.js';

/** A resolved colour scheme. */
export type ColorScheme = 'light' | 'dark';

/** The system's preference, which `auto` follows where the page allows both schemes. */
export const systemDark = (): MediaQueryList => matchMedia('(prefers-color-scheme: dark)');

/**
 * The scheme `theme` asks for. `auto` follows the page's `color-scheme` where the host is (the
 * property is inherited; a page that sets none may say it in `<meta name="color-scheme">`), and the
 * system's preference only where the page allows both: a light page stays light on a dark system.
 */
export function resolveColorScheme(host: HTMLElement, theme: string): ColorScheme {
  if (theme !== 'auto') return theme === 'dark' ? 'dark' : 'light';
  const computed = getComputedStyle(host).colorScheme;
  const page =
    computed === 'normal' ? (document.querySelector<HTMLMetaElement>('meta[name=color-scheme]')?.content ?? '') : computed;
  return page.includes('dark') && (!page.includes('light') || systemDark().matches) ? 'dark' : 'light';
}

/** Reads the tokens on `host` for `scheme`. */
export function hostAppearance(host: HTMLElement, scheme: ColorScheme): Appearance {
  const computed = getComputedStyle(host);
  const values: Record<string, string> = {};
  for (const token of APPEARANCE_TOKENS) values[token] = computed.getPropertyValue(token);
  if (scheme === 'dark') {
    values['--antom-color-text'] ||= '#f1f5f9';
    values['--antom-color-muted'] ||= '#cbd5e1';
    values['--antom-color-background'] ||= '#0f172a';
    values['--antom-color-field'] ||= '#0f172a';
    values['--antom-color-border'] ||= '#94a3b8';
    values['--antom-color-error'] ||= '#fca5a5';
    values['--antom-color-focus'] ||= '#8ab4ff';
  }
  return sanitizeAppearance(values);
}

/**
 * The appearance tokens the card form gets: the `--antom-*` custom properties in effect on the
 * host, with the dark theme's defaults where the merchant set none, checked against the patterns
 * the frame accepts (no raw CSS crosses).
 */
import { APPEARANCE_TOKENS, sanitizeAppearance, type Appearance } from '../shared/appearance.js';

/** Reads the tokens on `host` for `theme` (`auto` follows the system's colour scheme). */
export function hostAppearance(host: HTMLElement, theme: 'light' | 'dark' | 'auto'): Appearance {
  const computed = getComputedStyle(host);
  const values: Record<string, string> = {};
  for (const token of APPEARANCE_TOKENS) values[token] = computed.getPropertyValue(token);
  if (theme === 'dark' || (theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches)) {
    values['--antom-color-text'] ||= '#f1f5f9';
    values['--antom-color-muted'] ||= '#cbd5e1';
    values['--antom-color-field'] ||= '#0f172a';
    values['--antom-color-border'] ||= '#94a3b8';
    values['--antom-color-error'] ||= '#fca5a5';
    values['--antom-color-focus'] ||= '#8ab4ff';
  }
  return sanitizeAppearance(values);
}

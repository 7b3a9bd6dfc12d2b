/**
 * The element's `--antom-*` tokens on a gateway page (the card frame, the 3-D Secure container):
 * set on the root as custom properties, each value checked again here against its pattern, and
 * removed when the element no longer sends it.
 */
import { APPEARANCE_TOKENS, isAppearanceValue, type Appearance } from '../shared/appearance.js';

/** Applies `appearance` to this document's root. */
export function applyAppearance(appearance: Appearance): void {
  const style = document.documentElement.style;
  for (const token of APPEARANCE_TOKENS) {
    const value = appearance[token];
    if (isAppearanceValue(token, value)) style.setProperty(token, value);
    else style.removeProperty(token);
  }
}

/**
 * The brand badge at the end of the card number field. The marks are drawn by frame.css from
 * the `data-b` attribute (the CSP allows no external images, and CSS is the smallest drawing);
 * the mark is decorative and the brand's name (from the one table, shared/card/brand-names.ts) is
 * given as visually hidden text.
 */
import { BRAND_NAMES } from '../../shared/card/brand-names.js';
import type { CardBrand } from '../../shared/types.js';

/** Shows `brand` in `badge`, or a neutral card outline while the brand is unknown. */
export function showBrandBadge(badge: HTMLElement, brand: CardBrand | null): void {
  const mark = document.createElement('i');
  mark.setAttribute('aria-hidden', 'true');
  if (brand) mark.dataset['b'] = brand;
  const name = document.createElement('span');
  name.className = 'vh';
  name.textContent = brand ? BRAND_NAMES[brand] : '';
  badge.replaceChildren(mark, name);
}

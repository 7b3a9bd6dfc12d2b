/**
 * The brand badge at the end of the card number field: the brand's mark (drawn as SVG from
 * shared/card/brand-logos.json) and its name as visually hidden text. The marks are plain JSON
 * fetched once the buyer comes to the fields, so the frame's first load does not carry them (an `import()`
 * would bring Vite's preload helper into the frame's one script); until they arrive the badge keeps
 * its place, empty, and the name is already there for screen readers.
 */
import { drawBrandLogo, type Shape } from '../../shared/card/brand-logo-draw.js';
import { BRAND_NAMES } from '../../shared/card/brand-names.js';
import type { CardBrand } from '../../shared/types.js';

let logos: Promise<Record<string, Shape>> | undefined;
/** The brand the badge shows now (the frame has one): a late drawing must not replace a newer one. */
let shown: CardBrand | null;

/**
 * Shows `brand` in `badge`, or a neutral card outline while the brand is unknown. The marks are
 * fetched once `fetchMarks` says the buyer came to the card fields (never before the form is ready);
 * until then the badge keeps its place, with the brand's name for screen readers.
 */
export function showBrandBadge(badge: HTMLElement, brand: CardBrand | null, fetchMarks: boolean): void {
  shown = brand;
  badge.textContent = brand ? BRAND_NAMES[brand] : '';
  if (!fetchMarks && !logos) return;
  // The frame's own origin: only a network failure stops it, and then the badge stays blank until the next brand.
  (logos ??= fetch(new URL('../../shared/card/brand-logos.json', import.meta.url)).then(
    (response) => response.json() as Promise<Record<string, Shape>>,
  )).then(
    (shapes) => {
      if (shown === brand && !badge.firstElementChild)
        badge.prepend(drawBrandLogo<Element>(document, shapes[brand ?? 'unknown']!));
    },
    () => (logos = undefined),
  );
}

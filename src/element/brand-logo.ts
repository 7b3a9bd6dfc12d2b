/**
 * The brand marks of the saved-card list: a chunk of its own that saved-cards.ts loads after the
 * list first renders (the marks are not needed for antom-ready), with the drawings in it.
 */
import { drawBrandLogo } from '../shared/card/brand-logo-draw.js';
import { BRAND_LOGO_SHAPES } from '../shared/card/brand-logos.js';
import type { SavedCardView } from '../shared/types.js';

/** Each card's drawing: a DOM node, so one per card, kept while the card's view lives. */
const drawings = new WeakMap<SavedCardView, Element>();

/** The drawn mark of `card`'s brand (decorative: the list names the brand in text). */
export function logoOf(card: SavedCardView): Element {
  const drawing = drawings.get(card) ?? drawBrandLogo<Element>(document, BRAND_LOGO_SHAPES[card.brand]);
  drawings.set(card, drawing);
  return drawing;
}

/**
 * Texts of the secure card frame: labels, placeholders, hints and field errors.
 * Error texts stay short because the expiry and CVC errors sit in half-width columns on one line.
 * `en_US` is built in; every other locale is `catalogues/frame/<locale>.json`, fetched on demand.
 * Session errors are shown by the element, which localizes them from their code.
 */
import type { FieldErrorCode } from '../types.js';
import { fetchCatalogue } from './hosted-catalogue.js';
import english from './catalogues/frame/en_US.json' with { type: 'json' };

/**
 * Every text the card frame shows or announces: labels (`number`, `expiry`, `cvc`, `holder`),
 * `title` (document title and hidden heading), `optional` (label suffix), `expiryPlaceholder`,
 * `cvcHint` (`{n}` digits), `brand` (`{brand}` detected), `savedCvc` (`{card}`: brand and last
 * four), `saveCard` (consent box), and `error.<code>` under a field.
 */
export type FieldMessages = Record<
  | 'title'
  | 'number'
  | 'expiry'
  | 'cvc'
  | 'holder'
  | 'optional'
  | 'expiryPlaceholder'
  | 'cvcHint'
  | 'brand'
  | 'savedCvc'
  | 'saveCard'
  | `error.${FieldErrorCode}`,
  string
>;

/** The frame's texts in `en_US`, the fallback of every other locale. */
export const EN_US_FIELD_MESSAGES: FieldMessages = english;

/** The frame's texts for a locale such as `de_DE` (`en_US` if it has no file or the file cannot be loaded). */
export function loadFieldMessages(locale: string): Promise<FieldMessages> {
  return fetchCatalogue('frame', locale, EN_US_FIELD_MESSAGES);
}

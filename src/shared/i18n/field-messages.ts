/**
 * Texts of the secure card frame: labels, placeholders, hints and field errors.
 * Error texts stay short because the expiry and CVC errors sit in half-width columns on one line.
 * `en_US` lives here; every other locale is a JSON file under `field-messages/`, loaded on demand.
 * Session errors are shown by the element, which localizes them from their code.
 */
import type { FieldErrorCode } from '../types.js';
import type { SupportedLocale } from './locale.js';

/** Every text the card frame shows or announces. */
export interface FieldMessages {
  /** Document title and hidden heading of the frame. */
  title: string;
  /** Label of the card number field. */
  number: string;
  /** Label of the expiry field, e.g. `Expiration date`. */
  expiry: string;
  /** Label of the CVC field for a new card; a saved card's uses `savedCvc`. */
  cvc: string;
  /** Label of the cardholder name field. */
  holder: string;
  /** Suffix of the label of an optional field. */
  optional: string;
  /** Placeholder of the expiry field, e.g. `MM / YY`. */
  expiryPlaceholder: string;
  /** CVC hint; `{n}` is the number of digits (3 or 4). */
  cvcHint: string;
  /** Live-region text when a brand is detected; `{brand}` is its display name. */
  brand: string;
  /** Label of the CVC field for a saved card; `{card}` is its brand and last four, e.g. `Visa •••• 0768`. */
  savedCvc: string;
  /** Label of the consent box offered with a new card. */
  saveCard: string;
  /** One error text per field error code, shown under the field. */
  errors: Record<FieldErrorCode, string>;
}

/** The frame's texts in `en_US`, the fallback of every other locale. */
export const EN_US_FIELD_MESSAGES: FieldMessages = {
  title: 'Card details',
  number: 'Card number',
  expiry: 'Expiration date',
  cvc: 'Security code',
  holder: 'Name on card',
  optional: '(optional)',
  expiryPlaceholder: 'MM / YY',
  cvcHint: '{n} digits',
  brand: 'Card brand: {brand}',
  savedCvc: 'Security code for {card}',
  saveCard: 'Save this card for future payments',
  errors: {
    REQUIRED: 'Required',
    INVALID_CARD_NUMBER: 'Invalid card number',
    INCOMPLETE_CARD_NUMBER: 'Incomplete card number',
    CARD_NOT_SUPPORTED: 'Card brand not accepted',
    INVALID_EXPIRATION_DATE: 'Invalid date',
    INCOMPLETE_EXPIRATION_DATE: 'Incomplete date',
    CARD_EXPIRED: 'Card expired',
    INVALID_CVV: 'Invalid code',
    INCOMPLETE_CVV: 'Incomplete code',
    INVALID_HOLDER_NAME: 'Invalid name',
  },
};

// One file per locale keeps the frame inside its size budget: a buyer downloads one language.
// Plain JSON fetched by URL (Vite emits each file to the assets) needs no module loader code.
const CATALOGUES: Record<Exclude<SupportedLocale, 'en_US'>, URL> = {
  zh_CN: new URL('./field-messages/zh_CN.json', import.meta.url),
  ja_JP: new URL('./field-messages/ja_JP.json', import.meta.url),
  es_ES: new URL('./field-messages/es_ES.json', import.meta.url),
  fr_FR: new URL('./field-messages/fr_FR.json', import.meta.url),
  de_DE: new URL('./field-messages/de_DE.json', import.meta.url),
};

/** The frame's texts for a supported locale (`en_US` if its file cannot be loaded). */
export async function loadFieldMessages(locale: SupportedLocale): Promise<FieldMessages> {
  if (locale === 'en_US') return EN_US_FIELD_MESSAGES;
  try {
    const response = await fetch(CATALOGUES[locale], { credentials: 'omit' });
    return response.ok ? ((await response.json()) as FieldMessages) : EN_US_FIELD_MESSAGES;
  } catch {
    return EN_US_FIELD_MESSAGES;
  }
}

/**
 * Messages the element shows on the merchant page (the frame has its own field messages).
 * Decline codes map to a few buyer-facing messages: a buyer is never told a card was
 * reported lost or stolen, only that it was declined.
 */
import type { SupportedLocale } from './locale.js';

/** Keys of the element's message catalogue. */
export type MessageKey =
  | 'pay'
  | 'payGeneric'
  | 'saveCard'
  | 'processing'
  | 'loading'
  | 'frameTitle'
  | 'ready'
  | 'authorized'
  | 'pending'
  | 'declined'
  | 'insufficientFunds'
  | 'cardExpired'
  | 'checkNumber'
  | 'checkCvc'
  | 'checkExpiry'
  | 'notSupported'
  | 'overLimit'
  | 'authRequired'
  | 'orderClosed'
  | 'formInvalid'
  | 'sessionExpired'
  | 'loadFailed'
  | 'unreachable'
  | 'networkRetry'
  | 'configError'
  | 'savedCards'
  | 'newCard'
  | 'cardEnding'
  | 'expires'
  | 'expired'
  | 'remove'
  | 'removeCard'
  | 'cardSaved'
  | 'cardUnavailable'
  | 'challengeTitle'
  | 'challengeFrameTitle'
  | 'cancel'
  | 'challengeCancelled'
  | 'verificationFailed'
  | 'challengeUnavailable';

/** A full set of element messages for one locale. */
export type Catalogue = Record<MessageKey, string>;

const en_US: Catalogue = {
  pay: 'Pay {amount}',
  payGeneric: 'Pay',
  saveCard: 'Save card',
  processing: 'Processing…',
  loading: 'Loading secure card form',
  frameTitle: 'Secure card form',
  ready: 'Card form ready',
  authorized: 'Payment authorized',
  pending: 'Your payment is being processed. You will be told the result shortly.',
  declined: 'Your card was declined. Try another card or contact your bank.',
  insufficientFunds: 'Your card has insufficient funds. Try another card.',
  cardExpired: 'Your card has expired. Try another card.',
  checkNumber: 'The card number is not valid. Check it and try again.',
  checkCvc: 'The security code is not valid. Check it and try again.',
  checkExpiry: 'The expiry date is not valid. Check it and try again.',
  notSupported: 'This card is not accepted here. Try another card.',
  overLimit: 'The payment is over your card’s limit. Try another card.',
  authRequired: 'Your bank needs to verify this payment. Try again.',
  orderClosed: 'This order is already paid or closed.',
  formInvalid: 'Check the highlighted card details.',
  sessionExpired: 'This checkout has expired. Reload the page to start again.',
  loadFailed: 'The checkout could not be loaded. Reload the page or try again later.',
  unreachable: 'The secure card form could not be reached. Check your connection and reload.',
  networkRetry: 'Network problem: the payment was not confirmed. Try again; you will not be charged twice.',
  configError: 'This checkout is not set up correctly.',
  savedCards: 'Pay with',
  newCard: 'Use a new card',
  cardEnding: '{brand} ending in {last4}',
  expires: 'Expires {date}',
  expired: 'Expired',
  remove: 'Remove',
  removeCard: 'Remove {card}',
  cardSaved: 'Card saved',
  cardUnavailable: 'This saved card is no longer available. Choose another card or use a new one.',
  challengeTitle: 'Verify with your bank',
  challengeFrameTitle: 'Your bank’s verification page',
  cancel: 'Cancel',
  challengeCancelled: 'Verification cancelled.',
  verificationFailed: 'Your bank could not verify it’s you. Try again or use another card.',
  challengeUnavailable: 'Your bank’s verification page could not be opened. Try again.',
};

const loaded: Partial<Record<SupportedLocale, Catalogue>> = { en_US };

const loaders: Record<Exclude<SupportedLocale, 'en_US'>, () => Promise<{ default: Catalogue }>> = {
  zh_CN: () => import('./catalogues/zh_CN.js'),
  ja_JP: () => import('./catalogues/ja_JP.js'),
  es_ES: () => import('./catalogues/es_ES.js'),
  fr_FR: () => import('./catalogues/fr_FR.js'),
  de_DE: () => import('./catalogues/de_DE.js'),
};

/** True when `locale`'s messages are in memory (English always is). */
export function isCatalogueLoaded(locale: SupportedLocale): boolean {
  return loaded[locale] !== undefined;
}

/** Loads `locale`'s messages; resolves false if they could not be fetched (English is used). */
export async function loadCatalogue(locale: SupportedLocale): Promise<boolean> {
  if (locale === 'en_US' || loaded[locale]) return true;
  try {
    loaded[locale] = (await loaders[locale]()).default;
    return true;
  } catch {
    return false;
  }
}

/** A message in `locale` (English until that locale is loaded), with `{name}` placeholders filled. */
export function message(locale: SupportedLocale, key: MessageKey, params: Record<string, string> = {}): string {
  const text = (loaded[locale] ?? en_US)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

const RESULT_KEYS: Record<string, MessageKey> = {
  USER_BALANCE_NOT_ENOUGH: 'insufficientFunds',
  CARD_EXPIRED: 'cardExpired',
  INVALID_CARD_NUMBER: 'checkNumber',
  INVALID_CVV: 'checkCvc',
  INVALID_EXPIRATION_DATE: 'checkExpiry',
  CARD_NOT_SUPPORTED: 'notSupported',
  PAYMENT_AMOUNT_EXCEED_LIMIT: 'overLimit',
  PAYMENT_COUNT_EXCEED_LIMIT: 'overLimit',
  AUTHENTICATION_REQUIRED: 'authRequired',
  ORDER_IS_CLOSED: 'orderClosed',
  INVALID_PAYMENT_METHOD_META_DATA: 'cardUnavailable',
  USER_PAYMENT_VERIFICATION_FAILED: 'verificationFailed',
  CHALLENGE_UNAVAILABLE: 'challengeUnavailable',
};

/** The buyer-facing message key for an Antom result code of a failed payment. */
export function resultMessageKey(resultCode: string): MessageKey {
  return RESULT_KEYS[resultCode] ?? 'declined';
}

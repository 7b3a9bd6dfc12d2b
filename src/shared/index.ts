/**
 * The one entry through which Node code outside `src/` (the sandbox gateway) reaches the code
 * every runtime shares: the vocabulary of sessions, cards and the SDK endpoints, the session-data
 * format, card rules, locale helpers and the schemas that check untrusted input. Browser code
 * imports the modules it needs directly, so its bundles stay as small as the files it uses.
 */
export * from './types.js';
export * from './session-data.js';
export * from './schema.js';
export { BRAND_NAMES } from './card/brand-names.js';
export { brandInfo, cardBin, lastFour, luhn, maskPan, readNumber, type NumberReading } from './card/rules.js';
export { direction, formatAmount, toBcp47 } from './i18n/locale.js';
export { resolveLocale, SUPPORTED_LOCALES, type SupportedLocale } from './i18n/locales.js';
export { ISSUER_MESSAGES, localeFromAcceptLanguage, type IssuerMessages } from './i18n/issuer-messages.js';
export { MINOR_UNIT_EXCEPTIONS, minorUnits } from './currency.js';

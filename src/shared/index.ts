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
export { formatAmount, resolveLocale, toBcp47, SUPPORTED_LOCALES, type SupportedLocale } from './i18n/locale.js';
export { MINOR_UNIT_EXCEPTIONS, minorUnits } from './currency.js';

/**
 * Pure card rules shared by the secure frame and the gateway: the card rules proper (rules.ts:
 * brands, Luhn, lengths, security code length, masking), the frame's field checks (number, expiry,
 * security code, holder name) and input formatting. No DOM, no side effects.
 */
export {
  BRAND_TABLE,
  brandOfType,
  readNumber,
  detectBrand,
  brandInfo,
  cvcLengths,
  luhn,
  lastFour,
  cardBin,
  maskPan,
  type BrandInfo,
  type CardType,
  type NumberReading,
} from './rules.js';
export type { FieldCheck } from './check.js';
export { validateNumber, type NumberCheck } from './number.js';
export { validateExpiry, EXPIRY_MAX_YEARS_AHEAD, type ExpiryCheck } from './expiry.js';
export { validateCvc } from './cvc.js';
export { validateHolder, HOLDER_NAME_MAX_LENGTH, type HolderCheck } from './holder.js';
export { formatCardNumber, formatExpiry, formatCvc, type FormattedInput } from './format.js';

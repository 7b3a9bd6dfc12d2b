/**
 * Pure card rules shared by the secure frame and the gateway: brands, number, expiry, security
 * code and holder name checks, and input formatting. No DOM, no side effects.
 */
export { detectBrand, brandInfo, cvcLengths, type BrandInfo } from './brands.js';
export type { FieldCheck } from './check.js';
export { luhn, validateNumber, lastFour, maskPan, type NumberCheck } from './number.js';
export { validateExpiry, EXPIRY_MAX_YEARS_AHEAD, type ExpiryCheck } from './expiry.js';
export { validateCvc } from './cvc.js';
export { validateHolder, HOLDER_NAME_MAX_LENGTH, type HolderCheck } from './holder.js';
export { formatCardNumber, formatExpiry, formatCvc, type FormattedInput } from './format.js';

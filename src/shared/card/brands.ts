import { cardNumber, type CardNumberVerification } from 'card-validator/dist/card-number.js';
import type { CardBrand } from '../types.js';

/** card-validator's description of a card type (gaps, lengths, security code). */
export type CardType = NonNullable<CardNumberVerification['card']>;

/** How a brand's number and security code look. */
export interface BrandInfo {
  /** Digit positions after which a space is shown, e.g. `[4, 10]` for Amex. */
  gaps: readonly number[];
  /** Every complete number length, ascending. */
  lengths: readonly number[];
  /** Digits in the security code. */
  cvcLength: number;
  /** What the brand calls its security code (`CVV`, `CVC`, `CID`...). */
  cvcName: string;
}

/**
 * card-validator's type names in Antom's spelling, each with a short prefix card-validator reads as
 * that type: the sub-module we import exposes a type's data only through detection, and asking it
 * keeps card-validator the one source of lengths, gaps and code sizes. Naranja and Verve have no
 * Antom brand, so they are left out and read as unsupported.
 */
const BRANDS: ReadonlyArray<readonly [type: string, brand: CardBrand, prefix: string]> = [
  ['visa', 'VISA', '41'],
  ['mastercard', 'MASTERCARD', '51'],
  ['american-express', 'AMEX', '34'],
  ['diners-club', 'DINERS', '36'],
  ['discover', 'DISCOVER', '6011'],
  ['jcb', 'JCB', '35'],
  ['unionpay', 'UNIONPAY', '620'],
  ['maestro', 'MAESTRO', '67'],
  ['mir', 'MIR', '220'],
  ['elo', 'ELO', '636297'],
  ['hiper', 'HIPER', '637095'],
  ['hipercard', 'HIPERCARD', '606282'],
  ['troy', 'TROY', '9792'],
];

const DEFAULT_INFO: BrandInfo = { gaps: [4, 8, 12], lengths: [16, 17, 18, 19], cvcLength: 3, cvcName: 'CVV' };

/** card-validator's type for these digits once only one type fits, else null. */
export function cardTypeOf(digits: string): CardType | null {
  return cardNumber(digits).card;
}

/** The Antom brand of a card-validator type name, or null when Antom has none for it. */
export function brandOfType(type: string): CardBrand | null {
  return BRANDS.find((row) => row[0] === type)?.[1] ?? null;
}

/** The brand of a (partial) card number once it is unambiguous, else null. */
export function detectBrand(digits: string): CardBrand | null {
  const type = cardTypeOf(digits);
  return type ? brandOfType(type.type) : null;
}

/** Number layout and security code of a brand; defaults (4-4-4-4, 16 to 19 digits, 3-digit code) when unknown. */
export function brandInfo(brand: CardBrand | null): BrandInfo {
  const prefix = BRANDS.find((row) => row[1] === brand)?.[2];
  const type = prefix === undefined ? null : cardTypeOf(prefix);
  if (!type) return DEFAULT_INFO;
  return { gaps: type.gaps, lengths: type.lengths, cvcLength: type.code.size, cvcName: type.code.name };
}

/** Security code lengths that can be valid: the brand's own, or 3 and 4 while the brand is unknown. */
export function cvcLengths(brand: CardBrand | null): number[] {
  return brand ? [brandInfo(brand).cvcLength] : [3, 4];
}

/**
 * The card rules every runtime shares, in one place: the brand table (Antom brand <-> card-validator
 * type), brand detection, Luhn, number lengths, security code length per brand, and the masked
 * forms of a number (masked PAN, last four, BIN). The secure frame builds its field checks on
 * these (number.ts, cvc.ts, format.ts); the sandbox gateway decides authorizations with them
 * (through `#shared`). Pure functions: no DOM, no Node.
 */
import { cardNumber, type CardNumberVerification } from 'card-validator/dist/card-number.js';
import luhn10 from 'card-validator/dist/luhn-10.js';
import type { CardBrand } from '../types.js';

/** card-validator's description of a card type (gaps, lengths, security code). */
export type CardType = NonNullable<CardNumberVerification['card']>;

/** How a brand's number and security code look. */
export interface BrandInfo {
  /** Digit positions after which a space is shown, e.g. `[4, 10]` for Amex. */
  gaps: readonly number[];
  /** Every complete number length, ascending. */
  lengths: readonly number[];
  /** Digits in the security code: 4 for Amex, 3 for the other brands. */
  cvcLength: number;
  /** What the brand calls its security code (`CVV`, `CVC`, `CID`...). */
  cvcName: string;
}

/**
 * The brand table: card-validator's type names in Antom's spelling, each with a short prefix
 * card-validator reads as that type (the sub-module we import exposes a type's data only through
 * detection, and asking it keeps card-validator the one source of lengths, gaps and code sizes).
 * These are the brands a card number can be recognised as. Naranja and Verve have no Antom brand,
 * so they are left out and read as unsupported; Cartes Bancaires has no card-validator type (its
 * cards read as Visa or Mastercard).
 */
export const BRAND_TABLE: ReadonlyArray<readonly [type: string, brand: CardBrand, prefix: string]> = [
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

/** What the rules read from a card number (spaces and dashes ignored). */
export interface NumberReading {
  /** card-validator's type once only one type fits, else null; it may be a type Antom has no brand for. */
  type: CardType | null;
  /** The Antom brand of `type`; null while unknown, or when Antom has none for it. */
  brand: CardBrand | null;
  /** A complete length of its type that passes Luhn (UnionPay numbers need not: card-validator skips it). */
  isValid: boolean;
  /** More digits could still make it valid. */
  isPotentiallyValid: boolean;
}

/** The Antom brand of a card-validator type name, or null when Antom has none for it. */
export function brandOfType(type: string): CardBrand | null {
  return BRAND_TABLE.find((row) => row[0] === type)?.[1] ?? null;
}

/** Reads a (partial) card number: its type and brand once unambiguous, and whether it is complete and valid. */
export function readNumber(digits: string): NumberReading {
  const { card, isValid, isPotentiallyValid } = cardNumber(digits);
  return { type: card, brand: card && brandOfType(card.type), isValid, isPotentiallyValid };
}

/** card-validator's type for these digits once only one type fits, else null. */
export function cardTypeOf(digits: string): CardType | null {
  return cardNumber(digits).card;
}

/** The brand of a (partial) card number once it is unambiguous, else null. */
export function detectBrand(digits: string): CardBrand | null {
  return readNumber(digits).brand;
}

/** Number layout and security code of a brand; defaults (4-4-4-4, 16 to 19 digits, 3-digit code) when unknown. */
export function brandInfo(brand: CardBrand | null): BrandInfo {
  const prefix = BRAND_TABLE.find((row) => row[1] === brand)?.[2];
  const type = prefix === undefined ? null : cardTypeOf(prefix);
  if (!type) return DEFAULT_INFO;
  return { gaps: type.gaps, lengths: type.lengths, cvcLength: type.code.size, cvcName: type.code.name };
}

/** Security code lengths that can be valid: the brand's own, or 3 and 4 while the brand is unknown. */
export function cvcLengths(brand: CardBrand | null): number[] {
  return brand ? [brandInfo(brand).cvcLength] : [3, 4];
}

/** The Luhn (mod 10) checksum holds for a non-empty string of digits. */
export function luhn(digits: string): boolean {
  return /^\d+$/.test(digits) && luhn10(digits);
}

/** The last four digits of a card number (fewer if it is shorter). */
export function lastFour(digits: string): string {
  return digits.replace(/\D/g, '').slice(-4);
}

/** The BIN: the first six digits of a card number (fewer if it is shorter). */
export function cardBin(digits: string): string {
  return digits.replace(/\D/g, '').slice(0, 6);
}

/** Antom's masked form: every digit but the last four as `*`, e.g. `************0768`. */
export function maskPan(digits: string): string {
  const value = digits.replace(/\D/g, '');
  return '*'.repeat(Math.max(0, value.length - 4)) + value.slice(-4);
}

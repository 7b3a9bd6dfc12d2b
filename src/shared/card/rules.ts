/**
 * The card rules every runtime shares, in one place: brand detection over the network table
 * (networks.ts), Luhn, number lengths, security code length per brand, and the masked forms of a
 * number (masked PAN, last four, BIN). The secure frame builds its field checks on these
 * (number.ts, cvc.ts, format.ts); the sandbox gateway decides authorizations with them (through
 * `#shared`). Pure functions: no DOM, no Node.
 */
import type { CardBrand } from '../types.js';
import { NETWORKS, type CardType } from './networks.js';

export type { CardType } from './networks.js';

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
 * The brands a card number can be recognised as: each network's name, its Antom brand, and a short
 * prefix read as that network (for tests and examples: detection reads networks.ts). Naranja and
 * Verve have no Antom brand, so they are left out and read as unsupported; Cartes Bancaires has no
 * network of its own (its cards read as Visa or Mastercard).
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
  /** The network once only one fits, else null; it may be a network Antom has no brand for. */
  type: CardType | null;
  /** The Antom brand of `type`; null while unknown, or when Antom has none for it. */
  brand: CardBrand | null;
  /** A complete length of its network that passes Luhn (UnionPay numbers need not). */
  isValid: boolean;
  /** More digits could still make it valid. */
  isPotentiallyValid: boolean;
}

/** The Antom brand of a network name, or null when Antom has none for it (or there is no such network). */
export function brandOfType(type: string): CardBrand | null {
  return NETWORKS.find((network) => network.type === type)?.brand ?? null;
}

/**
 * How well `network` matches the start of `digits`: -1 not at all, 0 while `digits` is shorter
 * than the first prefix range it fits, else that range's length. Digit strings of one length
 * compare as their numbers do, so ranges compare as strings.
 */
function matchLength(network: CardType, digits: string): number {
  for (const [low, high] of network.prefixes) {
    const head = digits.slice(0, low.length);
    const n = head.length;
    if (head >= low.slice(0, n) && head <= high.slice(0, n)) return n < low.length ? 0 : n;
  }
  return -1;
}

/**
 * The network of a string of digits and how many networks it could still be: the one that fits,
 * or the longest matching prefix once every fitting network's prefix is complete (the first
 * network on a tie), else none.
 */
function networkOf(digits: string): [network: CardType | null, candidates: number] {
  let best: CardType | null = null;
  let bestLength = -1;
  let candidates = 0;
  let partial = false;
  for (const network of NETWORKS) {
    const length = matchLength(network, digits);
    if (length < 0) continue;
    candidates++;
    partial ||= length === 0;
    if (length > bestLength) [best, bestLength] = [network, length];
  }
  return [candidates > 1 && partial ? null : best, candidates];
}

/** Reads a (partial) card number: its network and brand once unambiguous, and whether it is complete and valid. */
export function readNumber(digits: string): NumberReading {
  const value = digits.replace(/[\s-]/g, '');
  const [type, candidates] = /^\d*$/.test(value) ? networkOf(value) : [null, 0];
  if (!type) return { type, brand: null, isValid: false, isPotentiallyValid: candidates > 0 };
  const isValid = type.lengths.includes(value.length) && (type.noLuhn || checksum(value));
  return { type, brand: type.brand, isValid, isPotentiallyValid: isValid || value.length < Math.max(...type.lengths) };
}

/** The network of these digits once only one fits, else null. */
export function cardTypeOf(digits: string): CardType | null {
  return readNumber(digits).type;
}

/** The brand of a (partial) card number once it is unambiguous, else null. */
export function detectBrand(digits: string): CardBrand | null {
  return readNumber(digits).brand;
}

/** Number layout and security code of a brand; defaults (4-4-4-4, 16 to 19 digits, 3-digit code) when unknown. */
export function brandInfo(brand: CardBrand | null): BrandInfo {
  const type = brand && NETWORKS.find((network) => network.brand === brand);
  if (!type) return DEFAULT_INFO;
  return { gaps: type.gaps, lengths: type.lengths, cvcLength: type.code.size, cvcName: type.code.name };
}

/** Security code lengths that can be valid: the brand's own, or 3 and 4 while the brand is unknown. */
export function cvcLengths(brand: CardBrand | null): number[] {
  return brand ? [brandInfo(brand).cvcLength] : [3, 4];
}

/** Luhn over a string known to be digits: doubling every second digit from the right, the sum ends in 0. */
function checksum(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length, double = false; i--; double = !double) {
    const digit = +digits.charAt(i) * (double ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  }
  return sum % 10 === 0;
}

/** The Luhn (mod 10) checksum holds for a non-empty string of digits. */
export function luhn(digits: string): boolean {
  return /^\d+$/.test(digits) && checksum(digits);
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

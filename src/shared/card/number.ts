import { cardNumber } from 'card-validator/dist/card-number.js';
import luhn10 from 'card-validator/dist/luhn-10.js';
import type { CardBrand } from '../types.js';
import { brandOfType } from './brands.js';
import { verdict, type FieldCheck } from './check.js';

/** The verdict on a card number, with its brand. */
export interface NumberCheck extends FieldCheck {
  /** The unambiguous brand, or null while unknown (or when Antom has no such brand). */
  brand: CardBrand | null;
}

/** The Luhn (mod 10) checksum holds for a non-empty string of digits. */
export function luhn(digits: string): boolean {
  return /^\d+$/.test(digits) && luhn10(digits);
}

/**
 * Checks a card number (spaces and dashes are ignored). `accepted` lists the merchant's brands;
 * missing or empty means no restriction. A brand outside it is reported as soon as it is known,
 * since no further digit can make the card acceptable.
 */
export function validateNumber(digits: string, accepted?: readonly CardBrand[]): NumberCheck {
  const value = digits.replace(/[\s-]/g, '');
  if (value === '') return { brand: null, ...verdict('REQUIRED', true) };
  const result = cardNumber(value);
  const type = result.card;
  const brand = type ? brandOfType(type.type) : null;
  if (type && (!brand || (accepted?.length && !accepted.includes(brand)))) {
    return { brand, ...verdict('CARD_NOT_SUPPORTED', false) };
  }
  if (result.isValid) return { brand, ...verdict(null, true) };
  // A full-length number that fails the checksum is wrong, not short, even if a longer one could pass.
  const wrong = !result.isPotentiallyValid || (type !== null && type.lengths.includes(value.length));
  const error = wrong ? 'INVALID_CARD_NUMBER' : 'INCOMPLETE_CARD_NUMBER';
  return { brand, ...verdict(error, result.isPotentiallyValid) };
}

/** The last four digits of a card number (fewer if it is shorter). */
export function lastFour(digits: string): string {
  return digits.replace(/\D/g, '').slice(-4);
}

/** Antom's masked form: every digit but the last four as `*`, e.g. `************0768`. */
export function maskPan(digits: string): string {
  const value = digits.replace(/\D/g, '');
  return '*'.repeat(Math.max(0, value.length - 4)) + value.slice(-4);
}

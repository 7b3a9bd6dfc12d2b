import type { CardBrand } from '../types.js';
import { readNumber } from './rules.js';
import { verdict, type FieldCheck } from './check.js';

/** The verdict on a card number, with its brand. */
export interface NumberCheck extends FieldCheck {
  /** The unambiguous brand, or null while unknown (or when Antom has no such brand). */
  brand: CardBrand | null;
}

/**
 * Checks a card number as the buyer types it (spaces and dashes are ignored), with the rules of
 * rules.ts. `accepted` lists the merchant's brands; missing or empty means no restriction. A brand
 * outside it is reported as soon as it is known, since no further digit can make the card
 * acceptable.
 */
export function validateNumber(digits: string, accepted?: readonly CardBrand[]): NumberCheck {
  const value = digits.replace(/[\s-]/g, '');
  if (value === '') return { brand: null, ...verdict('REQUIRED', true) };
  const { type, brand, isValid, isPotentiallyValid } = readNumber(value);
  if (type && (!brand || (accepted?.length && !accepted.includes(brand)))) {
    return { brand, ...verdict('CARD_NOT_SUPPORTED', false) };
  }
  if (isValid) return { brand, ...verdict(null, true) };
  // A full-length number that fails the checksum is wrong, not short, even if a longer one could pass.
  const wrong = !isPotentiallyValid || (type !== null && type.lengths.includes(value.length));
  return { brand, ...verdict(wrong ? 'INVALID_CARD_NUMBER' : 'INCOMPLETE_CARD_NUMBER', isPotentiallyValid) };
}

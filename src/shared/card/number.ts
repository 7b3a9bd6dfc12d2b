import { cardNumber } from 'card-validator/dist/card-number.js';
import type { CardBrand } from '../types.js';
import { brandOfType } from './rules.js';
import { verdict, type FieldCheck } from './check.js';

/** The verdict on a card number, with its brand. */
export interface NumberCheck extends FieldCheck {
  /** The unambiguous brand, or null while unknown (or when Antom has no such brand). */
  brand: CardBrand | null;
}

/**
 * Checks a card number as the buyer types it (spaces and dashes are ignored), with the brand table
 * of rules.ts. `accepted` lists the merchant's brands; missing or empty means no restriction. A
 * brand outside it is reported as soon as it is known, since no further digit can make the card
 * acceptable. (It reads card-validator's verdict as `readNumber` does, inline: smaller in the frame.)
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

import { cvv } from 'card-validator/dist/cvv.js';
import type { CardBrand } from '../types.js';
import { cvcLengths } from './rules.js';
import { verdict, type FieldCheck } from './check.js';

/** Checks a security code against the brand's length (3 or 4 digits while the brand is unknown). */
export function validateCvc(digits: string, brand: CardBrand | null): FieldCheck {
  if (digits === '') return verdict('REQUIRED', true);
  const { isValid, isPotentiallyValid } = cvv(digits, cvcLengths(brand));
  return verdict(isValid ? null : isPotentiallyValid ? 'INCOMPLETE_CVV' : 'INVALID_CVV', isPotentiallyValid);
}

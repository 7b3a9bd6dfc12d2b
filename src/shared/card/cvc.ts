import type { CardBrand } from '../types.js';
import { cvcLengths } from './rules.js';
import { verdict, type FieldCheck } from './check.js';

/** Checks a security code against the brand's length (3 or 4 digits while the brand is unknown). */
export function validateCvc(digits: string, brand: CardBrand | null): FieldCheck {
  if (digits === '') return verdict('REQUIRED', true);
  const lengths = cvcLengths(brand);
  if (!/^\d+$/.test(digits)) return verdict('INVALID_CVV', false);
  if (lengths.includes(digits.length)) return verdict(null, true);
  // The lengths a brand allows are consecutive, so a code that is not one is either short or too long.
  const short = digits.length < Math.min(...lengths);
  return verdict(short ? 'INCOMPLETE_CVV' : 'INVALID_CVV', short);
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCvc } from '../../../src/shared/card/index.js';
import type { CardBrand } from '../../../src/shared/types.js';

type Row = [cvc: string, brand: CardBrand | null, error: string | null, showWhileTyping?: boolean];

const rows: Row[] = [
  ['123', 'VISA', null],
  ['1234', 'AMEX', null],
  ['123', null, null],
  ['1234', null, null],
  ['', 'VISA', 'REQUIRED', false],
  ['', null, 'REQUIRED', false],
  ['1', 'VISA', 'INCOMPLETE_CVV', false],
  ['12', 'MASTERCARD', 'INCOMPLETE_CVV', false],
  ['123', 'AMEX', 'INCOMPLETE_CVV', false],
  ['12', null, 'INCOMPLETE_CVV', false],
  ['1234', 'VISA', 'INVALID_CVV', true],
  ['12345', 'AMEX', 'INVALID_CVV', true],
  ['12345', null, 'INVALID_CVV', true],
  ['12a', 'VISA', 'INVALID_CVV', true],
  [' 123', 'VISA', 'INVALID_CVV', true],
  // A brand with no network of its own (its cards read as Visa or Mastercard) takes the common 3 digits.
  ['123', 'CARTES_BANCAIRES', null],
  ['1234', 'CARTES_BANCAIRES', 'INVALID_CVV', true],
];

describe('validateCvc', () => {
  for (const [cvc, brand, error, showWhileTyping = false] of rows) {
    test(`${JSON.stringify(cvc)} for ${brand ?? 'an unknown brand'} -> ${error ?? 'valid'}`, () => {
      assert.deepEqual(validateCvc(cvc, brand), {
        isValid: error === null,
        isPotentiallyValid: !showWhileTyping,
        error,
        showWhileTyping,
      });
    });
  }
});

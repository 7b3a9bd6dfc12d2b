import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import cardValidator from 'card-validator';
import {
  brandInfo,
  detectBrand,
  lastFour,
  luhn,
  maskPan,
  validateCvc,
  validateNumber,
} from '../../../src/shared/card/index.js';
import { BRAND_CASES } from './brands.js';
import { breakLuhn, withCheckDigit } from './helpers.js';

test('the brand table covers every type card-validator knows', () => {
  const known = Object.values(cardValidator.creditCardType.types).sort();
  assert.deepEqual(BRAND_CASES.map((c) => c.type).sort(), known);
});

for (const c of BRAND_CASES) {
  const name = c.brand ?? `${c.type} (no Antom brand)`;
  const supported = c.brand !== null;
  const max = Math.max(...c.lengths);
  const min = Math.min(...c.lengths);

  describe(`${name}`, () => {
    test('public test numbers pass Luhn and are detected', () => {
      for (const number of c.numbers) {
        assert.equal(luhn(number), true, number);
        assert.equal(cardValidator.number(number).card?.type, c.type, number);
        assert.equal(detectBrand(number), c.brand, number);
      }
    });

    test('is detected from a short prefix, and not one digit earlier', () => {
      assert.equal(cardValidator.number(c.prefix).card?.type, c.type);
      assert.equal(detectBrand(c.prefix.slice(0, -1)), null);
      if (supported) assert.equal(detectBrand(c.prefix), c.brand);
    });

    if (supported) {
      test('public test numbers are valid', () => {
        for (const number of c.numbers) {
          assert.deepEqual(validateNumber(number), {
            brand: c.brand,
            isValid: true,
            isPotentiallyValid: true,
            error: null,
            showWhileTyping: false,
          });
        }
      });

      test(`is valid at each length (${c.lengths.join(', ')}), incomplete below, impossible above`, () => {
        for (const length of c.lengths) {
          const result = validateNumber(withCheckDigit(c.stem, length));
          assert.equal(result.isValid, true, `length ${length}`);
          assert.equal(result.brand, c.brand);
        }
        for (let length = c.stem.length; length < max; length++) {
          if (c.lengths.includes(length)) continue;
          const result = validateNumber(withCheckDigit(c.stem, length));
          assert.equal(result.isValid, false, `length ${length}`);
          assert.equal(result.isPotentiallyValid, true, `length ${length}`);
          assert.equal(result.error, 'INCOMPLETE_CARD_NUMBER', `length ${length}`);
          assert.equal(result.showWhileTyping, false, `length ${length}`);
        }
        assert.ok(min > c.stem.length);
        const tooLong = validateNumber(withCheckDigit(c.stem, max + 1));
        assert.equal(tooLong.isValid, false);
        assert.equal(tooLong.isPotentiallyValid, false);
        assert.equal(tooLong.error, 'INVALID_CARD_NUMBER');
        assert.equal(tooLong.showWhileTyping, true);
      });

      test(
        c.noLuhn ? 'skips the Luhn check, as card-validator does' : 'fails the Luhn check at every length',
        () => {
          for (const length of c.lengths) {
            const number = breakLuhn(withCheckDigit(c.stem, length));
            const result = validateNumber(number);
            if (c.noLuhn) {
              assert.equal(result.isValid, true, number);
              continue;
            }
            assert.equal(result.isValid, false, number);
            assert.equal(result.error, 'INVALID_CARD_NUMBER', number);
            // Only the longest length is final; a shorter one can still grow into a valid number.
            assert.equal(result.showWhileTyping, length === max, number);
          }
        },
      );

      test(`takes a ${c.cvc}-digit ${c.cvcName}`, () => {
        const info = brandInfo(c.brand);
        assert.equal(info.cvcLength, c.cvc);
        assert.equal(info.cvcName, c.cvcName);
        assert.deepEqual(info.lengths, c.lengths);
        const cvc = '1234'.slice(0, c.cvc);
        assert.equal(validateCvc(cvc, c.brand).isValid, true);
        assert.deepEqual(validateCvc(cvc.slice(0, -1), c.brand), {
          isValid: false,
          isPotentiallyValid: true,
          error: 'INCOMPLETE_CVV',
          showWhileTyping: false,
        });
        assert.deepEqual(validateCvc(cvc + '5', c.brand), {
          isValid: false,
          isPotentiallyValid: false,
          error: 'INVALID_CVV',
          showWhileTyping: true,
        });
      });
    } else {
      test('is refused as not supported, at once, whatever its length', () => {
        for (const length of [c.prefix.length, ...c.lengths]) {
          assert.deepEqual(validateNumber(withCheckDigit(c.stem, length)), {
            brand: null,
            isValid: false,
            isPotentiallyValid: false,
            error: 'CARD_NOT_SUPPORTED',
            showWhileTyping: true,
          });
        }
      });
    }
  });
}

describe('validateNumber', () => {
  const cases: Array<[input: string, brand: string | null, error: string | null, showWhileTyping: boolean]> =
    [
      ['', null, 'REQUIRED', false],
      ['4', null, 'INCOMPLETE_CARD_NUMBER', false],
      ['62', null, 'INCOMPLETE_CARD_NUMBER', false],
      ['4111', 'VISA', 'INCOMPLETE_CARD_NUMBER', false],
      ['4111 1111 1111 1111', 'VISA', null, false],
      ['4111-1111-1111-1111', 'VISA', null, false],
      ['7', null, 'INVALID_CARD_NUMBER', true],
      ['0000', null, 'INVALID_CARD_NUMBER', true],
      ['4111x', null, 'INVALID_CARD_NUMBER', true],
      // 16 digits failing Luhn: wrong when left, but a Visa may still grow to 19 digits.
      ['4111111111111112', 'VISA', 'INVALID_CARD_NUMBER', false],
      ['5555555555554445', 'MASTERCARD', 'INVALID_CARD_NUMBER', true],
    ];
  for (const [input, brand, error, showWhileTyping] of cases) {
    test(`${JSON.stringify(input)} -> ${error ?? 'valid'}`, () => {
      const result = validateNumber(input);
      assert.equal(result.brand, brand);
      assert.equal(result.error, error);
      assert.equal(result.isValid, error === null);
      assert.equal(result.showWhileTyping, showWhileTyping);
      assert.equal(result.isPotentiallyValid, !showWhileTyping);
    });
  }

  test("Antom's sandbox cards are valid", () => {
    for (const [number, brand] of [
      ['4054695723100768', 'VISA'],
      ['4054692760174822', 'VISA'],
      ['4035501000000008', 'VISA'],
      ['5162774114974622', 'MASTERCARD'],
      ['5162770472561357', 'MASTERCARD'],
    ] as const) {
      const result = validateNumber(number, ['VISA', 'MASTERCARD']);
      assert.equal(result.isValid, true, number);
      assert.equal(result.brand, brand, number);
    }
  });

  test('a brand the merchant does not accept is refused as soon as it is known', () => {
    assert.deepEqual(validateNumber('41', ['MASTERCARD']), {
      brand: 'VISA',
      isValid: false,
      isPotentiallyValid: false,
      error: 'CARD_NOT_SUPPORTED',
      showWhileTyping: true,
    });
    assert.equal(validateNumber('4111111111111111', ['MASTERCARD', 'AMEX']).error, 'CARD_NOT_SUPPORTED');
    assert.equal(validateNumber('4111111111111111', ['VISA']).error, null);
    // Before the brand is known nothing can be said yet.
    assert.equal(validateNumber('4', ['MASTERCARD']).error, 'INCOMPLETE_CARD_NUMBER');
  });

  test('an empty accepted list means no restriction', () => {
    assert.equal(validateNumber('378282246310005', []).isValid, true);
  });
});

describe('luhn, lastFour, maskPan', () => {
  const luhnCases: Array<[string, boolean]> = [
    ['79927398713', true],
    ['79927398710', false],
    ['4054695723100768', true],
    ['4054695723100769', false],
    ['', false],
    ['4111 1111 1111 1111', false],
    ['abc', false],
  ];
  for (const [input, expected] of luhnCases) {
    test(`luhn(${JSON.stringify(input)}) is ${expected}`, () => assert.equal(luhn(input), expected));
  }

  const maskCases: Array<[input: string, last: string, masked: string]> = [
    ['4054695723100768', '0768', '************0768'],
    ['4054 6957 2310 0768', '0768', '************0768'],
    ['378282246310005', '0005', '***********0005'],
    ['123', '123', '123'],
    ['', '', ''],
  ];
  for (const [input, last, masked] of maskCases) {
    test(`${JSON.stringify(input)} -> ${masked || '(empty)'}`, () => {
      assert.equal(lastFour(input), last);
      assert.equal(maskPan(input), masked);
    });
  }
});

describe('brandInfo', () => {
  test('gives defaults when the brand is unknown', () => {
    const expected = {
      gaps: [4, 8, 12],
      lengths: [16, 17, 18, 19],
      cvcLength: 3,
      cvcName: 'CVV',
    };
    assert.deepEqual(brandInfo(null), expected);
    // card-validator has no Cartes Bancaires type: those cards read as Visa or Mastercard.
    assert.deepEqual(brandInfo('CARTES_BANCAIRES'), expected);
  });

  test('gives the brand gaps', () => {
    assert.deepEqual(brandInfo('AMEX').gaps, [4, 10]);
    assert.deepEqual(brandInfo('DINERS').gaps, [4, 10]);
    assert.deepEqual(brandInfo('VISA').gaps, [4, 8, 12]);
  });
});

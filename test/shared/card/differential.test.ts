/**
 * Our card rules against `card-validator` 10 (a development dependency kept for this test only):
 * for a large, deterministic set of inputs both must give the same verdicts. The inputs are every
 * prefix, 1 to 19 digits long, of numbers grown from each prefix range `credit-card-type` lists (its
 * ends, its middle and the numbers just outside it), each also with a Luhn check digit at that
 * length, plus digit strings (some with spaces, dashes or a letter) from a seeded generator.
 *
 * The one place we mean to differ is the Antom brand: `card-validator` names a network, and Naranja
 * and Verve, which Antom has no brand for, read with brand null (the field calls them not
 * supported); the network itself is still reported the same. The field verdicts below are the ones
 * the frame showed while it used `card-validator`, rebuilt here from its answers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import cardValidator from 'card-validator';
import luhn10 from 'card-validator/dist/luhn-10.js';
import {
  BRAND_TABLE,
  brandInfo,
  luhn,
  readNumber,
  validateCvc,
  validateNumber,
  type FieldCheck,
} from '../../../src/shared/card/index.js';
import { CARD_BRANDS, type CardBrand } from '../../../src/shared/types.js';
import { BRAND_CASES } from './brands.js';
import { withCheckDigit } from './helpers.js';

const { creditCardType } = cardValidator;
const TYPES = Object.values(creditCardType.types);
/** Antom's brand for each network, from the test's own table (brands.ts). */
const BRAND_OF = new Map(BRAND_CASES.map((c) => [c.type, c.brand]));

/** A small seeded generator (mulberry32), so every run tests the same inputs. */
function generator(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below);
  };
}

const random = generator(20261206);
const digits = (count: number): string => Array.from({ length: count }, () => String(random(10))).join('');

/** Starting points from each prefix range card-validator knows: its ends, middle and neighbours. */
function stems(): string[] {
  const found = new Set<string>();
  for (const type of TYPES) {
    for (const pattern of creditCardType.getTypeInfo(type).patterns) {
      const [low = 0, high = low] = Array.isArray(pattern) ? pattern : [pattern];
      const width = String(low).length;
      for (const value of [low - 1, low, Math.floor((low + high) / 2), high, high + 1]) {
        if (value >= 0 && String(value).length === width) found.add(String(value));
      }
    }
  }
  return [...found];
}

/** Every prefix of a 19-digit number grown from each stem, raw and with a Luhn check digit at that length. */
function rangeInputs(): string[] {
  const inputs = new Set<string>();
  for (const stem of stems()) {
    const full = stem + digits(19 - stem.length);
    for (let length = 1; length <= 19; length++) {
      inputs.add(full.slice(0, length));
      if (length > 1) inputs.add(withCheckDigit(full.slice(0, length - 1), length));
    }
  }
  return [...inputs];
}

/** Random digit strings of 0 to 20 digits; one in ten with a space, a dash or a letter put in. */
function randomInputs(count: number): string[] {
  const inputs: string[] = [];
  for (let i = 0; i < count; i++) {
    let input = digits(random(21));
    if (random(10) === 0) {
      const at = random(input.length + 1);
      input = input.slice(0, at) + ' -x'.charAt(random(3)) + input.slice(at);
    }
    inputs.push(input);
  }
  return inputs;
}

const INPUTS = [...rangeInputs(), ...randomInputs(20000)];

/** Collects disagreements, so a failure lists the first few instead of stopping at one. */
function compare<T>(inputs: readonly string[], ours: (input: string) => T, theirs: (input: string) => T): void {
  const differences: string[] = [];
  for (const input of inputs) {
    const [a, b] = [ours(input), theirs(input)];
    try {
      assert.deepEqual(a, b);
    } catch {
      differences.push(`${JSON.stringify(input)}: ours ${JSON.stringify(a)}, card-validator ${JSON.stringify(b)}`);
      if (differences.length === 10) break;
    }
  }
  assert.deepEqual(differences, []);
}

/** The field verdict the frame gave with card-validator's reading of a number. */
function expectedNumberCheck(input: string, accepted?: readonly CardBrand[]): ReturnType<typeof validateNumber> {
  const value = input.replace(/[\s-]/g, '');
  const check = (brand: CardBrand | null, error: FieldCheck['error'], potentially: boolean) => ({
    brand,
    isValid: error === null,
    isPotentiallyValid: potentially,
    error,
    showWhileTyping: !potentially,
  });
  if (value === '') return check(null, 'REQUIRED', true);
  const { card, isValid, isPotentiallyValid } = cardValidator.number(value);
  const brand = card ? (BRAND_OF.get(card.type) ?? null) : null;
  if (card && (!brand || (accepted?.length && !accepted.includes(brand)))) {
    return check(brand, 'CARD_NOT_SUPPORTED', false);
  }
  if (isValid) return check(brand, null, true);
  const wrong = !isPotentiallyValid || (card !== null && card.lengths.includes(value.length));
  return check(brand, wrong ? 'INVALID_CARD_NUMBER' : 'INCOMPLETE_CARD_NUMBER', isPotentiallyValid);
}

describe('the card rules agree with card-validator', () => {
  test(`on ${INPUTS.length} inputs: network, brand, validity, lengths, gaps and security code`, () => {
    assert.ok(INPUTS.length > 30000, `${INPUTS.length} inputs`);
    compare(
      INPUTS,
      (input) => {
        const { type, brand, isValid, isPotentiallyValid } = readNumber(input);
        const card = type && { type: type.type, gaps: type.gaps, lengths: type.lengths, code: type.code };
        return { card, brand, isValid, isPotentiallyValid };
      },
      (input) => {
        const { card, isValid, isPotentiallyValid } = cardValidator.number(input);
        const network = card && { type: card.type, gaps: card.gaps, lengths: card.lengths, code: card.code };
        const brand = card ? (BRAND_OF.get(card.type) ?? null) : null;
        return { card: network, brand, isValid, isPotentiallyValid };
      },
    );
  });

  test('every network is recognised somewhere in the inputs, valid and not', () => {
    const seen = new Map<string, Set<boolean>>();
    for (const input of INPUTS) {
      const { type, isValid } = readNumber(input);
      if (type) seen.set(type.type, (seen.get(type.type) ?? new Set()).add(isValid));
    }
    for (const type of TYPES) assert.deepEqual(seen.get(type), new Set([true, false]), type);
  });

  for (const accepted of [undefined, ['VISA', 'MASTERCARD', 'UNIONPAY'] as const]) {
    test(`field verdicts on a number, ${accepted ? `accepting ${accepted.join(', ')}` : 'accepting any brand'}`, () => {
      compare(
        INPUTS,
        (input) => validateNumber(input, accepted),
        (input) => expectedNumberCheck(input, accepted),
      );
    });
  }

  test('field verdicts on a security code, for every brand and none', () => {
    const codes = ['', '1', '12', '123', '1234', '12345', '123456', '12a', ' 123', '12-3', '١٢٣'];
    for (const brand of [null, ...CARD_BRANDS]) {
      const type = BRAND_CASES.find((c) => c.brand === brand)?.type;
      // A brand card-validator has no network for (Cartes Bancaires) took its default of 3 digits.
      const sizes = brand === null ? [3, 4] : [type ? creditCardType.getTypeInfo(type).code.size : 3];
      compare(
        codes,
        (code) => validateCvc(code, brand),
        (code) => {
          // An empty field is required before any length matters (the frame checked that first too).
          if (code === '')
            return { isValid: false, isPotentiallyValid: true, error: 'REQUIRED', showWhileTyping: false };
          const { isValid, isPotentiallyValid } = cardValidator.cvv(code, sizes);
          const error = isValid ? null : isPotentiallyValid ? 'INCOMPLETE_CVV' : 'INVALID_CVV';
          return { isValid, isPotentiallyValid, error, showWhileTyping: !isPotentiallyValid };
        },
      );
    }
  });

  test("each brand's layout and security code are its network's", () => {
    for (const type of TYPES) {
      const brand = BRAND_OF.get(type);
      if (!brand) continue;
      const { gaps, lengths, code } = creditCardType.getTypeInfo(type);
      assert.deepEqual(brandInfo(brand), { gaps, lengths, cvcLength: code.size, cvcName: code.name }, type);
    }
  });

  test('the brand table lists every network Antom has a brand for, each prefix read as that network', () => {
    const branded = TYPES.filter((type) => BRAND_OF.get(type));
    assert.deepEqual(BRAND_TABLE.map(([type]) => type).sort(), branded.sort());
    for (const [type, brand, prefix] of BRAND_TABLE) {
      assert.equal(cardValidator.number(prefix).card?.type, type, prefix);
      assert.deepEqual([readNumber(prefix).type?.type, readNumber(prefix).brand], [type, brand], prefix);
    }
  });

  test('Luhn agrees on every input that is all digits', () => {
    compare(
      INPUTS.filter((input) => /^\d+$/.test(input)),
      luhn,
      luhn10,
    );
  });
});

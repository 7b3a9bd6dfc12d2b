/**
 * The frame and the gateway agree on every brand: a card the frame's rules accept as a brand is
 * accepted by the gateway as the same brand (with the same number lengths and CVC length), and a
 * brand the merchant does not accept is refused by both. Numbers are generated, at every complete
 * length of the brand, from a prefix of real cards of each card-validator type in the shared brand
 * table (the table's own prefixes only need to identify a type: JCB's `35` does, but `3512...` is
 * no JCB card).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessCard, type CardAssessment } from '../../../gateway/src/engine/test-cards.js';
import { BRAND_TABLE, brandInfo, validateCvc, validateNumber } from '../../../src/shared/card/index.js';
import { CARD_BRANDS, type CardBrand } from '../../../src/shared/types.js';
import { BRAND_CASES } from './brands.js';
import { withCheckDigit } from './helpers.js';

const NOW = new Date('2030-01-15T00:00:00Z');
const AMOUNT = { currency: 'USD', value: '1000' };

function gateway(number: string, cvc: string, acceptedBrands: readonly CardBrand[]): CardAssessment {
  return assessCard(
    { number, expiryMonth: '12', expiryYear: '31', cvc, holderName: 'Ada Lovelace' },
    { amount: AMOUNT, acceptedBrands, now: NOW },
  );
}

const answer = (assessment: CardAssessment): string =>
  assessment.kind === 'rejected' ? assessment.resultCode : `issuer ${assessment.issuer.resultCode}`;

describe('frame and gateway card rules agree', () => {
  it('the brand table holds each brand once, all of them protocol brands with a test prefix', () => {
    const brands = BRAND_TABLE.map((row) => row[1]);
    assert.equal(new Set(brands).size, brands.length);
    for (const brand of brands) assert.ok(CARD_BRANDS.includes(brand), brand);
    const tested = new Set(BRAND_CASES.map((c) => c.type));
    for (const [type] of BRAND_TABLE) assert.ok(tested.has(type), `test numbers for ${type}`);
  });

  for (const [type, brand] of BRAND_TABLE) {
    const { lengths, cvcLength } = brandInfo(brand);
    const prefix = BRAND_CASES.find((c) => c.type === type)?.stem ?? '';
    const cvc = '1234'.slice(0, cvcLength);

    it(`${brand} (${type}): every length the frame accepts, the gateway accepts as ${brand}`, () => {
      for (const length of lengths) {
        const number = withCheckDigit(prefix, length);
        const frame = validateNumber(number);
        assert.deepEqual([frame.brand, frame.isValid], [brand, true], `frame: ${number}`);
        assert.equal(validateCvc(cvc, brand).isValid, true, `frame CVC ${cvc}`);

        const assessment = gateway(number, cvc, CARD_BRANDS);
        assert.notEqual(answer(assessment), 'CARD_NOT_SUPPORTED', `gateway: ${number}`);
        assert.notEqual(answer(assessment), 'INVALID_CARD_NUMBER', `gateway: ${number}`);
        assert.equal(answer(assessment), 'issuer SUCCESS', `gateway: ${number}`);
        assert.equal(assessment.card.cardBrand, brand, `gateway brand: ${number}`);
      }
    });

    it(`${brand}: a CVC of another length is refused by both`, () => {
      const number = withCheckDigit(prefix, lengths[0]!);
      for (const wrong of ['12', '123', '1234'].filter((code) => code.length !== cvcLength)) {
        assert.equal(validateCvc(wrong, brand).isValid, false, `frame CVC ${wrong}`);
        assert.equal(answer(gateway(number, wrong, CARD_BRANDS)), 'INVALID_CVV', `gateway CVC ${wrong}`);
      }
    });

    it(`${brand}: refused by both when the merchant does not accept it`, () => {
      const number = withCheckDigit(prefix, lengths[0]!);
      const others = CARD_BRANDS.filter((other) => other !== brand);
      assert.equal(validateNumber(number, others).error, 'CARD_NOT_SUPPORTED', `frame: ${number}`);
      assert.equal(answer(gateway(number, cvc, others)), 'CARD_NOT_SUPPORTED', `gateway: ${number}`);
    });
  }
});

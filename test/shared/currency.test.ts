/**
 * One table of minor units for the element, the demo and the sandbox (ISO 4217, which Antom follows:
 * docs/antom-api.md section 1), and the element's amount formatting built on it: one case per
 * exponent, and the currencies where browsers' `Intl` defaults disagree with ISO 4217.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MINOR_UNIT_EXCEPTIONS, minorUnits } from '../../src/shared/currency.js';
import { formatAmount } from '../../src/shared/i18n/locale.js';

describe('minor units per currency', () => {
  it('knows the exponents 0, 2, 3 and 4', () => {
    assert.deepEqual(
      ['JPY', 'KRW', 'VND', 'CLP', 'USD', 'EUR', 'SGD', 'KWD', 'BHD', 'TND', 'CLF'].map(minorUnits),
      [0, 0, 0, 0, 2, 2, 2, 3, 3, 3, 4],
    );
  });

  it('follows ISO 4217 where Intl does not: HUF, IDR, COP 2 decimals, IQD 3', () => {
    for (const [currency, iso] of [
      ['HUF', 2],
      ['IDR', 2],
      ['COP', 2],
      ['PKR', 2],
      ['IQD', 3],
    ] as const) {
      const intl = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
      assert.notEqual(intl, iso, `${currency}: Intl says ${intl}, so the table must say it`);
      assert.equal(minorUnits(currency), iso, currency);
    }
  });

  it('lists each exception once, as 3-letter codes, never a code of 2 decimals', () => {
    const codes = Object.values(MINOR_UNIT_EXCEPTIONS).flatMap((run) => {
      assert.equal(run.length % 3, 0, run);
      return run.match(/.../g) ?? [];
    });
    assert.equal(new Set(codes).size, codes.length, 'no code twice');
    for (const code of codes) assert.match(code, /^[A-Z]{3}$/);
    assert.equal(MINOR_UNIT_EXCEPTIONS[2], undefined, '2 is the default, not an exception');
  });
});

describe('formatAmount (Intl writes a no-break space after a currency code)', () => {
  it('formats each exponent with all its decimals', () => {
    assert.equal(formatAmount('2500', 'JPY', 'en_US'), '¥2,500');
    assert.equal(formatAmount('2500', 'USD', 'en_US'), '$25.00');
    assert.equal(formatAmount('2500', 'KWD', 'en_US'), 'KWD\u00a02.500');
  });

  it('keeps the minor part where Intl would drop or misplace it', () => {
    assert.equal(formatAmount('250050', 'HUF', 'en_US'), 'HUF\u00a02,500.50');
    assert.equal(formatAmount('2500000', 'IDR', 'en_US'), 'IDR\u00a025,000.00');
    assert.equal(formatAmount('2500', 'IQD', 'en_US'), 'IQD\u00a02.500');
  });
});

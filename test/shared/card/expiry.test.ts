import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateExpiry, type ExpiryCheck } from '../../../src/shared/card/index.js';
import type { FieldErrorCode } from '../../../src/shared/types.js';

// Mid-June 2025, far from any month boundary in every time zone.
const NOW = new Date('2025-06-15T12:00:00Z');

/** Either the valid `MM/YY` it reads as, or the error and whether it shows while typing. */
type Row = [text: string, expected: FieldErrorCode | `${string}/${string}`, showWhileTyping?: boolean];

function isFieldError(expected: Row[1]): expected is FieldErrorCode {
  return !expected.includes('/');
}

const rows: Row[] = [
  // Valid, in every accepted shape; the current month counts.
  ['06/25', '06/25'],
  ['06 / 25', '06/25'],
  ['0625', '06/25'],
  ['06/2025', '06/25'],
  ['062025', '06/25'],
  ['12/30', '12/30'],
  ['1/30', '01/30'],
  ['01 / 45', '01/45'],
  ['12/2045', '12/45'],
  // Nothing yet.
  ['', 'REQUIRED', false],
  ['   ', 'REQUIRED', false],
  // Still typing something that can become valid.
  ['0', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['1', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['12', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['12 / ', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['1/', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['12 / 2', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['06 / 2', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['12/203', 'INCOMPLETE_EXPIRATION_DATE', false],
  ['12203', 'INCOMPLETE_EXPIRATION_DATE', false],
  // Impossible months and shapes show at once.
  ['00', 'INVALID_EXPIRATION_DATE', true],
  ['13', 'INVALID_EXPIRATION_DATE', true],
  ['13/30', 'INVALID_EXPIRATION_DATE', true],
  ['0/30', 'INVALID_EXPIRATION_DATE', true],
  ['/30', 'INVALID_EXPIRATION_DATE', true],
  ['ab/cd', 'INVALID_EXPIRATION_DATE', true],
  ['12/30/1', 'INVALID_EXPIRATION_DATE', true],
  ['12-30', 'INVALID_EXPIRATION_DATE', true],
  ['1230456', 'INVALID_EXPIRATION_DATE', true],
  ['12/20301', 'INVALID_EXPIRATION_DATE', true],
  // In the past.
  ['05/25', 'CARD_EXPIRED', true],
  ['12/24', 'CARD_EXPIRED', true],
  ['12/2024', 'CARD_EXPIRED', true],
  ['12/99', 'CARD_EXPIRED', true],
  // A year whose every ending is past.
  ['12 / 1', 'CARD_EXPIRED', true],
  ['12/199', 'CARD_EXPIRED', true],
  // More than 20 years ahead.
  ['01/46', 'INVALID_EXPIRATION_DATE', true],
  ['12/2046', 'INVALID_EXPIRATION_DATE', true],
  ['12 / 5', 'INVALID_EXPIRATION_DATE', true],
];

describe(`validateExpiry at ${NOW.toISOString()}`, () => {
  for (const [text, expected, showWhileTyping = false] of rows) {
    test(`${JSON.stringify(text)} -> ${expected}`, () => {
      const result = validateExpiry(text, NOW);
      if (!isFieldError(expected)) {
        assert.deepEqual(result, {
          month: expected.slice(0, 2),
          year: expected.slice(3),
          isValid: true,
          isPotentiallyValid: true,
          error: null,
          showWhileTyping: false,
        } satisfies ExpiryCheck);
        return;
      }
      assert.deepEqual(result, {
        month: null,
        year: null,
        isValid: false,
        isPotentiallyValid: !showWhileTyping,
        error: expected,
        showWhileTyping,
      } satisfies ExpiryCheck);
    });
  }
});

describe('validateExpiry at a month boundary', () => {
  test('the last month stays valid while it lasts anywhere on Earth (UTC-12)', () => {
    assert.equal(validateExpiry('06/25', new Date('2025-07-01T11:59:00Z')).isValid, true);
    assert.equal(validateExpiry('06/25', new Date('2025-07-01T12:01:00Z')).error, 'CARD_EXPIRED');
  });
  test('the year turns over with the same rule', () => {
    assert.equal(validateExpiry('12/25', new Date('2026-01-01T06:00:00Z')).isValid, true);
    assert.equal(validateExpiry('12/25', new Date('2026-01-02T00:00:00Z')).error, 'CARD_EXPIRED');
    assert.equal(validateExpiry('01/26', new Date('2026-01-02T00:00:00Z')).isValid, true);
  });
  test('two-digit years follow the clock, not a fixed century', () => {
    assert.equal(validateExpiry('12/05', new Date('2090-03-01T00:00:00Z')).month, '12');
    assert.equal(validateExpiry('12/05', new Date('2090-03-01T00:00:00Z')).year, '05');
    assert.equal(validateExpiry('12/89', new Date('2090-03-01T00:00:00Z')).error, 'CARD_EXPIRED');
  });
});

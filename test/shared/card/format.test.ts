import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCardNumber, formatCvc, formatExpiry } from '../../../src/shared/card/index.js';
import { BRAND_CASES } from './brands.js';
import { group, markAfterDigit, simulate, withCheckDigit, type Edit } from './helpers.js';

interface EditCase {
  /** The field before, `|` at the caret or `[` `]` around a selection. */
  before: string;
  edit: Edit;
  /** The field after, `|` at the caret. */
  after: string;
}

function runTable(title: string, rows: readonly EditCase[], format: Parameters<typeof simulate>[2]): void {
  describe(title, () => {
    for (const { before, edit, after } of rows) {
      const action =
        typeof edit === 'string' ? edit : 'type' in edit ? `type ${edit.type}` : `paste ${edit.paste}`;
      test(`${before}  ${action}  ->  ${after}`, () => assert.equal(simulate(before, edit, format), after));
    }
  });
}

runTable(
  'formatCardNumber: caret stays after the same digit',
  [
    // Typing at the end, across a gap.
    { before: '|', edit: { type: '4' }, after: '4|' },
    { before: '411|', edit: { type: '1' }, after: '4111|' },
    { before: '4111|', edit: { type: '1' }, after: '4111 1|' },
    // Typing at a gap: the caret before or after the space ends after the new digit.
    { before: '4111| 1111', edit: { type: '2' }, after: '4111 2|111 1' },
    { before: '4111 |1111', edit: { type: '2' }, after: '4111 2|111 1' },
    // Inserting in the middle shifts the tail across the groups.
    {
      before: '41|11 1111 1111',
      edit: { type: '9' },
      after: '419|1 1111 1111 1',
    },
    // A full number does not grow: the last digit falls off.
    {
      before: '4111 1111 1111 |1111',
      edit: { type: '2' },
      after: '4111 1111 1111 2|111 1',
    },
    {
      before: '5555 5555 5555 |4444',
      edit: { type: '2' },
      after: '5555 5555 5555 2|444',
    },
    // Deleting in the middle pulls the tail back.
    { before: '4111 12|34 5678', edit: 'backspace', after: '4111 1|345 678' },
    { before: '4111 12|34 5678', edit: 'delete', after: '4111 12|45 678' },
    { before: '4111 1234 5678|', edit: 'backspace', after: '4111 1234 567|' },
    { before: '4111 1|', edit: 'backspace', after: '4111|' },
    // Backspace or Delete across a gap removes the digit beyond it.
    { before: '4111 |1234', edit: 'backspace', after: '411|1 234' },
    { before: '4111| 1234', edit: 'delete', after: '4111| 234' },
    // Selections.
    { before: '4111 [1234] 5678', edit: 'backspace', after: '4111| 5678' },
    { before: '[4111 1234 5678]', edit: { type: '5' }, after: '5|' },
    // Pasting a spaced or dashed number, whole or in the middle.
    {
      before: '|',
      edit: { paste: '4054 6957 2310 0768' },
      after: '4054 6957 2310 0768|',
    },
    {
      before: '|',
      edit: { paste: '4054-6957-2310-0768' },
      after: '4054 6957 2310 0768|',
    },
    {
      before: '|',
      edit: { paste: ' 5162.7741.1497.4622 ' },
      after: '5162 7741 1497 4622|',
    },
    {
      before: '4054 |0768',
      edit: { paste: '6957 2310' },
      after: '4054 6957 2310| 0768',
    },
    // Too long a paste is cut at the brand's longest number.
    {
      before: '|',
      edit: { paste: '3782 822463 10005 999' },
      after: '3782 822463 10005|',
    },
    {
      before: '|',
      edit: { paste: '12345678901234567890123' },
      after: '1234 5678 9012 3456 789|',
    },
    // Letters vanish without moving the caret.
    { before: '41|11', edit: { type: 'a' }, after: '41|11' },
    // Amex 4-6-5 and Diners 4-6-4 gaps.
    { before: '3782|', edit: { type: '8' }, after: '3782 8|' },
    { before: '3782 82246|', edit: { type: '3' }, after: '3782 822463|' },
    { before: '3782 822463|', edit: { type: '1' }, after: '3782 822463 1|' },
    {
      before: '3782 822463 |10005',
      edit: 'backspace',
      after: '3782 82246|1 0005',
    },
    {
      before: '|',
      edit: { paste: '30569309025904' },
      after: '3056 930902 5904|',
    },
  ],
  formatCardNumber,
);

describe('formatCardNumber for every brand', () => {
  for (const c of BRAND_CASES) {
    const name = c.brand ?? c.type;
    const longest = Math.max(...c.lengths);
    const number = withCheckDigit(c.stem, longest);
    const full = group(number, c.groups);

    test(`${name}: formats the full number (${longest} digits)`, () => {
      for (const sample of [...c.numbers, number]) {
        const result = formatCardNumber(sample, sample.length);
        assert.equal(result.value, group(sample, c.groups), sample);
        assert.equal(result.digits, sample);
        assert.equal(result.caret, result.value.length);
      }
      assert.equal(
        formatCardNumber(number + '1', number.length + 1).value,
        full,
        'capped at the longest length',
      );
    });

    const rows: EditCase[] = [
      {
        before: '|',
        edit: { paste: group(number, [4, 4, 4, 4, 4]) },
        after: `${full}|`,
      },
      {
        before: '|',
        edit: { paste: number.replace(/(\d{4})(?=\d)/g, '$1-') },
        after: `${full}|`,
      },
      {
        before: `${full}|`,
        edit: 'backspace',
        after: `${group(number.slice(0, -1), c.groups)}|`,
      },
    ];
    // Edits next to the last gap leave the brand's prefix untouched.
    const shortNumber = withCheckDigit(c.stem, Math.min(...c.lengths));
    const grouped = group(shortNumber, c.groups);
    const gap = grouped.lastIndexOf(' ');
    const digitsBeforeGap = grouped.slice(0, gap).replace(/ /g, '').length;
    const edited = (from: number, to: number, insert = ''): string =>
      group((shortNumber.slice(0, from) + insert + shortNumber.slice(to)).slice(0, longest), c.groups);
    rows.push(
      // Typing right before the gap: the new digit starts the next group, and the caret follows it.
      {
        before: `${grouped.slice(0, gap)}|${grouped.slice(gap)}`,
        edit: { type: '9' },
        after: markAfterDigit(edited(digitsBeforeGap, digitsBeforeGap, '9'), digitsBeforeGap + 1),
      },
      // Backspace just after the gap removes the digit before it.
      {
        before: `${grouped.slice(0, gap + 1)}|${grouped.slice(gap + 1)}`,
        edit: 'backspace',
        after: markAfterDigit(edited(digitsBeforeGap - 1, digitsBeforeGap), digitsBeforeGap - 1),
      },
      // Delete inside the last group.
      {
        before: `${grouped.slice(0, gap + 2)}|${grouped.slice(gap + 2)}`,
        edit: 'delete',
        after: markAfterDigit(edited(digitsBeforeGap + 1, digitsBeforeGap + 2), digitsBeforeGap + 1),
      },
    );
    runTable(`${name}: caret on paste, insert and delete`, rows, formatCardNumber);
  }
});

runTable(
  'formatExpiry',
  [
    { before: '|', edit: { type: '1' }, after: '1|' },
    { before: '1|', edit: { type: '2' }, after: '12 / |' },
    { before: '0|', edit: { type: '5' }, after: '05 / |' },
    // A first digit 2-9 can only be a month 02-09.
    { before: '|', edit: { type: '3' }, after: '03 / |' },
    // A typed slash after one digit pads the month.
    { before: '1|', edit: { type: '/' }, after: '01 / |' },
    { before: '1|', edit: { type: '-' }, after: '01 / |' },
    { before: '12 / |', edit: { type: '/' }, after: '12 / |' },
    { before: '12 / |', edit: { type: '3' }, after: '12 / 3|' },
    { before: '12 / 3|', edit: { type: '0' }, after: '12 / 30|' },
    { before: '12 / 30|', edit: { type: '1' }, after: '12 / 30|' },
    { before: '12 / 3|', edit: { type: 'x' }, after: '12 / 3|' },
    // Backspace.
    { before: '12 / 30|', edit: 'backspace', after: '12 / 3|' },
    { before: '12 / 3|', edit: 'backspace', after: '12 / |' },
    { before: '12 / |', edit: 'backspace', after: '1|' },
    { before: '03 / |', edit: 'backspace', after: '0|' },
    { before: '1|', edit: 'backspace', after: '|' },
    // Across the separator in the middle, the month digit goes and the year moves up.
    { before: '12 / |30', edit: 'backspace', after: '1|3 / 0' },
    { before: '12| / 30', edit: 'delete', after: '12| / 0' },
    { before: '1|2 / 30', edit: 'backspace', after: '|02 / 30' },
    // Pasting the usual shapes.
    { before: '|', edit: { paste: '12/30' }, after: '12 / 30|' },
    { before: '|', edit: { paste: '12 / 30' }, after: '12 / 30|' },
    { before: '|', edit: { paste: '1230' }, after: '12 / 30|' },
    { before: '|', edit: { paste: '12/2030' }, after: '12 / 30|' },
    { before: '|', edit: { paste: '122030' }, after: '12 / 30|' },
    { before: '|', edit: { paste: '1/30' }, after: '01 / 30|' },
    { before: '|', edit: { paste: '7/2031' }, after: '07 / 31|' },
    { before: '[12 / 30]', edit: { paste: '0428' }, after: '04 / 28|' },
  ],
  formatExpiry,
);

describe('formatExpiry without an input type', () => {
  test('a value cut inside the trailing separator is read as Backspace', () => {
    assert.deepEqual(formatExpiry('12 /', 4), {
      value: '1',
      caret: 1,
      digits: '1',
    });
    assert.deepEqual(formatExpiry('12 ', 3), {
      value: '1',
      caret: 1,
      digits: '1',
    });
  });
  test('a complete value is left as it is', () => {
    assert.deepEqual(formatExpiry('12 / ', 5), {
      value: '12 / ',
      caret: 5,
      digits: '12',
    });
    assert.deepEqual(formatExpiry('12', 2), {
      value: '12 / ',
      caret: 5,
      digits: '12',
    });
  });
});

describe('formatCvc', () => {
  const cases: Array<
    [raw: string, brand: Parameters<typeof formatCvc>[1], caret: number, value: string, caretAfter: number]
  > = [
    ['123', 'VISA', 3, '123', 3],
    ['1234', 'VISA', 4, '123', 3],
    ['1234', 'AMEX', 4, '1234', 4],
    ['12345', 'AMEX', 5, '1234', 4],
    ['12345', null, 5, '1234', 4],
    ['1a23', null, 2, '123', 1],
    [' 12 ', null, 4, '12', 2],
  ];
  for (const [raw, brand, caret, value, caretAfter] of cases) {
    test(`${JSON.stringify(raw)} for ${brand ?? 'an unknown brand'} -> ${value}`, () => {
      assert.deepEqual(formatCvc(raw, brand, caret), {
        value,
        caret: caretAfter,
        digits: value,
      });
    });
  }
  test('the caret defaults to the end', () => assert.equal(formatCvc('12', 'VISA').caret, 2));
});

describe('formatter properties', () => {
  const raw = fc.string({
    unit: fc.constantFrom(...'0123456789 -/ax'),
    maxLength: 30,
  });
  const inputType = fc.constantFrom(
    undefined,
    'insertText',
    'insertFromPaste',
    'deleteContentBackward',
    'deleteContentForward',
  );
  const formatters = { formatCardNumber, formatExpiry } as const;

  for (const [name, format] of Object.entries(formatters)) {
    test(`${name} never throws, keeps the caret inside the value, and reports the value's digits`, () => {
      fc.assert(
        fc.property(raw, fc.nat(40), inputType, (text, caret, type) => {
          const result = format(text, caret, type);
          assert.ok(result.caret >= 0 && result.caret <= result.value.length);
          assert.equal(result.digits, result.value.replace(/\D/g, ''));
        }),
      );
    });

    test(`${name} is stable: formatting its own output changes nothing`, () => {
      fc.assert(
        fc.property(raw, (text) => {
          const once = format(text, text.length);
          assert.deepEqual(format(once.value, once.caret), once);
        }),
      );
    });
  }

  test('formatCardNumber keeps every typed digit up to the brand limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 }), (digits) => {
        assert.equal(formatCardNumber(digits, digits.length).digits, digits);
      }),
    );
  });
});

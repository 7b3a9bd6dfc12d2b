import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HOLDER_NAME_MAX_LENGTH, validateHolder } from '../../../src/shared/card/index.js';

type Row = [input: string, required: boolean, value: string, error: string | null, showWhileTyping?: boolean];

const rows: Row[] = [
  ['Jane Doe', true, 'Jane Doe', null],
  ['  Jane   Doe  ', true, 'Jane Doe', null],
  ["Jean-Luc D'Arc Jr.", true, "Jean-Luc D'Arc Jr.", null],
  ['O\u2019Brien', true, "O'Brien", null],
  ['Zoë Ångström', true, 'Zoë Ångström', null],
  // Decomposed accents are composed.
  ['Zoe\u0308', true, 'Zoë', null],
  ['Nguyễn Văn An', true, 'Nguyễn Văn An', null],
  ['王小明', true, '王小明', null],
  ['Иван Петров', true, 'Иван Петров', null],
  ['محمد علي', true, 'محمد علي', null],
  ['अनिल कुमार', true, 'अनिल कुमार', null],
  ['', true, '', 'REQUIRED', false],
  ['   ', true, '', 'REQUIRED', false],
  ['', false, '', null],
  // Punctuation alone can still become a name.
  ['-', true, '-', 'INVALID_HOLDER_NAME', false],
  ['.', false, '.', 'INVALID_HOLDER_NAME', false],
  // Digits and symbols never can.
  ['John 3', true, 'John 3', 'INVALID_HOLDER_NAME', true],
  ['4111 1111 1111 1111', true, '4111 1111 1111 1111', 'INVALID_HOLDER_NAME', true],
  ['a@b.c', true, 'a@b.c', 'INVALID_HOLDER_NAME', true],
  ['Jane_Doe', true, 'Jane_Doe', 'INVALID_HOLDER_NAME', true],
  ['<script>', true, '<script>', 'INVALID_HOLDER_NAME', true],
  ['a'.repeat(HOLDER_NAME_MAX_LENGTH), true, 'a'.repeat(HOLDER_NAME_MAX_LENGTH), null],
  [
    'a'.repeat(HOLDER_NAME_MAX_LENGTH + 1),
    true,
    'a'.repeat(HOLDER_NAME_MAX_LENGTH + 1),
    'INVALID_HOLDER_NAME',
    true,
  ],
  // The limit counts characters, not UTF-16 units.
  ['𠀀'.repeat(HOLDER_NAME_MAX_LENGTH), true, '𠀀'.repeat(HOLDER_NAME_MAX_LENGTH), null],
];

describe('validateHolder', () => {
  test('the limit is 64 characters', () => assert.equal(HOLDER_NAME_MAX_LENGTH, 64));
  for (const [input, required, value, error, showWhileTyping = false] of rows) {
    const label =
      input.length > 20 ? `${input.slice(0, 12)}... (${[...input].length})` : JSON.stringify(input);
    test(`${label}${required ? '' : ' (optional)'} -> ${error ?? 'valid'}`, () => {
      assert.deepEqual(validateHolder(input, required), {
        value,
        isValid: error === null,
        isPotentiallyValid: !showWhileTyping,
        error,
        showWhileTyping,
      });
    });
  }
});

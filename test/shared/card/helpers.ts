/** Test helpers: an independent Luhn check-digit generator and a caret-marked edit simulator. */
import type { FormattedInput } from '../../../src/shared/card/index.js';

/**
 * Extends `prefix` to `length - 1` digits with `123456789012...` (varied digits, so a test can see
 * which one moved) and appends the Luhn check digit.
 */
export function withCheckDigit(prefix: string, length: number): string {
  const body = prefix + '1234567890'.repeat(2).slice(0, Math.max(0, length - 1 - prefix.length));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Counting from the right of the final number, the check digit is position 1, so the body's
    // last digit is doubled.
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** The same number with its last digit changed, so the Luhn check fails. */
export function breakLuhn(number: string): string {
  const last = Number(number.at(-1));
  return number.slice(0, -1) + String((last + 1) % 10);
}

/** Splits digits into groups of the given sizes, separated by spaces (the test's own oracle). */
export function group(digits: string, sizes: readonly number[]): string {
  const parts: string[] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= digits.length) break;
    parts.push(digits.slice(start, start + size));
    start += size;
  }
  return parts.join(' ');
}

/** `value` with `|` inserted right after its `count`-th digit. */
export function markAfterDigit(value: string, count: number): string {
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    if (/\d/.test(value.charAt(i)) && ++seen === count)
      return `${value.slice(0, i + 1)}|${value.slice(i + 1)}`;
  }
  throw new Error(`${value} has fewer than ${count} digits`);
}

/** A buyer's edit: type or paste text at the caret (replacing a selection), Backspace or Delete. */
export type Edit = { type: string } | { paste: string } | 'backspace' | 'delete';

/**
 * Applies an edit to a field shown as text with `|` at the caret, or `[` `]` around a selection,
 * runs the formatter the way the frame does, and returns the result with `|` at the new caret.
 */
export function simulate(
  shown: string,
  edit: Edit,
  format: (raw: string, caret: number, inputType?: string) => FormattedInput,
): string {
  const [value, start, end] = parseMarked(shown);
  let raw: string;
  let caret: number;
  let inputType: string;
  if (edit === 'backspace' || edit === 'delete') {
    const from = start !== end ? start : edit === 'backspace' ? Math.max(0, start - 1) : start;
    const to = start !== end ? end : edit === 'backspace' ? start : Math.min(value.length, start + 1);
    raw = value.slice(0, from) + value.slice(to);
    caret = from;
    inputType = edit === 'backspace' ? 'deleteContentBackward' : 'deleteContentForward';
  } else {
    const text = 'type' in edit ? edit.type : edit.paste;
    raw = value.slice(0, start) + text + value.slice(end);
    caret = start + text.length;
    inputType = 'type' in edit ? 'insertText' : 'insertFromPaste';
  }
  const result = format(raw, caret, inputType);
  return result.value.slice(0, result.caret) + '|' + result.value.slice(result.caret);
}

function parseMarked(shown: string): [value: string, start: number, end: number] {
  const caret = shown.indexOf('|');
  if (caret >= 0) return [shown.replace('|', ''), caret, caret];
  const start = shown.indexOf('[');
  const end = shown.indexOf(']') - 1;
  if (start < 0 || end < start) throw new Error(`test input needs a caret or a selection: ${shown}`);
  return [shown.replace('[', '').replace(']', ''), start, end];
}

/**
 * The README's life-cycle table and the element's transition table (src/element/state.ts) say the
 * same thing, transition for transition, so a reader can trust either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSITIONS, type CheckoutStatus } from '../../src/element/state.js';

const STATUSES = Object.keys(TRANSITIONS) as CheckoutStatus[];

/** `from --event--> to` lines of the element's table. */
function fromCode(): string[] {
  return STATUSES.flatMap((from) =>
    Object.entries(TRANSITIONS[from]).map(([event, to]) => `${from} --${event}--> ${to}`),
  ).sort();
}

/** Statuses named by a "From" cell: backticked names, `any`, or `any but` backticked names. */
function statuses(cell: string): CheckoutStatus[] {
  const named = [...cell.matchAll(/`([a-z-]+)`/g)].map((match) => match[1] as CheckoutStatus);
  for (const status of named) assert.ok(STATUSES.includes(status), `unknown status ${status} in "${cell}"`);
  if (/^any but\b/.test(cell)) return STATUSES.filter((status) => !named.includes(status));
  if (/^any\b/.test(cell)) return [...STATUSES];
  return named;
}

/** `from --event--> to` lines of the README's table. */
function fromReadme(): string[] {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const table = /<!-- life-cycle:start -->([\s\S]*?)<!-- life-cycle:end -->/.exec(readme)?.[1];
  assert.ok(table, 'README has a life-cycle table');
  const rows = table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => line.split('|').map((cell) => cell.trim()));
  assert.ok(rows.length >= 10, 'the table has its rows');
  return rows
    .flatMap(([, cause = '', , change = '']) => {
      const event = /^`([a-z-]+)`/.exec(cause)?.[1];
      const [from = '', to = ''] = change.split('→').map((part) => part.trim());
      const target = /^`([a-z-]+)`$/.exec(to)?.[1];
      assert.ok(event && target, `unreadable row: ${cause} | ${change}`);
      return statuses(from).map((status) => `${status} --${event}--> ${target}`);
    })
    .sort();
}

test('the README life-cycle table lists exactly the transitions of src/element/state.ts', () => {
  assert.deepEqual(fromReadme(), fromCode());
});

/**
 * The pure half of `npm run bench` (scripts/bench-report.ts): verdicts and ratios against each kind of
 * bar, the table, the comparison with a previous results file; and the bars of scripts/bench-bars.ts
 * against the words of docs/quality-bars.md they come from. Nothing here is timed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIGURES, type Bar, type FigureSpec } from '../../scripts/bench-bars.js';
import {
  buildFigures,
  changesTable,
  compareResults,
  formatBar,
  formatValue,
  median,
  percentile,
  ratioOf,
  resultsTable,
  verdictCounts,
  verdictOf,
  type FigureResult,
} from '../../scripts/bench-report.js';

const ceiling: Bar = { op: '<=', limit: 1.25, doc: '' };
const strict: Bar = { op: '<', limit: 50, doc: '' };
const floor: Bar = { op: '>=', limit: 300, doc: '' };
const none: Bar = { op: '<=', limit: 0, doc: '' };

describe('verdicts and ratios', () => {
  test('each comparison at, under and over its limit', () => {
    assert.equal(verdictOf(1.25, ceiling), 'meets');
    assert.equal(verdictOf(1.2501, ceiling), 'misses');
    assert.equal(verdictOf(49.9, strict), 'meets');
    assert.equal(verdictOf(50, strict), 'misses');
    assert.equal(verdictOf(300, floor), 'meets');
    assert.equal(verdictOf(299.9, floor), 'misses');
    assert.equal(verdictOf(0, none), 'meets');
    assert.equal(verdictOf(0.0001, none), 'misses');
    assert.equal(verdictOf(123, undefined), 'reported-only');
  });

  test('the ratio is value / limit, none without a bar or for a limit of 0', () => {
    assert.equal(ratioOf(1.5, ceiling), 1.2);
    assert.equal(ratioOf(150, floor), 0.5);
    assert.equal(ratioOf(1, none), null);
    assert.equal(ratioOf(1, undefined), null);
  });

  test('values and bars print in their unit', () => {
    assert.equal(formatValue(1.384, 'x'), '1.38x');
    assert.equal(formatValue(81.54, 'ms'), '81.5 ms');
    assert.equal(formatValue(312.6, '/s'), '313/s');
    assert.equal(formatValue(0.01184, 'score'), '0.0118');
    assert.equal(formatValue(2, 'count'), '2');
    assert.equal(formatBar(ceiling, 'x'), '<= 1.25x');
    assert.equal(formatBar(strict, 'ms'), '< 50 ms');
    assert.equal(formatBar(floor, '/s'), '>= 300/s');
    assert.equal(formatBar(none, 'score'), '<= 0');
    assert.equal(formatBar(undefined, 'KB'), null);
  });

  test('median and nearest-rank percentile', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
    const hundred = Array.from({ length: 100 }, (_, index) => index + 1);
    assert.equal(percentile(hundred, 0.95), 95);
    assert.equal(percentile(hundred, 0.99), 99);
    assert.equal(percentile([7], 0.99), 7);
  });
});

const SPECS: Record<string, FigureSpec> = {
  'a.ratio': { label: 'A ratio', unit: 'x', bar: ceiling },
  'b.rate': { label: 'B rate', unit: '/s', bar: floor },
  'c.size': { label: 'C size', unit: 'KB' },
};

describe('figures and the table', () => {
  test('figures come in the order of the bars, each with its bar, ratio and verdict; the rest are missing', () => {
    const { figures, missing } = buildFigures(
      [
        { part: 'one', figures: [{ id: 'c.size', value: 414.9 }] },
        { part: 'two', figures: [{ id: 'a.ratio', value: 1.38, details: { runs: [1.3, 1.4] } }] },
      ],
      SPECS,
    );
    assert.deepEqual(
      figures.map((figure) => [figure.id, figure.bar, figure.verdict]),
      [
        ['a.ratio', '<= 1.25x', 'misses'],
        ['c.size', null, 'reported-only'],
      ],
    );
    assert.ok(Math.abs(figures[0]!.ratio! - 1.104) < 0.001);
    assert.deepEqual(figures[0]!.details, { runs: [1.3, 1.4] });
    assert.deepEqual(missing, ['b.rate']);
  });

  test('a value that is not a finite number counts as not measured', () => {
    const { figures, missing } = buildFigures([{ part: 'p', figures: [{ id: 'b.rate', value: NaN }] }], SPECS);
    assert.equal(figures.length, 0);
    assert.deepEqual(missing, ['a.ratio', 'b.rate', 'c.size']);
  });

  test('a figure no bar knows is an error of the part', () => {
    assert.throws(() => buildFigures([{ part: 'p', figures: [{ id: 'z.unknown', value: 1 }] }], SPECS), /z\.unknown/);
  });

  test('the table has one Markdown row per figure, and one per figure not measured', () => {
    const { figures } = buildFigures([{ part: 'p', figures: [{ id: 'b.rate', value: 312 }] }], SPECS);
    const lines = resultsTable(figures, ['mount.ratio']).split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^\| Figure +\| Value +\| Bar +\| Ratio to bar \| Verdict +\|$/);
    assert.match(lines[1]!, /^\|-+\|-+\|-+\|-+\|-+\|$/);
    assert.deepEqual(
      lines[2]!.split('|').map((cell) => cell.trim()),
      ['', 'B rate', '312/s', '>= 300/s', '1.04', 'meets', ''],
    );
    assert.match(lines[3]!, /not measured/);
    assert.deepEqual(verdictCounts(figures), { meets: 1, misses: 0, 'reported-only': 0 });
  });
});

describe('comparison with the previous results', () => {
  const figure = (id: string, value: number, verdict: FigureResult['verdict']): FigureResult => ({
    id,
    label: id,
    unit: 'ms',
    value,
    bar: null,
    ratio: null,
    verdict,
  });

  test('each figure in both files, with its change in percent and a verdict that moved', () => {
    const previous = { figures: [figure('a', 80, 'misses'), figure('b', 0, 'meets'), figure('gone', 1, 'meets')] };
    const changes = compareResults(previous, [
      figure('a', 60, 'meets'),
      figure('b', 0.5, 'misses'),
      figure('new', 3, 'meets'),
    ]);
    assert.deepEqual(
      changes.map((change) => [change.id, change.previous, change.now, change.changePercent]),
      [
        ['a', 80, 60, -25],
        ['b', 0, 0.5, null],
      ],
    );
    const table = changesTable(changes);
    assert.match(table, /\| a +\| 80\.0 ms +\| 60\.0 ms +\| -25\.0 % +\| misses -> meets +\|/);
    assert.match(table, /new non-zero/);
  });

  test('a figure that stayed at 0 changed by 0 %', () => {
    const [change] = compareResults({ figures: [figure('a', 0, 'meets')] }, [figure('a', 0, 'meets')]);
    assert.equal(change!.changePercent, 0);
  });
});

describe('the bars in code are the bars of docs/quality-bars.md', () => {
  const doc = readFileSync(new URL('../../docs/quality-bars.md', import.meta.url), 'utf8');
  for (const [id, spec] of Object.entries(FIGURES)) {
    if (!spec.bar) continue;
    test(`${id}: "${spec.bar.doc}"`, () => {
      assert.ok(doc.includes(spec.bar!.doc), `docs/quality-bars.md no longer says "${spec.bar!.doc}"`);
      // The limit itself is in the words (the heap's KB as MB), so a number changed in one place only is caught.
      const { limit, doc: words } = spec.bar!;
      assert.ok(
        limit === 0 || words.includes(String(limit)) || words.includes(`${limit / 1024} MB`),
        `${id}: ${limit} is not in "${words}"`,
      );
    });
  }
});

#!/usr/bin/env node
// `npm run bench:routing`: the routing simulation over at least 10,000 seeded payments. Prints the
// approval rate of intelligent routing, of each fixed acquirer, and of an oracle that knows the
// true approval probabilities, then the ratio intelligent / oracle; exits 1 when it is below 0.97.
// Options: --payments <n> (default 20000, at least 10000), --seed <n> (default 42), --json <file>
// (the figure for scripts/bench.ts; the bar comes from scripts/bench-bars.ts).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { simulateRouting, type StrategyResult } from '../gateway/src/engine/routing-simulation.js';
import { FIGURES } from './bench-bars.js';
import type { PartReport } from './bench-report.js';

const MIN_PAYMENTS = 10_000;
const REQUIRED_RATIO = FIGURES['routing.ratio']!.bar!.limit;

function integerOption(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new Error(`--${name} must be an integer of at least ${min}`);
  }
  return Number(value);
}

function readOptions(): { payments: number; seed: number; json: string | undefined } {
  const { values } = parseArgs({
    options: { payments: { type: 'string' }, seed: { type: 'string' }, json: { type: 'string' } },
  });
  return {
    payments: integerOption(values.payments, 'payments', 20_000, MIN_PAYMENTS),
    seed: integerOption(values.seed, 'seed', 42, 0),
    json: values.json,
  };
}

let options: { payments: number; seed: number; json: string | undefined };
try {
  options = readOptions();
} catch (error) {
  console.error(`bench:routing: ${(error as Error).message}`);
  process.exit(2);
}
const { payments, seed } = options;

const started = performance.now();
const report = await simulateRouting({ payments, seed });
const elapsed = performance.now() - started;

const percent = (rate: number): string => `${(rate * 100).toFixed(2)} %`;
const best = report.fixed[0];
const worst = report.fixed.at(-1);
const label = (result: StrategyResult): string => {
  if (result === best) return `${result.name} (best fixed)`;
  if (result === worst) return `${result.name} (worst fixed)`;
  return result.name;
};
const rows: Array<[string, string, string]> = [
  [
    'intelligent (Thompson sampling)',
    report.intelligent.approvals.toLocaleString('en-US'),
    percent(report.intelligent.rate),
  ],
  ...report.fixed.map((result): [string, string, string] => [
    label(result),
    result.approvals.toLocaleString('en-US'),
    percent(result.rate),
  ]),
  ['oracle (true rates)', report.oracle.approvals.toLocaleString('en-US'), percent(report.oracle.rate)],
];
const widths = [0, 1, 2].map((column) =>
  Math.max(...[['strategy', 'approved', 'rate'], ...rows].map((row) => row[column]!.length)),
);
const line = (row: readonly string[]): string =>
  `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padStart(widths[1]!)}  ${row[2]!.padStart(widths[2]!)}`;

console.log(
  `Routing simulation: ${report.payments.toLocaleString('en-US')} payments per strategy, ` +
    `${report.segments} segments, seed ${report.seed}, simulated issuer declines on`,
);
console.log(line(['strategy', 'approved', 'rate']));
for (const row of rows) console.log(line(row));
console.log(
  '(fixed X: intelligent routing off, X the default acquirer; the first eligible one where X cannot take a card)',
);
const passed = report.ratio >= REQUIRED_RATIO;
console.log(
  `intelligent / oracle = ${report.ratio.toFixed(4)} (required >= ${REQUIRED_RATIO}): ${passed ? 'ok' : 'FAILED'} ` +
    `in ${(elapsed / 1000).toFixed(2)} s`,
);
if (options.json) {
  const part: PartReport = {
    part: 'routing',
    figures: [
      {
        id: 'routing.ratio',
        value: report.ratio,
        details: { payments: report.payments, seed: report.seed, intelligent: report.intelligent.rate },
      },
    ],
  };
  writeFileSync(options.json, JSON.stringify(part));
}
if (!passed) process.exitCode = 1;

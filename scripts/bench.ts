#!/usr/bin/env node
// `npm run bench`: runs every part of the benchmark (scripts/bench-sizes.ts, bench-routing.ts,
// bench-element.ts, bench-gateway.ts), each in a process of its own writing its figures as JSON, then
// prints one table (figure, value, bar, ratio to the bar, verdict; bars from scripts/bench-bars.ts),
// what changed since the previous bench/results.json, and writes bench/results.json (figures, bars,
// verdicts, machine, commit, date). The element part starts its gateway and shop on GATEWAY_PORT /
// DEMO_PORT, free ports when unset, so the bench runs beside `npm run demo`.
//
// Exit status: 0 when every figure was measured, whatever the verdicts (a miss is a finding the table
// reports, not a failure to run); 1 when a part could not measure, and then bench/results.json keeps
// the previous run. `--parts element,sizes` runs only those (a partial run prints its table and writes
// nothing).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildFigures,
  changesTable,
  compareResults,
  resultsTable,
  verdictCounts,
  type BenchResults,
  type PartReport,
} from './bench-report.js';

const PARTS = ['sizes', 'routing', 'element', 'gateway'] as const;
const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results.json');

const { values } = parseArgs({ options: { parts: { type: 'string' } } });
const chosen = values.parts === undefined ? [...PARTS] : values.parts.split(',').map((part) => part.trim());
const unknown = chosen.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length > 0 || chosen.length === 0) {
  console.error(`bench: --parts takes a comma-separated list of ${PARTS.join(', ')}`);
  process.exit(2);
}
const complete = PARTS.every((part) => chosen.includes(part));

const started = new Date();
const load = loadavg()[0] ?? NaN;
const scratch = mkdtempSync(join(tmpdir(), 'antom-bench-'));

/** Runs one part with `--json`; its report, or `undefined` when it wrote none. */
function runPart(part: string): Promise<PartReport | undefined> {
  const out = join(scratch, `${part}.json`);
  const script = join(ROOT, 'scripts', `bench-${part}.ts`);
  console.log(`\n== bench: ${part} ==`);
  const partStarted = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=antom-source', '--import', 'tsx', script, '--json', out], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => {
      const seconds = ((performance.now() - partStarted) / 1000).toFixed(0);
      if (!existsSync(out)) {
        console.error(`bench: ${part} measured nothing (exit ${code ?? signal}) after ${seconds} s`);
        resolve(undefined);
        return;
      }
      console.log(`bench: ${part} done in ${seconds} s`);
      resolve(JSON.parse(readFileSync(out, 'utf8')) as PartReport);
    });
  });
}

const reports: PartReport[] = [];
const failed: string[] = [];
try {
  for (const part of chosen) {
    const report = await runPart(part);
    if (report) reports.push(report);
    else failed.push(part);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** The part that measures figure `id`. */
function partOf(id: string): string {
  const prefix = id.split('.')[0]!;
  if (prefix === 'size') return 'sizes';
  if (prefix === 'routing' || prefix === 'gateway') return prefix;
  return 'element';
}

const { figures, missing: unmeasured } = buildFigures(reports);
// A partial run leaves out the other parts' figures on purpose.
const missing = unmeasured.filter((id) => chosen.includes(partOf(id)));

const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const facts = Object.assign({}, ...reports.map((report) => report.facts ?? {})) as Record<string, string>;
const results: BenchResults = {
  schema: 1,
  date: started.toISOString(),
  commit: {
    sha: git('rev-parse', 'HEAD'),
    // The results file itself is what a bench run changes: it does not make the tree dirty.
    dirty: git('status', '--porcelain', '--', '.', ':(exclude)bench/results.json') !== '',
  },
  machine: {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    chromium: facts['chromium'] ?? 'not run',
    loadAverage: Math.round(load * 100) / 100,
  },
  figures,
  missing,
};

console.log(`\n== bench: results ==\n`);
console.log(resultsTable(figures, missing));
const counts = verdictCounts(figures);
const { machine, commit } = results;
console.log(
  `\n${counts.meets} meet their bar, ${counts.misses} miss, ${counts['reported-only']} reported only` +
    (missing.length > 0 ? `, ${missing.length} not measured` : '') +
    `.\nMeasured ${results.date.slice(0, 16).replace('T', ' ')} UTC at ${commit.sha.slice(0, 12)}` +
    `${commit.dirty ? ' (uncommitted changes)' : ''} on ${machine.cpu}, ${machine.cores} cores, ` +
    `${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium}, ` +
    `load average ${machine.loadAverage} at start.`,
);

if (existsSync(RESULTS)) {
  try {
    const previous = JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults;
    const changes = compareResults(previous, figures);
    // Sizes and counts often stay the same: only what moved is listed.
    const moved = changes.filter((change) => change.changePercent !== 0 || change.verdictBefore !== change.verdictNow);
    console.log(
      `\nChanges since the previous results (${previous.date.slice(0, 16).replace('T', ' ')} UTC, ` +
        `${previous.commit.sha.slice(0, 12)}); ${changes.length - moved.length} figures unchanged:\n`,
    );
    if (moved.length > 0) console.log(changesTable(moved));
  } catch (error) {
    console.log(`\nbench: the previous ${RESULTS} could not be read (${(error as Error).message})`);
  }
}

if (failed.length > 0 || missing.length > 0) {
  console.error(`\nbench: could not measure ${[...failed, ...missing].join(', ')}; ${RESULTS} keeps the previous run`);
  process.exitCode = 1;
} else if (complete) {
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbench: wrote ${RESULTS}`);
} else {
  console.log(`\nbench: a partial run (--parts ${chosen.join(',')}): ${RESULTS} left as it was`);
}

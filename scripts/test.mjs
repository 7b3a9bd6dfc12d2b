#!/usr/bin/env node
// `npm test`: lint, typecheck, build, unit tests in Node (card rules, channel, client, gateway,
// demo, budgets), end-to-end tests in Chromium against the real gateway and demo, then component
// tests of the element in Chromium (web-test-runner, against a fake frame). Arguments pick stages:
// `node scripts/test.mjs build unit` is `npm run test:unit`, and so on. With DEMO_TEST_DATABASE_URL
// set, the demo shop's tests run a second time against that PostgreSQL server (`demo-postgres`).
// Every stage runs even if an earlier one failed, so one run shows everything. The last line
// is `N passed, N failed, N skipped` summed over the test runners; a failing lint, typecheck
// or build stage counts as one failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findChrome } from './chrome.mjs';

const only = process.argv.slice(2);
const env = { ...process.env, CHROME_PATH: findChrome(), FORCE_COLOR: '0', DEMO_TEST_DB: 'pglite' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const failedTests = [];
mkdirSync('.tmp', { recursive: true });

function run(name, args, extra = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...env, ...extra } });
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

function stage(name, args) {
  if (only.length && !only.includes(name)) return;
  if (!run(name, args)) {
    totals.failed += 1;
    failures.push(name);
  }
}

function files(dir, keep) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...files(path, keep));
    else if (path.endsWith('.test.ts') && keep(path)) out.push(path);
  }
  return out.sort();
}

function nodeTests(name, list, concurrency, extraEnv = {}) {
  if (only.length && !only.includes(name)) return;
  if (list.length === 0) return;
  const tap = `.tmp/${name}.tap`;
  rmSync(tap, { force: true });
  const ok = run(name, [
    '--conditions=antom-source', '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...list,
  ], extraEnv);
  let text = '';
  try {
    text = readFileSync(tap, 'utf8');
  } catch {
    text = '';
  }
  const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const pass = count('pass');
  const fail = count('fail') + count('cancelled');
  totals.passed += pass;
  totals.failed += fail;
  totals.skipped += count('skipped') + count('todo');
  if (!ok && fail === 0) {
    totals.failed += 1;
  }
  if (!ok) {
    failures.push(name);
    failedTests.push(...notOk(text).map((entry) => `[${name}] ${entry}`));
  }
}

/**
 * The failed tests of a TAP report, each with its diagnostics (error, location), innermost first.
 * Printed again at the very end, where a CI log that keeps only its tail still shows them.
 */
function notOk(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!match) continue;
    const block = [];
    for (let j = i + 1; j < lines.length && block.length < 40; j += 1) {
      const line = lines[j];
      if (/^\s*\.\.\.$/.test(line)) break;
      if (/^\s*---$/.test(line)) continue;
      block.push(line.slice(match[1].length));
    }
    // A suite fails because a test in it failed; its own entry says only that.
    if (block.some((line) => /failureType: 'subtestsFailed'/.test(line))) continue;
    out.push([match[2], ...block].join('\n'));
  }
  return out;
}

function componentTests() {
  if (only.length && !only.includes('components')) return;
  const summary = '.tmp/wtr-summary.json';
  rmSync(summary, { force: true });
  const ok = run('components', ['--conditions=antom-source', '--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs']);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(summary, 'utf8'));
  } catch {
    counts.failed = 1;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed || (ok ? 0 : 1);
  totals.skipped += counts.skipped;
  if (!ok) failures.push('components');
}

const started = Date.now();
stage('lint', ['node_modules/eslint/bin/eslint.js', '.']);
stage('typecheck', ['node_modules/typescript/bin/tsc', '-b']);
stage('build', ['scripts/build.mjs', '--if-changed']);
// The frame tests use the frame just built instead of building their own copy per test file.
if (!failures.includes('build') && (only.length === 0 || only.includes('build'))) env.ANTOM_BUILT_FRAME = 'dist/frame';
const all = files('test', () => true);
nodeTests('unit', all.filter((f) => !f.startsWith('test/element/') && !f.startsWith('test/e2e/')), 2);
// The demo shop's tests once more against a real PostgreSQL server (the unit stage used PGlite).
const demoTests = all.filter((f) => f.startsWith('test/demo/'));
if (process.env.DEMO_TEST_DATABASE_URL) {
  nodeTests('demo-postgres', demoTests, 2, { DEMO_TEST_DB: 'postgres' });
} else if (only.length === 0 || only.includes('demo-postgres')) {
  console.log('\n=== demo-postgres: SKIPPED, DEMO_TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL server and sets it)');
  totals.skipped += demoTests.length;
}
nodeTests('e2e', all.filter((f) => f.startsWith('test/e2e/')), 1);
componentTests();

if (failedTests.length) console.log(`\nFailed tests:\n${failedTests.join('\n\n')}`);
console.log(`\nnpm test: ${((Date.now() - started) / 1000).toFixed(0)} s${failures.length ? `; failed stages: ${failures.join(', ')}` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length || totals.failed ? 1 : 0);

#!/usr/bin/env node
// `npm run bench:gateway`: signed authorizations per second through the sandbox gateway on this
// machine. The gateway runs in a process of its own (scripts/bench-gateway-server.ts), as it does
// beside a merchant's server; a Node client here (AntomClient: RSA-signs each request, verifies each
// answer's signature) keeps `--concurrency` `payments/pay` requests in flight for `--seconds`, over
// loopback HTTP, with a test card that is approved and captured manually (so every request is a full
// authorization). After one warm-up it measures `--runs` consecutive runs (default 5, as the bar asks)
// against the same gateway. Each run has two halves, as the bar has two parts ("at least 300 signed
// authorizations/s with p99 under 50 ms", scripts/bench-bars.ts): the rate, with `--concurrency`
// requests always in flight, which saturates the cores (its p99 is then queueing time, reported);
// and the latency at the bar's rate, `--rate` requests a second sent on a fixed schedule whatever
// the answers do (open loop: each latency counts from when its request was due, so a stall delays
// every request behind it and is counted in full), whose p99 is held to the bar. Client and gateway share the
// machine's cores, so the figure is a floor for the gateway alone. The gateway keeps its state in its
// database, as the CLI does (every answer waits for its write); `--memory` measures it without.
// `--json <file>` writes the figures for scripts/bench.ts.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSandbox } from '../gateway/src/index.js';
import { AntomClient } from '../src/server/index.js';
import { FIGURES, GATEWAY_RUNS } from './bench-bars.js';
import { percentile, verdictOf, type Measured, type PartReport } from './bench-report.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    concurrency: { type: 'string' },
    rate: { type: 'string' },
    runs: { type: 'string' },
    memory: { type: 'boolean' },
    json: { type: 'string' },
  },
});
const seconds = Number(values.seconds ?? '5');
const concurrency = Number(values.concurrency ?? '16');
const runs = Number(values.runs ?? String(GATEWAY_RUNS));
const rate = Number(values.rate ?? String(FIGURES['gateway.rate.1']?.bar?.limit ?? 300));
if (
  !Number.isFinite(seconds) ||
  seconds <= 0 ||
  seconds > 120 ||
  !Number.isInteger(concurrency) ||
  concurrency < 1 ||
  !Number.isInteger(runs) ||
  runs < 1 ||
  runs > 20 ||
  !Number.isFinite(rate) ||
  rate <= 0 ||
  rate > 5000
) {
  console.error(
    'bench:gateway: --seconds must be in (0, 120], --concurrency a positive integer, --runs an integer from 1 to 20, --rate in (0, 5000]',
  );
  process.exit(2);
}

const sandboxDir = mkdtempSync(join(tmpdir(), 'antom-bench-'));
const sandbox = ensureSandbox(sandboxDir);
const server = fork(new URL('./bench-gateway-server.ts', import.meta.url), [], {
  execArgv: ['--conditions=antom-source', '--import', 'tsx'],
  env: { ...process.env, BENCH_SANDBOX_DIR: sandboxDir, BENCH_MEMORY: values.memory ? '1' : '0' },
});
/** The next message of the gateway's process. */
const reply = <T>(): Promise<T> =>
  new Promise((resolve, reject) => {
    const exited = (code: number | null): void => reject(new Error(`bench: the gateway process exited (${code})`));
    server.once('exit', exited);
    server.once('message', (message) => {
      server.off('exit', exited);
      resolve(message as T);
    });
  });
const gateway = await reply<{ origin: string; publicKeyPem: string }>();
const gatewayCpu = async (): Promise<NodeJS.CpuUsage> => {
  const answer = reply<{ cpu: NodeJS.CpuUsage }>();
  server.send('cpu');
  return (await answer).cpu;
};
const client = new AntomClient({
  clientId: sandbox.demoMerchant.clientId,
  privateKey: sandbox.demoMerchant.privateKeyPem,
  antomPublicKey: gateway.publicKeyPem,
  endpoint: gateway.origin,
});

let sequence = 0;
const latencies: number[] = [];
let failures = 0;

/** One authorization; its latency counts from `due` (when it should have been sent), now by default. */
async function authorizeOne(due = performance.now()): Promise<void> {
  const id = `bench_${process.pid}_${sequence++}`;
  const started = due;
  try {
    const answer = await client.pay({
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: id,
      paymentAmount: { currency: 'USD', value: '1000' },
      order: { orderDescription: 'bench', referenceOrderId: id, orderAmount: { currency: 'USD', value: '1000' } },
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: { cardNo: '4054695723100768', cvv: '123', expiryMonth: '12', expiryYear: '30' },
      },
      paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
      paymentRedirectUrl: 'https://shop.example/return',
    });
    if (answer.result.resultStatus !== 'S') failures++;
  } catch {
    failures++;
  }
  latencies.push(performance.now() - started);
}

// A warm-up (JIT of the JavaScript and of the database's WebAssembly, keep-alive sockets), not counted.
const deadlineWarm = performance.now() + 2000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadlineWarm) await authorizeOne();
  }),
);

/** One measured run: its rate, latency percentiles, failures and CPU time per authorization. */
interface Run {
  count: number;
  seconds: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
  gatewayCpuMs: number;
  clientCpuMs: number;
  /** The half at the bar's rate: latency percentiles and answers that were not a success. */
  paced: { p50: number; p95: number; p99: number; failures: number; count: number };
}

/** `rate` authorizations a second for `seconds`, each sent when due whatever the others do. */
async function paced(): Promise<Run['paced']> {
  latencies.length = 0;
  failures = 0;
  const started = performance.now();
  const total = Math.round(rate * seconds);
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(authorizeOne(due));
  }
  await Promise.all(inFlight);
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    failures,
    count: latencies.length,
  };
}

async function measure(): Promise<Run> {
  latencies.length = 0;
  failures = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const gatewayCpuBefore = await gatewayCpu();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await authorizeOne();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const gatewayCpuAfter = await gatewayCpu();
  const gatewayMs =
    (gatewayCpuAfter.user - gatewayCpuBefore.user + gatewayCpuAfter.system - gatewayCpuBefore.system) / 1000;
  const count = latencies.length;
  const saturated = { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
  const fails = failures;
  const atBar = await paced();
  return {
    count,
    seconds: elapsed,
    rate: count / elapsed,
    ...saturated,
    failures: fails,
    gatewayCpuMs: gatewayMs / count,
    clientCpuMs: (cpu.user + cpu.system) / 1000 / count,
    paced: atBar,
  };
}

const rateBar = FIGURES['gateway.rate.1']!.bar;
const p99Bar = FIGURES['gateway.p99.1']!.bar;
const results: Run[] = [];
console.log(
  `gateway: ${runs} run(s) of ${seconds} s, concurrency ${concurrency}, ` +
    (values.memory ? 'in memory' : 'stored in its database'),
);
/** A run holds when it reaches the bar's rate and, at that rate, keeps p99 under the bar. */
const holds = (result: Run): boolean =>
  verdictOf(result.rate, rateBar) === 'meets' && verdictOf(result.paced.p99, p99Bar) === 'meets';
for (let run = 1; run <= runs; run++) {
  const result = await measure();
  results.push(result);
  // CPU time does not depend on what else the machine runs, unlike the rate: it tells what one
  // authorization costs on each side when the cores are shared.
  console.log(
    `  run ${run}: ${result.count} in ${result.seconds.toFixed(1)} s = ${result.rate.toFixed(0)}/s ` +
      `(p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms at full load); at ${rate}/s: ` +
      `p50 ${result.paced.p50.toFixed(1)} ms, p95 ${result.paced.p95.toFixed(1)} ms, p99 ${result.paced.p99.toFixed(1)} ms ` +
      `(bars ${rateBar?.op} ${rateBar?.limit}/s, p99 ${p99Bar?.op} ${p99Bar?.limit} ms: ${holds(result) ? 'held' : 'missed'}); ` +
      `CPU per authorization: gateway ${result.gatewayCpuMs.toFixed(2)} ms, client ${result.clientCpuMs.toFixed(2)} ms; ` +
      `failed answers ${result.failures}`,
  );
}
const stopped = new Promise((resolve) => server.once('exit', resolve));
server.send('stop');
await stopped;
rmSync(sandboxDir, { recursive: true, force: true });

const held = results.filter(holds).length;
const failed = results.reduce((sum, result) => sum + result.failures + result.paced.failures, 0);
console.log(`  runs holding both bars: ${held} of ${runs}; failed answers: ${failed}`);

if (values.json) {
  const figures: Measured[] = results.flatMap((result, index) => [
    { id: `gateway.rate.${index + 1}`, value: result.rate, details: { count: result.count, seconds: result.seconds } },
    {
      id: `gateway.p99.${index + 1}`,
      value: result.paced.p99,
      details: { rate, count: result.paced.count, p50: result.paced.p50, p95: result.paced.p95 },
    },
    { id: `gateway.p99-saturated.${index + 1}`, value: result.p99, details: { p50: result.p50, p95: result.p95 } },
  ]);
  const cpu = results.map((result) => result.gatewayCpuMs);
  figures.push(
    { id: 'gateway.held', value: held, details: { runs, seconds, concurrency, rate, persisted: !values.memory } },
    { id: 'gateway.failures', value: failed },
    { id: 'gateway.cpu', value: cpu.reduce((sum, ms) => sum + ms, 0) / cpu.length, details: { perRun: cpu } },
  );
  const report: PartReport = { part: 'gateway', figures };
  writeFileSync(values.json, JSON.stringify(report));
}
process.exitCode = failed > 0 ? 1 : 0;

#!/usr/bin/env node
// `npm run bench:gateway`: signed authorizations per second through the sandbox gateway on this
// machine. The gateway runs in a process of its own (scripts/bench-gateway-server.ts), as it does
// beside a merchant's server; a Node client here (AntomClient: RSA-signs each request, verifies each
// answer's signature) keeps `--concurrency` `payments/pay` requests in flight for `--seconds`, over
// loopback HTTP, with a test card that is approved and captured manually (so every request is a full
// authorization). Prints requests/s and latency percentiles, and where they stand against the bar in
// docs/quality-bars.md (>= 300/s, p99 < 50 ms on 2 cores). Client and gateway share the machine's
// cores, so the figure is a floor for the gateway alone. The gateway keeps its state in its database,
// as the CLI does (every answer waits for its write); `--memory` measures it without.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSandbox } from '../gateway/src/index.js';
import { AntomClient } from '../src/server/index.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, concurrency: { type: 'string' }, memory: { type: 'boolean' } },
});
const seconds = Number(values.seconds ?? '5');
const concurrency = Number(values.concurrency ?? '16');
if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 120 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('bench:gateway: --seconds must be in (0, 120] and --concurrency a positive integer');
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
    server.once('message', (message) => resolve(message as T));
    server.once('exit', (code) => reject(new Error(`bench: the gateway process exited (${code})`)));
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

async function authorizeOne(): Promise<void> {
  const id = `bench_${process.pid}_${sequence++}`;
  const started = performance.now();
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
const stopped = new Promise((resolve) => server.once('exit', resolve));
server.send('stop');
await stopped;
rmSync(sandboxDir, { recursive: true, force: true });
const gatewayMs =
  (gatewayCpuAfter.user - gatewayCpuBefore.user + gatewayCpuAfter.system - gatewayCpuBefore.system) / 1000;

latencies.sort((a, b) => a - b);
const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
const rate = latencies.length / elapsed;
console.log(
  `gateway: ${latencies.length} signed authorizations in ${elapsed.toFixed(1)} s, concurrency ${concurrency}, ` +
    (values.memory ? 'in memory' : 'stored in its database'),
);
console.log(`  ${rate.toFixed(0)}/s (bar >= 300/s: ratio ${(rate / 300).toFixed(2)})`);
console.log(
  `  latency p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms ` +
    `(bar p99 < 50 ms: ratio ${(at(0.99) / 50).toFixed(2)})`,
);
// CPU time does not depend on what else the machine runs, unlike the rate: it tells what one
// authorization costs on each side when the cores are shared.
console.log(
  `  CPU per authorization: gateway ${(gatewayMs / latencies.length).toFixed(2)} ms, ` +
    `client ${((cpu.user + cpu.system) / 1000 / latencies.length).toFixed(2)} ms`,
);
console.log(`  failed answers: ${failures}`);
process.exitCode = failures > 0 ? 1 : 0;

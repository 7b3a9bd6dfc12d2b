#!/usr/bin/env node
// A soak of the sandbox gateway on loopback (issue 14, resource bounds): how slow clients change
// the latency of everyone else, and whether memory comes back once sessions expire. The gateway
// runs in a process of its own (this script, forked with BENCH_SOAK_ROLE=gateway, in memory, on its
// default clock). The client creates `--sessions` signed sessions with `--concurrency` in flight,
// first alone, then while `--slow` clients dribble header bytes from other loopback addresses;
// then it moves the sandbox clock past expiry and retention. It prints p50/p99 of each run and
// their ratio, the gateway's CPU per session, and its heap (after a full collection) at baseline,
// at its peak and after expiry. Run: node --conditions=antom-source --import tsx scripts/bench-soak.ts
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSandbox, EXPIRED_SESSION_RETENTION_MS, startGateway } from '../gateway/src/index.js';
import { AntomClient } from '../src/server/index.js';

/** What the client asks of the gateway's process. */
type Command = 'probe' | 'stop';

/** The gateway's answer to `probe`. */
interface Probe {
  /** Heap in use after a full collection, bytes. */
  heapUsed: number;
  /** The gateway's CPU time so far. */
  cpu: NodeJS.CpuUsage;
  /** `engine.stats()`. */
  stats: Record<string, number>;
}

const SLOW_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

if (process.env['BENCH_SOAK_ROLE'] === 'gateway') await serveGateway();
else await runClient();

async function serveGateway(): Promise<void> {
  const sandboxDir = process.env['BENCH_SANDBOX_DIR'];
  if (!sandboxDir || !process.send) throw new Error('bench-soak: the gateway role is started by the client');
  const gateway = await startGateway({
    port: 0,
    issuerPort: 0,
    sandboxDir,
    log: () => undefined,
    seed: 1,
  });
  const collect = (globalThis as { gc?: () => void }).gc;
  process.send({ origin: gateway.origin, publicKeyPem: gateway.publicKeyPem });
  process.on('message', (command: Command) => {
    if (command === 'probe') {
      collect?.();
      collect?.();
      const probe: Probe = {
        heapUsed: process.memoryUsage().heapUsed,
        cpu: process.cpuUsage(),
        stats: { ...gateway.engine.stats() },
      };
      process.send?.(probe);
    }
    if (command === 'stop') void gateway.close().then(() => process.exit(0));
  });
}

async function runClient(): Promise<void> {
  const { values } = parseArgs({
    options: { sessions: { type: 'string' }, slow: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const sessions = Number(values.sessions ?? '3000');
  const slowCount = Number(values.slow ?? '200');
  const concurrency = Number(values.concurrency ?? '16');
  if (![sessions, slowCount, concurrency].every((n) => Number.isInteger(n) && n >= 0) || concurrency < 1) {
    console.error('bench-soak: --sessions, --slow and --concurrency must be whole numbers (concurrency >= 1)');
    process.exit(2);
  }

  const sandboxDir = mkdtempSync(join(tmpdir(), 'antom-soak-'));
  const sandbox = ensureSandbox(sandboxDir);
  const server = fork(new URL(import.meta.url), [], {
    execArgv: ['--conditions=antom-source', '--import', 'tsx', '--expose-gc'],
    env: { ...process.env, BENCH_SOAK_ROLE: 'gateway', BENCH_SANDBOX_DIR: sandboxDir },
  });
  const reply = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      server.once('message', (message) => resolve(message as T));
      server.once('exit', (code) => reject(new Error(`bench-soak: the gateway process exited (${code})`)));
    });
  const gateway = await reply<{ origin: string; publicKeyPem: string }>();
  const probe = async (): Promise<Probe> => {
    const answer = reply<Probe>();
    server.send('probe');
    return answer;
  };
  const client = new AntomClient({
    clientId: sandbox.demoMerchant.clientId,
    privateKey: sandbox.demoMerchant.privateKeyPem,
    antomPublicKey: gateway.publicKeyPem,
    endpoint: gateway.origin,
    // Signed times follow the gateway's clock, which the soak moves forward.
    now: () => Date.now() + advancedMs,
  });
  let advancedMs = 0;
  const advanceClock = async (ms: number): Promise<void> => {
    const answer = await fetch(`${gateway.origin}/sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    });
    if (!answer.ok) throw new Error(`bench-soak: clock advance answered ${answer.status}`);
    advancedMs += ms;
  };

  let sequence = 0;
  let failures = 0;
  /** Creates `count` sessions, `concurrency` at a time; returns their latencies, sorted. */
  const createSessions = async (count: number): Promise<number[]> => {
    const latencies: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next += 1;
          const id = `soak_${process.pid}_${sequence++}`;
          const started = performance.now();
          try {
            const answer = await client.createPaymentSession({
              productCode: 'CASHIER_PAYMENT',
              paymentRequestId: id,
              paymentAmount: { currency: 'USD', value: '1000' },
              order: {
                orderDescription: 'soak',
                referenceOrderId: id,
                orderAmount: { currency: 'USD', value: '1000' },
              },
              paymentMethod: { paymentMethodType: 'CARD' },
              paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
              paymentRedirectUrl: 'https://shop.example/return',
            });
            if (answer.result.resultStatus !== 'S') failures += 1;
          } catch {
            failures += 1;
          }
          latencies.push(performance.now() - started);
        }
      }),
    );
    return latencies.sort((a, b) => a - b);
  };
  const at = (sorted: number[], q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

  const port = Number(new URL(gateway.origin).port);
  const slowSockets = new Set<Socket>();
  let slowStopped = false;
  const openSlow = (address: string): void => {
    if (slowStopped) return;
    const socket = connect({ host: '127.0.0.1', port, localAddress: address }, () => {
      socket.write('POST /sdk/v1/payments HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    });
    slowSockets.add(socket);
    const drip = setInterval(() => socket.writable && socket.write('a'), 200);
    socket.on('error', () => undefined);
    socket.resume();
    socket.once('close', () => {
      clearInterval(drip);
      slowSockets.delete(socket);
      openSlow(address);
    });
  };

  try {
    // Warm-up (JIT, sockets), then let it expire so the baseline holds no session.
    await createSessions(Math.min(500, sessions));
    await advanceClock(EXPIRED_SESSION_RETENTION_MS + 2 * 60 * 60 * 1000);
    const baseline = await probe();

    const alone = await createSessions(sessions);
    const afterAlone = await probe();
    for (let i = 0; i < slowCount; i += 1) openSlow(SLOW_ADDRESSES[i % SLOW_ADDRESSES.length]!);
    const withSlow = await createSessions(sessions);
    const peak = await probe();
    slowStopped = true;
    for (const socket of slowSockets) socket.destroy();
    await advanceClock(EXPIRED_SESSION_RETENTION_MS + 2 * 60 * 60 * 1000);
    const expired = await probe();

    const cpuMs = (from: Probe, to: Probe): number =>
      (to.cpu.user - from.cpu.user + to.cpu.system - from.cpu.system) / 1000;
    const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    const line = (name: string, sorted: number[], cpu: number): string =>
      `  ${name}: p50 ${at(sorted, 0.5).toFixed(1)} ms, p99 ${at(sorted, 0.99).toFixed(1)} ms, ` +
      `gateway CPU ${(cpu / sorted.length).toFixed(2)} ms per session`;
    console.log(`soak: ${sessions} signed sessions per run, concurrency ${concurrency}, ${slowCount} slow clients`);
    console.log(line('alone            ', alone, cpuMs(baseline, afterAlone)));
    console.log(line('with slow clients', withSlow, cpuMs(afterAlone, peak)));
    console.log(
      `  ratio with/without: p50 ${(at(withSlow, 0.5) / at(alone, 0.5)).toFixed(2)}, ` +
        `p99 ${(at(withSlow, 0.99) / at(alone, 0.99)).toFixed(2)}`,
    );
    console.log(
      `  gateway heap: baseline ${mb(baseline.heapUsed)}, peak ${mb(peak.heapUsed)} ` +
        `(${peak.stats['sessions']} sessions), after expiry ${mb(expired.heapUsed)} (${expired.stats['sessions']} sessions)`,
    );
    console.log(`  failed answers: ${failures}`);
    process.exitCode = failures > 0 || expired.stats['sessions'] !== 0 ? 1 : 0;
  } finally {
    slowStopped = true;
    for (const socket of slowSockets) socket.destroy();
    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.send('stop');
    await stopped;
    rmSync(sandboxDir, { recursive: true, force: true });
  }
}

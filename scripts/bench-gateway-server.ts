// The gateway side of `npm run bench:gateway`, in a process of its own (as a merchant's server and
// the gateway are; the element bench uses it too): started with an IPC channel, it starts the sandbox
// gateway on a free loopback port, or BENCH_GATEWAY_PORT (keeping its state in a database unless
// BENCH_MEMORY=1; on a clock that stands still unless BENCH_SYSTEM_CLOCK=1), sends its origin and
// public key, answers `cpu` with its own CPU time and `gc` with how long a full garbage collection
// takes in it (when started with --expose-gc), and closes on `stop`.
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { ensureSandbox, GATEWAY_DB_DIR, ManualClock, startGateway, tuneHeapForGateway } from '../gateway/src/index.js';

/** What the bench asks of this process. */
type Command = 'cpu' | 'gc' | 'stop';

/** Full collections timed for `gc`, after two that are not. */
const TIMED_COLLECTIONS = 5;

/** Full garbage collections V8 ran here on its own (the timed ones are not counted). */
let ownFullCollections = 0;
let timing = false;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR && !timing) ownFullCollections += 1;
  }
}).observe({ entryTypes: ['gc'] });

/**
 * The median time of a full, non-incremental garbage collection here, the heap it leaves, and how
 * many full collections V8 ran on its own so far; `null` without --expose-gc.
 */
function fullCollection(): { ms: number; heapBytes: number; ownFullCollections: number } | null {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return null;
  const own = ownFullCollections;
  timing = true;
  collect();
  collect();
  const times: number[] = [];
  for (let index = 0; index < TIMED_COLLECTIONS; index++) {
    const started = performance.now();
    collect();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  // The observer hears of a collection after it: stop ignoring them once those are in.
  setImmediate(() => (timing = false));
  return {
    ms: times[Math.floor(times.length / 2)]!,
    heapBytes: process.memoryUsage().heapUsed,
    ownFullCollections: own,
  };
}

const sandboxDir = process.env['BENCH_SANDBOX_DIR'];
if (!sandboxDir || !process.send) {
  console.error('bench-gateway-server: start it from scripts/bench-gateway.ts');
  process.exit(2);
}
// Configured as `antom-sandbox` configures its process (gateway/src/heap-tuning.ts).
tuneHeapForGateway();
ensureSandbox(sandboxDir);
const gateway = await startGateway({
  port: Number(process.env['BENCH_GATEWAY_PORT'] ?? 0),
  issuerPort: 0,
  sandboxDir,
  // The element bench's shop signs with the wall clock; the gateway bench's own client with this one.
  ...(process.env['BENCH_SYSTEM_CLOCK'] === '1' ? {} : { clock: new ManualClock() }),
  log: () => {},
  seed: 1,
  ...(process.env['BENCH_MEMORY'] === '1' ? {} : { dataDir: join(sandboxDir, GATEWAY_DB_DIR) }),
});
process.send({ origin: gateway.origin, publicKeyPem: gateway.publicKeyPem });
process.on('message', (command: Command) => {
  if (command === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (command === 'gc') process.send?.({ gc: fullCollection() });
  if (command === 'stop') void gateway.close().then(() => process.exit(0));
});

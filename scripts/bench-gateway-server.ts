// The gateway side of `npm run bench:gateway`, in a process of its own (as a merchant's server and
// the gateway are; the element bench uses it too): started with an IPC channel, it starts the sandbox
// gateway on a free loopback port, or BENCH_GATEWAY_PORT (keeping its state in a database unless
// BENCH_MEMORY=1; on a clock that stands still unless BENCH_SYSTEM_CLOCK=1), sends its origin and
// public key, answers `cpu` with its own CPU time and `gc` with how long a full garbage collection
// takes in it (when started with --expose-gc), and closes on `stop`.
import { join } from 'node:path';
import { ensureSandbox, GATEWAY_DB_DIR, ManualClock, startGateway } from '../gateway/src/index.js';

/** What the bench asks of this process. */
type Command = 'cpu' | 'gc' | 'stop';

/** Full collections timed for `gc`, after two that are not. */
const TIMED_COLLECTIONS = 5;

/** The median time of a full, non-incremental garbage collection here, and the heap it leaves; `null` without --expose-gc. */
function fullCollection(): { ms: number; heapBytes: number } | null {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return null;
  collect();
  collect();
  const times: number[] = [];
  for (let index = 0; index < TIMED_COLLECTIONS; index++) {
    const started = performance.now();
    collect();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, heapBytes: process.memoryUsage().heapUsed };
}

const sandboxDir = process.env['BENCH_SANDBOX_DIR'];
if (!sandboxDir || !process.send) {
  console.error('bench-gateway-server: start it from scripts/bench-gateway.ts');
  process.exit(2);
}
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

/**
 * A bounded soak on loopback (ours; docs/security.md "resource bounds"): a thousand signed
 * sessions while two hundred slow clients dribble their headers from other loopback addresses.
 * Every well-behaved call is answered, and once the sessions expired (the sandbox clock moves, no
 * waiting) the engine's maps are back at their baseline and the heap gave back what they held.
 * Latency is not asserted here: `scripts/bench-soak.ts` compares it with and without slow clients.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { EXPIRED_SESSION_RETENTION_MS, MAX_CONNECTIONS_PER_ADDRESS } from '../../gateway/src/index.js';
import { collectGarbage } from '../support/gc.js';
import { send } from '../support/http.js';
import { startTestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { createSession, newSessionData, resultCode, sessionView } from './calls.js';

const SESSIONS = 1000;
const SLOW_CLIENTS = 200;
/** Slow clients come from these addresses (all loopback), each under the per-address limit. */
const SLOW_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
/** Past a session's lifetime and the day it is kept after its expiry. */
const PAST_RETENTION = EXPIRED_SESSION_RETENTION_MS + 2 * 60 * 60 * 1000;

/** Heap in use after a full collection, in bytes. */
function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * Slow clients: each opens a connection, sends a request line and then one header byte every
 * 200 ms, and opens a new connection when the gateway cuts it off, until stopped.
 */
function slowClients(port: number, count: number): { open: () => number; stop: () => void } {
  const sockets = new Set<Socket>();
  let stopped = false;
  const start = (address: string): void => {
    if (stopped) return;
    const socket = connect({ host: '127.0.0.1', port, localAddress: address }, () => {
      socket.write('POST /sdk/v1/payments HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    });
    sockets.add(socket);
    const drip = setInterval(() => socket.writable && socket.write('a'), 200);
    drip.unref();
    socket.on('error', () => undefined);
    socket.resume();
    socket.once('close', () => {
      clearInterval(drip);
      sockets.delete(socket);
      start(address);
    });
  };
  for (let i = 0; i < count; i += 1) start(SLOW_ADDRESSES[i % SLOW_ADDRESSES.length]!);
  return {
    open: () => [...sockets].filter((socket) => !socket.connecting && !socket.destroyed).length,
    stop: () => {
      stopped = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe('soak: a thousand sessions and slow clients', () => {
  it('serves every other client, then returns to its baseline once the sessions expired', async () => {
    assert.ok(SLOW_CLIENTS / SLOW_ADDRESSES.length < MAX_CONNECTIONS_PER_ADDRESS);
    // The test kit's log keeps every line; this gateway's log keeps none, so the heap is the gateway's.
    const t = await startTestGateway({ log: () => undefined });
    const slow = slowClients(Number(new URL(t.gateway.origin).port), SLOW_CLIENTS);
    try {
      const origin = t.gateway.origin;
      const engine = t.gateway.engine;
      // Warm up (code paths, caches, free lists), let that expire, then take the baseline.
      for (let i = 0; i < 200; i += 1) assert.equal(resultCode(await createSession(origin)), 'SUCCESS');
      t.clock.advance(PAST_RETENTION);
      await waitFor(() => engine.stats().sessions === 0, { message: 'warm-up sessions purged' });
      await waitFor(() => slow.open() === SLOW_CLIENTS, { timeout: 10_000, message: 'slow clients connected' });
      const baseline = engine.stats();
      const baseHeap = heapUsed();

      // Normal clients: merchants creating sessions and, every so often, a frame reading its
      // session and the sandbox admin reading the clock.
      let next = 0;
      const viewer = await newSessionData(origin);
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < SESSIONS) {
            next += 1;
            const answer = await createSession(origin);
            assert.equal(resultCode(answer), 'SUCCESS', answer.text);
            if (next % 50 === 0) {
              assert.equal(resultCode(await sessionView(origin, viewer.data)), 'SUCCESS');
              assert.equal((await send(`${origin}/sandbox/clock`)).status, 200);
            }
          }
        }),
      );
      // Cut off after 10 s, they come back: wait for them rather than catch them reconnecting.
      await waitFor(() => slow.open() > SLOW_CLIENTS / 2, { timeout: 10_000, message: 'slow clients still there' });
      const grown = engine.stats();
      assert.equal(grown.sessions - baseline.sessions, SESSIONS + 1);
      const peakHeap = heapUsed();

      t.clock.advance(PAST_RETENTION);
      await waitFor(() => engine.stats().sessions === baseline.sessions, { message: 'expired sessions purged' });
      assert.deepEqual(engine.stats(), baseline, 'every per-session map is back to its baseline');
      const afterHeap = heapUsed();
      const held = peakHeap - baseHeap;
      const left = afterHeap - baseHeap;
      const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
      assert.ok(held > 0, `the sessions took heap (${mb(held)})`);
      assert.ok(left < held / 2, `after expiry ${mb(left)} of the ${mb(held)} the sessions held is left`);
    } finally {
      slow.stop();
      await t.close();
    }
  });
});

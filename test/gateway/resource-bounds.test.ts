/**
 * One bad client cannot exhaust the gateway (ours; docs/security.md): an address holds at most
 * MAX_CONNECTIONS_PER_ADDRESS connections, and a request whose headers or body come too slowly is
 * cut off, while other clients are served. Slow clients connect from 127.0.0.2 (still loopback),
 * so the well-behaved client on 127.0.0.1 is another address.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { MAX_CONNECTIONS_PER_ADDRESS } from '../../gateway/src/index.js';
import { send } from '../support/http.js';
import { startTestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';

/** Opens a connection from 127.0.0.2 that sends `start` (by default the start of a request's headers) and then nothing. */
function slowClient(port: number, start = 'POST /sdk/v1/payments HTTP/1.1\r\nHost: 127.0.0.1\r\n'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' }, () => {
      socket.write(start);
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
    // Read what the server says, so its closing is seen (a paused socket never ends).
    socket.resume();
  });
}

describe('resource bounds', () => {
  it('closes connections of one address beyond its limit and still serves other clients', async () => {
    const t = await startTestGateway();
    const sockets: Socket[] = [];
    try {
      const port = Number(new URL(t.gateway.origin).port);
      for (let i = 0; i < MAX_CONNECTIONS_PER_ADDRESS + 36; i += 1) sockets.push(await slowClient(port));
      await waitFor(() => sockets.filter((socket) => socket.destroyed || socket.readableEnded).length === 36, {
        timeout: 5000,
        message: 'the connections over the limit closed',
      });
      const served = await send(`${t.gateway.origin}/sandbox/clock`);
      assert.equal(served.status, 200, 'another client is served while the slow ones hold their connections');
    } finally {
      for (const socket of sockets) socket.destroy();
      await t.close();
    }
  });

  it('cuts off a client that sends its headers or its body too slowly', async () => {
    const t = await startTestGateway({ requestTimeoutsMs: { headers: 300, request: 600 } });
    try {
      const port = Number(new URL(t.gateway.origin).port);
      const headers = await slowClient(port);
      const answered: string[] = [];
      headers.on('data', (chunk: Buffer) => answered.push(chunk.toString('latin1')));
      // An admin endpoint that reads its body: the headers arrive, the body never completes.
      const body = await slowClient(
        port,
        `POST /sandbox/clock/advance HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
          'Content-Length: 100\r\n\r\n{"ms":',
      );
      await waitFor(() => headers.readableEnded || headers.destroyed, { timeout: 5000, message: 'slow headers cut off' });
      await waitFor(() => body.readableEnded || body.destroyed, { timeout: 5000, message: 'slow body cut off' });
      assert.match(answered.join(''), /^HTTP\/1\.1 4\d\d /, 'with an error status, not silence');
      assert.equal((await send(`${t.gateway.origin}/sandbox/clock`)).status, 200);
    } finally {
      await t.close();
    }
  });
});

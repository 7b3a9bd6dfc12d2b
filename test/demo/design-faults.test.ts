/**
 * (ours) The design review's fault switches: the shop arms the sandbox gateway's `delay` or `hold`
 * for the next card payments only when it was given a gateway with fault injection, only for its
 * own pages, and with a strict body; it reports how many payments the fault will still meet.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { post } from '../support/http.js';
import { startDemoFixture, startTestServers, type TestServers } from '../support/servers.js';
import { sessionReply } from '../support/fake-antom.js';

type ErrorBody = { error: { code: string; message: string } };

describe('POST /api/design/faults', () => {
  let servers: TestServers;
  before(async () => {
    servers = await startTestServers({ faultInjection: true });
  });
  after(async () => {
    await servers?.close();
  });

  it('arms the gateway fault for exactly the next card payments and tells how many it will still meet', async () => {
    const armed = await post(`${servers.demoOrigin}/api/design/faults`, { kind: 'hold', count: 2 });
    assert.equal(armed.status, 200, armed.text);
    const id = (armed.json as { id: string }).id;
    assert.match(id, /^fault-\d+$/);
    const state = (await (await fetch(`${servers.gateway.origin}/sandbox/faults`)).json()) as {
      faults: Array<{ id: string; kind: string; path: string; remaining: number }>;
    };
    assert.deepEqual(
      state.faults.filter((fault) => fault.id === id).map(({ kind, path, remaining }) => ({ kind, path, remaining })),
      [{ kind: 'hold', path: '/sdk/v1/payments', remaining: 2 }],
    );
    const remaining = await fetch(`${servers.demoOrigin}/api/design/faults/${id}`);
    assert.deepEqual(await remaining.json(), { remaining: 2 });
    assert.equal((await fetch(`${servers.demoOrigin}/api/design/faults/fault-999999`)).status, 404);
  });

  it('refuses other sites, other faults and counts beyond a row', async () => {
    const url = `${servers.demoOrigin}/api/design/faults`;
    const foreign = await post(
      url,
      { kind: 'delay', count: 1 },
      {
        'content-type': 'application/json',
        origin: 'https://attacker.example',
      },
    );
    assert.equal(foreign.status, 403);
    for (const body of [
      { kind: 'drop', count: 1 },
      { kind: 'delay', count: 11 },
      { kind: 'delay', count: 1.5 },
      { kind: 'delay' },
    ]) {
      const refused = await post(url, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal((refused.json as ErrorBody).error.code, 'INVALID_REQUEST');
    }
  });
});

it('a shop without a fault-injecting gateway says the design review cannot arm one', async () => {
  const fixture = await startDemoFixture(() => sessionReply());
  try {
    const refused = await post(`${fixture.base}/api/design/faults`, { kind: 'delay', count: 1 });
    assert.equal(refused.status, 404);
    assert.equal((refused.json as ErrorBody).error.code, 'NOT_AVAILABLE');
    assert.match((refused.json as ErrorBody).error.message, /--faults/);
    assert.equal(fixture.antom.requests.length, 0);
  } finally {
    await fixture.close();
  }
});

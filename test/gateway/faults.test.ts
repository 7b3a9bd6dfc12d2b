/**
 * (ours) The sandbox's fault injection admin over real HTTP: each fault hits exactly the requests
 * it was armed for, never authorizes twice, and the admin is absent unless asked for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CARDS, card } from '../support/cards.js';
import { send, type Answer } from '../support/http.js';
import { startTestGateway, type TestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { frameHeaders, inquire, newKey, newSessionData, pay, resultCode, sdkPost } from './calls.js';

function admin(origin: string, path: string, body?: unknown): Promise<Answer> {
  return send(`${origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Successful AUTHORIZATION entries of every payment of the gateway. */
function authorizations(t: TestGateway): number {
  return t.gateway.engine
    .listPayments()
    .flatMap((payment) => payment.transactions)
    .filter((entry) => entry.type === 'AUTHORIZATION' && entry.status === 'SUCCESS').length;
}

describe('fault injection (ours)', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ faultInjection: true });
  });
  after(() => t.close());

  it('drop: the payment is recorded, the answer is lost, the same key gets the stored answer', async () => {
    const origin = t.gateway.origin;
    const before = authorizations(t);
    assert.equal(resultCode(await admin(origin, '/sandbox/faults', { kind: 'drop' })), 'SUCCESS');
    const { data } = await newSessionData(origin);
    const key = newKey();
    await assert.rejects(pay(origin, data, card(CARDS.visa.approved), key));
    assert.equal(authorizations(t), before + 1);
    const again = await pay(origin, data, card(CARDS.visa.approved), key);
    assert.equal(resultCode(again), 'SUCCESS');
    assert.equal(authorizations(t), before + 1);
  });

  it('error before: 503 and nothing recorded; after: recorded, 500, and the replay succeeds once', async () => {
    const origin = t.gateway.origin;
    const before = authorizations(t);
    await admin(origin, '/sandbox/faults', { kind: 'error' });
    const { data } = await newSessionData(origin);
    const key = newKey();
    const refused = await pay(origin, data, card(CARDS.visa.approved), key);
    assert.equal(refused.status, 503);
    assert.equal(authorizations(t), before);
    await admin(origin, '/sandbox/faults', { kind: 'error', status: 500, when: 'after' });
    const failed = await pay(origin, data, card(CARDS.visa.approved), key);
    assert.equal(failed.status, 500);
    assert.equal(authorizations(t), before + 1);
    assert.equal(resultCode(await pay(origin, data, card(CARDS.visa.approved), key)), 'SUCCESS');
    assert.equal(authorizations(t), before + 1);
  });

  it('delay: the answer waits for its release', async () => {
    const origin = t.gateway.origin;
    await admin(origin, '/sandbox/faults', { kind: 'delay' });
    const { data } = await newSessionData(origin);
    const answer = pay(origin, data, card(CARDS.visa.approved));
    const held = await waitFor(async () => {
      const state = (await admin(origin, '/sandbox/faults')).json as { held: Array<{ id: string }> };
      return state.held[0];
    });
    assert.equal(resultCode(await admin(origin, '/sandbox/faults/release', { id: held.id })), 'SUCCESS');
    assert.equal(resultCode(await answer), 'SUCCESS');
  });

  it('hold: the payment stays in process until settled, then the session inquiry tells the final state', async () => {
    const origin = t.gateway.origin;
    await admin(origin, '/sandbox/faults', { kind: 'hold', count: 2 });
    const { data, requestId } = await newSessionData(origin);
    const held = await pay(origin, data, card(CARDS.visa.approved));
    assert.equal(resultCode(held), 'PAYMENT_IN_PROCESS');
    assert.equal(held.json['paymentStatus'], 'PROCESSING');
    const paymentId = String(held.json['paymentId']);
    const inquiry = (): Promise<Answer> =>
      send(`${origin}/sdk/v1/payments/inquiry`, {
        method: 'POST',
        headers: frameHeaders(origin),
        body: JSON.stringify({ paymentSessionData: data }),
      });
    assert.equal((await inquiry()).json['paymentStatus'], 'PROCESSING');
    const settled = await admin(origin, '/sandbox/payments/settle', { paymentId, outcome: 'SUCCESS' });
    assert.equal(settled.json['paymentStatus'], 'SUCCESS');
    const after = await inquiry();
    assert.equal(resultCode(after), 'SUCCESS');
    assert.equal(after.json['paymentId'], paymentId);
    assert.equal((await inquire(origin, { paymentRequestId: requestId })).json['paymentStatus'], 'SUCCESS');
    const entries = t.gateway.engine.payment(paymentId)?.transactions.filter((entry) => entry.type === 'AUTHORIZATION');
    assert.deepEqual(
      entries?.map((entry) => entry.status),
      ['SUCCESS'],
    );
    const again = await admin(origin, '/sandbox/payments/settle', { paymentId, outcome: 'FAIL' });
    assert.equal(again.status, 409);

    const second = await newSessionData(origin);
    const pending = await pay(origin, second.data, card(CARDS.visa.approved));
    const declined = await admin(origin, '/sandbox/payments/settle', {
      paymentId: String(pending.json['paymentId']),
      outcome: 'FAIL',
      resultCode: 'USER_BALANCE_NOT_ENOUGH',
    });
    assert.equal(declined.json['paymentStatus'], 'FAIL');
    const answer = await sdkPost(origin, '/sdk/v1/payments/inquiry', { paymentSessionData: second.data });
    assert.equal(resultCode(answer), 'USER_BALANCE_NOT_ENOUGH');
    assert.equal(answer.json['paymentStatus'], 'FAIL');
  });

  it('hits an Open API path too, once', async () => {
    const origin = t.gateway.origin;
    const { data, requestId } = await newSessionData(origin);
    assert.equal(resultCode(await pay(origin, data, card(CARDS.visa.approved))), 'SUCCESS');
    await admin(origin, '/sandbox/faults', { kind: 'error', path: '/ams/sandbox/api/v1/payments/inquiryPayment' });
    assert.equal((await inquire(origin, { paymentRequestId: requestId })).status, 503);
    assert.equal((await inquire(origin, { paymentRequestId: requestId })).json['paymentStatus'], 'SUCCESS');
  });

  it('refuses a path that is neither an SDK endpoint nor an Open API path, and clears', async () => {
    const origin = t.gateway.origin;
    const refused = await admin(origin, '/sandbox/faults', { kind: 'drop', path: '/sandbox/clock' });
    assert.equal(refused.status, 400);
    await admin(origin, '/sandbox/faults', { kind: 'error', count: 3 });
    assert.equal(resultCode(await admin(origin, '/sandbox/faults/clear', {})), 'SUCCESS');
    const state = (await admin(origin, '/sandbox/faults')).json as { faults: unknown[] };
    assert.deepEqual(state.faults, []);
  });
});

describe('fault injection is off by default', () => {
  it('mounts no fault admin, and refuses to start it on a non-loopback host', async () => {
    const t = await startTestGateway();
    try {
      const answer = await admin(t.gateway.origin, '/sandbox/faults', { kind: 'drop' });
      assert.equal(answer.status, 404);
    } finally {
      await t.close();
    }
    await assert.rejects(startTestGateway({ faultInjection: true, host: '0.0.0.0' }), /loopback/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemo, type RunningDemo } from '../../demo/server.js';
import { CARDS, card } from '../support/cards.js';
import { post } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { signNotification } from '../support/notifications.js';
import { startClientTestGateway, type TestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { openTestDatabase, type TestDatabase } from '../support/demo-db.js';

let fixture: TestGateway;
let demo: RunningDemo;
let base: string;
const logs: string[] = [];

type SessionAnswer = {
  paymentSessionData: string;
  paymentSessionId: string;
  paymentSessionExpiryTime: string;
  orderId: string;
};

async function checkout(body: unknown): Promise<SessionAnswer> {
  const answer = await post(`${base}/api/checkout/session`, body);
  assert.equal(answer.status, 200, answer.text);
  return answer.json as SessionAnswer;
}

describe('demo shop with the sandbox gateway', () => {
  let database: TestDatabase;
  before(async () => {
    fixture = await startClientTestGateway();
    database = await openTestDatabase();
    demo = await startDemo({ port: 0, client: fixture.client(), database, log: (line) => logs.push(line) });
    base = `http://127.0.0.1:${demo.port}`;
  });
  after(async () => {
    await demo.close();
    await database.close();
    await fixture.close();
  });

  it('creates a session end to end that the gateway recognizes', async () => {
    const session = await checkout({ amount: { currency: 'USD', value: '4200' }, captureMode: 'MANUAL' });
    assert.equal(session.paymentSessionData.split('&&').length, 4);
    const stored = fixture.gateway.engine.session(session.paymentSessionId);
    assert.ok(stored, 'the gateway knows the session');
    const order = await demo.orders.get(session.orderId);
    assert.equal(order?.status, 'CREATED');
    assert.equal(order?.paymentSessionId, session.paymentSessionId);
    const view = fixture.gateway.engine.sessionView(session.paymentSessionData, `http://localhost:${demo.port}`);
    assert.ok(view.ok);
    assert.deepEqual(view.value.amount, { currency: 'USD', value: '4200' });
    assert.equal(view.value.captureMode, 'MANUAL');
  });

  it('marks an automatic-capture order AUTHORIZED then CAPTURED from the gateway notifications', async () => {
    const session = await checkout({});
    const paid = await fixture.gateway.engine.submitPayment({
      paymentSessionData: session.paymentSessionData,
      idempotencyKey: `key_${session.orderId}`,
      method: { kind: 'CARD', card: card(CARDS.mastercard.approved), saveCard: undefined },
    });
    assert.ok(paid.ok);
    const order = await waitFor(async () => {
      const stored = await demo.orders.get(session.orderId);
      return stored?.status === 'CAPTURED' && stored;
    });
    assert.deepEqual(
      order.history.map((event) => [event.type, event.statusAfter]),
      [
        ['PAYMENT_RESULT', 'AUTHORIZED'],
        ['CAPTURE_RESULT', 'CAPTURED'],
      ],
    );
    assert.deepEqual(order.card, { brand: 'MASTERCARD', last4: '4622' });
    assert.match(order.acquirer ?? '', /\S/);
    assert.match(order.paymentId ?? '', /\S/);
    await waitFor(() =>
      fixture.gateway.engine.notifications
        .list()
        .some((record) => record.paymentRequestId === order.paymentRequestId && record.status === 'ACKNOWLEDGED'),
    );
    assert.doesNotMatch(logs.join('\n'), new RegExp(`${CARDS.mastercard.approved}|5162 7741`));
  });

  it('marks a declined payment FAILED with the decline code', async () => {
    const session = await checkout({});
    await fixture.gateway.engine.submitPayment({
      paymentSessionData: session.paymentSessionData,
      idempotencyKey: `key_${session.orderId}`,
      method: { kind: 'CARD', card: card(CARDS.mastercard.declined), saveCard: undefined },
    });
    const order = await waitFor(async () => {
      const stored = await demo.orders.get(session.orderId);
      return stored?.status !== 'CREATED' && stored;
    });
    assert.equal(order.status, 'FAILED');
    assert.match(order.failure?.code ?? '', /^[A-Z_]+$/);
  });

  it('refuses a notification signed by anyone but the gateway, and changes nothing', async () => {
    const session = await checkout({});
    const order = await demo.orders.get(session.orderId);
    assert.ok(order);
    const forged = signNotification(
      {
        notifyType: 'PAYMENT_RESULT',
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
        paymentRequestId: order.paymentRequestId,
        paymentId: 'forged',
        paymentAmount: order.amount,
      },
      { path: '/api/antom/notify', clientId: 'SANDBOX_TEST', privateKey: KEYS.merchant.privateKey },
    );
    const answer = await post(`${base}/api/antom/notify`, forged.body, forged.headers);
    assert.equal(answer.status, 401);
    assert.equal((await demo.orders.get(order.id))?.status, 'CREATED');
    assert.equal((await demo.orders.get(order.id))?.history.length, 0);
  });

  it("keeps an unpaid order as it is when its inquiry finds no payment (Antom's ORDER_NOT_EXIST)", async () => {
    const session = await checkout({});
    const order = await demo.orders.get(session.orderId);
    assert.ok(order);
    const answer = await post(`${base}/api/orders/${order.id}/inquiry`, undefined, {});
    assert.equal(answer.status, 200, answer.text);
    assert.equal((answer.json as { status: string }).status, 'CREATED');
    assert.equal((await demo.orders.get(order.id))?.history.length, 0);
  });

  it('updates an order through its own inquiry', async () => {
    const session = await checkout({});
    const order = await demo.orders.get(session.orderId);
    assert.ok(order);
    await fixture.gateway.engine.submitPayment({
      paymentSessionData: session.paymentSessionData,
      idempotencyKey: `key_${session.orderId}`,
      method: { kind: 'CARD', card: card(CARDS.visa.approved), saveCard: undefined },
    });
    const answer = await post(`${base}/api/orders/${order.id}/inquiry`, undefined, {});
    assert.equal(answer.status, 200);
    assert.ok(['AUTHORIZED', 'CAPTURED'].includes((answer.json as { status: string }).status));
    assert.ok((await demo.orders.get(order.id))?.history.some((event) => event.source === 'INQUIRY'));
  });

  it('captures, refunds and cancels through the console API; only notifications and inquiries move orders', async () => {
    const paid = async (): Promise<string> => {
      const session = await checkout({ captureMode: 'MANUAL' });
      await fixture.gateway.engine.submitPayment({
        paymentSessionData: session.paymentSessionData,
        idempotencyKey: `key_${session.orderId}`,
        method: { kind: 'CARD', card: card(CARDS.visa.approved), saveCard: undefined },
      });
      await waitFor(async () => (await demo.orders.get(session.orderId))?.status === 'AUTHORIZED');
      return session.orderId;
    };
    type Answer = { ok: boolean; resultCode: string; resultMessage: string; order: { status: string } };
    const act = async (id: string, verb: string, body: unknown = {}): Promise<Answer> =>
      (await post(`${base}/api/orders/${id}/${verb}`, body)).json as Answer;

    const first = await paid();
    const captured = await act(first, 'capture');
    assert.equal(captured.ok, true, captured.resultMessage);
    await waitFor(async () => (await demo.orders.get(first))?.status === 'CAPTURED');
    const refunded = await act(first, 'refund', { amount: { currency: 'USD', value: '2500' }, reason: 'test' });
    assert.equal(refunded.ok, true, refunded.resultMessage);
    await waitFor(async () => (await demo.orders.get(first))?.status === 'REFUNDED');
    assert.deepEqual(
      (await demo.orders.get(first))?.history.filter((event) => event.outcome === 'applied').map((event) => event.type),
      ['PAYMENT_RESULT', 'CAPTURE_RESULT', 'REFUND_RESULT'],
    );

    const second = await paid();
    const cancelled = await act(second, 'cancel');
    assert.equal(cancelled.ok, true, cancelled.resultMessage);
    assert.equal(cancelled.order.status, 'CANCELLED');
    const late = await act(second, 'capture');
    assert.equal(late.ok, false);
    assert.equal(late.resultCode, 'PROCESS_FAIL');
    assert.match(late.resultMessage, /CANCELLED/);
    assert.equal((await demo.orders.get(second))?.status, 'CANCELLED');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderView } from '../../demo/server.js';
import { SUCCESS } from '../support/fake-antom.js';
import { openSecondHandle, openTestDatabase } from '../support/demo-db.js';
import { post } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { captureResult, paymentResult, signNotification } from '../support/notifications.js';
import { startDemoFixture, type DemoFixture } from '../support/servers.js';

const NOTIFY = '/api/antom/notify';
const HOUR = 60 * 60 * 1000;

/** A fake Antom that creates sessions expiring an hour after `clock()`. */
function sessions(clock: () => number) {
  return () => ({
    body: {
      result: SUCCESS,
      paymentSessionData: 'token&&SG&&111&&eyJ9',
      paymentSessionId: `ps_${Math.random().toString(36).slice(2)}`,
      paymentSessionExpiryTime: new Date(clock() + HOUR).toISOString(),
    },
  });
}

async function notify(fixture: DemoFixture, payload: object): Promise<number> {
  const signed = signNotification(payload, {
    path: NOTIFY,
    clientId: 'SANDBOX_TEST',
    privateKey: KEYS.antom.privateKey,
  });
  return (await post(`${fixture.base}${NOTIFY}`, signed.body, signed.headers)).status;
}

async function checkout(
  fixture: DemoFixture,
  body: object = {},
): Promise<{ orderId: string; paymentRequestId: string }> {
  const created = await post(`${fixture.base}/api/checkout/session`, body);
  assert.equal(created.status, 200, created.text);
  const orderId = String((created.json as { orderId: string }).orderId);
  const order = await fixture.demo.orders.get(orderId);
  assert.ok(order);
  return { orderId, paymentRequestId: order.paymentRequestId };
}

async function view(fixture: DemoFixture, orderId: string): Promise<OrderView> {
  const answer = await fetch(`${fixture.base}/api/orders/${orderId}`);
  assert.equal(answer.status, 200);
  return (await answer.json()) as OrderView;
}

describe('session limit per client address', () => {
  it('answers 429 TOO_MANY_SESSIONS with a message once the address used its sessions, and again after the window', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const fixture = await startDemoFixture(
      sessions(() => clock),
      {
        now: () => new Date(clock),
        sessionLimit: { max: 3, windowMs: 10 * 60 * 1000 },
      },
    );
    try {
      for (let i = 0; i < 3; i += 1) await checkout(fixture);
      const refused = await post(`${fixture.base}/api/checkout/session`, {});
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '600');
      const error = (refused.json as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'TOO_MANY_SESSIONS');
      assert.match(error.message, /at most 3 in 10 minutes/);
      assert.equal((await fixture.demo.orders.list()).length, 3, 'a refused session creates no order');
      // The checkout page asks why its session was refused, and shows the answer.
      const limit = (await (await fetch(`${fixture.base}/api/checkout/limit`)).json()) as Record<string, unknown>;
      assert.deepEqual(limit, { limited: true, max: 3, used: 3, message: error.message });
      clock += 10 * 60 * 1000 + 1;
      await checkout(fixture);
    } finally {
      await fixture.close();
    }
  });
});

describe('order retention', () => {
  it('keeps a paid order through a flood of sessions and answers its notifications; unpaid ones expire', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const fixture = await startDemoFixture(
      sessions(() => clock),
      {
        now: () => new Date(clock),
        unpaidGraceMs: 0,
        sessionLimit: { max: 1000, windowMs: 60_000 },
      },
    );
    try {
      const paid = await checkout(fixture, { captureMode: 'MANUAL' });
      assert.equal(await notify(fixture, paymentResult({ paymentRequestId: paid.paymentRequestId })), 200);
      const flood = [];
      for (let i = 0; i < 40; i += 1) flood.push(await checkout(fixture));
      clock += 2 * HOUR;
      await checkout(fixture);
      assert.equal((await fixture.demo.orders.get(paid.orderId))?.status, 'AUTHORIZED');
      assert.equal(await notify(fixture, captureResult({})), 200, 'the notification finds its order');
      assert.equal((await fixture.demo.orders.get(paid.orderId))?.status, 'CAPTURED');
      for (const unpaid of flood) assert.equal(await fixture.demo.orders.get(unpaid.orderId), undefined);
      assert.equal((await fixture.demo.orders.list()).length, 2);
    } finally {
      await fixture.close();
    }
  });
});

describe('order logic through the shop API', () => {
  it('shows the card that paid after a decline with another card, and offers what the state allows', async () => {
    const fixture = await startDemoFixture(sessions(() => Date.now()));
    try {
      const order = await checkout(fixture, { captureMode: 'MANUAL' });
      const declined = {
        ...paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' }),
        paymentResultInfo: { cardBrand: 'VISA', lastFour: '4822', cardNo: '************4822' },
      };
      assert.equal(await notify(fixture, declined), 200);
      const failed = await view(fixture, order.orderId);
      assert.equal(failed.status, 'FAILED');
      assert.deepEqual(failed.allowedActions, [], 'no capture or refund on a failed order');
      assert.equal(failed.partialCapture, false);
      const paid = {
        ...paymentResult({ paymentRequestId: order.paymentRequestId }),
        paymentResultInfo: { cardBrand: 'MASTERCARD', lastFour: '4622', cardNo: '************4622' },
      };
      assert.equal(await notify(fixture, paid), 200);
      const authorized = await view(fixture, order.orderId);
      assert.deepEqual(authorized.card, { brand: 'MASTERCARD', last4: '4622' });
      assert.deepEqual(authorized.allowedActions, ['CAPTURE', 'CANCEL']);
      const listed = (await (await fetch(`${fixture.base}/api/orders`)).json()) as OrderView[];
      assert.deepEqual(listed[0]?.allowedActions, ['CAPTURE', 'CANCEL']);
    } finally {
      await fixture.close();
    }
  });

  it('tells the console when the merchant allows partial capture', async () => {
    const fixture = await startDemoFixture(
      sessions(() => Date.now()),
      { partialCapture: true },
    );
    try {
      const order = await checkout(fixture, { captureMode: 'MANUAL' });
      assert.equal((await view(fixture, order.orderId)).partialCapture, true);
    } finally {
      await fixture.close();
    }
  });
});

describe('two shop processes on one database', () => {
  it('agree on every order, and 20 concurrent duplicate notifications spread over both change it once', async () => {
    const database = await openTestDatabase();
    const second = await openSecondHandle(database);
    const reply = sessions(() => Date.now());
    const a = await startDemoFixture(reply, { database });
    const b = await startDemoFixture(reply, { database: second });
    try {
      const order = await checkout(a, { captureMode: 'MANUAL' });
      assert.equal((await view(b, order.orderId)).status, 'CREATED', 'B serves the order A created');
      const payload = paymentResult({ paymentRequestId: order.paymentRequestId });
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => notify(i % 2 ? a : b, payload)));
      assert.deepEqual(new Set(statuses), new Set([200]));
      for (const shop of [a, b]) {
        const seen = await view(shop, order.orderId);
        assert.equal(seen.status, 'AUTHORIZED');
        assert.deepEqual(
          seen.history.map((event) => [event.type, event.outcome, event.deliveries]),
          [['PAYMENT_RESULT', 'applied', 20]],
        );
      }
      assert.equal(await notify(b, captureResult({})), 200);
      assert.equal((await view(a, order.orderId)).status, 'CAPTURED', 'A sees what B applied');
    } finally {
      await a.close();
      await b.close();
      await second.close();
      await database.close();
    }
  });
});

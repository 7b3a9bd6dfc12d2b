import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Order } from '../../demo/orders.js';
import { NOTIFICATION_ACK } from '../../src/server/index.js';
import { sessionReply, SUCCESS } from '../support/fake-antom.js';
import { post, send as request } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { captureResult, paymentResult, signNotification } from '../support/notifications.js';
import { startDemoFixture, type DemoFixture } from '../support/servers.js';

/** The order as the shop's database holds it now. */
async function stored(
  fixture: { demo: { orders: { get(id: string): Promise<Order | undefined> } } },
  order: { id: string },
): Promise<Order> {
  const found = await fixture.demo.orders.get(order.id);
  assert.ok(found, `order ${order.id} is stored`);
  return found;
}

const NOTIFY = '/api/antom/notify';

async function withOrder(run: (fixture: DemoFixture, order: Order) => Promise<void>): Promise<void> {
  const fixture = await startDemoFixture((path, body) =>
    path.endsWith('/inquiryPayment')
      ? {
          body: {
            result: SUCCESS,
            paymentStatus: 'SUCCESS',
            paymentId: 'pay_1',
            paymentRequestId: (JSON.parse(body) as { paymentRequestId: string }).paymentRequestId,
            paymentResultInfo: { cardBrand: 'MASTERCARD', lastFour: '4622' },
            acquirerInfo: { acquirerName: 'SANDBOX_ACQUIRER_B' },
            transactions: [
              {
                transactionType: 'CAPTURE',
                transactionStatus: 'SUCCESS',
                transactionId: 'cap_1',
                transactionAmount: { currency: 'USD', value: '2500' },
                transactionResult: SUCCESS,
              },
            ],
          },
        }
      : sessionReply(),
  );
  try {
    const created = await post(`${fixture.base}/api/checkout/session`, {});
    assert.equal(created.status, 200);
    const order = await fixture.demo.orders.get(String((created.json as { orderId: string }).orderId));
    assert.ok(order);
    await run(fixture, order);
  } finally {
    await fixture.close();
  }
}

function send(fixture: DemoFixture, payload: object, options: { privateKey?: string; path?: string } = {}) {
  const signed = signNotification(payload, {
    path: options.path ?? NOTIFY,
    clientId: 'SANDBOX_TEST',
    privateKey: options.privateKey ?? KEYS.antom.privateKey,
  });
  return post(`${fixture.base}${NOTIFY}`, signed.body, signed.headers);
}

describe('POST /api/antom/notify', () => {
  it('applies a verified payment result and acknowledges with Antom ACK', async () => {
    await withOrder(async (fixture, order) => {
      const answer = await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }));
      assert.equal(answer.status, 200);
      assert.equal(answer.text, NOTIFICATION_ACK);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
      assert.equal((await stored(fixture, order)).paymentId, 'pay_1');
      assert.deepEqual((await stored(fixture, order)).card, { brand: 'VISA', last4: '0768' });
      assert.equal((await stored(fixture, order)).acquirer, 'SANDBOX_ACQUIRER_A');
      assert.equal((await stored(fixture, order)).history.length, 1);
      assert.equal((await stored(fixture, order)).history[0]?.outcome, 'applied');

      const listed = (await (await fetch(`${fixture.base}/api/orders`)).json()) as Order[];
      assert.equal(listed.length, 1);
      assert.equal(listed[0]?.status, 'AUTHORIZED');
      const single = (await (await fetch(`${fixture.base}/api/orders/${order.id}`)).json()) as Order;
      assert.equal(single.paymentRequestId, order.paymentRequestId);
      assert.equal(single.history.length, 1);
    });
  });

  it('records a decline as FAILED with its code', async () => {
    await withOrder(async (fixture, order) => {
      const answer = await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' }));
      assert.equal(answer.status, 200);
      assert.equal((await stored(fixture, order)).status, 'FAILED');
      assert.deepEqual((await stored(fixture, order)).failure, { code: 'DO_NOT_HONOR', message: 'do_not_honor' });
    });
  });

  it('answers 401 to a tampered notification and changes nothing', async () => {
    await withOrder(async (fixture, order) => {
      const signed = signNotification(paymentResult({ paymentRequestId: order.paymentRequestId }), {
        path: NOTIFY,
        clientId: 'SANDBOX_TEST',
        privateKey: KEYS.antom.privateKey,
      });
      const tampered = signed.body.replace('"2500"', '"2501"');
      const answer = await post(`${fixture.base}${NOTIFY}`, tampered, signed.headers);
      assert.equal(answer.status, 401);
      assert.notEqual(answer.text, NOTIFICATION_ACK);
      const wrongKey = await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }), {
        privateKey: KEYS.merchant.privateKey,
      });
      assert.equal(wrongKey.status, 401);
      const wrongPath = await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }), {
        path: '/elsewhere',
      });
      assert.equal(wrongPath.status, 401);
      assert.equal((await stored(fixture, order)).status, 'CREATED');
      assert.equal((await stored(fixture, order)).paymentId, null);
      assert.equal((await stored(fixture, order)).history.length, 0);
    });
  });

  it('answers 401 to a stale, a future or a dot-shifted notification, logs why, and changes nothing', async () => {
    await withOrder(async (fixture, order) => {
      const payload = paymentResult({ paymentRequestId: order.paymentRequestId });
      const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
      for (const requestTime of [iso(Date.now() - 6 * 60_000), iso(Date.now() + 6 * 60_000)]) {
        const signed = signNotification(payload, {
          path: NOTIFY,
          clientId: 'SANDBOX_TEST',
          privateKey: KEYS.antom.privateKey,
          requestTime,
        });
        const answer = await post(`${fixture.base}${NOTIFY}`, signed.body, signed.headers);
        assert.equal(answer.status, 401, requestTime);
      }
      assert.equal(fixture.logs.filter((line) => line.includes('REQUEST_TIME_OUTSIDE_WINDOW')).length, 2);
      const forOther = signNotification(payload, {
        path: NOTIFY,
        clientId: 'SANDBOX_TEST.EVIL',
        privateKey: KEYS.antom.privateKey,
      });
      const shifted = {
        ...forOther.headers,
        'client-id': 'SANDBOX_TEST',
        'request-time': `EVIL.${forOther.headers['request-time']}`,
      };
      const answer = await post(`${fixture.base}${NOTIFY}`, forOther.body, shifted);
      assert.equal(answer.status, 401);
      assert.ok(fixture.logs.some((line) => line.includes('REQUEST_TIME_MALFORMED')), fixture.logs.join('\n'));
      assert.equal((await stored(fixture, order)).status, 'CREATED');
      assert.equal((await stored(fixture, order)).history.length, 0);
    });
  });

  it('processes a duplicate notification once', async () => {
    await withOrder(async (fixture, order) => {
      const payload = paymentResult({ paymentRequestId: order.paymentRequestId });
      for (let i = 0; i < 3; i++) {
        const answer = await send(fixture, payload);
        assert.equal(answer.status, 200);
        assert.equal(answer.text, NOTIFICATION_ACK);
      }
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
      assert.equal((await stored(fixture, order)).history.length, 1);
      assert.equal((await stored(fixture, order)).history[0]?.deliveries, 3);
    });
  });

  it('ignores an older notification that arrives after a newer final state', async () => {
    await withOrder(async (fixture, order) => {
      await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }));
      await send(fixture, captureResult({}));
      assert.equal((await stored(fixture, order)).status, 'CAPTURED');
      const before = structuredClone({ ...order, history: undefined });
      const late = await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId, status: 'U' }));
      assert.equal(late.status, 200);
      assert.equal(late.text, NOTIFICATION_ACK);
      assert.deepEqual({ ...order, history: undefined }, before);
      assert.equal((await stored(fixture, order)).history.at(-1)?.outcome, 'stale');
    });
  });

  it('does not let a late failure overwrite a captured payment', async () => {
    await withOrder(async (fixture, order) => {
      await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }));
      await send(fixture, captureResult({}));
      await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' }));
      assert.equal((await stored(fixture, order)).status, 'CAPTURED');
      assert.equal((await stored(fixture, order)).failure, null);
    });
  });

  it('acknowledges a capture result that overtook its payment result and applies it once, after', async () => {
    await withOrder(async (fixture, order) => {
      const early = await send(fixture, captureResult({}));
      assert.equal(early.status, 200);
      assert.equal(early.text, NOTIFICATION_ACK);
      assert.equal((await stored(fixture, order)).status, 'CREATED');
      const retried = await send(fixture, captureResult({}));
      assert.equal(retried.text, NOTIFICATION_ACK);
      await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }));
      assert.equal((await stored(fixture, order)).status, 'CAPTURED');
      const again = await send(fixture, captureResult({}));
      assert.equal(again.text, NOTIFICATION_ACK);
      assert.deepEqual(
        (await stored(fixture, order)).history.map((event) => [event.type, event.outcome, event.deliveries]),
        [
          ['PAYMENT_RESULT', 'applied', 1],
          ['CAPTURE_RESULT', 'applied', 2],
        ],
      );
    });
  });

  it('answers 401 to a tampered capture result and keeps the order authorized', async () => {
    await withOrder(async (fixture, order) => {
      await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }));
      const signed = signNotification(captureResult({}), {
        path: NOTIFY,
        clientId: 'SANDBOX_TEST',
        privateKey: KEYS.antom.privateKey,
      });
      const tampered = await post(`${fixture.base}${NOTIFY}`, signed.body.replace('"S"', '"F"'), signed.headers);
      assert.equal(tampered.status, 401);
      const replayedElsewhere = await post(`${fixture.base}${NOTIFY}?again=1`, signed.body, signed.headers);
      assert.equal(replayedElsewhere.status, 401);
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
      assert.equal((await stored(fixture, order)).history.length, 1);
    });
  });

  it('acknowledges a PAYMENT_CANCELLED body, which is no Antom notification, without cancelling', async () => {
    await withOrder(async (fixture, order) => {
      await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId }));
      const invented = await send(fixture, {
        notifyType: 'PAYMENT_CANCELLED',
        result: { resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F', resultMessage: 'released' },
        paymentStatus: 'CANCELLED',
        paymentRequestId: order.paymentRequestId,
        paymentId: 'pay_1',
        cancelReason: 'AUTHORIZATION_EXPIRED',
      });
      assert.equal(invented.text, NOTIFICATION_ACK);
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
      assert.equal((await stored(fixture, order)).history.length, 1);
    });
  });

  it('acknowledges a vaulting result and a type it does not model without touching orders', async () => {
    await withOrder(async (fixture, order) => {
      const vaulting = await send(fixture, {
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
        vaultingRequestId: 'v_1',
        paymentMethodDetail: { paymentMethodType: 'CARD', card: { cardToken: 'ALIPAY_T' } },
      });
      assert.equal(vaulting.text, NOTIFICATION_ACK);
      const other = await send(fixture, { notifyType: 'PAYMENT_PENDING', result: {} });
      assert.equal(other.text, NOTIFICATION_ACK);
      assert.equal((await stored(fixture, order)).history.length, 0);
      // The shop started no vaulting v_1: its token does not enter the wallet.
      assert.deepEqual(await fixture.demo.wallet.list(), []);
    });
  });

  it('refuses a payment result whose amount differs from the order', async () => {
    await withOrder(async (fixture, order) => {
      const answer = await send(fixture, paymentResult({ paymentRequestId: order.paymentRequestId, value: '1' }));
      assert.equal(answer.status, 200);
      assert.equal((await stored(fixture, order)).status, 'CREATED');
      assert.equal((await stored(fixture, order)).history[0]?.outcome, 'amount-mismatch');
    });
  });

  it('answers 415 to a non-JSON notification and 400 to a malformed signed one', async () => {
    await withOrder(async (fixture, order) => {
      const plain = await post(`${fixture.base}${NOTIFY}`, 'x', { 'content-type': 'text/plain' });
      assert.equal(plain.status, 415);
      const malformed = await send(fixture, { notifyType: 'PAYMENT_RESULT', paymentRequestId: order.paymentRequestId });
      assert.equal(malformed.status, 400);
      assert.equal((await stored(fixture, order)).history.length, 0);
    });
  });

  it('updates an order from its own inquiry', async () => {
    await withOrder(async (fixture, order) => {
      const answer = await post(`${fixture.base}/api/orders/${order.id}/inquiry`, undefined, {});
      assert.equal(answer.status, 200);
      assert.equal((answer.json as Order).status, 'CAPTURED');
      assert.equal((await stored(fixture, order)).paymentId, 'pay_1');
      assert.deepEqual((await stored(fixture, order)).card, { brand: 'MASTERCARD', last4: '4622' });
      assert.equal((await stored(fixture, order)).history[0]?.source, 'INQUIRY');
      const inquiry = fixture.antom.requests.at(-1);
      assert.deepEqual(JSON.parse(inquiry?.body ?? '{}'), { paymentRequestId: order.paymentRequestId });
    });
  });
});

describe('GET /api/orders', () => {
  it('answers 404 for an unknown order and 405 for a wrong method', async () => {
    await withOrder(async (fixture) => {
      assert.equal((await fetch(`${fixture.base}/api/orders/ord_missing`)).status, 404);
      assert.equal((await post(`${fixture.base}/api/orders`, {})).status, 405);
      assert.equal((await fetch(`${fixture.base}/api/antom/notify`)).status, 405);
    });
  });

  it('answers no data to a Host that is not the shop (DNS rebinding), and data to its own hosts', async () => {
    await withOrder(async (fixture, order) => {
      const port = new URL(fixture.base).port;
      for (const path of ['/api/orders', `/api/orders/${order.id}`, '/api/wallet']) {
        const rebound = await request(`${fixture.base}${path}`, { headers: { host: `attacker.example:${port}` } });
        assert.equal(rebound.status, 421, path);
        assert.ok(!rebound.text.includes(order.id), `${path} shows no order`);
        for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
          assert.equal((await request(`${fixture.base}${path}`, { headers: { host } })).status, 200, `${path} ${host}`);
        }
      }
      const action = await request(`${fixture.base}/api/orders/${order.id}/capture`, {
        method: 'POST',
        headers: { host: `attacker.example:${port}`, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(action.status, 421, 'nor acts on one');
    });
  });
});

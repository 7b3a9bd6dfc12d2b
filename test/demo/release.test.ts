/**
 * How the demo shop learns that Antom released an authorization it left uncaptured: Antom sends no
 * notification for it, so the shop inquires once `authExpiryTime` has passed on its own clock, on a
 * timer and when an order is opened.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Order } from '../../demo/orders.js';
import type { DemoOptions } from '../../demo/server.js';
import { sessionReply, SUCCESS } from '../support/fake-antom.js';
import { post } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { paymentResult, signNotification } from '../support/notifications.js';
import { startDemoFixture, type DemoFixture } from '../support/servers.js';
import { settle, waitFor } from '../support/waits.js';

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
const EXPIRY = '2030-01-22T10:00:00+00:00';

/** The shop's clock, moved by the test. */
class TestClock {
  time = Date.parse('2030-01-15T10:00:00Z');
  readonly now = (): Date => new Date(this.time);
}

const inquiries = (fixture: DemoFixture): number =>
  fixture.antom.requests.filter((request) => request.path.endsWith('/inquiryPayment')).length;

async function withAuthorizedOrder(
  options: Omit<DemoOptions, 'client' | 'port' | 'log'>,
  run: (fixture: DemoFixture, order: Order) => Promise<void>,
): Promise<void> {
  const fixture = await startDemoFixture(
    (path, body) =>
      path.endsWith('/inquiryPayment')
        ? {
            body: {
              result: SUCCESS,
              paymentRequestId: (JSON.parse(body) as { paymentRequestId: string }).paymentRequestId,
              paymentStatus: 'CANCELLED',
              paymentResultCode: 'ORDER_IS_CLOSED',
              paymentResultMessage: `The authorization expired at ${EXPIRY} without capture and was released.`,
              paymentId: 'pay_1',
              authExpiryTime: EXPIRY,
              transactions: [],
            },
          }
        : sessionReply(),
    options,
  );
  try {
    const created = await post(`${fixture.base}/api/checkout/session`, { captureMode: 'MANUAL' });
    const order = await fixture.demo.orders.get(String((created.json as { orderId: string }).orderId));
    assert.ok(order);
    const signed = signNotification(
      { ...paymentResult({ paymentRequestId: order.paymentRequestId }), authExpiryTime: EXPIRY },
      { path: NOTIFY, clientId: 'SANDBOX_TEST', privateKey: KEYS.antom.privateKey },
    );
    await post(`${fixture.base}${NOTIFY}`, signed.body, signed.headers);
    assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
    await run(fixture, order);
  } finally {
    await fixture.close();
  }
}

describe('release of an uncaptured authorization, learnt by inquiry', () => {
  it('inquires on its timer once authExpiryTime has passed, and marks the order CANCELLED', async () => {
    const clock = new TestClock();
    await withAuthorizedOrder({ now: clock.now, releaseCheckIntervalMs: 20 }, async (fixture, order) => {
      await settle(150);
      assert.equal(inquiries(fixture), 0, 'no inquiry while the window is open');
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
      clock.time = Date.parse(EXPIRY);
      await waitFor(async () => (await stored(fixture, order)).status === 'CANCELLED', {
        timeout: 3000,
        message: 'the release check',
      });
      const cause = (await stored(fixture, order)).history.at(-1);
      assert.equal(cause?.source, 'INQUIRY');
      assert.equal(cause?.resultCode, 'CANCELLED');
      const asked = inquiries(fixture);
      await settle(150);
      assert.equal(inquiries(fixture), asked, 'a cancelled order is not asked about again');
    });
  });

  it('inquires when an order past its window is opened, before answering', async () => {
    const clock = new TestClock();
    await withAuthorizedOrder({ now: clock.now, releaseCheckIntervalMs: 3_600_000 }, async (fixture, order) => {
      const open = async (): Promise<Order> =>
        (await (await fetch(`${fixture.base}/api/orders/${order.id}`)).json()) as Order;
      assert.equal((await open()).status, 'AUTHORIZED');
      assert.equal(inquiries(fixture), 0);
      clock.time = Date.parse(EXPIRY) + 1000;
      const opened = await open();
      assert.equal(opened.status, 'CANCELLED');
      assert.equal(inquiries(fixture), 1);
    });
  });

  it('inquires in the background when the orders list is read past an authorization window', async () => {
    const clock = new TestClock();
    await withAuthorizedOrder({ now: clock.now, releaseCheckIntervalMs: 3_600_000 }, async (fixture, order) => {
      clock.time = Date.parse(EXPIRY);
      const listed = (await (await fetch(`${fixture.base}/api/orders`)).json()) as Order[];
      assert.equal(listed.length, 1);
      await waitFor(async () => (await stored(fixture, order)).status === 'CANCELLED', {
        timeout: 3000,
        message: 'the background inquiry',
      });
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderStore } from '../../demo/orders.js';
import { parseNotification, type AntomNotification } from '../../src/server/index.js';
import { captureResult, paymentResult } from '../server/support/notify.js';

const USD_25 = { currency: 'USD', value: '2500' };

function notification(payload: Record<string, unknown>): AntomNotification {
  const parsed = parseNotification(JSON.stringify(payload));
  assert.ok(parsed);
  return parsed;
}

describe('OrderStore', () => {
  it('follows the transition table: forward moves apply, backward ones are stale', () => {
    const store = new OrderStore();
    const order = store.create({ amount: USD_25, captureMode: 'MANUAL' });
    const steps: [Record<string, unknown>, string, string][] = [
      [paymentResult({ paymentRequestId: order.paymentRequestId, status: 'U' }), 'applied', 'PROCESSING'],
      [paymentResult({ paymentRequestId: order.paymentRequestId }), 'applied', 'AUTHORIZED'],
      [captureResult({ status: 'F' }), 'unchanged', 'AUTHORIZED'],
      [captureResult({}), 'applied', 'CAPTURED'],
      [paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' }), 'stale', 'CAPTURED'],
    ];
    for (const [payload, outcome, status] of steps) {
      const result = store.applyNotification(notification(payload));
      assert.equal(result.kind, 'recorded');
      assert.equal(result.kind === 'recorded' && result.outcome, outcome);
      assert.equal(order.status, status);
    }
    assert.deepEqual(
      order.history.map((event) => event.statusAfter),
      ['PROCESSING', 'AUTHORIZED', 'AUTHORIZED', 'CAPTURED', 'CAPTURED'],
    );
  });

  it('refuses a payment result whose payment id differs from the one it knows', () => {
    const store = new OrderStore();
    const order = store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const other = store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, paymentId: 'pay_other', status: 'F' })),
    );
    assert.equal(other.kind, 'unknown-order');
    assert.equal(order.status, 'AUTHORIZED');
  });

  it('keeps at most maxOrders, dropping the oldest', () => {
    const store = new OrderStore({ maxOrders: 2 });
    const first = store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    const second = store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    const third = store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    assert.equal(store.get(first.id), undefined);
    assert.deepEqual(
      store.list().map((order) => order.id),
      [third.id, second.id],
    );
    const late = store.applyNotification(notification(paymentResult({ paymentRequestId: first.paymentRequestId })));
    assert.equal(late.kind, 'unknown-order');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canMove, canReach, ORDER_TRANSITIONS, OrderStore, type Order, type OrderStatus } from '../../demo/orders.js';
import { parseNotification, type AntomNotification, type InquiryPaymentResult } from '../../src/server/index.js';
import { captureResult, paymentResult, refundResult } from '../support/notifications.js';

const USD_25 = { currency: 'USD', value: '2500' };
const SUCCESS = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } as const;

function notification(payload: Record<string, unknown>): AntomNotification {
  const parsed = parseNotification(JSON.stringify(payload));
  assert.ok(parsed);
  return parsed;
}

function manualOrder(store = new OrderStore()): { store: OrderStore; order: Order } {
  return { store, order: store.create({ amount: USD_25, captureMode: 'MANUAL' }) };
}

/** Applies payloads in order and returns the final order as JSON, for order-independence checks. */
function finalState(payloads: (order: Order) => Record<string, unknown>[]): Omit<Order, 'history' | 'updatedAt'> & {
  applied: string[];
} {
  const { store, order } = manualOrder();
  for (const payload of payloads(order)) store.applyNotification(notification(payload));
  const { history, updatedAt: _updatedAt, ...rest } = structuredClone(order);
  return {
    ...rest,
    applied: history
      .filter((event) => event.outcome === 'applied')
      .map((event) => event.type)
      .sort(),
  };
}

describe('ORDER_TRANSITIONS', () => {
  it('lists every status, allows only forward moves, and ends in CANCELLED and REFUNDED', () => {
    const statuses = Object.keys(ORDER_TRANSITIONS).sort();
    assert.deepEqual(statuses, [
      'AUTHORIZED',
      'CANCELLED',
      'CAPTURED',
      'CREATED',
      'FAILED',
      'PARTIALLY_REFUNDED',
      'PROCESSING',
      'REFUNDED',
    ]);
    assert.deepEqual(ORDER_TRANSITIONS.CANCELLED, []);
    assert.deepEqual(ORDER_TRANSITIONS.REFUNDED, []);
    for (const [from, targets] of Object.entries(ORDER_TRANSITIONS) as [OrderStatus, OrderStatus[]][]) {
      for (const to of targets) assert.ok(statuses.includes(to), `${from} -> ${to}`);
      assert.equal(canMove(from, 'CREATED'), false, `${from} must not go back to CREATED`);
    }
    assert.equal(canMove('CAPTURED', 'AUTHORIZED'), false);
    assert.equal(canMove('CAPTURED', 'CANCELLED'), false);
    assert.equal(canMove('AUTHORIZED', 'FAILED'), false);
    assert.equal(canMove('FAILED', 'AUTHORIZED'), true);
    assert.equal(canReach('CREATED', 'REFUNDED'), true);
    assert.equal(canReach('AUTHORIZED', 'PARTIALLY_REFUNDED'), true);
    assert.equal(canReach('CAPTURED', 'AUTHORIZED'), false);
    assert.equal(canReach('CANCELLED', 'CAPTURED'), false);
    for (const status of statuses as OrderStatus[]) assert.equal(canReach('REFUNDED', status), false);
  });
});

describe('OrderStore notifications', () => {
  it('follows the transition table: forward moves apply, backward ones are stale', () => {
    const { store, order } = manualOrder();
    const steps: [Record<string, unknown>, string, OrderStatus][] = [
      [paymentResult({ paymentRequestId: order.paymentRequestId, status: 'U' }), 'applied', 'PROCESSING'],
      [paymentResult({ paymentRequestId: order.paymentRequestId }), 'applied', 'AUTHORIZED'],
      [captureResult({ status: 'F', captureId: 'cap_f' }), 'unchanged', 'AUTHORIZED'],
      [captureResult({}), 'applied', 'CAPTURED'],
      [paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' }), 'stale', 'CAPTURED'],
      [refundResult({ value: '1000', refundId: 'r1' }), 'applied', 'PARTIALLY_REFUNDED'],
      [refundResult({ value: '1500', refundId: 'r2' }), 'applied', 'REFUNDED'],
      [refundResult({ value: '100', refundId: 'r3', status: 'FAIL' }), 'unchanged', 'REFUNDED'],
    ];
    for (const [payload, outcome, status] of steps) {
      const result = store.applyNotification(notification(payload));
      assert.equal(result.kind, 'recorded');
      assert.equal(result.kind === 'recorded' && result.outcome, outcome, JSON.stringify(payload));
      assert.equal(order.status, status);
    }
    assert.deepEqual(order.captured, USD_25);
    assert.deepEqual(order.refunded, USD_25);
    assert.deepEqual(
      order.history.map((event) => event.statusAfter),
      steps.map(([, , status]) => status),
    );
  });

  it('keeps card, acquirer and authorization expiry from the payment result', () => {
    const { store, order } = manualOrder();
    store.applyNotification(
      notification({
        ...paymentResult({ paymentRequestId: order.paymentRequestId }),
        authExpiryTime: '2025-03-08T10:00:01+08:00',
      }),
    );
    assert.deepEqual(order.card, { brand: 'VISA', last4: '0768' });
    assert.equal(order.acquirer, 'SANDBOX_ACQUIRER_A');
    assert.equal(order.authExpiryTime, '2025-03-08T10:00:01+08:00');
    assert.equal(order.paymentId, 'pay_1');
  });

  it('lists an authorization past its authExpiryTime for a release check, until an inquiry settles it', () => {
    const { store, order } = manualOrder();
    const expiry = '2025-03-08T10:00:01+08:00';
    store.applyNotification(
      notification({ ...paymentResult({ paymentRequestId: order.paymentRequestId }), authExpiryTime: expiry }),
    );
    assert.equal(order.status, 'AUTHORIZED');
    assert.deepEqual(store.dueForReleaseCheck(new Date(Date.parse(expiry) - 1)), []);
    assert.deepEqual(store.dueForReleaseCheck(new Date(Date.parse(expiry))), [order]);
    // Antom notifies no release: the shop's inquiry finds the payment CANCELLED.
    store.applyInquiry(order.id, {
      paymentStatus: 'CANCELLED',
      paymentId: 'pay_1',
      paymentRequestId: order.paymentRequestId,
      paymentAmount: order.amount,
      paymentResultCode: 'ORDER_IS_CLOSED',
      paymentResultMessage: 'The authorization was released.',
    });
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.history.at(-1)?.source, 'INQUIRY');
    assert.deepEqual(store.dueForReleaseCheck(new Date(Date.parse(expiry) + 1000)), []);
    const late = store.applyNotification(notification(captureResult({})));
    assert.equal(late.kind === 'recorded' && late.outcome, 'stale');
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.captured, null);
  });

  it('never lists a captured order or one without an expiry for a release check', () => {
    const { store, order } = manualOrder();
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    assert.equal(order.authExpiryTime, null);
    assert.deepEqual(store.dueForReleaseCheck(new Date('2100-01-01T00:00:00Z')), []);
    const captured = manualOrder(store).order;
    store.applyNotification(
      notification({
        ...paymentResult({ paymentRequestId: captured.paymentRequestId, paymentId: 'pay_2' }),
        authExpiryTime: '2025-03-08T10:00:01+08:00',
      }),
    );
    store.applyNotification(notification(captureResult({ paymentId: 'pay_2', captureId: 'cap_2' })));
    assert.equal(captured.status, 'CAPTURED');
    assert.deepEqual(store.dueForReleaseCheck(new Date('2100-01-01T00:00:00Z')), []);
  });

  it('processes a duplicate once and counts its deliveries', () => {
    const { store, order } = manualOrder();
    const payloads = [
      paymentResult({ paymentRequestId: order.paymentRequestId }),
      captureResult({}),
      refundResult({ value: '500' }),
    ];
    for (const payload of payloads) {
      for (let i = 0; i < 3; i++) store.applyNotification(notification(payload));
    }
    assert.equal(order.status, 'PARTIALLY_REFUNDED');
    assert.deepEqual(order.refunded, { currency: 'USD', value: '500' });
    assert.deepEqual(order.captured, USD_25);
    assert.equal(order.history.length, 3);
    assert.deepEqual(
      order.history.map((event) => event.deliveries),
      [3, 3, 3],
    );
  });

  it('reaches the same state whatever order the notifications arrive in', () => {
    const arrivals: ((order: Order) => Record<string, unknown>[])[] = [
      (order) => [
        paymentResult({ paymentRequestId: order.paymentRequestId }),
        captureResult({}),
        refundResult({ value: '500' }),
      ],
      (order) => [
        captureResult({}),
        paymentResult({ paymentRequestId: order.paymentRequestId }),
        refundResult({ value: '500' }),
      ],
      (order) => [
        refundResult({ value: '500' }),
        captureResult({}),
        paymentResult({ paymentRequestId: order.paymentRequestId }),
      ],
      (order) => [
        captureResult({}),
        refundResult({ value: '500' }),
        captureResult({}),
        paymentResult({ paymentRequestId: order.paymentRequestId }),
        refundResult({ value: '500' }),
      ],
    ];
    const [first, ...others] = arrivals.map((arrival) => finalState(arrival));
    assert.ok(first);
    assert.equal(first.status, 'PARTIALLY_REFUNDED');
    assert.deepEqual(first.card, { brand: 'VISA', last4: '0768' });
    assert.deepEqual(first.applied, ['CAPTURE_RESULT', 'PAYMENT_RESULT', 'REFUND_RESULT']);
    for (const other of others) {
      assert.deepEqual(
        { ...other, id: first.id, paymentRequestId: first.paymentRequestId, createdAt: '' },
        {
          ...first,
          createdAt: '',
        },
      );
    }
  });

  it('parks a capture result that overtook the payment result and applies it after', () => {
    const { store, order } = manualOrder();
    const early = store.applyNotification(notification(captureResult({})));
    assert.equal(early.kind, 'parked');
    assert.equal(order.status, 'CREATED');
    assert.equal(order.history.length, 0);
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    assert.equal(order.status, 'CAPTURED');
    assert.deepEqual(
      order.history.map((event) => [event.type, event.outcome]),
      [
        ['PAYMENT_RESULT', 'applied'],
        ['CAPTURE_RESULT', 'applied'],
      ],
    );
  });

  it('lets the buyer retry after a decline, and ignores a late decline after success', () => {
    const { store, order } = manualOrder();
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' })));
    assert.equal(order.status, 'FAILED');
    assert.deepEqual(order.failure, { code: 'DO_NOT_HONOR', message: 'do_not_honor' });
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    assert.equal(order.status, 'AUTHORIZED');
    assert.equal(order.failure, null);
    const late = store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F', code: 'LOST_CARD' })),
    );
    assert.equal(late.kind === 'recorded' && late.outcome, 'stale');
    assert.equal(order.status, 'AUTHORIZED');
  });

  it('refuses a payment result whose payment id or amount differs from the order', () => {
    const { store, order } = manualOrder();
    const mismatch = store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, value: '1' })),
    );
    assert.equal(mismatch.kind === 'recorded' && mismatch.outcome, 'amount-mismatch');
    assert.equal(order.status, 'CREATED');
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const other = store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, paymentId: 'pay_other', status: 'F' })),
    );
    assert.equal(other.kind, 'unknown-order');
    assert.equal(order.status, 'AUTHORIZED');
  });

  it('does not acknowledge a payment result for an order it never had', () => {
    const store = new OrderStore();
    assert.equal(
      store.applyNotification(notification(paymentResult({ paymentRequestId: 'demo_x' }))).kind,
      'unknown-order',
    );
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

describe('OrderStore inquiries', () => {
  function inquiry(overrides: Partial<InquiryPaymentResult>): InquiryPaymentResult {
    return {
      paymentStatus: 'SUCCESS',
      paymentResultCode: 'SUCCESS',
      paymentResultMessage: 'success.',
      paymentId: 'pay_1',
      paymentRequestId: 'req_1',
      paymentAmount: { currency: 'USD', value: '2500' },
      ...overrides,
    };
  }

  const transaction = (type: 'CAPTURE' | 'REFUND', value: string) => ({
    transactionType: type,
    transactionStatus: 'SUCCESS' as const,
    transactionId: `${type}_${value}`,
    transactionAmount: { currency: 'USD', value },
    transactionResult: SUCCESS,
  });

  it('maps the inquiry to a status and amounts', () => {
    const cases: [Partial<InquiryPaymentResult>, OrderStatus][] = [
      [{ paymentStatus: 'PENDING' }, 'CREATED'],
      [{ paymentStatus: 'PROCESSING' }, 'PROCESSING'],
      [{ paymentStatus: 'SUCCESS' }, 'AUTHORIZED'],
      [{ transactions: [transaction('CAPTURE', '2500')] }, 'CAPTURED'],
      [{ transactions: [transaction('CAPTURE', '2500'), transaction('REFUND', '100')] }, 'PARTIALLY_REFUNDED'],
      [{ transactions: [transaction('CAPTURE', '2500'), transaction('REFUND', '2500')] }, 'REFUNDED'],
      [{ paymentStatus: 'CANCELLED' }, 'CANCELLED'],
      [{ paymentStatus: 'FAIL', paymentResultCode: 'DO_NOT_HONOR' }, 'FAILED'],
    ];
    for (const [overrides, status] of cases) {
      const { store, order } = manualOrder();
      store.applyInquiry(order.id, inquiry(overrides));
      assert.equal(order.status, status, JSON.stringify(overrides));
      assert.equal(order.history[0]?.source, 'INQUIRY');
    }
  });

  it('applies parked notifications once the inquiry names the payment', () => {
    const { store, order } = manualOrder();
    assert.equal(store.applyNotification(notification(captureResult({}))).kind, 'parked');
    store.applyInquiry(order.id, inquiry({ authExpiryTime: '2025-03-08T10:00:00+08:00' }));
    assert.equal(order.status, 'CAPTURED');
    assert.equal(order.authExpiryTime, '2025-03-08T10:00:00+08:00');
    assert.deepEqual(order.captured, USD_25);
  });
});

describe('OrderStore actions', () => {
  it('needs a payment, gives each call a fresh request id, and allows one call at a time', () => {
    const { store, order } = manualOrder();
    const early = store.beginAction(order.id, 'CAPTURE');
    assert.equal(early.ok === false && early.code, 'NO_PAYMENT_YET');
    assert.equal(store.beginAction('ord_missing', 'CAPTURE').ok, false);
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));

    const first = store.beginAction(order.id, 'CAPTURE');
    assert.ok(first.ok);
    assert.match(first.action.requestId ?? '', /^cap_[A-Za-z0-9_-]{20,}$/);
    assert.deepEqual(first.action.amount, USD_25);
    const busy = store.beginAction(order.id, 'CANCEL');
    assert.equal(busy.ok === false && busy.code, 'ACTION_IN_FLIGHT');
    store.finishAction(first.action, { resultStatus: 'F', resultCode: 'PROCESS_FAIL', resultMessage: 'no' });
    assert.equal(first.action.state, 'FAILED');

    const second = store.beginAction(order.id, 'CAPTURE');
    assert.ok(second.ok);
    assert.notEqual(second.action.requestId, first.action.requestId);
    assert.equal(second.retry, false);
  });

  it('retries a call with an unknown outcome under the same request id, and only with the same amount', () => {
    const { store, order } = manualOrder();
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    store.applyNotification(notification(captureResult({})));
    const refund = store.beginAction(order.id, 'REFUND', { amount: { currency: 'USD', value: '700' }, reason: 'late' });
    assert.ok(refund.ok);
    store.finishAction(refund.action, { resultStatus: null, resultCode: 'TIMEOUT', resultMessage: 'no answer' });
    assert.equal(refund.action.state, 'UNKNOWN');

    const other = store.beginAction(order.id, 'REFUND', { amount: { currency: 'USD', value: '800' } });
    assert.equal(other.ok === false && other.code, 'RETRY_MISMATCH');
    const retry = store.beginAction(order.id, 'REFUND', { amount: { currency: 'USD', value: '700' } });
    assert.ok(retry.ok);
    assert.equal(retry.retry, true);
    assert.equal(retry.action, refund.action);
    assert.equal(retry.action.attempts, 2);
    assert.equal(order.actions.length, 1);
  });

  it('lets a notification that overtook the U answer settle the call', () => {
    const { store, order } = manualOrder();
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const capture = store.beginAction(order.id, 'CAPTURE');
    assert.ok(capture.ok);
    store.applyNotification(notification(captureResult({ captureRequestId: capture.action.requestId ?? '' })));
    store.finishAction(capture.action, {
      resultStatus: 'U',
      resultCode: 'CAPTURE_IN_PROCESS',
      resultMessage: 'The capture is being processed.',
    });
    assert.equal(capture.action.state, 'SUCCEEDED');
    assert.equal(capture.action.settledBy, 'NOTIFICATION');
    assert.equal(order.status, 'CAPTURED');
  });

  it('keeps a final answer when the notification of the same call follows', () => {
    const { store, order } = manualOrder();
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const capture = store.beginAction(order.id, 'CAPTURE');
    assert.ok(capture.ok);
    store.finishAction(capture.action, { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success.' });
    store.applyNotification(notification(captureResult({ captureRequestId: capture.action.requestId ?? '' })));
    assert.equal(capture.action.settledBy, 'ANSWER');
  });

  it('settles an unresolved call from the notification that answers it', () => {
    const { store, order } = manualOrder();
    store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const capture = store.beginAction(order.id, 'CAPTURE');
    assert.ok(capture.ok);
    store.finishAction(capture.action, { resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION', resultMessage: 'later' });
    store.applyNotification(notification(captureResult({ captureRequestId: capture.action.requestId ?? '' })));
    assert.equal(capture.action.state, 'SUCCEEDED');
    assert.equal(capture.action.resultCode, 'SUCCESS');
    assert.equal(order.status, 'CAPTURED');
  });
});

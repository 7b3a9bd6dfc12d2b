import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  allowedActions,
  canMove,
  canReach,
  ORDER_TRANSITIONS,
  OrderStore,
  type Order,
  type OrderStatus,
} from '../../demo/orders.js';
import { parseNotification, type AntomNotification, type InquiryPaymentResult } from '../../src/server/index.js';
import { openTestDatabase, type TestDatabase } from '../support/demo-db.js';
import { captureResult, paymentResult, refundResult } from '../support/notifications.js';

const USD_25 = { currency: 'USD', value: '2500' };
const SUCCESS = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } as const;

function notification(payload: Record<string, unknown>): AntomNotification {
  const parsed = parseNotification(JSON.stringify(payload));
  assert.ok(parsed);
  return parsed;
}

const opened: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

/** A store on a fresh, empty database (its own schema), closed after the test. */
async function freshStore(options: ConstructorParameters<typeof OrderStore>[1] = {}): Promise<OrderStore> {
  const db = await openTestDatabase();
  opened.push(db);
  return new OrderStore(db, options);
}

/** A manual-capture order; `current()` reads it back from the database. */
async function manualOrder(
  given?: OrderStore,
): Promise<{ store: OrderStore; order: Order; current: () => Promise<Order> }> {
  const store = given ?? (await freshStore());
  const order = await store.create({ amount: USD_25, captureMode: 'MANUAL' });
  const current = async (): Promise<Order> => {
    const found = await store.get(order.id);
    assert.ok(found, `order ${order.id} is stored`);
    return found;
  };
  return { store, order, current };
}

/** Applies payloads in order and returns the final order as JSON, for order-independence checks. */
async function finalState(payloads: (order: Order) => Record<string, unknown>[]): Promise<
  Omit<Order, 'history' | 'updatedAt'> & {
    applied: string[];
  }
> {
  const { store, order, current } = await manualOrder();
  for (const payload of payloads(order)) await store.applyNotification(notification(payload));
  const { history, updatedAt: _updatedAt, ...rest } = await current();
  return {
    ...rest,
    applied: history
      .filter((event) => event.outcome === 'applied')
      .map((event) => event.type)
      .sort(),
  };
}

describe('ORDER_TRANSITIONS', () => {
  it('lists every status, allows only forward moves, and ends in CANCELLED and REFUNDED', async () => {
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
  it('follows the transition table: forward moves apply, backward ones are stale', async () => {
    const { store, order, current } = await manualOrder();
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
      const result = await store.applyNotification(notification(payload));
      assert.equal(result.kind, 'recorded');
      assert.equal(result.kind === 'recorded' && result.outcome, outcome, JSON.stringify(payload));
      assert.equal((await current()).status, status);
    }
    assert.deepEqual((await current()).captured, USD_25);
    assert.deepEqual((await current()).refunded, USD_25);
    assert.deepEqual(
      (await current()).history.map((event) => event.statusAfter),
      steps.map(([, , status]) => status),
    );
  });

  it('keeps card, acquirer and authorization expiry from the payment result', async () => {
    const { store, order, current } = await manualOrder();
    await store.applyNotification(
      notification({
        ...paymentResult({ paymentRequestId: order.paymentRequestId }),
        authExpiryTime: '2025-03-08T10:00:01+08:00',
      }),
    );
    assert.deepEqual((await current()).card, { brand: 'VISA', last4: '0768' });
    assert.equal((await current()).acquirer, 'SANDBOX_ACQUIRER_A');
    assert.equal((await current()).authExpiryTime, '2025-03-08T10:00:01+08:00');
    assert.equal((await current()).paymentId, 'pay_1');
  });

  it('lists an authorization past its authExpiryTime for a release check, until an inquiry settles it', async () => {
    const { store, order, current } = await manualOrder();
    const expiry = '2025-03-08T10:00:01+08:00';
    await store.applyNotification(
      notification({ ...paymentResult({ paymentRequestId: order.paymentRequestId }), authExpiryTime: expiry }),
    );
    assert.equal((await current()).status, 'AUTHORIZED');
    assert.deepEqual(await store.dueForReleaseCheck(new Date(Date.parse(expiry) - 1)), []);
    assert.deepEqual(
      (await store.dueForReleaseCheck(new Date(Date.parse(expiry)))).map((due) => due.id),
      [order.id],
    );
    // Antom notifies no release: the shop's inquiry finds the payment CANCELLED.
    await store.applyInquiry(order.id, {
      paymentStatus: 'CANCELLED',
      paymentId: 'pay_1',
      paymentRequestId: order.paymentRequestId,
      paymentAmount: order.amount,
      paymentResultCode: 'ORDER_IS_CLOSED',
      paymentResultMessage: 'The authorization was released.',
    });
    assert.equal((await current()).status, 'CANCELLED');
    assert.equal((await current()).history.at(-1)?.source, 'INQUIRY');
    assert.deepEqual(await store.dueForReleaseCheck(new Date(Date.parse(expiry) + 1000)), []);
    const late = await store.applyNotification(notification(captureResult({})));
    assert.equal(late.kind === 'recorded' && late.outcome, 'stale');
    assert.equal((await current()).status, 'CANCELLED');
    assert.equal((await current()).captured, null);
  });

  it('never lists a captured order or one without an expiry for a release check', async () => {
    const { store, order, current } = await manualOrder();
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    assert.equal((await current()).authExpiryTime, null);
    assert.deepEqual(await store.dueForReleaseCheck(new Date('2100-01-01T00:00:00Z')), []);
    const { order: captured, current: capturedNow } = await manualOrder(store);
    await store.applyNotification(
      notification({
        ...paymentResult({ paymentRequestId: captured.paymentRequestId, paymentId: 'pay_2' }),
        authExpiryTime: '2025-03-08T10:00:01+08:00',
      }),
    );
    await store.applyNotification(notification(captureResult({ paymentId: 'pay_2', captureId: 'cap_2' })));
    assert.equal((await capturedNow()).status, 'CAPTURED');
    assert.deepEqual(await store.dueForReleaseCheck(new Date('2100-01-01T00:00:00Z')), []);
  });

  it('processes a duplicate once and counts its deliveries', async () => {
    const { store, order, current } = await manualOrder();
    const payloads = [
      paymentResult({ paymentRequestId: order.paymentRequestId }),
      captureResult({}),
      refundResult({ value: '500' }),
    ];
    for (const payload of payloads) {
      for (let i = 0; i < 3; i++) await store.applyNotification(notification(payload));
    }
    assert.equal((await current()).status, 'PARTIALLY_REFUNDED');
    assert.deepEqual((await current()).refunded, { currency: 'USD', value: '500' });
    assert.deepEqual((await current()).captured, USD_25);
    assert.equal((await current()).history.length, 3);
    assert.deepEqual(
      (await current()).history.map((event) => event.deliveries),
      [3, 3, 3],
    );
  });

  it('reaches the same state whatever order the notifications arrive in', async () => {
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
    const [first, ...others] = await Promise.all(arrivals.map((arrival) => finalState(arrival)));
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

  it('parks a capture result that overtook the payment result and applies it after', async () => {
    const { store, order, current } = await manualOrder();
    const early = await store.applyNotification(notification(captureResult({})));
    assert.equal(early.kind, 'parked');
    assert.equal((await current()).status, 'CREATED');
    assert.equal((await current()).history.length, 0);
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    assert.equal((await current()).status, 'CAPTURED');
    assert.deepEqual(
      (await current()).history.map((event) => [event.type, event.outcome]),
      [
        ['PAYMENT_RESULT', 'applied'],
        ['CAPTURE_RESULT', 'applied'],
      ],
    );
  });

  it('lets the buyer retry after a decline, and ignores a late decline after success', async () => {
    const { store, order, current } = await manualOrder();
    await store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' })),
    );
    assert.equal((await current()).status, 'FAILED');
    assert.deepEqual((await current()).failure, { code: 'DO_NOT_HONOR', message: 'do_not_honor' });
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    assert.equal((await current()).status, 'AUTHORIZED');
    assert.equal((await current()).failure, null);
    const late = await store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F', code: 'LOST_CARD' })),
    );
    assert.equal(late.kind === 'recorded' && late.outcome, 'stale');
    assert.equal((await current()).status, 'AUTHORIZED');
  });

  it('refuses a payment result whose payment id or amount differs from the order', async () => {
    const { store, order, current } = await manualOrder();
    const mismatch = await store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, value: '1' })),
    );
    assert.equal(mismatch.kind === 'recorded' && mismatch.outcome, 'amount-mismatch');
    assert.equal((await current()).status, 'CREATED');
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const other = await store.applyNotification(
      notification(paymentResult({ paymentRequestId: order.paymentRequestId, paymentId: 'pay_other', status: 'F' })),
    );
    assert.equal(other.kind, 'unknown-order');
    assert.equal((await current()).status, 'AUTHORIZED');
  });

  it('does not acknowledge a payment result for an order it never had', async () => {
    const store = await freshStore();
    assert.equal(
      (await store.applyNotification(notification(paymentResult({ paymentRequestId: 'demo_x' })))).kind,
      'unknown-order',
    );
  });

  it('shows the card that paid when a decline with one card is followed by a success with another', async () => {
    const { store, order, current } = await manualOrder();
    const declined = {
      ...paymentResult({ paymentRequestId: order.paymentRequestId, status: 'F' }),
      paymentResultInfo: { cardBrand: 'VISA', lastFour: '4822', cardNo: '************4822' },
    };
    const paid = {
      ...paymentResult({ paymentRequestId: order.paymentRequestId }),
      paymentResultInfo: { cardBrand: 'MASTERCARD', lastFour: '4622', cardNo: '************4622' },
    };
    await store.applyNotification(notification(declined));
    assert.deepEqual((await current()).card, { brand: 'VISA', last4: '4822' });
    await store.applyNotification(notification(paid));
    assert.deepEqual((await current()).card, { brand: 'MASTERCARD', last4: '4622' });
    assert.equal((await current()).status, 'AUTHORIZED');
    // The decline delivered again (a retry) changes neither the status nor the card.
    await store.applyNotification(notification(declined));
    assert.deepEqual((await current()).card, { brand: 'MASTERCARD', last4: '4622' });
    assert.equal((await current()).status, 'AUTHORIZED');
  });

  it('changes an order once when 20 deliveries of each notification arrive at the same time', async () => {
    const { store, order, current } = await manualOrder();
    const payloads = [
      paymentResult({ paymentRequestId: order.paymentRequestId }),
      captureResult({}),
      refundResult({ value: '500' }),
    ];
    for (const payload of payloads) {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.applyNotification(notification(payload))),
      );
      assert.equal(results.filter((result) => result.kind === 'recorded').length, 1, JSON.stringify(payload));
      assert.equal(results.filter((result) => result.kind === 'duplicate').length, 19);
    }
    const after = await current();
    assert.equal(after.status, 'PARTIALLY_REFUNDED');
    assert.deepEqual(after.captured, USD_25);
    assert.deepEqual(after.refunded, { currency: 'USD', value: '500' });
    assert.deepEqual(
      after.history.map((event) => [event.type, event.deliveries]),
      [
        ['PAYMENT_RESULT', 20],
        ['CAPTURE_RESULT', 20],
        ['REFUND_RESULT', 20],
      ],
    );
  });

  it('parks a capture result that races the payment result, whichever commits first', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { store, order, current } = await manualOrder();
      const paymentId = `pay_race_${round}`;
      await Promise.all([
        store.applyNotification(notification(captureResult({ paymentId, captureId: `cap_${round}` }))),
        store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId, paymentId }))),
      ]);
      assert.equal((await current()).status, 'CAPTURED', `round ${round}`);
    }
  });
});

describe('OrderStore retention', () => {
  const HOUR = 60 * 60 * 1000;

  it('never drops an order that has a payment, however many orders come after it', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = await freshStore({ now: () => new Date(clock), unpaidGraceMs: 0 });
    const paid = await store.create({ amount: USD_25, captureMode: 'MANUAL' });
    await store.attachSession(paid.id, 'ps_paid', new Date(clock + HOUR).toISOString());
    await store.applyNotification(notification(paymentResult({ paymentRequestId: paid.paymentRequestId })));
    const created: Order[] = [];
    for (let i = 0; i < 30; i += 1) created.push(await store.create({ amount: USD_25, captureMode: 'AUTOMATIC' }));
    clock += 2 * HOUR;
    await store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    assert.equal((await store.get(paid.id))?.status, 'AUTHORIZED');
    const late = await store.applyNotification(notification(captureResult({})));
    assert.equal(late.kind, 'recorded');
    assert.equal((await store.get(paid.id))?.status, 'CAPTURED');
    for (const order of created) assert.equal(await store.get(order.id), undefined, 'unpaid and expired: deleted');
  });

  it('expires an unpaid order with its session, after the grace for a result on its way', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = await freshStore({ now: () => new Date(clock), unpaidGraceMs: 10 * 60 * 1000 });
    const unpaid = await store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    await store.attachSession(unpaid.id, 'ps_1', new Date(clock + 30 * 60 * 1000).toISOString());
    clock += 35 * 60 * 1000;
    await store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    assert.ok(await store.get(unpaid.id), 'still within the grace after the session expired');
    clock += 10 * 60 * 1000;
    await store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    assert.equal(await store.get(unpaid.id), undefined);
    const late = await store.applyNotification(
      notification(paymentResult({ paymentRequestId: unpaid.paymentRequestId })),
    );
    assert.equal(late.kind, 'unknown-order');
  });

  it('keeps a declined order (it has a payment) past its session', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = await freshStore({ now: () => new Date(clock), unpaidGraceMs: 0 });
    const declined = await store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    await store.attachSession(declined.id, 'ps_1', new Date(clock + HOUR).toISOString());
    await store.applyNotification(
      notification(paymentResult({ paymentRequestId: declined.paymentRequestId, status: 'F' })),
    );
    clock += 3 * HOUR;
    await store.create({ amount: USD_25, captureMode: 'AUTOMATIC' });
    assert.equal((await store.get(declined.id))?.status, 'FAILED');
  });

  it('counts the orders each client address created in a window', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = await freshStore({ now: () => new Date(clock) });
    for (let i = 0; i < 3; i += 1) {
      await store.create({ amount: USD_25, captureMode: 'AUTOMATIC', clientAddress: '127.0.0.1' });
      clock += 1000;
    }
    await store.create({ amount: USD_25, captureMode: 'AUTOMATIC', clientAddress: '127.0.0.2' });
    assert.equal(await store.countCreatedSince('127.0.0.1', new Date(clock - 60_000)), 3);
    assert.equal(await store.countCreatedSince('127.0.0.1', new Date(clock - 1500)), 1);
    assert.equal(await store.countCreatedSince('127.0.0.2', new Date(clock - 60_000)), 1);
  });
});

describe('allowedActions', () => {
  const base = (overrides: Partial<Order>): Order => ({
    id: 'ord_1',
    paymentRequestId: 'demo_1',
    paymentSessionId: null,
    paymentId: 'pay_1',
    amount: USD_25,
    captureMode: 'MANUAL',
    status: 'AUTHORIZED',
    card: null,
    acquirer: null,
    authExpiryTime: null,
    captured: null,
    refunded: null,
    failure: null,
    createdAt: '',
    updatedAt: '',
    history: [],
    actions: [],
    ...overrides,
  });
  const off = { partialCapture: false };
  const on = { partialCapture: true };

  it('offers capture and cancel on a manual authorization, refund once captured', () => {
    assert.deepEqual(allowedActions(base({}), off), ['CAPTURE', 'CANCEL']);
    assert.deepEqual(allowedActions(base({ captureMode: 'AUTOMATIC' }), off), ['CANCEL']);
    assert.deepEqual(allowedActions(base({ status: 'CAPTURED', captured: USD_25 }), off), ['REFUND']);
    assert.deepEqual(allowedActions(base({ status: 'PARTIALLY_REFUNDED', captured: USD_25 }), off), ['REFUND']);
  });

  it('offers nothing on a failed, cancelled, refunded or unpaid order', () => {
    for (const status of ['FAILED', 'CANCELLED', 'REFUNDED', 'CREATED', 'PROCESSING'] as const) {
      assert.deepEqual(allowedActions(base({ status }), on), [], status);
    }
    assert.deepEqual(allowedActions(base({ paymentId: null }), on), []);
  });

  it('offers a further capture of what is left only where partial capture is on', () => {
    const partly = base({ status: 'CAPTURED', captured: { currency: 'USD', value: '1000' } });
    assert.deepEqual(allowedActions(partly, on), ['CAPTURE', 'REFUND']);
    assert.deepEqual(allowedActions(partly, off), ['REFUND']);
    assert.deepEqual(allowedActions(base({ status: 'CAPTURED', captured: USD_25 }), on), ['REFUND']);
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

  it('maps the inquiry to a status and amounts', async () => {
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
      const { store, order, current } = await manualOrder();
      await store.applyInquiry(order.id, inquiry(overrides));
      assert.equal((await current()).status, status, JSON.stringify(overrides));
      assert.equal((await current()).history[0]?.source, 'INQUIRY');
    }
  });

  it('applies parked notifications once the inquiry names the payment', async () => {
    const { store, order, current } = await manualOrder();
    assert.equal((await store.applyNotification(notification(captureResult({})))).kind, 'parked');
    await store.applyInquiry(order.id, inquiry({ authExpiryTime: '2025-03-08T10:00:00+08:00' }));
    assert.equal((await current()).status, 'CAPTURED');
    assert.equal((await current()).authExpiryTime, '2025-03-08T10:00:00+08:00');
    assert.deepEqual((await current()).captured, USD_25);
  });
});

describe('OrderStore actions', () => {
  it('needs a payment, gives each call a fresh request id, and allows one call at a time', async () => {
    const { store, order, current } = await manualOrder();
    const early = await store.beginAction(order.id, 'CAPTURE');
    assert.equal(early.ok === false && early.code, 'NO_PAYMENT_YET');
    assert.equal((await store.beginAction('ord_missing', 'CAPTURE')).ok, false);
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));

    const first = await store.beginAction(order.id, 'CAPTURE');
    assert.ok(first.ok);
    assert.match(first.action.requestId ?? '', /^cap_[A-Za-z0-9_-]{20,}$/);
    assert.deepEqual(first.action.amount, USD_25);
    const busy = await store.beginAction(order.id, 'CANCEL');
    assert.equal(busy.ok === false && busy.code, 'ACTION_IN_FLIGHT');
    await store.finishAction(order.id, first.index, {
      resultStatus: 'F',
      resultCode: 'PROCESS_FAIL',
      resultMessage: 'no',
    });
    assert.equal((await current()).actions[first.index]?.state, 'FAILED');

    const second = await store.beginAction(order.id, 'CAPTURE');
    assert.ok(second.ok);
    assert.notEqual(second.action.requestId, first.action.requestId);
    assert.equal(second.retry, false);
  });

  it('retries a call with an unknown outcome under the same request id, and only with the same amount', async () => {
    const { store, order, current } = await manualOrder();
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    await store.applyNotification(notification(captureResult({})));
    const refund = await store.beginAction(order.id, 'REFUND', {
      amount: { currency: 'USD', value: '700' },
      reason: 'late',
    });
    assert.ok(refund.ok);
    await store.finishAction(order.id, refund.index, {
      resultStatus: null,
      resultCode: 'TIMEOUT',
      resultMessage: 'no answer',
    });
    assert.equal((await current()).actions[refund.index]?.state, 'UNKNOWN');

    const other = await store.beginAction(order.id, 'REFUND', { amount: { currency: 'USD', value: '800' } });
    assert.equal(other.ok === false && other.code, 'RETRY_MISMATCH');
    const retry = await store.beginAction(order.id, 'REFUND', { amount: { currency: 'USD', value: '700' } });
    assert.ok(retry.ok);
    assert.equal(retry.retry, true);
    assert.equal(retry.index, refund.index);
    assert.equal(retry.action.requestId, refund.action.requestId);
    assert.equal(retry.action.attempts, 2);
    assert.equal((await current()).actions.length, 1);
  });

  it('lets a notification that overtook the U answer settle the call', async () => {
    const { store, order, current } = await manualOrder();
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const capture = await store.beginAction(order.id, 'CAPTURE');
    assert.ok(capture.ok);
    await store.applyNotification(notification(captureResult({ captureRequestId: capture.action.requestId ?? '' })));
    await store.finishAction(order.id, capture.index, {
      resultStatus: 'U',
      resultCode: 'CAPTURE_IN_PROCESS',
      resultMessage: 'The capture is being processed.',
    });
    assert.equal((await current()).actions[capture.index]?.state, 'SUCCEEDED');
    assert.equal((await current()).actions[capture.index]?.settledBy, 'NOTIFICATION');
    assert.equal((await current()).status, 'CAPTURED');
  });

  it('keeps a final answer when the notification of the same call follows', async () => {
    const { store, order, current } = await manualOrder();
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const capture = await store.beginAction(order.id, 'CAPTURE');
    assert.ok(capture.ok);
    await store.finishAction(order.id, capture.index, {
      resultStatus: 'S',
      resultCode: 'SUCCESS',
      resultMessage: 'success.',
    });
    await store.applyNotification(notification(captureResult({ captureRequestId: capture.action.requestId ?? '' })));
    assert.equal((await current()).actions[capture.index]?.settledBy, 'ANSWER');
  });

  it('settles an unresolved call from the notification that answers it', async () => {
    const { store, order, current } = await manualOrder();
    await store.applyNotification(notification(paymentResult({ paymentRequestId: order.paymentRequestId })));
    const capture = await store.beginAction(order.id, 'CAPTURE');
    assert.ok(capture.ok);
    await store.finishAction(order.id, capture.index, {
      resultStatus: 'U',
      resultCode: 'UNKNOWN_EXCEPTION',
      resultMessage: 'later',
    });
    await store.applyNotification(notification(captureResult({ captureRequestId: capture.action.requestId ?? '' })));
    assert.equal((await current()).actions[capture.index]?.state, 'SUCCEEDED');
    assert.equal((await current()).actions[capture.index]?.resultCode, 'SUCCESS');
    assert.equal((await current()).status, 'CAPTURED');
  });
});

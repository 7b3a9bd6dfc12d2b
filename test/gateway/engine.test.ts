import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAdjustableClock, ManualClock, OffsetClock } from '../../gateway/src/engine/clock.js';
import { AUTHORIZATION_VALIDITY_MS, PaymentEngine, type SubmitPaymentInput } from '../../gateway/src/engine/engine.js';
import { MerchantRegistry } from '../../gateway/src/engine/merchants.js';
import { RELEASE_SCAN_PER_TURN } from '../../gateway/src/engine/settlement.js';
import { createRandom } from '../../gateway/src/engine/random.js';
import type { Acquirer } from '../../gateway/src/engine/acquirers.js';
import { SingleAcquirerRouter } from '../../gateway/src/engine/routing.js';
import { KeyedSerializer } from '../../gateway/src/engine/serial.js';
import {
  canTransition,
  inquiryStatusOf,
  transition,
  type PaymentState,
} from '../../gateway/src/engine/state-machine.js';
import { formatAntomTime, parseTimeWithOffset } from '../../gateway/src/engine/time.js';
import { CardTokenStore } from '../../gateway/src/engine/tokens.js';
import type { CreateSessionInput, EngineEvent, PaymentEvent } from '../../gateway/src/engine/types.js';
import { CARDS, card } from '../support/cards.js';
import { MERCHANT_ID, START_TIME, testMerchant } from '../support/servers.js';
import { sleep } from '../support/waits.js';

const ORIGIN = 'http://127.0.0.1:9';

function engineWith(options: { acquirer?: Acquirer; seed?: number } = {}): {
  engine: PaymentEngine;
  clock: ManualClock;
  events: EngineEvent[];
} {
  const clock = new ManualClock(START_TIME);
  const engine = new PaymentEngine({
    gatewayOrigin: ORIGIN,
    merchants: new MerchantRegistry([testMerchant({ notifyUrl: 'http://localhost:4999/notify' })]),
    clock,
    random: createRandom(options.seed ?? 1),
    ...(options.acquirer ? { router: new SingleAcquirerRouter(options.acquirer) } : {}),
  });
  const events: EngineEvent[] = [];
  engine.subscribe((event) => events.push(event));
  return { engine, clock, events };
}

/** A new card submission without a save choice. */
function newCard(number: string, overrides: Parameters<typeof card>[1] = {}): SubmitPaymentInput['method'] {
  return { kind: 'CARD', card: card(number, overrides), saveCard: undefined };
}

function sessionInput(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    paymentRequestId: 'req-1',
    amount: { currency: 'EUR', value: '2500' },
    order: { orderDescription: 'Tea', referenceOrderId: 'order-1', orderAmount: { currency: 'EUR', value: '2500' } },
    captureMode: 'AUTOMATIC',
    redirectUrl: 'https://shop.example/back',
    ...overrides,
  };
}

function mustCreate(engine: PaymentEngine, overrides: Partial<CreateSessionInput> = {}): string {
  const created = engine.createPaymentSession('SANDBOX_TEST_SHOP', sessionInput(overrides));
  assert.ok(created.ok);
  return created.value.paymentSessionData;
}

describe('payment state machine', () => {
  const ALLOWED: Array<[PaymentState, PaymentState]> = [
    ['PROCESSING', 'AUTHORIZED'],
    ['PROCESSING', 'FAILED'],
    ['FAILED', 'PROCESSING'],
    ['AUTHORIZED', 'CAPTURED'],
    ['AUTHORIZED', 'CANCELLED'],
    ['CAPTURED', 'CAPTURED'],
    ['CAPTURED', 'PARTIALLY_REFUNDED'],
    ['CAPTURED', 'REFUNDED'],
    ['PARTIALLY_REFUNDED', 'PARTIALLY_REFUNDED'],
    ['PARTIALLY_REFUNDED', 'REFUNDED'],
  ];
  const STATES: PaymentState[] = [
    'PROCESSING',
    'AUTHORIZED',
    'CAPTURED',
    'FAILED',
    'CANCELLED',
    'PARTIALLY_REFUNDED',
    'REFUNDED',
  ];

  it('allows exactly the lifecycle moves', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const expected = ALLOWED.some(([a, b]) => a === from && b === to);
        assert.equal(canTransition(from, to), expected, `${from} -> ${to}`);
      }
    }
  });

  it('throws on a forbidden move and leaves the state alone', () => {
    const payment = { state: 'CAPTURED' as PaymentState };
    assert.throws(() => transition(payment, 'CANCELLED'), /cannot move from CAPTURED to CANCELLED/);
    assert.equal(payment.state, 'CAPTURED');
  });

  it('maps states to Antom paymentStatus', () => {
    assert.deepEqual(STATES.map(inquiryStatusOf), [
      'PROCESSING',
      'SUCCESS',
      'SUCCESS',
      'FAIL',
      'CANCELLED',
      'SUCCESS',
      'SUCCESS',
    ]);
  });
});

describe('clock and time format', () => {
  it('ManualClock moves only when told', () => {
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    assert.equal(clock.now().toISOString(), '2030-01-01T00:00:00.000Z');
    clock.advance(1500);
    assert.equal(clock.now().toISOString(), '2030-01-01T00:00:01.500Z');
    clock.set('2031-02-03T04:05:06Z');
    assert.equal(formatAntomTime(clock.now()), '2031-02-03T04:05:06+00:00');
    assert.throws(() => new ManualClock('not a date'), RangeError);
  });

  it('parses ISO-8601 only with an offset', () => {
    assert.equal(parseTimeWithOffset('2030-01-15T18:30:00+08:00')?.toISOString(), '2030-01-15T10:30:00.000Z');
    assert.equal(parseTimeWithOffset('2030-01-15T10:30:00.250Z')?.toISOString(), '2030-01-15T10:30:00.250Z');
    for (const bad of ['2030-01-15T10:30:00', '2030-13-15T10:30:00Z', '2030-01-15 10:30:00Z', 'tomorrow']) {
      assert.equal(parseTimeWithOffset(bad), undefined, bad);
    }
  });
});

describe('PaymentEngine without HTTP', () => {
  it('emits PAYMENT_RESULT per final outcome and CAPTURE_RESULT after an automatic capture', async () => {
    const { engine, events } = engineWith();
    const data = mustCreate(engine);
    await engine.submitPayment({
      paymentSessionData: data,
      idempotencyKey: 'key-00001',
      method: newCard(CARDS.visa.declined),
    });
    await engine.submitPayment({
      paymentSessionData: data,
      idempotencyKey: 'key-00002',
      method: newCard(CARDS.visa.approved),
    });
    const paymentEvents = events.filter((event): event is PaymentEvent => event.type !== 'VAULTING_RESULT');
    assert.equal(paymentEvents.length, events.length);
    assert.deepEqual(
      paymentEvents.map((event) => [event.type, event.payment.result.resultCode, event.notifyUrl]),
      [
        ['PAYMENT_RESULT', 'DO_NOT_HONOR', 'http://localhost:4999/notify'],
        ['PAYMENT_RESULT', 'SUCCESS', 'http://localhost:4999/notify'],
        ['CAPTURE_RESULT', 'SUCCESS', 'http://localhost:4999/notify'],
      ],
    );
    assert.equal(paymentEvents[1]?.payment.state, 'CAPTURED');
    const capture = events[2]?.type === 'CAPTURE_RESULT' ? events[2].capture : undefined;
    assert.equal(capture?.captureRequestId, `AUTO_${paymentEvents[1]?.payment.paymentId}`);
    assert.deepEqual(capture?.amount, { currency: 'EUR', value: '2500' });
  });

  it('routes authorizations through the router and survives a failing acquirer', async () => {
    const calls: string[] = [];
    const broken: Acquirer = {
      name: 'BROKEN_ACQ',
      authorize: async (request) => {
        calls.push(request.card.cardNo);
        throw new Error('acquirer down');
      },
      capture: async () => {
        throw new Error('unused');
      },
    };
    const { engine } = engineWith({ acquirer: broken });
    const data = mustCreate(engine);
    const outcome = await engine.submitPayment({
      paymentSessionData: data,
      idempotencyKey: 'key-00001',
      method: newCard(CARDS.visa.approved),
    });
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.error.resultCode, 'SYSTEM_ERROR');
    assert.deepEqual(calls, ['************0768'], 'the acquirer sees the masked number only');
    const paymentId = !outcome.ok ? outcome.paymentId : undefined;
    assert.equal(engine.payment(paymentId!)?.state, 'FAILED', 'never stuck in PROCESSING');
  });

  it('gives reproducible ids for the same seed', () => {
    const a = engineWith({ seed: 99 }).engine.createPaymentSession('SANDBOX_TEST_SHOP', sessionInput());
    const b = engineWith({ seed: 99 }).engine.createPaymentSession('SANDBOX_TEST_SHOP', sessionInput());
    assert.ok(a.ok && b.ok);
    assert.equal(a.value.paymentSessionId, b.value.paymentSessionId);
    assert.notEqual(a.value.paymentSessionData, b.value.paymentSessionData, 'the secret token is never seeded');
  });

  it('refuses sessions of unknown merchants and keeps paymentIds private to their merchant', async () => {
    const { engine } = engineWith();
    const unknown = engine.createPaymentSession('SANDBOX_NOBODY', sessionInput());
    assert.equal(!unknown.ok && unknown.error.resultCode, 'CLIENT_INVALID');
    const data = mustCreate(engine);
    const paid = await engine.submitPayment({
      paymentSessionData: data,
      idempotencyKey: 'key-00001',
      method: newCard(CARDS.visa.approved),
    });
    assert.ok(paid.ok);
    const foreign = engine.inquiryPayment('SANDBOX_SOMEONE_ELSE', { paymentId: paid.value.paymentId });
    assert.equal(!foreign.ok && foreign.error.resultCode, 'ORDER_NOT_EXIST');
  });

  it('stores no card number or CVC anywhere in its records', async () => {
    const { engine, events } = engineWith();
    const data = mustCreate(engine);
    const paid = await engine.submitPayment({
      paymentSessionData: data,
      idempotencyKey: 'key-00001',
      method: newCard(CARDS.visa.frictionless, { cvc: '777', holderName: 'Grace Hopper' }),
    });
    assert.ok(paid.ok);
    const records = JSON.stringify([engine.payment(paid.value.paymentId), events, paid]);
    assert.ok(!records.includes(CARDS.visa.frictionless));
    assert.ok(!records.includes('"777"'));
    assert.ok(!records.includes('Grace Hopper'));
  });
});

describe('engine building blocks', () => {
  it('KeyedSerializer runs tasks of one key in order, other keys independently, and starts idle tasks at once', async () => {
    const serial = new KeyedSerializer();
    const events: string[] = [];
    const slow = serial.run('a', async () => {
      events.push('a1 start');
      await sleep(20);
      events.push('a1 end');
      return 1;
    });
    assert.deepEqual(events, ['a1 start'], 'an idle key starts in the caller turn');
    const queued = serial.run('a', () => {
      events.push('a2');
      return 2;
    });
    const other = serial.run('b', () => {
      events.push('b1');
      return 3;
    });
    const failing = serial.run('a', () => {
      throw new Error('boom');
    });
    const after = serial.run('a', () => 'still runs');
    assert.deepEqual(await Promise.all([slow, queued, other]), [1, 2, 3]);
    await assert.rejects(failing, /boom/);
    assert.equal(await after, 'still runs');
    assert.deepEqual(events, ['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('ManualClock and OffsetClock tell subscribers when they move', () => {
    const manual = new ManualClock(START_TIME);
    let calls = 0;
    const stop = manual.subscribe(() => {
      calls += 1;
    });
    manual.advance(1000);
    manual.set('2031-01-01T00:00:00Z');
    stop();
    manual.advance(1);
    assert.equal(calls, 2);
    assert.ok(isAdjustableClock(manual));
    assert.ok(!isAdjustableClock({ now: () => new Date() }));

    const offset = new OffsetClock();
    let moved = false;
    offset.subscribe(() => {
      moved = true;
    });
    const before = Date.now();
    offset.advance(60_000);
    assert.ok(moved);
    assert.equal(offset.offsetMs, 60_000);
    assert.ok(offset.now().getTime() >= before + 60_000);
    assert.throws(() => offset.advance(-1), RangeError);
  });

  it('CardTokenStore issues unguessable ALIPAY tokens for masked facts and deletes them', () => {
    const store = new CardTokenStore(new ManualClock(START_TIME));
    const facts = {
      clientId: 'SANDBOX_TEST_SHOP',
      card: {
        cardNo: '************0768',
        cardBrand: 'VISA' as const,
        lastFour: '0768',
        cardBin: '405469',
        expiryMonth: '12',
        expiryYear: '34',
      },
      issuer: { outcome: 'APPROVED' as const, resultCode: 'SUCCESS' as const, threeDS: undefined },
    };
    const first = store.issue(facts);
    const second = store.issue(facts);
    assert.match(first, /^ALIPAY[0-9A-F]{40}$/);
    assert.notEqual(first, second);
    assert.equal(store.get(first)?.createdAt.toISOString(), new Date(START_TIME).toISOString());
    const copy = store.get(first)!;
    copy.clientId = 'changed';
    assert.equal(store.get(first)?.clientId, 'SANDBOX_TEST_SHOP', 'get answers a copy');
    assert.ok(store.delete(first));
    assert.equal(store.get(first), undefined);
    assert.ok(!store.delete(first));
  });

  it('looks at open authorizations in slices, serving the event loop between them, and releases every due one', async () => {
    let now = Date.parse(START_TIME);
    const engine = new PaymentEngine({
      gatewayOrigin: ORIGIN,
      merchants: new MerchantRegistry([testMerchant()]),
      clock: { now: () => new Date(now) },
      random: createRandom(7),
    });
    const count = RELEASE_SCAN_PER_TURN + 1;
    for (let index = 0; index < count; index++) {
      const paid = await engine.pay(MERCHANT_ID, {
        paymentRequestId: `slice-${index}`,
        amount: { currency: 'USD', value: '1000' },
        captureMode: 'MANUAL',
        method: { kind: 'CARD', card: card(CARDS.visa.approved), tokenize: false },
      });
      assert.ok(paid.ok && paid.value.result.resultStatus === 'S', JSON.stringify(paid));
    }
    now += AUTHORIZATION_VALIDITY_MS;
    let passDone = false;
    let servedDuringPass = false;
    setImmediate(() => (servedDuringPass = !passDone));
    await engine.runDueJobs().then(() => (passDone = true));
    assert.ok(servedDuringPass, 'another task ran before the pass ended');
    assert.equal(engine.listPayments().filter((payment) => payment.state === 'CANCELLED').length, count);
  });

  it('releases a due authorization through runDueJobs when the clock cannot notify', async () => {
    let now = Date.parse(START_TIME);
    const engine = new PaymentEngine({
      gatewayOrigin: ORIGIN,
      merchants: new MerchantRegistry([testMerchant({ notifyUrl: 'http://localhost:4999/notify' })]),
      clock: { now: () => new Date(now) },
      random: createRandom(5),
    });
    const events: EngineEvent[] = [];
    engine.subscribe((event) => events.push(event));
    const data = mustCreate(engine, { captureMode: 'MANUAL' });
    const paid = await engine.submitPayment({
      paymentSessionData: data,
      idempotencyKey: 'key-00001',
      method: newCard(CARDS.visa.approved),
    });
    assert.ok(paid.ok);
    now += AUTHORIZATION_VALIDITY_MS - 1;
    await engine.runDueJobs();
    assert.equal(engine.payment(paid.value.paymentId)?.state, 'AUTHORIZED');
    now += 1;
    await engine.runDueJobs();
    const payment = engine.payment(paid.value.paymentId);
    assert.equal(payment?.state, 'CANCELLED');
    assert.equal(payment?.cancelReason, 'AUTHORIZATION_EXPIRED');
    // Antom notifies no release: the merchant learns of it by inquiry.
    assert.deepEqual(
      events.map((event) => event.type),
      ['PAYMENT_RESULT'],
    );
    await engine.runDueJobs();
    assert.equal(engine.payment(paid.value.paymentId)?.transactions.filter((t) => t.type === 'VOID').length, 1);
    assert.equal(events.length, 1, 'released once, silently');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Acquirer } from '../../gateway/src/engine/acquirers.js';
import { ManualClock } from '../../gateway/src/engine/clock.js';
import { PaymentEngine } from '../../gateway/src/engine/engine.js';
import { MerchantRegistry } from '../../gateway/src/engine/merchants.js';
import { createRandom } from '../../gateway/src/engine/random.js';
import { SingleAcquirerRouter } from '../../gateway/src/engine/routing.js';
import { CARDS, card } from '../support/cards.js';
import { type Answer } from '../support/http.js';
import { START_TIME, startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import { sleep, waitFor } from '../support/waits.js';
import { WEEK_MS, authorize, cancel, capture, inquire, newRequestId, openApi, resultCode } from './calls.js';

const REPETITIONS = 40;

describe('capture and cancel racing over HTTP', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it(`exactly one of them succeeds, ${REPETITIONS} times over, and the payment agrees with the winner`, async () => {
    const winners = { capture: 0, cancel: 0 };
    for (let round = 0; round < REPETITIONS; round++) {
      const paymentId = await authorize(t.gateway.origin);
      const calls: Array<Promise<Answer>> = [capture(t.gateway.origin, paymentId), cancel(t.gateway.origin, paymentId)];
      // Alternate which request leaves first.
      if (round % 2 === 1) calls.reverse();
      const answers = await Promise.all(calls);
      const [captured, cancelled] = round % 2 === 1 ? [answers[1]!, answers[0]!] : [answers[0]!, answers[1]!];
      const successes = [captured, cancelled].filter((answer) => resultCode(answer) === 'SUCCESS');
      assert.equal(successes.length, 1, `round ${round}: ${captured.text} / ${cancelled.text}`);

      const inquiry = await inquire(t.gateway.origin, { paymentId });
      const types = (inquiry.json['transactions'] as Array<Record<string, unknown>>)
        .filter((entry) => entry['transactionStatus'] === 'SUCCESS')
        .map((entry) => entry['transactionType']);
      if (resultCode(captured) === 'SUCCESS') {
        winners.capture += 1;
        assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
        assert.deepEqual(types, ['AUTHORIZATION', 'CAPTURE']);
        assert.equal(resultCode(cancelled), 'PROCESS_FAIL');
        assert.match(String((cancelled.json['result'] as Record<string, unknown>)['resultMessage']), /use refund$/);
      } else {
        winners.cancel += 1;
        assert.equal(inquiry.json['paymentStatus'], 'CANCELLED');
        assert.deepEqual(types, ['AUTHORIZATION', 'CANCEL']);
        assert.equal(resultCode(captured), 'PROCESS_FAIL');
        assert.match(
          String((captured.json['result'] as Record<string, unknown>)['resultMessage']),
          /is CANCELLED; capture is not possible$/,
        );
      }
    }
    assert.equal(winners.capture + winners.cancel, REPETITIONS);
  });

  it('concurrent captures with one captureRequestId make one capture with one answer', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const body = {
      captureRequestId: newRequestId('cap'),
      paymentId,
      captureAmount: { currency: 'USD', value: '1000' },
    };
    const answers = await Promise.all(Array.from({ length: 6 }, () => openApi(t.gateway.origin, 'capture', body)));
    assert.equal(new Set(answers.map((answer) => answer.text)).size, 1);
    assert.equal(resultCode(answers[0]!), 'SUCCESS');
    const captures = t.gateway.engine.payment(paymentId)?.transactions.filter((entry) => entry.type === 'CAPTURE');
    assert.equal(captures?.length, 1);
  });

  it('concurrent captures with different captureRequestIds capture once', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const answers = await Promise.all(Array.from({ length: 6 }, () => capture(t.gateway.origin, paymentId)));
    assert.equal(answers.filter((answer) => resultCode(answer) === 'SUCCESS').length, 1);
  });
});

describe('state changes of one payment are serialized in the engine', () => {
  /** An acquirer whose captures take `delayMs`. */
  function slowAcquirer(delayMs: number): Acquirer & { captures: number } {
    const acquirer = {
      name: 'SLOW_ACQ',
      captures: 0,
      authorize: async () => ({
        outcome: 'APPROVED' as const,
        resultCode: 'SUCCESS' as const,
        acquirerInfo: {
          acquirerName: 'SLOW_ACQ',
          acquirerTransactionId: '1',
          acquirerMerchantId: 'M',
          acquirerResultCode: '00',
          acquirerResultMessage: 'Approved',
        },
        networkTransactionId: '2',
      }),
      capture: async () => {
        acquirer.captures += 1;
        await sleep(delayMs);
        return {
          outcome: 'CAPTURED' as const,
          acquirerInfo: {
            acquirerName: 'SLOW_ACQ',
            acquirerTransactionId: '3',
            acquirerMerchantId: 'M',
            acquirerResultCode: '00',
            acquirerResultMessage: 'Approved',
          },
        };
      },
    };
    return acquirer;
  }

  async function manualPayment(
    acquirer: Acquirer,
  ): Promise<{ engine: PaymentEngine; clock: ManualClock; paymentId: string }> {
    const clock = new ManualClock(START_TIME);
    const engine = new PaymentEngine({
      gatewayOrigin: 'http://127.0.0.1:9',
      merchants: new MerchantRegistry([testMerchant()]),
      clock,
      random: createRandom(3),
      router: new SingleAcquirerRouter(acquirer),
    });
    const paid = await engine.pay('SANDBOX_TEST_SHOP', {
      paymentRequestId: 'race-1',
      amount: { currency: 'USD', value: '1000' },
      captureMode: 'MANUAL',
      method: { kind: 'CARD', card: card(CARDS.visa.approved), tokenize: false },
    });
    assert.ok(paid.ok && paid.value.result.resultCode === 'SUCCESS');
    return { engine, clock, paymentId: paid.value.payment.paymentId };
  }

  const captureInput = (paymentId: string) => ({
    captureRequestId: newRequestId('cap'),
    paymentId,
    amount: { currency: 'USD', value: '1000' },
    isLastCapture: false,
  });

  it('a cancel arriving while the acquirer captures waits and then refuses', async () => {
    const acquirer = slowAcquirer(30);
    const { engine, paymentId } = await manualPayment(acquirer);
    const captured = engine.capture('SANDBOX_TEST_SHOP', captureInput(paymentId));
    await waitFor(() => acquirer.captures === 1, { message: 'the capture to reach the acquirer' });
    const cancelled = await engine.cancel('SANDBOX_TEST_SHOP', { paymentId });
    assert.equal(cancelled.ok, false);
    assert.match(!cancelled.ok ? cancelled.error.resultMessage : '', /use refund$/);
    assert.equal((await captured).ok, true);
    assert.equal(engine.payment(paymentId)?.state, 'CAPTURED');
  });

  it('a release due while the acquirer captures waits, and the capture stands', async () => {
    const acquirer = slowAcquirer(30);
    const { engine, clock, paymentId } = await manualPayment(acquirer);
    clock.advance(WEEK_MS - 10);
    const captured = engine.capture('SANDBOX_TEST_SHOP', captureInput(paymentId));
    await waitFor(() => acquirer.captures === 1, { message: 'the capture to reach the acquirer' });
    clock.advance(1000);
    await engine.runDueJobs();
    assert.equal((await captured).ok, true);
    const payment = engine.payment(paymentId);
    assert.equal(payment?.state, 'CAPTURED');
    assert.deepEqual(
      payment?.transactions.map((entry) => entry.type),
      ['AUTHORIZATION', 'CAPTURE'],
      'nothing voided',
    );
  });

  it('a capture queued behind a due release sees the expired authorization, without a clock subscription', async () => {
    let now = Date.parse(START_TIME);
    const engine = new PaymentEngine({
      gatewayOrigin: 'http://127.0.0.1:9',
      merchants: new MerchantRegistry([testMerchant()]),
      clock: { now: () => new Date(now) },
      random: createRandom(4),
    });
    const paid = await engine.pay('SANDBOX_TEST_SHOP', {
      paymentRequestId: 'lazy-1',
      amount: { currency: 'USD', value: '1000' },
      captureMode: 'MANUAL',
      method: { kind: 'CARD', card: card(CARDS.visa.approved), tokenize: false },
    });
    assert.ok(paid.ok);
    now += WEEK_MS;
    assert.equal(engine.payment(paid.value.payment.paymentId)?.state, 'AUTHORIZED', 'nothing ran yet');
    const late = await engine.capture('SANDBOX_TEST_SHOP', captureInput(paid.value.payment.paymentId));
    assert.equal(late.ok, false);
    assert.equal(
      !late.ok && late.error.resultMessage,
      'authorization expired at 2030-01-22T10:00:00+00:00; capture is not possible',
    );
    assert.equal(engine.payment(paid.value.payment.paymentId)?.state, 'CANCELLED');
  });
});

/**
 * Captures and refunds that answer `U` and settle later, as Antom's may (docs/antom-api.md section
 * 4): the sandbox's test amounts (ours, gateway/README.md) 7001 and 7002 for captures, 7003 and
 * 7004 for refunds. The answer is `CAPTURE_IN_PROCESS` / `REFUND_IN_PROCESS` alone; the result
 * follows as `notifyCapture` / `notifyRefund` (a failure too) and in the inquiries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CAPTURE_IN_PROCESS_THEN_FAIL,
  CAPTURE_IN_PROCESS_THEN_SUCCESS,
  REFUND_IN_PROCESS_THEN_FAIL,
  REFUND_IN_PROCESS_THEN_SUCCESS,
} from '../../gateway/src/index.js';
import { at, type Answer } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/notifications.js';
import { startTestGateway, type TestGateway } from '../support/servers.js';
import { settle, waitFor } from '../support/waits.js';
import { authorize, cancel, capture, inquire, newRequestId, openApi, refund, resultCode } from './calls.js';

const IN_PROCESS = (code: string, message: string): Record<string, string> => ({
  resultCode: code,
  resultStatus: 'U',
  resultMessage: message,
});
const CAPTURE_U = IN_PROCESS('CAPTURE_IN_PROCESS', 'The capture is being processed.');
const REFUND_U = IN_PROCESS('REFUND_IN_PROCESS', 'The refund is being processed.');

function transactions(answer: Answer): Array<[unknown, unknown, unknown]> {
  return (answer.json['transactions'] as Array<Record<string, unknown>>).map((entry) => [
    entry['transactionType'],
    entry['transactionStatus'],
    at(entry, 'transactionAmount.value'),
  ]);
}

let t: TestGateway;
let receiver: Receiver;

/** Notifications of one payment received so far, by type. */
function received(paymentId: string, type: string): Array<Record<string, unknown>> {
  return receiver.bodies().filter((body) => body['notifyType'] === type && body['paymentId'] === paymentId);
}

/** Authorizes `value` USD (MANUAL unless told), notified to the receiver; returns the payment id. */
function authorizeAmount(value: string, captureMode: 'MANUAL' | 'AUTOMATIC' = 'MANUAL'): Promise<string> {
  return authorize(t.gateway.origin, {
    paymentAmount: { currency: 'USD', value },
    paymentFactor: { isAuthorization: true, captureMode },
    paymentNotifyUrl: receiver.url('/notify'),
  });
}

function captureAmount(paymentId: string, value: string, captureRequestId = newRequestId('cap')): Promise<Answer> {
  return openApi(t.gateway.origin, 'capture', {
    captureRequestId,
    paymentId,
    captureAmount: { currency: 'USD', value },
  });
}

before(async () => {
  // Hours: nothing settles on its own during a test; moving the clock (or settleInProcess) settles.
  t = await startTestGateway({ notificationTimeScale: 0.001, asyncSettlementDelayMs: 3_600_000 });
  receiver = await startReceiver();
});

after(async () => {
  await receiver.close();
  await t.close();
});

describe('a capture that stays in process', () => {
  it(`${CAPTURE_IN_PROCESS_THEN_SUCCESS}: answers U, then succeeds and notifies CAPTURE_RESULT S`, async () => {
    const paymentId = await authorizeAmount(CAPTURE_IN_PROCESS_THEN_SUCCESS);
    const captureRequestId = newRequestId('cap');
    const first = await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_SUCCESS, captureRequestId);
    assert.deepEqual(first.json, { result: CAPTURE_U }, 'U carries no capture fields');
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'AUTHORIZED');

    const during = await inquire(t.gateway.origin, { paymentId });
    assert.equal(during.json['paymentStatus'], 'SUCCESS');
    assert.deepEqual(transactions(during), [
      ['AUTHORIZATION', 'SUCCESS', '7001'],
      ['CAPTURE', 'PROCESSING', '7001'],
    ]);
    const again = await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_SUCCESS, captureRequestId);
    assert.deepEqual(again.json, { result: CAPTURE_U }, 'the same request reads where it stands');
    const other = await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_SUCCESS);
    assert.equal(resultCode(other), 'PROCESS_FAIL');
    assert.equal(
      at(other.json, 'result.resultMessage'),
      `a capture of payment ${paymentId} is in process (captureRequestId ${captureRequestId}); wait for its result`,
    );
    const cancelled = await cancel(t.gateway.origin, paymentId);
    assert.equal(resultCode(cancelled), 'PROCESS_FAIL');
    assert.match(String(at(cancelled.json, 'result.resultMessage')), /capture of payment \S+ is in process/);
    await settle(100);
    assert.deepEqual(received(paymentId, 'CAPTURE_RESULT'), [], 'nothing is notified while in process');

    await t.gateway.engine.settleInProcess();
    await waitFor(() => received(paymentId, 'CAPTURE_RESULT').length === 1, { timeout: 3000 });
    const [notice] = received(paymentId, 'CAPTURE_RESULT');
    assert.deepEqual(notice?.['result'], { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' });
    assert.equal(notice?.['captureRequestId'], captureRequestId);
    assert.match(String(notice?.['acquirerReferenceNo']), /^\d+$/);
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'CAPTURED');
    const settled = await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_SUCCESS, captureRequestId);
    assert.equal(resultCode(settled), 'SUCCESS');
    assert.equal(settled.json['captureId'], notice?.['captureId']);
    assert.deepEqual(transactions(await inquire(t.gateway.origin, { paymentId })), [
      ['AUTHORIZATION', 'SUCCESS', '7001'],
      ['CAPTURE', 'SUCCESS', '7001'],
    ]);
  });

  it(`${CAPTURE_IN_PROCESS_THEN_FAIL}: answers U, then fails, notifies CAPTURE_RESULT F and leaves the authorization`, async () => {
    const paymentId = await authorizeAmount(CAPTURE_IN_PROCESS_THEN_FAIL);
    const captureRequestId = newRequestId('cap');
    const first = await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_FAIL, captureRequestId);
    assert.deepEqual(first.json, { result: CAPTURE_U });
    await t.gateway.engine.settleInProcess();
    await waitFor(() => received(paymentId, 'CAPTURE_RESULT').length === 1, { timeout: 3000 });
    const [notice] = received(paymentId, 'CAPTURE_RESULT');
    assert.equal(at(notice, 'result.resultStatus'), 'F');
    assert.equal(at(notice, 'result.resultCode'), 'PROCESS_FAIL');
    assert.match(String(at(notice, 'result.resultMessage')), /declined the capture .*7002/);
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'AUTHORIZED');
    const replay = await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_FAIL, captureRequestId);
    assert.deepEqual(replay.json['result'], notice?.['result'], 'the same request now answers the F');
    assert.deepEqual(transactions(await inquire(t.gateway.origin, { paymentId })), [
      ['AUTHORIZATION', 'SUCCESS', '7002'],
      ['CAPTURE', 'FAIL', '7002'],
    ]);
    assert.equal(resultCode(await cancel(t.gateway.origin, paymentId)), 'SUCCESS', 'the authorization stood');
  });

  it('an AUTOMATIC payment of 7001 is authorized at once and captured later, each notified', async () => {
    const paymentId = await authorizeAmount(CAPTURE_IN_PROCESS_THEN_SUCCESS, 'AUTOMATIC');
    await waitFor(() => received(paymentId, 'PAYMENT_RESULT').length === 1, { timeout: 3000 });
    assert.deepEqual(transactions(await inquire(t.gateway.origin, { paymentId })), [
      ['AUTHORIZATION', 'SUCCESS', '7001'],
      ['CAPTURE', 'PROCESSING', '7001'],
    ]);
    await settle(100);
    assert.deepEqual(received(paymentId, 'CAPTURE_RESULT'), []);
    await t.gateway.engine.settleInProcess();
    await waitFor(() => received(paymentId, 'CAPTURE_RESULT').length === 1, { timeout: 3000 });
    assert.equal(at(received(paymentId, 'CAPTURE_RESULT')[0], 'captureRequestId'), `AUTO_${paymentId}`);
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'CAPTURED');
  });

  it('an AUTOMATIC payment of 7002 whose capture fails later keeps a capturable authorization with its window', async () => {
    const paymentId = await authorizeAmount(CAPTURE_IN_PROCESS_THEN_FAIL, 'AUTOMATIC');
    assert.equal(t.gateway.engine.payment(paymentId)?.authExpiryTime, undefined);
    await t.gateway.engine.settleInProcess();
    await waitFor(() => received(paymentId, 'CAPTURE_RESULT').length === 1, { timeout: 3000 });
    const payment = t.gateway.engine.payment(paymentId);
    assert.equal(payment?.state, 'AUTHORIZED');
    assert.equal(payment?.authExpiryTime?.getTime(), (payment?.paymentTime?.getTime() ?? 0) + 7 * 24 * 3600 * 1000);
  });

  it('settles on its own after asyncSettlementDelayMs of wall time', async () => {
    const quick = await startTestGateway({ notificationTimeScale: 0.001, asyncSettlementDelayMs: 50 });
    try {
      const paymentId = await authorize(quick.gateway.origin, {
        paymentAmount: { currency: 'USD', value: CAPTURE_IN_PROCESS_THEN_SUCCESS },
      });
      const answer = await openApi(quick.gateway.origin, 'capture', {
        captureRequestId: newRequestId('cap'),
        paymentId,
        captureAmount: { currency: 'USD', value: CAPTURE_IN_PROCESS_THEN_SUCCESS },
      });
      assert.equal(resultCode(answer), 'CAPTURE_IN_PROCESS');
      await waitFor(() => quick.gateway.engine.payment(paymentId)?.state === 'CAPTURED', { timeout: 3000 });
    } finally {
      await quick.close();
    }
  });

  it('settles at once when the sandbox clock moves', async () => {
    const paymentId = await authorizeAmount(CAPTURE_IN_PROCESS_THEN_SUCCESS);
    assert.equal(resultCode(await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_SUCCESS)), 'CAPTURE_IN_PROCESS');
    t.clock.advance(1000);
    await waitFor(() => t.gateway.engine.payment(paymentId)?.state === 'CAPTURED', { timeout: 3000 });
  });

  it('keeps a capture in process through the due jobs; past the window, releases the authorization it failed to take', async () => {
    const paymentId = await authorizeAmount(CAPTURE_IN_PROCESS_THEN_FAIL);
    assert.equal(resultCode(await captureAmount(paymentId, CAPTURE_IN_PROCESS_THEN_FAIL)), 'CAPTURE_IN_PROCESS');
    await t.gateway.engine.runDueJobs();
    assert.equal(
      t.gateway.engine.payment(paymentId)?.transactions.at(-1)?.status,
      'PROCESSING',
      'only time settles it',
    );
    t.clock.advance(7 * 24 * 3600 * 1000);
    await waitFor(() => t.gateway.engine.payment(paymentId)?.state === 'CANCELLED', { timeout: 3000 });
    const payment = t.gateway.engine.payment(paymentId);
    assert.deepEqual(
      payment?.transactions.map((transaction) => [transaction.type, transaction.status]),
      [
        ['AUTHORIZATION', 'SUCCESS'],
        ['CAPTURE', 'FAIL'],
        ['VOID', 'SUCCESS'],
      ],
    );
  });
});

describe('a refund that stays in process', () => {
  async function capturedPayment(): Promise<string> {
    const paymentId = await authorizeAmount('10000');
    assert.equal(resultCode(await capture(t.gateway.origin, paymentId, '10000')), 'SUCCESS');
    return paymentId;
  }

  it(`${REFUND_IN_PROCESS_THEN_SUCCESS}: answers U, reserves its amount, then succeeds and notifies REFUND_RESULT`, async () => {
    const paymentId = await capturedPayment();
    const refundRequestId = newRequestId('ref');
    const first = await refund(t.gateway.origin, paymentId, REFUND_IN_PROCESS_THEN_SUCCESS, { refundRequestId });
    assert.deepEqual(first.json, { result: REFUND_U });
    const pending = await openApi(t.gateway.origin, 'inquiryRefund', { refundRequestId });
    assert.equal(pending.json['refundStatus'], 'PROCESSING');
    assert.equal(pending.json['refundTime'], undefined);
    const tooMuch = await refund(t.gateway.origin, paymentId, '3000');
    assert.equal(resultCode(tooMuch), 'REFUND_AMOUNT_EXCEED');
    assert.equal(
      at(tooMuch.json, 'result.resultMessage'),
      'refundAmount 3000 USD exceeds the refundable 2997 USD (captured 10000 USD, refunded 0 USD, 7003 USD in process)',
    );
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'CAPTURED');

    await t.gateway.engine.settleInProcess();
    await waitFor(() => received(paymentId, 'REFUND_RESULT').length === 1, { timeout: 3000 });
    const [notice] = received(paymentId, 'REFUND_RESULT');
    assert.equal(notice?.['refundStatus'], 'SUCCESS');
    assert.equal(notice?.['refundRequestId'], refundRequestId);
    assert.equal(typeof notice?.['refundTime'], 'string');
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'PARTIALLY_REFUNDED');
    const done = await openApi(t.gateway.origin, 'inquiryRefund', { refundRequestId });
    assert.equal(done.json['refundStatus'], 'SUCCESS');
    assert.equal(done.json['refundId'], notice?.['refundId']);
    const replay = await refund(t.gateway.origin, paymentId, REFUND_IN_PROCESS_THEN_SUCCESS, { refundRequestId });
    assert.equal(resultCode(replay), 'SUCCESS');
    assert.equal(replay.json['refundId'], notice?.['refundId']);
  });

  it(`${REFUND_IN_PROCESS_THEN_FAIL}: answers U, then fails, notifies REFUND_RESULT FAIL and frees the amount`, async () => {
    const paymentId = await capturedPayment();
    const refundRequestId = newRequestId('ref');
    const first = await refund(t.gateway.origin, paymentId, REFUND_IN_PROCESS_THEN_FAIL, { refundRequestId });
    assert.deepEqual(first.json, { result: REFUND_U });
    await t.gateway.engine.settleInProcess();
    await waitFor(() => received(paymentId, 'REFUND_RESULT').length === 1, { timeout: 3000 });
    const [notice] = received(paymentId, 'REFUND_RESULT');
    assert.equal(notice?.['refundStatus'], 'FAIL');
    assert.equal(at(notice, 'result.resultStatus'), 'F');
    assert.equal(at(notice, 'result.resultCode'), 'PROCESS_FAIL');
    assert.equal(notice?.['refundTime'], undefined, 'Antom sends refundTime on success');
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'CAPTURED', 'nothing was refunded');
    const inquiry = await openApi(t.gateway.origin, 'inquiryRefund', { refundRequestId });
    assert.equal(inquiry.json['refundStatus'], 'FAIL');
    assert.equal(inquiry.json['refundResultCode'], 'PROCESS_FAIL');
    const replay = await refund(t.gateway.origin, paymentId, REFUND_IN_PROCESS_THEN_FAIL, { refundRequestId });
    assert.deepEqual(replay.json['result'], notice?.['result']);
    assert.equal(
      resultCode(await refund(t.gateway.origin, paymentId, '10000')),
      'SUCCESS',
      'the whole amount is refundable',
    );
    assert.deepEqual(transactions(await inquire(t.gateway.origin, { paymentId })).slice(2), [
      ['REFUND', 'FAIL', '7004'],
      ['REFUND', 'SUCCESS', '10000'],
    ]);
  });
});

/**
 * The client against the real sandbox gateway for the lifecycle endpoints: pay, capture, cancel,
 * refund, inquiryRefund, and the notifications they cause (verified and parsed with the client).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AntomError,
  isSucceeded,
  NOTIFICATION_ACK,
  parseNotification,
  type AntomClient,
  type AntomNotification,
  type PayRequest,
} from '../../src/server/index.js';
import { CARDS } from '../support/cards.js';
import { startReceiver, type Receiver } from '../support/notifications.js';
import { startClientTestGateway, type TestGateway } from '../support/servers.js';
import { settle, waitFor } from '../support/waits.js';

const USD_25 = { currency: 'USD', value: '2500' };
const NOTIFY_PATH = '/antom/notify?shop=test';

let fixture: TestGateway;
let client: AntomClient;
let receiver: Receiver;
let notifyUrl: string;
const received: AntomNotification[] = [];
let counter = 0;
const nextId = (prefix: string): string => `${prefix}_${process.pid}_${++counter}`;

function payRequest(paymentRequestId: string, captureMode: 'AUTOMATIC' | 'MANUAL'): PayRequest {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId,
    paymentAmount: USD_25,
    order: { referenceOrderId: paymentRequestId, orderDescription: 'Test order', orderAmount: USD_25 },
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: { cardNo: CARDS.visa.approved, cvv: '123', expiryMonth: '12', expiryYear: '30' },
    },
    paymentFactor: { isAuthorization: true, captureMode },
    paymentRedirectUrl: 'http://localhost:4173/checkout/result',
    paymentNotifyUrl: notifyUrl,
    env: { terminalType: 'WEB' },
  };
}

async function authorize(captureMode: 'AUTOMATIC' | 'MANUAL' = 'MANUAL'): Promise<string> {
  const paid = await client.pay(payRequest(nextId('pay'), captureMode));
  assert.ok(isSucceeded(paid), paid.result.resultMessage);
  assert.equal(paid.paymentResultInfo?.lastFour, '0768');
  return paid.paymentId;
}

async function refusal(promise: Promise<unknown>): Promise<AntomError> {
  const error = await promise.then(
    () => assert.fail('expected a refusal'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof AntomError, String(error));
  assert.equal(error.kind, 'RESULT_FAILED', error.message);
  return error;
}

function notificationsFor(paymentId: string, type: string): AntomNotification[] {
  return received.filter(
    (notification) =>
      notification.notifyType === type && 'paymentId' in notification && notification.paymentId === paymentId,
  );
}

describe('AntomClient lifecycle against the sandbox gateway', () => {
  before(async () => {
    fixture = await startClientTestGateway();
    client = fixture.client();
    // Only notifications the client verifies count; others are refused as a merchant would.
    receiver = await startReceiver((_n, body, receipt) => {
      if (!client.verifyNotification({ method: receipt.method, path: receipt.path, headers: receipt.headers, body })) {
        return { status: 401, body: '' };
      }
      const notification = parseNotification(body);
      if (notification) received.push(notification);
      return { status: 200, body: NOTIFICATION_ACK };
    });
    notifyUrl = receiver.url(NOTIFY_PATH);
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  it('pays with MANUAL capture: authorized, with an expiry 7 days on, notified as PAYMENT_RESULT', async () => {
    const paymentId = await authorize();
    const inquiry = await client.inquiryPayment({ paymentId });
    assert.ok(isSucceeded(inquiry));
    assert.equal(inquiry.paymentStatus, 'SUCCESS');
    const authorizedAt = Date.parse(inquiry.paymentTime ?? '');
    const expiresAt = Date.parse(inquiry.authExpiryTime ?? '');
    assert.equal(expiresAt - authorizedAt, 7 * 24 * 3600 * 1000);
    assert.ok(!inquiry.transactions?.some((t) => t.transactionType === 'CAPTURE'));
    await waitFor(() => notificationsFor(paymentId, 'PAYMENT_RESULT').length === 1);
    const [notified] = notificationsFor(paymentId, 'PAYMENT_RESULT');
    assert.equal(notified?.notifyType === 'PAYMENT_RESULT' && notified.authExpiryTime, inquiry.authExpiryTime);
  });

  it('captures: S with a capture id, idempotent on captureRequestId, notified as CAPTURE_RESULT', async () => {
    const paymentId = await authorize();
    const captureRequestId = nextId('cap');
    const first = await client.capture({ captureRequestId, paymentId, captureAmount: USD_25 });
    assert.ok(isSucceeded(first));
    assert.equal(first.paymentId, paymentId);
    assert.deepEqual(first.captureAmount, USD_25);
    const again = await client.capture({ captureRequestId, paymentId, captureAmount: USD_25 });
    assert.ok(isSucceeded(again));
    assert.equal(again.captureId, first.captureId);
    const inquiry = await client.inquiryPayment({ paymentId });
    const captures = inquiry.transactions?.filter((t) => t.transactionType === 'CAPTURE') ?? [];
    assert.deepEqual(
      captures.map((t) => [t.transactionStatus, t.transactionRequestId]),
      [['SUCCESS', captureRequestId]],
    );
    await waitFor(() => notificationsFor(paymentId, 'CAPTURE_RESULT').length === 1);
    const [notified] = notificationsFor(paymentId, 'CAPTURE_RESULT');
    assert.equal(notified?.notifyType === 'CAPTURE_RESULT' && notified.captureId, first.captureId);
    assert.equal(notified?.notifyType === 'CAPTURE_RESULT' && notified.captureRequestId, captureRequestId);
  });

  it('captures automatically with AUTOMATIC mode and notifies that capture too', async () => {
    const paymentId = await authorize('AUTOMATIC');
    await waitFor(() => notificationsFor(paymentId, 'CAPTURE_RESULT').length === 1);
    const inquiry = await client.inquiryPayment({ paymentId });
    assert.ok(inquiry.transactions?.some((t) => t.transactionType === 'CAPTURE' && t.transactionStatus === 'SUCCESS'));
  });

  it('cancels: S, CANCELLED on inquiry; a capture after it fails with PROCESS_FAIL and a precise message', async () => {
    const paymentId = await authorize();
    const cancelled = await client.cancel({ paymentId });
    assert.ok(isSucceeded(cancelled));
    assert.equal(cancelled.paymentId, paymentId);
    assert.ok(Number.isFinite(Date.parse(cancelled.cancelTime)));
    const inquiry = await client.inquiryPayment({ paymentId });
    assert.equal(inquiry.paymentStatus, 'CANCELLED');
    const error = await refusal(client.capture({ captureRequestId: nextId('cap'), paymentId, captureAmount: USD_25 }));
    assert.equal(error.resultCode, 'PROCESS_FAIL');
    assert.equal(error.resultStatus, 'F');
    assert.match(error.resultMessage ?? '', /CANCELLED/);
  });

  it('refunds part of a captured payment, reports it on inquiryRefund and as REFUND_RESULT', async () => {
    const paymentId = await authorize();
    await client.capture({ captureRequestId: nextId('cap'), paymentId, captureAmount: USD_25 });
    const refundRequestId = nextId('ref');
    const refund = await client.refund({
      refundRequestId,
      paymentId,
      refundAmount: { currency: 'USD', value: '1000' },
      refundReason: 'one cup broken',
    });
    assert.ok(isSucceeded(refund));
    assert.deepEqual(refund.refundAmount, { currency: 'USD', value: '1000' });
    const byRequest = await client.inquiryRefund({ refundRequestId });
    assert.ok(isSucceeded(byRequest));
    assert.equal(byRequest.refundStatus, 'SUCCESS');
    assert.equal(byRequest.refundId, refund.refundId);
    const byId = await client.inquiryRefund({ refundId: refund.refundId });
    assert.equal(byId.refundRequestId, refundRequestId);
    await waitFor(() => notificationsFor(paymentId, 'REFUND_RESULT').length === 1);
    const [notified] = notificationsFor(paymentId, 'REFUND_RESULT');
    assert.equal(notified?.notifyType === 'REFUND_RESULT' && notified.refundStatus, 'SUCCESS');
    const tooMuch = await refusal(
      client.refund({ refundRequestId: nextId('ref'), paymentId, refundAmount: { currency: 'USD', value: '2000' } }),
    );
    assert.match(`${tooMuch.resultCode} ${tooMuch.resultMessage}`, /\S/);
  });

  it('meets a capture in process (sandbox amount 7001): resolves U without fields, then CAPTURE_RESULT S', async () => {
    const amount = { currency: 'USD', value: '7001' };
    const paid = await client.pay({ ...payRequest(nextId('pay'), 'MANUAL'), paymentAmount: amount });
    assert.ok(isSucceeded(paid));
    const captureRequestId = nextId('cap');
    const captured = await client.capture({ captureRequestId, paymentId: paid.paymentId, captureAmount: amount });
    assert.equal(isSucceeded(captured), false, 'U is not a success, nor a failure');
    assert.equal(captured.result.resultCode, 'CAPTURE_IN_PROCESS');
    assert.equal(captured.captureId, undefined);
    await fixture.gateway.engine.settleInProcess();
    await waitFor(() => notificationsFor(paid.paymentId, 'CAPTURE_RESULT').length === 1);
    const [notified] = notificationsFor(paid.paymentId, 'CAPTURE_RESULT');
    assert.equal(notified?.result.resultStatus, 'S');
    assert.equal(notified?.notifyType === 'CAPTURE_RESULT' && notified.captureRequestId, captureRequestId);
    const again = await client.capture({ captureRequestId, paymentId: paid.paymentId, captureAmount: amount });
    assert.ok(isSucceeded(again));
    assert.equal(again.captureId, notified?.notifyType === 'CAPTURE_RESULT' && notified.captureId);
  });

  it('meets a refund in process that fails (sandbox amount 7004): U, PROCESSING, then REFUND_RESULT FAIL', async () => {
    // The test amount is refunded from a payment big enough to hold it.
    const big = { currency: 'USD', value: '10000' };
    const paid = await client.pay({ ...payRequest(nextId('pay'), 'AUTOMATIC'), paymentAmount: big });
    assert.ok(isSucceeded(paid));
    const refundRequestId = nextId('ref');
    const pending = await client.refund({
      refundRequestId,
      paymentId: paid.paymentId,
      refundAmount: { currency: 'USD', value: '7004' },
    });
    assert.equal(pending.result.resultStatus, 'U');
    assert.equal(pending.result.resultCode, 'REFUND_IN_PROCESS');
    const during = await client.inquiryRefund({ refundRequestId });
    assert.equal(during.refundStatus, 'PROCESSING');
    await fixture.gateway.engine.settleInProcess();
    await waitFor(() => notificationsFor(paid.paymentId, 'REFUND_RESULT').length === 1);
    const [notified] = notificationsFor(paid.paymentId, 'REFUND_RESULT');
    assert.equal(notified?.notifyType === 'REFUND_RESULT' && notified.refundStatus, 'FAIL');
    assert.equal(notified?.result.resultStatus, 'F');
    const after = await client.inquiryRefund({ refundRequestId });
    assert.equal(after.refundStatus, 'FAIL');
  });

  it('refuses a refund of an uncaptured payment and a capture of an unknown one', async () => {
    const paymentId = await authorize();
    const refund = await refusal(client.refund({ refundRequestId: nextId('ref'), paymentId, refundAmount: USD_25 }));
    assert.match(refund.resultMessage ?? '', /not captured/);
    const unknown = await refusal(
      client.capture({ captureRequestId: nextId('cap'), paymentId: 'nope', captureAmount: USD_25 }),
    );
    assert.match(unknown.resultCode ?? '', /^[A-Z_]+$/);
  });

  it('releases an authorization left uncaptured for 7 days without a notification: inquiry tells', async () => {
    const paymentId = await authorize();
    const advanced = await fetch(`${fixture.gateway.origin}/sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ days: 8 }),
    });
    assert.equal(advanced.status, 200, await advanced.text());
    await fixture.gateway.engine.runDueJobs();
    const inquiry = await client.inquiryPayment({ paymentId });
    assert.equal(inquiry.paymentStatus, 'CANCELLED');
    assert.equal(inquiry.paymentResultCode, 'ORDER_IS_CLOSED');
    assert.equal(inquiry.transactions?.at(-1)?.transactionType, 'VOID');
    await settle(200);
    assert.deepEqual(
      fixture.gateway.engine.notifications.forPayment(paymentId).map((record) => record.notifyType),
      ['PAYMENT_RESULT'],
      'Antom notifies no release',
    );
    const late = await refusal(client.capture({ captureRequestId: nextId('cap'), paymentId, captureAmount: USD_25 }));
    assert.equal(late.resultCode, 'PROCESS_FAIL');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { at, type Answer } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { startReceiver } from '../support/notifications.js';
import { START_TIME, startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import { settle, waitFor } from '../support/waits.js';
import {
  WEEK_MS,
  authorize,
  cancel,
  capture,
  inquire,
  newRequestId,
  newSessionData,
  openApi,
  refund,
  resultCode,
} from './calls.js';
import { CARDS, cvcFor, EXPIRY } from '../support/cards.js';

const PARTIAL_ID = 'SANDBOX_PARTIAL_SHOP';
const asPartial = { clientId: PARTIAL_ID, privateKey: KEYS.otherMerchant.privateKey };
const EXPIRY_TEXT = '2030-01-22T10:00:00+00:00';

const message = (answer: Answer): string => String(at(answer.json, 'result.resultMessage'));

function transactions(answer: Answer): Array<[unknown, unknown, unknown]> {
  return (answer.json['transactions'] as Array<Record<string, unknown>>).map((entry) => [
    entry['transactionType'],
    entry['transactionStatus'],
    at(entry, 'transactionAmount.value'),
  ]);
}

async function startLifecycleGateway(): Promise<TestGateway> {
  return startTestGateway({
    notificationTimeScale: 0.001,
    merchants: [
      testMerchant(),
      testMerchant({
        clientId: PARTIAL_ID,
        name: 'Partial Shop',
        publicKeyPem: KEYS.otherMerchant.publicKey,
        partialCapture: true,
      }),
    ],
  });
}

describe('capture', () => {
  let t: TestGateway;
  before(async () => {
    t = await startLifecycleGateway();
  });
  after(() => t.close());

  it('captures a MANUAL authorization in full and answers the documented fields', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const answer = await capture(t.gateway.origin, paymentId);
    assert.deepEqual(answer.json['result'], { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' });
    assert.match(String(answer.json['captureRequestId']), /^cap-/);
    assert.match(String(answer.json['captureId']), /^\d{28}$/);
    assert.equal(answer.json['paymentId'], paymentId);
    assert.deepEqual(answer.json['captureAmount'], { currency: 'USD', value: '1000' });
    assert.equal(answer.json['captureTime'], '2030-01-15T10:00:00+00:00');
    assert.match(String(answer.json['acquirerReferenceNo']), /^\d+$/);
    const inquiry = await inquire(t.gateway.origin, { paymentId });
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
    assert.deepEqual(transactions(inquiry), [
      ['AUTHORIZATION', 'SUCCESS', '1000'],
      ['CAPTURE', 'SUCCESS', '1000'],
    ]);
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'CAPTURED');
  });

  it('is idempotent on captureRequestId', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const body = {
      captureRequestId: newRequestId('cap'),
      paymentId,
      captureAmount: { currency: 'USD', value: '1000' },
    };
    const first = await openApi(t.gateway.origin, 'capture', body);
    const again = await openApi(t.gateway.origin, 'capture', body);
    assert.equal(resultCode(first), 'SUCCESS');
    assert.equal(again.text, first.text);
    const otherAmount = await openApi(t.gateway.origin, 'capture', {
      ...body,
      captureAmount: { currency: 'USD', value: '999' },
    });
    assert.equal(resultCode(otherAmount), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(message(otherAmount), 'captureAmount differs from the first request with this captureRequestId');
    const otherPayment = await openApi(t.gateway.origin, 'capture', {
      ...body,
      paymentId: await authorize(t.gateway.origin),
    });
    assert.equal(resultCode(otherPayment), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(message(otherPayment), 'captureRequestId was already used for another paymentId');
    const inquiry = await inquire(t.gateway.origin, { paymentId });
    assert.equal(transactions(inquiry).filter(([type]) => type === 'CAPTURE').length, 1);
  });

  it('keeps a failed capture answer for its captureRequestId too', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const body = { captureRequestId: newRequestId('cap'), paymentId, captureAmount: { currency: 'USD', value: '400' } };
    const first = await openApi(t.gateway.origin, 'capture', body);
    assert.equal(resultCode(first), 'PARAM_ILLEGAL');
    assert.equal((await openApi(t.gateway.origin, 'capture', body)).text, first.text);
  });

  it('captures the authorized amount exactly unless partial capture is enabled', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const less = await capture(t.gateway.origin, paymentId, '400');
    assert.equal(resultCode(less), 'PARAM_ILLEGAL');
    assert.equal(
      message(less),
      'captureAmount 400 USD must equal the authorized 1000 USD: partial capture is not enabled for this merchant',
    );
    const more = await capture(t.gateway.origin, paymentId, '1500');
    assert.equal(resultCode(more), 'PARAM_ILLEGAL');
    assert.equal(message(more), 'captureAmount 1500 USD exceeds the uncaptured 1000 USD');
    const currency = await openApi(t.gateway.origin, 'capture', {
      captureRequestId: newRequestId('cap'),
      paymentId,
      captureAmount: { currency: 'EUR', value: '1000' },
    });
    assert.equal(resultCode(currency), 'PARAM_ILLEGAL');
    assert.equal(message(currency), 'captureAmount.currency EUR differs from the payment currency USD');
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'AUTHORIZED', 'refusals change nothing');
    assert.equal(resultCode(await capture(t.gateway.origin, paymentId)), 'SUCCESS');
    const twice = await capture(t.gateway.origin, paymentId);
    assert.equal(resultCode(twice), 'PROCESS_FAIL');
    assert.equal(message(twice), `payment ${paymentId} is already captured (1000 USD); capture is not possible`);
  });

  it('allows partial and multiple captures behind the merchant switch, never beyond the authorization', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const foreign = await openApi(t.gateway.origin, 'capture', captureBody(paymentId, '400'), asPartial);
    assert.equal(resultCode(foreign), 'ORDER_NOT_EXIST', "a merchant cannot capture another merchant's payment");
    const partial = await authorizeAs(PARTIAL_ID);
    assert.equal(
      resultCode(await openApi(t.gateway.origin, 'capture', captureBody(partial, '400'), asPartial)),
      'SUCCESS',
    );
    const over = await openApi(t.gateway.origin, 'capture', captureBody(partial, '700'), asPartial);
    assert.equal(message(over), 'captureAmount 700 USD exceeds the uncaptured 600 USD');
    assert.equal(
      resultCode(await openApi(t.gateway.origin, 'capture', captureBody(partial, '600'), asPartial)),
      'SUCCESS',
    );
    const done = await openApi(t.gateway.origin, 'capture', captureBody(partial, '1'), asPartial);
    assert.equal(message(done), `payment ${partial} is already captured (1000 USD); capture is not possible`);
    const inquiry = await inquire(t.gateway.origin, { paymentId: partial });
    assert.equal(inquiry.json['paymentStatus'], undefined, 'another merchant cannot see it');
    assert.equal(resultCode(inquiry), 'ORDER_NOT_EXIST');
  });

  it('releases the rest after isLastCapture', async () => {
    const partial = await authorizeAs(PARTIAL_ID);
    const last = await openApi(
      t.gateway.origin,
      'capture',
      { ...captureBody(partial, '300'), isLastCapture: 'true' },
      asPartial,
    );
    assert.equal(resultCode(last), 'SUCCESS');
    const after = await openApi(t.gateway.origin, 'capture', captureBody(partial, '100'), asPartial);
    assert.equal(message(after), `payment ${partial} had its last capture (300 USD); capture is not possible`);
    const inquiry = await openApi(t.gateway.origin, 'inquiryPayment', { paymentId: partial }, asPartial);
    assert.deepEqual(transactions(inquiry), [
      ['AUTHORIZATION', 'SUCCESS', '1000'],
      ['CAPTURE', 'SUCCESS', '300'],
      ['VOID', 'SUCCESS', '700'],
    ]);
  });

  it('refuses captures in every other state with a precise message', async () => {
    const declined = (await openApi(t.gateway.origin, 'pay', payBody(CARDS.visa.declined))).json['paymentId'];
    const pending = (await openApi(t.gateway.origin, 'pay', payBody(CARDS.visa.pending))).json['paymentId'];
    const automatic = await authorize(t.gateway.origin, { paymentFactor: { isAuthorization: true } });
    const cancelled = await authorize(t.gateway.origin);
    assert.equal(resultCode(await cancel(t.gateway.origin, cancelled)), 'SUCCESS');
    const refunded = await authorize(t.gateway.origin, { paymentFactor: { isAuthorization: true } });
    assert.equal(resultCode(await refund(t.gateway.origin, refunded, '1000')), 'SUCCESS');
    const expected: Array<[unknown, string]> = [
      [declined, `payment ${String(declined)} failed (DO_NOT_HONOR); capture is not possible`],
      [pending, `payment ${String(pending)} is PROCESSING; capture is possible once it is authorized`],
      [automatic, `payment ${automatic} is already captured (1000 USD); capture is not possible`],
      [cancelled, `payment ${cancelled} is CANCELLED; capture is not possible`],
      [refunded, `payment ${refunded} is REFUNDED; capture is not possible after a refund`],
    ];
    for (const [paymentId, text] of expected) {
      const answer = await capture(t.gateway.origin, String(paymentId));
      assert.deepEqual(answer.json['result'], { resultCode: 'PROCESS_FAIL', resultStatus: 'F', resultMessage: text });
    }
    const unknown = await capture(t.gateway.origin, '20300115100000000000000000000000');
    assert.deepEqual(unknown.json['result'], {
      resultCode: 'ORDER_NOT_EXIST',
      resultStatus: 'F',
      resultMessage: 'no payment with this paymentId exists for this merchant',
    });
  });

  it('notifies CAPTURE_RESULT for a manual capture', async () => {
    const receiver = await startReceiver();
    try {
      const paymentId = await authorize(t.gateway.origin, { paymentNotifyUrl: receiver.url('/notify') });
      const answer = await capture(t.gateway.origin, paymentId);
      await waitFor(() => receiver.receipts.length === 2, { timeout: 3000, message: 'two notifications' });
      const body = receiver.bodies()[1]!;
      assert.deepEqual(body, {
        notifyType: 'CAPTURE_RESULT',
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
        captureRequestId: answer.json['captureRequestId'],
        captureId: answer.json['captureId'],
        paymentId,
        captureAmount: { currency: 'USD', value: '1000' },
        captureTime: answer.json['captureTime'],
        acquirerReferenceNo: answer.json['acquirerReferenceNo'],
      });
    } finally {
      await receiver.close();
    }
  });

  function captureBody(paymentId: string, value: string): Record<string, unknown> {
    return { captureRequestId: newRequestId('cap'), paymentId, captureAmount: { currency: 'USD', value } };
  }

  function payBody(cardNo: string): Record<string, unknown> {
    return {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: newRequestId('pay'),
      paymentAmount: { currency: 'USD', value: '1000' },
      order: { orderDescription: 'Mug', referenceOrderId: 'order-1', orderAmount: { currency: 'USD', value: '1000' } },
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: { cardNo, cvv: cvcFor(cardNo), ...EXPIRY },
      },
      paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
      paymentRedirectUrl: 'https://shop.example/return',
    };
  }

  async function authorizeAs(clientId: string): Promise<string> {
    const answer = await openApi(t.gateway.origin, 'pay', payBody(CARDS.visa.approved), {
      clientId,
      privateKey: KEYS.otherMerchant.privateKey,
    });
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    return String(answer.json['paymentId']);
  }
});

describe('the 7-day authorization window', () => {
  let t: TestGateway;
  before(async () => {
    t = await startLifecycleGateway();
  });
  after(() => t.close());

  it('captures until the last millisecond of the window', async () => {
    const paymentId = await authorize(t.gateway.origin);
    t.clock.advance(WEEK_MS - 1);
    try {
      assert.equal(resultCode(await capture(t.gateway.origin, paymentId)), 'SUCCESS');
    } finally {
      t.clock.set(START_TIME);
    }
  });

  it('releases an uncaptured authorization after 7 days: CANCELLED, VOID, not notified; capture then fails precisely', async () => {
    const receiver = await startReceiver();
    try {
      const paymentId = await authorize(t.gateway.origin, { paymentNotifyUrl: receiver.url('/notify') });
      await waitFor(() => receiver.receipts.length === 1, { timeout: 3000, message: 'PAYMENT_RESULT' });
      t.clock.advance(WEEK_MS);
      assert.equal(t.gateway.engine.payment(paymentId)?.state, 'CANCELLED', 'released as the clock moved');

      const inquiry = await inquire(t.gateway.origin, { paymentId });
      assert.equal(inquiry.json['paymentStatus'], 'CANCELLED');
      assert.equal(inquiry.json['paymentResultCode'], 'ORDER_IS_CLOSED');
      assert.equal(
        inquiry.json['paymentResultMessage'],
        `The authorization expired at ${EXPIRY_TEXT} without capture and was released.`,
      );
      assert.deepEqual(transactions(inquiry), [
        ['AUTHORIZATION', 'SUCCESS', '1000'],
        ['VOID', 'SUCCESS', '1000'],
      ]);
      const voided = (inquiry.json['transactions'] as Array<Record<string, unknown>>)[1]!;
      assert.equal(voided['transactionTime'], EXPIRY_TEXT);

      const late = await capture(t.gateway.origin, paymentId);
      assert.deepEqual(late.json['result'], {
        resultCode: 'PROCESS_FAIL',
        resultStatus: 'F',
        resultMessage: `authorization expired at ${EXPIRY_TEXT}; capture is not possible`,
      });
      const again = await cancel(t.gateway.origin, paymentId);
      assert.equal(resultCode(again), 'SUCCESS', 'cancel of a released payment is idempotent');
      assert.equal(again.json['cancelTime'], EXPIRY_TEXT);

      // Antom has no notification for a release (PaymentNotifyType: PAYMENT_RESULT, PAYMENT_PENDING):
      // the inquiry above is how the merchant learns of it.
      await settle(200);
      assert.deepEqual(
        receiver.bodies().map((body) => body['notifyType']),
        ['PAYMENT_RESULT'],
      );
      assert.deepEqual(
        t.gateway.engine.notifications.forPayment(paymentId).map((record) => record.notifyType),
        ['PAYMENT_RESULT'],
      );
    } finally {
      t.clock.set(START_TIME);
      await receiver.close();
    }
  });

  it('voids only the uncaptured rest of a partly captured payment, without a cancellation', async () => {
    const answer = await openApi(
      t.gateway.origin,
      'pay',
      {
        productCode: 'CASHIER_PAYMENT',
        paymentRequestId: newRequestId('pay'),
        paymentAmount: { currency: 'USD', value: '1000' },
        order: {
          orderDescription: 'Mug',
          referenceOrderId: 'order-1',
          orderAmount: { currency: 'USD', value: '1000' },
        },
        paymentMethod: {
          paymentMethodType: 'CARD',
          paymentMethodMetaData: { cardNo: CARDS.visa.approved, cvv: cvcFor(CARDS.visa.approved), ...EXPIRY },
        },
        paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
        paymentRedirectUrl: 'https://shop.example/return',
      },
      asPartial,
    );
    const paymentId = String(answer.json['paymentId']);
    const first = await openApi(
      t.gateway.origin,
      'capture',
      { captureRequestId: newRequestId('cap'), paymentId, captureAmount: { currency: 'USD', value: '250' } },
      asPartial,
    );
    assert.equal(resultCode(first), 'SUCCESS');
    try {
      t.clock.advance(WEEK_MS + 1000);
      const inquiry = await openApi(t.gateway.origin, 'inquiryPayment', { paymentId }, asPartial);
      assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
      assert.deepEqual(transactions(inquiry), [
        ['AUTHORIZATION', 'SUCCESS', '1000'],
        ['CAPTURE', 'SUCCESS', '250'],
        ['VOID', 'SUCCESS', '750'],
      ]);
      const late = await openApi(
        t.gateway.origin,
        'capture',
        { captureRequestId: newRequestId('cap'), paymentId, captureAmount: { currency: 'USD', value: '750' } },
        asPartial,
      );
      assert.equal(
        message(late),
        `authorization expired at ${EXPIRY_TEXT}; the uncaptured rest was released and capture is not possible`,
      );
      assert.equal(
        resultCode(
          await openApi(
            t.gateway.origin,
            'refund',
            {
              refundRequestId: newRequestId('ref'),
              paymentId,
              refundAmount: { currency: 'USD', value: '250' },
            },
            asPartial,
          ),
        ),
        'SUCCESS',
        'the captured part stays refundable',
      );
    } finally {
      t.clock.set(START_TIME);
    }
  });

  it('leaves a captured AUTOMATIC payment alone', async () => {
    const paymentId = await authorize(t.gateway.origin, { paymentFactor: { isAuthorization: true } });
    try {
      t.clock.advance(30 * 24 * 60 * 60 * 1000);
      const inquiry = await inquire(t.gateway.origin, { paymentId });
      assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
      assert.equal(transactions(inquiry).length, 2);
    } finally {
      t.clock.set(START_TIME);
    }
  });
});

describe('cancel', () => {
  let t: TestGateway;
  before(async () => {
    t = await startLifecycleGateway();
  });
  after(() => t.close());

  it('voids an authorized payment, idempotently, by paymentId or paymentRequestId', async () => {
    const requestId = newRequestId('pay');
    const paymentId = await authorize(t.gateway.origin, { paymentRequestId: requestId });
    t.clock.advance(60_000);
    try {
      const answer = await openApi(t.gateway.origin, 'cancel', { paymentRequestId: requestId });
      assert.deepEqual(answer.json, {
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
        paymentId,
        paymentRequestId: requestId,
        cancelTime: '2030-01-15T10:01:00+00:00',
      });
      t.clock.advance(60_000);
      const again = await cancel(t.gateway.origin, paymentId);
      assert.equal(again.text, answer.text, 'the same answer, the original cancelTime');
      const inquiry = await inquire(t.gateway.origin, { paymentId });
      assert.equal(inquiry.json['paymentStatus'], 'CANCELLED');
      assert.deepEqual(transactions(inquiry), [
        ['AUTHORIZATION', 'SUCCESS', '1000'],
        ['CANCEL', 'SUCCESS', '1000'],
      ]);
      const refunded = await refund(t.gateway.origin, paymentId, '100');
      assert.equal(resultCode(refunded), 'PROCESS_FAIL');
      assert.equal(
        message(refunded),
        `payment ${paymentId} is CANCELLED; nothing was captured, so there is nothing to refund`,
      );
    } finally {
      t.clock.set(START_TIME);
    }
  });

  it('refuses to cancel a captured payment and asks for a refund', async () => {
    const paymentId = await authorize(t.gateway.origin, { paymentFactor: { isAuthorization: true } });
    const answer = await cancel(t.gateway.origin, paymentId);
    assert.deepEqual(answer.json['result'], {
      resultCode: 'PROCESS_FAIL',
      resultStatus: 'F',
      resultMessage: `payment ${paymentId} is CAPTURED: a captured payment cannot be cancelled; use refund`,
    });
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'CAPTURED');
  });

  it('refuses declined, pending, unknown and unpaid payments clearly', async () => {
    const declined = await openApi(t.gateway.origin, 'pay', {
      ...minimalPay(CARDS.visa.declined),
    });
    const pending = await openApi(t.gateway.origin, 'pay', minimalPay(CARDS.visa.pending));
    const declinedId = String(declined.json['paymentId']);
    const pendingId = String(pending.json['paymentId']);
    assert.equal(
      message(await cancel(t.gateway.origin, declinedId)),
      `payment ${declinedId} failed (DO_NOT_HONOR); there is nothing to cancel`,
    );
    assert.equal(
      message(await cancel(t.gateway.origin, pendingId)),
      `payment ${pendingId} is PROCESSING; cancel is possible once it is authorized`,
    );
    const unknown = await cancel(t.gateway.origin, 'nope');
    assert.equal(resultCode(unknown), 'ORDER_NOT_EXIST');
    assert.equal(message(unknown), 'no payment with this paymentId exists for this merchant');
    const session = await newSessionData(t.gateway.origin);
    const unpaid = await openApi(t.gateway.origin, 'cancel', { paymentRequestId: session.requestId });
    assert.equal(resultCode(unpaid), 'ORDER_NOT_EXIST');
    assert.equal(message(unpaid), 'no card was submitted for this paymentRequestId yet, so there is no payment');
  });

  function minimalPay(cardNo: string): Record<string, unknown> {
    return {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: newRequestId('pay'),
      paymentAmount: { currency: 'USD', value: '1000' },
      order: { orderDescription: 'Mug', referenceOrderId: 'order-1', orderAmount: { currency: 'USD', value: '1000' } },
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: { cardNo, cvv: cvcFor(cardNo), ...EXPIRY },
      },
      paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
      paymentRedirectUrl: 'https://shop.example/return',
    };
  }
});

describe('refund', () => {
  let t: TestGateway;
  before(async () => {
    t = await startLifecycleGateway();
  });
  after(() => t.close());

  const automatic = { paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' } };

  it('refunds captured funds in parts, never more than captured', async () => {
    const paymentId = await authorize(t.gateway.origin, automatic);
    const over = await refund(t.gateway.origin, paymentId, '1500');
    assert.deepEqual(over.json['result'], {
      resultCode: 'REFUND_AMOUNT_EXCEED',
      resultStatus: 'F',
      resultMessage: 'refundAmount 1500 USD exceeds the refundable 1000 USD (captured 1000 USD, refunded 0 USD)',
    });
    const first = await refund(t.gateway.origin, paymentId, '300', { refundReason: 'one mug broke' });
    assert.equal(resultCode(first), 'SUCCESS');
    assert.match(String(first.json['refundId']), /^\d{28}$/);
    assert.equal(first.json['paymentId'], paymentId);
    assert.deepEqual(first.json['refundAmount'], { currency: 'USD', value: '300' });
    assert.equal(first.json['refundTime'], '2030-01-15T10:00:00+00:00');
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'PARTIALLY_REFUNDED');
    const tooMuch = await refund(t.gateway.origin, paymentId, '701');
    assert.equal(
      message(tooMuch),
      'refundAmount 701 USD exceeds the refundable 700 USD (captured 1000 USD, refunded 300 USD)',
    );
    assert.equal(resultCode(await refund(t.gateway.origin, paymentId, '700')), 'SUCCESS');
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'REFUNDED');
    assert.equal(resultCode(await refund(t.gateway.origin, paymentId, '1')), 'REFUND_AMOUNT_EXCEED');
    const inquiry = await inquire(t.gateway.origin, { paymentId });
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
    assert.deepEqual(transactions(inquiry), [
      ['AUTHORIZATION', 'SUCCESS', '1000'],
      ['CAPTURE', 'SUCCESS', '1000'],
      ['REFUND', 'SUCCESS', '300'],
      ['REFUND', 'SUCCESS', '700'],
    ]);
  });

  it('refunds only captured funds', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const answer = await refund(t.gateway.origin, paymentId, '100');
    assert.deepEqual(answer.json['result'], {
      resultCode: 'PROCESS_FAIL',
      resultStatus: 'F',
      resultMessage: `payment ${paymentId} is not captured; a refund needs captured funds: use cancel to release the authorization`,
    });
    const currency = await openApi(t.gateway.origin, 'refund', {
      refundRequestId: newRequestId('ref'),
      paymentId: await authorize(t.gateway.origin, automatic),
      refundAmount: { currency: 'JPY', value: '100' },
    });
    assert.equal(resultCode(currency), 'PARAM_ILLEGAL');
    assert.equal(message(currency), 'refundAmount.currency JPY differs from the payment currency USD');
  });

  it('never refunds more than captured, even when refunds race', async () => {
    const paymentId = await authorize(t.gateway.origin, automatic);
    const answers = await Promise.all(Array.from({ length: 5 }, () => refund(t.gateway.origin, paymentId, '600')));
    assert.deepEqual(answers.map(resultCode).sort(), [
      'REFUND_AMOUNT_EXCEED',
      'REFUND_AMOUNT_EXCEED',
      'REFUND_AMOUNT_EXCEED',
      'REFUND_AMOUNT_EXCEED',
      'SUCCESS',
    ]);
  });

  it('is idempotent on refundRequestId', async () => {
    const paymentId = await authorize(t.gateway.origin, automatic);
    const body = { refundRequestId: newRequestId('ref'), paymentId, refundAmount: { currency: 'USD', value: '400' } };
    const first = await openApi(t.gateway.origin, 'refund', body);
    const again = await openApi(t.gateway.origin, 'refund', body);
    assert.equal(again.text, first.text);
    const changed = await openApi(t.gateway.origin, 'refund', {
      ...body,
      refundAmount: { currency: 'USD', value: '500' },
    });
    assert.equal(resultCode(changed), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(message(changed), 'refundAmount differs from the first request with this refundRequestId');
    assert.equal(
      t.gateway.engine.payment(paymentId)?.transactions.filter((entry) => entry.type === 'REFUND').length,
      1,
    );
  });

  it('answers inquiryRefund by refundId or refundRequestId, including refused requests', async () => {
    const paymentId = await authorize(t.gateway.origin, automatic);
    const refundRequestId = newRequestId('ref');
    const done = await refund(t.gateway.origin, paymentId, '250', { refundRequestId });
    const byId = await openApi(t.gateway.origin, 'inquiryRefund', { refundId: done.json['refundId'] });
    const byRequest = await openApi(t.gateway.origin, 'inquiryRefund', { refundRequestId });
    for (const answer of [byId, byRequest]) {
      assert.deepEqual(answer.json, {
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
        refundStatus: 'SUCCESS',
        refundRequestId,
        refundId: done.json['refundId'],
        paymentId,
        refundAmount: { currency: 'USD', value: '250' },
        refundTime: '2030-01-15T10:00:00+00:00',
      });
    }
    const refusedId = newRequestId('ref');
    await refund(t.gateway.origin, paymentId, '5000', { refundRequestId: refusedId });
    const refused = await openApi(t.gateway.origin, 'inquiryRefund', { refundRequestId: refusedId });
    assert.equal(refused.json['refundStatus'], 'FAIL');
    assert.equal(refused.json['refundResultCode'], 'REFUND_AMOUNT_EXCEED');
    assert.equal(refused.json['refundId'], undefined);
    const unknown = await openApi(t.gateway.origin, 'inquiryRefund', { refundId: 'nope' });
    assert.equal(resultCode(unknown), 'ORDER_NOT_EXIST');
    assert.equal(message(unknown), 'no refund with this refundId exists for this merchant');
  });

  it('notifies REFUND_RESULT to refundNotifyUrl', async () => {
    const receiver = await startReceiver();
    try {
      const paymentId = await authorize(t.gateway.origin, automatic);
      const done = await refund(t.gateway.origin, paymentId, '100', { refundNotifyUrl: receiver.url('/refunds') });
      await waitFor(() => receiver.receipts.length === 1, { timeout: 3000, message: 'REFUND_RESULT' });
      assert.equal(receiver.receipts[0]?.path, '/refunds');
      assert.deepEqual(receiver.bodies()[0], {
        notifyType: 'REFUND_RESULT',
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
        refundStatus: 'SUCCESS',
        refundRequestId: done.json['refundRequestId'],
        refundId: done.json['refundId'],
        paymentId,
        refundAmount: { currency: 'USD', value: '100' },
        refundTime: '2030-01-15T10:00:00+00:00',
      });
    } finally {
      await receiver.close();
    }
  });
});

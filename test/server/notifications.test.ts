import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AntomClient, NOTIFICATION_ACK, NOTIFY_TYPES, parseNotification } from '../../src/server/index.js';
import { KEYS } from '../support/keys.js';
import { captureResult, paymentResult, signNotification } from '../support/notifications.js';

const PATH = '/api/antom/notify';

function merchantClient(): AntomClient {
  return new AntomClient({
    clientId: 'SANDBOX_TEST',
    privateKey: KEYS.merchant.privateKey,
    antomPublicKey: KEYS.antom.publicKey,
    endpoint: 'http://127.0.0.1:9',
  });
}

function signed(payload: object = paymentResult({ paymentRequestId: 'demo_1' })) {
  return signNotification(payload, { path: PATH, clientId: 'SANDBOX_TEST', privateKey: KEYS.antom.privateKey });
}

describe('verifyNotification', () => {
  it('accepts a notification signed by Antom for our path and client id', () => {
    const { headers, body } = signed();
    assert.equal(merchantClient().verifyNotification({ method: 'POST', path: PATH, headers, body }), true);
  });

  it('reads header names in any case', () => {
    const { headers, body } = signed();
    const shouting = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
    assert.equal(merchantClient().verifyNotification({ method: 'post', path: PATH, headers: shouting, body }), true);
  });

  it('refuses a body changed by one byte', () => {
    const { headers, body } = signed();
    const tampered = body.replace('"2500"', '"2501"');
    assert.notEqual(tampered, body);
    assert.equal(merchantClient().verifyNotification({ method: 'POST', path: PATH, headers, body: tampered }), false);
  });

  it('refuses a notification signed with another key', () => {
    const { headers, body } = signNotification(paymentResult({ paymentRequestId: 'demo_1' }), {
      path: PATH,
      clientId: 'SANDBOX_TEST',
      privateKey: KEYS.merchant.privateKey,
    });
    assert.equal(merchantClient().verifyNotification({ method: 'POST', path: PATH, headers, body }), false);
  });

  it('refuses a notification signed for another path', () => {
    const { headers, body } = signed();
    assert.equal(merchantClient().verifyNotification({ method: 'POST', path: '/api/other', headers, body }), false);
    assert.equal(merchantClient().verifyNotification({ method: 'POST', path: `${PATH}?x=1`, headers, body }), false);
  });

  it('refuses another client id, a non-POST method, missing or repeated headers', () => {
    const other = signNotification(paymentResult({ paymentRequestId: 'demo_1' }), {
      path: PATH,
      clientId: 'SANDBOX_OTHER',
      privateKey: KEYS.antom.privateKey,
    });
    const antom = merchantClient();
    assert.equal(antom.verifyNotification({ method: 'POST', path: PATH, ...other }), false);
    const { headers, body } = signed();
    assert.equal(antom.verifyNotification({ method: 'GET', path: PATH, headers, body }), false);
    for (const name of ['client-id', 'request-time', 'signature']) {
      const partial: Record<string, string | undefined> = { ...headers, [name]: undefined };
      assert.equal(antom.verifyNotification({ method: 'POST', path: PATH, headers: partial, body }), false, name);
    }
    const doubled = { ...headers, signature: [headers.signature ?? '', headers.signature ?? ''] };
    assert.equal(antom.verifyNotification({ method: 'POST', path: PATH, headers: doubled, body }), false);
  });
});

describe('notification payloads', () => {
  it('acknowledges with the exact body Antom expects', () => {
    assert.equal(NOTIFICATION_ACK, '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}');
    assert.deepEqual(JSON.parse(NOTIFICATION_ACK), {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    });
  });

  it('parses payment and capture results', () => {
    const payment = parseNotification(JSON.stringify(paymentResult({ paymentRequestId: 'demo_1' })));
    assert.equal(payment?.notifyType, 'PAYMENT_RESULT');
    assert.equal(payment?.notifyType === 'PAYMENT_RESULT' && payment.paymentResultInfo?.lastFour, '0768');
    const capture = parseNotification(JSON.stringify(captureResult({})));
    assert.equal(capture?.notifyType === 'CAPTURE_RESULT' && capture.captureId, 'cap_1');
  });

  it('returns undefined for a well-formed notification of another type', () => {
    assert.equal(parseNotification('{"notifyType":"PAYMENT_PENDING","result":{}}'), undefined);
  });

  it('parses refund results and names a bad refund status', () => {
    const refund = {
      notifyType: 'REFUND_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      refundStatus: 'SUCCESS',
      refundRequestId: 'ref_1',
      refundId: 'r_1',
      paymentId: 'pay_1',
      refundAmount: { currency: 'USD', value: '500' },
    };
    const parsed = parseNotification(JSON.stringify(refund));
    assert.equal(parsed?.notifyType === 'REFUND_RESULT' && parsed.refundAmount.value, '500');
    assert.throws(() => parseNotification(JSON.stringify({ ...refund, refundStatus: 'DONE' })), /refundStatus/);
  });

  it('models only the notification types Antom sends: no PAYMENT_CANCELLED', () => {
    // Antom's payment notification types are PAYMENT_RESULT and PAYMENT_PENDING (J PaymentNotifyType.java).
    assert.deepEqual([...NOTIFY_TYPES], ['PAYMENT_RESULT', 'CAPTURE_RESULT', 'REFUND_RESULT', 'VAULTING_RESULT']);
    const invented = {
      notifyType: 'PAYMENT_CANCELLED',
      result: { resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F', resultMessage: 'released' },
      paymentRequestId: 'demo_1',
      paymentId: 'pay_1',
      cancelReason: 'AUTHORIZATION_EXPIRED',
    };
    assert.equal(parseNotification(JSON.stringify(invented)), undefined);
  });

  it('recognizes a vaulting result with or without notifyType', () => {
    const vaulting = {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      vaultingRequestId: 'v_1',
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: { cardToken: 'ALIPAY_T', maskedCardNo: '************0768', brand: 'VISA' },
      },
    };
    for (const payload of [vaulting, { notifyType: 'VAULTING_RESULT', ...vaulting }]) {
      const parsed = parseNotification(JSON.stringify(payload));
      assert.equal(parsed?.notifyType, 'VAULTING_RESULT');
      assert.equal(parsed?.notifyType === 'VAULTING_RESULT' && parsed.paymentMethodDetail?.card?.cardToken, 'ALIPAY_T');
    }
    assert.throws(
      () => parseNotification(JSON.stringify({ ...vaulting, paymentMethodDetail: { card: { maskedCardNo: 'x' } } })),
      /cardToken/,
    );
    assert.throws(() => parseNotification(JSON.stringify({ ...vaulting, vaultingStatus: 'MAYBE' })), /vaultingStatus/);
  });

  it('names the field of a malformed notification', () => {
    const payload = paymentResult({ paymentRequestId: 'demo_1' });
    assert.throws(() => parseNotification('nope'), /not valid JSON/);
    assert.throws(() => parseNotification('[]'), /JSON object/);
    assert.throws(() => parseNotification(JSON.stringify({ ...payload, paymentId: 7 })), /notification\.paymentId/);
    assert.throws(() => parseNotification(JSON.stringify({ ...payload, paymentAmount: '1' })), /paymentAmount/);
    assert.throws(
      () => parseNotification(JSON.stringify({ ...payload, result: { resultCode: 'X', resultStatus: 'Q' } })),
      /notification\.result/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AntomClient,
  checkNotificationRequest,
  NOTIFICATION_ACK,
  NOTIFY_TYPES,
  parseNotification,
} from '../../src/server/index.js';
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

describe('notification freshness and unambiguous signed text', () => {
  const verifier = { antomPublicKey: KEYS.antom.publicKey, clientId: 'SHOP' };
  const at = (iso: string): string => iso.replace(/\.\d{3}Z$/, '+00:00');

  it('refuses a notification signed for SHOP.EVIL and replayed to SHOP as request-time EVIL.<time>', () => {
    const time = at(new Date().toISOString());
    const forEvil = signNotification(paymentResult({ paymentRequestId: 'demo_1' }), {
      path: PATH,
      clientId: 'SHOP.EVIL',
      privateKey: KEYS.antom.privateKey,
      requestTime: time,
    });
    const replayed = { ...forEvil.headers, 'client-id': 'SHOP', 'request-time': `EVIL.${time}` };
    const request = { method: 'POST', path: PATH, headers: replayed, body: forEvil.body };
    assert.equal(checkNotificationRequest(request, verifier), 'REQUEST_TIME_MALFORMED');
    // The same signed text with the dotted id as sent: refused as another client id, never verified.
    assert.equal(
      checkNotificationRequest({ ...request, headers: forEvil.headers }, { ...verifier, clientId: 'SHOP.EVIL' }),
      'CLIENT_ID_MISMATCH',
    );
  });

  it('accepts request-time within 5 minutes either way, in ISO-8601 or epoch ms, and refuses outside it', () => {
    const now = Date.parse('2030-01-15T10:00:00Z');
    const check = (requestTime: string, windowMs?: number) =>
      checkNotificationRequest(
        {
          method: 'POST',
          path: PATH,
          ...signNotification(paymentResult({ paymentRequestId: 'demo_1' }), {
            path: PATH,
            clientId: 'SHOP',
            privateKey: KEYS.antom.privateKey,
            requestTime,
          }),
        },
        { ...verifier, now: () => now, ...(windowMs ? { requestTimeWindowMs: windowMs } : {}) },
      );
    assert.equal(check('2030-01-15T10:04:59+00:00'), undefined);
    assert.equal(check('2030-01-15T18:00:00+08:00'), undefined, 'the same instant in UTC+8');
    assert.equal(check(String(now - 299_000)), undefined, 'epoch milliseconds, as the Java SDK writes');
    assert.equal(check('2030-01-15T09:54:59+00:00'), 'REQUEST_TIME_OUTSIDE_WINDOW', 'a captured one, 5 min later');
    assert.equal(check('2030-01-15T10:05:01+00:00'), 'REQUEST_TIME_OUTSIDE_WINDOW', 'from the future');
    assert.equal(check('2030-01-15T09:54:59+00:00', 10 * 60_000), undefined, 'the window is configurable');
    for (const malformed of ['2030-01-15 10:00:00', '2030-01-15T10:00:00', 'yesterday', '1.5', '0x1']) {
      assert.equal(check(malformed), 'REQUEST_TIME_MALFORMED', malformed);
    }
  });

  it('the client reads request-time on its own clock and says why it refuses', () => {
    const { headers, body } = signed();
    const late = new AntomClient({
      clientId: 'SANDBOX_TEST',
      privateKey: KEYS.merchant.privateKey,
      antomPublicKey: KEYS.antom.publicKey,
      endpoint: 'http://127.0.0.1:9',
      now: () => Date.now() + 6 * 60_000,
    });
    assert.equal(late.checkNotification({ method: 'POST', path: PATH, headers, body }), 'REQUEST_TIME_OUTSIDE_WINDOW');
    assert.equal(late.verifyNotification({ method: 'POST', path: PATH, headers, body }), false);
    assert.equal(merchantClient().checkNotification({ method: 'POST', path: PATH, headers, body }), undefined);
    assert.throws(
      () => new AntomClient({ clientId: 'SHOP.EVIL', privateKey: KEYS.merchant.privateKey, antomPublicKey: KEYS.antom.publicKey }),
      /clientId/,
    );
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

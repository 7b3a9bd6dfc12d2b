import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseSessionData } from '../../src/shared/session-data.js';
import { CARDS, card } from '../support/cards.js';
import { at } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import {
  SANDBOX_API,
  createSession,
  inquire,
  newSessionData,
  pay,
  resultCode,
  sessionRequest,
  signedCall,
} from './calls.js';

const CREATE = `${SANDBOX_API}/payments/createPaymentSession`;

/** Sets (or deletes, with `undefined`) a dotted path in a fresh copy of a valid request. */
function requestWith(path: string, value: unknown): Record<string, unknown> {
  const body = structuredClone(sessionRequest());
  const parts = path.split('.');
  let target = body as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return body;
}

const INVALID_REQUESTS: ReadonlyArray<[string, unknown, RegExp]> = [
  ['productCode', undefined, /^productCode is required$/],
  ['productCode', 'AGREEMENT_PAYMENT', /^productCode must be "CASHIER_PAYMENT"$/],
  ['paymentRequestId', undefined, /^paymentRequestId is required$/],
  ['paymentRequestId', 42, /^paymentRequestId must be a string$/],
  ['paymentRequestId', '', /^paymentRequestId must not be empty$/],
  ['paymentRequestId', 'r'.repeat(65), /^paymentRequestId must be at most 64 characters$/],
  ['paymentAmount', undefined, /^paymentAmount is required$/],
  ['paymentAmount', 'USD 10', /^paymentAmount must be an object$/],
  ['paymentAmount.currency', undefined, /^paymentAmount.currency is required$/],
  ['paymentAmount.currency', 'usd', /^paymentAmount.currency must be an ISO 4217 currency code/],
  ['paymentAmount.currency', 'XYZ', /^paymentAmount.currency is not a known ISO 4217 currency code$/],
  ['paymentAmount.value', undefined, /^paymentAmount.value is required$/],
  ['paymentAmount.value', 1000, /^paymentAmount.value must be a positive integer string$/],
  ['paymentAmount.value', '0', /^paymentAmount.value must be a positive integer string$/],
  ['paymentAmount.value', '-5', /^paymentAmount.value must be a positive integer string$/],
  ['paymentAmount.value', '10.5', /^paymentAmount.value must be a positive integer string$/],
  ['paymentAmount.value', '1234567890123456', /^paymentAmount.value must have at most 15 digits$/],
  ['paymentAmount', { currency: 'IDR', value: '1500050' }, /^paymentAmount.value must end in 00 for IDR/],
  ['order.orderAmount', { currency: 'IDR', value: '99' }, /^order.orderAmount.value must end in 00 for IDR/],
  ['order', undefined, /^order is required$/],
  ['order', [], /^order must be an object$/],
  ['order.orderDescription', undefined, /^order.orderDescription is required$/],
  ['order.orderDescription', true, /^order.orderDescription must be a string$/],
  ['order.referenceOrderId', undefined, /^order.referenceOrderId is required$/],
  ['order.referenceOrderId', 7, /^order.referenceOrderId must be a string$/],
  ['order.referenceOrderId', 'o'.repeat(65), /^order.referenceOrderId must be at most 64 characters$/],
  ['order.orderAmount', undefined, /^order.orderAmount is required$/],
  ['order.orderAmount', { currency: 'USD' }, /^order.orderAmount.value is required$/],
  ['order.buyer', { buyerPhoneNo: '+'.padEnd(25, '1') }, /^order.buyer.buyerPhoneNo must be at most 24 characters$/],
  ['paymentMethod', undefined, /^paymentMethod is required$/],
  ['paymentMethod.paymentMethodType', 'ALIPAY_CN', /^paymentMethod.paymentMethodType must be "CARD"$/],
  ['paymentFactor', undefined, /^paymentFactor is required$/],
  ['paymentFactor.isAuthorization', undefined, /^paymentFactor.isAuthorization is required$/],
  ['paymentFactor.isAuthorization', false, /^paymentFactor.isAuthorization must be true$/],
  ['paymentFactor.isAuthorization', 'yes', /^paymentFactor.isAuthorization must be true$/],
  ['paymentFactor.captureMode', 'LATER', /^paymentFactor.captureMode must be one of AUTOMATIC, MANUAL$/],
  ['paymentRedirectUrl', undefined, /^paymentRedirectUrl is required$/],
  ['paymentRedirectUrl', 'javascript:alert(1)', /^paymentRedirectUrl must be an http or https URL$/],
  ['paymentNotifyUrl', 'ftp://shop.example/notify', /^paymentNotifyUrl must be an http or https URL$/],
  ['env', 'WEB', /^env must be an object$/],
  ['env.terminalType', 'TV', /^env.terminalType must be one of WEB, WAP, APP, MINI_APP$/],
  [
    'settlementStrategy',
    { settlementCurrency: 'dollars' },
    /^settlementStrategy.settlementCurrency must be an ISO 4217/,
  ],
  [
    'paymentSessionExpiryTime',
    '2030-01-15 10:30',
    /^paymentSessionExpiryTime must be an ISO-8601 date-time with an offset/,
  ],
  [
    'paymentSessionExpiryTime',
    '2030-01-15T10:30:00',
    /^paymentSessionExpiryTime must be an ISO-8601 date-time with an offset/,
  ],
  ['savedPaymentMethods', { paymentMethodId: 'x' }, /^savedPaymentMethods must be an array$/],
  ['availablePaymentMethod', 'x', /^availablePaymentMethod must be an object$/],
];

describe('createPaymentSession', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({
      merchants: [
        testMerchant({ notifyUrl: 'http://localhost:4999/notify' }),
        testMerchant({ clientId: 'SANDBOX_OTHER_SHOP', publicKeyPem: KEYS.otherMerchant.publicKey }),
      ],
    });
  });
  after(() => t.close());

  for (const [field, value, message] of INVALID_REQUESTS) {
    it(`PARAM_ILLEGAL when ${field} is ${value === undefined ? 'missing' : JSON.stringify(value).slice(0, 30)}`, async () => {
      const answer = await signedCall(t.gateway.origin, CREATE, requestWith(field, value));
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', answer.text);
      assert.equal(at(answer.json, 'result.resultStatus'), 'F');
      assert.match(String(at(answer.json, 'result.resultMessage')), message);
    });
  }

  it('accepts "true" strings as booleans and ignores unknown fields', async () => {
    const answer = await createSession(t.gateway.origin, {
      paymentFactor: { isAuthorization: 'true', captureMode: 'MANUAL' },
      somethingNew: { nested: true },
      availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT', isCardOnFile: 'false' } },
    });
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
  });

  it("takes amounts in each currency's minor units: JPY 0, USD 2, KWD 3 decimals; IDR in whole rupiahs", async () => {
    for (const paymentAmount of [
      { currency: 'JPY', value: '2500' },
      { currency: 'KWD', value: '2505' },
      { currency: 'IDR', value: '2500000' },
    ]) {
      const answer = await createSession(t.gateway.origin, {
        paymentAmount,
        order: { referenceOrderId: 'o-1', orderDescription: 'Tea', orderAmount: paymentAmount },
      });
      assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    }
  });

  it("mints session data in Antom's four-part shape naming the gateway origin", async () => {
    const answer = await createSession(t.gateway.origin);
    const data = String(answer.json['paymentSessionData']);
    assert.ok(data.length <= 4096);
    const parsed = parseSessionData(data);
    assert.ok(parsed, 'session data must parse');
    assert.equal(parsed.region, 'SG');
    assert.match(parsed.token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(parsed.config, {
      clientId: 'SANDBOX_TEST_SHOP',
      paymentSessionConfig: {
        productScene: 'CASHIER_PAYMENT',
        paymentMethodCategoryType: 'CARD',
        productSceneVersion: '1.0',
      },
      paymentSessionId: answer.json['paymentSessionId'],
      gatewayOrigin: t.gateway.origin,
      mode: 'payment',
    });
    const other = await createSession(t.gateway.origin);
    assert.notEqual(parseSessionData(String(other.json['paymentSessionData']))?.token, parsed.token);
  });

  it('is idempotent on paymentRequestId: same request, same answer', async () => {
    const body = sessionRequest();
    const first = await signedCall(t.gateway.origin, CREATE, body);
    const second = await signedCall(t.gateway.origin, CREATE, {
      ...body,
      order: { ...(body['order'] as object), orderDescription: 'Changed text' },
    });
    assert.equal(resultCode(second), 'SUCCESS');
    assert.equal(second.json['paymentSessionData'], first.json['paymentSessionData']);
    assert.equal(second.json['paymentSessionId'], first.json['paymentSessionId']);
    assert.equal(second.json['paymentSessionExpiryTime'], first.json['paymentSessionExpiryTime']);
  });

  it('answers REPEAT_REQ_INCONSISTENT for the same paymentRequestId with another amount or currency', async () => {
    const body = sessionRequest();
    assert.equal(resultCode(await signedCall(t.gateway.origin, CREATE, body)), 'SUCCESS');
    const otherValue = await signedCall(t.gateway.origin, CREATE, {
      ...body,
      paymentAmount: { currency: 'USD', value: '1001' },
    });
    assert.equal(resultCode(otherValue), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(at(otherValue.json, 'result.resultStatus'), 'F');
    const otherCurrency = await signedCall(t.gateway.origin, CREATE, {
      ...body,
      paymentAmount: { currency: 'EUR', value: '1000' },
    });
    assert.equal(resultCode(otherCurrency), 'REPEAT_REQ_INCONSISTENT');
  });

  it('keeps paymentRequestIds apart per merchant', async () => {
    const body = sessionRequest();
    const mine = await signedCall(t.gateway.origin, CREATE, body);
    const theirs = await signedCall(
      t.gateway.origin,
      CREATE,
      { ...body, paymentAmount: { currency: 'EUR', value: '5' } },
      {
        clientId: 'SANDBOX_OTHER_SHOP',
        privateKey: KEYS.otherMerchant.privateKey,
      },
    );
    assert.equal(resultCode(theirs), 'SUCCESS');
    assert.notEqual(theirs.json['paymentSessionId'], mine.json['paymentSessionId']);
  });

  it('defaults the expiry to one hour after creation', async () => {
    const answer = await createSession(t.gateway.origin);
    const expiry = Date.parse(String(answer.json['paymentSessionExpiryTime']));
    assert.equal(expiry - t.clock.now().getTime(), 60 * 60 * 1000);
    assert.match(String(answer.json['paymentSessionExpiryTime']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
  });

  it('honours an expiry within the hour and echoes it', async () => {
    const inHalfAnHour = '2030-01-15T18:30:00+08:00';
    const answer = await createSession(t.gateway.origin, { paymentSessionExpiryTime: inHalfAnHour });
    assert.equal(resultCode(answer), 'SUCCESS');
    assert.equal(answer.json['paymentSessionExpiryTime'], inHalfAnHour);
    const session = t.gateway.engine.session(String(answer.json['paymentSessionId']));
    assert.equal(session?.expiresAt.toISOString(), '2030-01-15T10:30:00.000Z');
  });

  it('caps the expiry at one hour and refuses past times', async () => {
    const tooLate = await createSession(t.gateway.origin, { paymentSessionExpiryTime: '2030-01-15T11:30:00Z' });
    assert.equal(resultCode(tooLate), 'PARAM_ILLEGAL');
    assert.match(String(at(tooLate.json, 'result.resultMessage')), /^paymentSessionExpiryTime must be at most 1 hour/);
    const past = await createSession(t.gateway.origin, { paymentSessionExpiryTime: '2030-01-15T09:59:00Z' });
    assert.equal(resultCode(past), 'PARAM_ILLEGAL');
    assert.match(String(at(past.json, 'result.resultMessage')), /^paymentSessionExpiryTime must be in the future$/);
    const exactlyOneHour = await createSession(t.gateway.origin, { paymentSessionExpiryTime: '2030-01-15T11:00:00Z' });
    assert.equal(resultCode(exactlyOneHour), 'SUCCESS');
  });

  it('registers the redirect URL origin plus the merchant origins as frame ancestors', async () => {
    const { id } = await newSessionData(t.gateway.origin, { paymentRedirectUrl: 'https://shop.example:8443/done' });
    assert.deepEqual(t.gateway.engine.frameAncestors(id), ['https://shop.example:8443', 'http://localhost:4999']);
  });

  it('notifies paymentNotifyUrl when given, else the merchant default', async () => {
    const own = await newSessionData(t.gateway.origin, { paymentNotifyUrl: 'https://shop.example/hooks/antom' });
    assert.equal(t.gateway.engine.session(own.id)?.notifyUrl, 'https://shop.example/hooks/antom');
    const fallback = await newSessionData(t.gateway.origin);
    assert.equal(t.gateway.engine.session(fallback.id)?.notifyUrl, 'http://localhost:4999/notify');
  });
});

describe('inquiryPayment before any payment', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('answers ORDER_NOT_EXIST for an unknown payment', async () => {
    const byRequest = await inquire(t.gateway.origin, { paymentRequestId: 'never-created' });
    assert.equal(resultCode(byRequest), 'ORDER_NOT_EXIST');
    assert.equal(at(byRequest.json, 'result.resultStatus'), 'F');
    const byId = await inquire(t.gateway.origin, { paymentId: '2030011510000000000000000000000' });
    assert.equal(resultCode(byId), 'ORDER_NOT_EXIST');
  });

  it('needs paymentId or paymentRequestId', async () => {
    const answer = await inquire(t.gateway.origin, {});
    assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
    assert.match(String(at(answer.json, 'result.resultMessage')), /paymentId or paymentRequestId is required/);
  });

  it('answers ORDER_NOT_EXIST (F) for a session whose buyer never paid, open or expired: Antom has no payment yet', async () => {
    const { requestId } = await newSessionData(t.gateway.origin);
    const open = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    assert.deepEqual(open.json, {
      result: {
        resultCode: 'ORDER_NOT_EXIST',
        resultStatus: 'F',
        resultMessage: 'no card was submitted for this paymentRequestId yet, so there is no payment',
      },
    });
    t.clock.advance(60 * 60 * 1000);
    const expired = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    assert.equal(resultCode(expired), 'ORDER_NOT_EXIST');
    assert.equal(expired.json['paymentStatus'], undefined, 'no payment, so no paymentStatus');
  });

  it('reports the payment once the buyer submitted a card, whatever its outcome', async () => {
    const { data, requestId } = await newSessionData(t.gateway.origin);
    assert.equal(resultCode(await pay(t.gateway.origin, data, card(CARDS.visa.declined))), 'DO_NOT_HONOR');
    const declined = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    assert.equal(resultCode(declined), 'SUCCESS');
    assert.equal(declined.json['paymentStatus'], 'FAIL');
    assert.equal(declined.json['paymentResultCode'], 'DO_NOT_HONOR');
    assert.equal(declined.json['paymentRequestId'], requestId);
  });
});

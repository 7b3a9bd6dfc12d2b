import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeSessionData } from '../../src/shared/session-data.js';
import type { CardBrand } from '../../src/shared/types.js';
import { CARDS, card } from '../support/cards.js';
import { at, send, type Answer } from '../support/http.js';
import { MERCHANT_ORIGIN, startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import {
  SANDBOX_API,
  frameHeaders,
  inquire,
  newKey,
  newSessionData,
  pay,
  resultCode,
  sessionRequest,
  signedCall,
} from './calls.js';

function assertNoCors(answer: Answer): void {
  const cors = Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));
  assert.deepEqual(cors, [], 'no CORS header may be sent');
}

describe('POST /sdk/v1/session', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({
      // `CUP` is how Antom's SDK enums spell UnionPay; configuration accepts it too.
      merchants: [
        testMerchant(),
        testMerchant({ clientId: 'SANDBOX_VISA_ONLY', name: 'Visa Only', brands: ['VISA', 'CUP' as CardBrand] }),
      ],
    });
  });
  after(() => t.close());

  /** Posts the view request as the frame does from a page on `embedder` (the test merchant's; `null` leaves it out). */
  const postSession = (
    body: Record<string, unknown>,
    headers = frameHeaders(t.gateway.origin),
    embedder: string | null = MERCHANT_ORIGIN,
  ): Promise<Answer> =>
    send(`${t.gateway.origin}/sdk/v1/session`, {
      method: 'POST',
      headers,
      body: JSON.stringify(embedder === null ? body : { ...body, origin: embedder }),
    });

  it('answers the public view of a session', async () => {
    const { data, id } = await newSessionData(t.gateway.origin, {
      paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
    });
    const answer = await postSession({ paymentSessionData: data });
    assert.equal(answer.status, 200);
    assert.equal(resultCode(answer), 'SUCCESS');
    assert.deepEqual(answer.json['view'], {
      paymentSessionId: id,
      mode: 'payment',
      amount: { currency: 'USD', value: '1000' },
      merchantName: 'Test Shop',
      expiresAt: '2030-01-15T11:00:00+00:00',
      brands: ['VISA', 'MASTERCARD', 'AMEX', 'UNIONPAY', 'JCB', 'DINERS', 'DISCOVER'],
      captureMode: 'MANUAL',
      savedCards: [],
      policies: { savedCardCvc: false, askToSave: false },
    });
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['cache-control'], 'no-store');
    assertNoCors(answer);
    assert.ok(!answer.text.includes(data.split('&&')[0]!), 'the secret token is never answered');
  });

  it("lists the merchant's own brands (CUP spelled UNIONPAY)", async () => {
    const created = await signedCall(
      t.gateway.origin,
      `${SANDBOX_API}/payments/createPaymentSession`,
      sessionRequest(),
      {
        clientId: 'SANDBOX_VISA_ONLY',
      },
    );
    const answer = await postSession({ paymentSessionData: String(created.json['paymentSessionData']) });
    assert.deepEqual(at(answer.json, 'view.brands'), ['VISA', 'UNIONPAY']);
    assert.equal(at(answer.json, 'view.merchantName'), 'Visa Only');
  });

  it('answers SESSION_INVALID for malformed or tampered session data', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const [token, ...rest] = data.split('&&');
    const tampered = [`${token!.slice(0, -1)}${token!.endsWith('A') ? 'B' : 'A'}`, ...rest].join('&&');
    for (const bad of ['garbage', tampered, data.replace('&&SG&&', '&&US&&')]) {
      const answer = await postSession({ paymentSessionData: bad });
      assert.equal(resultCode(answer), 'SESSION_INVALID', bad.slice(0, 20));
      assert.equal(at(answer.json, 'result.resultStatus'), 'F');
      assert.equal(answer.json['view'], undefined);
    }
  });

  it('answers SESSION_INVALID for session data naming another gateway', async () => {
    const { data, id } = await newSessionData(t.gateway.origin);
    const forged = encodeSessionData(data.split('&&')[0]!, 'SG', {
      clientId: 'SANDBOX_TEST_SHOP',
      paymentSessionConfig: {
        productScene: 'CASHIER_PAYMENT',
        paymentMethodCategoryType: 'CARD',
        productSceneVersion: '1.0',
      },
      paymentSessionId: id,
      gatewayOrigin: 'http://127.0.0.1:1',
      mode: 'payment',
    });
    assert.equal(resultCode(await postSession({ paymentSessionData: forged })), 'SESSION_INVALID');
  });

  it('answers SESSION_NOT_FOUND for a well-formed session this gateway never issued', async () => {
    const unknown = encodeSessionData('A'.repeat(43), 'SG', {
      clientId: 'SANDBOX_TEST_SHOP',
      paymentSessionConfig: {
        productScene: 'CASHIER_PAYMENT',
        paymentMethodCategoryType: 'CARD',
        productSceneVersion: '1.0',
      },
      paymentSessionId: 'PS000000000000000000000000000000',
      gatewayOrigin: t.gateway.origin,
      mode: 'payment',
    });
    assert.equal(resultCode(await postSession({ paymentSessionData: unknown })), 'SESSION_NOT_FOUND');
  });

  it('answers SESSION_EXPIRED once the clock passes the expiry', async () => {
    const { data } = await newSessionData(t.gateway.origin, { paymentSessionExpiryTime: '2030-01-15T10:10:00Z' });
    t.clock.advance(10 * 60 * 1000);
    assert.equal(resultCode(await postSession({ paymentSessionData: data })), 'SESSION_EXPIRED');
    t.clock.advance(-10 * 60 * 1000);
  });

  it('checks the body strictly', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const extra = await postSession({ paymentSessionData: data, debug: true });
    assert.equal(resultCode(extra), 'PARAM_ILLEGAL');
    assert.equal(at(extra.json, 'result.resultMessage'), 'debug is not allowed');
    const missing = await postSession({});
    assert.equal(at(missing.json, 'result.resultMessage'), 'paymentSessionData is required');
    const noPage = await postSession({ paymentSessionData: data }, undefined, null);
    assert.equal(at(noPage.json, 'result.resultMessage'), 'origin is required');
  });

  it('refuses other origins, missing Origin, cross-site fetches and preflights with ACCESS_DENIED and no CORS', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const cases: Array<Record<string, string>> = [
      frameHeaders(t.gateway.origin, { Origin: 'http://localhost:4999' }),
      { 'Content-Type': 'application/json' },
      frameHeaders(t.gateway.origin, { 'Sec-Fetch-Site': 'cross-site' }),
      frameHeaders(t.gateway.origin, { 'Sec-Fetch-Site': 'same-site' }),
      frameHeaders(t.gateway.origin, { Origin: 'null' }),
    ];
    for (const headers of cases) {
      const answer = await postSession({ paymentSessionData: data }, headers);
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.equal(resultCode(answer), 'ACCESS_DENIED');
      assertNoCors(answer);
    }
    const preflight = await send(`${t.gateway.origin}/sdk/v1/session`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4999', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assertNoCors(preflight);
    const sameOriginPreflight = await send(`${t.gateway.origin}/sdk/v1/payments`, {
      method: 'OPTIONS',
      headers: { Origin: t.gateway.origin },
    });
    assert.equal(sameOriginPreflight.status, 403);
    assertNoCors(sameOriginPreflight);
  });

  it('accepts a same-origin request without Sec-Fetch-Site (older browsers)', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const answer = await postSession(
      { paymentSessionData: data },
      { 'Content-Type': 'application/json', Origin: t.gateway.origin },
    );
    assert.equal(resultCode(answer), 'SUCCESS');
  });

  it('refuses GET and text/plain', async () => {
    const get = await send(`${t.gateway.origin}/sdk/v1/session`, { headers: { Origin: t.gateway.origin } });
    assert.equal(resultCode(get), 'METHOD_NOT_SUPPORTED');
    const text = await send(`${t.gateway.origin}/sdk/v1/session`, {
      method: 'POST',
      headers: frameHeaders(t.gateway.origin, { 'Content-Type': 'text/plain' }),
      body: '{}',
    });
    assert.equal(resultCode(text), 'MEDIA_TYPE_NOT_ACCEPTABLE');
  });
});

describe('POST /sdk/v1/payments', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('authorizes and captures a good card', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const answer = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
    assert.equal(resultCode(answer), 'SUCCESS');
    assert.equal(answer.json['paymentStatus'], 'SUCCESS');
    assert.match(String(answer.json['paymentId']), /^\d{32}$/);
    assert.deepEqual(answer.json['card'], { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '34' });
    assertNoCors(answer);
  });

  it('refuses another origin with ACCESS_DENIED before reading card data', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const answer = await send(`${t.gateway.origin}/sdk/v1/payments`, {
      method: 'POST',
      headers: frameHeaders('http://localhost:4999', { 'Idempotency-Key': newKey(), 'Sec-Fetch-Site': 'cross-site' }),
      body: JSON.stringify({ paymentSessionData: data, card: card(CARDS.visa.approved) }),
    });
    assert.equal(answer.status, 403);
    assert.equal(resultCode(answer), 'ACCESS_DENIED');
    assertNoCors(answer);
    const { id } = await newSessionData(t.gateway.origin);
    assert.equal(t.gateway.engine.session(id)?.paymentId, undefined);
  });

  it('needs a well-formed Idempotency-Key', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    for (const key of [undefined, 'short', 'has space in it', 'x'.repeat(129)]) {
      const answer = await send(`${t.gateway.origin}/sdk/v1/payments`, {
        method: 'POST',
        headers: frameHeaders(t.gateway.origin, key === undefined ? {} : { 'Idempotency-Key': key }),
        body: JSON.stringify({ paymentSessionData: data, card: card(CARDS.visa.approved) }),
      });
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', String(key));
      assert.match(String(at(answer.json, 'result.resultMessage')), /^Idempotency-Key header must be/);
    }
  });

  it('checks card fields strictly, naming the field and never echoing the value', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...card(CARDS.visa.approved), number: '4054 6957 2310 0768' }, /^card.number must be 8 to 19 digits$/],
      [{ ...card(CARDS.visa.approved), number: 4054695723100768 }, /^card.number must be 8 to 19 digits$/],
      [{ ...card(CARDS.visa.approved), expiryMonth: '1' }, /^card.expiryMonth must be two digits$/],
      [{ ...card(CARDS.visa.approved), expiryYear: '2034' }, /^card.expiryYear must be two digits$/],
      [{ ...card(CARDS.visa.approved), cvc: '12345' }, /^card.cvc must be 1 to 4 digits$/],
      [
        { ...card(CARDS.visa.approved), holderName: 'A\u0000B' },
        /^card.holderName must be text without control characters$/,
      ],
      [{ ...card(CARDS.visa.approved), pin: '1234' }, /^card.pin is not allowed$/],
      [{ number: CARDS.visa.approved }, /^card.expiryMonth is required$/],
    ];
    for (const [cardData, message] of cases) {
      const answer = await pay(t.gateway.origin, data, cardData as unknown as ReturnType<typeof card>);
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
      assert.match(String(at(answer.json, 'result.resultMessage')), message);
      // Any run of the number's digits that could not appear by chance (a random id can hold '4054').
      assert.ok(!/4054695723|695723100768/.test(answer.text), 'card digits are never echoed');
    }
    const { id } = await newSessionData(t.gateway.origin);
    assert.equal(t.gateway.engine.session(id)?.paymentId, undefined);
  });

  it('answers a replayed Idempotency-Key with the stored answer and authorizes once', async () => {
    const { data, requestId } = await newSessionData(t.gateway.origin);
    const key = newKey();
    const first = await pay(t.gateway.origin, data, card(CARDS.visa.approved), key);
    const second = await pay(t.gateway.origin, data, card(CARDS.visa.approved), key);
    assert.equal(second.text, first.text);
    const inquiry = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    const transactions = inquiry.json['transactions'] as Array<Record<string, unknown>>;
    assert.equal(transactions.filter((entry) => entry['transactionType'] === 'AUTHORIZATION').length, 1);
    assert.equal(t.gateway.engine.payment(String(first.json['paymentId']))?.attempts, 1);
  });

  it('authorizes once when the same key arrives twice at the same time', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const key = newKey();
    const [a, b] = await Promise.all([
      pay(t.gateway.origin, data, card(CARDS.visa.approved), key),
      pay(t.gateway.origin, data, card(CARDS.visa.approved), key),
    ]);
    assert.equal(a.text, b.text);
    assert.equal(t.gateway.engine.payment(String(a.json['paymentId']))?.attempts, 1);
  });

  it('lets exactly one of two concurrent attempts with different keys through', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const answers = await Promise.all([
      pay(t.gateway.origin, data, card(CARDS.visa.approved)),
      pay(t.gateway.origin, data, card(CARDS.visa.approved)),
    ]);
    const codes = answers.map(resultCode).sort();
    assert.deepEqual(codes, ['ORDER_IS_CLOSED', 'SUCCESS']);
    assert.equal(t.gateway.engine.payment(String(answers[0]!.json['paymentId']))?.attempts, 1);
  });

  it('answers REPEAT_REQ_INCONSISTENT when a key is reused with other card data', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const key = newKey();
    await pay(t.gateway.origin, data, card(CARDS.visa.declined), key);
    const reused = await pay(t.gateway.origin, data, card(CARDS.visa.approved), key);
    assert.equal(resultCode(reused), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(at(reused.json, 'result.resultStatus'), 'F');
  });

  it('refuses a new attempt after success with ORDER_IS_CLOSED', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const first = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
    const again = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
    assert.equal(resultCode(again), 'ORDER_IS_CLOSED');
    assert.equal(again.json['paymentId'], first.json['paymentId']);
    assert.equal(again.json['paymentStatus'], 'SUCCESS');
  });

  it('refuses a new attempt while a payment is in process', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const pending = await pay(t.gateway.origin, data, card(CARDS.visa.pending));
    assert.equal(resultCode(pending), 'PAYMENT_IN_PROCESS');
    assert.equal(at(pending.json, 'result.resultStatus'), 'U');
    const again = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
    assert.equal(resultCode(again), 'ORDER_IS_CLOSED');
    assert.equal(again.json['paymentStatus'], 'PROCESSING');
  });

  it('lets the buyer retry after a decline: same payment, a second AUTHORIZATION', async () => {
    const { data, requestId } = await newSessionData(t.gateway.origin);
    const declined = await pay(t.gateway.origin, data, card(CARDS.visa.declined));
    assert.equal(resultCode(declined), 'DO_NOT_HONOR');
    assert.equal(declined.json['paymentStatus'], 'FAIL');
    const retried = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
    assert.equal(resultCode(retried), 'SUCCESS');
    assert.equal(retried.json['paymentId'], declined.json['paymentId']);
    const inquiry = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
    const types = (inquiry.json['transactions'] as Array<Record<string, unknown>>).map(
      (entry) => `${entry['transactionType']}:${entry['transactionStatus']}`,
    );
    assert.deepEqual(types, ['AUTHORIZATION:FAIL', 'AUTHORIZATION:SUCCESS', 'CAPTURE:SUCCESS']);
  });

  it('answers SESSION_EXPIRED after the session expired, and replays a stored answer even then', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const key = newKey();
    const declined = await pay(t.gateway.origin, data, card(CARDS.visa.declined), key);
    t.clock.advance(60 * 60 * 1000);
    try {
      const expired = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
      assert.equal(resultCode(expired), 'SESSION_EXPIRED');
      assert.equal(at(expired.json, 'result.resultStatus'), 'F');
      const replay = await pay(t.gateway.origin, data, card(CARDS.visa.declined), key);
      assert.equal(replay.text, declined.text);
    } finally {
      t.clock.advance(-60 * 60 * 1000);
    }
  });

  it('never logs card data and logs one line per payment request', async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const before = t.logs.length;
    await pay(t.gateway.origin, data, card(CARDS.visa.insufficientFunds, { cvc: '987' }));
    const lines = t.logs.slice(before).filter((line) => line.startsWith('POST /sdk/v1/payments'));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^POST \/sdk\/v1\/payments 200 \d+\.\dms USER_BALANCE_NOT_ENOUGH$/);
    for (const line of t.logs) {
      assert.ok(!line.includes(CARDS.visa.insufficientFunds));
      assert.ok(!line.split(/\s+/).includes('987'));
    }
  });
});

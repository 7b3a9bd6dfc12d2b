import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { AntomClient } from '../../src/server/client.js';
import { AntomError } from '../../src/server/errors.js';
import { parseNotification, verifyNotificationRequest } from '../../src/server/notifications.js';
import { classifySessionData, parseSessionData } from '../../src/shared/session-data.js';
import { CARDS, card } from '../support/cards.js';
import { at, send, type Answer } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { ACK, startReceiver, type Receiver } from '../support/notifications.js';
import {
  MERCHANT_ACCOUNT_ID as ACCOUNT,
  MERCHANT_ID,
  MERCHANT_ORIGIN,
  startTestGateway,
  testMerchant,
  type TestGateway,
} from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import {
  createSession,
  frameHeaders,
  newKey,
  newRequestId,
  newSessionData,
  openApi,
  payRequest,
  resultCode,
  sdkPost,
  sessionView,
  signedCall,
  tokenizeCard,
  vaultApi,
} from './calls.js';
import { assertNoCardSecrets } from '../support/card-secrets.js';

const OTHER_ID = 'SANDBOX_OTHER_SHOP';

const message = (answer: Answer): string => String(at(answer.json, 'result.resultMessage'));

/** A valid `createVaultingSession` body. */
function vaultingSessionRequest(notifyUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    paymentMethodType: 'CARD',
    vaultingRequestId: newRequestId('vault'),
    vaultingNotificationUrl: notifyUrl,
    redirectUrl: 'https://shop.example/cards?added=1',
    ...overrides,
  };
}

/** A valid `vaultPaymentMethod` body. */
function vaultCardRequest(
  notifyUrl: string,
  cardNo: string,
  cardOverrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    vaultingRequestId: newRequestId('vault'),
    vaultingNotificationUrl: notifyUrl,
    redirectUrl: 'https://shop.example/cards',
    paymentMethodDetail: {
      paymentMethodType: 'CARD',
      card: {
        cardNo,
        cvv: '123',
        expiryMonth: '12',
        expiryYear: '34',
        cardholderName: { firstName: 'Ada', lastName: 'Lovelace' },
        ...cardOverrides,
      },
    },
  };
}

/** Pays 1000 USD with a token through `payments/pay` (card on file). */
function payWithToken(origin: string, token: string): Promise<Answer> {
  return openApi(
    origin,
    'pay',
    payRequest('unused', {
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodId: token,
        paymentMethodMetaData: { isCardOnFile: true },
      },
    }),
  );
}

describe('vaulting in the frame: createVaultingSession -> /sdk/v1/vaults -> notifyVaulting -> pay', () => {
  let t: TestGateway;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    t = await startTestGateway({ notificationTimeScale: 0.001 });
  });
  afterEach(async () => {
    await t.close();
    await receiver.close();
  });

  async function vaultingSession(
    overrides: Record<string, unknown> = {},
  ): Promise<{ data: string; id: string; requestId: string; answer: Answer }> {
    const body = vaultingSessionRequest(receiver.url('/antom/vaulting?shop=1'), overrides);
    const answer = await vaultApi(t.gateway.origin, 'createVaultingSession', body);
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    return {
      data: String(answer.json['vaultingSessionData']),
      id: String(answer.json['vaultingSessionId']),
      requestId: String(body['vaultingRequestId']),
      answer,
    };
  }

  const bind = (data: string, cardData = card(CARDS.visa.approved), key = newKey()): Promise<Answer> =>
    sdkPost(t.gateway.origin, '/sdk/v1/vaults', { paymentSessionData: data, card: cardData }, key);

  it('binds a card end to end over HTTP and the token pays', async () => {
    const { data, id, requestId, answer } = await vaultingSession();
    assert.equal(answer.json['vaultingSessionExpiryTime'], '2030-01-15T11:00:00+00:00');
    const parsed = parseSessionData(data);
    assert.ok(parsed, 'four-part session data');
    assert.equal(parsed.config.mode, 'vault');
    const { productScene, paymentMethodCategoryType } = parsed.config.paymentSessionConfig;
    assert.equal(`${productScene}_${paymentMethodCategoryType}`, 'VAULTING_CARD', "the Web SDK's component sign");
    assert.equal(classifySessionData(data)?.kind, 'sandbox', 'still the secure frame, by its gatewayOrigin');
    assert.equal(parsed.config.paymentSessionId, id);
    assert.equal(parsed.config.gatewayOrigin, t.gateway.origin);
    assert.match(id, /^VS\d{30}$/);

    const frame = await send(`${t.gateway.origin}/sdk/v1/frame?origin=${encodeURIComponent('https://shop.example')}`);
    assert.equal(frame.status, 200);
    assert.match(String(frame.headers['content-security-policy']), /frame-ancestors https:\/\/shop\.example$/);
    assert.equal(resultCode(await sessionView(t.gateway.origin, data, 'https://shop.example')), 'SUCCESS');
    assert.equal(resultCode(await sessionView(t.gateway.origin, data, 'https://attacker.example')), 'SESSION_INVALID');

    const view = await sessionView(t.gateway.origin, data);
    assert.deepEqual(view.json['view'], {
      paymentSessionId: id,
      mode: 'vault',
      amount: null,
      merchantName: 'Test Shop',
      expiresAt: '2030-01-15T11:00:00+00:00',
      brands: ['VISA', 'MASTERCARD', 'AMEX', 'UNIONPAY', 'JCB', 'DINERS', 'DISCOVER'],
      captureMode: 'AUTOMATIC',
      savedCards: [],
      policies: { savedCardCvc: false, askToSave: false },
    });

    const bound = await bind(data, card(CARDS.mastercard.approved, { expiryMonth: '07', expiryYear: '33' }));
    assert.deepEqual(bound.json, {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
      card: { brand: 'MASTERCARD', last4: '4622', expiryMonth: '07', expiryYear: '33' },
    });
    assert.equal(t.gateway.engine.listPayments().length, 0, 'binding creates no payment');

    await waitFor(() => receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting' });
    const receipt = receiver.receipts[0]!;
    assert.ok(
      verifyNotificationRequest(
        { method: 'POST', path: receipt.path, headers: receipt.headers, body: receipt.body },
        { antomPublicKey: t.gateway.publicKeyPem, clientId: MERCHANT_ID, now: () => t.clock.now().getTime() },
      ),
      'notifyVaulting verifies with the gateway public key',
    );
    const body = JSON.parse(receipt.body) as Record<string, unknown>;
    const token = String(at(body, 'paymentMethodDetail.card.cardToken'));
    assert.match(token, /^ALIPAY[0-9A-F]{40}$/);
    assert.deepEqual(body, {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
      vaultingRequestId: requestId,
      vaultingStatus: 'SUCCESS',
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: {
          cardToken: token,
          maskedCardNo: '************4622',
          brand: 'MASTERCARD',
          expiryMonth: '07',
          expiryYear: '33',
          funding: 'DEBIT',
          issuingCountry: 'SG',
          bin: '516277',
          last4: '4622',
          lastFour: '4622',
        },
      },
      vaultingCreateTime: '2030-01-15T10:00:00+00:00',
    });
    const parsedNotification = parseNotification(receipt.body);
    assert.equal(parsedNotification?.notifyType, 'VAULTING_RESULT', "the client's parser reads it");
    assert.ok(!bound.text.includes(token), 'the token never reaches the browser');

    const inquiry = await vaultApi(t.gateway.origin, 'inquireVaulting', { vaultingRequestId: requestId });
    assert.equal(resultCode(inquiry), 'SUCCESS');
    assert.equal(inquiry.json['vaultingStatus'], 'SUCCESS');
    assert.deepEqual(
      [inquiry.json['vaultingResultCode'], inquiry.json['vaultingResultMessage']],
      ['SUCCESS', 'success.'],
      "AlipayVaultingQueryResponse's result code of a success",
    );
    assert.equal(at(inquiry.json, 'paymentMethodDetail.card.cardToken'), token);

    const paid = await payWithToken(t.gateway.origin, token);
    assert.equal(resultCode(paid), 'SUCCESS', paid.text);
    assert.equal(at(paid.json, 'paymentResultInfo.cardNo'), '************4622');
    assert.equal(at(paid.json, 'paymentResultInfo.cardToken'), token);

    const log = t.gateway.engine.notifications.forVaulting(requestId);
    assert.equal(log.length, 1);
    assert.equal(log[0]?.notifyType, 'VAULTING_RESULT');
    assert.equal(log[0]?.paymentId, undefined);
    await waitFor(() => t.gateway.engine.notifications.forVaulting(requestId)[0]?.status === 'ACKNOWLEDGED', {
      timeout: 3000,
      message: 'ack',
    });
    const filtered = await send(`${t.gateway.origin}/sandbox/notifications?vaultingRequestId=${requestId}`);
    assert.equal((filtered.json['notifications'] as unknown[]).length, 1);
    assert.ok(!filtered.text.includes(token), 'the delivery log shows that a token was sent, never the token');
    assert.match(filtered.text, /\\"cardToken\\":\\"\(hidden\)\\"/);
  });

  it('fails a declined card, generically to the browser and with its code to the merchant, lets the buyer retry, then closes the session', async () => {
    const { data, requestId } = await vaultingSession();
    const declined = await bind(data, card(CARDS.visa.stolen));
    assert.deepEqual(declined.json, {
      result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'The payment is declined by the issuing bank.' },
    });
    const failedInquiry = await vaultApi(t.gateway.origin, 'inquireVaulting', { vaultingRequestId: requestId });
    assert.equal(failedInquiry.json['vaultingStatus'], 'FAIL');
    assert.equal(failedInquiry.json['vaultingResultCode'], 'STOLEN_CARD');

    const key = newKey();
    const bound = await bind(data, card(CARDS.visa.approved), key);
    assert.equal(resultCode(bound), 'SUCCESS');
    const replay = await bind(data, card(CARDS.visa.approved), key);
    assert.equal(replay.text, bound.text, 'a replayed key gets the stored answer');
    const closed = await bind(data, card(CARDS.mastercard.approved));
    assert.equal(resultCode(closed), 'ORDER_IS_CLOSED');
    assert.equal(message(closed), 'This vaulting session already bound a card.');
    const reused = await bind(data, card(CARDS.mastercard.approved), key);
    assert.equal(resultCode(reused), 'REPEAT_REQ_INCONSISTENT');

    await waitFor(() => receiver.receipts.length === 2, { timeout: 3000, message: 'two notifyVaulting' });
    const [failure, success] = receiver.bodies();
    assert.deepEqual(failure, {
      result: { resultCode: 'STOLEN_CARD', resultStatus: 'F', resultMessage: 'The card is reported stolen.' },
      vaultingRequestId: requestId,
      vaultingStatus: 'FAIL',
      paymentMethodDetail: { paymentMethodType: 'CARD' },
    });
    assert.equal(parseNotification(JSON.stringify(failure))?.notifyType, 'VAULTING_RESULT');
    assert.equal(success?.['vaultingStatus'], 'SUCCESS');
  });

  it('verifies the card data as a payment does', async () => {
    const cases: Array<[ReturnType<typeof card>, string]> = [
      [card('4054695723100769'), 'INVALID_CARD_NUMBER'],
      [card(CARDS.visa.approved, { cvc: '12' }), 'INVALID_CVV'],
      [card(CARDS.visa.approved, { expiryMonth: '13' }), 'INVALID_EXPIRATION_DATE'],
      [card(CARDS.visa.approved, { expiryMonth: '12', expiryYear: '29' }), 'CARD_EXPIRED'],
      [card('6759649826438453'), 'CARD_NOT_SUPPORTED'],
      [card(CARDS.visa.declined), 'DO_NOT_HONOR'],
    ];
    for (const [cardData, code] of cases) {
      // A session of its own each: six failures in one session would close it (card-testing guard).
      const { data } = await vaultingSession();
      const answer = await bind(data, cardData);
      assert.equal(resultCode(answer), code, answer.text);
      assert.equal(at(answer.json, 'result.resultStatus'), 'F');
      assert.equal(answer.json['card'], undefined);
    }
  });

  it('binds a card whose issuer leaves payments pending; its token payments stay in process', async () => {
    const { data } = await vaultingSession();
    assert.equal(resultCode(await bind(data, card(CARDS.visa.pending))), 'SUCCESS');
    await waitFor(() => receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting' });
    const token = String(at(receiver.bodies()[0], 'paymentMethodDetail.card.cardToken'));
    const paid = await payWithToken(t.gateway.origin, token);
    assert.equal(resultCode(paid), 'PAYMENT_IN_PROCESS');
  });

  it('keeps the SDK rules: same origin, Idempotency-Key, strict body, the right kind of session', async () => {
    const { data } = await vaultingSession();
    const crossSite = await send(`${t.gateway.origin}/sdk/v1/vaults`, {
      method: 'POST',
      headers: frameHeaders(MERCHANT_ORIGIN, { 'Idempotency-Key': newKey(), 'Sec-Fetch-Site': 'cross-site' }),
      body: JSON.stringify({ paymentSessionData: data, card: card(CARDS.visa.approved) }),
    });
    assert.equal(crossSite.status, 403);
    assert.equal(resultCode(crossSite), 'ACCESS_DENIED');
    assert.equal(crossSite.headers['access-control-allow-origin'], undefined);

    const noKey = await send(`${t.gateway.origin}/sdk/v1/vaults`, {
      method: 'POST',
      headers: frameHeaders(t.gateway.origin),
      body: JSON.stringify({ paymentSessionData: data, card: card(CARDS.visa.approved) }),
    });
    assert.match(message(noKey), /^Idempotency-Key header must be/);

    const extra = await sdkPost(t.gateway.origin, '/sdk/v1/vaults', {
      paymentSessionData: data,
      card: card(CARDS.visa.approved),
      saveCard: true,
    });
    assert.equal(message(extra), 'saveCard is not allowed');
    const noCard = await sdkPost(t.gateway.origin, '/sdk/v1/vaults', { paymentSessionData: data });
    assert.equal(message(noCard), 'card is required');

    const payment = await newSessionData(t.gateway.origin);
    const wrongKind = await bind(payment.data);
    assert.equal(resultCode(wrongKind), 'SESSION_INVALID');
    assert.equal(message(wrongKind), 'This is a payment session: it cannot bind a card without paying.');
    const payOnVault = await sdkPost(t.gateway.origin, '/sdk/v1/payments', {
      paymentSessionData: data,
      card: card(CARDS.visa.approved),
    });
    assert.equal(resultCode(payOnVault), 'SESSION_INVALID');
    assert.equal(message(payOnVault), 'This is a vaulting session: it binds a card without paying.');
    // Two other characters at the end of the token part, whatever it ended with (it may end in AA).
    const [token = '', ...rest] = data.split('&&');
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const tampered = await bind([altered, ...rest].join('&&'));
    assert.equal(resultCode(tampered), 'SESSION_INVALID');
  });

  it('expires: the view and new cards get SESSION_EXPIRED, the inquiry reads FAIL', async () => {
    const { data, requestId } = await vaultingSession();
    const processing = await vaultApi(t.gateway.origin, 'inquireVaulting', { vaultingRequestId: requestId });
    assert.equal(processing.json['vaultingStatus'], 'PROCESSING');
    assert.deepEqual(
      [processing.json['vaultingResultCode'], processing.json['vaultingResultMessage']],
      ['VERIFICATION_IN_PROCESS', 'The verification is still under process.'],
    );
    t.clock.advance(60 * 60 * 1000);
    assert.equal(resultCode(await sessionView(t.gateway.origin, data)), 'SESSION_EXPIRED');
    assert.equal(resultCode(await bind(data)), 'SESSION_EXPIRED');
    const frame = await send(`${t.gateway.origin}/sdk/v1/frame?origin=${encodeURIComponent('https://shop.example')}`);
    assert.equal(frame.status, 200, 'the frame still loads to tell the buyer');
    const inquiry = await vaultApi(t.gateway.origin, 'inquireVaulting', { vaultingRequestId: requestId });
    assert.equal(inquiry.json['vaultingStatus'], 'FAIL');
    assert.equal(inquiry.json['vaultingResultCode'], 'ORDER_IS_CLOSED');
  });

  it('retries notifyVaulting on the usual schedule until acknowledged', async () => {
    await receiver.close();
    receiver = await startReceiver((n) => (n < 3 ? { status: 500, body: 'busy' } : { status: 200, body: ACK }));
    const { data, requestId } = await vaultingSession();
    assert.equal(resultCode(await bind(data)), 'SUCCESS');
    await waitFor(() => t.gateway.engine.notifications.forVaulting(requestId)[0]?.status === 'ACKNOWLEDGED', {
      timeout: 5000,
      message: 'acknowledged after retries',
    });
    const [record] = t.gateway.engine.notifications.forVaulting(requestId);
    assert.deepEqual(
      record?.attempts.map((attempt) => [attempt.httpStatus, attempt.acknowledged]),
      [
        [500, false],
        [500, false],
        [200, true],
      ],
    );
    assert.equal(new Set(receiver.receipts.map((receipt) => receipt.body)).size, 1, 'the same body every try');
  });

  it("keeps the merchant's vaultingRequestId from breaking log lines", async () => {
    const { data } = await vaultingSession({ vaultingRequestId: 'vault\nFORGED LINE' });
    assert.equal(resultCode(await bind(data)), 'SUCCESS');
    await waitFor(() => t.logs.some((line) => line.startsWith('notify VAULTING_RESULT')), {
      timeout: 3000,
      message: 'the delivery log line',
    });
    const line = t.logs.find((entry) => entry.startsWith('notify VAULTING_RESULT'))!;
    assert.match(line, /^notify VAULTING_RESULT vault\?FORGED\?LINE attempt 1\/8 /);
    assert.ok(t.logs.every((entry) => !entry.includes('\n')));
  });

  it('never puts the card number or CVC in an answer, log line, notification or record', async () => {
    const pan = CARDS.visa.frictionless;
    const { data, id } = await vaultingSession();
    const bound = await bind(data, card(pan, { cvc: '987', holderName: 'Grace Hopper' }));
    assert.equal(resultCode(bound), 'SUCCESS');
    await waitFor(() => receiver.receipts.length === 1, { timeout: 3000, message: 'notifyVaulting' });
    const token = String(at(receiver.bodies()[0], 'paymentMethodDetail.card.cardToken'));
    const texts = [
      bound.text,
      ...t.logs,
      ...receiver.receipts.map((receipt) => receipt.body),
      JSON.stringify(t.gateway.engine.notifications.list()),
      JSON.stringify(t.gateway.engine.tokens.get(token)),
      JSON.stringify(t.gateway.engine.vaulting.bySessionId(id)),
    ];
    assertNoCardSecrets(texts, { pans: [pan], cvcs: ['987'], holders: ['Grace Hopper'] });
  });
});

describe('vaults Open API', () => {
  let t: TestGateway;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    t = await startTestGateway({
      notificationTimeScale: 0.001,
      merchants: [
        testMerchant(),
        testMerchant({ clientId: OTHER_ID, name: 'Other Shop', publicKeyPem: KEYS.otherMerchant.publicKey }),
      ],
    });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('checks createVaultingSession fields, naming them', async () => {
    const notify = receiver.url('/vault');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ paymentMethodType: 'WALLET' }, 'paymentMethodType must be "CARD"'],
      [{ vaultingRequestId: 'x'.repeat(65) }, 'vaultingRequestId must be at most 64 characters'],
      [{ vaultingNotificationUrl: undefined }, 'vaultingNotificationUrl is required'],
      [{ redirectUrl: 'javascript:alert(1)' }, 'redirectUrl must be an http or https URL'],
      [{ is3DSAuthentication: 'maybe' }, 'is3DSAuthentication must be true or false'],
      [{ merchantRegion: 'Singapore' }, 'merchantRegion must be an ISO 3166 alpha-2 country code'],
    ];
    for (const [change, expected] of cases) {
      const answer = await vaultApi(t.gateway.origin, 'createVaultingSession', vaultingSessionRequest(notify, change));
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', answer.text);
      assert.equal(message(answer), expected);
    }
  });

  it('creates a session without redirectUrl, which Antom does not require: only allowedOrigins frame it', async () => {
    const answer = await vaultApi(
      t.gateway.origin,
      'createVaultingSession',
      vaultingSessionRequest(receiver.url('/vault'), { redirectUrl: undefined }),
    );
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    const data = String(answer.json['vaultingSessionData']);
    assert.equal(resultCode(await sessionView(t.gateway.origin, data, MERCHANT_ORIGIN)), 'SUCCESS');
    assert.equal(resultCode(await sessionView(t.gateway.origin, data, 'https://shop.example')), 'SESSION_INVALID');
    const card = await vaultApi(t.gateway.origin, 'vaultPaymentMethod', {
      ...vaultCardRequest(receiver.url('/vault'), CARDS.visa.approved),
      redirectUrl: undefined,
    });
    assert.equal(message(card), 'redirectUrl is required', 'vaultPaymentMethod still needs it');
  });

  it('is idempotent on vaultingRequestId, on both prefixes', async () => {
    const body = vaultingSessionRequest(receiver.url('/vault'), { merchantRegion: 'SG' });
    const first = await signedCall(t.gateway.origin, '/ams/api/v1/vaults/createVaultingSession', body);
    assert.equal(resultCode(first), 'SUCCESS', first.text);
    const again = await vaultApi(t.gateway.origin, 'createVaultingSession', body);
    assert.equal(again.json['vaultingSessionData'], first.json['vaultingSessionData']);
    const changes: Array<[Record<string, unknown>, string]> = [
      [{ vaultingNotificationUrl: receiver.url('/other') }, 'vaultingNotificationUrl'],
      [{ redirectUrl: 'https://shop.example/elsewhere' }, 'redirectUrl'],
      [{ is3DSAuthentication: true }, 'is3DSAuthentication'],
    ];
    for (const [change, field] of changes) {
      const answer = await vaultApi(t.gateway.origin, 'createVaultingSession', { ...body, ...change });
      assert.equal(resultCode(answer), 'REPEAT_REQ_INCONSISTENT');
      assert.equal(message(answer), `${field} differs from the first request with this vaultingRequestId`);
    }
    const other = await vaultApi(t.gateway.origin, 'createVaultingSession', body, {
      clientId: OTHER_ID,
      privateKey: KEYS.otherMerchant.privateKey,
    });
    assert.equal(resultCode(other), 'SUCCESS', 'ids are per merchant');
    assert.notEqual(other.json['vaultingSessionId'], first.json['vaultingSessionId']);
  });

  it('vaultPaymentMethod binds card data server to server, idempotently', async () => {
    const body = vaultCardRequest(receiver.url('/vault'), CARDS.visa.approved);
    const answer = await vaultApi(t.gateway.origin, 'vaultPaymentMethod', body);
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    assert.equal(answer.json['vaultingRequestId'], body['vaultingRequestId']);
    const token = String(at(answer.json, 'paymentMethodDetail.card.cardToken'));
    assert.equal(at(answer.json, 'paymentMethodDetail.card.maskedCardNo'), '************0768');
    assert.equal(resultCode(await payWithToken(t.gateway.origin, token)), 'SUCCESS');

    const replay = await vaultApi(t.gateway.origin, 'vaultPaymentMethod', body);
    assert.equal(replay.text, answer.text, 'the stored answer, no second token');
    const otherCard = vaultCardRequest(receiver.url('/vault'), CARDS.mastercard.approved);
    const changed = await vaultApi(t.gateway.origin, 'vaultPaymentMethod', {
      ...body,
      paymentMethodDetail: otherCard['paymentMethodDetail'],
    });
    assert.equal(resultCode(changed), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(
      message(changed),
      'paymentMethodDetail.card differs from the first request with this vaultingRequestId',
    );

    const session = vaultingSessionRequest(receiver.url('/vault'), { vaultingRequestId: body['vaultingRequestId'] });
    const clash = await vaultApi(t.gateway.origin, 'createVaultingSession', session);
    assert.equal(message(clash), 'vaultingRequestId is already used by a vaults/vaultPaymentMethod request');

    await waitFor(
      () => receiver.bodies().some((notification) => notification['vaultingRequestId'] === body['vaultingRequestId']),
      { timeout: 3000, message: 'notifyVaulting' },
    );
    assert.equal(
      receiver.bodies().filter((notification) => notification['vaultingRequestId'] === body['vaultingRequestId'])
        .length,
      1,
      'one notification despite the replay',
    );
  });

  it('vaultPaymentMethod fails declines and bad card data, and accepts a missing cvv', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [CARDS.visa.declined, {}, 'DO_NOT_HONOR'],
      [CARDS.visa.approved, { cvv: '12' }, 'INVALID_CVV'],
      [CARDS.visa.approved, { expiryYear: '29' }, 'CARD_EXPIRED'],
      [CARDS.visa.approved, { cvv: undefined }, 'SUCCESS'],
      // With 3-D Secure the frictionless card is bound at once; another waits for the buyer at the issuer.
      [CARDS.visa.frictionless, { is3DSAuthentication: true }, 'SUCCESS'],
      [CARDS.visa.approved, { is3DSAuthentication: true }, 'VERIFICATION_IN_PROCESS'],
    ];
    for (const [cardNo, change, code] of cases) {
      const answer = await vaultApi(
        t.gateway.origin,
        'vaultPaymentMethod',
        vaultCardRequest(receiver.url('/vault'), cardNo, change),
      );
      assert.equal(resultCode(answer), code, answer.text);
      assert.equal(answer.json['paymentMethodDetail'] === undefined, code !== 'SUCCESS');
    }
    const malformed = await vaultApi(
      t.gateway.origin,
      'vaultPaymentMethod',
      vaultCardRequest(receiver.url('/vault'), '4054 6957 2310 0768'),
    );
    assert.equal(message(malformed), 'paymentMethodDetail.card.cardNo must be 8 to 19 digits');
    assert.ok(!/4054 6957|6957 2310|4054695723/.test(malformed.text), 'the card number is never echoed');
  });

  it("inquireVaulting knows only the merchant's own vaultings", async () => {
    const body = vaultCardRequest(receiver.url('/vault'), CARDS.visa.declined);
    await vaultApi(t.gateway.origin, 'vaultPaymentMethod', body);
    const own = await vaultApi(t.gateway.origin, 'inquireVaulting', { vaultingRequestId: body['vaultingRequestId'] });
    assert.equal(own.json['vaultingStatus'], 'FAIL');
    assert.equal(own.json['vaultingResultCode'], 'DO_NOT_HONOR');
    assert.equal(own.json['paymentMethodDetail'], undefined);
    const foreign = await vaultApi(
      t.gateway.origin,
      'inquireVaulting',
      { vaultingRequestId: body['vaultingRequestId'] },
      { clientId: OTHER_ID, privateKey: KEYS.otherMerchant.privateKey },
    );
    assert.equal(resultCode(foreign), 'ORDER_NOT_EXIST');
    assert.equal(message(foreign), 'no vaulting with this vaultingRequestId exists for this merchant');
  });

  it("deleteToken takes Antom's { token, merchantAccountId }, answers result alone and deletes idempotently", async () => {
    const token = await tokenizeCard(t.gateway.origin);
    const first = await vaultApi(t.gateway.origin, 'deleteToken', { token, merchantAccountId: ACCOUNT });
    assert.deepEqual(first.json, {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
    });
    const again = await vaultApi(t.gateway.origin, 'deleteToken', { token, merchantAccountId: ACCOUNT });
    assert.equal(resultCode(again), 'SUCCESS', 'deleting twice succeeds twice');
    assert.equal(resultCode(await payWithToken(t.gateway.origin, token)), 'INVALID_PAYMENT_METHOD_META_DATA');
    const offered = await createSession(t.gateway.origin, {
      savedPaymentMethods: [{ paymentMethodType: 'CARD', paymentMethodId: token }],
    });
    assert.equal(resultCode(offered), 'INVALID_PAYMENT_METHOD_META_DATA');

    const unknown = await vaultApi(t.gateway.origin, 'deleteToken', {
      token: `ALIPAY${'0'.repeat(40)}`,
      merchantAccountId: ACCOUNT,
    });
    assert.deepEqual(unknown.json['result'], {
      resultCode: 'INVALID_PAYMENT_METHOD_META_DATA',
      resultStatus: 'F',
      resultMessage: 'token is not a card token of this merchant',
    });
    const mine = await tokenizeCard(t.gateway.origin);
    const foreign = await vaultApi(
      t.gateway.origin,
      'deleteToken',
      { token: mine, merchantAccountId: ACCOUNT },
      { clientId: OTHER_ID, privateKey: KEYS.otherMerchant.privateKey },
    );
    assert.equal(message(foreign), 'token is not a card token of this merchant');
    assert.equal(
      resultCode(await payWithToken(t.gateway.origin, mine)),
      'SUCCESS',
      'another merchant cannot delete it',
    );
  });

  it('deleteToken refuses the former cardToken / paymentMethodId names and a missing merchantAccountId', async () => {
    const token = await tokenizeCard(t.gateway.origin);
    for (const [body, expected] of [
      [{ cardToken: token }, 'token is required (cardToken is not a field of vaults/deleteToken)'],
      [{ paymentMethodId: token }, 'token is required (paymentMethodId is not a field of vaults/deleteToken)'],
      [{}, 'token is required'],
      [{ token }, 'merchantAccountId is required'],
      [{ token: 'x'.repeat(256), merchantAccountId: ACCOUNT }, 'token must be at most 255 characters'],
      [{ token, merchantAccountId: 'a'.repeat(65) }, 'merchantAccountId must be at most 64 characters'],
    ] as const) {
      const answer = await vaultApi(t.gateway.origin, 'deleteToken', body);
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', JSON.stringify(body).slice(0, 40));
      assert.equal(message(answer), expected);
    }
    assert.equal(resultCode(await payWithToken(t.gateway.origin, token)), 'SUCCESS', 'nothing was deleted');
  });
});

describe('vaulting through the Node client', () => {
  let t: TestGateway;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    t = await startTestGateway({ notificationTimeScale: 0.001 });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('creates a vaulting session, inquires, pays with the token and deletes it', async () => {
    const client = new AntomClient({
      clientId: MERCHANT_ID,
      privateKey: KEYS.merchant.privateKey,
      antomPublicKey: t.gateway.publicKeyPem,
      endpoint: t.gateway.origin,
      now: () => t.gateway.clock.now().getTime(),
    });
    const vaultingRequestId = newRequestId('client');
    const session = await client.createVaultingSession({
      paymentMethodType: 'CARD',
      vaultingRequestId,
      vaultingNotificationUrl: receiver.url('/notify'),
      redirectUrl: `${MERCHANT_ORIGIN}/cards`,
    });
    assert.equal(session.result.resultStatus, 'S');
    const bound = await sdkPost(t.gateway.origin, '/sdk/v1/vaults', {
      paymentSessionData: session.vaultingSessionData,
      card: card(CARDS.visa.approved),
    });
    assert.equal(resultCode(bound), 'SUCCESS');
    const inquiry = await client.inquireVaulting({ vaultingRequestId });
    assert.equal(inquiry.vaultingStatus, 'SUCCESS');
    const token = inquiry.paymentMethodDetail?.card?.cardToken;
    assert.ok(token);

    const tokenPayment = (): Parameters<AntomClient['pay']>[0] => ({
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: newRequestId('client-pay'),
      paymentAmount: { currency: 'USD', value: '500' },
      order: { referenceOrderId: 'order-7', orderDescription: 'Tea', orderAmount: { currency: 'USD', value: '500' } },
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodId: token,
        paymentMethodMetaData: { isCardOnFile: true },
      },
      paymentRedirectUrl: `${MERCHANT_ORIGIN}/done`,
    });
    const paid = await client.pay(tokenPayment());
    assert.equal(paid.result.resultStatus, 'S');

    const deleted = await client.deleteToken({ token, merchantAccountId: ACCOUNT });
    assert.equal(deleted.result.resultStatus, 'S');
    await assert.rejects(
      client.pay(tokenPayment()),
      (error: unknown) => error instanceof AntomError && error.resultCode === 'INVALID_PAYMENT_METHOD_META_DATA',
    );
  });
});

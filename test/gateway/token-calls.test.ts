/**
 * The token calls a card merchant uses besides `deleteToken` (docs/antom-api.md section 3):
 * `vaults/inquireToken`, `vaults/updateToken` (J `AlipayVaultingInquireTokenRequest.java`,
 * `AlipayUpdateTokenRequest.java`, D `oneapi/inquire_token`, `oneapi/update_token`) and
 * `payments/retrievePaymentSession`, also at the double-slash path Antom's SDKs send.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AntomError } from '../../src/server/errors.js';
import { formatSignatureHeader, sign } from '../../src/server/signing.js';
import { CARDS } from '../support/cards.js';
import { at, type Answer } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import {
  gatewayNow,
  MERCHANT_ACCOUNT_ID as ACCOUNT,
  MERCHANT_ID,
  startTestGateway,
  testMerchant,
  type TestGateway,
} from '../support/servers.js';
import {
  newSessionData,
  openApi,
  payRequest,
  resultCode,
  sessionRequest,
  signedCall,
  tokenizeCard,
  vaultApi,
} from './calls.js';

const OTHER_ID = 'SANDBOX_OTHER_SHOP';

const message = (answer: Answer): string => String(at(answer.json, 'result.resultMessage'));

function payWithToken(origin: string, token: string): Promise<Answer> {
  return openApi(
    origin,
    'pay',
    payRequest('unused', { paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: token } }),
  );
}

describe('vaults/inquireToken and vaults/updateToken', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({
      merchants: [
        testMerchant(),
        testMerchant({ clientId: OTHER_ID, name: 'Other Shop', publicKeyPem: KEYS.otherMerchant.publicKey }),
      ],
    });
  });
  after(() => t.close());

  it("answers a token's issuing country and expiry (the end of the card's month), nothing it does not know", async () => {
    const token = await tokenizeCard(t.gateway.origin, CARDS.visa.approved);
    const answer = await vaultApi(t.gateway.origin, 'inquireToken', { token, merchantAccountId: ACCOUNT });
    assert.deepEqual(answer.json, {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
      token,
      issuingCountry: 'SG',
      tokenExpiryTime: '2034-12-31T23:59:59+00:00',
    });
  });

  it('records the holder name and e-mail, and moves the expiry that payments then check', async () => {
    const token = await tokenizeCard(t.gateway.origin, CARDS.visa.approved);
    const updated = await vaultApi(t.gateway.origin, 'updateToken', {
      token,
      merchantAccountId: ACCOUNT,
      accountHolderName: { firstName: 'Ada', lastName: 'Lovelace' },
      email: 'ada@example.com',
    });
    assert.deepEqual(updated.json, {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
      token,
    });
    const inquiry = await vaultApi(t.gateway.origin, 'inquireToken', { token, merchantAccountId: ACCOUNT });
    assert.deepEqual(at(inquiry.json, 'accountHolderName'), { firstName: 'Ada', lastName: 'Lovelace' });
    assert.equal(inquiry.json['email'], 'ada@example.com');

    // The engine clock stands in January 2030: a token moved to June 2029 has expired.
    const expired = await vaultApi(t.gateway.origin, 'updateToken', {
      token,
      merchantAccountId: ACCOUNT,
      tokenExpiryTime: '2029-06-30T23:59:59+08:00',
    });
    assert.equal(resultCode(expired), 'SUCCESS');
    const after = await vaultApi(t.gateway.origin, 'inquireToken', { token, merchantAccountId: ACCOUNT });
    assert.equal(after.json['tokenExpiryTime'], '2029-06-30T23:59:59+00:00');
    assert.equal(after.json['email'], 'ada@example.com', 'what an update leaves out stays');
    const paid = await payWithToken(t.gateway.origin, token);
    assert.equal(resultCode(paid), 'CARD_EXPIRED', paid.text);
  });

  it("refuses another merchant's, deleted and unknown tokens, and malformed bodies", async () => {
    const token = await tokenizeCard(t.gateway.origin, CARDS.mastercard.approved);
    const foreign = await vaultApi(
      t.gateway.origin,
      'inquireToken',
      { token, merchantAccountId: ACCOUNT },
      { clientId: OTHER_ID, privateKey: KEYS.otherMerchant.privateKey },
    );
    assert.equal(resultCode(foreign), 'INVALID_PAYMENT_METHOD_META_DATA');
    assert.equal(message(foreign), 'token is not a card token of this merchant');
    assert.equal(
      resultCode(await vaultApi(t.gateway.origin, 'deleteToken', { token, merchantAccountId: ACCOUNT })),
      'SUCCESS',
    );
    for (const endpoint of ['inquireToken', 'updateToken']) {
      const deleted = await vaultApi(t.gateway.origin, endpoint, { token, merchantAccountId: ACCOUNT });
      assert.equal(message(deleted), 'token is a card token that was deleted', endpoint);
    }
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['inquireToken', { token }, 'merchantAccountId is required'],
      [
        'inquireToken',
        { cardToken: token, merchantAccountId: ACCOUNT },
        'token is required (cardToken is not a field of vaults/inquireToken)',
      ],
      [
        'updateToken',
        { token, merchantAccountId: ACCOUNT, email: 'e'.repeat(65) },
        'email must be at most 64 characters',
      ],
      [
        'updateToken',
        { token, merchantAccountId: ACCOUNT, tokenExpiryTime: '2034-12' },
        'tokenExpiryTime must be an ISO-8601 date-time with an offset in the years 2000-2099, e.g. 2034-12-31T23:59:59+08:00',
      ],
      [
        'updateToken',
        { token, merchantAccountId: ACCOUNT, accountHolderName: { firstName: 'A'.repeat(33) } },
        'accountHolderName.firstName must be at most 32 characters',
      ],
    ];
    for (const [endpoint, body, expected] of cases) {
      const answer = await vaultApi(t.gateway.origin, endpoint, body);
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', `${endpoint} ${answer.text}`);
      assert.equal(message(answer), expected);
    }
  });

  it('serves both token calls through the Node client', async () => {
    const client = t.client();
    const token = await tokenizeCard(t.gateway.origin, CARDS.visa.approved);
    const updated = await client.updateToken({ token, merchantAccountId: ACCOUNT, email: 'buyer@example.com' });
    assert.equal(updated.token, token);
    const inquiry = await client.inquireToken({ token, merchantAccountId: ACCOUNT });
    assert.equal(inquiry.email, 'buyer@example.com');
    assert.equal(inquiry.tokenExpiryTime, '2034-12-31T23:59:59+00:00');
    await assert.rejects(
      client.inquireToken({ token: `ALIPAY${'0'.repeat(40)}`, merchantAccountId: ACCOUNT }),
      (error: unknown) => error instanceof AntomError && error.resultCode === 'INVALID_PAYMENT_METHOD_META_DATA',
    );
  });
});

describe('payments/retrievePaymentSession', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({
      merchants: [
        testMerchant(),
        testMerchant({ clientId: OTHER_ID, name: 'Other Shop', publicKeyPem: KEYS.otherMerchant.publicKey }),
      ],
    });
  });
  after(() => t.close());

  const SUCCESS = { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' } };

  it('finds a session by paymentRequestId or paymentSessionId and answers result alone (no order for a card session)', async () => {
    const { id, requestId } = await newSessionData(t.gateway.origin);
    assert.deepEqual(
      (await openApi(t.gateway.origin, 'retrievePaymentSession', { paymentRequestId: requestId })).json,
      SUCCESS,
    );
    assert.deepEqual(
      (await openApi(t.gateway.origin, 'retrievePaymentSession', { paymentSessionId: id })).json,
      SUCCESS,
    );
    const unknown = await openApi(t.gateway.origin, 'retrievePaymentSession', {
      paymentSessionId: 'PS-none',
      paymentRequestId: requestId,
    });
    assert.equal(resultCode(unknown), 'ORDER_NOT_EXIST', 'paymentSessionId wins');
    const foreign = await openApi(
      t.gateway.origin,
      'retrievePaymentSession',
      { paymentRequestId: requestId },
      { clientId: OTHER_ID, privateKey: KEYS.otherMerchant.privateKey },
    );
    assert.equal(resultCode(foreign), 'ORDER_NOT_EXIST');
    const neither = await openApi(t.gateway.origin, 'retrievePaymentSession', {});
    assert.equal(message(neither), 'paymentSessionId or paymentRequestId is required');
  });

  it("answers at the SDKs' double-slash path, signed as sent, under both prefixes", async () => {
    const { requestId } = await newSessionData(t.gateway.origin, sessionRequest());
    for (const path of [
      '/ams/api//v1/payments/retrievePaymentSession',
      '/ams/sandbox/api//v1/payments/retrievePaymentSession',
    ]) {
      const answer = await signedCall(t.gateway.origin, path, { paymentRequestId: requestId });
      assert.deepEqual(answer.json, SUCCESS, path);
    }
    const body = JSON.stringify({ paymentRequestId: requestId });
    const time = String(gatewayNow(t.gateway.origin));
    const singleSlash = sign(
      { method: 'POST', path: '/ams/api/v1/payments/retrievePaymentSession', clientId: MERCHANT_ID, time, body },
      KEYS.merchant.privateKey,
    );
    const mismatched = await signedCall(t.gateway.origin, '/ams/api//v1/payments/retrievePaymentSession', body, {
      requestTime: time,
      signatureHeader: formatSignatureHeader(singleSlash),
    });
    assert.equal(resultCode(mismatched), 'INVALID_SIGNATURE', 'the signature covers the path as sent');
  });

  it('serves the Node client at the documented path', async () => {
    const { requestId } = await newSessionData(t.gateway.origin);
    const answer = await t.client().retrievePaymentSession({ paymentRequestId: requestId });
    assert.deepEqual(answer, SUCCESS);
  });
});

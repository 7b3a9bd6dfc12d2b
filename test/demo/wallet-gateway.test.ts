/**
 * Saved cards against the real sandbox gateway: token payments through the client (`payments/pay`
 * with `paymentMethodId` and `isCardOnFile`), token deletion, and the demo's sessions and vaulting
 * sessions as the gateway reads them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startDemo, type RunningDemo } from '../../demo/server.js';
import { AntomError, isSucceeded, type AntomClient, type PayRequest } from '../../src/server/index.js';
import { CARDS, card } from '../support/cards.js';
import { post } from '../support/http.js';
import { MERCHANT_ACCOUNT_ID, startClientTestGateway, type TestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { openTestDatabase, type TestDatabase } from '../support/demo-db.js';

let fixture: TestGateway;
let client: AntomClient;

const AMOUNT = { currency: 'USD', value: '1500' };

function payBase(): Omit<PayRequest, 'paymentMethod'> {
  const id = `demo_tok_${randomBytes(8).toString('hex')}`;
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: id,
    paymentAmount: AMOUNT,
    order: { referenceOrderId: id, orderDescription: 'Token test', orderAmount: AMOUNT },
    paymentRedirectUrl: 'http://localhost:4173/checkout/result',
    paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
  };
}

/** Pays once with card data and `tokenize: true`; the token of the card, as a merchant stores it. */
async function tokenOf(number: string): Promise<{ token: string; last4: string }> {
  // The expiry the wallet entries below name.
  const data = card(number, { expiryMonth: '12', expiryYear: '30' });
  const paid = await client.pay({
    ...payBase(),
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: {
        cardNo: data.number,
        cvv: data.cvc,
        expiryMonth: data.expiryMonth,
        expiryYear: data.expiryYear,
        tokenize: true,
      },
    },
  });
  assert.ok(isSucceeded(paid), 'the card payment with tokenize succeeded');
  const token = paid.paymentResultInfo?.cardToken;
  assert.match(token ?? '', /^ALIPAY[0-9A-F]{40}$/);
  return { token: token!, last4: number.slice(-4) };
}

function payWithToken(token: string) {
  return client.pay({
    ...payBase(),
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: token, paymentMethodMetaData: { isCardOnFile: true } },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<AntomError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AntomError, String(error));
    return error;
  }
  assert.fail('the call succeeded');
}

before(async () => {
  fixture = await startClientTestGateway();
  client = fixture.client();
});

after(async () => {
  await fixture.close();
});

describe('token payments through the client', () => {
  it('payments/pay with paymentMethodId = cardToken and isCardOnFile authorizes the same card', async () => {
    const { token, last4 } = await tokenOf(CARDS.visa.approved);
    const paid = await payWithToken(token);
    assert.ok(isSucceeded(paid));
    assert.equal(paid.paymentResultInfo?.lastFour, last4);
    assert.equal(paid.paymentResultInfo?.cardBrand, 'VISA');
    const inquiry = await client.inquiryPayment({ paymentId: paid.paymentId });
    assert.equal(inquiry.paymentStatus, 'SUCCESS');
    assert.equal(inquiry.paymentResultInfo?.cardNo, `************${last4}`);
  });

  it('a token the gateway never issued fails with INVALID_PAYMENT_METHOD_META_DATA', async () => {
    const error = await failureOf(payWithToken(`ALIPAY${'0'.repeat(40)}`));
    assert.equal(error.kind, 'RESULT_FAILED');
    assert.equal(error.resultCode, 'INVALID_PAYMENT_METHOD_META_DATA');
  });

  it('vaults/deleteToken removes the token: paying with it fails with INVALID_PAYMENT_METHOD_META_DATA', async () => {
    const { token } = await tokenOf(CARDS.mastercard.approved);
    const deleted = await client.deleteToken({ token, merchantAccountId: MERCHANT_ACCOUNT_ID });
    assert.ok(isSucceeded(deleted));
    const error = await failureOf(payWithToken(token));
    assert.equal(error.resultCode, 'INVALID_PAYMENT_METHOD_META_DATA');
  });
});

describe('the demo shop with saved cards on the gateway', () => {
  let demo: RunningDemo;
  let base: string;
  let database: TestDatabase;

  before(async () => {
    database = await openTestDatabase();
    demo = await startDemo({ port: 0, client, database, log: () => undefined });
    base = `http://127.0.0.1:${demo.port}`;
  });

  after(async () => {
    await demo.close();
    await database.close();
  });

  it('a payment with consent brings the token to the wallet by notification; the next session offers the card', async () => {
    const first = await post(`${base}/api/checkout/session`, {});
    assert.equal(first.status, 200, first.text);
    const { paymentSessionData } = first.json as { paymentSessionData: string };
    const paid = await fixture.gateway.engine.submitPayment({
      paymentSessionData,
      idempotencyKey: `key_${randomBytes(6).toString('hex')}`,
      method: { kind: 'CARD', card: card(CARDS.visa.approved), saveCard: true },
    });
    assert.ok(paid.ok);
    await waitFor(async () => (await demo.wallet.list()).length === 1);
    const [saved] = await demo.wallet.list();
    assert.deepEqual([saved?.brand, saved?.last4, saved?.source], ['VISA', '0768', 'PAYMENT']);
    const [token] = await demo.wallet.tokens();
    try {
      const next = await post(`${base}/api/checkout/session`, {});
      const view = fixture.gateway.engine.sessionView((next.json as { paymentSessionData: string }).paymentSessionData, `http://localhost:${demo.port}`);
      assert.ok(view.ok);
      assert.deepEqual(
        view.value.savedCards?.map((entry) => [entry.brand, entry.last4]),
        [['VISA', '0768']],
      );
    } finally {
      await demo.wallet.remove(token!);
    }
  });

  it('a payment without consent saves nothing', async () => {
    const session = await post(`${base}/api/checkout/session`, {});
    const { paymentSessionData, orderId } = session.json as { paymentSessionData: string; orderId: string };
    const paid = await fixture.gateway.engine.submitPayment({
      paymentSessionData,
      idempotencyKey: `key_${randomBytes(6).toString('hex')}`,
      method: { kind: 'CARD', card: card(CARDS.mastercard.approved), saveCard: false },
    });
    assert.ok(paid.ok);
    await waitFor(async () => (await demo.orders.get(orderId))?.status === 'CAPTURED');
    assert.deepEqual(await demo.wallet.list(), []);
  });

  it('a card bound in a vaulting session reaches the wallet by notifyVaulting', async () => {
    const answer = await post(`${base}/api/vault/session`, {});
    assert.equal(answer.status, 200, answer.text);
    const bound = fixture.gateway.engine.vaulting.submit({
      vaultingSessionData: (answer.json as { vaultingSessionData: string }).vaultingSessionData,
      idempotencyKey: `key_${randomBytes(6).toString('hex')}`,
      card: card(CARDS.mastercard.approved),
    });
    assert.ok(bound.ok, JSON.stringify(bound));
    await waitFor(async () => (await demo.wallet.list()).length === 1);
    const [saved] = await demo.wallet.list();
    assert.deepEqual([saved?.brand, saved?.last4, saved?.source], ['MASTERCARD', '4622', 'VAULTING']);
    await demo.wallet.remove((await demo.wallet.tokens())[0]!);
  });

  it('a checkout session offers the wallet card as masked facts, with the consent box and the CVC policy', async () => {
    const { token } = await tokenOf(CARDS.visa.approved);
    await demo.wallet.add({
      token,
      brand: 'VISA',
      last4: '0768',
      expiryMonth: '12',
      expiryYear: '30',
      source: 'PAYMENT',
    });
    try {
      for (const savedCardCvc of [true, false]) {
        const answer = await post(`${base}/api/checkout/session`, { savedCardCvc });
        assert.equal(answer.status, 200, answer.text);
        const data = (answer.json as { paymentSessionData: string }).paymentSessionData;
        const view = fixture.gateway.engine.sessionView(data, `http://localhost:${demo.port}`);
        assert.ok(view.ok, 'the gateway reads the session');
        assert.deepEqual(view.value.savedCards, [
          {
            id: 'saved-0',
            index: 0,
            brand: 'VISA',
            last4: '0768',
            expiryMonth: '12',
            expiryYear: '30',
            expired: false,
          },
        ]);
        assert.deepEqual(view.value.policies, { savedCardCvc, askToSave: true });
        assert.doesNotMatch(JSON.stringify(view.value), /ALIPAY/);
      }
    } finally {
      await demo.wallet.remove(token);
    }
  });

  it('a session naming a token the gateway does not know is refused: 502 naming the field', async () => {
    const unknown = `ALIPAY${'F'.repeat(40)}`;
    await demo.wallet.add({
      token: unknown,
      brand: 'VISA',
      last4: '0768',
      expiryMonth: '12',
      expiryYear: '30',
      source: 'PAYMENT',
    });
    try {
      const answer = await post(`${base}/api/checkout/session`, {});
      assert.equal(answer.status, 502, answer.text);
      const { error } = answer.json as { error: { code: string; message: string } };
      assert.equal(error.code, 'INVALID_PAYMENT_METHOD_META_DATA');
      assert.match(error.message, /savedPaymentMethods\[0\]\.paymentMethodId/);
      assert.doesNotMatch(answer.text, new RegExp(unknown));
    } finally {
      await demo.wallet.remove(unknown);
    }
  });

  it('removing a card at checkout deletes its token at the gateway', async () => {
    const { token } = await tokenOf(CARDS.mastercard.approved);
    await demo.wallet.add({
      token,
      brand: 'MASTERCARD',
      last4: '4622',
      expiryMonth: '12',
      expiryYear: '30',
      source: 'PAYMENT',
    });
    const session = await post(`${base}/api/checkout/session`, {});
    assert.equal(session.status, 200, session.text);
    const { paymentSessionId } = session.json as { paymentSessionId: string };
    const removed = await post(`${base}/api/wallet/remove`, { paymentSessionId, index: 0 });
    assert.equal(removed.status, 200, removed.text);
    assert.equal(await demo.wallet.has(token), false);
    assert.equal(fixture.gateway.engine.tokens.get(token), undefined);
  });

  it('a vaulting session from the demo is one the gateway serves in vault mode', async () => {
    const answer = await post(`${base}/api/vault/session`, {});
    assert.equal(answer.status, 200, answer.text);
    const session = answer.json as { vaultingSessionData: string; vaultingSessionId: string };
    assert.equal(session.vaultingSessionData.split('&&').length, 4);
    const view = fixture.gateway.engine.sessionView(session.vaultingSessionData, `http://localhost:${demo.port}`);
    assert.ok(view.ok, 'the gateway reads the vaulting session');
    assert.equal(view.value.mode, 'vault');
    assert.equal(view.value.paymentSessionId, session.vaultingSessionId);
    assert.equal(view.value.amount, null);
  });
});

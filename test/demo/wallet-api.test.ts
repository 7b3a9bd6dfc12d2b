import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOTIFICATION_ACK } from '../../src/server/index.js';
import type { WalletCard } from '../../demo/wallet.js';
import { sessionReply, SUCCESS, type FakeReply } from '../support/fake-antom.js';
import { post } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { paymentResult, signNotification } from '../support/notifications.js';
import { CLIENT_TEST_ID, startDemoFixture, type DemoFixture } from '../support/servers.js';

const NOTIFY = '/api/antom/notify';
const TOKEN_A = 'ALIPAY1111111111111111111111111111111111AAAA';
const TOKEN_B = 'ALIPAY2222222222222222222222222222222222BBBB';

type WalletBody = { cards: WalletCard[] };
type Failure = { ok: false; error: { code: string; message: string } };

function vaultingReply(): FakeReply {
  return {
    body: {
      result: SUCCESS,
      vaultingSessionData: 'vtoken&&SG&&111&&eyJ9',
      vaultingSessionId: 'vs_1',
      vaultingSessionExpiryTime: '2030-01-01T00:00:00Z',
    },
  };
}

/** A fake Antom answering sessions, vaulting sessions and token deletions (`deleteReply` overrides). */
function fakeAntom(deleteReply: () => FakeReply = () => ({ body: { result: SUCCESS } })) {
  return (path: string): FakeReply => {
    if (path.endsWith('/vaults/deleteToken')) return deleteReply();
    if (path.endsWith('/vaults/createVaultingSession')) return vaultingReply();
    return sessionReply();
  };
}

function notify(fixture: DemoFixture, payload: object) {
  const signed = signNotification(payload, {
    path: NOTIFY,
    clientId: 'SANDBOX_TEST',
    privateKey: KEYS.antom.privateKey,
  });
  return post(`${fixture.base}${NOTIFY}`, signed.body, signed.headers);
}

function sentBodies(fixture: DemoFixture, endpoint: string): Record<string, unknown>[] {
  return fixture.antom.requests
    .filter((request) => request.path.endsWith(endpoint))
    .map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

async function getWallet(fixture: DemoFixture): Promise<{ body: WalletBody; text: string }> {
  const response = await fetch(`${fixture.base}/api/wallet`);
  assert.equal(response.status, 200);
  const text = await response.text();
  return { body: JSON.parse(text) as WalletBody, text };
}

/** Pays an order of the shop, the notification carrying `cardToken` (the buyer ticked "save"). */
async function payWithConsent(fixture: DemoFixture, token: string, last4: string): Promise<void> {
  const created = await post(`${fixture.base}/api/checkout/session`, {});
  assert.equal(created.status, 200, created.text);
  const order = await fixture.demo.orders.get((created.json as { orderId: string }).orderId);
  assert.ok(order);
  const payload = paymentResult({ paymentRequestId: order.paymentRequestId, paymentId: `pay_${last4}` });
  payload['paymentResultInfo'] = {
    cardNo: `************${last4}`,
    cardBrand: 'VISA',
    lastFour: last4,
    expiryMonth: '12',
    expiryYear: '30',
    cardToken: token,
  };
  const answer = await notify(fixture, payload);
  assert.equal(answer.text, NOTIFICATION_ACK);
}

async function withFixture(
  run: (fixture: DemoFixture) => Promise<void>,
  deleteReply?: () => FakeReply,
  merchantAccountId?: string,
): Promise<void> {
  const fixture = await startDemoFixture(fakeAntom(deleteReply), merchantAccountId ? { merchantAccountId } : {});
  try {
    await run(fixture);
  } finally {
    await fixture.close();
  }
}

describe('the wallet fills from verified notifications', () => {
  it('stores the token of a payment with consent once, and GET /api/wallet shows display facts only', async () => {
    await withFixture(async (fixture) => {
      await payWithConsent(fixture, TOKEN_A, '0768');
      const created = await post(`${fixture.base}/api/checkout/session`, {});
      const order = (await fixture.demo.orders.get((created.json as { orderId: string }).orderId))!;
      const repeat = paymentResult({ paymentRequestId: order.paymentRequestId, paymentId: 'pay_again' });
      repeat['paymentResultInfo'] = {
        cardBrand: 'VISA',
        lastFour: '0768',
        expiryMonth: '12',
        expiryYear: '30',
        cardToken: TOKEN_A,
      };
      assert.equal((await notify(fixture, repeat)).text, NOTIFICATION_ACK);

      const { body, text } = await getWallet(fixture);
      assert.equal(body.cards.length, 1);
      const [saved] = body.cards;
      assert.deepEqual(
        {
          brand: saved?.brand,
          last4: saved?.last4,
          expiry: `${saved?.expiryMonth}/${saved?.expiryYear}`,
          source: saved?.source,
        },
        { brand: 'VISA', last4: '0768', expiry: '12/30', source: 'PAYMENT' },
      );
      assert.doesNotMatch(text, /ALIPAY/);
      assert.doesNotMatch(fixture.logs.join('\n'), /ALIPAY/);
    });
  });

  it('ignores a token in a notification that fails verification or names no order of the shop', async () => {
    await withFixture(async (fixture) => {
      const payload = paymentResult({ paymentRequestId: 'demo_not_ours' });
      payload['paymentResultInfo'] = {
        cardBrand: 'VISA',
        lastFour: '0768',
        expiryMonth: '12',
        expiryYear: '30',
        cardToken: TOKEN_A,
      };
      const unknown = await notify(fixture, payload);
      assert.equal(unknown.status, 404);
      const forged = signNotification(payload, {
        path: NOTIFY,
        clientId: 'SANDBOX_TEST',
        privateKey: KEYS.merchant.privateKey,
      });
      const refused = await post(`${fixture.base}${NOTIFY}`, forged.body, forged.headers);
      assert.equal(refused.status, 401);
      assert.deepEqual((await getWallet(fixture)).body.cards, []);
    });
  });

  it('stores the card of a vaulting the shop started, and acknowledges a failed one without storing', async () => {
    await withFixture(async (fixture) => {
      const first = await post(`${fixture.base}/api/vault/session`, {});
      assert.equal(first.status, 200, first.text);
      const second = await post(`${fixture.base}/api/vault/session`, undefined, {});
      assert.equal(second.status, 200, second.text);
      const [started, failedRun] = sentBodies(fixture, '/vaults/createVaultingSession').map((body) =>
        String(body.vaultingRequestId),
      );
      const failed = await notify(fixture, {
        result: { resultCode: 'VERIFY_FAIL', resultStatus: 'F', resultMessage: 'card verification failed' },
        vaultingRequestId: failedRun,
        vaultingStatus: 'FAIL',
      });
      assert.equal(failed.text, NOTIFICATION_ACK);
      const bound = await notify(fixture, {
        result: SUCCESS,
        vaultingRequestId: started,
        vaultingStatus: 'SUCCESS',
        paymentMethodDetail: {
          paymentMethodType: 'CARD',
          card: {
            cardToken: TOKEN_B,
            maskedCardNo: '************4622',
            brand: 'MASTERCARD',
            expiryMonth: '01',
            expiryYear: '29',
          },
        },
      });
      assert.equal(bound.text, NOTIFICATION_ACK);
      const { body } = await getWallet(fixture);
      assert.deepEqual(
        body.cards.map((card) => [card.brand, card.last4, card.source]),
        [['MASTERCARD', '4622', 'VAULTING']],
      );
    });
  });
});

describe('POST /api/checkout/session with saved cards', () => {
  it('offers the wallet tokens in wallet order and asks for the CVC only when told to', async () => {
    await withFixture(async (fixture) => {
      await payWithConsent(fixture, TOKEN_A, '0768');
      await payWithConsent(fixture, TOKEN_B, '4622');
      const cvc = await post(`${fixture.base}/api/checkout/session`, { savedCardCvc: true });
      assert.equal(cvc.status, 200);
      const plain = await post(`${fixture.base}/api/checkout/session`, { savedCardCvc: false });
      assert.equal(plain.status, 200);
      const sessions = sentBodies(fixture, '/payments/createPaymentSession');
      assert.equal(sessions.length, 4);
      // The first session was created before any card was saved: no savedPaymentMethods at all.
      assert.equal(sessions[0]?.savedPaymentMethods, undefined);
      assert.deepEqual(sessions[1]?.savedPaymentMethods, [{ paymentMethodType: 'CARD', paymentMethodId: TOKEN_A }]);
      for (const [index, needCVV] of [
        [2, true],
        [3, false],
      ] as const) {
        const body = sessions[index]!;
        assert.deepEqual(body.savedPaymentMethods, [
          { paymentMethodType: 'CARD', paymentMethodId: TOKEN_A },
          { paymentMethodType: 'CARD', paymentMethodId: TOKEN_B },
        ]);
        assert.deepEqual(body.availablePaymentMethod, {
          paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT', isCardOnFile: true },
        });
        assert.deepEqual(body.merchantAppointParam, { storedCard: { needCVV } });
      }
      assert.doesNotMatch(cvc.text + plain.text, /ALIPAY/);
    });
  });

  it("answers 502 naming Antom's code when Antom refuses a saved card of the session", async () => {
    const refusal = {
      resultCode: 'INVALID_PAYMENT_METHOD_META_DATA',
      resultStatus: 'F',
      resultMessage: 'savedPaymentMethods[0].paymentMethodId is not a card token of this merchant',
    };
    const fixture = await startDemoFixture(() => ({ body: { result: refusal } }));
    try {
      await fixture.demo.wallet.add({
        token: TOKEN_A,
        brand: 'VISA',
        last4: '0768',
        expiryMonth: '12',
        expiryYear: '30',
        source: 'PAYMENT',
      });
      const answer = await post(`${fixture.base}/api/checkout/session`, {});
      assert.equal(answer.status, 502);
      const { error } = answer.json as { error: { code: string; message: string } };
      assert.equal(error.code, 'INVALID_PAYMENT_METHOD_META_DATA');
      assert.match(error.message, /savedPaymentMethods\[0\]\.paymentMethodId/);
      assert.doesNotMatch(answer.text, /ALIPAY/);
      assert.equal((await fixture.demo.orders.list()).length, 0);
    } finally {
      await fixture.close();
    }
  });
});

describe('POST /api/wallet/remove', () => {
  it('deletes the token at the position the session offered, through the client, and drops it', async () => {
    await withFixture(async (fixture) => {
      await payWithConsent(fixture, TOKEN_A, '0768');
      await payWithConsent(fixture, TOKEN_B, '4622');
      const session = await post(`${fixture.base}/api/checkout/session`, {});
      const paymentSessionId = 'ps_1';
      assert.equal((session.json as { paymentSessionId: string }).paymentSessionId, paymentSessionId);
      const answer = await post(`${fixture.base}/api/wallet/remove`, { paymentSessionId, index: 1 });
      assert.equal(answer.status, 200, answer.text);
      const body = answer.json as { ok: boolean; removed: WalletCard; cards: WalletCard[] };
      assert.equal(body.ok, true);
      assert.equal(body.removed.last4, '4622');
      assert.deepEqual(
        body.cards.map((card) => card.last4),
        ['0768'],
      );
      assert.doesNotMatch(answer.text, /ALIPAY/);
      const [deleted] = sentBodies(fixture, '/vaults/deleteToken');
      assert.deepEqual(deleted, { token: TOKEN_B, merchantAccountId: CLIENT_TEST_ID }, "Antom's deleteToken body");
      assert.ok(fixture.antom.requests.every((request) => request.signatureValid));
      assert.deepEqual(await fixture.demo.wallet.tokens(), [TOKEN_A]);

      // Asked again (a second tab): already done, Antom is not called again.
      const again = await post(`${fixture.base}/api/wallet/remove`, { paymentSessionId, index: 1 });
      assert.equal(again.status, 200);
      assert.equal((again.json as { alreadyGone: boolean }).alreadyGone, true);
      assert.equal(sentBodies(fixture, '/vaults/deleteToken').length, 1);
    });
  });

  it('names what it cannot map, refuses bad bodies and other sites, and calls Antom for none of them', async () => {
    await withFixture(async (fixture) => {
      await payWithConsent(fixture, TOKEN_A, '0768');
      await post(`${fixture.base}/api/checkout/session`, {});
      const cases: [unknown, number, string, RegExp][] = [
        [{ paymentSessionId: 'ps_unknown', index: 0 }, 404, 'SESSION_NOT_FOUND', /no checkout session/],
        [{ paymentSessionId: 'ps_1', index: 5 }, 404, 'CARD_NOT_FOUND', /index 5/],
        [{ paymentSessionId: 'ps_1', index: -1 }, 400, 'INVALID_REQUEST', /^index/],
        [{ paymentSessionId: 'ps_1', index: '0' }, 400, 'INVALID_REQUEST', /^index/],
        [{ paymentSessionId: 'ps 1', index: 0 }, 400, 'INVALID_REQUEST', /^paymentSessionId/],
        [
          { paymentSessionId: 'ps_1', index: 0, cardToken: TOKEN_A },
          400,
          'INVALID_REQUEST',
          /^cardToken is not an accepted field/,
        ],
        [[], 400, 'INVALID_REQUEST', /JSON object/],
      ];
      for (const [body, status, code, message] of cases) {
        const answer = await post(`${fixture.base}/api/wallet/remove`, body);
        assert.equal(answer.status, status, JSON.stringify(body));
        const failure = answer.json as Failure;
        assert.equal(failure.ok, false);
        assert.equal(failure.error.code, code);
        assert.match(failure.error.message, message);
      }
      const crossSite = await post(
        `${fixture.base}/api/wallet/remove`,
        { paymentSessionId: 'ps_1', index: 0 },
        { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      );
      assert.equal(crossSite.status, 403);
      const wrongMethod = await fetch(`${fixture.base}/api/wallet/remove`);
      assert.equal(wrongMethod.status, 405);
      assert.equal(sentBodies(fixture, '/vaults/deleteToken').length, 0);
      assert.deepEqual(await fixture.demo.wallet.tokens(), [TOKEN_A]);
    });
  });

  it('keeps the card when Antom refuses the deletion, and drops it when Antom no longer knows the token', async () => {
    let code = 'ACCESS_DENIED';
    await withFixture(
      async (fixture) => {
        await payWithConsent(fixture, TOKEN_A, '0768');
        await post(`${fixture.base}/api/checkout/session`, {});
        const refused = await post(`${fixture.base}/api/wallet/remove`, { paymentSessionId: 'ps_1', index: 0 });
        assert.equal(refused.status, 502);
        assert.equal((refused.json as Failure).error.code, 'ACCESS_DENIED');
        assert.deepEqual(await fixture.demo.wallet.tokens(), [TOKEN_A]);
        code = 'INVALID_PAYMENT_METHOD_META_DATA';
        const gone = await post(`${fixture.base}/api/wallet/remove`, { paymentSessionId: 'ps_1', index: 0 });
        assert.equal(gone.status, 200, gone.text);
        assert.equal((gone.json as { alreadyGone: boolean }).alreadyGone, true);
        assert.deepEqual(await fixture.demo.wallet.tokens(), []);
      },
      () => ({ body: { result: { resultCode: code, resultStatus: 'F', resultMessage: 'refused' } } }),
    );
  });
});

describe('POST /api/wallet/cards/:id/remove', () => {
  it('names the configured merchant account in the deleteToken call', async () => {
    await withFixture(
      async (fixture) => {
        await payWithConsent(fixture, TOKEN_A, '0768');
        const [card] = (await getWallet(fixture)).body.cards;
        assert.ok(card);
        const answer = await post(`${fixture.base}/api/wallet/cards/${card.id}/remove`, undefined, {});
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(sentBodies(fixture, '/vaults/deleteToken'), [
          { token: TOKEN_A, merchantAccountId: '2188116129848784' },
        ]);
      },
      undefined,
      '2188116129848784',
    );
  });

  it('deletes the card the "My cards" page names by its wallet id', async () => {
    await withFixture(async (fixture) => {
      await payWithConsent(fixture, TOKEN_A, '0768');
      const [card] = (await getWallet(fixture)).body.cards;
      assert.ok(card);
      const answer = await post(`${fixture.base}/api/wallet/cards/${card.id}/remove`, undefined, {});
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual((answer.json as { cards: WalletCard[] }).cards, []);
      assert.deepEqual(sentBodies(fixture, '/vaults/deleteToken'), [
        { token: TOKEN_A, merchantAccountId: CLIENT_TEST_ID },
      ]);
      const missing = await post(`${fixture.base}/api/wallet/cards/${card.id}/remove`, undefined, {});
      assert.equal(missing.status, 404);
      assert.equal((missing.json as Failure).error.code, 'CARD_NOT_FOUND');
      const withBody = await post(`${fixture.base}/api/wallet/cards/${card.id}/remove`, { index: 0 });
      assert.equal(withBody.status, 400);
      const crossSite = await post(`${fixture.base}/api/wallet/cards/${card.id}/remove`, undefined, {
        origin: 'http://evil.example',
      });
      assert.equal(crossSite.status, 403);
    });
  });
});

describe('POST /api/vault/session', () => {
  it('creates a CARD vaulting session that notifies the shop and returns to /cards', async () => {
    await withFixture(async (fixture) => {
      const answer = await post(`${fixture.base}/api/vault/session`, {});
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json, {
        ok: true,
        vaultingSessionData: 'vtoken&&SG&&111&&eyJ9',
        vaultingSessionId: 'vs_1',
        vaultingSessionExpiryTime: '2030-01-01T00:00:00Z',
      });
      const [sent] = sentBodies(fixture, '/vaults/createVaultingSession');
      const origin = fixture.demo.origin;
      assert.deepEqual(sent, {
        paymentMethodType: 'CARD',
        vaultingRequestId: sent?.vaultingRequestId,
        vaultingNotificationUrl: `${origin}/api/antom/notify`,
        redirectUrl: `${origin}/cards`,
      });
      assert.match(String(sent?.vaultingRequestId), /^vault_[A-Za-z0-9_-]{16}$/);
    });
  });

  it('asks Antom for 3-D Secure when the page asks, and names a flag that is not a boolean', async () => {
    await withFixture(async (fixture) => {
      const answer = await post(`${fixture.base}/api/vault/session`, { is3DSAuthentication: true });
      assert.equal(answer.status, 200, answer.text);
      const [sent] = sentBodies(fixture, '/vaults/createVaultingSession');
      assert.equal(sent?.is3DSAuthentication, true);
      const off = await post(`${fixture.base}/api/vault/session`, { is3DSAuthentication: false });
      assert.equal(off.status, 200, off.text);
      assert.equal(sentBodies(fixture, '/vaults/createVaultingSession')[1]?.is3DSAuthentication, undefined);
      const bad = await post(`${fixture.base}/api/vault/session`, { is3DSAuthentication: 'yes' });
      assert.equal(bad.status, 400);
      assert.equal((bad.json as Failure).error.message, 'is3DSAuthentication must be true or false');
      assert.equal(sentBodies(fixture, '/vaults/createVaultingSession').length, 2);
    });
  });

  it("refuses a body with fields, and answers 502 with Antom's code when Antom refuses", async () => {
    const fixture = await startDemoFixture(() => ({
      body: { result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'bad' } },
    }));
    try {
      const extra = await post(`${fixture.base}/api/vault/session`, { amount: 1 });
      assert.equal(extra.status, 400);
      assert.match((extra.json as Failure).error.message, /^amount is not an accepted field/);
      assert.equal(fixture.antom.requests.length, 0);
      const refused = await post(`${fixture.base}/api/vault/session`, {});
      assert.equal(refused.status, 502);
      assert.equal((refused.json as Failure).error.code, 'PARAM_ILLEGAL');
    } finally {
      await fixture.close();
    }
  });
});

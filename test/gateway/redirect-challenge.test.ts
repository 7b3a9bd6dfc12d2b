/**
 * 3-D Secure on the server-to-server calls, over real HTTP without a browser: `payments/pay` and
 * `vaults/vaultPaymentMethod` with `is3DSAuthentication` answer `U` with the issuer's page
 * (`normalUrl`, and `redirectActionForm` for `pay`: J `AlipayPayResponse.java`,
 * `AlipayVaultingPaymentMethodResponse.java`, `RedirectActionForm.java`); the buyer follows it to
 * the simulated issuer on its own origin, answers, and is sent back to the merchant's redirect URL;
 * the result follows by notification and inquiry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODE, hiddenTransId, TEN_MINUTES, useChallengeHarness } from './challenge-harness.js';
import { CARDS, cardMetaData } from '../support/cards.js';
import { at, send, type Answer } from '../support/http.js';
import { settle, waitFor } from '../support/waits.js';
import { inquire, newRequestId, openApi, payRequest, resultCode, tokenizeCard, vaultApi } from './calls.js';

const CVC = '837';
const SECRETS = {
  pans: [CARDS.visa.approved, CARDS.visa.frictionless, CARDS.visa.challenge, CARDS.mastercard.approved],
  cvcs: [CVC],
};
const SHOP = 'https://shop.example';
const RETURN = `${SHOP}/checkout/result?order=ord_1`;

type Row = Record<string, unknown>;

describe('3-D Secure of payments/pay and vaultPaymentMethod by a full-page redirect', () => {
  const h = useChallengeHarness(SECRETS);
  const { gateway, issuer, keep, submitCode } = h;

  /** `payments/pay` with card data, notified to the receiver, returning to RETURN. */
  async function pay(cardNo: string, meta: Row = {}, overrides: Row = {}): Promise<{ answer: Answer; body: Row }> {
    const body = payRequest(cardNo, {
      paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: cardMetaData(cardNo, { cvv: CVC, ...meta }) },
      paymentRedirectUrl: RETURN,
      paymentNotifyUrl: h.receiver.url('/antom/payment'),
      ...overrides,
    });
    return { answer: keep(await openApi(gateway(), 'pay', body)), body };
  }

  /** Opens the issuer's page at the redirect URL, as the buyer's browser does. */
  async function openRedirect(url: string): Promise<{ page: Answer; acsTransID: string }> {
    assert.ok(url.startsWith(`${issuer()}/acs/challenge?creq=`), url);
    const page = keep(await send(url));
    assert.equal(page.status, 200, page.text);
    return { page, acsTransID: hiddenTransId(page) };
  }

  const notices = (type: string, paymentId: string): Row[] =>
    h.receiver.bodies().filter((body) => body['notifyType'] === type && body['paymentId'] === paymentId);

  it('pay: U with normalUrl and redirectActionForm; the issuer sends the buyer back; authorized, notified, inquired', async () => {
    const { answer, body } = await pay(CARDS.visa.approved, { is3DSAuthentication: true });
    assert.deepEqual(answer.json['result'], {
      resultCode: 'PAYMENT_IN_PROCESS',
      resultStatus: 'U',
      resultMessage: 'The payment is being processed.',
    });
    const paymentId = String(answer.json['paymentId']);
    assert.equal(answer.json['paymentRequestId'], body['paymentRequestId']);
    assert.equal(typeof answer.json['paymentCreateTime'], 'string');
    const normalUrl = String(answer.json['normalUrl']);
    assert.deepEqual(answer.json['redirectActionForm'], {
      method: 'GET',
      redirectUrl: normalUrl,
      actionFormType: 'RedirectActionForm',
    });

    const pending = keep(await inquire(gateway(), { paymentId }));
    assert.equal(pending.json['paymentStatus'], 'PROCESSING');
    assert.equal(
      at(pending.json, 'redirectActionForm.redirectUrl'),
      normalUrl,
      'inquiry tells where the buyer is expected',
    );
    await settle(100);
    assert.deepEqual(notices('PAYMENT_RESULT', paymentId), [], 'nothing is notified while the buyer is at the issuer');

    const { page, acsTransID } = await openRedirect(normalUrl);
    assert.match(page.text, /Test Shop asks you to confirm a payment of \$10\.00\./);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, new RegExp(`form-action 'self' ${gateway()} ${SHOP}(;|$)`), csp);
    const back = await submitCode(acsTransID, CODE);
    assert.equal(back.status, 303, back.text);
    assert.equal(back.headers['location'], RETURN, "the buyer returns to the merchant's paymentRedirectUrl");

    // The ACS told the gateway before sending the buyer back: the payment is authorized already.
    const done = keep(await inquire(gateway(), { paymentId }));
    assert.equal(done.json['paymentStatus'], 'SUCCESS');
    assert.equal(done.json['redirectActionForm'], undefined);
    assert.equal(at(done.json, 'paymentResultInfo.threeDSResult.challenged'), 'true');
    await waitFor(() => notices('PAYMENT_RESULT', paymentId).length === 1, { timeout: 3000 });
    assert.equal(at(notices('PAYMENT_RESULT', paymentId)[0], 'result.resultCode'), 'SUCCESS');

    const replay = keep(await openApi(gateway(), 'pay', body));
    assert.equal(resultCode(replay), 'SUCCESS', 'a repeated request reads where the payment stands');
    assert.equal(replay.json['paymentId'], paymentId);
    assert.equal(replay.json['normalUrl'], undefined);
  });

  it('pay: a buyer who cancels at the issuer returns to the shop; the payment fails, notified', async () => {
    const { answer } = await pay(CARDS.mastercard.approved, { is3DSAuthentication: 'true' });
    const paymentId = String(answer.json['paymentId']);
    const { acsTransID } = await openRedirect(String(answer.json['normalUrl']));
    const back = await submitCode(acsTransID, '', 'cancel');
    assert.equal(back.status, 303);
    assert.equal(back.headers['location'], RETURN);
    const failed = keep(await inquire(gateway(), { paymentId }));
    assert.equal(failed.json['paymentStatus'], 'FAIL');
    assert.equal(failed.json['paymentResultCode'], 'USER_PAYMENT_VERIFICATION_FAILED');
    await waitFor(() => notices('PAYMENT_RESULT', paymentId).length === 1, { timeout: 3000 });
    assert.equal(at(notices('PAYMENT_RESULT', paymentId)[0], 'result.resultStatus'), 'F');
  });

  it('pay: three wrong codes refuse the buyer, who still returns to the shop', async () => {
    const { answer } = await pay(CARDS.visa.approved, { is3DSAuthentication: true });
    const { acsTransID } = await openRedirect(String(answer.json['normalUrl']));
    for (const attempt of [1, 2]) {
      const again = await submitCode(acsTransID, '000000');
      assert.equal(again.status, 200, `wrong code ${attempt} shows the page again`);
    }
    const refused = await submitCode(acsTransID, '000000');
    assert.equal(refused.status, 303);
    assert.equal(refused.headers['location'], RETURN);
    const inquiry = keep(await inquire(gateway(), { paymentId: String(answer.json['paymentId']) }));
    assert.equal(inquiry.json['paymentResultCode'], 'USER_PAYMENT_VERIFICATION_FAILED');
  });

  it('pay: the frictionless card needs no redirect; the challenge card is refused unless the merchant allows the upgrade', async () => {
    const frictionless = (await pay(CARDS.visa.frictionless, { is3DSAuthentication: true })).answer;
    assert.equal(resultCode(frictionless), 'SUCCESS');
    assert.equal(frictionless.json['normalUrl'], undefined);

    const refused = (await pay(CARDS.visa.challenge)).answer;
    assert.equal(resultCode(refused), 'AUTHENTICATION_REQUIRED');
    assert.equal(refused.json['normalUrl'], undefined);

    const upgraded = (await pay(CARDS.visa.challenge, { enableAuthenticationUpgrade: 'true' })).answer;
    assert.equal(resultCode(upgraded), 'PAYMENT_IN_PROCESS');
    const { acsTransID } = await openRedirect(String(upgraded.json['normalUrl']));
    assert.equal((await submitCode(acsTransID, CODE)).status, 303);
    const inquiry = keep(await inquire(gateway(), { paymentId: String(upgraded.json['paymentId']) }));
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
  });

  it('pay: a saved card (token) with is3DSAuthentication is challenged by a redirect too', async () => {
    const token = await tokenizeCard(gateway(), CARDS.visa.approved, { cvv: CVC });
    const answer = keep(
      await openApi(
        gateway(),
        'pay',
        payRequest(CARDS.visa.approved, {
          paymentMethod: {
            paymentMethodType: 'CARD',
            paymentMethodId: token,
            paymentMethodMetaData: { is3DSAuthentication: true },
          },
          paymentRedirectUrl: RETURN,
        }),
      ),
    );
    assert.equal(resultCode(answer), 'PAYMENT_IN_PROCESS', answer.text);
    assert.match(String(answer.json['normalUrl']), /\/acs\/challenge\?creq=/);
  });

  it('pay: the same paymentRequestId with another 3-D Secure choice is inconsistent', async () => {
    const { body } = await pay(CARDS.visa.approved, { is3DSAuthentication: true });
    const other = payRequest(CARDS.visa.approved, {
      paymentRequestId: body['paymentRequestId'],
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: cardMetaData(CARDS.visa.approved, { cvv: CVC }),
      },
      paymentRedirectUrl: RETURN,
      paymentNotifyUrl: h.receiver.url('/antom/payment'),
    });
    const answer = keep(await openApi(gateway(), 'pay', other));
    assert.equal(resultCode(answer), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(
      at(answer.json, 'result.resultMessage'),
      'paymentMethod.paymentMethodMetaData.is3DSAuthentication differs from the first request with this paymentRequestId',
    );
  });

  it('pay: a redirect left for 10 minutes expires; the payment fails, notified; the page offers the way back', async () => {
    const { answer } = await pay(CARDS.visa.approved, { is3DSAuthentication: true });
    const paymentId = String(answer.json['paymentId']);
    h.t.clock.advance(TEN_MINUTES);
    await waitFor(() => notices('PAYMENT_RESULT', paymentId).length === 1, { timeout: 3000 });
    assert.match(String(at(notices('PAYMENT_RESULT', paymentId)[0], 'result.resultMessage')), /expired/);
    const late = keep(await send(String(answer.json['normalUrl'])));
    assert.equal(late.status, 410);
    assert.match(late.text, new RegExp(`<a href="${RETURN.replace(/[.?]/g, '\\$&')}">Return to the shop</a>`));
  });

  it('vaultPaymentMethod: U with normalUrl; the buyer passes the issuer and returns; the card is bound and notified', async () => {
    const vaultingRequestId = newRequestId('v3ds');
    const body = {
      vaultingRequestId,
      vaultingNotificationUrl: h.receiver.url('/antom/vaulting'),
      redirectUrl: `${SHOP}/cards`,
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: { cardNo: CARDS.visa.approved, expiryMonth: '12', expiryYear: '34', cvv: CVC, is3DSAuthentication: true },
      },
    };
    const answer = keep(await vaultApi(gateway(), 'vaultPaymentMethod', body));
    assert.deepEqual(Object.keys(answer.json).sort(), ['normalUrl', 'result', 'vaultingRequestId']);
    assert.deepEqual(answer.json['result'], {
      resultCode: 'VERIFICATION_IN_PROCESS',
      resultStatus: 'U',
      resultMessage: 'The verification is in process.',
    });
    const normalUrl = String(answer.json['normalUrl']);
    const pending = keep(await vaultApi(gateway(), 'inquireVaulting', { vaultingRequestId }));
    assert.equal(pending.json['vaultingStatus'], 'PROCESSING');
    assert.equal(pending.json['normalUrl'], normalUrl);
    const replay = keep(await vaultApi(gateway(), 'vaultPaymentMethod', body));
    assert.equal(replay.json['normalUrl'], normalUrl, 'a repeated request is sent to the same page');

    const { page, acsTransID } = await openRedirect(normalUrl);
    assert.match(page.text, /Test Shop wants to save your card\. No money will be taken\./);
    const back = await submitCode(acsTransID, CODE);
    assert.equal(back.status, 303);
    assert.equal(back.headers['location'], `${SHOP}/cards`);

    const bound = keep(await vaultApi(gateway(), 'inquireVaulting', { vaultingRequestId }));
    assert.equal(bound.json['vaultingStatus'], 'SUCCESS');
    assert.equal(bound.json['normalUrl'], undefined);
    assert.match(String(at(bound.json, 'paymentMethodDetail.card.cardToken')), /^ALIPAY/);
    await waitFor(() => h.receiver.bodies().some((notice) => notice['vaultingRequestId'] === vaultingRequestId), {
      timeout: 3000,
    });
    const [notice] = h.receiver.bodies().filter((entry) => entry['vaultingRequestId'] === vaultingRequestId);
    assert.equal(notice?.['vaultingStatus'], 'SUCCESS');
    const after = keep(await vaultApi(gateway(), 'vaultPaymentMethod', body));
    assert.equal(resultCode(after), 'SUCCESS');
    assert.equal(
      at(after.json, 'paymentMethodDetail.card.cardToken'),
      at(bound.json, 'paymentMethodDetail.card.cardToken'),
    );
  });

  it('vaultPaymentMethod: a buyer who cancels at the issuer binds nothing; notifyVaulting FAIL', async () => {
    const vaultingRequestId = newRequestId('v3ds');
    const answer = keep(
      await vaultApi(gateway(), 'vaultPaymentMethod', {
        vaultingRequestId,
        vaultingNotificationUrl: h.receiver.url('/antom/vaulting'),
        redirectUrl: `${SHOP}/cards`,
        paymentMethodDetail: {
          paymentMethodType: 'CARD',
          card: { cardNo: CARDS.visa.approved, expiryMonth: '12', expiryYear: '34', is3DSAuthentication: 'true' },
        },
      }),
    );
    const { acsTransID } = await openRedirect(String(answer.json['normalUrl']));
    assert.equal((await submitCode(acsTransID, '', 'cancel')).headers['location'], `${SHOP}/cards`);
    const failed = keep(await vaultApi(gateway(), 'inquireVaulting', { vaultingRequestId }));
    assert.equal(failed.json['vaultingStatus'], 'FAIL');
    assert.equal(failed.json['vaultingResultCode'], 'USER_PAYMENT_VERIFICATION_FAILED');
    await waitFor(() => h.receiver.bodies().some((notice) => notice['vaultingRequestId'] === vaultingRequestId), {
      timeout: 3000,
    });
  });
});

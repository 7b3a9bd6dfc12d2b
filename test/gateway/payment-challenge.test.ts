/**
 * The 3-D Secure challenge of a payment session over real HTTP, without a browser: the frame's
 * `/sdk/v1/payments` gets `PAYMENT_IN_PROCESS` with a payment id and a challenge id, the container
 * starts the challenge, the issuer's ACS (its own origin) asks for the code and sends the buyer
 * back, and `complete` authorizes (or fails) the payment from what the ACS recorded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODE, TEN_MINUTES, useChallengeHarness } from './challenge-harness.js';
import { CARDS, card, cardMetaData, type TestCardData } from '../support/cards.js';
import { at, send, type Answer } from '../support/http.js';
import { settle, waitFor } from '../support/waits.js';
import {
  createSession,
  inquire,
  newKey,
  newRequestId,
  newSessionData,
  openApi,
  payRequest,
  resultCode,
  sdkPost,
  tokenizeCard,
  vaultApi,
} from './calls.js';

const CVC = '837';
const SECRETS = {
  pans: [
    CARDS.visa.approved,
    CARDS.mastercard.approved,
    CARDS.visa.declined,
    CARDS.visa.frictionless,
    CARDS.visa.challenge,
    CARDS.visa.pending,
  ],
  cvcs: [CVC],
};
const META = 'availablePaymentMethod.paymentMethodMetaData.is3DSAuthentication';

type Row = Record<string, unknown>;

const cardOf = (number: string, overrides: Partial<TestCardData> = {}): TestCardData =>
  card(number, { cvc: CVC, ...overrides });

const threeDSSession = (threeDS: boolean | undefined): Record<string, unknown> =>
  threeDS === undefined ? {} : { availablePaymentMethod: { paymentMethodMetaData: { is3DSAuthentication: threeDS } } };

const transStatusOf = (answer: Answer): unknown => {
  const cres = new URL(String(answer.headers['location'])).searchParams.get('cres') ?? '';
  return (JSON.parse(Buffer.from(cres, 'base64url').toString('utf8')) as Row)['transStatus'];
};

const kinds = (inquiry: Answer): string[] =>
  ((inquiry.json['transactions'] ?? []) as Row[]).map((row) => `${row['transactionType']}:${row['transactionStatus']}`);

describe('3-D Secure challenge of a payment session', () => {
  const h = useChallengeHarness(SECRETS);
  const { gateway, keep, start, complete, openIssuerPage, submitCode } = h;

  /** `createPaymentSession` with `is3DSAuthentication: true` unless told otherwise, notified to the h.receiver. */
  async function paymentSession(
    options: { threeDS?: boolean; session?: Record<string, unknown> } = {},
  ): Promise<{ data: string; id: string; requestId: string }> {
    return newSessionData(gateway(), {
      paymentNotifyUrl: h.receiver.url('/antom/payment'),
      ...threeDSSession('threeDS' in options ? options.threeDS : true),
      ...options.session,
    });
  }

  const payWith = async (data: string, body: Row, key = newKey()): Promise<Answer> =>
    keep(await sdkPost(gateway(), '/sdk/v1/payments', { paymentSessionData: data, ...body }, key));
  const payCard = (data: string, cardData = cardOf(CARDS.visa.approved), key = newKey()): Promise<Answer> =>
    payWith(data, { card: cardData }, key);
  const inquiry = async (requestId: string): Promise<Answer> =>
    keep(await inquire(gateway(), { paymentRequestId: requestId }));

  /** Pays in a 3DS session and returns the payment's and the challenge's ids. */
  async function challenged(
    data: string,
    cardData = cardOf(CARDS.visa.approved),
    key = newKey(),
  ): Promise<{ paymentId: string; challengeId: string }> {
    const answer = await payCard(data, cardData, key);
    assert.equal(resultCode(answer), 'PAYMENT_IN_PROCESS', answer.text);
    const challengeId = String(at(answer.json, 'challenge.id'));
    assert.match(challengeId, /^[A-Za-z0-9_-]{8,128}$/);
    return { paymentId: String(answer.json['paymentId']), challengeId };
  }

  /** Answers the issuer's page with the right code (Y) and follows the buyer back to the notify page. */
  async function passChallenge(challengeId: string): Promise<void> {
    const { acsTransID } = await openIssuerPage(challengeId);
    const verified = await submitCode(acsTransID, CODE);
    assert.equal(verified.status, 303, verified.text);
    assert.equal(transStatusOf(verified), 'Y');
    assert.equal(keep(await send(String(verified.headers['location']))).status, 200);
  }

  const paymentNotices = (): Row[] => h.receiver.bodies().filter((body) => body['notifyType'] === 'PAYMENT_RESULT');

  it('authorizes only after the issuer verified the buyer: /payments U -> start -> ACS -> notify -> complete S', async () => {
    const { data, requestId } = await paymentSession();
    const answer = await payCard(data);
    assert.deepEqual(Object.keys(answer.json).sort(), ['card', 'challenge', 'paymentId', 'paymentStatus', 'result']);
    assert.deepEqual(answer.json['result'], {
      resultCode: 'PAYMENT_IN_PROCESS',
      resultStatus: 'U',
      resultMessage: 'The payment is being processed.',
    });
    assert.equal(answer.json['paymentStatus'], 'PROCESSING');
    assert.deepEqual(answer.json['card'], { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '34' });
    const paymentId = String(answer.json['paymentId']);
    const challengeId = String(at(answer.json, 'challenge.id'));

    const pending = await inquiry(requestId);
    assert.equal(pending.json['paymentStatus'], 'PROCESSING');
    assert.equal(pending.json['paymentResultCode'], 'PAYMENT_IN_PROCESS');
    assert.equal(pending.json['paymentId'], paymentId);
    assert.deepEqual(kinds(pending), [], 'nothing was sent to an acquirer yet');
    assert.equal(pending.json['acquirerInfo'], undefined);

    const { page, acsTransID } = await openIssuerPage(challengeId);
    assert.match(page.text, /<p>Test Shop asks you to confirm a payment of \$10\.00\.<\/p>/);
    assert.doesNotMatch(page.text, /No money will be taken/);
    assert.match(
      page.text,
      /Visa <span aria-hidden="true">••••<\/span><span class="visually-hidden">ending<\/span> 0768/,
    );
    assert.doesNotMatch(page.text, /<script/i);

    const early = await complete(challengeId);
    assert.deepEqual(early.json, {
      result: {
        resultCode: 'VERIFICATION_IN_PROCESS',
        resultStatus: 'U',
        resultMessage: 'The buyer has not finished the verification yet.',
      },
      paymentId,
      paymentStatus: 'PROCESSING',
    });

    const verified = await submitCode(acsTransID, CODE);
    assert.equal(verified.status, 303);
    assert.equal(transStatusOf(verified), 'Y');
    assert.match(keep(await send(String(verified.headers['location']))).text, /Returning to Test Shop…/);
    assert.equal(h.receiver.receipts.length, 0, 'no notifyPayment before complete');
    assert.equal(h.t.gateway.engine.payment(paymentId)?.state, 'PROCESSING', 'the ACS answer alone authorizes nothing');

    const completed = await complete(challengeId);
    assert.deepEqual(completed.json, {
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' },
      paymentId,
      paymentStatus: 'SUCCESS',
      card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '34' },
    });
    assert.deepEqual((await complete(challengeId)).json, completed.json, 'complete is idempotent');

    const paid = await inquiry(requestId);
    assert.equal(paid.json['paymentStatus'], 'SUCCESS');
    assert.deepEqual(kinds(paid), ['AUTHORIZATION:SUCCESS', 'CAPTURE:SUCCESS']);
    assert.match(String(at(paid.json, 'acquirerInfo.acquirerName')), /^SANDBOX_ACQ_/);
    const threeDS = at(paid.json, 'paymentResultInfo.threeDSResult') as Row;
    assert.equal(threeDS['threeDSVersion'], '2.2.0');
    assert.equal(threeDS['eci'], '05');
    assert.equal(threeDS['challenged'], 'true');
    assert.equal(threeDS['challengeCancel'], 'false');
    assert.match(String(threeDS['cavv']), /^[A-Za-z0-9+/]{27}=$/);

    await waitFor(() => h.receiver.receipts.length === 2, {
      timeout: 3000,
      message: 'notifyPayment and notifyCapture',
    });
    const [notice] = paymentNotices();
    assert.equal(at(notice, 'result.resultCode'), 'SUCCESS');
    assert.equal(notice?.['paymentId'], paymentId);
    assert.equal(at(notice, 'paymentResultInfo.threeDSResult.challenged'), 'true');
    await settle(50);
    assert.equal(paymentNotices().length, 1, 'exactly one notifyPayment');
    assert.equal(resultCode(await payCard(data)), 'ORDER_IS_CLOSED', 'a paid session takes no more cards');
    h.note(JSON.stringify(h.t.gateway.engine.challenges.get(challengeId)));
  });

  it('MANUAL capture stays AUTHORIZED after the challenge; a Mastercard gets ECI 02', async () => {
    const { data, requestId } = await paymentSession({
      session: { paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' } },
    });
    const { paymentId, challengeId } = await challenged(data, cardOf(CARDS.mastercard.approved));
    await passChallenge(challengeId);
    const completed = await complete(challengeId);
    assert.equal(resultCode(completed), 'SUCCESS');
    assert.equal(at(completed.json, 'card.brand'), 'MASTERCARD');
    assert.equal(h.t.gateway.engine.payment(paymentId)?.state, 'AUTHORIZED');
    const paid = await inquiry(requestId);
    assert.deepEqual(kinds(paid), ['AUTHORIZATION:SUCCESS']);
    assert.ok(paid.json['authExpiryTime'], 'an uncaptured authorization names its expiry');
    assert.equal(at(paid.json, 'paymentResultInfo.threeDSResult.eci'), '02');
  });

  it('the challenge card is challenged without is3DSAuthentication; other cards then pay at once', async () => {
    const { data, id, requestId } = await paymentSession({ threeDS: undefined });
    assert.equal(h.t.gateway.engine.session(id)?.threeDS, false);
    const { challengeId } = await challenged(data, cardOf(CARDS.visa.challenge));
    const { page } = await openIssuerPage(challengeId);
    assert.match(page.text, / 0307<\/dd>/);
    await passChallenge(challengeId);
    const completed = await complete(challengeId);
    assert.equal(resultCode(completed), 'SUCCESS', completed.text);
    assert.equal(at((await inquiry(requestId)).json, 'paymentResultInfo.threeDSResult.challenged'), 'true');

    const plain = await paymentSession({ threeDS: false });
    const direct = await payCard(plain.data);
    assert.equal(resultCode(direct), 'SUCCESS', 'without the flag an ordinary card is not challenged');
    assert.equal(direct.json['challenge'], undefined);
  });

  it('the frictionless card pays at once in a 3DS session; checks that fail before the acquirer fail at once', async () => {
    const { data, requestId } = await paymentSession();
    const frictionless = await payCard(data, cardOf(CARDS.visa.frictionless));
    assert.equal(resultCode(frictionless), 'SUCCESS');
    assert.equal(frictionless.json['challenge'], undefined);
    assert.equal(at((await inquiry(requestId)).json, 'paymentResultInfo.threeDSResult.challenged'), 'false');

    const cases: Array<[string, Record<string, unknown>, TestCardData]> = [
      // RISK_REJECT reaches the browser as the generic decline (the merchant's inquiry names it).
      ['DO_NOT_HONOR', { paymentAmount: { currency: 'USD', value: '11' } }, cardOf(CARDS.visa.approved)],
      ['INVALID_CVV', {}, cardOf(CARDS.visa.approved, { cvc: '83' })],
      ['CARD_EXPIRED', {}, cardOf(CARDS.visa.approved, { expiryYear: '29' })],
      ['INVALID_CARD_NUMBER', {}, cardOf('4054695723100769')],
    ];
    for (const [code, session, cardData] of cases) {
      const { data: other } = await paymentSession({ session });
      const answer = await payCard(other, cardData);
      assert.equal(resultCode(answer), code);
      assert.equal(answer.json['paymentStatus'], 'FAIL');
      assert.equal(answer.json['challenge'], undefined, code);
    }
  });

  it('three wrong codes refuse the buyer: complete F with the paymentId, notifyPayment F; a retry pays', async () => {
    const { data, requestId } = await paymentSession();
    const { paymentId, challengeId } = await challenged(data);
    const { acsTransID } = await openIssuerPage(challengeId);
    assert.match((await submitCode(acsTransID, '000000')).text, /You have 2 attempts left\./);
    assert.match((await submitCode(acsTransID, '111111')).text, /You have 1 attempt left\./);
    const third = await submitCode(acsTransID, '222222');
    assert.equal(third.status, 303);
    assert.equal(transStatusOf(third), 'N');

    const completed = await complete(challengeId);
    assert.equal(completed.json['challengeCancelled'], undefined, 'refused, not cancelled');
    assert.deepEqual(completed.json, {
      result: {
        resultCode: 'USER_PAYMENT_VERIFICATION_FAILED',
        resultStatus: 'F',
        resultMessage: 'The issuing bank could not verify the buyer.',
      },
      paymentId,
      paymentStatus: 'FAIL',
      card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '34' },
    });
    assert.deepEqual((await complete(challengeId)).json, completed.json);
    const failed = await inquiry(requestId);
    assert.equal(failed.json['paymentStatus'], 'FAIL');
    assert.equal(failed.json['paymentResultCode'], 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.deepEqual(kinds(failed), ['AUTHORIZATION:FAIL']);
    assert.equal(failed.json['acquirerInfo'], undefined, 'no acquirer was asked');
    assert.deepEqual(at(failed.json, 'paymentResultInfo.threeDSResult'), {
      threeDSVersion: '2.2.0',
      eci: '07',
      challenged: 'true',
      challengeCancel: 'false',
    });
    await waitFor(() => paymentNotices().length === 1, { timeout: 3000, message: 'notifyPayment F' });
    assert.equal(at(paymentNotices()[0], 'result.resultCode'), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(paymentNotices()[0]?.['paymentStatus'] ?? 'FAIL', 'FAIL');

    const retry = await challenged(data);
    assert.equal(retry.paymentId, paymentId, 'a retry goes on with the same payment');
    assert.notEqual(retry.challengeId, challengeId);
    await passChallenge(retry.challengeId);
    assert.equal(resultCode(await complete(retry.challengeId)), 'SUCCESS');
    assert.deepEqual(kinds(await inquiry(requestId)), [
      'AUTHORIZATION:FAIL',
      'AUTHORIZATION:SUCCESS',
      'CAPTURE:SUCCESS',
    ]);
  });

  it('Cancel on the issuer page fails the payment with USER_PAYMENT_VERIFICATION_FAILED and notifies', async () => {
    const { data, requestId } = await paymentSession();
    const { paymentId, challengeId } = await challenged(data);
    const { acsTransID } = await openIssuerPage(challengeId);
    const cancelled = await submitCode(acsTransID, '', 'cancel');
    assert.equal(cancelled.status, 303);
    assert.equal(transStatusOf(cancelled), 'N');
    const completed = await complete(challengeId);
    assert.equal(resultCode(completed), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(
      at(completed.json, 'result.resultMessage'),
      'The buyer cancelled the verification with the issuing bank.',
    );
    assert.equal(completed.json['challengeCancelled'], true, '(ours) the container tells the element: cancelled');
    assert.equal(completed.json['paymentId'], paymentId);
    const failed = await inquiry(requestId);
    assert.equal(at(failed.json, 'paymentStatus'), 'FAIL');
    // The merchant learns a challenge was shown and abandoned; not authenticated, so no CAVV.
    assert.deepEqual(at(failed.json, 'paymentResultInfo.threeDSResult'), {
      threeDSVersion: '2.2.0',
      eci: '07',
      challenged: 'true',
      challengeCancel: 'true',
    });
    await waitFor(() => paymentNotices().length === 1, { timeout: 3000, message: 'notifyPayment F' });
    assert.equal(at(paymentNotices()[0], 'paymentResultInfo.threeDSResult.challengeCancel'), 'true');
    assert.equal(
      at(paymentNotices()[0], 'result.resultMessage'),
      'The buyer cancelled the verification with the issuing bank.',
    );
  });

  it('(ours) leaving from the checkout ends the check as the bank page’s Cancel does, once; a verdict first stands', async () => {
    const { data, requestId } = await paymentSession();
    const { paymentId, challengeId } = await challenged(data);
    await openIssuerPage(challengeId);
    const leave = (id: string): Promise<Answer> =>
      sdkPost(gateway(), '/sdk/v1/challenges/cancel', { challengeId: id }).then(keep);
    const left = await leave(challengeId);
    assert.equal(resultCode(left), 'USER_PAYMENT_VERIFICATION_FAILED', left.text);
    assert.equal(left.json['challengeCancelled'], true);
    assert.equal(left.json['paymentId'], paymentId);
    assert.equal(at((await inquiry(requestId)).json, 'paymentResultInfo.threeDSResult.challengeCancel'), 'true');
    // Asked again, or completed, the answer stays the same; the merchant is notified once.
    assert.deepEqual((await leave(challengeId)).json, left.json);
    assert.deepEqual((await complete(challengeId)).json, left.json);
    await waitFor(() => paymentNotices().length === 1, { timeout: 3000, message: 'notifyPayment F' });
    await settle();
    assert.equal(paymentNotices().length, 1);

    // The buyer passed the bank's check just before leaving: the payment is authorized, not cancelled.
    const other = await paymentSession();
    const second = await challenged(other.data);
    await passChallenge(second.challengeId);
    const late = await leave(second.challengeId);
    assert.equal(at(late.json, 'result.resultStatus'), 'S', late.text);
    assert.equal(late.json['challengeCancelled'], undefined);
    assert.equal(at((await inquiry(other.requestId)).json, 'paymentStatus'), 'SUCCESS');
  });

  it('expires an abandoned challenge after 10 minutes: payment FAIL, notifyPayment, pages closed', async () => {
    const { data, requestId } = await paymentSession();
    const { paymentId, challengeId } = await challenged(data);
    const { acsTransID } = await openIssuerPage(challengeId);

    h.t.clock.advance(TEN_MINUTES - 1000);
    assert.equal(resultCode(await complete(challengeId)), 'VERIFICATION_IN_PROCESS', 'still open at 9:59');
    assert.equal(at((await inquiry(requestId)).json, 'paymentStatus'), 'PROCESSING');

    h.t.clock.advance(1000);
    await waitFor(() => paymentNotices().length === 1, { timeout: 3000, message: 'notifyPayment on expiry' });
    assert.equal(at(paymentNotices()[0], 'result.resultCode'), 'USER_PAYMENT_VERIFICATION_FAILED');
    const failed = await inquiry(requestId);
    assert.equal(failed.json['paymentStatus'], 'FAIL');
    assert.match(String(failed.json['paymentResultMessage']), /expired/);

    const completed = await complete(challengeId);
    assert.equal(resultCode(completed), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.match(String(at(completed.json, 'result.resultMessage')), /expired/);
    assert.equal(completed.json['paymentId'], paymentId);
    assert.equal(resultCode(await start(challengeId)), 'USER_PAYMENT_VERIFICATION_FAILED');
    const late = await submitCode(acsTransID, CODE);
    assert.equal(late.status, 410);
    assert.equal(h.t.gateway.engine.payment(paymentId)?.state, 'FAILED', 'a late right code authorizes nothing');
    await settle(50);
    assert.equal(paymentNotices().length, 1, 'one notification for the expiry');
  });

  it('a new attempt supersedes a pending challenge, even one the buyer answered: the old never authorizes', async () => {
    const { data, requestId } = await paymentSession();
    const old = await challenged(data);
    const oldPage = await openIssuerPage(old.challengeId);
    // The buyer passes the old challenge, but a new attempt comes before the container completes it.
    assert.equal((await submitCode(oldPage.acsTransID, CODE)).status, 303);
    const fresh = await challenged(data, cardOf(CARDS.mastercard.approved));
    assert.equal(fresh.paymentId, old.paymentId, 'one payment per session');
    assert.notEqual(fresh.challengeId, old.challengeId);

    const oldComplete = await complete(old.challengeId);
    assert.deepEqual(oldComplete.json['result'], {
      resultCode: 'USER_PAYMENT_VERIFICATION_FAILED',
      resultStatus: 'F',
      resultMessage: 'A newer attempt replaced this verification.',
    });
    assert.equal(oldComplete.json['paymentId'], old.paymentId);
    assert.equal(oldComplete.json['paymentStatus'], 'FAIL');
    assert.equal(resultCode(await start(old.challengeId)), 'USER_PAYMENT_VERIFICATION_FAILED');
    assert.equal(h.t.gateway.engine.payment(old.paymentId)?.state, 'PROCESSING', 'waiting for the new challenge');

    await passChallenge(fresh.challengeId);
    const completed = await complete(fresh.challengeId);
    assert.equal(resultCode(completed), 'SUCCESS');
    assert.equal(at(completed.json, 'card.brand'), 'MASTERCARD');
    assert.deepEqual((await complete(old.challengeId)).json, oldComplete.json, 'the old answer stays');

    const paid = await inquiry(requestId);
    assert.equal(paid.json['paymentStatus'], 'SUCCESS');
    assert.deepEqual(kinds(paid), ['AUTHORIZATION:FAIL', 'AUTHORIZATION:SUCCESS', 'CAPTURE:SUCCESS']);
    const [superseded] = (paid.json['transactions'] ?? []) as Row[];
    assert.equal(at(superseded, 'transactionResult.resultMessage'), 'A newer attempt replaced this verification.');
    assert.equal(at(paid.json, 'paymentResultInfo.lastFour'), '4622');
    await waitFor(() => paymentNotices().length === 1, { timeout: 3000, message: 'notifyPayment' });
    await settle(50);
    assert.deepEqual(
      paymentNotices().map((body) => at(body, 'result.resultCode')),
      ['SUCCESS'],
      'the superseded attempt sends nothing',
    );
  });

  it('a session never gets two authorizations when complete and a new attempt race', async () => {
    for (let round = 0; round < 6; round++) {
      const { data } = await paymentSession();
      const old = await challenged(data);
      await passChallenge(old.challengeId);
      const finish = (): Promise<Answer> => complete(old.challengeId);
      const retry = (): Promise<Answer> => payCard(data, cardOf(CARDS.mastercard.approved));
      let completed: Answer;
      let attempt: Answer;
      if (round % 2 === 0) [completed, attempt] = await Promise.all([finish(), retry()]);
      else [attempt, completed] = await Promise.all([retry(), finish()]);
      const payment = h.t.gateway.engine.payment(old.paymentId)!;
      const authorizations = payment.transactions.filter(
        (row) => row.type === 'AUTHORIZATION' && row.status === 'SUCCESS',
      );
      assert.ok(authorizations.length <= 1, `round ${round}: ${authorizations.length} authorizations`);
      if (resultCode(completed) === 'SUCCESS') {
        assert.equal(resultCode(attempt), 'ORDER_IS_CLOSED', `round ${round}`);
        assert.equal(authorizations.length, 1);
      } else {
        assert.equal(resultCode(completed), 'USER_PAYMENT_VERIFICATION_FAILED', `round ${round}`);
        assert.equal(resultCode(attempt), 'PAYMENT_IN_PROCESS', `round ${round}: the new attempt is challenged`);
        assert.equal(authorizations.length, 0);
      }
    }
  });

  it('answers the same Idempotency-Key with the same challenge and refuses other card data under it', async () => {
    const { data } = await paymentSession();
    const key = newKey();
    const first = await payCard(data, cardOf(CARDS.visa.approved), key);
    const second = await payCard(data, cardOf(CARDS.visa.approved), key);
    assert.deepEqual(second.json, first.json);
    const challengeId = String(at(first.json, 'challenge.id'));
    assert.equal(resultCode(await start(challengeId)), 'SUCCESS', 'the replay did not supersede the challenge');
    const other = await payCard(data, cardOf(CARDS.visa.approved, { expiryMonth: '11' }), key);
    assert.equal(resultCode(other), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(resultCode(await start(challengeId)), 'SUCCESS', 'a refused replay supersedes nothing');
    await passChallenge(challengeId);
    assert.equal(resultCode(await complete(challengeId)), 'SUCCESS');
    assert.deepEqual(
      (await payCard(data, cardOf(CARDS.visa.approved), key)).json,
      first.json,
      'a replay keeps its answer',
    );
  });

  it('a declined card passes the challenge, then the acquirer declines it: F with the decline code', async () => {
    const { data, requestId } = await paymentSession();
    const { paymentId, challengeId } = await challenged(data, cardOf(CARDS.visa.declined));
    await passChallenge(challengeId);
    const completed = await complete(challengeId);
    assert.deepEqual(completed.json, {
      result: {
        resultCode: 'DO_NOT_HONOR',
        resultStatus: 'F',
        resultMessage: 'The payment is declined by the issuing bank.',
      },
      paymentId,
      paymentStatus: 'FAIL',
      card: { brand: 'VISA', last4: '4822', expiryMonth: '12', expiryYear: '34' },
    });
    const declined = await inquiry(requestId);
    assert.equal(declined.json['paymentStatus'], 'FAIL');
    assert.deepEqual(kinds(declined), ['AUTHORIZATION:FAIL']);
    assert.equal(at(declined.json, 'acquirerInfo.acquirerResultCode'), '05');
    assert.equal(at(declined.json, 'paymentResultInfo.threeDSResult.challenged'), 'true');
    await waitFor(() => paymentNotices().length === 1, { timeout: 3000, message: 'notifyPayment F' });
    assert.equal(at(paymentNotices()[0], 'result.resultCode'), 'DO_NOT_HONOR');
  });

  it('the in-process card passes the challenge and stays in process: complete U PAYMENT_IN_PROCESS', async () => {
    const { data, requestId } = await paymentSession();
    const { paymentId, challengeId } = await challenged(data, cardOf(CARDS.visa.pending));
    await passChallenge(challengeId);
    const completed = await complete(challengeId);
    assert.equal(resultCode(completed), 'PAYMENT_IN_PROCESS');
    assert.equal(at(completed.json, 'result.resultStatus'), 'U');
    assert.equal(completed.json['paymentId'], paymentId);
    assert.equal(completed.json['paymentStatus'], 'PROCESSING');
    assert.equal(completed.json['challenge'], undefined);
    assert.deepEqual(kinds(await inquiry(requestId)), ['AUTHORIZATION:PROCESSING']);
    assert.equal(resultCode(await payCard(data)), 'ORDER_IS_CLOSED', 'the payment is with the acquirer now');
  });

  it('a saved card (token) in a 3DS session is challenged too, its CVC typed again and dropped', async () => {
    const token = await tokenizeCard(gateway(), CARDS.visa.approved, { cvv: CVC });
    const { data, requestId } = await paymentSession({
      session: {
        savedPaymentMethods: [{ paymentMethodType: 'CARD', paymentMethodId: token }],
        merchantAppointParam: { storedCard: { needCVV: true } },
      },
    });
    const answer = await payWith(data, { savedCard: { id: 'saved-0', cvc: CVC } });
    assert.equal(resultCode(answer), 'PAYMENT_IN_PROCESS', answer.text);
    const challengeId = String(at(answer.json, 'challenge.id'));
    const { page } = await openIssuerPage(challengeId);
    assert.match(page.text, / 0768<\/dd>/);
    await passChallenge(challengeId);
    const completed = await complete(challengeId);
    assert.equal(resultCode(completed), 'SUCCESS', completed.text);
    assert.ok(!completed.text.includes(token), 'the token never reaches the browser');
    const paid = await inquiry(requestId);
    assert.equal(at(paid.json, 'paymentResultInfo.cardToken'), token);
    assert.equal(at(paid.json, 'paymentResultInfo.threeDSResult.challenged'), 'true');
  });

  it('createPaymentSession records is3DSAuthentication, compares it on repeats and names a bad type', async () => {
    const body = (threeDS: unknown, requestId: string): Record<string, unknown> => ({
      paymentRequestId: requestId,
      availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'DISABLE', is3DSAuthentication: threeDS } },
    });
    const requestId = newRequestId('s3ds');
    const created = keep(await createSession(gateway(), body(true, requestId)));
    assert.equal(resultCode(created), 'SUCCESS', created.text);
    assert.equal(h.t.gateway.engine.session(String(created.json['paymentSessionId']))?.threeDS, true);
    const again = keep(await createSession(gateway(), body(true, requestId)));
    assert.equal(again.json['paymentSessionData'], created.json['paymentSessionData']);
    const changed = keep(await createSession(gateway(), body(false, requestId)));
    assert.equal(resultCode(changed), 'REPEAT_REQ_INCONSISTENT');
    assert.equal(
      at(changed.json, 'result.resultMessage'),
      `${META} differs from the first request with this paymentRequestId`,
    );

    const plainId = newRequestId('s3ds');
    const plain = keep(await createSession(gateway(), { paymentRequestId: plainId }));
    assert.equal(h.t.gateway.engine.session(String(plain.json['paymentSessionId']))?.threeDS, false);
    const explicitFalse = keep(await createSession(gateway(), body(false, plainId)));
    assert.equal(resultCode(explicitFalse), 'SUCCESS', 'an absent flag is false');
    assert.equal(resultCode(keep(await createSession(gateway(), body(true, plainId)))), 'REPEAT_REQ_INCONSISTENT');

    for (const bad of ['yes', 1, {}, []]) {
      const refused = keep(await createSession(gateway(), body(bad, newRequestId('s3ds'))));
      assert.equal(resultCode(refused), 'PARAM_ILLEGAL', JSON.stringify(bad));
      assert.equal(at(refused.json, 'result.resultMessage'), `${META} must be true or false`);
    }
  });

  it('server-to-server: pay with is3DSAuthentication redirects; the challenge card is refused unless 3-D Secure is asked', async () => {
    const flagged = keep(
      await openApi(
        gateway(),
        'pay',
        payRequest(CARDS.visa.approved, {
          paymentMethod: {
            paymentMethodType: 'CARD',
            paymentMethodMetaData: cardMetaData(CARDS.visa.approved, { cvv: CVC, is3DSAuthentication: true }),
          },
        }),
      ),
    );
    assert.equal(
      resultCode(flagged),
      'PAYMENT_IN_PROCESS',
      'the buyer is sent to the issuer (redirect-challenge.test.ts)',
    );
    assert.match(String(flagged.json['normalUrl']), /\/acs\/challenge\?creq=/);

    const challengeCard = keep(
      await openApi(
        gateway(),
        'pay',
        payRequest(CARDS.visa.challenge, {
          paymentMethod: {
            paymentMethodType: 'CARD',
            paymentMethodMetaData: cardMetaData(CARDS.visa.challenge, { cvv: CVC }),
          },
        }),
      ),
    );
    assert.equal(resultCode(challengeCard), 'AUTHENTICATION_REQUIRED');
    assert.equal(at(challengeCard.json, 'acquirerInfo.acquirerResultCode'), '1A');

    const vaulted = keep(
      await vaultApi(gateway(), 'vaultPaymentMethod', {
        vaultingRequestId: newRequestId('v3ds'),
        vaultingNotificationUrl: h.receiver.url('/antom/vaulting'),
        redirectUrl: 'https://shop.example/cards',
        paymentMethodDetail: {
          paymentMethodType: 'CARD',
          card: { cardNo: CARDS.visa.challenge, expiryMonth: '12', expiryYear: '34', cvv: CVC },
        },
      }),
    );
    assert.equal(resultCode(vaulted), 'AUTHENTICATION_REQUIRED', vaulted.text);
    assert.equal(vaulted.json['paymentMethodDetail'], undefined);

    // In a vaulting session a buyer is present: the challenge card is challenged there too, flag or not.
    const session = keep(
      await vaultApi(gateway(), 'createVaultingSession', {
        paymentMethodType: 'CARD',
        vaultingRequestId: newRequestId('v3ds'),
        vaultingNotificationUrl: h.receiver.url('/antom/vaulting'),
        redirectUrl: 'https://shop.example/cards',
      }),
    );
    const bound = keep(
      await sdkPost(gateway(), '/sdk/v1/vaults', {
        paymentSessionData: String(session.json['vaultingSessionData']),
        card: cardOf(CARDS.visa.challenge),
      }),
    );
    assert.equal(resultCode(bound), 'VERIFICATION_IN_PROCESS', bound.text);
    assert.match(String(at(bound.json, 'challenge.id')), /^[A-Za-z0-9_-]{8,128}$/);
  });
});

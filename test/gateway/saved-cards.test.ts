import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { CardTokenFacts } from '../../gateway/src/engine/tokens.js';
import { CARDS, card } from '../support/cards.js';
import { at, type Answer } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { startReceiver, type Receiver } from '../support/notifications.js';
import {
  MERCHANT_ACCOUNT_ID,
  MERCHANT_ID,
  startTestGateway,
  testMerchant,
  type TestGateway,
} from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import {
  SANDBOX_API,
  createSession,
  inquire,
  newKey,
  newSessionData,
  openApi,
  payRequest,
  resultCode,
  sdkPost,
  sessionRequest,
  sessionView,
  signedCall,
  tokenizeCard,
  vaultApi,
} from './calls.js';
import { assertNoCardSecrets } from '../support/card-secrets.js';

const OTHER_ID = 'SANDBOX_OTHER_SHOP';
const CREATE = `${SANDBOX_API}/payments/createPaymentSession`;

/** `savedPaymentMethods` for a list of tokens. */
const saved = (...tokens: string[]): Array<Record<string, string>> =>
  tokens.map((token) => ({ paymentMethodType: 'CARD', paymentMethodId: token }));

/** Card-on-file fields of a session request. */
function cardOnFile(
  tokens: string[],
  options: { tokenizeMode?: string; needCVV?: unknown; isCardOnFile?: unknown } = {},
): Record<string, unknown> {
  return {
    savedPaymentMethods: saved(...tokens),
    availablePaymentMethod: {
      paymentMethodMetaData: {
        ...(options.tokenizeMode !== undefined ? { tokenizeMode: options.tokenizeMode } : {}),
        ...(options.isCardOnFile !== undefined ? { isCardOnFile: options.isCardOnFile } : {}),
      },
    },
    ...(options.needCVV !== undefined ? { merchantAppointParam: { storedCard: { needCVV: options.needCVV } } } : {}),
  };
}

const message = (answer: Answer): string => String(at(answer.json, 'result.resultMessage'));

const twoMerchants = {
  merchants: [
    testMerchant(),
    testMerchant({ clientId: OTHER_ID, name: 'Other Shop', publicKeyPem: KEYS.otherMerchant.publicKey }),
  ],
};

describe('createPaymentSession with saved cards, tokenization and the CVC policy', () => {
  let t: TestGateway;
  beforeEach(async () => {
    t = await startTestGateway(twoMerchants);
  });
  afterEach(() => t.close());

  it('lists the saved cards in the given order with display facts only, and the policies', async () => {
    const visa = await tokenizeCard(t.gateway.origin, CARDS.visa.approved);
    const amex = await tokenizeCard(t.gateway.origin, CARDS.amex.approved, { expiryMonth: '03', expiryYear: '31' });
    const { data } = await newSessionData(
      t.gateway.origin,
      cardOnFile([amex, visa], { tokenizeMode: 'ASKFORCONSENT', needCVV: true, isCardOnFile: true }),
    );
    const answer = await sessionView(t.gateway.origin, data);
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    assert.deepEqual(at(answer.json, 'view.savedCards'), [
      { id: 'saved-0', index: 0, brand: 'AMEX', last4: '0005', expiryMonth: '03', expiryYear: '31', expired: false },
      { id: 'saved-1', index: 1, brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '34', expired: false },
    ]);
    assert.deepEqual(at(answer.json, 'view.policies'), { savedCardCvc: true, askToSave: true });
    assert.ok(!answer.text.includes('ALIPAY'), 'the browser never sees a token');
  });

  it('marks a card expired only after the last day of its expiry month (engine clock)', async () => {
    const token = await tokenizeCard(t.gateway.origin, CARDS.visa.approved, { expiryMonth: '01', expiryYear: '30' });
    const lastMoment = Date.parse('2030-01-31T23:59:59.999Z');
    t.clock.advance(lastMoment - t.clock.now().getTime());
    const { data } = await newSessionData(t.gateway.origin, cardOnFile([token]));
    const before = await sessionView(t.gateway.origin, data);
    assert.equal(at(before.json, 'view.savedCards[0].expired'), false);
    t.clock.advance(1);
    const afterMonth = await sessionView(t.gateway.origin, data);
    assert.equal(at(afterMonth.json, 'view.savedCards[0].expired'), true);
  });

  it('answers policies for "true"/"false" strings and defaults, and both fields always', async () => {
    const token = await tokenizeCard(t.gateway.origin);
    const cases: Array<[Record<string, unknown>, { savedCardCvc: boolean; askToSave: boolean }]> = [
      [cardOnFile([token], { needCVV: 'true', tokenizeMode: 'ENABLE' }), { savedCardCvc: true, askToSave: false }],
      [
        cardOnFile([token], { needCVV: 'false', tokenizeMode: 'ASKFORCONSENT' }),
        { savedCardCvc: false, askToSave: true },
      ],
      [{}, { savedCardCvc: false, askToSave: false }],
    ];
    for (const [fields, policies] of cases) {
      const { data } = await newSessionData(t.gateway.origin, fields);
      const answer = await sessionView(t.gateway.origin, data);
      assert.deepEqual(at(answer.json, 'view.policies'), policies, JSON.stringify(fields));
      assert.ok(Array.isArray(at(answer.json, 'view.savedCards')));
    }
  });

  it('checks the shape of the card-on-file fields, naming the field', async () => {
    const token = await tokenizeCard(t.gateway.origin);
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { savedPaymentMethods: saved(...Array.from({ length: 21 }, () => token)) },
        'savedPaymentMethods must have at most 20 items',
      ],
      [{ savedPaymentMethods: [{ paymentMethodType: 'CARD' }] }, 'savedPaymentMethods[0].paymentMethodId is required'],
      [
        { savedPaymentMethods: [{ paymentMethodType: 'ALIPAY_CN', paymentMethodId: token }] },
        'savedPaymentMethods[0].paymentMethodType must be "CARD"',
      ],
      [
        cardOnFile([], { tokenizeMode: 'SOMETIMES' }),
        'availablePaymentMethod.paymentMethodMetaData.tokenizeMode must be one of ASKFORCONSENT, ENABLE, DISABLE',
      ],
      [
        cardOnFile([], { isCardOnFile: 'yes' }),
        'availablePaymentMethod.paymentMethodMetaData.isCardOnFile must be true or false',
      ],
      [cardOnFile([], { needCVV: 1 }), 'merchantAppointParam.storedCard.needCVV must be true or false'],
      [
        { savedPaymentMethods: saved(token, token) },
        'savedPaymentMethods[1].paymentMethodId repeats savedPaymentMethods[0].paymentMethodId',
      ],
    ];
    for (const [fields, expected] of cases) {
      const answer = await createSession(t.gateway.origin, fields);
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', answer.text);
      assert.equal(message(answer), expected);
    }
  });

  it("refuses unknown, deleted and other merchants' tokens, naming the entry", async () => {
    const good = await tokenizeCard(t.gateway.origin);
    const foreign = await tokenizeCard(
      t.gateway.origin,
      CARDS.visa.approved,
      {},
      { clientId: OTHER_ID, privateKey: KEYS.otherMerchant.privateKey },
    );
    const removed = await tokenizeCard(t.gateway.origin, CARDS.mastercard.approved);
    assert.equal(
      resultCode(
        await vaultApi(t.gateway.origin, 'deleteToken', { token: removed, merchantAccountId: MERCHANT_ACCOUNT_ID }),
      ),
      'SUCCESS',
    );
    const cases: Array<[string, string]> = [
      ['ALIPAY' + '0'.repeat(40), 'savedPaymentMethods[1].paymentMethodId is not a card token of this merchant'],
      [foreign, 'savedPaymentMethods[1].paymentMethodId is not a card token of this merchant'],
      [removed, 'savedPaymentMethods[1].paymentMethodId is a card token that was deleted'],
    ];
    for (const [token, expected] of cases) {
      const body = sessionRequest(cardOnFile([good, token]));
      const answer = await signedCall(t.gateway.origin, CREATE, body);
      assert.deepEqual(answer.json['result'], {
        resultCode: 'INVALID_PAYMENT_METHOD_META_DATA',
        resultStatus: 'F',
        resultMessage: expected,
      });
      const inquiry = await inquire(t.gateway.origin, { paymentRequestId: String(body['paymentRequestId']) });
      assert.equal(resultCode(inquiry), 'ORDER_NOT_EXIST', 'nothing half-done: no session was created');
    }
  });

  it('makes the card-on-file fields part of the idempotency content', async () => {
    const first = await tokenizeCard(t.gateway.origin);
    const second = await tokenizeCard(t.gateway.origin, CARDS.mastercard.approved);
    const body = sessionRequest(cardOnFile([first, second], { tokenizeMode: 'ASKFORCONSENT', needCVV: true }));
    const created = await signedCall(t.gateway.origin, CREATE, body);
    assert.equal(resultCode(created), 'SUCCESS', created.text);
    const same = await signedCall(t.gateway.origin, CREATE, {
      ...body,
      ...cardOnFile([first, second], { tokenizeMode: 'ASKFORCONSENT', needCVV: 'true', isCardOnFile: false }),
    });
    assert.equal(
      same.json['paymentSessionData'],
      created.json['paymentSessionData'],
      'defaults and "true" strings match',
    );

    const changes: Array<[Record<string, unknown>, string]> = [
      [cardOnFile([second, first], { tokenizeMode: 'ASKFORCONSENT', needCVV: true }), 'savedPaymentMethods'],
      [cardOnFile([first], { tokenizeMode: 'ASKFORCONSENT', needCVV: true }), 'savedPaymentMethods'],
      [
        cardOnFile([first, second], { tokenizeMode: 'ENABLE', needCVV: true }),
        'availablePaymentMethod.paymentMethodMetaData.tokenizeMode',
      ],
      [
        cardOnFile([first, second], { tokenizeMode: 'ASKFORCONSENT', needCVV: true, isCardOnFile: true }),
        'availablePaymentMethod.paymentMethodMetaData.isCardOnFile',
      ],
      [
        cardOnFile([first, second], { tokenizeMode: 'ASKFORCONSENT', needCVV: false }),
        'merchantAppointParam.storedCard.needCVV',
      ],
    ];
    for (const [change, field] of changes) {
      const answer = await signedCall(t.gateway.origin, CREATE, { ...body, ...change });
      assert.equal(resultCode(answer), 'REPEAT_REQ_INCONSISTENT', answer.text);
      assert.equal(message(answer), `${field} differs from the first request with this paymentRequestId`);
    }

    assert.equal(
      resultCode(
        await vaultApi(t.gateway.origin, 'deleteToken', { token: first, merchantAccountId: MERCHANT_ACCOUNT_ID }),
      ),
      'SUCCESS',
    );
    const replay = await signedCall(t.gateway.origin, CREATE, body);
    assert.equal(replay.text, created.text, 'a replay returns the stored answer even after a token was deleted');
  });
});

describe('paying with a saved card in the frame', () => {
  let t: TestGateway;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    t = await startTestGateway(twoMerchants);
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const notifyUrl = (): string => receiver.url('/notify');

  async function session(
    tokens: string[],
    options: Parameters<typeof cardOnFile>[1] = {},
  ): Promise<{ data: string; id: string; requestId: string }> {
    return newSessionData(t.gateway.origin, { ...cardOnFile(tokens, options), paymentNotifyUrl: notifyUrl() });
  }

  const paySaved = (data: string, savedCard: Record<string, unknown>, key = newKey()): Promise<Answer> =>
    sdkPost(t.gateway.origin, '/sdk/v1/payments', { paymentSessionData: data, savedCard }, key);

  const paymentNotification = async (paymentId: string): Promise<Record<string, unknown>> => {
    await waitFor(
      () =>
        receiver.bodies().some((body) => body['paymentId'] === paymentId && body['notifyType'] === 'PAYMENT_RESULT'),
      { timeout: 3000, message: `the PAYMENT_RESULT of ${paymentId}` },
    );
    return receiver
      .bodies()
      .find((body) => body['paymentId'] === paymentId && body['notifyType'] === 'PAYMENT_RESULT')!;
  };

  it('pays with the stored card facts; the token reaches the merchant, never the browser', async () => {
    const visa = await tokenizeCard(t.gateway.origin);
    const mastercard = await tokenizeCard(t.gateway.origin, CARDS.mastercard.approved);
    const { data, requestId } = await session([visa, mastercard]);
    const answer = await paySaved(data, { id: 'saved-1' });
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    assert.equal(answer.json['paymentStatus'], 'SUCCESS');
    assert.deepEqual(answer.json['card'], { brand: 'MASTERCARD', last4: '4622', expiryMonth: '12', expiryYear: '34' });
    assert.ok(!answer.text.includes('ALIPAY'), 'no token in the SDK answer');

    const paymentId = String(answer.json['paymentId']);
    const notification = await paymentNotification(paymentId);
    assert.equal(at(notification, 'paymentResultInfo.cardToken'), mastercard);
    assert.equal(at(notification, 'paymentResultInfo.cardNo'), '************4622');
    const inquiry = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
    assert.equal(at(inquiry.json, 'paymentResultInfo.cardToken'), mastercard);
  });

  it("decides with the issuer's answer recorded at tokenization", async () => {
    const facts = (
      outcome: 'DECLINED' | 'PENDING',
      resultCode: 'DO_NOT_HONOR' | 'PAYMENT_IN_PROCESS',
    ): CardTokenFacts => ({
      clientId: MERCHANT_ID,
      card: {
        cardNo: '************4822',
        cardBrand: 'VISA',
        funding: 'CREDIT',
        issuingCountry: 'SG',
        lastFour: '4822',
        cardBin: '405469',
        expiryMonth: '12',
        expiryYear: '34',
      },
      issuer: { outcome, resultCode, threeDS: undefined },
    });
    const declining = t.gateway.engine.tokens.issue(facts('DECLINED', 'DO_NOT_HONOR'));
    const pending = t.gateway.engine.tokens.issue(facts('PENDING', 'PAYMENT_IN_PROCESS'));
    const { data } = await session([declining, pending]);
    const declined = await paySaved(data, { id: 'saved-0' });
    assert.equal(resultCode(declined), 'DO_NOT_HONOR');
    assert.equal(declined.json['paymentStatus'], 'FAIL');
    const processing = await paySaved(data, { id: 'saved-1' });
    assert.equal(resultCode(processing), 'PAYMENT_IN_PROCESS', 'a retry after the decline, with the other card');
    assert.equal(processing.json['paymentStatus'], 'PROCESSING');

    const byPay = await openApi(
      t.gateway.origin,
      'pay',
      payRequest('unused', {
        paymentMethod: {
          paymentMethodType: 'CARD',
          paymentMethodId: declining,
          paymentMethodMetaData: { isCardOnFile: true },
        },
      }),
    );
    assert.equal(resultCode(byPay), 'DO_NOT_HONOR', 'payments/pay applies the same recorded answer');
  });

  it('asks for the CVC again when the session says so, with the length of the brand', async () => {
    const visa = await tokenizeCard(t.gateway.origin);
    const amex = await tokenizeCard(t.gateway.origin, CARDS.amex.approved);

    const missing = await session([visa], { needCVV: true });
    const noCvc = await paySaved(missing.data, { id: 'saved-0' });
    assert.equal(resultCode(noCvc), 'PARAM_ILLEGAL');
    assert.equal(message(noCvc), "savedCard.cvc is required: this session asks for the saved card's CVC");
    assert.equal(t.gateway.engine.session(missing.id)?.paymentId, undefined, 'refused before any payment');

    const wrongLength = await session([amex], { needCVV: true });
    const threeDigits = await paySaved(wrongLength.data, { id: 'saved-0', cvc: '123' });
    assert.equal(resultCode(threeDigits), 'INVALID_CVV', 'an Amex CVC has 4 digits');
    assert.equal(threeDigits.json['paymentStatus'], 'FAIL');
    const fourDigits = await paySaved(wrongLength.data, { id: 'saved-0', cvc: '1234' });
    assert.equal(resultCode(fourDigits), 'SUCCESS', fourDigits.text);
    assert.equal(fourDigits.json['paymentId'], threeDigits.json['paymentId'], 'the retry is on the same payment');

    const notAsked = await session([visa]);
    const refused = await paySaved(notAsked.data, { id: 'saved-0', cvc: '123' });
    assert.equal(resultCode(refused), 'PARAM_ILLEGAL');
    assert.equal(
      message(refused),
      "savedCard.cvc must not be sent: this session does not ask for the saved card's CVC",
    );
  });

  it('refuses ids that are not saved cards of the session', async () => {
    const token = await tokenizeCard(t.gateway.origin);
    const { data } = await session([token]);
    for (const id of ['saved-1', 'saved-00', 'saved-99']) {
      const answer = await paySaved(data, { id });
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', id);
      assert.equal(message(answer), 'savedCard.id is not a saved card of this session');
    }
    const malformed = await paySaved(data, { id: token });
    assert.equal(message(malformed), 'savedCard.id must be a saved card id such as saved-0');
    assert.ok(!malformed.text.includes(token), 'the value is never echoed');
  });

  it('refuses a saved card removed after the session was created, without a payment', async () => {
    const token = await tokenizeCard(t.gateway.origin);
    const { data, id } = await session([token]);
    assert.equal(
      resultCode(
        await vaultApi(t.gateway.origin, 'deleteToken', { token: token, merchantAccountId: MERCHANT_ACCOUNT_ID }),
      ),
      'SUCCESS',
    );
    const view = await sessionView(t.gateway.origin, data);
    assert.equal(at(view.json, 'view.savedCards[0].id'), 'saved-0', 'the list stays as the merchant sent it');
    const answer = await paySaved(data, { id: 'saved-0' });
    assert.deepEqual(answer.json['result'], {
      resultCode: 'INVALID_PAYMENT_METHOD_META_DATA',
      resultStatus: 'F',
      resultMessage: 'the saved card is no longer available',
    });
    assert.equal(t.gateway.engine.session(id)?.paymentId, undefined);
    const newCard = await sdkPost(t.gateway.origin, '/sdk/v1/payments', {
      paymentSessionData: data,
      card: card(CARDS.visa.approved),
    });
    assert.equal(resultCode(newCard), 'SUCCESS', 'the buyer can still pay with a new card');
  });

  it('declines an expired saved card with CARD_EXPIRED', async () => {
    const token = await tokenizeCard(t.gateway.origin, CARDS.visa.approved, { expiryMonth: '01', expiryYear: '30' });
    t.clock.advance(Date.parse('2030-02-01T00:00:00.000Z') - t.clock.now().getTime());
    const { data } = await session([token]);
    const view = await sessionView(t.gateway.origin, data);
    assert.equal(at(view.json, 'view.savedCards[0].expired'), true);
    const answer = await paySaved(data, { id: 'saved-0' });
    assert.equal(resultCode(answer), 'CARD_EXPIRED');
    assert.equal(answer.json['paymentStatus'], 'FAIL');
  });

  it('checks the body: exactly one of card and savedCard, saveCard with a new card only', async () => {
    const token = await tokenizeCard(t.gateway.origin);
    const { data } = await session([token], { tokenizeMode: 'ASKFORCONSENT' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ card: card(CARDS.visa.approved), savedCard: { id: 'saved-0' } }, 'send card or savedCard, not both'],
      [{}, 'card or savedCard is required'],
      [
        { savedCard: { id: 'saved-0' }, saveCard: true },
        'saveCard must not be sent with savedCard: only a new card can be saved',
      ],
      [{ savedCard: { id: 'saved-0', token } }, 'savedCard.token is not allowed'],
      [{ card: card(CARDS.visa.approved), saveCard: 'true' }, 'saveCard must be true or false'],
      [{ savedCard: { id: 'saved-0', cvc: '12a' } }, 'savedCard.cvc must be 1 to 4 digits'],
    ];
    for (const [fields, expected] of cases) {
      const answer = await sdkPost(t.gateway.origin, '/sdk/v1/payments', { paymentSessionData: data, ...fields });
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL', answer.text);
      assert.equal(message(answer), expected);
    }
  });

  it('covers the saved card and the save choice in the Idempotency-Key fingerprint', async () => {
    const visa = await tokenizeCard(t.gateway.origin);
    const mastercard = await tokenizeCard(t.gateway.origin, CARDS.mastercard.approved);
    const { data } = await session([visa, mastercard]);
    const key = newKey();
    const first = await paySaved(data, { id: 'saved-0' }, key);
    const again = await paySaved(data, { id: 'saved-0' }, key);
    assert.equal(again.text, first.text);
    assert.equal(t.gateway.engine.payment(String(first.json['paymentId']))?.attempts, 1, 'authorized once');
    const other = await paySaved(data, { id: 'saved-1' }, key);
    assert.equal(resultCode(other), 'REPEAT_REQ_INCONSISTENT');

    const consent = await session([], { tokenizeMode: 'ASKFORCONSENT' });
    const consentKey = newKey();
    const declined = await sdkPost(
      t.gateway.origin,
      '/sdk/v1/payments',
      { paymentSessionData: consent.data, card: card(CARDS.visa.declined), saveCard: false },
      consentKey,
    );
    assert.equal(resultCode(declined), 'DO_NOT_HONOR');
    const changedChoice = await sdkPost(
      t.gateway.origin,
      '/sdk/v1/payments',
      { paymentSessionData: consent.data, card: card(CARDS.visa.declined), saveCard: true },
      consentKey,
    );
    assert.equal(resultCode(changedChoice), 'REPEAT_REQ_INCONSISTENT');
  });
});

describe('consent during payment and tokenizeMode', () => {
  let t: TestGateway;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    t = await startTestGateway();
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  async function payNew(
    fields: Record<string, unknown>,
    cardNo: string,
    saveCard: boolean | undefined,
    cvc = '321',
  ): Promise<{ answer: Answer; notification: Record<string, unknown> | undefined }> {
    const { data } = await newSessionData(t.gateway.origin, { ...fields, paymentNotifyUrl: receiver.url('/notify') });
    const answer = await sdkPost(t.gateway.origin, '/sdk/v1/payments', {
      paymentSessionData: data,
      card: card(cardNo, { cvc }),
      ...(saveCard !== undefined ? { saveCard } : {}),
    });
    const paymentId = answer.json['paymentId'];
    if (typeof paymentId !== 'string') return { answer, notification: undefined };
    const find = (): Record<string, unknown> | undefined =>
      receiver.bodies().find((body) => body['paymentId'] === paymentId && body['notifyType'] === 'PAYMENT_RESULT');
    await waitFor(() => find() !== undefined, { timeout: 3000, message: 'the PAYMENT_RESULT notification' });
    return { answer, notification: find() };
  }

  it('tokenizes on consent: the token is in notifyPayment only, never in the SDK answer', async () => {
    const { answer, notification } = await payNew(
      cardOnFile([], { tokenizeMode: 'ASKFORCONSENT' }),
      CARDS.visa.approved,
      true,
    );
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    assert.deepEqual(Object.keys(answer.json).sort(), ['card', 'paymentId', 'paymentStatus', 'result']);
    assert.ok(!answer.text.includes('ALIPAY'));
    const token = String(at(notification, 'paymentResultInfo.cardToken'));
    assert.match(token, /^ALIPAY[0-9A-F]{40}$/);
    assert.equal(t.gateway.engine.tokens.get(token)?.card.lastFour, '0768');
    assert.equal(t.gateway.engine.tokens.get(token)?.clientId, MERCHANT_ID);
  });

  it('issues no token without consent, on a decline, or with DISABLE', async () => {
    const cases: Array<[Record<string, unknown>, string, boolean | undefined]> = [
      [cardOnFile([], { tokenizeMode: 'ASKFORCONSENT' }), CARDS.visa.approved, false],
      [cardOnFile([], { tokenizeMode: 'ASKFORCONSENT' }), CARDS.visa.declined, true],
      [cardOnFile([], { tokenizeMode: 'DISABLE' }), CARDS.visa.approved, undefined],
      [{}, CARDS.visa.approved, undefined],
    ];
    for (const [fields, cardNo, saveCard] of cases) {
      const { notification } = await payNew(fields, cardNo, saveCard);
      assert.equal(at(notification, 'paymentResultInfo.cardToken'), undefined, JSON.stringify([fields, cardNo]));
    }
  });

  it('tokenizes every approved new card with ENABLE, without asking', async () => {
    const { answer, notification } = await payNew(
      cardOnFile([], { tokenizeMode: 'ENABLE' }),
      CARDS.mastercard.approved,
      undefined,
    );
    assert.equal(resultCode(answer), 'SUCCESS');
    assert.ok(!answer.text.includes('ALIPAY'));
    assert.match(String(at(notification, 'paymentResultInfo.cardToken')), /^ALIPAY/);
  });

  it('refuses saveCard: true when the session does not ask for consent', async () => {
    for (const fields of [
      cardOnFile([], { tokenizeMode: 'ENABLE' }),
      cardOnFile([], { tokenizeMode: 'DISABLE' }),
      {},
    ]) {
      const { answer } = await payNew(fields, CARDS.visa.approved, true);
      assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
      assert.equal(
        message(answer),
        'saveCard is allowed only when the session asks for consent (tokenizeMode ASKFORCONSENT)',
      );
    }
  });

  it('pays with a consent token later through payments/pay with isCardOnFile', async () => {
    const { notification } = await payNew(
      cardOnFile([], { tokenizeMode: 'ASKFORCONSENT' }),
      CARDS.amex.approved,
      true,
      '4321',
    );
    const token = String(at(notification, 'paymentResultInfo.cardToken'));
    const later = await openApi(
      t.gateway.origin,
      'pay',
      payRequest('unused', {
        paymentMethod: {
          paymentMethodType: 'CARD',
          paymentMethodId: token,
          paymentMethodMetaData: { isCardOnFile: 'true' },
        },
      }),
    );
    assert.equal(resultCode(later), 'SUCCESS', later.text);
    assert.equal(at(later.json, 'paymentResultInfo.cardBrand'), 'AMEX');
    assert.equal(at(later.json, 'paymentResultInfo.cardToken'), token);
  });

  it('never puts the card number or CVC in a log line, notification or record', async () => {
    const pan = CARDS.mastercard.approved;
    await payNew(cardOnFile([], { tokenizeMode: 'ASKFORCONSENT' }), pan, true, '987');
    const token = receiver
      .bodies()
      .map((body) => at(body, 'paymentResultInfo.cardToken'))
      .find((value) => typeof value === 'string');
    const texts = [
      ...t.logs,
      ...receiver.receipts.map((receipt) => receipt.body),
      JSON.stringify(t.gateway.engine.notifications.list()),
      JSON.stringify(t.gateway.engine.listPayments()),
      JSON.stringify(typeof token === 'string' ? t.gateway.engine.tokens.get(token) : null),
    ];
    assertNoCardSecrets(texts, { pans: [pan], cvcs: ['987'] });
  });
});

describe('payments/pay with a token and isCardOnFile', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('pays with paymentMethodId = cardToken and isCardOnFile true, on both prefixes', async () => {
    const token = await tokenizeCard(t.gateway.origin, CARDS.mastercard.approved);
    for (const prefix of ['/ams/api/v1', '/ams/sandbox/api/v1']) {
      const answer = await signedCall(
        t.gateway.origin,
        `${prefix}/payments/pay`,
        payRequest('unused', {
          paymentMethod: {
            paymentMethodType: 'CARD',
            paymentMethodId: token,
            paymentMethodMetaData: { isCardOnFile: true },
          },
        }),
      );
      assert.equal(resultCode(answer), 'SUCCESS', answer.text);
      assert.equal(at(answer.json, 'paymentResultInfo.lastFour'), '4622');
    }
  });

  it('refuses a token deleted through vaults/deleteToken', async () => {
    const token = await tokenizeCard(t.gateway.origin);
    assert.equal(
      resultCode(await vaultApi(t.gateway.origin, 'deleteToken', { token, merchantAccountId: MERCHANT_ACCOUNT_ID })),
      'SUCCESS',
    );
    const answer = await openApi(
      t.gateway.origin,
      'pay',
      payRequest('unused', {
        paymentMethod: {
          paymentMethodType: 'CARD',
          paymentMethodId: token,
          paymentMethodMetaData: { isCardOnFile: true },
        },
      }),
    );
    assert.equal(resultCode(answer), 'INVALID_PAYMENT_METHOD_META_DATA');
    assert.equal(message(answer), 'paymentMethod.paymentMethodId is not a card token of this merchant');
  });
});

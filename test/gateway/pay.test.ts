import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CARDS, cardMetaData } from '../support/cards.js';
import { at, type Answer } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { startReceiver } from '../support/notifications.js';
import { MERCHANT_ID, START_TIME, startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { WEEK_MS, createSession, inquire, openApi, payRequest, resultCode, sessionRequest } from './calls.js';
import { assertNoCardSecrets } from '../support/card-secrets.js';

const OTHER_ID = 'SANDBOX_OTHER_SHOP';

describe('payments/pay with card data', () => {
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

  it('authorizes and captures at once (AUTOMATIC), answering the documented fields', async () => {
    const body = payRequest(CARDS.visa.approved, { paymentFactor: { isAuthorization: true } });
    const answer = await openApi(t.gateway.origin, 'pay', body);
    assert.deepEqual(answer.json['result'], { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' });
    assert.match(String(answer.json['paymentId']), /^\d{32}$/);
    assert.equal(answer.json['paymentRequestId'], body['paymentRequestId']);
    assert.deepEqual(answer.json['paymentAmount'], { currency: 'USD', value: '1000' });
    assert.equal(answer.json['paymentCreateTime'], '2030-01-15T10:00:00+00:00');
    assert.equal(answer.json['paymentTime'], '2030-01-15T10:00:00+00:00');
    assert.equal(answer.json['authExpiryTime'], undefined, 'captured at once: nothing left to expire');
    assert.equal(at(answer.json, 'paymentResultInfo.cardNo'), '************0768');
    assert.equal(at(answer.json, 'paymentResultInfo.cardBrand'), 'VISA');
    assert.equal(at(answer.json, 'paymentResultInfo.cardToken'), undefined, 'no token without tokenize');
    assert.match(String(at(answer.json, 'acquirerInfo.acquirerName')), /^SANDBOX_/);

    const inquiry = await inquire(t.gateway.origin, { paymentRequestId: String(body['paymentRequestId']) });
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
    const transactions = inquiry.json['transactions'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      transactions.map((entry) => [entry['transactionType'], entry['transactionStatus']]),
      [
        ['AUTHORIZATION', 'SUCCESS'],
        ['CAPTURE', 'SUCCESS'],
      ],
    );
    assert.equal(t.gateway.engine.payment(String(answer.json['paymentId']))?.state, 'CAPTURED');
  });

  it('keeps a MANUAL authorization open for 7 days', async () => {
    const answer = await openApi(t.gateway.origin, 'pay', payRequest(CARDS.mastercard.approved));
    assert.equal(resultCode(answer), 'SUCCESS');
    assert.equal(answer.json['authExpiryTime'], '2030-01-22T10:00:00+00:00');
    const payment = t.gateway.engine.payment(String(answer.json['paymentId']));
    assert.equal(payment?.state, 'AUTHORIZED');
    assert.equal(payment?.authExpiryTime?.getTime(), Date.parse(START_TIME) + WEEK_MS);
  });

  it("applies the card catalogue, Antom's invalid inputs and the risk amount", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [payRequest(CARDS.visa.declined), 'DO_NOT_HONOR', 'F'],
      [payRequest(CARDS.visa.insufficientFunds), 'USER_BALANCE_NOT_ENOUGH', 'F'],
      [payRequest(CARDS.visa.pending), 'PAYMENT_IN_PROCESS', 'U'],
      [
        payRequest(CARDS.visa.approved, {
          paymentMethod: {
            paymentMethodType: 'CARD',
            paymentMethodMetaData: cardMetaData(CARDS.visa.approved, { cvv: '12' }),
          },
        }),
        'INVALID_CVV',
        'F',
      ],
      [
        payRequest(CARDS.visa.approved, {
          paymentMethod: {
            paymentMethodType: 'CARD',
            paymentMethodMetaData: cardMetaData(CARDS.visa.approved, { expiryMonth: '13' }),
          },
        }),
        'INVALID_EXPIRATION_DATE',
        'F',
      ],
      [payRequest('4054695723100769'), 'INVALID_CARD_NUMBER', 'F'],
      [payRequest(CARDS.visa.approved, { paymentAmount: { currency: 'USD', value: '11' } }), 'RISK_REJECT', 'F'],
    ];
    for (const [body, code, status] of cases) {
      const answer = await openApi(t.gateway.origin, 'pay', body);
      assert.equal(resultCode(answer), code, answer.text);
      assert.equal(at(answer.json, 'result.resultStatus'), status, code);
      assert.match(String(answer.json['paymentId']), /^\d{32}$/, `${code} still names the payment`);
      const inquiry = await inquire(t.gateway.origin, { paymentId: String(answer.json['paymentId']) });
      assert.equal(inquiry.json['paymentStatus'], status === 'U' ? 'PROCESSING' : 'FAIL', code);
      assert.equal(inquiry.json['paymentResultCode'], code);
    }
  });

  it('is idempotent on paymentRequestId: same content, same answer; other content, REPEAT_REQ_INCONSISTENT', async () => {
    const body = payRequest();
    const first = await openApi(t.gateway.origin, 'pay', body);
    const count = t.gateway.engine.listPayments().length;
    const again = await openApi(t.gateway.origin, 'pay', body);
    assert.equal(again.text, first.text, 'the stored answer, byte for byte');
    assert.equal(t.gateway.engine.listPayments().length, count, 'no second payment');

    const changes: Array<[Record<string, unknown>, RegExp]> = [
      [{ paymentAmount: { currency: 'USD', value: '1001' } }, /^paymentAmount differs/],
      [{ paymentAmount: { currency: 'EUR', value: '1000' } }, /^paymentAmount differs/],
      [{ paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' } }, /^paymentFactor.captureMode differs/],
      [
        {
          paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: cardMetaData(CARDS.mastercard.approved) },
        },
        /^paymentMethod differs/,
      ],
    ];
    for (const [change, message] of changes) {
      const answer = await openApi(t.gateway.origin, 'pay', { ...body, ...change });
      assert.equal(resultCode(answer), 'REPEAT_REQ_INCONSISTENT', answer.text);
      assert.match(String(at(answer.json, 'result.resultMessage')), message);
    }
  });

  it('answers concurrent identical requests with one payment', async () => {
    const body = payRequest();
    const answers = await Promise.all(Array.from({ length: 8 }, () => openApi(t.gateway.origin, 'pay', body)));
    const ids = new Set(answers.map((answer) => answer.json['paymentId']));
    assert.equal(ids.size, 1);
    const paymentId = String([...ids][0]);
    assert.equal(t.gateway.engine.payment(paymentId)?.attempts, 1);
  });

  it('keeps paymentRequestId unique across createPaymentSession and pay', async () => {
    const session = sessionRequest();
    assert.equal(resultCode(await createSession(t.gateway.origin, session)), 'SUCCESS');
    const pay = await openApi(
      t.gateway.origin,
      'pay',
      payRequest(CARDS.visa.approved, {
        paymentRequestId: session['paymentRequestId'],
      }),
    );
    assert.equal(resultCode(pay), 'REPEAT_REQ_INCONSISTENT');
    assert.match(String(at(pay.json, 'result.resultMessage')), /createPaymentSession/);

    const paid = payRequest();
    assert.equal(resultCode(await openApi(t.gateway.origin, 'pay', paid)), 'SUCCESS');
    const second = await createSession(t.gateway.origin, { paymentRequestId: paid['paymentRequestId'] });
    assert.equal(resultCode(second), 'REPEAT_REQ_INCONSISTENT');
    assert.match(String(at(second.json, 'result.resultMessage')), /payments\/pay/);
  });

  it('answers a 3-D Secure request in process with the issuer page to redirect to (see redirect-challenge.test.ts)', async () => {
    const answer = await openApi(
      t.gateway.origin,
      'pay',
      payRequest(CARDS.visa.approved, {
        paymentMethod: {
          paymentMethodType: 'CARD',
          paymentMethodMetaData: cardMetaData(CARDS.visa.approved, { is3DSAuthentication: 'true' }),
        },
      }),
    );
    assert.equal(resultCode(answer), 'PAYMENT_IN_PROCESS');
    assert.equal(at(answer.json, 'result.resultStatus'), 'U');
    assert.ok(String(answer.json['normalUrl']).startsWith(`${t.gateway.issuerOrigin}/acs/challenge?creq=`));
    assert.equal(at(answer.json, 'redirectActionForm.redirectUrl'), answer.json['normalUrl']);
  });

  it('notifies PAYMENT_RESULT to paymentNotifyUrl, then CAPTURE_RESULT for an automatic capture', async () => {
    const receiver = await startReceiver();
    try {
      const answer = await openApi(
        t.gateway.origin,
        'pay',
        payRequest(CARDS.visa.approved, {
          paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
          paymentNotifyUrl: receiver.url('/notify'),
        }),
      );
      await waitFor(() => receiver.receipts.length === 2, { timeout: 3000, message: 'two notifications' });
      const [payment, capture] = receiver.bodies();
      assert.equal(payment?.['notifyType'], 'PAYMENT_RESULT');
      assert.equal(payment?.['paymentId'], answer.json['paymentId']);
      assert.equal(capture?.['notifyType'], 'CAPTURE_RESULT');
      assert.equal(capture?.['captureRequestId'], `AUTO_${String(answer.json['paymentId'])}`);
    } finally {
      await receiver.close();
    }
  });

  it('never stores, answers or logs the card number or CVC', async () => {
    const pan = CARDS.visa.frictionless;
    const body = payRequest(pan, {
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: cardMetaData(pan, { cvv: '987', tokenize: true }),
      },
    });
    const answer = await openApi(t.gateway.origin, 'pay', body);
    assert.equal(resultCode(answer), 'SUCCESS');
    const token = String(at(answer.json, 'paymentResultInfo.cardToken'));
    const texts = [
      answer.text,
      ...t.logs,
      JSON.stringify(t.gateway.engine.payment(String(answer.json['paymentId']))),
      JSON.stringify(t.gateway.engine.tokens.get(token)),
      JSON.stringify(t.gateway.engine.notifications.list()),
    ];
    assertNoCardSecrets(texts, { pans: [pan], cvcs: ['987'] });
    const refused = await openApi(
      t.gateway.origin,
      'pay',
      payRequest(pan, {
        paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: cardMetaData(pan, { cvv: 'abc' }) },
      }),
    );
    assert.equal(
      at(refused.json, 'result.resultMessage'),
      'paymentMethod.paymentMethodMetaData.cvv must be 1 to 4 digits',
    );
  });
});

describe('payments/pay with a card token', () => {
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

  async function tokenize(cardNo = CARDS.mastercard.approved): Promise<{ answer: Answer; token: string }> {
    const answer = await openApi(
      t.gateway.origin,
      'pay',
      payRequest(cardNo, {
        paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: cardMetaData(cardNo, { tokenize: true }) },
      }),
    );
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    return { answer, token: String(at(answer.json, 'paymentResultInfo.cardToken')) };
  }

  const tokenPay = (token: string, overrides: Record<string, unknown> = {}): Record<string, unknown> =>
    payRequest('unused', { paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: token }, ...overrides });

  it('issues an ALIPAY token on tokenize and pays with it later', async () => {
    const { answer, token } = await tokenize();
    assert.match(token, /^ALIPAY[0-9A-F]{40}$/);
    const stored = t.gateway.engine.tokens.get(token);
    assert.equal(stored?.clientId, MERCHANT_ID);
    assert.equal(stored?.card.lastFour, '4622');
    const inquiry = await inquire(t.gateway.origin, { paymentId: String(answer.json['paymentId']) });
    assert.equal(at(inquiry.json, 'paymentResultInfo.cardToken'), token);

    const second = await openApi(t.gateway.origin, 'pay', tokenPay(token));
    assert.equal(resultCode(second), 'SUCCESS', second.text);
    assert.notEqual(second.json['paymentId'], answer.json['paymentId']);
    assert.equal(at(second.json, 'paymentResultInfo.cardToken'), token);
    assert.equal(at(second.json, 'paymentResultInfo.cardNo'), '************4622');
    assert.equal(at(second.json, 'paymentResultInfo.cardBrand'), 'MASTERCARD');
  });

  it('checks risk and brand acceptance again on a token payment', async () => {
    const { token } = await tokenize();
    const risky = await openApi(
      t.gateway.origin,
      'pay',
      tokenPay(token, { paymentAmount: { currency: 'USD', value: '11' } }),
    );
    assert.equal(resultCode(risky), 'RISK_REJECT');
  });

  it('refuses unknown, deleted and foreign tokens naming paymentMethod.paymentMethodId', async () => {
    const { token } = await tokenize();
    const foreign = await openApi(t.gateway.origin, 'pay', tokenPay(token), {
      clientId: OTHER_ID,
      privateKey: KEYS.otherMerchant.privateKey,
    });
    const unknown = await openApi(t.gateway.origin, 'pay', tokenPay('ALIPAY0000'));
    assert.ok(t.gateway.engine.tokens.delete(token));
    const deleted = await openApi(t.gateway.origin, 'pay', tokenPay(token));
    for (const answer of [foreign, unknown, deleted]) {
      assert.deepEqual(answer.json['result'], {
        resultCode: 'INVALID_PAYMENT_METHOD_META_DATA',
        resultStatus: 'F',
        resultMessage: 'paymentMethod.paymentMethodId is not a card token of this merchant',
      });
      assert.equal(answer.json['paymentId'], undefined);
    }
  });

  it('refuses card data sent beside a token', async () => {
    const answer = await openApi(
      t.gateway.origin,
      'pay',
      payRequest('unused', {
        paymentMethod: {
          paymentMethodType: 'CARD',
          paymentMethodId: 'ALIPAY1',
          paymentMethodMetaData: cardMetaData(CARDS.visa.approved),
        },
      }),
    );
    assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
    assert.equal(
      at(answer.json, 'result.resultMessage'),
      'paymentMethod.paymentMethodMetaData.cardNo must not be sent with paymentMethod.paymentMethodId',
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_CARDS } from '../../gateway/src/index.js';
import { BIN_TABLE, assessCard } from '../../gateway/src/engine/test-cards.js';
import { PRECISE_DECLINES } from '../../gateway/src/sdk-api/json-endpoint.js';
import { luhn, maskPan, readNumber } from '../../src/shared/card/index.js';
import { CARD_BRANDS } from '../../src/shared/types.js';
import { card } from '../support/cards.js';
import { at } from '../support/http.js';
import { startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import {
  SANDBOX_API,
  inquire,
  newSessionData,
  pay,
  payments,
  resultCode,
  sessionRequest,
  signedCall,
} from './calls.js';

type Row = Record<string, unknown>;

const STATUS_OF = { APPROVED: 'SUCCESS', DECLINED: 'FAIL', PENDING: 'PROCESSING' } as const;

describe('test-card catalogue (pure)', () => {
  it('every catalogue number is Luhn-valid, detected as its brand, and unique', () => {
    const seen = new Set<string>();
    for (const entry of TEST_CARDS) {
      assert.ok(luhn(entry.number), entry.number);
      const reading = readNumber(entry.number);
      assert.ok(reading.isValid, entry.number);
      assert.equal(reading.brand, entry.brand, entry.number);
      assert.ok(!seen.has(entry.number), `duplicate ${entry.number}`);
      seen.add(entry.number);
    }
  });

  it('has one card per other decline code, one pending card and one success card per other brand', () => {
    const codes = TEST_CARDS.filter((entry) => entry.source === 'ours' && entry.outcome === 'DECLINED').map(
      (entry) => entry.resultCode,
    );
    assert.deepEqual(
      new Set(codes),
      new Set([
        'USER_BALANCE_NOT_ENOUGH',
        'LOST_CARD',
        'STOLEN_CARD',
        'PICKUP_CARD',
        'RESTRICTED_CARD',
        'AUTHENTICATION_REQUIRED',
        'USER_PAYMENT_VERIFICATION_FAILED',
        'PAYMENT_AMOUNT_EXCEED_LIMIT',
        'PAYMENT_COUNT_EXCEED_LIMIT',
        'CARD_NOT_SUPPORTED',
      ]),
    );
    assert.equal(TEST_CARDS.filter((entry) => entry.outcome === 'PENDING').length, 1);
    assert.deepEqual(
      TEST_CARDS.filter((entry) => entry.threeDS === 'challenge').map((entry) => [entry.source, entry.outcome]),
      [['ours', 'APPROVED']],
      'one card of ours always needs a 3-D Secure challenge',
    );
    const brands = TEST_CARDS.filter((entry) => entry.outcome === 'APPROVED').map((entry) => entry.brand);
    for (const brand of ['VISA', 'MASTERCARD', 'AMEX', 'UNIONPAY', 'JCB', 'DINERS', 'DISCOVER'])
      assert.ok(brands.includes(brand as never), brand);
  });

  it('every catalogue BIN is in the BIN table', () => {
    for (const entry of TEST_CARDS) assert.ok(BIN_TABLE[entry.number.slice(0, 6)], entry.number);
  });

  it('masks like Antom and keeps only masked facts', () => {
    const assessment = assessCard(card('4054695723100768'), {
      amount: { currency: 'USD', value: '100' },
      acceptedBrands: ['VISA'],
      now: new Date('2030-01-15T00:00:00Z'),
    });
    assert.equal(assessment.card.cardNo, '************0768');
    assert.equal(assessment.card.lastFour, '0768');
    assert.equal(assessment.card.cardBin, '405469');
    const amex = assessCard(card('378282246310005'), {
      acceptedBrands: ['AMEX'],
      now: new Date('2030-01-15T00:00:00Z'),
    });
    assert.equal(amex.card.cardNo, '***********0005');
    assert.ok(!JSON.stringify(assessment).includes('4054695723100768'));
    assert.ok(!JSON.stringify(assessment).includes('"123"'));
  });
});

describe('test cards through the SDK endpoint, confirmed by inquiryPayment', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({
      merchants: [
        testMerchant(),
        testMerchant({ clientId: 'SANDBOX_VISA_ONLY', name: 'Visa only', brands: ['VISA'] }),
        testMerchant({ clientId: 'SANDBOX_EVERY_BRAND', name: 'Every brand', brands: [...CARD_BRANDS] }),
      ],
    });
  });
  after(() => t.close());

  async function payAndInquire(
    number: string,
    options: { session?: Record<string, unknown>; card?: Partial<ReturnType<typeof card>> } = {},
  ) {
    const { data, requestId } = await newSessionData(t.gateway.origin, options.session);
    const payment = await pay(t.gateway.origin, data, card(number, options.card));
    const inquiry = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    assert.equal(resultCode(inquiry), 'SUCCESS', 'the inquiry itself succeeds');
    return { payment, inquiry, transactions: (inquiry.json['transactions'] ?? []) as Row[] };
  }

  // The challenge card is answered with a 3-D Secure challenge first: payment-challenge.test.ts pays with it.
  for (const entry of TEST_CARDS.filter((card) => card.threeDS !== 'challenge')) {
    it(`${entry.brand} ${entry.number}: ${entry.resultCode}`, async () => {
      const { payment, inquiry, transactions } = await payAndInquire(entry.number);
      // The browser gets a generic decline where the precise code would only help a card tester.
      const browserCode = PRECISE_DECLINES.has(entry.resultCode) ? 'DO_NOT_HONOR' : entry.resultCode;
      assert.equal(resultCode(payment), browserCode);
      assert.equal(payment.json['paymentStatus'], STATUS_OF[entry.outcome]);
      assert.equal(inquiry.json['paymentStatus'], STATUS_OF[entry.outcome]);
      assert.equal(inquiry.json['paymentResultCode'], entry.resultCode);
      assert.equal(inquiry.json['paymentId'], payment.json['paymentId']);
      assert.equal(at(inquiry.json, 'paymentResultInfo.cardBrand'), entry.brand === 'UNIONPAY' ? 'CUP' : entry.brand);
      assert.equal(at(inquiry.json, 'paymentResultInfo.cardNo'), maskPan(entry.number));
      assert.equal(at(inquiry.json, 'paymentResultInfo.cardBin'), entry.number.slice(0, 6));
      assert.equal(at(inquiry.json, 'paymentResultInfo.lastFour'), entry.number.slice(-4));
      assert.equal(at(inquiry.json, 'paymentResultInfo.funding'), BIN_TABLE[entry.number.slice(0, 6)]?.funding);
      assert.equal(
        at(inquiry.json, 'paymentResultInfo.issuingCountry'),
        BIN_TABLE[entry.number.slice(0, 6)]?.issuingCountry,
      );
      // Which sandbox acquirer wins is routing's business (routing*.test.ts); here only that one did.
      assert.match(String(at(inquiry.json, 'acquirerInfo.acquirerName')), /^SANDBOX_ACQ_/);
      const kinds = transactions.map((row) => `${row['transactionType']}:${row['transactionStatus']}`);
      const expected = {
        APPROVED: ['AUTHORIZATION:SUCCESS', 'CAPTURE:SUCCESS'],
        DECLINED: ['AUTHORIZATION:FAIL'],
        PENDING: ['AUTHORIZATION:PROCESSING'],
      }[entry.outcome];
      assert.deepEqual(kinds, expected);
      assert.ok(!inquiry.text.includes(entry.number), 'the PAN never comes back');
    });
  }

  it('3DS frictionless exemption card succeeds with a threeDSResult', async () => {
    const { inquiry } = await payAndInquire('4035501000000008');
    const threeDS = at(inquiry.json, 'paymentResultInfo.threeDSResult') as Row;
    assert.equal(threeDS['threeDSVersion'], '2.2.0');
    assert.equal(threeDS['eci'], '05');
    assert.equal(threeDS['challenged'], 'false');
    assert.equal(threeDS['challengeCancel'], 'false');
    assert.match(String(threeDS['cavv']), /^[A-Za-z0-9+/]{27}=$/);
    const plain = await payAndInquire('4054695723100768');
    assert.equal(at(plain.inquiry.json, 'paymentResultInfo.threeDSResult'), undefined);
  });

  it('a successful authorization carries the Antom inquiry fields', async () => {
    const { inquiry, transactions } = await payAndInquire('5162774114974622');
    for (const field of [
      'paymentRequestId',
      'paymentId',
      'paymentAmount',
      'paymentCreateTime',
      'paymentTime',
      'paymentResultInfo',
      'acquirerInfo',
    ]) {
      assert.ok(inquiry.json[field] !== undefined, field);
    }
    assert.equal(inquiry.json['authExpiryTime'], undefined, 'captured payments have no pending authorization');
    assert.match(String(at(inquiry.json, 'paymentResultInfo.networkTransactionId')), /^\d{15}$/);
    assert.equal(at(inquiry.json, 'acquirerInfo.acquirerResultCode'), '00');
    const [authorization, capture] = transactions;
    assert.equal(authorization?.['transactionRequestId'], inquiry.json['paymentRequestId']);
    assert.deepEqual(capture?.['transactionAmount'], { currency: 'USD', value: '1000' });
    assert.deepEqual(at(capture, 'transactionResult'), {
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success.',
    });
  });

  it('MANUAL capture: SUCCESS without a CAPTURE transaction, authExpiryTime = authorization + 7 days', async () => {
    const { payment, inquiry, transactions } = await payAndInquire('4054695723100768', {
      session: { paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' } },
    });
    assert.equal(resultCode(payment), 'SUCCESS');
    assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
    assert.deepEqual(
      transactions.map((row) => row['transactionType']),
      ['AUTHORIZATION'],
    );
    const paid = Date.parse(String(inquiry.json['paymentTime']));
    assert.equal(Date.parse(String(inquiry.json['authExpiryTime'])) - paid, 7 * 24 * 60 * 60 * 1000);
    assert.equal(t.gateway.engine.payment(String(payment.json['paymentId']))?.state, 'AUTHORIZED');
  });

  it('a declined card names the acquirer code', async () => {
    const { inquiry } = await payAndInquire('5162770472561357');
    assert.equal(at(inquiry.json, 'acquirerInfo.acquirerResultCode'), '05');
    assert.equal(at(inquiry.json, 'acquirerInfo.acquirerResultMessage'), 'Do not honor');
    assert.equal(inquiry.json['paymentResultMessage'], 'The payment is declined by the issuing bank.');
  });

  const INPUT_CASES: Array<[string, string, Record<string, unknown>, Partial<ReturnType<typeof card>>]> = [
    ['amount "11"', 'RISK_REJECT', { paymentAmount: { currency: 'USD', value: '11' } }, {}],
    ['expiry month 13', 'INVALID_EXPIRATION_DATE', {}, { expiryMonth: '13' }],
    ['expiry month 00', 'INVALID_EXPIRATION_DATE', {}, { expiryMonth: '00' }],
    ['a 2-digit CVC', 'INVALID_CVV', {}, { cvc: '12' }],
    ['a 4-digit CVC on Visa', 'INVALID_CVV', {}, { cvc: '1234' }],
    ['a past expiry', 'CARD_EXPIRED', {}, { expiryMonth: '12', expiryYear: '29' }],
    ['a Luhn failure', 'INVALID_CARD_NUMBER', {}, { number: '4054695723100769' }],
    ['a Luhn-valid number of no known brand', 'CARD_NOT_SUPPORTED', {}, { number: '9999999999999995' }],
  ];
  for (const [label, code, session, cardOverrides] of INPUT_CASES) {
    it(`${label} -> ${code}, recorded as a failed payment without an acquirer`, async () => {
      const { payment, inquiry, transactions } = await payAndInquire('4054695723100768', {
        session,
        card: cardOverrides,
      });
      assert.equal(resultCode(payment), PRECISE_DECLINES.has(code) ? 'DO_NOT_HONOR' : code, 'what the browser is told');
      assert.equal(payment.json['paymentStatus'], 'FAIL');
      assert.equal(inquiry.json['paymentStatus'], 'FAIL');
      assert.equal(inquiry.json['paymentResultCode'], code, 'what the merchant reads');
      assert.equal(inquiry.json['acquirerInfo'], undefined);
      assert.deepEqual(
        transactions.map((row) => `${row['transactionType']}:${row['transactionStatus']}`),
        ['AUTHORIZATION:FAIL'],
      );
    });
  }

  it('the current month is not expired yet', async () => {
    const { payment } = await payAndInquire('4054695723100768', { card: { expiryMonth: '01', expiryYear: '30' } });
    assert.equal(resultCode(payment), 'SUCCESS');
  });

  it('a brand the merchant does not accept -> CARD_NOT_SUPPORTED', async () => {
    const created = await signedCall(
      t.gateway.origin,
      `${SANDBOX_API}/payments/createPaymentSession`,
      sessionRequest(),
      {
        clientId: 'SANDBOX_VISA_ONLY',
      },
    );
    const data = String(created.json['paymentSessionData']);
    const mastercard = await pay(t.gateway.origin, data, card('5162774114974622'));
    assert.equal(resultCode(mastercard), 'CARD_NOT_SUPPORTED');
    const visa = await pay(t.gateway.origin, data, card('4054695723100768'));
    assert.equal(resultCode(visa), 'SUCCESS');
  });

  it('a Troy card (which the frame accepts) is paid when the merchant accepts TROY, refused otherwise', async () => {
    const troy = '9792030394440796';
    const refused = await payAndInquire(troy);
    assert.equal(resultCode(refused.payment), 'CARD_NOT_SUPPORTED', 'TROY is not among the default brands');
    assert.equal(refused.inquiry.json['acquirerInfo'], undefined, 'refused by the gateway, before any acquirer');

    const everyBrand = { clientId: 'SANDBOX_EVERY_BRAND' };
    const created = await signedCall(t.gateway.origin, payments('createPaymentSession'), sessionRequest(), everyBrand);
    const payment = await pay(t.gateway.origin, String(created.json['paymentSessionData']), card(troy));
    assert.equal(resultCode(payment), 'SUCCESS');
    const paymentId = payment.json['paymentId'];
    const inquiry = await signedCall(t.gateway.origin, payments('inquiryPayment'), { paymentId }, everyBrand);
    assert.equal(at(inquiry.json, 'paymentResultInfo.cardBrand'), 'TROY');
    assert.equal(at(inquiry.json, 'paymentResultInfo.cardNo'), '************0796');
    assert.equal(at(inquiry.json, 'paymentResultInfo.issuingCountry'), 'TR');
    // The one sandbox acquirer that serves Troy (and Turkish cards).
    assert.equal(at(inquiry.json, 'acquirerInfo.acquirerName'), 'SANDBOX_ACQ_EU');
  });

  it('any other Luhn-valid card with a valid future expiry and CVC succeeds', async () => {
    for (const number of ['4111111111111111', '5555555555554444', '371449635398431']) {
      const { payment, inquiry } = await payAndInquire(number);
      assert.equal(resultCode(payment), 'SUCCESS', number);
      assert.equal(at(inquiry.json, 'paymentResultInfo.funding'), 'CREDIT');
      assert.equal(at(inquiry.json, 'paymentResultInfo.issuingCountry'), 'US');
    }
  });
});

/**
 * Malformed requests to every lifecycle endpoint: missing fields, wrong types, bad amounts and
 * unknown ids get the right code and a message naming the field; random bodies never get past the
 * handler as an exception (no SYSTEM_ERROR, no HTTP 500).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CARDS, cardMetaData } from '../support/cards.js';
import { at } from '../support/http.js';
import { startTestGateway, type TestGateway } from '../support/servers.js';
import { authorize, newRequestId, openApi, payRequest, resultCode, signedCall, payments } from './calls.js';

/** Sets (or deletes, with `undefined`) a dotted path in a copy of `body`. */
function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const parts = path.split('.');
  let target = copy;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

type Case = [path: string, value: unknown, message: RegExp];

const AMOUNT_CASES = (field: string): Case[] => [
  [field, undefined, new RegExp(`^${field} is required$`)],
  [field, '1000 USD', new RegExp(`^${field} must be an object$`)],
  [`${field}.currency`, undefined, new RegExp(`^${field}.currency is required$`)],
  [`${field}.currency`, 'usd', new RegExp(`^${field}.currency must be an ISO 4217 currency code`)],
  [`${field}.currency`, 'XYZ', new RegExp(`^${field}.currency is not a known ISO 4217 currency code$`)],
  [`${field}.value`, 1000, new RegExp(`^${field}.value must be a positive integer string$`)],
  [`${field}.value`, '0', new RegExp(`^${field}.value must be a positive integer string$`)],
  [`${field}.value`, '-100', new RegExp(`^${field}.value must be a positive integer string$`)],
  [`${field}.value`, '10.50', new RegExp(`^${field}.value must be a positive integer string$`)],
  [`${field}.value`, '1234567890123456', new RegExp(`^${field}.value must have at most 15 digits$`)],
  [field, { currency: 'IDR', value: '2500050' }, new RegExp(`^${field}.value must end in 00 for IDR \\(whole rupiahs`)],
];

const META = 'paymentMethod.paymentMethodMetaData';

const PAY_CASES: Case[] = [
  ['productCode', undefined, /^productCode is required$/],
  ['productCode', 'AGREEMENT_PAYMENT', /^productCode must be "CASHIER_PAYMENT"$/],
  ['paymentRequestId', undefined, /^paymentRequestId is required$/],
  ['paymentRequestId', 42, /^paymentRequestId must be a string$/],
  ['paymentRequestId', 'r'.repeat(65), /^paymentRequestId must be at most 64 characters$/],
  ...AMOUNT_CASES('paymentAmount'),
  ['order', undefined, /^order is required$/],
  ['order.orderDescription', 7, /^order.orderDescription must be a string$/],
  ['order.referenceOrderId', undefined, /^order.referenceOrderId is required$/],
  ['order.orderAmount', undefined, /^order.orderAmount is required$/],
  ['paymentMethod', undefined, /^paymentMethod is required$/],
  ['paymentMethod', 'CARD', /^paymentMethod must be an object$/],
  ['paymentMethod.paymentMethodType', 'ALIPAY_CN', /^paymentMethod.paymentMethodType must be "CARD"$/],
  [
    META,
    undefined,
    /^paymentMethod.paymentMethodMetaData is required \(or paymentMethod.paymentMethodId for a saved card\)$/,
  ],
  [META, [], /^paymentMethod.paymentMethodMetaData must be an object$/],
  [`${META}.cardNo`, undefined, /^paymentMethod.paymentMethodMetaData.cardNo is required$/],
  [
    `${META}.cardNo`,
    Number(CARDS.visa.approved),
    /^paymentMethod.paymentMethodMetaData.cardNo must be 8 to 19 digits$/,
  ],
  [`${META}.cardNo`, '4054 6957 2310 0768', /^paymentMethod.paymentMethodMetaData.cardNo must be 8 to 19 digits$/],
  [`${META}.cvv`, undefined, /^paymentMethod.paymentMethodMetaData.cvv is required$/],
  [`${META}.cvv`, 123, /^paymentMethod.paymentMethodMetaData.cvv must be 1 to 4 digits$/],
  [`${META}.expiryMonth`, '6', /^paymentMethod.paymentMethodMetaData.expiryMonth must be two digits$/],
  [`${META}.expiryYear`, undefined, /^paymentMethod.paymentMethodMetaData.expiryYear is required$/],
  [`${META}.tokenize`, 'yes', /^paymentMethod.paymentMethodMetaData.tokenize must be true or false$/],
  [`${META}.cardholderName`, 'Ada', /^paymentMethod.paymentMethodMetaData.cardholderName must be an object$/],
  [`${META}.cardholderName.firstName`, 5, /^paymentMethod.paymentMethodMetaData.cardholderName.firstName must be/],
  [
    `${META}.cardholderName.lastName`,
    'L'.repeat(33),
    /^paymentMethod.paymentMethodMetaData.cardholderName.lastName must be at most 32 characters$/,
  ],
  ['paymentMethod.paymentMethodId', 7, /^paymentMethod.paymentMethodId must be a string$/],
  ['paymentFactor', 'MANUAL', /^paymentFactor must be an object$/],
  ['paymentFactor.isAuthorization', false, /^paymentFactor.isAuthorization must be true$/],
  ['paymentFactor.captureMode', 'LATER', /^paymentFactor.captureMode must be one of AUTOMATIC, MANUAL$/],
  ['paymentRedirectUrl', undefined, /^paymentRedirectUrl is required$/],
  ['paymentRedirectUrl', 'javascript:alert(1)', /^paymentRedirectUrl must be an http or https URL$/],
  ['paymentNotifyUrl', 'ftp://shop.example/n', /^paymentNotifyUrl must be an http or https URL$/],
];

const captureBody = (): Record<string, unknown> => ({
  captureRequestId: newRequestId('cap'),
  paymentId: '20300115100000000000000000000001',
  captureAmount: { currency: 'USD', value: '1000' },
});

const CAPTURE_CASES: Case[] = [
  ['captureRequestId', undefined, /^captureRequestId is required$/],
  ['captureRequestId', '', /^captureRequestId must not be empty$/],
  ['captureRequestId', 'c'.repeat(65), /^captureRequestId must be at most 64 characters$/],
  ['paymentId', undefined, /^paymentId is required$/],
  ['paymentId', 20300115, /^paymentId must be a string$/],
  ...AMOUNT_CASES('captureAmount'),
  ['isLastCapture', 'maybe', /^isLastCapture must be true or false$/],
];

const refundBody = (): Record<string, unknown> => ({
  refundRequestId: newRequestId('ref'),
  paymentId: '20300115100000000000000000000001',
  refundAmount: { currency: 'USD', value: '100' },
});

const REFUND_CASES: Case[] = [
  ['refundRequestId', undefined, /^refundRequestId is required$/],
  ['refundRequestId', ['r'], /^refundRequestId must be a string$/],
  ['paymentId', undefined, /^paymentId is required$/],
  ...AMOUNT_CASES('refundAmount'),
  ['refundReason', 'r'.repeat(257), /^refundReason must be at most 256 characters$/],
  ['refundNotifyUrl', 'mailto:shop@example.com', /^refundNotifyUrl must be an http or https URL$/],
  ['refundNotifyUrl', `https://shop.example/${'n'.repeat(1004)}`, /^refundNotifyUrl must be at most 1024 characters$/],
];

describe('malformed Open API requests', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  async function expectIllegal(endpoint: string, body: unknown, message: RegExp, label: string): Promise<void> {
    const answer = await openApi(t.gateway.origin, endpoint, body);
    assert.equal(answer.status, 200, label);
    assert.deepEqual(
      { code: resultCode(answer), status: at(answer.json, 'result.resultStatus') },
      { code: 'PARAM_ILLEGAL', status: 'F' },
      `${label}: ${answer.text}`,
    );
    assert.match(String(at(answer.json, 'result.resultMessage')), message, label);
  }

  const tables: Array<[string, () => Record<string, unknown>, Case[]]> = [
    ['pay', () => payRequest(), PAY_CASES],
    ['capture', captureBody, CAPTURE_CASES],
    ['refund', refundBody, REFUND_CASES],
  ];
  for (const [endpoint, valid, cases] of tables) {
    it(`${endpoint}: every field problem is PARAM_ILLEGAL naming the field`, async () => {
      for (const [path, value, message] of cases) {
        await expectIllegal(endpoint, withField(valid(), path, value), message, `${endpoint} ${path}=${String(value)}`);
      }
    });
  }

  it('cancel, inquiryRefund and inquiryPayment need one of their two identifiers, as strings', async () => {
    await expectIllegal('cancel', {}, /^paymentId or paymentRequestId is required$/, 'cancel {}');
    await expectIllegal('cancel', { paymentId: 5 }, /^paymentId must be a string$/, 'cancel paymentId=5');
    await expectIllegal('cancel', { paymentRequestId: '' }, /^paymentRequestId must not be empty$/, 'cancel ""');
    await expectIllegal('inquiryRefund', {}, /^refundId or refundRequestId is required$/, 'inquiryRefund {}');
    await expectIllegal('inquiryRefund', { refundId: 1 }, /^refundId must be a string$/, 'inquiryRefund 1');
    await expectIllegal(
      'inquiryPayment',
      { paymentId: null, paymentRequestId: null },
      /^paymentId or paymentRequestId is required$/,
      'inquiry nulls',
    );
  });

  it('every endpoint wants a JSON object body', async () => {
    for (const endpoint of ['pay', 'capture', 'cancel', 'refund', 'inquiryRefund', 'inquiryPayment']) {
      for (const body of ['[]', 'null', '"capture"', '42']) {
        await expectIllegal(endpoint, body, /^request body must be a JSON object$/, `${endpoint} ${body}`);
      }
      await expectIllegal(
        endpoint,
        '{"paymentId":',
        /^The request body is not valid JSON\.$/,
        `${endpoint} broken JSON`,
      );
    }
  });

  it('unknown ids get ORDER_NOT_EXIST with a message saying which', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['capture', captureBody(), 'no payment with this paymentId exists for this merchant'],
      ['cancel', { paymentId: 'nope' }, 'no payment with this paymentId exists for this merchant'],
      ['cancel', { paymentRequestId: 'nope' }, 'no payment with this paymentRequestId exists for this merchant'],
      ['refund', refundBody(), 'no payment with this paymentId exists for this merchant'],
      ['inquiryRefund', { refundId: 'nope' }, 'no refund with this refundId exists for this merchant'],
      ['inquiryRefund', { refundRequestId: 'nope' }, 'no refund with this refundRequestId exists for this merchant'],
    ];
    for (const [endpoint, body, message] of cases) {
      const answer = await openApi(t.gateway.origin, endpoint, body);
      assert.deepEqual(answer.json['result'], {
        resultCode: 'ORDER_NOT_EXIST',
        resultStatus: 'F',
        resultMessage: message,
      });
    }
  });

  it('checks the signature before anything else on the new endpoints, under both prefixes', async () => {
    const paymentId = await authorize(t.gateway.origin);
    const body = { paymentId };
    for (const path of [payments('cancel'), `/ams/api/v1/payments/cancel`]) {
      const tampered = await signedCall(t.gateway.origin, path, body, { tamper: (text) => text.replace('}', ' }') });
      assert.equal(resultCode(tampered), 'INVALID_SIGNATURE', path);
    }
    assert.equal(t.gateway.engine.payment(paymentId)?.state, 'AUTHORIZED', 'nothing was cancelled');
    const prod = await signedCall(t.gateway.origin, '/ams/api/v1/payments/cancel', body);
    assert.equal(resultCode(prod), 'SUCCESS');
  });

  it('random bodies and random field values never throw past the handler', async () => {
    const endpoints: Array<[string, () => Record<string, unknown>]> = [
      [
        'pay',
        () =>
          payRequest(CARDS.visa.approved, {
            paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: cardMetaData(CARDS.visa.approved) },
          }),
      ],
      ['capture', captureBody],
      ['cancel', () => ({ paymentId: 'x', paymentRequestId: 'y' })],
      ['refund', refundBody],
      ['inquiryRefund', () => ({ refundId: 'x', refundRequestId: 'y' })],
    ];
    const leafPaths = (value: unknown, prefix = ''): string[] =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, child]) => [`${prefix}${key}`, ...leafPaths(child, `${prefix}${key}.`)])
        : [];
    for (const [endpoint, valid] of endpoints) {
      const paths = leafPaths(valid());
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue().map((json) => JSON.stringify(json)),
            fc
              .tuple(fc.constantFrom(...paths), fc.jsonValue())
              .map(([path, value]) => JSON.stringify(withField(valid(), path, value))),
          ),
          async (text) => {
            const answer = await openApi(t.gateway.origin, endpoint, text ?? 'null');
            assert.equal(answer.status, 200, `${endpoint} ${text}`);
            const code = String(resultCode(answer));
            assert.match(code, /^[A-Z_]+$/);
            assert.ok(!['SYSTEM_ERROR', 'UNKNOWN_EXCEPTION'].includes(code), `${endpoint} ${text} -> ${answer.text}`);
            assert.equal(typeof at(answer.json, 'result.resultMessage'), 'string');
          },
        ),
        { numRuns: 40 },
      );
    }
  });
});

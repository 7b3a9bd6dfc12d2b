import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AntomClient, AntomError, isSucceeded } from '../../src/server/index.js';
import { startFakeAntom, SUCCESS, type FakeAntom, type FakeReply } from '../support/fake-antom.js';
import { KEYS } from '../support/keys.js';
import { CARDS } from '../support/cards.js';

function client(origin: string, clientId = 'SANDBOX_TEST'): AntomClient {
  return new AntomClient({
    clientId,
    privateKey: KEYS.merchant.privateKey,
    antomPublicKey: KEYS.antom.publicKey,
    endpoint: origin,
  });
}

async function withFake(reply: FakeReply, run: (antom: AntomClient, fake: FakeAntom) => Promise<void>): Promise<void> {
  const fake = await startFakeAntom(() => reply);
  try {
    await run(client(fake.origin), fake);
  } finally {
    await fake.close();
  }
}

const USD = { currency: 'USD', value: '2500' };

/** Each typed method: its request, the endpoint it must reach, an answer and a field to read back. */
const cases: {
  name: string;
  path: string;
  answer: Record<string, unknown>;
  call: (antom: AntomClient) => Promise<object>;
  request: Record<string, unknown>;
}[] = [
  {
    name: 'capture',
    path: 'payments/capture',
    request: { captureRequestId: 'cap_1', paymentId: 'pay_1', captureAmount: USD },
    answer: { captureRequestId: 'cap_1', captureId: 'c1', paymentId: 'pay_1', captureAmount: USD },
    call: (antom) => antom.capture({ captureRequestId: 'cap_1', paymentId: 'pay_1', captureAmount: USD }),
  },
  {
    name: 'cancel',
    path: 'payments/cancel',
    request: { paymentId: 'pay_1' },
    answer: { paymentId: 'pay_1', paymentRequestId: 'demo_1', cancelTime: '2025-01-01T00:00:00+08:00' },
    call: (antom) => antom.cancel({ paymentId: 'pay_1' }),
  },
  {
    name: 'refund',
    path: 'payments/refund',
    request: { refundRequestId: 'ref_1', paymentId: 'pay_1', refundAmount: USD, refundReason: 'returned' },
    answer: { refundRequestId: 'ref_1', refundId: 'r1', paymentId: 'pay_1', refundAmount: USD },
    call: (antom) =>
      antom.refund({ refundRequestId: 'ref_1', paymentId: 'pay_1', refundAmount: USD, refundReason: 'returned' }),
  },
  {
    name: 'inquiryRefund',
    path: 'payments/inquiryRefund',
    request: { refundRequestId: 'ref_1' },
    answer: { refundRequestId: 'ref_1', refundStatus: 'SUCCESS', refundAmount: USD },
    call: (antom) => antom.inquiryRefund({ refundRequestId: 'ref_1' }),
  },
  {
    name: 'pay with a card token',
    path: 'payments/pay',
    request: {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: 'demo_2',
      paymentAmount: USD,
      order: { referenceOrderId: 'o2', orderDescription: 'Order', orderAmount: USD },
      paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: 'ALIPAY_TOKEN' },
      paymentRedirectUrl: 'https://shop.example/result',
    },
    answer: { paymentId: 'pay_2', paymentRequestId: 'demo_2', paymentAmount: USD },
    call: (antom) =>
      antom.pay({
        productCode: 'CASHIER_PAYMENT',
        paymentRequestId: 'demo_2',
        paymentAmount: USD,
        order: { referenceOrderId: 'o2', orderDescription: 'Order', orderAmount: USD },
        paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: 'ALIPAY_TOKEN' },
        paymentRedirectUrl: 'https://shop.example/result',
      }),
  },
  {
    name: 'createVaultingSession',
    path: 'vaults/createVaultingSession',
    request: {
      paymentMethodType: 'CARD',
      vaultingRequestId: 'v_1',
      vaultingNotificationUrl: 'https://shop.example/notify',
      redirectUrl: 'https://shop.example/wallet',
    },
    answer: {
      vaultingSessionData: 'token&&SG&&1&&e30=',
      vaultingSessionId: 'vs_1',
      vaultingSessionExpiryTime: '2030-01-01T00:00:00+08:00',
    },
    call: (antom) =>
      antom.createVaultingSession({
        paymentMethodType: 'CARD',
        vaultingRequestId: 'v_1',
        vaultingNotificationUrl: 'https://shop.example/notify',
        redirectUrl: 'https://shop.example/wallet',
      }),
  },
  {
    name: 'vaultPaymentMethod',
    path: 'vaults/vaultPaymentMethod',
    request: {
      vaultingRequestId: 'v_2',
      vaultingNotificationUrl: 'https://shop.example/notify',
      redirectUrl: 'https://shop.example/wallet',
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: { cardNo: CARDS.visa.approved, expiryMonth: '12', expiryYear: '30', cvv: '123' },
      },
    },
    answer: {
      vaultingRequestId: 'v_2',
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: { cardToken: 'ALIPAY_T', maskedCardNo: '************0768' },
      },
    },
    call: (antom) =>
      antom.vaultPaymentMethod({
        vaultingRequestId: 'v_2',
        vaultingNotificationUrl: 'https://shop.example/notify',
        redirectUrl: 'https://shop.example/wallet',
        paymentMethodDetail: {
          paymentMethodType: 'CARD',
          card: { cardNo: CARDS.visa.approved, expiryMonth: '12', expiryYear: '30', cvv: '123' },
        },
      }),
  },
  {
    name: 'inquireVaulting',
    path: 'vaults/inquireVaulting',
    request: { vaultingRequestId: 'v_2' },
    answer: { vaultingRequestId: 'v_2', vaultingStatus: 'SUCCESS' },
    call: (antom) => antom.inquireVaulting({ vaultingRequestId: 'v_2' }),
  },
  {
    name: 'inquireToken',
    path: 'vaults/inquireToken',
    request: { token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1' },
    answer: { token: 'ALIPAY_T', issuingCountry: 'SG', tokenExpiryTime: '2034-12-31T23:59:59+00:00' },
    call: (antom) => antom.inquireToken({ token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1' }),
  },
  {
    name: 'updateToken',
    path: 'vaults/updateToken',
    request: { token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1', email: 'ada@example.com' },
    answer: { token: 'ALIPAY_T' },
    call: (antom) => antom.updateToken({ token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1', email: 'ada@example.com' }),
  },
  {
    name: 'retrievePaymentSession',
    path: 'payments/retrievePaymentSession',
    request: { paymentRequestId: 'demo_3' },
    answer: {},
    call: (antom) => antom.retrievePaymentSession({ paymentRequestId: 'demo_3' }),
  },
  {
    name: 'deleteToken',
    path: 'vaults/deleteToken',
    request: { token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1' },
    answer: {},
    call: (antom) => antom.deleteToken({ token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1' }),
  },
];

describe('AntomClient typed methods', () => {
  for (const { name, path, request, answer, call } of cases) {
    it(`${name}: signs the body to /ams/sandbox/api/v1/${path} and returns the verified answer`, async () => {
      await withFake({ body: { result: SUCCESS, ...answer } }, async (antom, fake) => {
        const response = await call(antom);
        assert.deepEqual(response, { result: SUCCESS, ...answer });
        const [sent] = fake.requests;
        assert.equal(sent?.path, `/ams/sandbox/api/v1/${path}`);
        assert.equal(sent?.signatureValid, true);
        assert.deepEqual(JSON.parse(sent?.body ?? '{}'), request);
      });
    });
  }

  it('uses the live prefix for a live client id', async () => {
    const fake = await startFakeAntom(() => ({ body: { result: SUCCESS } }));
    try {
      await client(fake.origin, 'LIVE123').deleteToken({ token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1' });
      assert.equal(fake.requests[0]?.path, '/ams/api/v1/vaults/deleteToken');
    } finally {
      await fake.close();
    }
  });

  it('keeps resultCode, resultStatus and resultMessage of a refused capture', async () => {
    const refused = { resultCode: 'PROCESS_FAIL', resultStatus: 'F', resultMessage: 'payment pay_1 is CANCELLED' };
    await withFake({ body: { result: refused } }, async (antom) => {
      const error = await antom.capture({ captureRequestId: 'cap_1', paymentId: 'pay_1', captureAmount: USD }).then(
        () => assert.fail('expected a refusal'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof AntomError);
      assert.equal(error.kind, 'RESULT_FAILED');
      assert.equal(error.endpoint, 'payments/capture');
      assert.deepEqual(
        [error.resultCode, error.resultStatus, error.resultMessage],
        ['PROCESS_FAIL', 'F', 'payment pay_1 is CANCELLED'],
      );
    });
  });

  it('resolves a U capture as in process, with only the envelope certain', async () => {
    const pending = { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'try later' };
    await withFake({ body: { result: pending } }, async (antom) => {
      const response = await antom.capture({ captureRequestId: 'cap_1', paymentId: 'pay_1', captureAmount: USD });
      assert.equal(isSucceeded(response), false);
      assert.equal(response.captureId, undefined);
    });
  });

  it('refuses an S answer that lacks the field the method promises', async () => {
    for (const [reply, call] of [
      [
        { result: SUCCESS, captureRequestId: 'cap_1' },
        (antom: AntomClient) => antom.capture({ captureRequestId: 'cap_1', paymentId: 'p', captureAmount: USD }),
      ],
      [
        { result: SUCCESS, refundRequestId: 'r' },
        (antom: AntomClient) => antom.refund({ refundRequestId: 'r', paymentId: 'p', refundAmount: USD }),
      ],
      [
        { result: SUCCESS, vaultingSessionId: 'vs' },
        (antom: AntomClient) =>
          antom.createVaultingSession({
            paymentMethodType: 'CARD',
            vaultingRequestId: 'v',
            vaultingNotificationUrl: 'https://x.example/n',
            redirectUrl: 'https://x.example/r',
          }),
      ],
      [{ result: SUCCESS }, (antom: AntomClient) => antom.inquireVaulting({ vaultingRequestId: 'v' })],
      [
        { result: SUCCESS },
        (antom: AntomClient) => antom.inquireToken({ token: 'ALIPAY_T', merchantAccountId: 'ACCOUNT_1' }),
      ],
    ] as const) {
      await withFake({ body: reply }, async (antom) => {
        await assert.rejects(
          call(antom),
          (error: unknown) => error instanceof AntomError && error.kind === 'INVALID_RESPONSE',
        );
      });
    }
  });

  it('names a missing id before sending anything', async () => {
    const fake = await startFakeAntom(() => ({ body: { result: SUCCESS } }));
    try {
      const antom = client(fake.origin);
      const bad = <T>(value: unknown): T => value as T;
      await assert.rejects(antom.capture(bad({ paymentId: 'p', captureAmount: USD })), /capture: captureRequestId/);
      await assert.rejects(antom.capture(bad({ captureRequestId: 'c', captureAmount: USD })), /capture: paymentId/);
      await assert.rejects(antom.refund(bad({ paymentId: 'p', refundAmount: USD })), /refund: refundRequestId/);
      await assert.rejects(antom.cancel(bad({})), /cancel: paymentId or paymentRequestId/);
      await assert.rejects(antom.inquiryRefund(bad({})), /inquiryRefund: refundId or refundRequestId/);
      await assert.rejects(antom.pay(bad({ paymentRequestId: '' })), /pay: paymentRequestId/);
      await assert.rejects(antom.createVaultingSession(bad({})), /createVaultingSession: vaultingRequestId/);
      await assert.rejects(antom.vaultPaymentMethod(bad({})), /vaultPaymentMethod: vaultingRequestId/);
      await assert.rejects(antom.inquireVaulting(bad({})), /inquireVaulting: vaultingRequestId/);
      await assert.rejects(antom.deleteToken(bad({ cardToken: 'ALIPAY_T' })), /deleteToken: token is required/);
      await assert.rejects(antom.deleteToken(bad({ token: 'ALIPAY_T' })), /deleteToken: merchantAccountId/);
      await assert.rejects(antom.inquireToken(bad({ merchantAccountId: 'A' })), /inquireToken: token is required/);
      await assert.rejects(antom.updateToken(bad({ token: 'ALIPAY_T' })), /updateToken: merchantAccountId/);
      await assert.rejects(
        antom.retrievePaymentSession(bad({})),
        /retrievePaymentSession: paymentSessionId or paymentRequestId/,
      );
      await assert.rejects(antom.capture(bad(null)), TypeError);
      assert.equal(fake.requests.length, 0);
    } finally {
      await fake.close();
    }
  });
});

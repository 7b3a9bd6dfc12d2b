/**
 * The Node client's request and response types against Antom's SDK models and reference
 * (docs/antom-api.md sections 3 and 11): what the compiler must refuse is marked `@ts-expect-error`,
 * so `tsc -b` fails as soon as a type requires less, or other names, than Antom does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  CreatePaymentSessionRequest,
  CreateVaultingSessionRequest,
  DeleteTokenRequest,
  InquiryPaymentResult,
  Transaction,
  VaultedCard,
  VaultPaymentMethodResult,
} from '../../src/server/index.js';

const USD = { currency: 'USD', value: '2500' };

const session: CreatePaymentSessionRequest = {
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: 'req_1',
  paymentAmount: USD,
  order: { referenceOrderId: 'o1', orderDescription: 'Mug', orderAmount: USD },
  paymentMethod: { paymentMethodType: 'CARD' },
  paymentFactor: { isAuthorization: true },
  paymentRedirectUrl: 'https://shop.example/back',
};

describe('request and response types follow the SDK models', () => {
  it('requires paymentFactor.isAuthorization true in a card session, and the three order fields', () => {
    const { paymentFactor: _factor, ...withoutFactor } = session;
    // @ts-expect-error a card session needs paymentFactor (J PaymentFactor.java: isAuthorization with the SDK)
    const noFactor: CreatePaymentSessionRequest = withoutFactor;
    // @ts-expect-error isAuthorization must be true
    const notAuthorizing: CreatePaymentSessionRequest = { ...session, paymentFactor: { isAuthorization: false } };
    const { orderAmount: _amount, ...orderWithoutAmount } = session.order;
    // @ts-expect-error order.orderAmount is required
    const noOrderAmount: CreatePaymentSessionRequest = { ...session, order: orderWithoutAmount };
    assert.ok(noFactor && notAuthorizing && noOrderAmount);
  });

  it("names deleteToken's fields as Antom does, and leaves a vaulting session's redirectUrl optional", () => {
    const deletion: DeleteTokenRequest = { token: 'ALIPAY_T', merchantAccountId: '2188116129848784' };
    // @ts-expect-error cardToken is not a field of AlipayDeleteTokenRequest
    const former: DeleteTokenRequest = { cardToken: 'ALIPAY_T', merchantAccountId: '2188116129848784' };
    // @ts-expect-error merchantAccountId is REQUIRED (D oneapi/delete_token)
    const noAccount: DeleteTokenRequest = { token: 'ALIPAY_T' };
    const vaulting: CreateVaultingSessionRequest = {
      paymentMethodType: 'CARD',
      vaultingRequestId: 'v1',
      vaultingNotificationUrl: 'https://shop.example/notify',
    };
    assert.ok(deletion && former && noAccount && vaulting);
  });

  it("reads the models' fields: bin and last4 of a vaulted card, no challengeActionForm, INCREMENTAL", () => {
    const card: VaultedCard = { cardToken: 'ALIPAY_T', brand: 'CUP', bin: '620000', last4: '0005' };
    // @ts-expect-error cardBin is PaymentResultInfo's field, not CardPaymentMethodDetail's
    const wrongBin: VaultedCard = { cardToken: 'ALIPAY_T', cardBin: '620000' };
    // @ts-expect-error AlipayVaultingPaymentMethodResponse has normalUrl, schemeUrl, applinkUrl, no challengeActionForm
    const form: VaultPaymentMethodResult = { vaultingRequestId: 'v1', challengeActionForm: {} };
    const incremental: Transaction['transactionType'] = 'INCREMENTAL';
    assert.ok(card && wrongBin && form && incremental);
  });

  it('types a successful inquiry as a payment that exists', () => {
    const inquiry: InquiryPaymentResult = {
      paymentStatus: 'SUCCESS',
      paymentResultCode: 'SUCCESS',
      paymentResultMessage: 'success.',
      paymentId: 'p1',
      paymentRequestId: 'req_1',
      paymentAmount: USD,
    };
    const { paymentId: _id, ...withoutId } = inquiry;
    // @ts-expect-error an S inquiry reports a payment (no payment is ORDER_NOT_EXIST)
    const noPayment: InquiryPaymentResult = withoutId;
    assert.ok(inquiry && noPayment);
  });
});

/**
 * Open API, payments group: `createPaymentSession` and `inquiryPayment`
 * (antom-api.md section 3), served under both `/ams/api/v1/payments/...` and
 * `/ams/sandbox/api/v1/payments/...`. Request fields are checked here, at the edge; Antom's rules
 * (idempotency, expiry, lifecycle) live in the engine.
 */
import type { GatewayContext } from '../context.js';
import type { PaymentEngine } from '../engine/engine.js';
import { isHttpUrl } from '../engine/merchants.js';
import { result } from '../engine/result-codes.js';
import { parseTimeWithOffset } from '../engine/time.js';
import type { Router } from '../http/router.js';
import {
  array,
  boolean,
  mustBeTrue,
  object,
  oneOf,
  optional,
  refine,
  SchemaError,
  string,
  type Schema,
} from '../http/schema.js';
import { amountJson, paymentFieldsJson, transactionJson } from './payment-json.js';
import { OPEN_API_PREFIXES, openApiRoute, type OpenApiAnswer, type SignedCall } from './signed-call.js';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const currencyCode = refine(
  string({ pattern: /^[A-Z]{3}$/, rule: 'must be an ISO 4217 currency code (3 upper-case letters)' }),
  (code) => KNOWN_CURRENCIES.has(code),
  'is not a known ISO 4217 currency code',
);

const amount = object({
  currency: currencyCode,
  value: refine(
    string({ pattern: /^[1-9]\d*$/, rule: 'must be a positive integer string' }),
    (value) => value.length <= 15,
    'must have at most 15 digits',
  ),
});

const httpUrl = (): Schema<string> =>
  refine(string({ max: 2048 }), (value) => isHttpUrl(value), 'must be an http or https URL');

const expiryTime = refine(
  string({ max: 40 }),
  (value) => parseTimeWithOffset(value) !== undefined,
  'must be an ISO-8601 date-time with an offset, e.g. 2024-05-01T12:30:00+08:00',
);

/** `createPaymentSession` request, as far as the card checkout uses it; other fields are ignored. */
const createPaymentSessionRequest = object({
  productCode: oneOf(['CASHIER_PAYMENT']),
  paymentRequestId: string({ max: 64 }),
  paymentAmount: amount,
  order: object({
    orderDescription: string({ max: 256 }),
    referenceOrderId: optional(string({ max: 64 })),
    orderAmount: optional(amount),
    buyer: optional(
      object({
        referenceBuyerId: optional(string({ max: 64 })),
        buyerEmail: optional(string({ max: 64 })),
        buyerPhoneNo: optional(string({ max: 32 })),
      }),
    ),
  }),
  paymentMethod: object({ paymentMethodType: oneOf(['CARD']) }),
  paymentFactor: object({
    isAuthorization: mustBeTrue(),
    captureMode: optional(oneOf(['AUTOMATIC', 'MANUAL'])),
  }),
  paymentRedirectUrl: httpUrl(),
  paymentNotifyUrl: optional(httpUrl()),
  env: optional(object({ terminalType: optional(oneOf(['WEB', 'WAP', 'APP', 'MINI_APP'])) })),
  settlementStrategy: optional(object({ settlementCurrency: optional(currencyCode) })),
  paymentSessionExpiryTime: optional(expiryTime),
  // Saved cards and tokenization arrive with the vaulting issue; their shape is checked loosely now.
  savedPaymentMethods: optional(array(object({ paymentMethodType: optional(string({ max: 32 })) }), 20)),
  availablePaymentMethod: optional(
    object({
      paymentMethodMetaData: optional(
        object({ tokenizeMode: optional(string({ max: 32 })), isCardOnFile: optional(boolean()) }),
      ),
    }),
  ),
});

/** `inquiryPayment` request. */
const inquiryPaymentRequest = object({
  paymentId: optional(string({ max: 64 })),
  paymentRequestId: optional(string({ max: 64 })),
});

/** `payments/createPaymentSession`: mints a card payment session. */
export function createPaymentSession(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = createPaymentSessionRequest.parse(call.body, '');
  const expiryText = request.paymentSessionExpiryTime;
  const created = engine.createPaymentSession(call.merchant.clientId, {
    paymentRequestId: request.paymentRequestId,
    amount: request.paymentAmount,
    order: {
      orderDescription: request.order.orderDescription,
      ...(request.order.referenceOrderId !== undefined ? { referenceOrderId: request.order.referenceOrderId } : {}),
      ...(request.order.orderAmount ? { orderAmount: request.order.orderAmount } : {}),
      ...(request.order.buyer ? { buyer: request.order.buyer } : {}),
    },
    captureMode: request.paymentFactor.captureMode ?? 'AUTOMATIC',
    redirectUrl: request.paymentRedirectUrl,
    ...(request.paymentNotifyUrl !== undefined ? { notifyUrl: request.paymentNotifyUrl } : {}),
    ...(request.env?.terminalType !== undefined ? { terminalType: request.env.terminalType } : {}),
    ...(request.settlementStrategy?.settlementCurrency !== undefined
      ? { settlementCurrency: request.settlementStrategy.settlementCurrency }
      : {}),
    ...(expiryText !== undefined ? { expiry: { at: parseTimeWithOffset(expiryText)!, text: expiryText } } : {}),
  });
  if (!created.ok) return { body: { result: created.error } };
  return { body: { result: result('SUCCESS'), ...created.value } };
}

/** `payments/inquiryPayment`: the status of a payment by `paymentId` (wins) or `paymentRequestId`. */
export function inquiryPayment(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = inquiryPaymentRequest.parse(call.body, '');
  if (request.paymentId === undefined && request.paymentRequestId === undefined) {
    throw new SchemaError('paymentId or paymentRequestId is required');
  }
  const found = engine.inquiryPayment(
    call.merchant.clientId,
    request.paymentId !== undefined
      ? { paymentId: request.paymentId }
      : { paymentRequestId: request.paymentRequestId! },
  );
  if (!found.ok) return { body: { result: found.error } };
  const inquiry = found.value;
  return {
    body: {
      result: result('SUCCESS'),
      paymentStatus: inquiry.paymentStatus,
      ...(inquiry.paymentResult
        ? { paymentResultCode: inquiry.paymentResult.code, paymentResultMessage: inquiry.paymentResult.message }
        : {}),
      paymentRequestId: inquiry.paymentRequestId,
      paymentAmount: amountJson(inquiry.paymentAmount),
      ...(inquiry.payment
        ? { ...paymentFieldsJson(inquiry.payment), transactions: inquiry.payment.transactions.map(transactionJson) }
        : { transactions: [] }),
    },
  };
}

/** Serves the payments group under both Open API prefixes. */
export function registerPaymentRoutes(router: Router, context: GatewayContext): void {
  for (const prefix of OPEN_API_PREFIXES) {
    router.on(
      `${prefix}/payments/createPaymentSession`,
      openApiRoute(context, (call) => createPaymentSession(context.engine, call)),
    );
    router.on(
      `${prefix}/payments/inquiryPayment`,
      openApiRoute(context, (call) => inquiryPayment(context.engine, call)),
    );
  }
}

/**
 * Open API, payments group (docs/antom-api.md section 3), served under both `/ams/api/v1/payments/...`
 * and `/ams/sandbox/api/v1/payments/...`: `createPaymentSession` and `inquiryPayment` here, `pay`,
 * `capture`, `cancel`, `refund` and `inquiryRefund` in their own modules. Request fields are checked
 * at the edge; Antom's rules (idempotency, expiry, lifecycle) live in the engine.
 */
import { array, boolean, mustBeTrue, object, oneOf, optional, refine, string, type Infer } from '#shared';
import type { GatewayContext } from '../context.js';
import type { PaymentEngine } from '../engine/engine.js';
import { result } from '../engine/result-codes.js';
import { parseTimeWithOffset } from '../engine/time.js';
import type { Router } from '../http/router.js';
import type { CreateSessionInput } from '../engine/types.js';
import { cancel, capture } from './capture-cancel.js';
import { pay } from './pay.js';
import { challengeRedirectUrl, redirectActionFormJson } from './challenge-redirect.js';
import { paymentFieldsJson, transactionJson } from './payment-json.js';
import { inquiryRefund, refund } from './refunds.js';
import { amount, currencyCode, httpUrl, order, orderInput, requestId, requireOneOf } from './request-schemas.js';
import {
  OPEN_API_PREFIXES,
  openApiRoute,
  type OpenApiAnswer,
  type OpenApiOperation,
  type SignedCall,
} from './signed-call.js';

const expiryTime = refine(
  string({ max: 40 }),
  (value) => parseTimeWithOffset(value) !== undefined,
  'must be an ISO-8601 date-time with an offset, e.g. 2024-05-01T12:30:00+08:00',
);

/** `createPaymentSession` request, as far as the card checkout uses it; other fields are ignored. */
const createPaymentSessionRequest = object({
  productCode: oneOf(['CASHIER_PAYMENT']),
  paymentRequestId: requestId(),
  paymentAmount: amount,
  order,
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
  savedPaymentMethods: optional(
    array(object({ paymentMethodType: oneOf(['CARD']), paymentMethodId: string({ max: 128 }) }), 20),
  ),
  availablePaymentMethod: optional(
    object({
      paymentMethodMetaData: optional(
        object({
          tokenizeMode: optional(oneOf(['ASKFORCONSENT', 'ENABLE', 'DISABLE'])),
          isCardOnFile: optional(boolean()),
          is3DSAuthentication: optional(boolean()),
        }),
      ),
    }),
  ),
  merchantAppointParam: optional(object({ storedCard: optional(object({ needCVV: optional(boolean()) })) })),
});

/** The saved cards, tokenization, 3-D Secure choice and CVC policy of a parsed request, without absent keys. */
function cardOnFileInput(
  request: Infer<typeof createPaymentSessionRequest>,
): Pick<CreateSessionInput, 'savedPaymentMethods' | 'tokenizeMode' | 'isCardOnFile' | 'threeDS' | 'savedCardCvc'> {
  const meta = request.availablePaymentMethod?.paymentMethodMetaData;
  const needCVV = request.merchantAppointParam?.storedCard?.needCVV;
  return {
    ...(request.savedPaymentMethods
      ? { savedPaymentMethods: request.savedPaymentMethods.map((saved) => saved.paymentMethodId) }
      : {}),
    ...(meta?.tokenizeMode !== undefined ? { tokenizeMode: meta.tokenizeMode } : {}),
    ...(meta?.isCardOnFile !== undefined ? { isCardOnFile: meta.isCardOnFile } : {}),
    ...(meta?.is3DSAuthentication !== undefined ? { threeDS: meta.is3DSAuthentication } : {}),
    ...(needCVV !== undefined ? { savedCardCvc: needCVV } : {}),
  };
}

const inquiryPaymentRequest = object({
  paymentId: optional(requestId()),
  paymentRequestId: optional(requestId()),
});

/** `payments/createPaymentSession`: mints a card payment session. */
export function createPaymentSession(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = createPaymentSessionRequest.parse(call.body, '');
  const expiryText = request.paymentSessionExpiryTime;
  const created = engine.createPaymentSession(call.merchant.clientId, {
    paymentRequestId: request.paymentRequestId,
    amount: request.paymentAmount,
    order: orderInput(request.order),
    captureMode: request.paymentFactor.captureMode ?? 'AUTOMATIC',
    redirectUrl: request.paymentRedirectUrl,
    ...(request.paymentNotifyUrl !== undefined ? { notifyUrl: request.paymentNotifyUrl } : {}),
    ...(request.env?.terminalType !== undefined ? { terminalType: request.env.terminalType } : {}),
    ...(request.settlementStrategy?.settlementCurrency !== undefined
      ? { settlementCurrency: request.settlementStrategy.settlementCurrency }
      : {}),
    ...(expiryText !== undefined ? { expiry: { at: parseTimeWithOffset(expiryText)!, text: expiryText } } : {}),
    ...cardOnFileInput(request),
  });
  if (!created.ok) return { body: { result: created.error } };
  return { body: { result: result('SUCCESS'), ...created.value } };
}

/**
 * `payments/inquiryPayment`: the status of a payment by `paymentId` (wins) or `paymentRequestId`;
 * while a `payments/pay` payment waits for the buyer at the issuer, its `redirectActionForm` too.
 */
export function inquiryPayment(engine: PaymentEngine, call: SignedCall, context: GatewayContext): OpenApiAnswer {
  const request = inquiryPaymentRequest.parse(call.body, '');
  requireOneOf(['paymentId', request.paymentId], ['paymentRequestId', request.paymentRequestId]);
  const found = engine.inquiryPayment(
    call.merchant.clientId,
    request.paymentId !== undefined
      ? { paymentId: request.paymentId }
      : { paymentRequestId: request.paymentRequestId! },
  );
  if (!found.ok) return { body: { result: found.error } };
  const { paymentStatus, payment, redirectChallengeId } = found.value;
  const redirect = redirectChallengeId === undefined ? undefined : challengeRedirectUrl(context, redirectChallengeId);
  return {
    body: {
      result: result('SUCCESS'),
      paymentStatus,
      paymentResultCode: payment.result.resultCode,
      paymentResultMessage: payment.result.resultMessage,
      ...paymentFieldsJson(payment),
      transactions: payment.transactions.map(transactionJson),
      ...(redirect !== undefined ? { redirectActionForm: redirectActionFormJson(redirect) } : {}),
    },
  };
}

const retrievePaymentSessionRequest = object({
  paymentRequestId: optional(requestId()),
  paymentSessionId: optional(requestId()),
});

/**
 * `payments/retrievePaymentSession` (J `AlipayRetrievePaymentSessionRequest.java`, D
 * `apo/retrievePaymentSession`): by `paymentSessionId` (wins) or `paymentRequestId`. Antom returns
 * `order` for checkout-page and Element sessions only; a card-component session (all the sandbox
 * mints) answers `result` alone.
 */
export function retrievePaymentSession(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = retrievePaymentSessionRequest.parse(call.body, '');
  requireOneOf(['paymentSessionId', request.paymentSessionId], ['paymentRequestId', request.paymentRequestId]);
  const found = engine.retrievePaymentSession(call.merchant.clientId, request);
  return { body: { result: found.ok ? result('SUCCESS') : found.error } };
}

/** The payments group's operations by endpoint name. */
const PAYMENT_OPERATIONS: Readonly<
  Record<string, (engine: PaymentEngine, call: SignedCall, context: GatewayContext) => ReturnType<OpenApiOperation>>
> = {
  createPaymentSession,
  inquiryPayment,
  pay,
  capture,
  cancel,
  refund,
  inquiryRefund,
  retrievePaymentSession,
};

/**
 * Antom's SDKs send this one endpoint with a double slash (`/ams/api//v1/payments/...`, J and P
 * `AntomPathConstants`), signed as sent; it is served there too, besides the documented path.
 */
const DOUBLE_SLASH_PATHS = ['/ams/api//v1', '/ams/sandbox/api//v1'].map(
  (prefix) => `${prefix}/payments/retrievePaymentSession`,
);

/** Serves the payments group under both Open API prefixes. */
export function registerPaymentRoutes(router: Router, context: GatewayContext): void {
  for (const prefix of OPEN_API_PREFIXES) {
    for (const [name, operation] of Object.entries(PAYMENT_OPERATIONS)) {
      router.on(
        `${prefix}/payments/${name}`,
        openApiRoute(context, (call) => operation(context.engine, call, context)),
      );
    }
  }
  for (const path of DOUBLE_SLASH_PATHS) {
    router.on(
      path,
      openApiRoute(context, (call) => retrievePaymentSession(context.engine, call)),
    );
  }
}

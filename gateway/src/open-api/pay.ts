/**
 * `payments/pay` (docs/antom-api.md section 3): a server-to-server card payment with card data
 * (`paymentMethod.paymentMethodMetaData`, PCI DSS merchants only) or a saved card's token
 * (`paymentMethod.paymentMethodId`). The card number and CVC reach the engine for this one
 * authorization and nothing else: error messages name fields, never values, and bodies are never
 * logged. With 3-D Secure the answer is `PAYMENT_IN_PROCESS`/U with `normalUrl` and
 * `redirectActionForm`, the issuer's page the merchant redirects the buyer to; the result follows
 * by `notifyPayment` and `inquiryPayment` once the buyer has answered the issuer.
 */
import { boolean, mustBeTrue, object, oneOf, optional, SchemaError, string, type Infer, type Schema } from '#shared';
import type { GatewayContext } from '../context.js';
import type { PaymentEngine } from '../engine/engine.js';
import type { PayMethodInput } from '../engine/types.js';
import { challengeRedirectUrl, redirectActionFormJson } from './challenge-redirect.js';
import { paymentFieldsJson } from './payment-json.js';
import {
  amount,
  cardDigits,
  cardholderName,
  currencyCode,
  cvvDigits,
  expiryDigits,
  holderName,
  httpUrl,
  order,
  requestId,
} from './request-schemas.js';
import type { OpenApiAnswer, SignedCall } from './signed-call.js';

/** Card data. Lengths are loose on purpose: a wrong length, Luhn digit, CVC or month is a decline. */
const cardMetaData = object({
  cardNo: cardDigits(),
  cvv: cvvDigits(),
  expiryMonth: expiryDigits(),
  expiryYear: expiryDigits(),
  cardholderName: optional(cardholderName),
  is3DSAuthentication: optional(boolean()),
  enableAuthenticationUpgrade: optional(boolean()),
  tokenize: optional(boolean()),
  isCardOnFile: optional(boolean()),
});

/** Beside a token, the meta data carries flags only. */
const tokenMetaData = object({
  is3DSAuthentication: optional(boolean()),
  enableAuthenticationUpgrade: optional(boolean()),
  isCardOnFile: optional(boolean()),
});

/** The 3-D Secure flags of the meta data. */
interface ThreeDSChoice {
  /** `is3DSAuthentication`. */
  threeDS: boolean;
  /** `enableAuthenticationUpgrade`. */
  upgrade: boolean;
}

/** `paymentMethod` read as either a token or card data. */
type ParsedPaymentMethod =
  | ({ kind: 'TOKEN'; cardToken: string } & ThreeDSChoice)
  | ({ kind: 'CARD'; meta: Infer<typeof cardMetaData> } & ThreeDSChoice);

const hasOwn = (value: unknown, key: string): boolean =>
  typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);

const paymentMethodBase = object({
  paymentMethodType: oneOf(['CARD']),
  paymentMethodId: optional(string({ max: 128 })),
});

const paymentMethod: Schema<ParsedPaymentMethod> = {
  optional: false,
  parse(value, path) {
    const base = paymentMethodBase.parse(value, path);
    const metaPath = `${path}.paymentMethodMetaData`;
    const meta = hasOwn(value, 'paymentMethodMetaData')
      ? (value as Record<string, unknown>)['paymentMethodMetaData']
      : undefined;
    if (base.paymentMethodId !== undefined) {
      if (hasOwn(meta, 'cardNo')) {
        throw new SchemaError(`${metaPath}.cardNo must not be sent with ${path}.paymentMethodId`);
      }
      const flags = optional(tokenMetaData).parse(meta, metaPath);
      return {
        kind: 'TOKEN',
        cardToken: base.paymentMethodId,
        threeDS: flags?.is3DSAuthentication ?? false,
        upgrade: flags?.enableAuthenticationUpgrade ?? false,
      };
    }
    if (meta === undefined || meta === null) {
      throw new SchemaError(`${metaPath} is required (or ${path}.paymentMethodId for a saved card)`);
    }
    const card = cardMetaData.parse(meta, metaPath);
    return {
      kind: 'CARD',
      meta: card,
      threeDS: card.is3DSAuthentication ?? false,
      upgrade: card.enableAuthenticationUpgrade ?? false,
    };
  },
};

const payRequest = object({
  productCode: oneOf(['CASHIER_PAYMENT']),
  paymentRequestId: requestId(),
  paymentAmount: amount,
  order,
  paymentMethod,
  paymentFactor: optional(
    object({
      isAuthorization: optional(mustBeTrue()),
      captureMode: optional(oneOf(['AUTOMATIC', 'MANUAL'])),
    }),
  ),
  paymentRedirectUrl: httpUrl(),
  paymentNotifyUrl: optional(httpUrl()),
  env: optional(object({ terminalType: optional(oneOf(['WEB', 'WAP', 'APP', 'MINI_APP'])) })),
  settlementStrategy: optional(object({ settlementCurrency: optional(currencyCode) })),
});

function methodInput(method: ParsedPaymentMethod): PayMethodInput {
  if (method.kind === 'TOKEN') return { kind: 'TOKEN', cardToken: method.cardToken };
  const { meta } = method;
  return {
    kind: 'CARD',
    card: {
      number: meta.cardNo,
      expiryMonth: meta.expiryMonth,
      expiryYear: meta.expiryYear,
      cvc: meta.cvv,
      holderName: holderName(meta.cardholderName),
    },
    tokenize: meta.tokenize ?? false,
  };
}

/**
 * `payments/pay`. A payment waiting for the issuer's challenge answers `PAYMENT_IN_PROCESS`/U with
 * `normalUrl` and `redirectActionForm` (`GET` that URL); the buyer comes back to `paymentRedirectUrl`.
 */
export async function pay(engine: PaymentEngine, call: SignedCall, context: GatewayContext): Promise<OpenApiAnswer> {
  const request = payRequest.parse(call.body, '');
  const method = request.paymentMethod;
  const outcome = await engine.pay(call.merchant.clientId, {
    paymentRequestId: request.paymentRequestId,
    amount: request.paymentAmount,
    captureMode: request.paymentFactor?.captureMode ?? 'AUTOMATIC',
    ...(request.paymentNotifyUrl !== undefined ? { notifyUrl: request.paymentNotifyUrl } : {}),
    method: methodInput(method),
    redirectUrl: request.paymentRedirectUrl,
    threeDS: method.threeDS,
    authenticationUpgrade: method.upgrade,
  });
  if (!outcome.ok) return { body: { result: outcome.error } };
  const { challengeId } = outcome.value;
  const redirect = challengeId === undefined ? undefined : challengeRedirectUrl(context, challengeId);
  return {
    body: {
      result: outcome.value.result,
      ...paymentFieldsJson(outcome.value.payment),
      ...(redirect !== undefined ? { normalUrl: redirect, redirectActionForm: redirectActionFormJson(redirect) } : {}),
    },
  };
}

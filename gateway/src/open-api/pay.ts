/**
 * `payments/pay` (docs/antom-api.md section 3): a server-to-server card payment with card data
 * (`paymentMethod.paymentMethodMetaData`, PCI DSS merchants only) or a saved card's token
 * (`paymentMethod.paymentMethodId`). The card number and CVC reach the engine for this one
 * authorization and nothing else: error messages name fields, never values, and bodies are never
 * logged.
 */
import { boolean, mustBeTrue, object, oneOf, optional, SchemaError, string, type Infer, type Schema } from '#shared';
import type { PaymentEngine } from '../engine/engine.js';
import type { PayMethodInput } from '../engine/types.js';
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
  tokenize: optional(boolean()),
  isCardOnFile: optional(boolean()),
});

/** Beside a token, the meta data carries flags only. */
const tokenMetaData = object({
  is3DSAuthentication: optional(boolean()),
  isCardOnFile: optional(boolean()),
});

/** `paymentMethod` read as either a token or card data. */
type ParsedPaymentMethod =
  { kind: 'TOKEN'; cardToken: string; threeDS: boolean } | { kind: 'CARD'; meta: Infer<typeof cardMetaData> };

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
      return { kind: 'TOKEN', cardToken: base.paymentMethodId, threeDS: flags?.is3DSAuthentication ?? false };
    }
    if (meta === undefined || meta === null) {
      throw new SchemaError(`${metaPath} is required (or ${path}.paymentMethodId for a saved card)`);
    }
    return { kind: 'CARD', meta: cardMetaData.parse(meta, metaPath) };
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

/** `payments/pay`: refuses `is3DSAuthentication`, for which this sandbox version runs no challenge. */
export async function pay(engine: PaymentEngine, call: SignedCall): Promise<OpenApiAnswer> {
  const request = payRequest.parse(call.body, '');
  const method = request.paymentMethod;
  const threeDS = method.kind === 'TOKEN' ? method.threeDS : (method.meta.is3DSAuthentication ?? false);
  if (threeDS) {
    // (ours) Saying so beats authorizing without the challenge the merchant asked for.
    throw new SchemaError(
      'paymentMethod.paymentMethodMetaData.is3DSAuthentication must be false: ' +
        'this sandbox version does not run 3-D Secure challenges for payments/pay',
    );
  }
  const outcome = await engine.pay(call.merchant.clientId, {
    paymentRequestId: request.paymentRequestId,
    amount: request.paymentAmount,
    captureMode: request.paymentFactor?.captureMode ?? 'AUTOMATIC',
    ...(request.paymentNotifyUrl !== undefined ? { notifyUrl: request.paymentNotifyUrl } : {}),
    method: methodInput(method),
  });
  if (!outcome.ok) return { body: { result: outcome.error } };
  return { body: { result: outcome.value.result, ...paymentFieldsJson(outcome.value.payment) } };
}

/**
 * `POST /sdk/v1/payments` (frame -> gateway, same origin only, header `Idempotency-Key`): the one
 * request that carries card data. The body is checked strictly; error messages name fields and
 * never repeat their values; the body is never logged.
 */
import type { SdkPaymentResponse } from '../../../src/protocol/types.js';
import { MAX_SESSION_DATA_LENGTH } from '../../../src/protocol/session-data.js';
import type { GatewayContext } from '../context.js';
import { object, string } from '../http/schema.js';
import { SchemaError } from '../http/schema.js';
import type { RouteHandler } from '../http/types.js';
import { sdkJson, sdkJsonRoute } from './json-endpoint.js';

/** `Idempotency-Key` format: the frame's attempt id. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

const sdkPaymentRequest = object(
  {
    paymentSessionData: string({ max: MAX_SESSION_DATA_LENGTH }),
    card: object(
      {
        // Lengths are loose on purpose: a wrong length or Luhn digit is a decline
        // (INVALID_CARD_NUMBER), a 2-digit CVC is INVALID_CVV, month 13 is INVALID_EXPIRATION_DATE.
        number: string({ pattern: /^\d{8,19}$/, rule: 'must be 8 to 19 digits' }),
        expiryMonth: string({ pattern: /^\d{2}$/, rule: 'must be two digits' }),
        expiryYear: string({ pattern: /^\d{2}$/, rule: 'must be two digits' }),
        cvc: string({ pattern: /^\d{1,4}$/, rule: 'must be 1 to 4 digits' }),
        holderName: string({
          min: 0,
          max: 128,
          pattern: /^[^\p{Cc}]*$/u,
          rule: 'must be text without control characters',
        }),
      },
      { strict: true },
    ),
  },
  { strict: true },
);

/** The payments endpoint. */
export function sdkPayments(context: GatewayContext): RouteHandler {
  return sdkJsonRoute(context, async (body, ctx) => {
    const key = ctx.req.headers['idempotency-key'];
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new SchemaError("Idempotency-Key header must be 8 to 128 letters, digits, '-' or '_'");
    }
    const request = sdkPaymentRequest.parse(body, '');
    const outcome = await context.engine.submitPayment({
      paymentSessionData: request.paymentSessionData,
      idempotencyKey: key,
      card: request.card,
    });
    const answer: SdkPaymentResponse = outcome.ok
      ? outcome.value
      : {
          result: outcome.error,
          ...(outcome.paymentId !== undefined ? { paymentId: outcome.paymentId } : {}),
          ...(outcome.paymentStatus !== undefined ? { paymentStatus: outcome.paymentStatus } : {}),
        };
    return sdkJson(answer);
  });
}

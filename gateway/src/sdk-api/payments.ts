/**
 * `POST /sdk/v1/payments` (frame -> gateway, same origin only, header `Idempotency-Key`): pays with
 * a new card (`card`, with the buyer's `saveCard` answer when the session asks for consent) or with
 * one of the session's saved cards (`savedCard: { id, cvc? }`). The body is checked strictly; error
 * messages name fields and never repeat their values; the body is never logged. The answer holds
 * public card facts only: a token issued on consent reaches the merchant in `notifyPayment`. In a
 * session with `is3DSAuthentication` (or for a card whose issuer always challenges) a card that
 * passes the checks is answered `PAYMENT_IN_PROCESS`/U with its `paymentId` and `challenge.id`:
 * it is authorized only when the challenge completes (see `challenges.ts`).
 */
import type { SdkPaymentResponse } from '#shared';
import { flag, MAX_SESSION_DATA_LENGTH, object, optional, SchemaError, string, type Infer } from '#shared';
import type { GatewayContext } from '../context.js';
import type { SubmittedMethod } from '../engine/engine.js';
import type { RouteHandler } from '../http/types.js';
import { sdkCard } from './card-schema.js';
import { forBrowser, idempotencyKey, sdkJson, sdkJsonRoute } from './json-endpoint.js';

const sdkPaymentRequest = object(
  {
    paymentSessionData: string({ max: MAX_SESSION_DATA_LENGTH }),
    card: optional(sdkCard),
    savedCard: optional(
      object(
        {
          id: string({ pattern: /^saved-\d{1,2}$/, rule: 'must be a saved card id such as saved-0' }),
          cvc: optional(string({ pattern: /^\d{1,4}$/, rule: 'must be 1 to 4 digits' })),
        },
        { strict: true },
      ),
    ),
    saveCard: optional(flag()),
  },
  { strict: true },
);

/** Exactly one of `card` and `savedCard`; `saveCard` goes with a new card only. */
function submittedMethod(request: Infer<typeof sdkPaymentRequest>): SubmittedMethod {
  if (request.card && request.savedCard) throw new SchemaError('send card or savedCard, not both');
  if (request.savedCard) {
    if (request.saveCard !== undefined) {
      throw new SchemaError('saveCard must not be sent with savedCard: only a new card can be saved');
    }
    return { kind: 'SAVED', id: request.savedCard.id, cvc: request.savedCard.cvc };
  }
  if (!request.card) throw new SchemaError('card or savedCard is required');
  return { kind: 'CARD', card: request.card, saveCard: request.saveCard };
}

/** Handles `POST /sdk/v1/payments`: one card submission, idempotent on `Idempotency-Key`. */
export function sdkPayments(context: GatewayContext): RouteHandler {
  return sdkJsonRoute(context, async (body, ctx) => {
    const key = idempotencyKey(ctx);
    const request = sdkPaymentRequest.parse(body, '');
    const outcome = await context.engine.submitPayment({
      paymentSessionData: request.paymentSessionData,
      idempotencyKey: key,
      method: submittedMethod(request),
      clientAddress: ctx.req.socket.remoteAddress,
    });
    const answer: SdkPaymentResponse = outcome.ok
      ? { ...outcome.value, result: forBrowser(outcome.value.result) }
      : {
          result: forBrowser(outcome.error),
          ...(outcome.paymentId !== undefined ? { paymentId: outcome.paymentId } : {}),
          ...(outcome.paymentStatus !== undefined ? { paymentStatus: outcome.paymentStatus } : {}),
        };
    return sdkJson(answer);
  });
}

const sdkInquiryRequest = object({ paymentSessionData: string({ max: MAX_SESSION_DATA_LENGTH }) }, { strict: true });

/**
 * Handles `POST /sdk/v1/payments/inquiry` (ours): where the payment of the frame's own session
 * stands, for a frame told `PAYMENT_IN_PROCESS`; answered like a submission, never another payment's.
 */
export function sdkPaymentInquiry(context: GatewayContext): RouteHandler {
  return sdkJsonRoute(context, (body) => {
    const request = sdkInquiryRequest.parse(body, '');
    const outcome = context.engine.sessionPayment(request.paymentSessionData);
    const answer: SdkPaymentResponse = outcome.ok
      ? { ...outcome.value, result: forBrowser(outcome.value.result) }
      : { result: forBrowser(outcome.error) };
    return sdkJson(answer);
  });
}

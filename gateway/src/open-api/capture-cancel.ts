/**
 * `payments/capture` and `payments/cancel` (docs/antom-api.md sections 3 and 4): capture an authorized
 * payment (MANUAL capture mode, within 7 days), or void it while it is uncaptured. The rules and
 * the precise refusals live in the engine.
 */
import { boolean, object, optional } from '#shared';
import type { PaymentEngine } from '../engine/engine.js';
import { result } from '../engine/result-codes.js';
import { formatAntomTime } from '../engine/time.js';
import { captureJson } from './payment-json.js';
import { amount, requestId, requireOneOf } from './request-schemas.js';
import type { OpenApiAnswer, SignedCall } from './signed-call.js';

const captureRequest = object({
  captureRequestId: requestId(),
  paymentId: requestId(),
  captureAmount: amount,
  isLastCapture: optional(boolean()),
});

const cancelRequest = object({
  paymentId: optional(requestId()),
  paymentRequestId: optional(requestId()),
});

/**
 * `payments/capture`: checks the body, then answers the engine's capture or its refusal. A capture
 * in process answers `CAPTURE_IN_PROCESS`/U alone (Antom returns the capture's fields when it
 * succeeded); a repeated request answers where it stands since, `S` with the fields or the `F`.
 */
export async function capture(engine: PaymentEngine, call: SignedCall): Promise<OpenApiAnswer> {
  const request = captureRequest.parse(call.body, '');
  const outcome = await engine.capture(call.merchant.clientId, {
    captureRequestId: request.captureRequestId,
    paymentId: request.paymentId,
    amount: request.captureAmount,
    isLastCapture: request.isLastCapture ?? false,
  });
  if (!outcome.ok) return { body: { result: outcome.error } };
  const captured = outcome.value;
  if (captured.result.resultStatus !== 'S') return { body: { result: { ...captured.result } } };
  return { body: { result: { ...captured.result }, ...captureJson(captured) } };
}

/** `payments/cancel`: by `paymentId` (wins) or `paymentRequestId`. */
export async function cancel(engine: PaymentEngine, call: SignedCall): Promise<OpenApiAnswer> {
  const request = cancelRequest.parse(call.body, '');
  requireOneOf(['paymentId', request.paymentId], ['paymentRequestId', request.paymentRequestId]);
  const outcome = await engine.cancel(
    call.merchant.clientId,
    request.paymentId !== undefined ? { paymentId: request.paymentId } : { paymentRequestId: request.paymentRequestId },
  );
  if (!outcome.ok) return { body: { result: outcome.error } };
  return {
    body: {
      result: result('SUCCESS'),
      paymentId: outcome.value.paymentId,
      paymentRequestId: outcome.value.paymentRequestId,
      cancelTime: formatAntomTime(outcome.value.cancelTime),
    },
  };
}

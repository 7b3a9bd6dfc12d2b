/**
 * `payments/refund` and `payments/inquiryRefund` (docs/antom-api.md section 3): refunds of captured
 * funds, never more than captured in total, and their status.
 */
import { object, optional, string } from '#shared';
import type { PaymentEngine } from '../engine/engine.js';
import { result } from '../engine/result-codes.js';
import { refundJson } from './payment-json.js';
import { amount, httpUrl, requestId, requireOneOf } from './request-schemas.js';
import type { OpenApiAnswer, SignedCall } from './signed-call.js';

const refundRequest = object({
  refundRequestId: requestId(),
  paymentId: requestId(),
  refundAmount: amount,
  refundReason: optional(string({ max: 256 })),
  // J `AlipayRefundRequest.java`: at most 1024 characters, half of the other URL fields.
  refundNotifyUrl: optional(httpUrl(1024)),
});

const inquiryRefundRequest = object({
  refundId: optional(requestId()),
  refundRequestId: optional(requestId()),
});

/**
 * `payments/refund`: checks the body, then answers the engine's refund or its refusal. A refund in
 * process answers `REFUND_IN_PROCESS`/U alone (Antom returns the refund's fields when it
 * succeeded); a repeated request answers where it stands since.
 */
export async function refund(engine: PaymentEngine, call: SignedCall): Promise<OpenApiAnswer> {
  const request = refundRequest.parse(call.body, '');
  const outcome = await engine.refund(call.merchant.clientId, {
    refundRequestId: request.refundRequestId,
    paymentId: request.paymentId,
    amount: request.refundAmount,
    ...(request.refundReason !== undefined ? { reason: request.refundReason } : {}),
    ...(request.refundNotifyUrl !== undefined ? { notifyUrl: request.refundNotifyUrl } : {}),
  });
  if (!outcome.ok) return { body: { result: outcome.error } };
  const refunded = outcome.value;
  if (refunded.result.resultStatus !== 'S') return { body: { result: { ...refunded.result } } };
  return { body: { result: { ...refunded.result }, ...refundJson(refunded) } };
}

/** `payments/inquiryRefund`: by `refundId` (wins) or `refundRequestId`. `result` says only that the inquiry worked. */
export async function inquiryRefund(engine: PaymentEngine, call: SignedCall): Promise<OpenApiAnswer> {
  const request = inquiryRefundRequest.parse(call.body, '');
  requireOneOf(['refundId', request.refundId], ['refundRequestId', request.refundRequestId]);
  const found = await engine.inquiryRefund(
    call.merchant.clientId,
    request.refundId !== undefined ? { refundId: request.refundId } : { refundRequestId: request.refundRequestId },
  );
  if (!found.ok) return { body: { result: found.error } };
  const record = found.value;
  return {
    body: {
      result: result('SUCCESS'),
      refundStatus: record.status,
      ...refundJson(record),
      ...(record.status === 'FAIL'
        ? { refundResultCode: record.result.resultCode, refundResultMessage: record.result.resultMessage }
        : {}),
    },
  };
}

/**
 * Engine records in Antom's JSON shape (times as ISO-8601 with offset, every scalar a string).
 * Shared by the Open API answers and the notification bodies.
 */
import type { Amount, CardBrand } from '#shared';
import type {
  AcquirerInfo,
  CaptureRecord,
  EngineEvent,
  Payment,
  PaymentResultInfo,
  RefundRecord,
  Transaction,
  Vaulting,
} from '../engine/types.js';
import { result } from '../engine/result-codes.js';
import { formatAntomTime } from '../engine/time.js';

/** An object about to be serialized with `JSON.stringify`. */
export type JsonObject = Record<string, unknown>;

/** `{ currency, value }`, copied without any other key. */
export function amountJson(amount: Amount): JsonObject {
  return { currency: amount.currency, value: amount.value };
}

/**
 * Brands Antom's Open API spells otherwise than the card rules do: UnionPay is `CUP` in Antom's
 * `CardBrand` enum (docs/antom-api.md section 5), and (ours) Hiper, which the enum lacks, is sent as
 * `HIPERCARD`, the nearest brand it has: a client that maps `brand` onto the enum (Java's
 * `CardBrand.fromValue` throws on an unknown value) can then still read the notification.
 */
const OPEN_API_BRANDS: Partial<Record<CardBrand, string>> = { UNIONPAY: 'CUP', HIPER: 'HIPERCARD' };

/** A brand as the Open API and the notifications carry it (the browser side keeps the card rules' names). */
export function openApiBrand(brand: CardBrand): string {
  return OPEN_API_BRANDS[brand] ?? brand;
}

/** `paymentResultInfo` (masked card facts), with J `PaymentResultInfo.java`'s field names. */
export function paymentResultInfoJson(info: PaymentResultInfo): JsonObject {
  return {
    cardNo: info.cardNo,
    ...(info.cardBrand ? { cardBrand: openApiBrand(info.cardBrand) } : {}),
    ...(info.funding ? { funding: info.funding } : {}),
    ...(info.issuingCountry ? { issuingCountry: info.issuingCountry } : {}),
    lastFour: info.lastFour,
    cardBin: info.cardBin,
    expiryMonth: info.expiryMonth,
    expiryYear: info.expiryYear,
    ...(info.networkTransactionId ? { networkTransactionId: info.networkTransactionId } : {}),
    ...(info.threeDSResult ? { threeDSResult: { ...info.threeDSResult } } : {}),
    ...(info.cardToken ? { cardToken: info.cardToken } : {}),
  };
}

/** `acquirerInfo`, copied field for field. */
export function acquirerInfoJson(info: AcquirerInfo): JsonObject {
  return { ...info };
}

/** One `transactions[]` entry of `inquiryPayment`, with Antom's field names and time format. */
export function transactionJson(transaction: Transaction): JsonObject {
  return {
    transactionType: transaction.type,
    transactionStatus: transaction.status,
    transactionId: transaction.transactionId,
    transactionRequestId: transaction.requestId,
    transactionAmount: amountJson(transaction.amount),
    transactionTime: formatAntomTime(transaction.time),
    transactionResult: { ...transaction.result },
  };
}

/** The payment fields `notifyPayment` and `inquiryPayment` share. */
export function paymentFieldsJson(payment: Payment): JsonObject {
  return {
    paymentRequestId: payment.paymentRequestId,
    paymentId: payment.paymentId,
    paymentAmount: amountJson(payment.amount),
    paymentCreateTime: formatAntomTime(payment.createdAt),
    ...(payment.paymentTime ? { paymentTime: formatAntomTime(payment.paymentTime) } : {}),
    ...(payment.authExpiryTime ? { authExpiryTime: formatAntomTime(payment.authExpiryTime) } : {}),
    ...(payment.resultInfo ? { paymentResultInfo: paymentResultInfoJson(payment.resultInfo) } : {}),
    ...(payment.acquirer ? { acquirerInfo: acquirerInfoJson(payment.acquirer) } : {}),
  };
}

/** A capture as `payments/capture` answers it and `notifyCapture` carries it. */
export function captureJson(capture: CaptureRecord): JsonObject {
  return {
    captureRequestId: capture.captureRequestId,
    captureId: capture.captureId,
    paymentId: capture.paymentId,
    captureAmount: amountJson(capture.amount),
    captureTime: formatAntomTime(capture.time),
    ...(capture.acquirerReferenceNo !== undefined ? { acquirerReferenceNo: capture.acquirerReferenceNo } : {}),
  };
}

/** A refund as `payments/refund` answers it (`refundStatus` is added by inquiry and notification). */
export function refundJson(refund: RefundRecord): JsonObject {
  return {
    refundRequestId: refund.refundRequestId,
    ...(refund.refundId !== undefined ? { refundId: refund.refundId } : {}),
    paymentId: refund.paymentId,
    refundAmount: amountJson(refund.amount),
    ...(refund.time ? { refundTime: formatAntomTime(refund.time) } : {}),
  };
}

/**
 * `paymentMethodDetail` of vaulting answers and `notifyVaulting`: the bound card with its token,
 * or (before or without a bound card) only the type. The card is J `CardPaymentMethodDetail.java`:
 * `bin` (not `PaymentResultInfo`'s `cardBin`), and the last four digits under both of its names,
 * `last4` and `lastFour`.
 */
export function vaultedDetailJson(vaulting: Vaulting): JsonObject {
  const bound = vaulting.vaulted;
  if (!bound) return { paymentMethodType: 'CARD' };
  const { card } = bound;
  return {
    paymentMethodType: 'CARD',
    card: {
      cardToken: bound.cardToken,
      maskedCardNo: card.cardNo,
      brand: openApiBrand(card.cardBrand),
      expiryMonth: card.expiryMonth,
      expiryYear: card.expiryYear,
      ...(card.funding ? { funding: card.funding } : {}),
      ...(card.issuingCountry ? { issuingCountry: card.issuingCountry } : {}),
      bin: card.cardBin,
      last4: card.lastFour,
      lastFour: card.lastFour,
    },
  };
}

/** The body of `notifyVaulting`: Antom's fields, without a `notifyType` (Antom sends none). */
export function vaultingNotificationJson(vaulting: Vaulting): JsonObject {
  return {
    result: { ...(vaulting.result ?? result('PAYMENT_IN_PROCESS', 'The vaulting is in process.')) },
    vaultingRequestId: vaulting.vaultingRequestId,
    vaultingStatus: vaulting.status,
    paymentMethodDetail: vaultedDetailJson(vaulting),
    ...(vaulting.vaulted ? { vaultingCreateTime: formatAntomTime(vaulting.vaulted.vaultedAt) } : {}),
  };
}

/** The body of the notification for an engine event (`notifyPayment`, `notifyCapture`, `notifyRefund`, `notifyVaulting`, ours). */
export function notificationJson(event: EngineEvent): JsonObject {
  if (event.type === 'VAULTING_RESULT') return vaultingNotificationJson(event.vaulting);
  const { payment } = event;
  switch (event.type) {
    case 'PAYMENT_RESULT':
      return { notifyType: event.type, result: { ...payment.result }, ...paymentFieldsJson(payment) };
    case 'CAPTURE_RESULT':
      return { notifyType: event.type, result: { ...event.capture.result }, ...captureJson(event.capture) };
    case 'REFUND_RESULT':
      return {
        notifyType: event.type,
        result: { ...event.refund.result },
        refundStatus: event.refund.status,
        ...refundJson(event.refund),
      };
  }
}

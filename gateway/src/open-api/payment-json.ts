/**
 * Engine records in Antom's JSON shape (times as ISO-8601 with offset, every scalar a string).
 * Shared by `inquiryPayment` and the `notifyPayment` body.
 */
import type { Amount } from '../../../src/protocol/types.js';
import type { AcquirerInfo, Payment, PaymentResultInfo, Transaction } from '../engine/types.js';
import { formatAntomTime } from '../engine/time.js';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** `{ currency, value }`. */
export function amountJson(amount: Amount): JsonObject {
  return { currency: amount.currency, value: amount.value };
}

/** `paymentResultInfo` (masked card facts). */
export function paymentResultInfoJson(info: PaymentResultInfo): JsonObject {
  return {
    cardNo: info.cardNo,
    ...(info.cardBrand ? { cardBrand: info.cardBrand } : {}),
    ...(info.funding ? { funding: info.funding } : {}),
    ...(info.issuingCountry ? { issuingCountry: info.issuingCountry } : {}),
    lastFour: info.lastFour,
    cardBin: info.cardBin,
    expiryMonth: info.expiryMonth,
    expiryYear: info.expiryYear,
    ...(info.networkTransactionId ? { networkTransactionId: info.networkTransactionId } : {}),
    ...(info.threeDSResult ? { threeDSResult: { ...info.threeDSResult } } : {}),
  };
}

/** `acquirerInfo`. */
export function acquirerInfoJson(info: AcquirerInfo): JsonObject {
  return { ...info };
}

/** One `transactions[]` entry. */
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

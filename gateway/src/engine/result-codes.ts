/**
 * The result codes the sandbox answers with: Antom's (docs/antom-api.md section 6) and a few of ours,
 * each with its status and Antom's style of English message.
 */
import type { ResultEnvelope } from '#shared';

/** Card decline codes (used as `paymentResultCode`). */
export const DECLINE_CODES = [
  'DO_NOT_HONOR',
  'USER_BALANCE_NOT_ENOUGH',
  'CARD_EXPIRED',
  'INVALID_CARD_NUMBER',
  'INVALID_CVV',
  'INVALID_EXPIRATION_DATE',
  'CARD_NOT_SUPPORTED',
  'LOST_CARD',
  'STOLEN_CARD',
  'PICKUP_CARD',
  'RESTRICTED_CARD',
  'AUTHENTICATION_REQUIRED',
  'USER_PAYMENT_VERIFICATION_FAILED',
  'PAYMENT_AMOUNT_EXCEED_LIMIT',
  'PAYMENT_COUNT_EXCEED_LIMIT',
] as const;

/** One card decline code. */
export type DeclineCode = (typeof DECLINE_CODES)[number];

const RESULTS = {
  SUCCESS: ['S', 'success.'],
  PAYMENT_IN_PROCESS: ['U', 'The payment is being processed.'],
  // Antom's vaults API answers it while a verification (3-D Secure) of the card is in process.
  VERIFICATION_IN_PROCESS: ['U', 'The verification is in process.'],
  // Capture and refund answers while the acquirer has not settled them (docs/antom-api.md section 4).
  CAPTURE_IN_PROCESS: ['U', 'The capture is being processed.'],
  REFUND_IN_PROCESS: ['U', 'The refund is being processed.'],
  UNKNOWN_EXCEPTION: ['U', 'An unknown exception occurred.'],
  ACCESS_DENIED: ['F', 'Access is denied.'],
  CLIENT_INVALID: ['F', 'The client ID is invalid.'],
  INVALID_SIGNATURE: ['F', 'The signature is invalid.'],
  KEY_NOT_FOUND: ['F', 'The key is not found.'],
  METHOD_NOT_SUPPORTED: ['F', 'The HTTP method is not supported.'],
  MEDIA_TYPE_NOT_ACCEPTABLE: ['F', 'The media type is not acceptable.'],
  PARAM_ILLEGAL: ['F', 'Illegal parameters.'],
  PROCESS_FAIL: ['F', 'A general business failure occurred.'],
  CURRENCY_NOT_SUPPORT: ['F', 'The currency is not supported.'],
  REPEAT_REQ_INCONSISTENT: ['F', 'The request is inconsistent with a previous request that used the same id.'],
  RISK_REJECT: ['F', 'The payment is rejected by risk control.'],
  SYSTEM_ERROR: ['F', 'A system error occurred.'],
  ORDER_IS_CLOSED: ['F', 'The order is closed.'],
  ORDER_NOT_EXIST: ['F', 'The order does not exist.'],
  INVALID_PAYMENT_METHOD_META_DATA: ['F', 'The payment method meta data is invalid.'],
  REFUND_AMOUNT_EXCEED: ['F', 'The total refund amount exceeds the refundable amount.'],
  DO_NOT_HONOR: ['F', 'The payment is declined by the issuing bank.'],
  USER_BALANCE_NOT_ENOUGH: ['F', 'The card balance is insufficient.'],
  CARD_EXPIRED: ['F', 'The card has expired.'],
  INVALID_CARD_NUMBER: ['F', 'The card number is invalid.'],
  INVALID_CVV: ['F', 'The card security code is invalid.'],
  INVALID_EXPIRATION_DATE: ['F', 'The card expiration date is invalid.'],
  CARD_NOT_SUPPORTED: ['F', 'The card is not supported.'],
  LOST_CARD: ['F', 'The card is reported lost.'],
  STOLEN_CARD: ['F', 'The card is reported stolen.'],
  PICKUP_CARD: ['F', 'The issuing bank asks to pick up the card.'],
  RESTRICTED_CARD: ['F', 'The card is restricted.'],
  AUTHENTICATION_REQUIRED: ['F', 'The issuing bank requires 3D Secure authentication.'],
  USER_PAYMENT_VERIFICATION_FAILED: ['F', 'The payment verification of the card holder failed.'],
  PAYMENT_AMOUNT_EXCEED_LIMIT: ['F', 'The payment amount exceeds the card limit.'],
  PAYMENT_COUNT_EXCEED_LIMIT: ['F', 'The number of payments exceeds the card limit.'],
  // (ours) SDK endpoint and transport codes, documented in gateway/README.md.
  SESSION_NOT_FOUND: ['F', 'The payment session does not exist.'],
  SESSION_EXPIRED: ['F', 'The payment session has expired.'],
  SESSION_INVALID: ['F', 'The payment session data is invalid.'],
  NOT_FOUND: ['F', 'No endpoint at this path.'],
} as const satisfies Record<string, readonly ['S' | 'F' | 'U', string]>;

/** Every result code the sandbox may answer with. */
export type ResultCode = keyof typeof RESULTS;

/** Builds a result envelope; `message` replaces the default message (e.g. to name a field). */
export function result(code: ResultCode, message?: string): ResultEnvelope {
  const [status, defaultMessage] = RESULTS[code];
  return { resultCode: code, resultStatus: status, resultMessage: message ?? defaultMessage };
}

/** The message `result(code)` uses when the caller names none. */
export function defaultMessage(code: ResultCode): string {
  return RESULTS[code][1];
}

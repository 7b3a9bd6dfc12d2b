/**
 * The buyer-facing message of a failed payment's result code. A module of its own: only the code
 * that handles a payment's answer (the element's `outcomes` chunk) needs it.
 */
import type { MessageKey } from './messages.js';

const RESULT_KEYS: Record<string, MessageKey> = {
  USER_BALANCE_NOT_ENOUGH: 'insufficientFunds',
  CARD_EXPIRED: 'cardExpired',
  INVALID_CARD_NUMBER: 'checkNumber',
  INVALID_CVV: 'checkCvc',
  INVALID_EXPIRATION_DATE: 'checkExpiry',
  CARD_NOT_SUPPORTED: 'notSupported',
  PAYMENT_AMOUNT_EXCEED_LIMIT: 'overLimit',
  PAYMENT_COUNT_EXCEED_LIMIT: 'overLimit',
  AUTHENTICATION_REQUIRED: 'authRequired',
  ORDER_IS_CLOSED: 'orderClosed',
  INVALID_PAYMENT_METHOD_META_DATA: 'cardUnavailable',
  USER_PAYMENT_VERIFICATION_FAILED: 'verificationFailed',
  CHALLENGE_UNAVAILABLE: 'challengeUnavailable',
};

/** The buyer-facing message key for an Antom result code of a failed payment. */
export function resultMessageKey(resultCode: string): MessageKey {
  return RESULT_KEYS[resultCode] ?? 'declined';
}

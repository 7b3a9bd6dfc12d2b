/**
 * The element's events. All bubble and are composed; `detail.code` carries the matching
 * Antom Web SDK event code. No detail ever holds a card number, a CVC or session secrets.
 */
import type { Amount, CardBrand, FieldName, FieldState } from '../shared/types.js';

/** Antom Web SDK event codes the element reports. */
export type AntomSdkCode =
  | 'SDK_END_OF_LOADING'
  | 'SDK_PAYMENT_SUCCESSFUL'
  | 'SDK_PAYMENT_FAIL'
  | 'SDK_PAYMENT_PROCESSING'
  | 'SDK_PAYMENT_ERROR'
  | 'SDK_FORM_VERIFICATION_FAILED'
  | 'SDK_SUBMIT_NETWORK_ERROR'
  | 'SDK_INIT_PARAMETER_ERROR'
  | 'SDK_INTERNAL_ERROR'
  | 'SDK_FORM_CHANGE'
  | 'SDK_SUBMIT'
  | 'SDK_CARD_SAVED'
  | 'SDK_REMOVE_CARD'
  | 'SDK_PAYMENT_CHALLENGE'
  | 'SDK_PAYMENT_CANCEL';

/** Named reasons carried by `antom-error`. */
export type AntomErrorReason =
  | 'INVALID_ATTRIBUTE'
  | 'SESSION_REQUEST_FAILED'
  | 'SESSION_HTTP_ERROR'
  | 'SESSION_RESPONSE_INVALID'
  | 'GATEWAY_ORIGIN_MISMATCH'
  | 'FRAME_LOAD_TIMEOUT'
  | 'SESSION_EXPIRED'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_INVALID'
  | 'NETWORK_ERROR'
  | 'SUBMIT_NETWORK_ERROR'
  | 'FORM_INVALID';

/** Detail of `antom-ready`. */
export interface AntomReadyDetail {
  /** `SDK_END_OF_LOADING`. */
  code: 'SDK_END_OF_LOADING';
  /** Public id of the payment session. */
  paymentSessionId: string;
  /** Amount to pay, or null in vault mode. */
  amount: Amount | null;
}

/** Detail of `antom-change`: validity only, never values. */
export interface AntomChangeDetail {
  /** `SDK_FORM_CHANGE` (ours; Antom has no code for it). */
  code: 'SDK_FORM_CHANGE';
  /** Detected brand, or null. */
  brand: CardBrand | null;
  /** All required fields are valid. */
  complete: boolean;
  /** Per-field validity and shown error code. */
  fields: Record<FieldName, FieldState>;
}

/** Detail of `antom-submit` (cancelable: `preventDefault()` stops the submission). */
export interface AntomSubmitDetail {
  /** `SDK_SUBMIT` (ours). */
  code: 'SDK_SUBMIT';
  /** Id of this attempt; a retry after a network error reuses it. */
  attemptId: string;
}

/** Detail of `antom-authorized`. */
export interface AntomAuthorizedDetail {
  /** `SDK_PAYMENT_SUCCESSFUL`. */
  code: 'SDK_PAYMENT_SUCCESSFUL';
  /** Gateway payment id; confirm it on your server before fulfilling. */
  paymentId: string;
  /** Card brand. */
  brand: CardBrand | null;
  /** Last four digits of the card. */
  last4: string | null;
  /** Two-digit expiry month. */
  expiryMonth: string | null;
  /** Two-digit expiry year. */
  expiryYear: string | null;
}

/** Detail of `antom-failed`. */
export interface AntomFailedDetail {
  /** `SDK_PAYMENT_FAIL`. */
  code: 'SDK_PAYMENT_FAIL';
  /**
   * Antom result code, e.g. `DO_NOT_HONOR`, `RISK_REJECT`, `USER_PAYMENT_VERIFICATION_FAILED` (the bank's
   * 3-D Secure check failed), or ours, `CHALLENGE_UNAVAILABLE` (the bank's page could not be opened).
   */
  resultCode: string;
  /** Localized buyer-facing message, as shown. */
  message: string;
  /** Payment id when a payment was created. */
  paymentId: string | null;
}

/** Detail of `antom-processing`. */
export interface AntomProcessingDetail {
  /** `SDK_PAYMENT_PROCESSING`. */
  code: 'SDK_PAYMENT_PROCESSING';
  /** Antom result code, e.g. `PAYMENT_IN_PROCESS`. */
  resultCode: string;
  /** Payment id; the result arrives by notification or inquiry. */
  paymentId: string | null;
}

/** Detail of `antom-error`. */
export interface AntomErrorDetail {
  /** Antom SDK code for the error. */
  code: AntomSdkCode;
  /** Our named reason. */
  reason: AntomErrorReason;
  /** Localized message, as shown. */
  message: string;
  /** The buyer can go on (e.g. fix a field or retry). */
  recoverable: boolean;
}

/** Detail of `antom-session-expired`. */
export interface AntomSessionExpiredDetail {
  /** `SDK_PAYMENT_ERROR`. */
  code: 'SDK_PAYMENT_ERROR';
  /** Public id of the expired session. */
  paymentSessionId: string | null;
}

/** Detail of `antom-card-saved` (vault mode): the card is bound; the token reaches your server by notification. */
export interface AntomCardSavedDetail {
  /** `SDK_CARD_SAVED` (ours). */
  code: 'SDK_CARD_SAVED';
  /** Card brand. */
  brand: CardBrand | null;
  /** Last four digits. */
  last4: string | null;
  /** Two-digit expiry month. */
  expiryMonth: string | null;
  /** Two-digit expiry year. */
  expiryYear: string | null;
}

/** Detail of `antom-challenge`: the bank asks the buyer to verify; the element shows its page in a dialog. */
export interface AntomChallengeDetail {
  /** `SDK_PAYMENT_CHALLENGE`. */
  code: 'SDK_PAYMENT_CHALLENGE';
}

/** Detail of `antom-cancel`: the buyer closed the bank's verification; nothing was bound or paid. */
export interface AntomCancelDetail {
  /** `SDK_PAYMENT_CANCEL`. */
  code: 'SDK_PAYMENT_CANCEL';
}

/**
 * Detail of `antom-remove-card`: the buyer asks to remove a saved card. Your server maps `index`
 * (position in the `savedPaymentMethods` it sent for this session) to its token, deletes it, then
 * calls `reload()`.
 */
export interface AntomRemoveCardDetail {
  /** `SDK_REMOVE_CARD` (ours). */
  code: 'SDK_REMOVE_CARD';
  /** Public id of the session the list came from. */
  paymentSessionId: string;
  /** Opaque per-session id of the card. */
  savedCardId: string;
  /** Position in the session's `savedPaymentMethods`. */
  index: number;
  /** Card brand. */
  brand: CardBrand;
  /** Last four digits. */
  last4: string;
}

/** Event names and detail types of `<antom-card-checkout>`. */
export interface AntomEventDetails {
  'antom-ready': AntomReadyDetail;
  'antom-change': AntomChangeDetail;
  'antom-submit': AntomSubmitDetail;
  'antom-authorized': AntomAuthorizedDetail;
  'antom-failed': AntomFailedDetail;
  'antom-processing': AntomProcessingDetail;
  'antom-error': AntomErrorDetail;
  'antom-session-expired': AntomSessionExpiredDetail;
  'antom-card-saved': AntomCardSavedDetail;
  'antom-remove-card': AntomRemoveCardDetail;
  'antom-challenge': AntomChallengeDetail;
  'antom-cancel': AntomCancelDetail;
}

declare global {
  interface HTMLElementEventMap {
    'antom-ready': CustomEvent<AntomReadyDetail>;
    'antom-change': CustomEvent<AntomChangeDetail>;
    'antom-submit': CustomEvent<AntomSubmitDetail>;
    'antom-authorized': CustomEvent<AntomAuthorizedDetail>;
    'antom-failed': CustomEvent<AntomFailedDetail>;
    'antom-processing': CustomEvent<AntomProcessingDetail>;
    'antom-error': CustomEvent<AntomErrorDetail>;
    'antom-session-expired': CustomEvent<AntomSessionExpiredDetail>;
    'antom-card-saved': CustomEvent<AntomCardSavedDetail>;
    'antom-remove-card': CustomEvent<AntomRemoveCardDetail>;
    'antom-challenge': CustomEvent<AntomChallengeDetail>;
    'antom-cancel': CustomEvent<AntomCancelDetail>;
  }
}

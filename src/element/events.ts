/**
 * The element's events. All bubble and are composed; `detail.code` carries the Antom Web SDK event
 * code that means the same (docs/antom-api.md section 10), or one of ours where Antom has none
 * (marked "ours"). No detail ever holds a card number, a CVC or session secrets.
 */
import type { Amount, CardBrand, FieldName, FieldState } from '../shared/types.js';

/** Event codes of Antom's Web SDK, as its `onEventCallback` reports them. */
export type AntomSdkEventCode =
  | 'SDK_START_OF_LOADING'
  | 'SDK_END_OF_LOADING'
  | 'SDK_PAYMENT_SUCCESSFUL'
  | 'SDK_PAYMENT_AUTHORIZATION_SUCCESSFUL'
  | 'SDK_PAYMENT_FAIL'
  | 'SDK_PAYMENT_RETRY'
  | 'SDK_PAYMENT_PROCESSING'
  | 'SDK_PAYMENT_CANCEL'
  | 'SDK_PAYMENT_ERROR'
  | 'SDK_PAYMENT_CHALLENGE'
  | 'SDK_FORM_VERIFICATION_FAILED'
  | 'SDK_DUPLICATE_SUBMISSION_BEHAVIOR'
  | 'SDK_SUBMIT_NETWORK_ERROR'
  | 'SDK_INIT_PARAMETER_ERROR'
  | 'SDK_CREATEPAYMENT_PARAMETER_ERROR'
  | 'SDK_CREATECOMPONENT_ERROR'
  | 'SDK_INTERNAL_ERROR';

/** Codes of ours, for moments Antom's Web SDK has no code for. */
export type OwnEventCode =
  'SDK_FORM_CHANGE' | 'SDK_SUBMIT' | 'SDK_CARD_SAVED' | 'SDK_REMOVE_CARD' | 'SDK_SESSION_EXPIRED';

/** Every code a `detail.code` can hold. */
export type AntomSdkCode = AntomSdkEventCode | OwnEventCode;

/** Why `antom-error` fired: the element's own, finer-grained name for what went wrong. */
export type AntomErrorReason =
  | 'INVALID_ATTRIBUTE'
  | 'ENVIRONMENT_REQUIRED'
  | 'MISSING_SESSION_SOURCE'
  | 'FRAME_BLOCKED'
  | 'CHUNK_LOAD_FAILED'
  | 'SESSION_REQUEST_FAILED'
  | 'SESSION_HTTP_ERROR'
  | 'SESSION_RESPONSE_INVALID'
  | 'GATEWAY_ORIGIN_MISMATCH'
  | 'FRAME_LOAD_TIMEOUT'
  | 'COMPONENT_LOAD_FAILED'
  | 'SESSION_EXPIRED'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_INVALID'
  | 'NETWORK_ERROR'
  | 'SUBMIT_NETWORK_ERROR'
  | 'FORM_INVALID'
  | 'DUPLICATE_SUBMISSION'
  | 'PAYMENT_ERROR'
  | 'SDK_INTERNAL';

/**
 * What the gateway said about a payment, in the shape of the Web SDK's callback `result`:
 * the call's envelope, and the payment's own result when there is one.
 */
export interface AntomSdkResult {
  /** The call's result code, e.g. `SUCCESS`, `PAYMENT_IN_PROCESS`, or a decline such as `DO_NOT_HONOR`. */
  resultCode: string;
  /** `S` succeeded, `F` failed for good, `U` not known yet. */
  resultStatus: 'S' | 'F' | 'U';
  /** Antom's English text for `resultCode`; not for buyers. */
  resultMessage: string;
  /** The payment's result code when it differs from the call's (a decline code), else absent. */
  paymentResultCode?: string;
  /** The payment's status: `SUCCESS`, `FAIL` or `PROCESSING`, when known. */
  paymentStatus?: string;
}

/** Detail of `antom-loading` (`SDK_START_OF_LOADING`): the card form for a loaded session starts to load. */
export interface AntomLoadingDetail {
  /** Always `SDK_START_OF_LOADING`. */
  code: 'SDK_START_OF_LOADING';
}

/** Detail of `antom-ready` (`SDK_END_OF_LOADING`). */
export interface AntomReadyDetail {
  /** Always `SDK_END_OF_LOADING`. */
  code: 'SDK_END_OF_LOADING';
  /** The session's public id; `null` when an Antom session was given as a bare string. */
  paymentSessionId: string | null;
  /** What the pay button shows; `null` in vault mode or when the session does not say. */
  amount: Amount | null;
}

/** Detail of `antom-change`: validity only, never values (secure-frame sessions; Antom's SDK reports none). */
export interface AntomChangeDetail {
  /** Always `SDK_FORM_CHANGE` (ours). */
  code: 'SDK_FORM_CHANGE';
  /** Brand detected from the digits typed so far, in Antom's spelling; `null` until unambiguous. */
  brand: CardBrand | null;
  /** True when every field the form shows is valid: a submit would be sent. */
  complete: boolean;
  /** Per field: empty, valid, and the error code shown to the buyer (never while they type). */
  fields: Record<FieldName, FieldState>;
}

/** Detail of `antom-submit` (cancelable: `preventDefault()` stops the submission). */
export interface AntomSubmitDetail {
  /** Always `SDK_SUBMIT` (ours). */
  code: 'SDK_SUBMIT';
  /** The attempt's idempotency key: a retry after a network error reuses it, a new attempt gets a new one. */
  attemptId: string;
}

/** Card facts after a payment or binding: what a receipt may show. */
export interface CardFacts {
  /** In Antom's spelling, e.g. `VISA`; `null` when the card form did not say (Antom's SDK). */
  brand: CardBrand | null;
  /** The card number's last four digits, or `null` when not told. */
  last4: string | null;
  /** `01`-`12`, or `null` when not told. */
  expiryMonth: string | null;
  /** Two digits, e.g. `30` for 2030, or `null` when not told. */
  expiryYear: string | null;
}

/** Detail of `antom-authorized` (`SDK_PAYMENT_SUCCESSFUL`). */
export interface AntomAuthorizedDetail extends CardFacts {
  /** `SDK_PAYMENT_SUCCESSFUL`, or `SDK_PAYMENT_AUTHORIZATION_SUCCESSFUL` when Antom's form says so. */
  code: 'SDK_PAYMENT_SUCCESSFUL' | 'SDK_PAYMENT_AUTHORIZATION_SUCCESSFUL';
  /** The gateway's payment id to confirm on your server before fulfilling; `null` when the form did not say. */
  paymentId: string | null;
  /** The gateway's result, as the Web SDK reports it. */
  result: AntomSdkResult | null;
}

/** Detail of `antom-failed` (`SDK_PAYMENT_FAIL`). */
export interface AntomFailedDetail {
  /** `SDK_PAYMENT_FAIL`, or `SDK_PAYMENT_RETRY` when Antom's form says so. */
  code: 'SDK_PAYMENT_FAIL' | 'SDK_PAYMENT_RETRY';
  /**
   * Antom result code, e.g. `DO_NOT_HONOR`, `RISK_REJECT`, `USER_PAYMENT_VERIFICATION_FAILED` (the bank's
   * 3-D Secure check failed), or ours, `CHALLENGE_UNAVAILABLE` (the bank's page could not be opened).
   */
  resultCode: string;
  /** The buyer-facing text the element shows, in its locale; never names a lost or stolen card. */
  message: string;
  /** The declined payment's id, or `null` when none was created (a refused card, or Antom's SDK did not say). */
  paymentId: string | null;
  /** The gateway's result, as the Web SDK reports it. */
  result: AntomSdkResult | null;
}

/** Detail of `antom-processing` (`SDK_PAYMENT_PROCESSING`): the outcome comes later, by notification or inquiry. */
export interface AntomProcessingDetail {
  /** Always `SDK_PAYMENT_PROCESSING`. */
  code: 'SDK_PAYMENT_PROCESSING';
  /** Antom result code, e.g. `PAYMENT_IN_PROCESS`. */
  resultCode: string;
  /** The payment to inquire about on your server; `null` when not told. */
  paymentId: string | null;
  /** The gateway's result, as the Web SDK reports it. */
  result: AntomSdkResult | null;
}

/** Detail of `antom-error`. */
export interface AntomErrorDetail {
  /** The Web SDK's code for this kind of failure, e.g. `SDK_CREATEPAYMENT_PARAMETER_ERROR` for bad session data. */
  code: AntomSdkCode;
  /** The element's own name for what went wrong (see the README's table of reasons). */
  reason: AntomErrorReason;
  /** The buyer-facing text the element shows, in its locale. */
  message: string;
  /** True when the buyer can go on (fix a field, submit again); false when only `reload()` helps. */
  recoverable: boolean;
  /** The gateway's result when a payment was involved (`SDK_PAYMENT_ERROR`), else `null`. */
  result: AntomSdkResult | null;
}

/** Detail of `antom-session-expired` (`SDK_SESSION_EXPIRED`, ours): the form is cleared and submits are blocked. */
export interface AntomSessionExpiredDetail {
  /** Always `SDK_SESSION_EXPIRED` (ours: Antom's SDK has no code for it). */
  code: 'SDK_SESSION_EXPIRED';
  /** The expired session's public id, when known. */
  paymentSessionId: string | null;
}

/** Detail of `antom-card-saved` (vault mode): the card is bound; the token reaches your server by notification. */
export interface AntomCardSavedDetail extends CardFacts {
  /** Always `SDK_CARD_SAVED` (ours: the Web SDK reports a binding as `SDK_PAYMENT_SUCCESSFUL`). */
  code: 'SDK_CARD_SAVED';
  /** The gateway's result, as the Web SDK reports it. */
  result: AntomSdkResult | null;
}

/** Detail of `antom-challenge`: the bank asks the buyer to verify (3-D Secure). */
export interface AntomChallengeDetail {
  /** Always `SDK_PAYMENT_CHALLENGE`. */
  code: 'SDK_PAYMENT_CHALLENGE';
}

/** Detail of `antom-cancel`: the buyer left the payment (closed the bank's check, or Antom's form); nothing was paid. */
export interface AntomCancelDetail {
  /** Always `SDK_PAYMENT_CANCEL`. */
  code: 'SDK_PAYMENT_CANCEL';
}

/**
 * Detail of `antom-remove-card`: the buyer asks to remove a saved card. Your server maps `index`
 * (position in the `savedPaymentMethods` it sent for this session) to its token, deletes it, then
 * calls `reload()`.
 */
export interface AntomRemoveCardDetail {
  /** Always `SDK_REMOVE_CARD` (ours). */
  code: 'SDK_REMOVE_CARD';
  /** The session whose list the card came from. */
  paymentSessionId: string;
  /** `saved-<index>`: valid within this session only, never the token. */
  savedCardId: string;
  /** Position in the `savedPaymentMethods` your server sent for this session. */
  index: number;
  /** In Antom's spelling, e.g. `VISA`. */
  brand: CardBrand;
  /** The card number's last four digits. */
  last4: string;
}

/** Event names and detail types of `<antom-card-checkout>`. */
export interface AntomEventDetails {
  'antom-loading': AntomLoadingDetail;
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
    'antom-loading': CustomEvent<AntomLoadingDetail>;
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

/**
 * One table from Antom's Web SDK event codes to what the element does. Both card-form drivers
 * report in these codes (Antom's SDK natively, the secure frame by translation), so a merchant's
 * handlers see the same events whichever form is behind the element.
 */
import type { AntomErrorReason } from './events.js';

/** What the element does for one code. */
export type SdkReaction =
  /** Fire `antom-loading`. */
  | { kind: 'loading' }
  /** The form is ready: `antom-ready`. */
  | { kind: 'ready' }
  /** Paid, or bound in vault mode: `antom-authorized` / `antom-card-saved`. */
  | { kind: 'authorized' }
  /** Declined: `antom-failed`; the buyer may try again. */
  | { kind: 'declined' }
  /** Outcome not known yet: `antom-processing`; the checkout stays locked. */
  | { kind: 'processing' }
  /** The bank asks the buyer to verify: `antom-challenge`. */
  | { kind: 'challenge' }
  /** The buyer left the payment: `antom-cancel`; the form is usable again. */
  | { kind: 'cancel' }
  /** The form refused the submission: `antom-error` `FORM_INVALID` (recoverable). */
  | { kind: 'invalid' }
  /** The submission's answer was lost: `antom-error` `SUBMIT_NETWORK_ERROR` (recoverable, same key on retry). */
  | { kind: 'network-error' }
  /** A second submission while one runs: `antom-error` `DUPLICATE_SUBMISSION` (recoverable, nothing changes). */
  | { kind: 'duplicate' }
  /** The checkout cannot go on: `antom-error` with `reason`; `reload()` starts again. */
  | { kind: 'error'; reason: AntomErrorReason }
  /** Not about a card form: wallets, Apple Pay, PayPal, and redirects the element turns off. */
  | { kind: 'ignore' };

/**
 * Every code Antom documents for its card and vaulting components (docs/antom-api.md section 10),
 * and every other code its package's `eventCodeEnum` declares. A test fails when one is missing.
 */
export const SDK_REACTIONS = {
  SDK_START_OF_LOADING: { kind: 'loading' },
  SDK_END_OF_LOADING: { kind: 'ready' },
  SDK_PAYMENT_SUCCESSFUL: { kind: 'authorized' },
  // Listed by Antom's SDK reference without a description: read as "authorized (capture later)".
  SDK_PAYMENT_AUTHORIZATION_SUCCESSFUL: { kind: 'authorized' },
  SDK_PAYMENT_FAIL: { kind: 'declined' },
  // Listed likewise: read as "this attempt failed, the buyer may try again".
  SDK_PAYMENT_RETRY: { kind: 'declined' },
  SDK_PAYMENT_PROCESSING: { kind: 'processing' },
  SDK_PAYMENT_CHALLENGE: { kind: 'challenge' },
  SDK_PAYMENT_CANCEL: { kind: 'cancel' },
  SDK_PAYMENT_ERROR: { kind: 'error', reason: 'PAYMENT_ERROR' },
  SDK_FORM_VERIFICATION_FAILED: { kind: 'invalid' },
  SDK_SUBMIT_NETWORK_ERROR: { kind: 'network-error' },
  SDK_DUPLICATE_SUBMISSION_BEHAVIOR: { kind: 'duplicate' },
  SDK_INIT_PARAMETER_ERROR: { kind: 'error', reason: 'INVALID_ATTRIBUTE' },
  SDK_CREATEPAYMENT_PARAMETER_ERROR: { kind: 'error', reason: 'SESSION_INVALID' },
  SDK_CREATECOMPONENT_ERROR: { kind: 'error', reason: 'COMPONENT_LOAD_FAILED' },
  SDK_INTERNAL_ERROR: { kind: 'error', reason: 'SDK_INTERNAL' },
  // Redirects to an app or page: the element sets notRedirectAfterComplete, and card forms do not redirect.
  SDK_CALL_URL_SUCCESS: { kind: 'ignore' },
  SDK_CALL_URL_ERROR: { kind: 'ignore' },
  SDK_LAUNCH_PAYMENT_APP_ERROR: { kind: 'ignore' },
  SDK_REDIRECT: { kind: 'ignore' },
  // Apple Pay and PayPal only.
  SDK_PAYMENT_WARN: { kind: 'ignore' },
  SDK_PAYMENT_SHIPPINGCHANGE: { kind: 'ignore' },
  SDK_PAYMENT_APPROVE: { kind: 'ignore' },
} as const satisfies Record<string, SdkReaction>;

/** A code the table knows. */
export type KnownSdkCode = keyof typeof SDK_REACTIONS;

/** The reaction to `code`, or `undefined` for a code Antom has not documented (the element warns once). */
export function reactionTo(code: string): SdkReaction | undefined {
  return Object.prototype.hasOwnProperty.call(SDK_REACTIONS, code) ? SDK_REACTIONS[code as KnownSdkCode] : undefined;
}

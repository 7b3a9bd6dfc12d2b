/**
 * The seam between the element and whatever holds the card fields. The element owns the merchant's
 * API (attributes, events, life cycle); a driver owns one card form for one session and reports
 * what happens in it. Today's driver is the secure frame served by the sandbox gateway; Antom's
 * official Web SDK is the second, for live sessions.
 */
import type { nothing, TemplateResult } from 'lit';
import type { Appearance } from '../../shared/appearance.js';
import type { SessionErrorCode } from '../../shared/channel/messages.js';
import type { SupportedLocale } from '../../shared/i18n/locale.js';
import type { FieldName, FormState, PaymentOutcome, SessionView } from '../../shared/types.js';
import type { LoadedSession } from '../controllers/session-loader.js';

/** Result of `validate()`. */
export interface ValidationResult {
  /** All fields are valid. */
  isValid: boolean;
  /** The fields that are not, in form order. */
  invalidFields: FieldName[];
}

/** What a driver reports to the element. Card data never passes here: only state and outcomes. */
export interface DriverEvents {
  /** The form is ready; `view` is the session's public view (amount, saved cards, policies). */
  ready(view: SessionView): void;
  /** Brand or validity changed. */
  change(state: FormState): void;
  /** The buyer pressed Enter in the form. */
  submitRequest(): void;
  /** The form refused attempt `attemptId`: fields are invalid and now show their errors. */
  invalid(attemptId: string): void;
  /** The gateway's answer to attempt `attemptId`. */
  outcome(attemptId: string, outcome: PaymentOutcome): void;
  /** Attempt `attemptId` got no readable answer; sending it again is safe (same idempotency key). */
  networkError(attemptId: string): void;
  /** The session cannot be used (expired, unknown, invalid, or its gateway unreachable). */
  sessionError(code: SessionErrorCode): void;
  /** The form never came up within the element's `frame-timeout`. */
  unreachable(): void;
}

/** What the element tells a driver when it mounts a session. */
export interface MountContext {
  /** The locale the element speaks, Antom-style (`en_US`). */
  locale: SupportedLocale;
  /** `payment` or `vault`. */
  mode: 'payment' | 'vault';
  /** How long the form may take to come up, in ms. */
  timeoutMs: number;
  /** The `--antom-*` tokens in effect on the host, already checked against their patterns. */
  appearance: Appearance;
}

/** One card form for one session. */
export interface CardFormDriver {
  /** Starts loading the form for `session`; what happens next arrives through `DriverEvents`. */
  mount(session: LoadedSession, context: MountContext): void;
  /** Submits attempt `attemptId`; the id is the idempotency key, so a retry after a network error reuses it. */
  submit(attemptId: string): void;
  /** Shows the errors of invalid fields, focuses the first, and resolves with the validity. */
  validate(): Promise<ValidationResult>;
  /** Clears what the buyer typed and re-enables the form unless a payment is in flight or done. */
  reset(): void;
  /** Switches between a saved card (`saved-<index>`) and a new card (`null`). */
  select(savedCardId: string | null): void;
  /** The attempt is over for good (paid, bound or pending): lock the form and forget the CVC. */
  close(): void;
  /** Moves focus into the form; false when there is no form to focus yet. */
  focus(options?: FocusOptions): boolean;
  /** Forgets the session: removes the form, its listeners, timers and pending promises. */
  destroy(): void;
  /** What the element renders where the card form goes. */
  render(): TemplateResult | typeof nothing;
}

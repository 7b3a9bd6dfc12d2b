/**
 * The seam between the element and whatever holds the card fields. The element owns the merchant's
 * API (attributes, events, life cycle); a driver owns one card form for one session and reports
 * what happens in it in Antom's Web SDK codes (`sdk-events.ts` says what each means to the
 * element). Two drivers exist: our secure frame, for sessions the sandbox minted, and Antom's
 * official Web SDK, for sessions Antom minted.
 */
import type { nothing, TemplateResult } from 'lit';
import type { Appearance } from '../../shared/appearance.js';
import type { SupportedLocale } from '../../shared/i18n/locale.js';
import type { CheckoutMessages } from '../../shared/i18n/messages.js';
import type { Amount, FieldName, FormState, SavedCardView } from '../../shared/types.js';
import type { LoadedSession } from '../controllers/session-loader.js';
import type { AntomErrorReason, AntomSdkResult, CardFacts } from '../events.js';
import type { Diagnostic } from '../warn.js';

/** Result of `validate()`. */
export interface ValidationResult {
  /** True when a submit would be sent now. */
  isValid: boolean;
  /** The invalid fields in form order; empty when the form does not say which (Antom's SDK). */
  invalidFields: FieldName[];
}

/** What the element learns when the form is ready. */
export interface FormView {
  /** The session's public id, when known. */
  paymentSessionId: string | null;
  /** What the pay button shows; `null` in vault mode or when unknown. */
  amount: Amount | null;
  /** ISO-8601 time after which the session is dead, when known: the element clears the form then. */
  expiresAt: string | null;
  /** Saved cards the element lists itself; empty when the form draws its own. */
  savedCards: SavedCardView[];
}

/** Payment facts that come with an outcome. */
export interface PaymentFacts {
  /** The gateway's payment id, when one was created and the form says so. */
  paymentId: string | null;
  /** Antom's result code, e.g. `SUCCESS`, `DO_NOT_HONOR`, `PAYMENT_IN_PROCESS`. */
  resultCode: string;
  /** Brand, last four and expiry, when the form says so. */
  card: CardFacts | null;
}

/** One thing that happened in the form, named by an Antom Web SDK code. */
export interface DriverReport {
  /** The Web SDK code, e.g. `SDK_PAYMENT_SUCCESSFUL`; unknown codes are ignored with a warning. */
  code: string;
  /** The submission this answers; a report for another attempt is stale and dropped. */
  attemptId?: string;
  /** With `SDK_END_OF_LOADING`. */
  view?: FormView;
  /** With payment outcomes. */
  payment?: PaymentFacts;
  /** The Web SDK's `result`, or the sandbox's answer in the same shape. */
  result?: AntomSdkResult | null;
  /** A finer reason than the code's default, e.g. `FRAME_LOAD_TIMEOUT` for `SDK_CREATECOMPONENT_ERROR`. */
  reason?: AntomErrorReason;
  /** For the console only (never shown to buyers): what went wrong, in words for a developer. */
  detail?: Diagnostic;
}

/** What a driver tells the element. Card data never passes here. */
export interface DriverEvents {
  /** Something happened, in Web SDK terms. */
  report(report: DriverReport): void;
  /** Brand or validity changed (ours: the secure frame only). */
  change(state: FormState): void;
  /** The buyer pressed Enter in the form. */
  submitRequest(): void;
  /** The session expired under the form. */
  expired(): void;
  /** A dialog of the form closed: focus should go back to the pay button. */
  returnFocus(): void;
  /**
   * The form is up: loads what the element needs to show `view` with it (the saved-card list's
   * code), so the two appear together. `false` when that failed (the element has said why): the
   * form then stays hidden and nothing is reported.
   */
  prepare(view: FormView): Promise<boolean>;
}

/** What the element tells a driver when it mounts a session. */
export interface MountContext {
  /** The locale the element speaks, Antom-style (`en_US`). */
  locale: SupportedLocale;
  /** The merchant's texts (the element's `messages`); the `frame.` ones go to the card frame. */
  messages: CheckoutMessages | null;
  /** `payment` or `vault`. */
  mode: 'payment' | 'vault';
  /** How long the form may take to come up, in ms. */
  timeoutMs: number;
  /** The `--antom-*` tokens in effect on the host, already checked against their patterns. */
  appearance: Appearance;
  /** The colour scheme the form should use. */
  colorScheme: 'light' | 'dark';
  /** Where Antom's SDK runs: `sandbox` or `prod` (Antom sessions only). */
  environment: 'sandbox' | 'prod' | null;
  /** An ES module URL to load Antom's SDK from instead of the bundled copy. */
  sdkUrl: string | null;
  /** Ask again for the CVC of a saved card (Antom's `merchantAppointParam.storedCard.needCVV`; Antom sessions). */
  savedCardCvc: boolean;
}

/** One card form for one session. */
export interface CardFormDriver {
  /** Starts loading the form for `session`; what happens next arrives through `DriverEvents`. */
  mount(session: LoadedSession, context: MountContext): void;
  /** Submits attempt `attemptId`; the id is the idempotency key, so a retry after a network error reuses it. */
  submit(attemptId: string): void;
  /** Shows the errors of invalid fields, focuses the first, and resolves with the validity. */
  validate(): Promise<ValidationResult>;
  /** Clears what the buyer typed and cancels an open bank check; a no-op where the form offers no reset. */
  reset(): void;
  /** Switches between a saved card (`saved-<index>`) and a new card (`null`) the element lists. */
  select(savedCardId: string | null): void;
  /** The attempt is over for good (paid, bound or pending): lock the form and forget the CVC. */
  close(): void;
  /** The host's tokens or scheme changed after mount: the form (and its open dialog) follow. */
  restyle(appearance: Appearance, colorScheme: 'light' | 'dark'): void;
  /** Moves focus into the form (or its open dialog); false when there is nothing to focus yet. */
  focus(options?: FocusOptions): boolean;
  /** Forgets the session: removes the form, its listeners, timers and pending promises. */
  destroy(): void;
  /** What the element renders where the card form goes. */
  render(): TemplateResult | typeof nothing;
}

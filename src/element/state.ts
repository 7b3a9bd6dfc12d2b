/**
 * The checkout's life cycle as one table: status x event -> status. The element changes its
 * status only through `nextStatus`, so this table is the whole story; the README's "Life cycle"
 * table is checked against it by a test.
 */
import type { CardBrand } from '../shared/types.js';

/** Where the checkout is in its life. */
export type CheckoutStatus = 'loading' | 'ready' | 'submitting' | 'challenge' | 'authorized' | 'failed' | 'error';

/** Read-only snapshot of the checkout. */
export interface CheckoutState {
  /** Life-cycle status (see the README's life-cycle table). */
  status: CheckoutStatus;
  /** Brand detected from the digits typed so far, in Antom's spelling; `null` until unambiguous. */
  brand: CardBrand | null;
  /** True when every field the form shows is valid: a submit would be sent. */
  complete: boolean;
}

/** What can happen to a checkout; each name is the cause, not the resulting status. */
export type CheckoutEvent =
  /** A (new) session starts loading: attributes changed, `reload()`, or the element reconnected. */
  | 'load'
  /** The card form is ready for the buyer. */
  | 'form-ready'
  /** A submission was accepted (not cancelled by an `antom-submit` listener). */
  | 'submit'
  /** The card form refused the submission: fields are invalid. */
  | 'form-invalid'
  /** The submission's answer never came back; the same attempt may be sent again. */
  | 'network-error'
  /** The bank asks the buyer to verify (3-D Secure); its page opens. */
  | 'challenge'
  /** The buyer left the payment: closed the bank's page (or `reset()` during it), or left Antom's form. */
  | 'cancel'
  /** The payment was authorized, or in vault mode the card was bound. */
  | 'authorized'
  /** The payment or binding was declined; the buyer may try again. */
  | 'declined'
  /** The outcome is not known yet; the checkout stays locked so nothing is paid twice. */
  | 'processing'
  /** `reset()` after a decline. */
  | 'reset'
  /** The session expired before a payment succeeded. */
  | 'expire'
  /** Something stopped the checkout for good (bad configuration, bad session, unreachable form). */
  | 'fatal';

type Table = { readonly [S in CheckoutStatus]: Partial<Readonly<Record<CheckoutEvent, CheckoutStatus>>> };

/**
 * Every allowed transition. An event missing from a status's row is ignored in that status:
 * a late answer, a second submit, a reset while paying.
 */
export const TRANSITIONS: Table = {
  loading: { load: 'loading', 'form-ready': 'ready', expire: 'error', fatal: 'error' },
  // Antom's form may also submit by itself (its own button): its outcomes count in `ready` and `failed`.
  ready: {
    load: 'loading',
    submit: 'submitting',
    challenge: 'challenge',
    authorized: 'authorized',
    declined: 'failed',
    processing: 'submitting',
    cancel: 'ready',
    expire: 'error',
    fatal: 'error',
  },
  submitting: {
    load: 'loading',
    'form-invalid': 'ready',
    'network-error': 'ready',
    challenge: 'challenge',
    authorized: 'authorized',
    declined: 'failed',
    processing: 'submitting',
    cancel: 'ready',
    expire: 'error',
    fatal: 'error',
  },
  challenge: {
    load: 'loading',
    cancel: 'ready',
    authorized: 'authorized',
    declined: 'failed',
    processing: 'submitting',
    expire: 'error',
    fatal: 'error',
  },
  // A paid checkout outlives its session: expiry no longer matters.
  authorized: { load: 'loading', fatal: 'error' },
  failed: {
    load: 'loading',
    submit: 'submitting',
    challenge: 'challenge',
    authorized: 'authorized',
    declined: 'failed',
    processing: 'submitting',
    reset: 'ready',
    expire: 'error',
    fatal: 'error',
  },
  error: { load: 'loading', expire: 'error', fatal: 'error' },
};

/** The status after `event`, or `undefined` when the event does not apply in `status`. */
export function nextStatus(status: CheckoutStatus, event: CheckoutEvent): CheckoutStatus | undefined {
  return TRANSITIONS[status][event];
}

/** True in `ready` and `failed`: the only statuses a submit starts from. */
export function canSubmit(status: CheckoutStatus): boolean {
  return nextStatus(status, 'submit') !== undefined;
}

/**
 * The payment state machine. Every state change of a payment goes through `transition`, which
 * refuses moves the lifecycle does not allow (docs/antom-api.md section 4).
 *
 *   PROCESSING -> AUTHORIZED | FAILED
 *   FAILED     -> PROCESSING              (the buyer retries on the same session)
 *   AUTHORIZED -> CAPTURED | CANCELLED    (capture, cancel, or release after 7 days)
 *   CAPTURED   -> CAPTURED                (a further partial capture, where the merchant allows it)
 *   CAPTURED   -> PARTIALLY_REFUNDED | REFUNDED
 *   PARTIALLY_REFUNDED -> PARTIALLY_REFUNDED | REFUNDED
 *
 * The rules around the moves (amounts, the authorization window, idempotency) live in
 * `lifecycle-rules.ts`; this table only says which moves exist.
 */

/** The state of a payment inside the sandbox. */
export type PaymentState =
  'PROCESSING' | 'AUTHORIZED' | 'CAPTURED' | 'FAILED' | 'CANCELLED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

/** `paymentStatus` as `inquiryPayment` reports it. */
export type InquiryStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED' | 'PENDING';

const TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  PROCESSING: ['AUTHORIZED', 'FAILED'],
  FAILED: ['PROCESSING'],
  AUTHORIZED: ['CAPTURED', 'CANCELLED'],
  CAPTURED: ['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  CANCELLED: [],
  REFUNDED: [],
};

/** Thrown when code asks for a move the lifecycle forbids (a bug, never a buyer's input). */
export class InvalidTransitionError extends Error {
  /** Names both states in the message, e.g. `payment state cannot move from FAILED to CAPTURED`. */
  constructor(
    readonly from: PaymentState,
    readonly to: PaymentState,
  ) {
    super(`payment state cannot move from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
  }
}

/** Whether the lifecycle allows `from -> to`. */
export function canTransition(from: PaymentState, to: PaymentState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Moves `subject` to `to`, or throws `InvalidTransitionError`. */
export function transition(subject: { state: PaymentState }, to: PaymentState): void {
  if (!canTransition(subject.state, to)) throw new InvalidTransitionError(subject.state, to);
  subject.state = to;
}

/** Maps an internal state to Antom's `paymentStatus`: a successful authorization is `SUCCESS`, captured or not. */
export function inquiryStatusOf(state: PaymentState): InquiryStatus {
  switch (state) {
    case 'PROCESSING':
      return 'PROCESSING';
    case 'FAILED':
      return 'FAIL';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'AUTHORIZED':
    case 'CAPTURED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return 'SUCCESS';
  }
}

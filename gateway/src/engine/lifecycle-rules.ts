/**
 * The rules of a card payment after authorization (docs/antom-api.md section 4), as pure functions over
 * a payment record: how much is captured, refunded and still capturable, when an authorization is
 * due for release, and why a capture, cancel or refund is refused. Antom lists no codes for
 * requests in the wrong state; the sandbox answers `PROCESS_FAIL`, or `PARAM_ILLEGAL` when a field
 * is at fault, with a message that says exactly why (ours, documented in gateway/README.md).
 */
import type { Amount, ResultEnvelope } from '#shared';
import { result } from './result-codes.js';
import { formatAntomTime } from './time.js';
import type { Payment, Transaction, TransactionType } from './types.js';

/** An amount as messages write it: `1000 USD` (minor units). */
export function money(amount: Amount): string {
  return `${amount.value} ${amount.currency}`;
}

function total(payment: Payment, type: TransactionType, status: 'SUCCESS' | 'PROCESSING' = 'SUCCESS'): bigint {
  return payment.transactions
    .filter((transaction) => transaction.type === type && transaction.status === status)
    .reduce((sum, transaction) => sum + BigInt(transaction.amount.value), 0n);
}

/** The capture of the payment the acquirer has not settled yet, if any. */
export function captureInProcess(payment: Payment): Transaction | undefined {
  return payment.transactions.find(
    (transaction) => transaction.type === 'CAPTURE' && transaction.status === 'PROCESSING',
  );
}

/** Minor units of refunds the acquirer has not settled yet: reserved, so never refunded twice. */
export function refundingValue(payment: Payment): bigint {
  return total(payment, 'REFUND', 'PROCESSING');
}

/** Minor units captured so far. */
export function capturedValue(payment: Payment): bigint {
  return total(payment, 'CAPTURE');
}

/** Minor units refunded so far. */
export function refundedValue(payment: Payment): bigint {
  return total(payment, 'REFUND');
}

/** Minor units of the authorization not captured yet, nor being captured (0 once capture is closed). */
export function uncapturedValue(payment: Payment): bigint {
  if (payment.captureClosed) return 0n;
  return BigInt(payment.amount.value) - capturedValue(payment) - total(payment, 'CAPTURE', 'PROCESSING');
}

/** Whether the authorization window has passed with something left to capture. */
export function isReleaseDue(payment: Payment, now: Date): boolean {
  return (
    (payment.state === 'AUTHORIZED' || payment.state === 'CAPTURED') &&
    // A capture in process decides first: it may take the whole rest, or fail and leave it to release.
    captureInProcess(payment) === undefined &&
    payment.authExpiryTime !== undefined &&
    now.getTime() >= payment.authExpiryTime.getTime() &&
    uncapturedValue(payment) > 0n
  );
}

const processFail = (message: string): ResultEnvelope => result('PROCESS_FAIL', message);
const paramIllegal = (message: string): ResultEnvelope => result('PARAM_ILLEGAL', message);
const expiredAt = (payment: Payment): string =>
  payment.authExpiryTime ? formatAntomTime(payment.authExpiryTime) : 'its expiry';

/** Why `amount` cannot be captured now, or `undefined` when it can. */
export function captureRefusal(
  payment: Payment,
  amount: Amount,
  partialCaptureAllowed: boolean,
  now: Date,
): ResultEnvelope | undefined {
  const id = payment.paymentId;
  const inProcess = captureInProcess(payment);
  if (inProcess) {
    return processFail(
      `a capture of payment ${id} is in process (captureRequestId ${inProcess.requestId}); wait for its result`,
    );
  }
  if (refundingValue(payment) > 0n) {
    return processFail(`payment ${id} has a refund in process; capture is not possible after a refund`);
  }
  switch (payment.state) {
    case 'PROCESSING':
      return processFail(`payment ${id} is PROCESSING; capture is possible once it is authorized`);
    case 'FAILED':
      return processFail(`payment ${id} failed (${payment.result.resultCode}); capture is not possible`);
    case 'CANCELLED':
      return payment.cancelReason === 'AUTHORIZATION_EXPIRED'
        ? processFail(`authorization expired at ${expiredAt(payment)}; capture is not possible`)
        : processFail(`payment ${id} is CANCELLED; capture is not possible`);
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return processFail(`payment ${id} is ${payment.state}; capture is not possible after a refund`);
    case 'CAPTURED':
      if (payment.captureClosed) {
        const captured = `${capturedValue(payment)} ${payment.amount.currency}`;
        if (capturedValue(payment) >= BigInt(payment.amount.value)) {
          return processFail(`payment ${id} is already captured (${captured}); capture is not possible`);
        }
        if (payment.authExpiryTime && now.getTime() >= payment.authExpiryTime.getTime()) {
          return processFail(
            `authorization expired at ${expiredAt(payment)}; the uncaptured rest was released and capture is not possible`,
          );
        }
        return processFail(`payment ${id} had its last capture (${captured}); capture is not possible`);
      }
      break;
    case 'AUTHORIZED':
      break;
  }
  if (amount.currency !== payment.amount.currency) {
    return paramIllegal(
      `captureAmount.currency ${amount.currency} differs from the payment currency ${payment.amount.currency}`,
    );
  }
  const uncaptured = uncapturedValue(payment);
  const requested = BigInt(amount.value);
  if (requested > uncaptured) {
    return paramIllegal(`captureAmount ${money(amount)} exceeds the uncaptured ${uncaptured} ${amount.currency}`);
  }
  if (!partialCaptureAllowed && requested < uncaptured) {
    return paramIllegal(
      `captureAmount ${money(amount)} must equal the authorized ${uncaptured} ${amount.currency}: ` +
        'partial capture is not enabled for this merchant',
    );
  }
  return undefined;
}

/**
 * Why the payment cannot be cancelled, `'ALREADY_CANCELLED'` when it is (cancel is idempotent), or
 * `undefined` when it can be.
 */
export function cancelRefusal(payment: Payment): ResultEnvelope | 'ALREADY_CANCELLED' | undefined {
  const id = payment.paymentId;
  switch (payment.state) {
    case 'AUTHORIZED':
      return captureInProcess(payment)
        ? processFail(`a capture of payment ${id} is in process; cancel is not possible, refund once it is captured`)
        : undefined;
    case 'CANCELLED':
      return 'ALREADY_CANCELLED';
    case 'PROCESSING':
      return processFail(`payment ${id} is PROCESSING; cancel is possible once it is authorized`);
    case 'FAILED':
      return processFail(`payment ${id} failed (${payment.result.resultCode}); there is nothing to cancel`);
    case 'CAPTURED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return processFail(`payment ${id} is ${payment.state}: a captured payment cannot be cancelled; use refund`);
  }
}

/** Why `amount` cannot be refunded now, or `undefined` when it can. */
export function refundRefusal(payment: Payment, amount: Amount): ResultEnvelope | undefined {
  const id = payment.paymentId;
  switch (payment.state) {
    case 'PROCESSING':
      return processFail(`payment ${id} is PROCESSING; refund is possible once it is captured`);
    case 'FAILED':
      return processFail(`payment ${id} failed (${payment.result.resultCode}); there is nothing to refund`);
    case 'AUTHORIZED':
      return processFail(
        `payment ${id} is not captured; a refund needs captured funds: use cancel to release the authorization`,
      );
    case 'CANCELLED':
      return processFail(`payment ${id} is CANCELLED; nothing was captured, so there is nothing to refund`);
    case 'CAPTURED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      break;
  }
  if (amount.currency !== payment.amount.currency) {
    return paramIllegal(
      `refundAmount.currency ${amount.currency} differs from the payment currency ${payment.amount.currency}`,
    );
  }
  const captured = capturedValue(payment);
  const refunded = refundedValue(payment);
  const refunding = refundingValue(payment);
  const refundable = captured - refunded - refunding;
  if (BigInt(amount.value) > refundable) {
    const currency = amount.currency;
    const inProcess = refunding > 0n ? `, ${refunding} ${currency} in process` : '';
    return result(
      'REFUND_AMOUNT_EXCEED',
      `refundAmount ${money(amount)} exceeds the refundable ${refundable} ${currency} ` +
        `(captured ${captured} ${currency}, refunded ${refunded} ${currency}${inProcess})`,
    );
  }
  return undefined;
}

/** The state after refunding `amount`: `REFUNDED` once everything captured is refunded. */
export function stateAfterRefund(payment: Payment, amount: Amount): 'PARTIALLY_REFUNDED' | 'REFUNDED' {
  const refunded = refundedValue(payment) + BigInt(amount.value);
  return refunded >= capturedValue(payment) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

/**
 * What happens to a payment after its authorization: captures (the merchant's and the automatic
 * one), cancels, refunds, and the release of an authorization left uncaptured past its window.
 * These steps share the capture and refund rules (`lifecycle-rules.ts`), the idempotency of
 * `captureRequestId` and `refundRequestId`, and the set of authorizations still open to capture,
 * so they live together apart from the authorization itself. Every change runs on the payment's
 * queue, shared with the engine, so a racing capture and cancel see each other's outcome.
 *
 * As Antom's acquirers sometimes do, a capture or refund may answer `U` and settle later, then
 * notify its result (docs/antom-api.md section 4). The sandbox does so for its test amounts
 * (ours): captures of 7001 and 7002 and refunds of 7003 and 7004 minor units stay in process, then
 * succeed (7001, 7003) or fail (7002, 7004).
 */
import type { Amount, ResultEnvelope } from '#shared';
import type { Acquirer } from './acquirers.js';
import { AUTHORIZATION_VALIDITY_MS } from './authorization.js';
import type { Clock } from './clock.js';
import {
  JournaledMap,
  MEMORY_JOURNAL,
  NOT_READY,
  settledValue,
  watchSettled,
  type Journal,
  type JournaledMapCodec,
} from './journal.js';
import {
  cancelRefusal,
  captureRefusal,
  isReleaseDue,
  refundRefusal,
  stateAfterRefund,
  uncapturedValue,
} from './lifecycle-rules.js';
import type { MerchantRegistry } from './merchants.js';
import { eventTarget, type PaymentBook } from './payment-book.js';
import { result, type ResultCode } from './result-codes.js';
import type { AcquirerRouter } from './routing.js';
import type { KeyedSerializer } from './serial.js';
import { sameAmount } from './sessions.js';
import { transition } from './state-machine.js';
import { formatAntomTime } from './time.js';
import type {
  AcquirerInfo,
  CancelOutcome,
  CaptureInput,
  CaptureRecord,
  EngineEvent,
  EngineFailure,
  EngineResult,
  Payment,
  RefundInput,
  RefundRecord,
  Transaction,
} from './types.js';

/** (ours) Capture amount (minor units) that stays in process, then succeeds. */
export const CAPTURE_IN_PROCESS_THEN_SUCCESS = '7001';

/** (ours) Capture amount (minor units) that stays in process, then fails. */
export const CAPTURE_IN_PROCESS_THEN_FAIL = '7002';

/** (ours) Refund amount (minor units) that stays in process, then succeeds. */
export const REFUND_IN_PROCESS_THEN_SUCCESS = '7003';

/** (ours) Refund amount (minor units) that stays in process, then fails. */
export const REFUND_IN_PROCESS_THEN_FAIL = '7004';

/** How long the acquirer takes to settle a capture or refund left in process, unless the clock moves first. */
export const DEFAULT_ASYNC_SETTLEMENT_DELAY_MS = 2_000;

/** How a capture or refund of a test amount ends once the acquirer settles it. */
type LaterOutcome = 'SUCCESS' | 'FAIL';

function laterOutcome(value: string, succeeds: string, fails: string): LaterOutcome | undefined {
  if (value === succeeds) return 'SUCCESS';
  if (value === fails) return 'FAIL';
  return undefined;
}

/** What a `SettlementDesk` shares with the engine and the other desks. */
export interface SettlementDeskOptions {
  /** Registered merchants (their partial capture setting). */
  merchants: MerchantRegistry;
  /** The engine clock: capture, refund and cancel times, and when an authorization is due for release. */
  clock: Clock;
  /** The engine's payment records, which captures, cancels, refunds and releases change. */
  book: PaymentBook;
  /** The engine's acquirer routing (a capture goes to the acquirer that authorized). */
  router: AcquirerRouter;
  /** The engine's per-payment queues. */
  serial: KeyedSerializer;
  /** Hands an event to the engine's listeners (the notifier). */
  emit: (event: EngineEvent) => void;
  /** Wall-clock time a capture or refund left in process takes to settle (default `DEFAULT_ASYNC_SETTLEMENT_DELAY_MS`). */
  asyncSettlementDelayMs?: number;
  /** Where requests, refunds and open authorizations are kept across restarts (default: memory only). */
  journal?: Journal;
}

/** What the acquirer said to a capture: whether the funds moved, the capture's envelope, its `acquirerInfo`. */
interface AcquirerCapture {
  captured: boolean;
  envelope: ResultEnvelope;
  acquirerInfo: AcquirerInfo | undefined;
}

/** Open authorizations the release pass looks at per turn of the event loop (ours). */
export const RELEASE_SCAN_PER_TURN = 1000;

/**
 * A capture or refund in process, as stored: what its settlement needs besides the payment's
 * records, so a gateway restarted before the acquirer settled it settles it all the same.
 */
interface InProcess {
  /** `CAPTURE` or `REFUND`. */
  type: 'CAPTURE' | 'REFUND';
  /** The payment the transaction belongs to. */
  paymentId: string;
  /** How the acquirer ends it (from the test amount). */
  later: LaterOutcome;
  /** A capture's `isLastCapture`. */
  isLastCapture?: boolean;
  /** A refund's `refundNotifyUrl`. */
  notifyUrl?: string;
}

/** A capture or refund request, kept for idempotency. */
interface RequestEntry<T> {
  paymentId: string;
  amount: Amount;
  outcome: Promise<EngineResult<T>>;
}

/** Stores a request entry with the answer its promise settled with (not before), and reads it back. */
function requestCodec<T>(): JournaledMapCodec<RequestEntry<T>> {
  return {
    encode: (entry) => {
      const outcome = settledValue(entry.outcome);
      return outcome === NOT_READY ? NOT_READY : { ...entry, outcome };
    },
    decode: (stored) => {
      const entry = stored as Omit<RequestEntry<T>, 'outcome'> & { outcome: EngineResult<T> };
      return { ...entry, outcome: Promise.resolve(entry.outcome) };
    },
    settles: (entry) => watchSettled(entry.outcome),
  };
}

const fail = (code: ResultCode, message?: string): EngineFailure => ({ ok: false, error: result(code, message) });

/** A capture as Antom answers it: its transaction and what the acquirer said. */
function captureRecord(paymentId: string, transaction: Transaction, answer: AcquirerCapture): CaptureRecord {
  return {
    captureRequestId: transaction.requestId,
    captureId: transaction.transactionId,
    paymentId,
    amount: { ...transaction.amount },
    time: transaction.time,
    result: { ...answer.envelope },
    acquirerReferenceNo: answer.acquirerInfo?.acquirerTransactionId,
  };
}

const requestKey = (clientId: string, id: string): string => `${clientId}\u0000${id}`;

/** Captures, cancels, refunds and releases of one engine's payments. */
export class SettlementDesk {
  private readonly options: SettlementDeskOptions;
  private readonly captureRequests: JournaledMap<RequestEntry<CaptureRecord>>;
  private readonly refundRequests: JournaledMap<RequestEntry<RefundRecord>>;
  private readonly refunds: JournaledMap<{ clientId: string; refund: RefundRecord }>;
  /**
   * The authorizations not yet captured in full, cancelled or released, with when each window
   * closes (ms; `true`: stored before the time was kept, read from the payment). The release pass
   * reads a payment only once its window has closed (ours): payments are kept in the store.
   */
  private readonly openAuthorizations: JournaledMap<number | true>;
  /** Captures and refunds in process, by transaction id (kept: a restart settles them too). */
  private readonly inProcess: JournaledMap<InProcess>;
  /** The timers that settle them, by transaction id. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly asyncDelayMs: number;

  /** Creates a desk sharing the engine's clock, payments, routing and queues. */
  constructor(options: SettlementDeskOptions) {
    this.options = options;
    const journal = options.journal ?? MEMORY_JOURNAL;
    this.captureRequests = new JournaledMap(journal, 'capture-request', requestCodec<CaptureRecord>());
    this.refundRequests = new JournaledMap(journal, 'refund-request', requestCodec<RefundRecord>());
    this.refunds = new JournaledMap(journal, 'refund');
    this.openAuthorizations = new JournaledMap(journal, 'open-authorization');
    this.inProcess = new JournaledMap(journal, 'settlement-in-process');
    this.asyncDelayMs = options.asyncSettlementDelayMs ?? DEFAULT_ASYNC_SETTLEMENT_DELAY_MS;
    if (!Number.isFinite(this.asyncDelayMs) || this.asyncDelayMs < 0) {
      throw new RangeError('asyncSettlementDelayMs must be a finite number >= 0');
    }
    // Left in process by the gateway's last run: the acquirer settles them after its usual delay from now.
    for (const transactionId of this.inProcess.keys()) this.arm(transactionId);
  }

  /** Settles every capture and refund in process now, each on its payment's queue; never rejects. */
  async settleInProcess(): Promise<void> {
    await Promise.all([...this.inProcess.keys()].map((transactionId) => this.settleNow(transactionId)));
  }

  /** Stops the timers of the captures and refunds in process (the engine is closing; they stay stored). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Follows a new authorization (its window closes at `closes`) until captured in full, cancelled or released. */
  authorized(paymentId: string, closes: Date): void {
    this.openAuthorizations.set(paymentId, closes.getTime());
  }

  /** `payments/capture` (see `PaymentEngine.capture`). */
  capture(clientId: string, input: CaptureInput): Promise<EngineResult<CaptureRecord>> {
    const key = requestKey(clientId, input.captureRequestId);
    const previous = this.captureRequests.get(key);
    if (previous) return replay(previous, input.paymentId, input.amount, 'captureRequestId', 'captureAmount');
    const merchant = this.options.merchants.get(clientId);
    if (!merchant) return Promise.resolve(fail('CLIENT_INVALID'));
    const payment = this.options.book.own(clientId, input.paymentId);
    if (!payment) {
      return Promise.resolve(fail('ORDER_NOT_EXIST', 'no payment with this paymentId exists for this merchant'));
    }
    const outcome = this.options.serial
      .run(payment.paymentId, () => this.capturePayment(payment, merchant.partialCapture, input))
      .catch(() => fail('SYSTEM_ERROR'));
    this.captureRequests.set(key, { paymentId: input.paymentId, amount: { ...input.amount }, outcome });
    return outcome;
  }

  /** `payments/cancel` of a payment the merchant named (see `PaymentEngine.cancel`). */
  cancel(payment: Payment): Promise<EngineResult<CancelOutcome>> {
    return this.options.serial
      .run(payment.paymentId, () => this.cancelPayment(payment))
      .catch(() => fail('SYSTEM_ERROR'));
  }

  /** `payments/refund` (see `PaymentEngine.refund`). */
  refund(clientId: string, input: RefundInput): Promise<EngineResult<RefundRecord>> {
    const key = requestKey(clientId, input.refundRequestId);
    const previous = this.refundRequests.get(key);
    if (previous) return replay(previous, input.paymentId, input.amount, 'refundRequestId', 'refundAmount');
    const payment = this.options.book.own(clientId, input.paymentId);
    if (!payment) {
      return Promise.resolve(fail('ORDER_NOT_EXIST', 'no payment with this paymentId exists for this merchant'));
    }
    const outcome = this.options.serial
      .run(payment.paymentId, () => this.refundPayment(payment, input))
      .catch(() => fail('SYSTEM_ERROR'));
    this.refundRequests.set(key, { paymentId: input.paymentId, amount: { ...input.amount }, outcome });
    return outcome;
  }

  /** `payments/inquiryRefund` (see `PaymentEngine.inquiryRefund`). */
  async inquiryRefund(
    clientId: string,
    reference: { refundId?: string; refundRequestId?: string },
  ): Promise<EngineResult<RefundRecord>> {
    if (reference.refundId !== undefined) {
      const stored = this.refunds.get(reference.refundId);
      if (!stored || stored.clientId !== clientId) {
        return fail('ORDER_NOT_EXIST', 'no refund with this refundId exists for this merchant');
      }
      return { ok: true, value: structuredClone(stored.refund) };
    }
    const entry =
      reference.refundRequestId === undefined
        ? undefined
        : this.refundRequests.get(requestKey(clientId, reference.refundRequestId));
    if (!entry || reference.refundRequestId === undefined) {
      return fail('ORDER_NOT_EXIST', 'no refund with this refundRequestId exists for this merchant');
    }
    const outcome = await entry.outcome;
    if (outcome.ok) return { ok: true, value: structuredClone(outcome.value) };
    return {
      ok: true,
      value: {
        refundId: undefined,
        refundRequestId: reference.refundRequestId,
        paymentId: entry.paymentId,
        amount: { ...entry.amount },
        status: 'FAIL',
        time: undefined,
        result: { ...outcome.error },
      },
    };
  }

  /**
   * Releases every open authorization whose window has passed, each on its payment's queue (see
   * `PaymentEngine.runDueJobs`). Looks at `RELEASE_SCAN_PER_TURN` of them per turn of the event loop.
   */
  async releaseDue(): Promise<void> {
    const now = this.options.clock.now();
    const open = this.openAuthorizations.peekEntries();
    const due: Payment[] = [];
    for (let from = 0; from < open.length; from += RELEASE_SCAN_PER_TURN) {
      // Requests are served between slices: one pass over 15,000 open authorizations held the
      // gateway's event loop for 19 ms (ours).
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const [paymentId, closes] of open.slice(from, from + RELEASE_SCAN_PER_TURN)) {
        // A payment is read only once its window has closed (no payment's expiry is before it).
        if (closes !== true && closes > now.getTime()) continue;
        // Looked at without marking it for the journal; a due one is read for change, and so
        // written, when it is released.
        const seen = this.options.book.peek(paymentId);
        if (!seen || !isReleaseDue(seen, now)) continue;
        const payment = this.options.book.get(paymentId);
        if (payment) due.push(payment);
      }
    }
    await Promise.all(
      due.map((payment) =>
        this.options.serial.run(payment.paymentId, () => this.releaseIfDue(payment)).catch(() => undefined),
      ),
    );
  }

  /** Starts a due release at once when the payment is idle (an inquiry must not report a stale state). */
  releaseNowIfDue(payment: Payment): void {
    if (!isReleaseDue(payment, this.options.clock.now())) return;
    // Not awaited: on an idle payment the release has run by the time run() returns; one that
    // throws leaves the payment due, and the next releaseDue pass tries it again.
    void this.options.serial.run(payment.paymentId, () => this.releaseIfDue(payment)).catch(() => undefined);
  }

  /**
   * Sends a capture to the payment's acquirer and records it (a `CAPTURE` transaction, success or
   * failure). A test amount's capture stays `PROCESSING` (`CAPTURE_IN_PROCESS`/U) and settles
   * later, then notifies `CAPTURE_RESULT` itself. The caller holds the payment's queue and has
   * checked the rules; it notifies a capture that did not stay in process.
   */
  async performCapture(
    payment: Payment,
    acquirer: Acquirer | undefined,
    request: Pick<CaptureInput, 'captureRequestId' | 'amount' | 'isLastCapture'>,
  ): Promise<CaptureRecord> {
    const later = laterOutcome(request.amount.value, CAPTURE_IN_PROCESS_THEN_SUCCESS, CAPTURE_IN_PROCESS_THEN_FAIL);
    if (later) return this.startCaptureInProcess(payment, request, later);
    const answer = await this.askAcquirerToCapture(payment, acquirer, request.amount);
    const transaction = this.options.book.addTransaction(
      payment,
      'CAPTURE',
      answer.captured ? 'SUCCESS' : 'FAIL',
      request.captureRequestId,
      request.amount,
      answer.envelope,
      answer.acquirerInfo,
    );
    if (answer.captured) this.captured(payment, transaction, request);
    return captureRecord(payment.paymentId, transaction, answer);
  }

  /** The acquirer's answer to a capture; an acquirer that throws or is gone did not capture. */
  private async askAcquirerToCapture(
    payment: Payment,
    acquirer: Acquirer | undefined,
    amount: CaptureInput['amount'],
  ): Promise<AcquirerCapture> {
    const authorization = payment.acquirer;
    const response =
      acquirer && authorization
        ? await acquirer
            .capture({ paymentId: payment.paymentId, amount: { ...amount }, authorization })
            .catch(() => undefined)
        : undefined;
    const captured = response?.outcome === 'CAPTURED';
    return {
      captured,
      envelope: captured
        ? result('SUCCESS')
        : result(
            'PROCESS_FAIL',
            acquirer
              ? `acquirer ${acquirer.name} did not capture payment ${payment.paymentId}`
              : `the acquirer of payment ${payment.paymentId} is not available`,
          ),
      acquirerInfo: response?.acquirerInfo,
    };
  }

  /** Books a successful capture: `CAPTURED`, and the capture closed once nothing is left or it was the last. */
  private captured(
    payment: Payment,
    transaction: Transaction,
    request: Pick<CaptureInput, 'captureRequestId' | 'isLastCapture'>,
  ): void {
    transition(payment, 'CAPTURED');
    if (request.isLastCapture || uncapturedValue(payment) === 0n) {
      this.closeCapture(
        payment,
        transaction.time,
        request.captureRequestId,
        'the rest of the authorization was released after the last capture',
      );
    }
  }

  /**
   * A capture of a test amount: `PROCESSING` now, settled later on the payment's queue (the
   * acquirer captures, or (7002) fails), then notified. The settlement replaces the answer kept for
   * the `captureRequestId`, so a repeated request reads where the capture stands.
   */
  private startCaptureInProcess(
    payment: Payment,
    request: Pick<CaptureInput, 'captureRequestId' | 'amount' | 'isLastCapture'>,
    later: LaterOutcome,
  ): CaptureRecord {
    const envelope = result('CAPTURE_IN_PROCESS');
    const transaction = this.options.book.addTransaction(
      payment,
      'CAPTURE',
      'PROCESSING',
      request.captureRequestId,
      request.amount,
      envelope,
      undefined,
    );
    const record = captureRecord(payment.paymentId, transaction, { captured: false, envelope, acquirerInfo: undefined });
    this.settleLater(transaction.transactionId, {
      type: 'CAPTURE',
      paymentId: payment.paymentId,
      later,
      ...(request.isLastCapture !== undefined ? { isLastCapture: request.isLastCapture } : {}),
    });
    return record;
  }

  /** Keeps a capture or refund in process and settles it after the acquirer's delay (or earlier, by `settleInProcess`). */
  private settleLater(transactionId: string, entry: InProcess): void {
    this.inProcess.set(transactionId, entry);
    this.arm(transactionId);
  }

  /** Starts the timer that settles a capture or refund in process. */
  private arm(transactionId: string): void {
    // settleNow never rejects, so the timer need not wait for it.
    const timer = setTimeout(() => void this.settleNow(transactionId), this.asyncDelayMs);
    timer.unref();
    this.timers.set(transactionId, timer);
  }

  /** Runs the settlement of one capture or refund in process on its payment's queue, once. */
  private async settleNow(transactionId: string): Promise<void> {
    const entry = this.inProcess.get(transactionId);
    clearTimeout(this.timers.get(transactionId));
    this.timers.delete(transactionId);
    if (!entry) return;
    this.inProcess.delete(transactionId);
    const settle = (): Promise<void> =>
      entry.type === 'CAPTURE' ? this.settleCapture(transactionId, entry) : this.settleRefund(transactionId, entry);
    await this.options.serial.run(entry.paymentId, settle).catch(() => undefined);
    // Changed after they were read (a capture waits for its acquirer in between): written again.
    this.options.book.touch(entry.paymentId);
    this.refunds.touch(transactionId);
  }

  /** The transaction in process of a payment, read for change (`undefined` if it is gone or already settled). */
  private processing(transactionId: string, entry: InProcess): { payment: Payment; transaction: Transaction } | undefined {
    const payment = this.options.book.get(entry.paymentId);
    const transaction = payment?.transactions.find(
      (candidate) => candidate.transactionId === transactionId && candidate.status === 'PROCESSING',
    );
    return payment && transaction ? { payment, transaction } : undefined;
  }

  /** The acquirer captures (7001) or fails (7002) a capture in process; its answer is stored and notified. */
  private async settleCapture(transactionId: string, entry: InProcess): Promise<void> {
    const found = this.processing(transactionId, entry);
    if (!found) return;
    const { payment, transaction } = found;
    const name = payment.acquirer?.acquirerName;
    const acquirer = name === undefined ? undefined : this.options.router.byName(name);
    const answer: AcquirerCapture =
      entry.later === 'SUCCESS'
        ? await this.askAcquirerToCapture(payment, acquirer, transaction.amount)
        : {
            captured: false,
            envelope: result(
              'PROCESS_FAIL',
              `the acquirer declined the capture of payment ${payment.paymentId} after processing it ` +
                `(sandbox test amount ${CAPTURE_IN_PROCESS_THEN_FAIL})`,
            ),
            acquirerInfo: undefined,
          };
    transaction.status = answer.captured ? 'SUCCESS' : 'FAIL';
    transaction.result = answer.envelope;
    transaction.time = this.options.clock.now();
    if (answer.acquirerInfo) transaction.acquirer = { ...answer.acquirerInfo };
    const record = captureRecord(payment.paymentId, transaction, answer);
    if (answer.captured) {
      this.captured(payment, transaction, {
        captureRequestId: transaction.requestId,
        isLastCapture: entry.isLastCapture === true,
      });
    } else if (payment.authExpiryTime === undefined && payment.paymentTime) {
      // A failed automatic capture leaves the authorization standing for the usual window.
      payment.authExpiryTime = new Date(payment.paymentTime.getTime() + AUTHORIZATION_VALIDITY_MS);
    }
    // A repeated captureRequestId now reads the settled capture.
    const key = requestKey(payment.clientId, transaction.requestId);
    const request = this.captureRequests.get(key);
    if (request) this.captureRequests.set(key, { ...request, outcome: Promise.resolve({ ok: true, value: record }) });
    this.options.emit({ type: 'CAPTURE_RESULT', capture: structuredClone(record), ...eventTarget(payment) });
  }

  /** The acquirer refunds (7003) or fails (7004) a refund in process; its record is updated and notified. */
  private settleRefund(transactionId: string, entry: InProcess): Promise<void> {
    const found = this.processing(transactionId, entry);
    const stored = this.refunds.get(transactionId);
    if (!found || !stored) return Promise.resolve();
    const { payment, transaction } = found;
    const { refund } = stored;
    const now = this.options.clock.now();
    if (entry.later === 'SUCCESS') {
      // Decided while this refund still counts as in process, so only settled refunds add up.
      transition(payment, stateAfterRefund(payment, transaction.amount));
      transaction.status = 'SUCCESS';
      transaction.result = result('SUCCESS');
      refund.status = 'SUCCESS';
      refund.time = now;
    } else {
      transaction.status = 'FAIL';
      transaction.result = result(
        'PROCESS_FAIL',
        `the acquirer could not refund payment ${payment.paymentId} after processing the refund ` +
          `(sandbox test amount ${REFUND_IN_PROCESS_THEN_FAIL})`,
      );
      refund.status = 'FAIL';
    }
    transaction.time = now;
    refund.result = { ...transaction.result };
    // A repeated refundRequestId now reads the settled refund.
    const key = requestKey(payment.clientId, refund.refundRequestId);
    const request = this.refundRequests.get(key);
    if (request) this.refundRequests.set(key, { ...request, outcome: Promise.resolve({ ok: true, value: refund }) });
    this.options.emit({
      type: 'REFUND_RESULT',
      refund: structuredClone(refund),
      ...eventTarget(payment, entry.notifyUrl),
    });
    return Promise.resolve();
  }

  /** A merchant capture, on the payment's queue. */
  private async capturePayment(
    payment: Payment,
    partialCaptureAllowed: boolean,
    input: CaptureInput,
  ): Promise<EngineResult<CaptureRecord>> {
    this.releaseIfDue(payment);
    const refusal = captureRefusal(payment, input.amount, partialCaptureAllowed, this.options.clock.now());
    if (refusal) return { ok: false, error: refusal };
    const name = payment.acquirer?.acquirerName;
    const capture = await this.performCapture(
      payment,
      name === undefined ? undefined : this.options.router.byName(name),
      input,
    );
    // In process: its settlement notifies the final record (settleCapture).
    if (capture.result.resultStatus === 'U') return { ok: true, value: capture };
    this.options.emit({ type: 'CAPTURE_RESULT', capture, ...eventTarget(payment) });
    return capture.result.resultStatus === 'S' ? { ok: true, value: capture } : { ok: false, error: capture.result };
  }

  /** Ends capturing: the uncaptured rest, if any, is voided. */
  private closeCapture(payment: Payment, time: Date, requestId: string, why: string): void {
    const rest = uncapturedValue(payment);
    if (rest > 0n) {
      this.options.book.addTransaction(
        payment,
        'VOID',
        'SUCCESS',
        requestId,
        { currency: payment.amount.currency, value: String(rest) },
        result('SUCCESS', why),
        undefined,
        time,
      );
    }
    payment.captureClosed = true;
    this.openAuthorizations.delete(payment.paymentId);
  }

  /** A merchant cancel, on the payment's queue. */
  private cancelPayment(payment: Payment): EngineResult<CancelOutcome> {
    this.releaseIfDue(payment);
    const refusal = cancelRefusal(payment);
    if (refusal !== undefined && refusal !== 'ALREADY_CANCELLED') return { ok: false, error: refusal };
    if (refusal === undefined) {
      const now = this.options.clock.now();
      transition(payment, 'CANCELLED');
      payment.cancelTime = now;
      payment.cancelReason = 'MERCHANT_CANCEL';
      this.options.book.addTransaction(
        payment,
        'CANCEL',
        'SUCCESS',
        payment.paymentRequestId,
        payment.amount,
        result('SUCCESS'),
        undefined,
        now,
      );
      payment.captureClosed = true;
      this.openAuthorizations.delete(payment.paymentId);
    }
    return {
      ok: true,
      value: {
        paymentId: payment.paymentId,
        paymentRequestId: payment.paymentRequestId,
        cancelTime: payment.cancelTime ?? this.options.clock.now(),
      },
    };
  }

  /** A refund, on the payment's queue. */
  private refundPayment(payment: Payment, input: RefundInput): EngineResult<RefundRecord> {
    this.releaseIfDue(payment);
    const refusal = refundRefusal(payment, input.amount);
    if (refusal) return { ok: false, error: refusal };
    const later = laterOutcome(input.amount.value, REFUND_IN_PROCESS_THEN_SUCCESS, REFUND_IN_PROCESS_THEN_FAIL);
    if (later) return { ok: true, value: this.startRefundInProcess(payment, input, later) };
    transition(payment, stateAfterRefund(payment, input.amount));
    const transaction = this.options.book.addTransaction(
      payment,
      'REFUND',
      'SUCCESS',
      input.refundRequestId,
      input.amount,
      result('SUCCESS'),
      undefined,
    );
    const refund: RefundRecord = {
      refundId: transaction.transactionId,
      refundRequestId: input.refundRequestId,
      paymentId: payment.paymentId,
      amount: { ...input.amount },
      status: 'SUCCESS',
      time: transaction.time,
      result: result('SUCCESS'),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    };
    this.refunds.set(transaction.transactionId, { clientId: payment.clientId, refund });
    this.options.emit({
      type: 'REFUND_RESULT',
      refund: structuredClone(refund),
      ...eventTarget(payment, input.notifyUrl),
    });
    return { ok: true, value: structuredClone(refund) };
  }

  /**
   * A refund of a test amount: `PROCESSING` (`REFUND_IN_PROCESS`/U) now, its amount reserved, then
   * settled later on the payment's queue, success (7003) or failure (7004), and notified either way.
   * The record answered now is the one the settlement updates.
   */
  private startRefundInProcess(payment: Payment, input: RefundInput, later: LaterOutcome): RefundRecord {
    const envelope = result('REFUND_IN_PROCESS');
    const transaction = this.options.book.addTransaction(
      payment,
      'REFUND',
      'PROCESSING',
      input.refundRequestId,
      input.amount,
      envelope,
      undefined,
    );
    const refund: RefundRecord = {
      refundId: transaction.transactionId,
      refundRequestId: input.refundRequestId,
      paymentId: payment.paymentId,
      amount: { ...input.amount },
      status: 'PROCESSING',
      time: undefined,
      result: { ...envelope },
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    };
    this.refunds.set(transaction.transactionId, { clientId: payment.clientId, refund });
    this.settleLater(transaction.transactionId, {
      type: 'REFUND',
      paymentId: payment.paymentId,
      later,
      ...(input.notifyUrl !== undefined ? { notifyUrl: input.notifyUrl } : {}),
    });
    return refund;
  }

  /** Releases the payment's authorization if its window has passed; the caller holds its queue. */
  private releaseIfDue(payment: Payment): void {
    const expiredAt = payment.authExpiryTime;
    if (!expiredAt || !isReleaseDue(payment, this.options.clock.now())) return;
    const why = `The authorization expired at ${formatAntomTime(expiredAt)} without capture and was released.`;
    if (payment.state === 'AUTHORIZED') {
      transition(payment, 'CANCELLED');
      payment.cancelTime = expiredAt;
      payment.cancelReason = 'AUTHORIZATION_EXPIRED';
      payment.result = result('ORDER_IS_CLOSED', why);
      // Antom has no notification for a release (docs/antom-api.md section 4): the merchant learns
      // of it from inquiryPayment, as it does of a cancel.
      this.closeCapture(payment, expiredAt, payment.paymentRequestId, why);
      return;
    }
    // A partly captured payment keeps its captures; only the rest is voided.
    this.closeCapture(payment, expiredAt, payment.paymentRequestId, why);
  }
}

/** The stored answer of a repeated capture or refund request, or `REPEAT_REQ_INCONSISTENT`. */
function replay<T>(
  previous: RequestEntry<T>,
  paymentId: string,
  amount: Amount,
  idField: string,
  amountField: string,
): Promise<EngineResult<T>> {
  if (previous.paymentId !== paymentId) {
    return Promise.resolve(fail('REPEAT_REQ_INCONSISTENT', `${idField} was already used for another paymentId`));
  }
  if (!sameAmount(previous.amount, amount)) {
    return Promise.resolve(
      fail('REPEAT_REQ_INCONSISTENT', `${amountField} differs from the first request with this ${idField}`),
    );
  }
  return previous.outcome;
}

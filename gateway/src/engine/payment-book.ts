/**
 * The payment records of one engine and the bookkeeping every step of their lifecycle shares: a new
 * payment per card submission or `payments/pay`, the transaction log, and a failed authorization.
 * The authorization, challenge and settlement desks all write payments; keeping the records and
 * these writes in one place means a payment looks the same whichever desk touched it last.
 */
import type { Amount } from '#shared';
import { cloneData } from './clone.js';
import type { Clock } from './clock.js';
import type { IdFactory } from './ids.js';
import { JournaledMap, MEMORY_JOURNAL, type Journal } from './journal.js';
import { result, type ResultCode } from './result-codes.js';
import { transition } from './state-machine.js';
import type { MaskedCard } from './test-cards.js';
import type { Payment, PaymentResultInfo, Transaction } from './types.js';

/** Fields a new payment takes from its session or `payments/pay` request. */
export type PaymentOrigin = Pick<
  Payment,
  'clientId' | 'paymentRequestId' | 'paymentSessionId' | 'notifyUrl' | 'amount' | 'captureMode'
>;

/** Who an event about a payment goes to, with a snapshot of it. */
export interface PaymentEventTarget {
  /** Client id of the payment's merchant, who receives the notification. */
  clientId: string;
  /** Where the notification goes; `undefined`: nobody is notified. */
  notifyUrl: string | undefined;
  /** A copy of the payment taken when the event happened. */
  payment: Payment;
}

/** Who an event about `payment` goes to, with a snapshot of it. */
export function eventTarget(payment: Payment, notifyUrl: string | undefined = payment.notifyUrl): PaymentEventTarget {
  return { clientId: payment.clientId, notifyUrl, payment: cloneData(payment) };
}

/**
 * A payment's `resultInfo`: the masked card and what the authorization added to it (ours). Built
 * with `Object.assign`, never a spread followed by more keys: V8 (Node 20) gives every object made
 * that way a hidden class of its own, five more heap objects kept per payment for the collector to
 * walk (a heap snapshot after the gateway bench showed one per payment).
 */
export function resultInfoOf(card: MaskedCard, ...additions: Array<Partial<PaymentResultInfo>>): PaymentResultInfo {
  const info: PaymentResultInfo = Object.assign({}, card);
  for (const addition of additions) Object.assign(info, addition);
  return info;
}

const requestKey = (clientId: string, id: string): string => `${clientId}\u0000${id}`;

/** Notify URLs remembered for sharing; past this many, the oldest is forgotten. */
const SHARED_NOTIFY_URLS = 64;

/** The payment records of one engine, by `paymentId` and by the merchant's request id. */
export class PaymentBook {
  private readonly clock: Clock;
  private readonly ids: IdFactory;
  private readonly payments: JournaledMap<Payment>;
  private readonly paymentByRequest: JournaledMap<string>;
  /**
   * Notify URLs named lately, each kept once: a merchant names the same URL on every payment, and
   * each payment then holds that one string rather than a copy parsed from its request (ours).
   */
  private readonly notifyUrls = new Map<string, string>();

  /** Creates a book sharing the engine's clock and ids, holding the payments `journal` kept. */
  constructor(clock: Clock, ids: IdFactory, journal: Journal = MEMORY_JOURNAL) {
    this.clock = clock;
    this.ids = ids;
    // A payment is read again rarely once written (an inquiry, a capture): kept in the store only
    // until then, where its record is about twenty heap objects (see `JournaledMapOptions.cold`).
    this.payments = new JournaledMap(journal, 'payment', undefined, { cold: true });
    this.paymentByRequest = new JournaledMap(journal, 'payment-by-request');
  }

  /** Marks a payment changed by a desk that held on to it across a timer. */
  touch(paymentId: string): void {
    this.payments.touch(paymentId);
  }

  /**
   * A new payment in `PROCESSING`, findable by its id and by the merchant's request id. A caller
   * that built the request key already passes it: the gateway keeps that one string for both maps.
   */
  create(origin: PaymentOrigin, key: string = requestKey(origin.clientId, origin.paymentRequestId)): Payment {
    const payment: Payment = {
      paymentId: this.ids.paymentId(),
      clientId: origin.clientId,
      paymentRequestId: origin.paymentRequestId,
      paymentSessionId: origin.paymentSessionId,
      notifyUrl: this.sharedNotifyUrl(origin.notifyUrl),
      amount: { ...origin.amount },
      captureMode: origin.captureMode,
      state: 'PROCESSING',
      cancelTime: undefined,
      cancelReason: undefined,
      captureClosed: false,
      createdAt: this.clock.now(),
      paymentTime: undefined,
      authExpiryTime: undefined,
      result: result('PAYMENT_IN_PROCESS'),
      resultInfo: undefined,
      acquirer: undefined,
      transactions: [],
      attempts: 0,
    };
    this.payments.set(payment.paymentId, payment);
    this.paymentByRequest.set(key, payment.paymentId);
    return payment;
  }

  /** `url`, as the one string kept for it when it was named lately. */
  private sharedNotifyUrl(url: string | undefined): string | undefined {
    if (url === undefined) return undefined;
    const known = this.notifyUrls.get(url);
    if (known !== undefined) return known;
    if (this.notifyUrls.size >= SHARED_NOTIFY_URLS) {
      const oldest = this.notifyUrls.keys().next();
      if (!oldest.done) this.notifyUrls.delete(oldest.value);
    }
    this.notifyUrls.set(url, url);
    return url;
  }

  /** The payment with this id (the live record, not a copy). */
  get(paymentId: string): Payment | undefined {
    return this.payments.get(paymentId);
  }

  /** The payment with this id, for a reader that changes nothing (not marked for the journal). */
  peek(paymentId: string): Payment | undefined {
    return this.payments.peek(paymentId);
  }

  /** The payment with this id if this merchant owns it; another merchant's reads as absent. */
  own(clientId: string, paymentId: string): Payment | undefined {
    const payment = this.payments.get(paymentId);
    return payment && payment.clientId === clientId ? payment : undefined;
  }

  /** The payment of a merchant's `paymentRequestId`, by its request key. */
  byRequest(key: string): Payment | undefined {
    const paymentId = this.paymentByRequest.get(key);
    return paymentId === undefined ? undefined : this.payments.get(paymentId);
  }

  /** How many payments the book holds (merchant records: never purged). */
  get size(): number {
    return this.payments.size;
  }

  /** Every payment, oldest first (the live records). */
  list(): Payment[] {
    return [...this.payments.values()];
  }

  /**
   * Appends a transaction to the payment's log. The amount and acquirer are copied, except the
   * payment's own, which the entry shares: neither is changed in place, and the gateway keeps every
   * payment, so each object shared is one fewer for every full garbage collection to walk (ours).
   */
  addTransaction(
    payment: Payment,
    type: Transaction['type'],
    status: Transaction['status'],
    requestId: string,
    amount: Amount,
    envelope: Transaction['result'],
    acquirerInfo: Transaction['acquirer'],
    time: Date = this.clock.now(),
  ): Transaction {
    const transaction: Transaction = {
      type,
      status,
      transactionId: this.ids.transactionId(),
      requestId,
      amount: amount === payment.amount ? amount : { ...amount },
      time,
      result: envelope,
      ...(acquirerInfo ? { acquirer: acquirerInfo === payment.acquirer ? acquirerInfo : { ...acquirerInfo } } : {}),
    };
    payment.transactions.push(transaction);
    return transaction;
  }

  /** Moves a payment to FAILED with a failed AUTHORIZATION entry naming `acquirerInfo` (no notification). */
  recordFailedAuthorization(
    payment: Payment,
    code: Exclude<ResultCode, 'SUCCESS'>,
    resultInfo: Payment['resultInfo'],
    acquirerInfo: Payment['acquirer'],
    message?: string,
  ): void {
    transition(payment, 'FAILED');
    payment.result = result(code, message);
    payment.resultInfo = resultInfo;
    payment.paymentTime = this.clock.now();
    // The entry shares the payment's envelope and time: records are never changed in place.
    this.addTransaction(
      payment,
      'AUTHORIZATION',
      'FAIL',
      payment.paymentRequestId,
      payment.amount,
      payment.result,
      acquirerInfo,
      payment.paymentTime,
    );
  }
}

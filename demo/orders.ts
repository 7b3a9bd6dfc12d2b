/**
 * The demo shop's orders, in memory. An order changes only through a verified notification or the
 * server's own inquiry, never through anything the browser says. Each change is a transition in an
 * explicit table, so duplicate and late notifications cannot move an order backwards.
 */
import { randomBytes } from 'node:crypto';
import type {
  Amount,
  AntomNotification,
  CaptureMode,
  CardPaymentResultInfo,
  InquiryPaymentResult,
} from '../src/server/index.js';

/** Where an order stands. */
export type OrderStatus = 'CREATED' | 'PROCESSING' | 'AUTHORIZED' | 'CAPTURED' | 'FAILED' | 'CANCELLED' | 'REFUNDED';

/** What happened to one notification or inquiry. */
export type OrderEventOutcome = 'applied' | 'unchanged' | 'stale' | 'amount-mismatch';

/** One entry of an order's history. */
export interface OrderEvent {
  /** A verified notification, or the server's own inquiry. */
  source: 'NOTIFICATION' | 'INQUIRY';
  /** `notifyType` of a notification, `INQUIRY_PAYMENT` for an inquiry. */
  type: string;
  /** `resultStatus` of the notification (for an inquiry, of the payment). */
  resultStatus: 'S' | 'F' | 'U';
  /** `resultCode` of the notification (for an inquiry, the payment's status or result code). */
  resultCode: string;
  /** Whether it changed the order, and if not, why. */
  outcome: OrderEventOutcome;
  /** The order's status after it. */
  statusAfter: OrderStatus;
  /** When it first arrived (ISO-8601). */
  receivedAt: string;
  /** How many times the same notification arrived (retries and duplicates count here only). */
  deliveries: number;
}

/** A demo order. */
export interface Order {
  /** The shop's order id (`referenceOrderId` at Antom). */
  id: string;
  /** The payment request id sent to Antom (`demo_...`). */
  paymentRequestId: string;
  /** Antom's session id, once the session exists. */
  paymentSessionId: string | null;
  /** Antom's payment id, once a notification or inquiry named it. */
  paymentId: string | null;
  /** Order total. */
  amount: Amount;
  /** Capture mode of the payment. */
  captureMode: CaptureMode;
  /** Current status. */
  status: OrderStatus;
  /** Public card facts from `paymentResultInfo`. */
  card: { brand: string; last4: string } | null;
  /** The acquirer that processed the payment. */
  acquirer: string | null;
  /** Why the payment failed, when it did. */
  failure: { code: string; message: string } | null;
  /** ISO-8601 creation time. */
  createdAt: string;
  /** ISO-8601 time of the last change. */
  updatedAt: string;
  /** Notifications and inquiries, oldest first. */
  history: OrderEvent[];
}

/** What `OrderStore.applyNotification` did. */
export type ApplyResult =
  | { kind: 'unknown-order' }
  | { kind: 'duplicate'; order: Order }
  | { kind: 'recorded'; order: Order; outcome: OrderEventOutcome };

const FINAL: readonly OrderStatus[] = ['FAILED', 'CANCELLED', 'REFUNDED'];

// Which statuses may follow which: anything else is a late or reordered message and changes nothing.
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  CREATED: ['PROCESSING', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'CANCELLED'],
  PROCESSING: ['AUTHORIZED', 'CAPTURED', 'FAILED', 'CANCELLED'],
  AUTHORIZED: ['CAPTURED', 'CANCELLED'],
  CAPTURED: ['REFUNDED'],
  FAILED: [],
  CANCELLED: [],
  REFUNDED: [],
};

/** Default number of orders kept; the oldest go first. */
export const DEFAULT_MAX_ORDERS = 1000;

function sameAmount(a: Amount, b: Amount): boolean {
  return a.currency === b.currency && a.value === b.value;
}

function cardOf(info: CardPaymentResultInfo | undefined): Order['card'] {
  if (!info?.cardBrand) return null;
  const last4 = info.lastFour ?? info.cardNo?.slice(-4);
  return last4 && /^\d{4}$/.test(last4) ? { brand: info.cardBrand, last4 } : null;
}

function targetOf(notification: AntomNotification): OrderStatus {
  const status = notification.result.resultStatus;
  switch (notification.notifyType) {
    case 'PAYMENT_RESULT':
      return status === 'S' ? 'AUTHORIZED' : status === 'F' ? 'FAILED' : 'PROCESSING';
    case 'CAPTURE_RESULT':
      // A failed capture leaves the authorization in place.
      return status === 'S' ? 'CAPTURED' : 'AUTHORIZED';
    case 'REFUND_RESULT':
      return notification.refundStatus === 'SUCCESS' ? 'REFUNDED' : 'CAPTURED';
  }
}

function dedupeKey(notification: AntomNotification): string {
  const { resultStatus, resultCode } = notification.result;
  const base = `${notification.notifyType}|${notification.paymentId ?? ''}|${resultStatus}|${resultCode}`;
  switch (notification.notifyType) {
    case 'PAYMENT_RESULT':
      return base;
    case 'CAPTURE_RESULT':
      return `${base}|${notification.captureId}`;
    case 'REFUND_RESULT':
      return `${base}|${notification.refundId}|${notification.refundStatus}`;
  }
}

/** In-memory order book of the demo shop. */
export class OrderStore {
  readonly #orders = new Map<string, Order>();
  readonly #byRequestId = new Map<string, string>();
  readonly #byPaymentId = new Map<string, string>();
  readonly #seen = new Map<string, Map<string, OrderEvent>>();
  readonly #max: number;
  readonly #now: () => Date;

  constructor(options: { maxOrders?: number; now?: () => Date } = {}) {
    this.#max = options.maxOrders ?? DEFAULT_MAX_ORDERS;
    this.#now = options.now ?? (() => new Date());
  }

  /** Creates an order in `CREATED` with fresh ids. */
  create(input: { amount: Amount; captureMode: CaptureMode }): Order {
    const now = this.#now().toISOString();
    const order: Order = {
      id: `ord_${randomBytes(8).toString('hex')}`,
      paymentRequestId: `demo_${randomBytes(12).toString('base64url')}`,
      paymentSessionId: null,
      paymentId: null,
      amount: { ...input.amount },
      captureMode: input.captureMode,
      status: 'CREATED',
      card: null,
      acquirer: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
      history: [],
    };
    this.#orders.set(order.id, order);
    this.#byRequestId.set(order.paymentRequestId, order.id);
    this.#seen.set(order.id, new Map());
    while (this.#orders.size > this.#max) {
      const oldest = this.#orders.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    return order;
  }

  /** Records the session Antom created for the order. */
  attachSession(id: string, paymentSessionId: string): void {
    const order = this.#orders.get(id);
    if (order) order.paymentSessionId = paymentSessionId;
  }

  /** Forgets an order (used when its session could not be created). */
  remove(id: string): void {
    const order = this.#orders.get(id);
    if (!order) return;
    this.#orders.delete(id);
    this.#byRequestId.delete(order.paymentRequestId);
    if (order.paymentId) this.#byPaymentId.delete(order.paymentId);
    this.#seen.delete(id);
  }

  /** The order with this id. */
  get(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  /** Every order, newest first. */
  list(): Order[] {
    return [...this.#orders.values()].reverse();
  }

  /**
   * Applies a verified notification once. `unknown-order` means the notification names no order we
   * know yet (e.g. a capture result that overtook the payment result): do not acknowledge it, so
   * Antom retries later.
   */
  applyNotification(notification: AntomNotification): ApplyResult {
    const order = this.#find(notification);
    if (!order) return { kind: 'unknown-order' };
    const seen = this.#seen.get(order.id) ?? new Map<string, OrderEvent>();
    const key = dedupeKey(notification);
    const earlier = seen.get(key);
    if (earlier) {
      earlier.deliveries += 1;
      return { kind: 'duplicate', order };
    }
    let outcome: OrderEventOutcome;
    if (notification.notifyType === 'PAYMENT_RESULT' && !sameAmount(notification.paymentAmount, order.amount)) {
      outcome = 'amount-mismatch';
    } else {
      outcome = this.#moveTo(order, targetOf(notification));
      if (outcome === 'applied' || notification.result.resultStatus === 'S') this.#learn(order, notification);
      if (outcome === 'applied' && order.status === 'FAILED') {
        order.failure = { code: notification.result.resultCode, message: notification.result.resultMessage };
      }
    }
    const event = this.#record(order, {
      source: 'NOTIFICATION',
      type: notification.notifyType,
      resultStatus: notification.result.resultStatus,
      resultCode: notification.result.resultCode,
      outcome,
    });
    seen.set(key, event);
    return { kind: 'recorded', order, outcome };
  }

  /** Applies the server's own `inquiryPayment` answer for the order. */
  applyInquiry(id: string, inquiry: InquiryPaymentResult): Order | undefined {
    const order = this.#orders.get(id);
    if (!order) return undefined;
    if (inquiry.paymentId && !order.paymentId) this.#setPaymentId(order, inquiry.paymentId);
    const transactions = inquiry.transactions ?? [];
    const succeeded = (type: string): boolean =>
      transactions.some((t) => t.transactionType === type && t.transactionStatus === 'SUCCESS');
    let target: OrderStatus;
    switch (inquiry.paymentStatus) {
      case 'SUCCESS':
        target = succeeded('REFUND') ? 'REFUNDED' : succeeded('CAPTURE') ? 'CAPTURED' : 'AUTHORIZED';
        break;
      case 'FAIL':
        target = 'FAILED';
        break;
      case 'CANCELLED':
        target = 'CANCELLED';
        break;
      default:
        target = 'PROCESSING';
    }
    const outcome = this.#moveTo(order, target);
    const card = cardOf(inquiry.paymentResultInfo);
    if (card && !order.card) order.card = card;
    if (inquiry.acquirerInfo?.acquirerName && !order.acquirer) order.acquirer = inquiry.acquirerInfo.acquirerName;
    if (outcome === 'applied' && target === 'FAILED') {
      order.failure = {
        code: inquiry.paymentResultCode ?? 'FAIL',
        message: inquiry.paymentResultMessage ?? '',
      };
    }
    this.#record(order, {
      source: 'INQUIRY',
      type: 'INQUIRY_PAYMENT',
      resultStatus: target === 'FAILED' || target === 'CANCELLED' ? 'F' : target === 'PROCESSING' ? 'U' : 'S',
      resultCode: inquiry.paymentResultCode ?? inquiry.paymentStatus,
      outcome,
    });
    return order;
  }

  #find(notification: AntomNotification): Order | undefined {
    if (notification.notifyType === 'PAYMENT_RESULT') {
      const id = this.#byRequestId.get(notification.paymentRequestId);
      const order = id === undefined ? undefined : this.#orders.get(id);
      // One payment request id is one payment: a different payment id is not this order's.
      if (order?.paymentId && order.paymentId !== notification.paymentId) return undefined;
      return order;
    }
    if (!notification.paymentId) return undefined;
    const id = this.#byPaymentId.get(notification.paymentId);
    return id === undefined ? undefined : this.#orders.get(id);
  }

  #moveTo(order: Order, target: OrderStatus): OrderEventOutcome {
    if (order.status === target) return 'unchanged';
    if (FINAL.includes(order.status) || !NEXT[order.status].includes(target)) return 'stale';
    order.status = target;
    return 'applied';
  }

  #learn(order: Order, notification: AntomNotification): void {
    if (notification.notifyType !== 'PAYMENT_RESULT') return;
    if (!order.paymentId) this.#setPaymentId(order, notification.paymentId);
    const card = cardOf(notification.paymentResultInfo);
    if (card && !order.card) order.card = card;
    const acquirer = notification.acquirerInfo?.acquirerName;
    if (acquirer && !order.acquirer) order.acquirer = acquirer;
  }

  #setPaymentId(order: Order, paymentId: string): void {
    order.paymentId = paymentId;
    this.#byPaymentId.set(paymentId, order.id);
  }

  #record(order: Order, entry: Omit<OrderEvent, 'statusAfter' | 'receivedAt' | 'deliveries'>): OrderEvent {
    const now = this.#now().toISOString();
    const event: OrderEvent = { ...entry, statusAfter: order.status, receivedAt: now, deliveries: 1 };
    order.history.push(event);
    if (entry.outcome === 'applied') order.updatedAt = now;
    return event;
  }
}

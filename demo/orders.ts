/**
 * The demo shop's orders, in memory. An order's status changes only through a verified notification
 * or the server's own inquiry, never through anything the browser says, and every change is a move
 * in `ORDER_TRANSITIONS`, so duplicate, late and reordered notifications cannot move an order back.
 *
 * | From                 | May move to                                          | Because of                                    |
 * | -------------------- | ---------------------------------------------------- | --------------------------------------------- |
 * | `CREATED`            | PROCESSING, AUTHORIZED, CAPTURED, FAILED, CANCELLED  | payment result (or one that overtook it)      |
 * | `PROCESSING`         | AUTHORIZED, CAPTURED, FAILED, CANCELLED              | payment result                                |
 * | `FAILED`             | PROCESSING, AUTHORIZED, CAPTURED                     | the buyer retried after a decline             |
 * | `AUTHORIZED`         | CAPTURED, CANCELLED                                  | capture result; cancel or release, by inquiry |
 * | `CAPTURED`           | PARTIALLY_REFUNDED, REFUNDED                         | refund result                                 |
 * | `PARTIALLY_REFUNDED` | PARTIALLY_REFUNDED, REFUNDED                         | refund result                                 |
 * | `CANCELLED`          | (final)                                              |                                               |
 * | `REFUNDED`           | (final)                                              |                                               |
 *
 * Capture and refund results arrive as `CAPTURE_RESULT` and `REFUND_RESULT`. Antom notifies neither a
 * cancel nor the release of an authorization left uncaptured past its `authExpiryTime`: the server's
 * own inquiry confirms a cancel, and finds a release once the window has passed (`dueForReleaseCheck`).
 * A notification that arrives before the one it builds on (a capture result before the payment
 * result, a refund before the capture) is parked and applied right after it.
 */
import { randomBytes } from 'node:crypto';
import type {
  Amount,
  AntomNotification,
  CaptureMode,
  CardPaymentResultInfo,
  InquiryPaymentResult,
} from 'antom-card-checkout/server';

/** Where an order stands; it moves only along `ORDER_TRANSITIONS`. */
export type OrderStatus =
  'CREATED' | 'PROCESSING' | 'AUTHORIZED' | 'CAPTURED' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'CANCELLED' | 'FAILED';

/** The order state machine: the statuses each status may move to. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  CREATED: ['PROCESSING', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'CANCELLED'],
  PROCESSING: ['AUTHORIZED', 'CAPTURED', 'FAILED', 'CANCELLED'],
  FAILED: ['PROCESSING', 'AUTHORIZED', 'CAPTURED'],
  AUTHORIZED: ['CAPTURED', 'CANCELLED'],
  CAPTURED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  CANCELLED: [],
  REFUNDED: [],
};

/** Whether the table allows `from -> to` (staying put is not a move). */
export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/**
 * Whether `to` can be reached from `from` through one or more moves of the table. An inquiry is a
 * snapshot: it may show an order several moves ahead (e.g. captured and partly refunded).
 */
export function canReach(from: OrderStatus, to: OrderStatus): boolean {
  const seen = new Set<OrderStatus>([from]);
  const queue: OrderStatus[] = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const status of ORDER_TRANSITIONS[next]) {
      if (status === to) return true;
      if (!seen.has(status)) {
        seen.add(status);
        queue.push(status);
      }
    }
  }
  return false;
}

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
  /** What it said, in short (e.g. `captured 2500 USD`). */
  summary: string;
  /** Whether it changed the order, and if not, why. */
  outcome: OrderEventOutcome;
  /** The order's status after it. */
  statusAfter: OrderStatus;
  /** When it first arrived (ISO-8601). */
  receivedAt: string;
  /** How many times the same notification arrived (retries and duplicates count here only). */
  deliveries: number;
}

/** A call the shop made to Antom for an order. */
export type OrderActionKind = 'CAPTURE' | 'CANCEL' | 'REFUND';

/**
 * Where a call stands: `IN_FLIGHT` until Antom answers; `SUCCEEDED` (`S`) and `FAILED` (`F`) are
 * final, from Antom's answer or from the notification that settled the call; `PROCESSING` is Antom's
 * `U` with an in-process code (`CAPTURE_IN_PROCESS`, `REFUND_IN_PROCESS`): Antom took the call and
 * notifies its result; `UNKNOWN` (another `U`, a timeout, a network failure) may not have reached
 * Antom. Both of the last two are retried with the same request id, which Antom treats as the same
 * request, and settled by the notification that answers them.
 */
export type OrderActionState = 'IN_FLIGHT' | 'SUCCEEDED' | 'FAILED' | 'PROCESSING' | 'UNKNOWN';

/** A `U` result code that says Antom is processing the call, not that its fate is unknown. */
const IN_PROCESS_CODE = /_IN_PROCESS$/;

/** One capture, cancel or refund call and Antom's answer. */
export interface OrderAction {
  /** Which call the shop made: capture, cancel or refund. */
  kind: OrderActionKind;
  /** `captureRequestId` / `refundRequestId`; `null` for cancel, which Antom keys by the payment. */
  requestId: string | null;
  /** Amount asked for (capture, refund). */
  amount: Amount | null;
  /** The refund reason the shop sent; `null` for capture and cancel. */
  reason: string | null;
  /** Where the call stands; `PROCESSING` and `UNKNOWN` may be sent again. */
  state: OrderActionState;
  /** What made it final: Antom's answer, or (after `U`) the notification; `null` while it is not. */
  settledBy: 'ANSWER' | 'NOTIFICATION' | null;
  /** Antom's `resultStatus`, or `null` when no trustworthy answer arrived. */
  resultStatus: 'S' | 'F' | 'U' | null;
  /** Antom's `resultCode` (or the client error kind, e.g. `TIMEOUT`). */
  resultCode: string | null;
  /** Antom's `resultMessage`, verbatim (or the client error message). */
  resultMessage: string | null;
  /** How many times it was sent (retries reuse the request id). */
  attempts: number;
  /** When it was first asked (ISO-8601). */
  requestedAt: string;
  /** When the last answer arrived (ISO-8601). */
  answeredAt: string | null;
}

/** A demo order as the shop keeps it: ids, amounts and what Antom said, never card data. */
export interface Order {
  /** The shop's order id (`referenceOrderId` at Antom). */
  id: string;
  /** The payment request id sent to Antom (`demo_...`). */
  paymentRequestId: string;
  /** Antom's session id, once the session exists. */
  paymentSessionId: string | null;
  /** Antom's payment id, once a notification or inquiry named it. */
  paymentId: string | null;
  /** Order total, sent as `paymentAmount` and `order.orderAmount`. */
  amount: Amount;
  /** `paymentFactor.captureMode` the shop asked for; `MANUAL` orders wait for a capture. */
  captureMode: CaptureMode;
  /** Current status, moved only by verified notifications and the server's inquiries. */
  status: OrderStatus;
  /** Public card facts from `paymentResultInfo`. */
  card: { brand: string; last4: string } | null;
  /** `acquirerInfo.acquirerName` from the first notification or inquiry that named it. */
  acquirer: string | null;
  /** When an uncaptured authorization is released (ISO-8601, gateway time). */
  authExpiryTime: string | null;
  /** Total captured so far. */
  captured: Amount | null;
  /** Total refunded so far. */
  refunded: Amount | null;
  /** Why the payment failed, when it did. */
  failure: { code: string; message: string } | null;
  /** ISO-8601 creation time. */
  createdAt: string;
  /** ISO-8601 time of the last change. */
  updatedAt: string;
  /** Notifications and inquiries, oldest first. */
  history: OrderEvent[];
  /** Capture, cancel and refund calls, oldest first. */
  actions: OrderAction[];
}

/** What `OrderStore.applyNotification` did. */
export type ApplyResult =
  | { kind: 'unknown-order' }
  | { kind: 'duplicate'; order: Order }
  | { kind: 'parked' }
  | { kind: 'recorded'; order: Order; outcome: OrderEventOutcome };

/** What `OrderStore.beginAction` answers: the call to make, or why not now. */
export type BeginAction =
  | { ok: true; action: OrderAction; retry: boolean }
  | { ok: false; code: 'ORDER_NOT_FOUND' | 'NO_PAYMENT_YET' | 'ACTION_IN_FLIGHT' | 'RETRY_MISMATCH'; message: string };

/** Default number of orders kept; the oldest go first. */
export const DEFAULT_MAX_ORDERS = 1000;

/** Most notifications kept parked at once; beyond it they are not acknowledged, so Antom retries. */
export const MAX_PARKED_NOTIFICATIONS = 500;

function sameAmount(a: Amount, b: Amount): boolean {
  return a.currency === b.currency && a.value === b.value;
}

function addAmount(total: Amount | null, amount: Amount): Amount {
  if (!total) return { ...amount };
  return { currency: total.currency, value: (BigInt(total.value) + BigInt(amount.value)).toString() };
}

function atLeast(a: Amount, b: Amount): boolean {
  return BigInt(a.value) >= BigInt(b.value);
}

function cardOf(info: CardPaymentResultInfo | undefined): Order['card'] {
  if (!info?.cardBrand) return null;
  const last4 = info.lastFour ?? info.cardNo?.slice(-4);
  return last4 && /^\d{4}$/.test(last4) ? { brand: info.cardBrand, last4 } : null;
}

function describeAmount(amount: Amount): string {
  return `${amount.value} ${amount.currency}`;
}

type PaymentNotification = Exclude<AntomNotification, { notifyType: 'VAULTING_RESULT' }>;

function isPaymentNotification(notification: AntomNotification): notification is PaymentNotification {
  return notification.notifyType !== 'VAULTING_RESULT';
}

function dedupeKey(notification: PaymentNotification): string {
  const { resultStatus, resultCode } = notification.result;
  const base = `${notification.notifyType}|${notification.paymentId ?? ''}|${resultStatus}|${resultCode}`;
  switch (notification.notifyType) {
    case 'PAYMENT_RESULT':
      return `${base}|${notification.paymentAmount.currency}|${notification.paymentAmount.value}`;
    case 'CAPTURE_RESULT':
      return `${base}|${notification.captureId}`;
    case 'REFUND_RESULT':
      return `${base}|${notification.refundId}|${notification.refundStatus}`;
  }
}

function summaryOf(notification: PaymentNotification): string {
  switch (notification.notifyType) {
    case 'PAYMENT_RESULT':
      return notification.result.resultStatus === 'S'
        ? `authorized ${describeAmount(notification.paymentAmount)}`
        : notification.result.resultStatus === 'F'
          ? `payment failed: ${notification.result.resultMessage}`
          : 'payment in process';
    case 'CAPTURE_RESULT':
      return notification.result.resultStatus === 'S'
        ? `captured ${describeAmount(notification.captureAmount)}`
        : `capture failed: ${notification.result.resultMessage}`;
    case 'REFUND_RESULT':
      return notification.refundStatus === 'SUCCESS'
        ? `refunded ${describeAmount(notification.refundAmount)}`
        : `refund failed: ${notification.refundFailReason ?? notification.result.resultMessage}`;
  }
}

/** In-memory order book of the demo shop. */
export class OrderStore {
  readonly #orders = new Map<string, Order>();
  readonly #byRequestId = new Map<string, string>();
  readonly #byPaymentId = new Map<string, string>();
  readonly #seen = new Map<string, Map<string, OrderEvent>>();
  /** Notifications waiting for the one they build on, by payment id, in arrival order. */
  readonly #parked = new Map<string, PaymentNotification[]>();
  #parkedCount = 0;
  /** Results notified for calls still waiting for Antom's answer. */
  readonly #notifiedInFlight = new WeakMap<OrderAction, AntomNotification['result']>();
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
      authExpiryTime: null,
      captured: null,
      refunded: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
      history: [],
      actions: [],
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

  /**
   * Records the payment Antom named in its verified answer to the shop's own `pay` (the API path);
   * the status still waits for the notification or an inquiry.
   */
  attachPayment(id: string, paymentId: string): void {
    const order = this.#orders.get(id);
    if (order && !order.paymentId) this.#setPaymentId(order, paymentId);
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

  /** The order with this id: the live record, not a copy. */
  get(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  /** Every order, newest first. */
  list(): Order[] {
    return [...this.#orders.values()].reverse();
  }

  /**
   * Applies a verified notification once. `parked` means it builds on one that has not arrived yet
   * (acknowledge it: it is applied when that one comes). `unknown-order` means it names no order of
   * this shop: do not acknowledge it, so Antom retries.
   */
  applyNotification(notification: AntomNotification): ApplyResult {
    if (!isPaymentNotification(notification)) return { kind: 'unknown-order' };
    const order = this.#find(notification);
    if (!order) {
      const parkable = notification.notifyType === 'CAPTURE_RESULT' || notification.notifyType === 'REFUND_RESULT';
      if (parkable && this.#park(notification.paymentId, notification)) {
        return { kind: 'parked' };
      }
      return { kind: 'unknown-order' };
    }
    const seen = this.#seen.get(order.id) ?? new Map<string, OrderEvent>();
    const earlier = seen.get(dedupeKey(notification));
    if (earlier) {
      earlier.deliveries += 1;
      return { kind: 'duplicate', order };
    }
    if (this.#mustWait(order, notification)) {
      if (this.#park(order.paymentId ?? '', notification)) return { kind: 'parked' };
      return { kind: 'unknown-order' };
    }
    const outcome = this.#apply(order, notification);
    this.#flushParked(order);
    return { kind: 'recorded', order, outcome };
  }

  /**
   * Authorized orders whose `authExpiryTime` has passed at `now`: Antom has released them (or is
   * about to) without a notification, so only an inquiry can tell the shop.
   */
  dueForReleaseCheck(now: Date): Order[] {
    return [...this.#orders.values()].filter((order) => {
      if (order.status !== 'AUTHORIZED' || order.authExpiryTime === null) return false;
      const expiry = Date.parse(order.authExpiryTime);
      return Number.isFinite(expiry) && expiry <= now.getTime();
    });
  }

  /** Applies the server's own `inquiryPayment` answer for the order. */
  applyInquiry(id: string, inquiry: InquiryPaymentResult): Order | undefined {
    const order = this.#orders.get(id);
    if (!order) return undefined;
    if (inquiry.paymentId && !order.paymentId) this.#setPaymentId(order, inquiry.paymentId);
    const transactions = inquiry.transactions ?? [];
    const total = (type: string): Amount | null =>
      transactions
        .filter((t) => t.transactionType === type && t.transactionStatus === 'SUCCESS')
        .reduce<Amount | null>((sum, t) => addAmount(sum, t.transactionAmount), null);
    const captured = total('CAPTURE');
    const refunded = total('REFUND');
    let target: OrderStatus;
    switch (inquiry.paymentStatus) {
      case 'SUCCESS':
        if (refunded) target = atLeast(refunded, captured ?? order.amount) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
        else target = captured ? 'CAPTURED' : 'AUTHORIZED';
        break;
      case 'FAIL':
        target = 'FAILED';
        break;
      case 'CANCELLED':
        target = 'CANCELLED';
        break;
      case 'PENDING':
        target = 'CREATED';
        break;
      default:
        target = 'PROCESSING';
    }
    const before = JSON.stringify([order.captured, order.refunded]);
    let outcome = this.#moveTo(order, target, canReach);
    if (outcome !== 'stale') {
      if (captured && (!order.captured || !atLeast(order.captured, captured))) order.captured = captured;
      if (refunded && (!order.refunded || !atLeast(order.refunded, refunded))) order.refunded = refunded;
      if (outcome === 'unchanged' && JSON.stringify([order.captured, order.refunded]) !== before) outcome = 'applied';
    }
    const card = cardOf(inquiry.paymentResultInfo);
    if (card && !order.card) order.card = card;
    if (inquiry.acquirerInfo?.acquirerName && !order.acquirer) order.acquirer = inquiry.acquirerInfo.acquirerName;
    if (inquiry.authExpiryTime) order.authExpiryTime = inquiry.authExpiryTime;
    if (outcome === 'applied' && target === 'FAILED') {
      order.failure = { code: inquiry.paymentResultCode ?? 'FAIL', message: inquiry.paymentResultMessage ?? '' };
    }
    this.#record(order, {
      source: 'INQUIRY',
      type: 'INQUIRY_PAYMENT',
      resultStatus: target === 'FAILED' || target === 'CANCELLED' ? 'F' : target === 'PROCESSING' ? 'U' : 'S',
      resultCode: inquiry.paymentStatus === 'FAIL' ? (inquiry.paymentResultCode ?? 'FAIL') : inquiry.paymentStatus,
      summary: [
        `payment ${inquiry.paymentStatus}`,
        ...(captured ? [`captured ${describeAmount(captured)}`] : []),
        ...(refunded ? [`refunded ${describeAmount(refunded)}`] : []),
      ].join(', '),
      outcome,
    });
    this.#flushParked(order);
    return order;
  }

  /**
   * Starts a capture, cancel or refund call. A call whose outcome is unknown is retried with its
   * request id (Antom answers a repeated id with the first result); the same kind with another
   * amount while one is unresolved is refused, since both could succeed. One call at a time per order.
   */
  beginAction(id: string, kind: OrderActionKind, input: { amount?: Amount; reason?: string } = {}): BeginAction {
    const order = this.#orders.get(id);
    if (!order) return { ok: false, code: 'ORDER_NOT_FOUND', message: `No order ${id}.` };
    if (!order.paymentId) {
      return {
        ok: false,
        code: 'NO_PAYMENT_YET',
        message: `Order ${id} has no payment yet: the buyer has not paid, or Antom's payment result has not arrived.`,
      };
    }
    const inFlight = order.actions.find((action) => action.state === 'IN_FLIGHT');
    if (inFlight) {
      return {
        ok: false,
        code: 'ACTION_IN_FLIGHT',
        message: `A ${inFlight.kind.toLowerCase()} of order ${id} is waiting for Antom's answer; try again when it arrives.`,
      };
    }
    const amount = kind === 'CANCEL' ? null : { ...(input.amount ?? order.amount) };
    const now = this.#now().toISOString();
    const unresolved = order.actions.findLast(
      (action) => action.kind === kind && (action.state === 'UNKNOWN' || action.state === 'PROCESSING'),
    );
    if (unresolved) {
      if (unresolved.amount && amount && !sameAmount(unresolved.amount, amount)) {
        return {
          ok: false,
          code: 'RETRY_MISMATCH',
          message:
            `The ${kind.toLowerCase()} of ${describeAmount(unresolved.amount)} (request ${unresolved.requestId}) ` +
            `has no final answer yet. Retry it with the same amount, or wait for Antom's notification.`,
        };
      }
      unresolved.state = 'IN_FLIGHT';
      unresolved.attempts += 1;
      return { ok: true, action: unresolved, retry: true };
    }
    const prefix = kind === 'CAPTURE' ? 'cap' : 'ref';
    const action: OrderAction = {
      kind,
      requestId: kind === 'CANCEL' ? null : `${prefix}_${randomBytes(16).toString('base64url')}`,
      amount,
      reason: kind === 'REFUND' ? (input.reason ?? null) : null,
      state: 'IN_FLIGHT',
      settledBy: null,
      resultStatus: null,
      resultCode: null,
      resultMessage: null,
      attempts: 1,
      requestedAt: now,
      answeredAt: null,
    };
    order.actions.push(action);
    return { ok: true, action, retry: false };
  }

  /**
   * Records Antom's answer to a call (`resultStatus: null` when no trustworthy answer arrived). A
   * notification that settled the call while it was in flight wins over a `U` answer.
   */
  finishAction(
    action: OrderAction,
    answer: { resultStatus: 'S' | 'F' | 'U' | null; resultCode: string; resultMessage: string },
  ): void {
    const notified = this.#notifiedInFlight.get(action);
    this.#notifiedInFlight.delete(action);
    if (notified && answer.resultStatus !== 'S' && answer.resultStatus !== 'F') {
      this.#settle(action, notified, 'NOTIFICATION');
      return;
    }
    this.#settle(action, answer, 'ANSWER');
  }

  #settle(
    action: OrderAction,
    answer: { resultStatus: 'S' | 'F' | 'U' | null; resultCode: string; resultMessage: string },
    by: 'ANSWER' | 'NOTIFICATION',
  ): void {
    action.resultStatus = answer.resultStatus;
    action.resultCode = answer.resultCode;
    action.resultMessage = answer.resultMessage;
    action.answeredAt = this.#now().toISOString();
    const final = answer.resultStatus === 'S' || answer.resultStatus === 'F';
    action.state =
      answer.resultStatus === 'S'
        ? 'SUCCEEDED'
        : answer.resultStatus === 'F'
          ? 'FAILED'
          : answer.resultStatus === 'U' && IN_PROCESS_CODE.test(answer.resultCode)
            ? 'PROCESSING'
            : 'UNKNOWN';
    action.settledBy = final ? by : null;
  }

  #find(notification: PaymentNotification): Order | undefined {
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

  /** A successful refund before the order knows of its capture waits for the capture result. */
  #mustWait(order: Order, notification: PaymentNotification): boolean {
    if (notification.notifyType !== 'REFUND_RESULT' || notification.refundStatus !== 'SUCCESS') return false;
    return !['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(order.status) && order.status !== 'CANCELLED';
  }

  #park(paymentId: string | undefined, notification: PaymentNotification): boolean {
    if (!paymentId || this.#parkedCount >= MAX_PARKED_NOTIFICATIONS) return false;
    const queue = this.#parked.get(paymentId) ?? [];
    const key = dedupeKey(notification);
    if (!queue.some((parked) => dedupeKey(parked) === key)) {
      queue.push(notification);
      this.#parkedCount += 1;
    }
    this.#parked.set(paymentId, queue);
    return true;
  }

  #flushParked(order: Order): void {
    if (!order.paymentId) return;
    const queue = this.#parked.get(order.paymentId);
    if (!queue) return;
    this.#parked.delete(order.paymentId);
    this.#parkedCount -= queue.length;
    for (const notification of queue) this.applyNotification(notification);
  }

  #apply(order: Order, notification: PaymentNotification): OrderEventOutcome {
    let outcome: OrderEventOutcome;
    const status = notification.result.resultStatus;
    switch (notification.notifyType) {
      case 'PAYMENT_RESULT': {
        if (!sameAmount(notification.paymentAmount, order.amount)) {
          outcome = 'amount-mismatch';
          break;
        }
        const target: OrderStatus = status === 'S' ? 'AUTHORIZED' : status === 'F' ? 'FAILED' : 'PROCESSING';
        outcome = this.#moveTo(order, target);
        if (status === 'S' || outcome === 'applied') this.#learnPayment(order, notification);
        if (outcome === 'applied' && target === 'FAILED') {
          order.failure = { code: notification.result.resultCode, message: notification.result.resultMessage };
        }
        break;
      }
      case 'CAPTURE_RESULT': {
        if (status === 'S' && notification.captureAmount.currency !== order.amount.currency) {
          outcome = 'amount-mismatch';
          break;
        }
        // A failed capture leaves the authorization in place.
        outcome = this.#moveTo(order, status === 'S' ? 'CAPTURED' : 'AUTHORIZED');
        if (status === 'S' && outcome !== 'stale') {
          order.captured = addAmount(order.captured, notification.captureAmount);
          outcome = 'applied';
        }
        this.#settleAction(order, 'CAPTURE', notification.captureRequestId, notification.result);
        break;
      }
      case 'REFUND_RESULT': {
        const succeeded = notification.refundStatus === 'SUCCESS';
        if (succeeded && notification.refundAmount.currency !== order.amount.currency) {
          outcome = 'amount-mismatch';
          break;
        }
        if (succeeded) {
          const refunded = addAmount(order.refunded, notification.refundAmount);
          const target = atLeast(refunded, order.captured ?? order.amount) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
          outcome = this.#moveTo(order, target);
          if (outcome !== 'stale') {
            order.refunded = refunded;
            outcome = 'applied';
          }
        } else {
          outcome = 'unchanged';
        }
        this.#settleAction(order, 'REFUND', notification.refundRequestId, notification.result);
        break;
      }
    }
    if (outcome === 'applied') {
      if (order.status !== 'FAILED') order.failure = null;
      order.updatedAt = this.#now().toISOString();
    }
    const event = this.#record(order, {
      source: 'NOTIFICATION',
      type: notification.notifyType,
      resultStatus: status,
      resultCode: notification.result.resultCode,
      summary: summaryOf(notification),
      outcome,
    });
    this.#seen.get(order.id)?.set(dedupeKey(notification), event);
    return outcome;
  }

  /**
   * A notification settles the call it answers (by request id): one in process, or whose outcome
   * was unknown (e.g. a capture that timed out). A call still in flight takes it when its answer comes.
   */
  #settleAction(order: Order, kind: OrderActionKind, requestId: string, result: AntomNotification['result']): void {
    const action = order.actions.find((candidate) => candidate.kind === kind && candidate.requestId === requestId);
    if (!action) return;
    if (action.state === 'IN_FLIGHT') this.#notifiedInFlight.set(action, result);
    else if (action.state === 'PROCESSING' || action.state === 'UNKNOWN') this.#settle(action, result, 'NOTIFICATION');
  }

  #moveTo(order: Order, target: OrderStatus, allowed = canMove): OrderEventOutcome {
    if (order.status === target) return 'unchanged';
    if (!allowed(order.status, target)) return 'stale';
    order.status = target;
    return 'applied';
  }

  #learnPayment(order: Order, notification: Extract<PaymentNotification, { notifyType: 'PAYMENT_RESULT' }>): void {
    if (!order.paymentId) this.#setPaymentId(order, notification.paymentId);
    const card = cardOf(notification.paymentResultInfo);
    if (card && !order.card) order.card = card;
    const acquirer = notification.acquirerInfo?.acquirerName;
    if (acquirer && !order.acquirer) order.acquirer = acquirer;
    if (notification.authExpiryTime) order.authExpiryTime = notification.authExpiryTime;
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

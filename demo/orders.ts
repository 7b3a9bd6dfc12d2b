/**
 * The demo shop's orders, in PostgreSQL (see `OrderStore`). An order's status changes only through a verified notification
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
import { isoOf, type Database, type Sql } from './db.js';

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

/**
 * The calls the orders console may offer for an order: capture (a manual-capture authorization; a
 * further partial capture where the merchant allows partial capture and some is left), cancel (an
 * authorization not yet captured), refund (captured money not all refunded). Nothing on a failed,
 * cancelled or unpaid order.
 */
export function allowedActions(order: Order, settings: { partialCapture: boolean }): OrderActionKind[] {
  const allowed: OrderActionKind[] = [];
  if (!order.paymentId) return allowed;
  if (order.status === 'AUTHORIZED') {
    if (order.captureMode === 'MANUAL') allowed.push('CAPTURE');
    allowed.push('CANCEL');
  }
  if (order.status === 'CAPTURED' || order.status === 'PARTIALLY_REFUNDED') {
    const left = order.captured ? BigInt(order.amount.value) - BigInt(order.captured.value) : 0n;
    if (settings.partialCapture && order.status === 'CAPTURED' && order.captureMode === 'MANUAL' && left > 0n) {
      allowed.push('CAPTURE');
    }
    allowed.push('REFUND');
  }
  return allowed;
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
  /** When it was last sent (ISO-8601): a call in flight much longer was cut short. */
  lastSentAt?: string;
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
  | { ok: true; action: OrderAction; index: number; retry: boolean }
  | { ok: false; code: 'ORDER_NOT_FOUND' | 'NO_PAYMENT_YET' | 'ACTION_IN_FLIGHT' | 'RETRY_MISMATCH'; message: string };

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

/** Options of an `OrderStore`. */
export interface OrderStoreOptions {
  /** The shop's clock. Default: the wall clock. */
  now?: () => Date;
  /**
   * How long an unpaid order outlives its session's expiry before it is deleted, for a payment
   * result still on its way (a challenge finished at the last second). Default 1 hour.
   */
  unpaidGraceMs?: number;
}

/** Default of `OrderStoreOptions.unpaidGraceMs`. */
export const DEFAULT_UNPAID_GRACE_MS = 60 * 60 * 1000;

/** How long an order without a session (the API path) may stay unpaid: Antom's default session life. */
export const UNPAID_WITHOUT_SESSION_MS = 60 * 60 * 1000;

/** A call still `IN_FLIGHT` this long after it was sent was cut short (the process died): it is `UNKNOWN`. */
export const STALE_IN_FLIGHT_MS = 2 * 60 * 1000;

/** Thrown inside a transaction when the unique key says another delivery recorded the notification first. */
class AlreadyRecorded extends Error {}

type NotifiedResult = AntomNotification['result'];

/** An order loaded under its row lock, and what the transaction changes about it. */
interface Working {
  order: Order;
  /** Notification key of each history entry (`null` for inquiries). */
  keys: (string | null)[];
  /** History entries already stored. */
  stored: number;
  /** The payment id as loaded, to tell when this transaction learned it. */
  loadedPaymentId: string | null;
  /** Results notified for calls still in flight, by action index. */
  notified: Record<string, NotifiedResult>;
}

interface OrderRow {
  id: string;
  payment_request_id: string;
  payment_session_id: string | null;
  payment_id: string | null;
  status: OrderStatus;
  capture_mode: CaptureMode;
  currency: string;
  amount_value: string;
  captured_value: string | null;
  refunded_value: string | null;
  card_brand: string | null;
  card_last4: string | null;
  acquirer: string | null;
  auth_expiry_time: string | null;
  failure_code: string | null;
  failure_message: string | null;
  actions: OrderAction[] | string;
  notified_in_flight: Record<string, NotifiedResult> | string;
  created_at: unknown;
  updated_at: unknown;
}

interface EventRow {
  order_id: string;
  notification_key: string | null;
  source: OrderEvent['source'];
  type: string;
  result_status: OrderEvent['resultStatus'];
  result_code: string;
  summary: string;
  outcome: OrderEventOutcome;
  status_after: OrderStatus;
  received_at: unknown;
  deliveries: number;
}

const ORDER_COLUMNS = `id, payment_request_id, payment_session_id, payment_id, status, capture_mode, currency,
  amount_value::text AS amount_value, captured_value::text AS captured_value, refunded_value::text AS refunded_value,
  card_brand, card_last4, acquirer, auth_expiry_time, failure_code, failure_message, actions, notified_in_flight,
  created_at, updated_at`;

const EVENT_COLUMNS = `order_id, notification_key, source, type, result_status, result_code, summary, outcome,
  status_after, received_at, deliveries`;

function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function eventOf(row: EventRow): OrderEvent {
  return {
    source: row.source,
    type: row.type,
    resultStatus: row.result_status,
    resultCode: row.result_code,
    summary: row.summary,
    outcome: row.outcome,
    statusAfter: row.status_after,
    receivedAt: isoOf(row.received_at),
    deliveries: Number(row.deliveries),
  };
}

function workingOf(row: OrderRow, events: EventRow[]): Working {
  const amount = (value: string | null): Amount | null => (value === null ? null : { currency: row.currency, value });
  const order: Order = {
    id: row.id,
    paymentRequestId: row.payment_request_id,
    paymentSessionId: row.payment_session_id,
    paymentId: row.payment_id,
    amount: { currency: row.currency, value: row.amount_value },
    captureMode: row.capture_mode,
    status: row.status,
    card: row.card_brand && row.card_last4 ? { brand: row.card_brand, last4: row.card_last4 } : null,
    acquirer: row.acquirer,
    authExpiryTime: row.auth_expiry_time,
    captured: amount(row.captured_value),
    refunded: amount(row.refunded_value),
    failure: row.failure_code === null ? null : { code: row.failure_code, message: row.failure_message ?? '' },
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
    history: events.map(eventOf),
    actions: json<OrderAction[]>(row.actions),
  };
  return {
    order,
    keys: events.map((event) => event.notification_key),
    stored: events.length,
    loadedPaymentId: row.payment_id,
    notified: json<Record<string, NotifiedResult>>(row.notified_in_flight),
  };
}

/**
 * The demo shop's order book, in PostgreSQL (`demo/db.ts`). Nothing is cached between calls: every
 * call reads the rows it needs, and every change runs in one transaction holding the order's row
 * lock, so shop processes sharing the database serve the same orders. A notification is recorded
 * at most once per order by the `demo_order_events_once` unique key.
 */
export class OrderStore {
  readonly #db: Database;
  readonly #now: () => Date;
  readonly #graceMs: number;

  constructor(db: Database, options: OrderStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#graceMs = options.unpaidGraceMs ?? DEFAULT_UNPAID_GRACE_MS;
  }

  /**
   * Creates an order in `CREATED` with fresh ids, `clientAddress` being who asked (for the session
   * limit). Unpaid orders whose session is over (and the grace) are deleted on the way.
   */
  async create(input: { amount: Amount; captureMode: CaptureMode; clientAddress?: string | null }): Promise<Order> {
    const now = this.#now();
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
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      history: [],
      actions: [],
    };
    await this.#db.transaction(async (tx) => {
      await this.#deleteExpired(tx, now);
      await tx.query(
        `INSERT INTO demo_orders (id, payment_request_id, status, capture_mode, currency, amount_value, client_address,
           expires_at, created_at, updated_at)
         VALUES ($1, $2, 'CREATED', $3, $4, $5::bigint, $6, $7::timestamptz, $8::timestamptz, $8::timestamptz)`,
        [
          order.id,
          order.paymentRequestId,
          order.captureMode,
          order.amount.currency,
          order.amount.value,
          input.clientAddress ?? null,
          new Date(now.getTime() + UNPAID_WITHOUT_SESSION_MS).toISOString(),
          order.createdAt,
        ],
      );
    });
    return order;
  }

  /** How many orders `clientAddress` created since `since` (the session limit counts them). */
  async countCreatedSince(clientAddress: string, since: Date): Promise<number> {
    const [row] = await this.#db.query<{ count: unknown }>(
      'SELECT count(*) AS count FROM demo_orders WHERE client_address = $1 AND created_at > $2::timestamptz',
      [clientAddress, since.toISOString()],
    );
    return Number(row?.count ?? 0);
  }

  /**
   * Records the session Antom created for the order; an unpaid order expires with it
   * (`expiresAt`, Antom's `paymentSessionExpiryTime`), plus the grace.
   */
  async attachSession(id: string, paymentSessionId: string, expiresAt?: string): Promise<void> {
    const expiry = expiresAt === undefined ? Number.NaN : Date.parse(expiresAt);
    await this.#db.query(
      `UPDATE demo_orders SET payment_session_id = $2, expires_at = COALESCE($3::timestamptz, expires_at) WHERE id = $1`,
      [id, paymentSessionId, Number.isFinite(expiry) ? new Date(expiry).toISOString() : null],
    );
  }

  /**
   * Records the payment Antom named in its verified answer to the shop's own `pay` (the API path);
   * the status still waits for the notification or an inquiry.
   */
  async attachPayment(id: string, paymentId: string): Promise<void> {
    await this.#change(id, async (tx, working) => {
      if (working.order.paymentId) return;
      working.order.paymentId = paymentId;
      await this.#learnedPayment(tx, working);
    });
  }

  /** Forgets an order (used when its session could not be created). */
  async remove(id: string): Promise<void> {
    await this.#db.query('DELETE FROM demo_orders WHERE id = $1', [id]);
  }

  /** The order with this id as stored now (a copy: change it through the store). */
  async get(id: string): Promise<Order | undefined> {
    const [found] = await this.#load(this.#db, 'WHERE id = $1', [id]);
    return found?.order;
  }

  /** The newest `limit` orders (default all), newest first. */
  async list(limit?: number): Promise<Order[]> {
    const where = limit === undefined ? '' : 'ORDER BY seq DESC LIMIT $1';
    const loaded = await this.#load(this.#db, where, limit === undefined ? [] : [limit]);
    return loaded.map((working) => working.order);
  }

  /**
   * Applies a verified notification once. `parked` means it builds on one that has not arrived yet
   * (acknowledge it: it is applied when that one comes). `unknown-order` means it names no order of
   * this shop: do not acknowledge it, so Antom retries. Concurrent deliveries of one notification
   * wait for each other on the order's row lock; the unique key records one of them.
   */
  async applyNotification(notification: AntomNotification): Promise<ApplyResult> {
    if (!isPaymentNotification(notification)) return { kind: 'unknown-order' };
    try {
      return await this.#applyOnce(notification);
    } catch (error) {
      if (!(error instanceof AlreadyRecorded)) throw error;
      return this.#applyOnce(notification);
    }
  }

  async #applyOnce(notification: PaymentNotification): Promise<ApplyResult> {
    return this.#db.transaction(async (tx) => {
      if (notification.notifyType !== 'PAYMENT_RESULT' && notification.paymentId) {
        await lockPayment(tx, notification.paymentId);
      }
      const working = await this.#find(tx, notification);
      if (!working) {
        const parkable = notification.notifyType === 'CAPTURE_RESULT' || notification.notifyType === 'REFUND_RESULT';
        if (parkable && (await this.#park(tx, notification.paymentId, notification))) return { kind: 'parked' };
        return { kind: 'unknown-order' };
      }
      const result = await this.#applyTo(tx, working, notification);
      await this.#save(tx, working);
      return result;
    });
  }

  async #applyTo(tx: Sql, working: Working, notification: PaymentNotification): Promise<ApplyResult> {
    const { order } = working;
    const key = dedupeKey(notification);
    const earlier = working.keys.indexOf(key);
    if (earlier >= 0) {
      const event = order.history[earlier];
      if (event) event.deliveries += 1;
      await tx.query(
        'UPDATE demo_order_events SET deliveries = deliveries + 1 WHERE order_id = $1 AND notification_key = $2',
        [order.id, key],
      );
      return { kind: 'duplicate', order };
    }
    if (this.#mustWait(order, notification)) {
      if (await this.#park(tx, order.paymentId ?? '', notification)) return { kind: 'parked' };
      return { kind: 'unknown-order' };
    }
    const outcome = this.#apply(working, notification, key);
    await this.#learnedPayment(tx, working);
    await this.#flushParked(tx, working);
    return { kind: 'recorded', order, outcome };
  }

  /**
   * Authorized orders whose `authExpiryTime` has passed at `now`: Antom has released them (or is
   * about to) without a notification, so only an inquiry can tell the shop.
   */
  async dueForReleaseCheck(now: Date): Promise<Order[]> {
    const loaded = await this.#load(this.#db, "WHERE status = 'AUTHORIZED' AND auth_expiry_time IS NOT NULL", []);
    return loaded
      .map((working) => working.order)
      .filter((order) => {
        const expiry = Date.parse(order.authExpiryTime ?? '');
        return Number.isFinite(expiry) && expiry <= now.getTime();
      });
  }

  /** Applies the server's own `inquiryPayment` answer for the order. */
  async applyInquiry(id: string, inquiry: InquiryPaymentResult): Promise<Order | undefined> {
    return this.#change(id, async (tx, working) => {
      const { order } = working;
      if (inquiry.paymentId && !order.paymentId) order.paymentId = inquiry.paymentId;
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
      // The card of a successful payment is the one that paid, whatever a declined attempt showed.
      if (card && (!order.card || inquiry.paymentStatus === 'SUCCESS')) order.card = card;
      if (inquiry.acquirerInfo?.acquirerName && !order.acquirer) order.acquirer = inquiry.acquirerInfo.acquirerName;
      if (inquiry.authExpiryTime) order.authExpiryTime = inquiry.authExpiryTime;
      if (outcome === 'applied' && target === 'FAILED') {
        order.failure = { code: inquiry.paymentResultCode ?? 'FAIL', message: inquiry.paymentResultMessage ?? '' };
      }
      this.#record(working, null, {
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
      await this.#learnedPayment(tx, working);
      await this.#flushParked(tx, working);
      return order;
    });
  }

  /**
   * Starts a capture, cancel or refund call. A call whose outcome is unknown is retried with its
   * request id (Antom answers a repeated id with the first result); the same kind with another
   * amount while one is unresolved is refused, since both could succeed. One call at a time per
   * order, across processes: the answer names the call by its `index` for `finishAction`.
   */
  async beginAction(
    id: string,
    kind: OrderActionKind,
    input: { amount?: Amount; reason?: string } = {},
  ): Promise<BeginAction> {
    const begun = await this.#change(id, (_tx, working): Promise<BeginAction> => {
      const { order } = working;
      if (!order.paymentId) {
        return Promise.resolve({
          ok: false,
          code: 'NO_PAYMENT_YET',
          message: `Order ${id} has no payment yet: the buyer has not paid, or Antom's payment result has not arrived.`,
        });
      }
      const now = this.#now();
      for (const action of order.actions) {
        // A call left in flight by a process that died: its fate is unknown, and a retry may settle it.
        const sent = Date.parse(action.lastSentAt ?? action.requestedAt);
        if (action.state === 'IN_FLIGHT' && now.getTime() - sent > STALE_IN_FLIGHT_MS) action.state = 'UNKNOWN';
      }
      const inFlight = order.actions.find((action) => action.state === 'IN_FLIGHT');
      if (inFlight) {
        return Promise.resolve({
          ok: false,
          code: 'ACTION_IN_FLIGHT',
          message: `A ${inFlight.kind.toLowerCase()} of order ${id} is waiting for Antom's answer; try again when it arrives.`,
        });
      }
      const amount = kind === 'CANCEL' ? null : { ...(input.amount ?? order.amount) };
      const unresolved = order.actions.findLastIndex(
        (action) => action.kind === kind && (action.state === 'UNKNOWN' || action.state === 'PROCESSING'),
      );
      const earlier = order.actions[unresolved];
      if (earlier) {
        if (earlier.amount && amount && !sameAmount(earlier.amount, amount)) {
          return Promise.resolve({
            ok: false,
            code: 'RETRY_MISMATCH',
            message:
              `The ${kind.toLowerCase()} of ${describeAmount(earlier.amount)} (request ${earlier.requestId}) ` +
              `has no final answer yet. Retry it with the same amount, or wait for Antom's notification.`,
          });
        }
        earlier.state = 'IN_FLIGHT';
        earlier.attempts += 1;
        earlier.lastSentAt = now.toISOString();
        return Promise.resolve({ ok: true, action: earlier, index: unresolved, retry: true });
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
        requestedAt: now.toISOString(),
        lastSentAt: now.toISOString(),
        answeredAt: null,
      };
      order.actions.push(action);
      return Promise.resolve({ ok: true, action, index: order.actions.length - 1, retry: false });
    });
    return begun ?? { ok: false, code: 'ORDER_NOT_FOUND', message: `No order ${id}.` };
  }

  /**
   * Records Antom's answer to call `index` of the order (`resultStatus: null` when no trustworthy
   * answer arrived). A notification that settled the call while it was in flight wins over a `U` answer.
   */
  async finishAction(
    orderId: string,
    index: number,
    answer: { resultStatus: 'S' | 'F' | 'U' | null; resultCode: string; resultMessage: string },
  ): Promise<Order | undefined> {
    return this.#change(orderId, (_tx, working) => {
      const action = working.order.actions[index];
      if (!action) return Promise.resolve(working.order);
      const notified = working.notified[String(index)];
      delete working.notified[String(index)];
      if (notified && answer.resultStatus !== 'S' && answer.resultStatus !== 'F') {
        this.#settle(action, notified, 'NOTIFICATION');
      } else {
        this.#settle(action, answer, 'ANSWER');
      }
      return Promise.resolve(working.order);
    });
  }

  /** Runs `change` on the order under its row lock and stores the result; `undefined` without such an order. */
  async #change<T>(id: string, change: (tx: Sql, working: Working) => Promise<T>): Promise<T | undefined> {
    return this.#db.transaction(async (tx) => {
      const [working] = await this.#load(tx, 'WHERE id = $1', [id], true);
      if (!working) return undefined;
      const result = await change(tx, working);
      await this.#save(tx, working);
      return result;
    });
  }

  /** Orders matching `where` with their history; `lock` takes their row locks until the transaction ends. */
  async #load(sql: Sql, where: string, params: unknown[], lock = false): Promise<Working[]> {
    const ordering = where.includes('ORDER BY') ? '' : ' ORDER BY seq DESC';
    const rows = await sql.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM demo_orders ${where}${ordering}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const events = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM demo_order_events WHERE order_id = ANY($1::text[]) ORDER BY order_id, seq`,
      [ids],
    );
    const byOrder = new Map<string, EventRow[]>();
    for (const event of events) {
      const list = byOrder.get(event.order_id) ?? [];
      list.push(event);
      byOrder.set(event.order_id, list);
    }
    return rows.map((row) => workingOf(row, byOrder.get(row.id) ?? []));
  }

  /** Writes the order row and its new history entries; a notification recorded meanwhile aborts the transaction. */
  async #save(tx: Sql, working: Working): Promise<void> {
    const { order } = working;
    await tx.query(
      `UPDATE demo_orders SET payment_session_id = $2, payment_id = $3, status = $4, captured_value = $5::bigint,
         refunded_value = $6::bigint, card_brand = $7, card_last4 = $8, acquirer = $9, auth_expiry_time = $10,
         failure_code = $11, failure_message = $12, actions = $13::jsonb, notified_in_flight = $14::jsonb,
         updated_at = $15::timestamptz
       WHERE id = $1`,
      [
        order.id,
        order.paymentSessionId,
        order.paymentId,
        order.status,
        order.captured?.value ?? null,
        order.refunded?.value ?? null,
        order.card?.brand ?? null,
        order.card?.last4 ?? null,
        order.acquirer,
        order.authExpiryTime,
        order.failure?.code ?? null,
        order.failure?.message ?? null,
        JSON.stringify(order.actions),
        JSON.stringify(working.notified),
        order.updatedAt,
      ],
    );
    for (let seq = working.stored; seq < order.history.length; seq += 1) {
      const event = order.history[seq];
      if (!event) continue;
      const inserted = await tx.query(
        `INSERT INTO demo_order_events (order_id, seq, notification_key, source, type, result_status, result_code,
           summary, outcome, status_after, received_at, deliveries)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, $12)
         ON CONFLICT ON CONSTRAINT demo_order_events_once DO NOTHING
         RETURNING seq`,
        [
          order.id,
          seq,
          working.keys[seq] ?? null,
          event.source,
          event.type,
          event.resultStatus,
          event.resultCode,
          event.summary,
          event.outcome,
          event.statusAfter,
          event.receivedAt,
          event.deliveries,
        ],
      );
      if (inserted.length === 0) throw new AlreadyRecorded();
    }
    working.stored = order.history.length;
  }

  async #deleteExpired(tx: Sql, now: Date): Promise<void> {
    await tx.query(
      `DELETE FROM demo_orders WHERE payment_id IS NULL AND status = 'CREATED' AND expires_at < $1::timestamptz`,
      [new Date(now.getTime() - this.#graceMs).toISOString()],
    );
  }

  async #find(tx: Sql, notification: PaymentNotification): Promise<Working | undefined> {
    if (notification.notifyType === 'PAYMENT_RESULT') {
      const [working] = await this.#load(tx, 'WHERE payment_request_id = $1', [notification.paymentRequestId], true);
      // One payment request id is one payment: a different payment id is not this order's.
      if (working?.order.paymentId && working.order.paymentId !== notification.paymentId) return undefined;
      return working;
    }
    if (!notification.paymentId) return undefined;
    const [working] = await this.#load(tx, 'WHERE payment_id = $1', [notification.paymentId], true);
    return working;
  }

  /** A successful refund before the order knows of its capture waits for the capture result. */
  #mustWait(order: Order, notification: PaymentNotification): boolean {
    if (notification.notifyType !== 'REFUND_RESULT' || notification.refundStatus !== 'SUCCESS') return false;
    return !['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(order.status) && order.status !== 'CANCELLED';
  }

  async #park(tx: Sql, paymentId: string | undefined, notification: PaymentNotification): Promise<boolean> {
    if (!paymentId) return false;
    const [row] = await tx.query<{ count: unknown }>('SELECT count(*) AS count FROM demo_parked_notifications');
    if (Number(row?.count ?? 0) >= MAX_PARKED_NOTIFICATIONS) return false;
    await tx.query(
      `INSERT INTO demo_parked_notifications (payment_id, notification_key, body) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT DO NOTHING`,
      [paymentId, dedupeKey(notification), JSON.stringify(notification)],
    );
    return true;
  }

  /**
   * When this transaction learned the order's payment id, takes the payment's advisory lock: a
   * notification for that payment, which takes it too, either sees the order or is parked before
   * `#flushParked` looks.
   */
  async #learnedPayment(tx: Sql, working: Working): Promise<void> {
    const paymentId = working.order.paymentId;
    if (paymentId && paymentId !== working.loadedPaymentId) {
      await lockPayment(tx, paymentId);
      working.loadedPaymentId = paymentId;
    }
  }

  async #flushParked(tx: Sql, working: Working): Promise<void> {
    const paymentId = working.order.paymentId;
    if (!paymentId) return;
    const parked = await tx.query<{ body: PaymentNotification | string }>(
      'DELETE FROM demo_parked_notifications WHERE payment_id = $1 RETURNING body, seq',
      [paymentId],
    );
    const bodies = parked.map((row) => json<PaymentNotification>(row.body));
    for (const notification of bodies) await this.#applyTo(tx, working, notification);
  }

  #apply(working: Working, notification: PaymentNotification, key: string): OrderEventOutcome {
    const { order } = working;
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
        this.#settleAction(working, 'CAPTURE', notification.captureRequestId, notification.result);
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
        this.#settleAction(working, 'REFUND', notification.refundRequestId, notification.result);
        break;
      }
    }
    if (outcome === 'applied') {
      if (order.status !== 'FAILED') order.failure = null;
      order.updatedAt = this.#now().toISOString();
    }
    this.#record(working, key, {
      source: 'NOTIFICATION',
      type: notification.notifyType,
      resultStatus: status,
      resultCode: notification.result.resultCode,
      summary: summaryOf(notification),
      outcome,
    });
    return outcome;
  }

  /**
   * A notification settles the call it answers (by request id): one in process, or whose outcome
   * was unknown (e.g. a capture that timed out). A call still in flight takes it when its answer comes.
   */
  #settleAction(working: Working, kind: OrderActionKind, requestId: string, result: NotifiedResult): void {
    const index = working.order.actions.findIndex(
      (candidate) => candidate.kind === kind && candidate.requestId === requestId,
    );
    const action = working.order.actions[index];
    if (!action) return;
    if (action.state === 'IN_FLIGHT') working.notified[String(index)] = result;
    else if (action.state === 'PROCESSING' || action.state === 'UNKNOWN') this.#settle(action, result, 'NOTIFICATION');
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

  #moveTo(order: Order, target: OrderStatus, allowed = canMove): OrderEventOutcome {
    if (order.status === target) return 'unchanged';
    if (!allowed(order.status, target)) return 'stale';
    order.status = target;
    return 'applied';
  }

  #learnPayment(order: Order, notification: Extract<PaymentNotification, { notifyType: 'PAYMENT_RESULT' }>): void {
    if (!order.paymentId) order.paymentId = notification.paymentId;
    const card = cardOf(notification.paymentResultInfo);
    // A decline with one card and a success with another: the card that paid is the order's card.
    if (card && (!order.card || notification.result.resultStatus === 'S')) order.card = card;
    const acquirer = notification.acquirerInfo?.acquirerName;
    if (acquirer && !order.acquirer) order.acquirer = acquirer;
    if (notification.authExpiryTime) order.authExpiryTime = notification.authExpiryTime;
  }

  #record(
    working: Working,
    key: string | null,
    entry: Omit<OrderEvent, 'statusAfter' | 'receivedAt' | 'deliveries'>,
  ): OrderEvent {
    const { order } = working;
    const now = this.#now().toISOString();
    const event: OrderEvent = { ...entry, statusAfter: order.status, receivedAt: now, deliveries: 1 };
    order.history.push(event);
    working.keys.push(key);
    if (entry.outcome === 'applied') order.updatedAt = now;
    return event;
  }
}

/** Serializes, across processes, the transactions that learn a payment id and those that park for it. */
async function lockPayment(tx: Sql, paymentId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('antom-demo-payment:' || $1))`, [paymentId]);
}

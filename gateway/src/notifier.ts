/**
 * Signed notifications from the gateway to the merchant (docs/antom-api.md section 2): `notifyPayment`,
 * `notifyCapture`, `notifyRefund` and `notifyVaulting`: Antom's notifications, no other. A notification counts as
 * delivered only when the merchant answers with Antom's acknowledgement body; otherwise it is
 * retried on Antom's schedule (8 tries), scaled by `timeScale` for tests and local development.
 * Every attempt is written to the engine's notification log.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { formatSignatureHeader, signAsync } from 'antom-card-checkout/server';
import { isAdjustableClock, systemClock, type Clock } from './engine/clock.js';
import type { NotificationLog, NotificationRecord } from './engine/notification-log.js';
import { formatAntomTime } from './engine/time.js';
import type { EngineEvent } from './engine/types.js';
import { notificationJson } from './open-api/payment-json.js';
import { setMaxListeners } from 'node:events';

/** Antom's retry schedule: the wait before each of the 8 tries (0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h). */
export const NOTIFICATION_SCHEDULE_MS: readonly number[] = [
  0,
  2 * 60_000,
  10 * 60_000,
  10 * 60_000,
  60 * 60_000,
  2 * 60 * 60_000,
  6 * 60 * 60_000,
  15 * 60 * 60_000,
];

/** Time limit of one delivery request. */
export const NOTIFICATION_TIMEOUT_MS = 5_000;

/** How long a connection to a merchant's server stays open unused (ours). */
const IDLE_CONNECTION_MS = 4_000;

/**
 * Tries started per turn of the event loop (ours). A due try waits in a queue that is drained
 * after the turn's network events, a few at a time: the answers the gateway owes come first, and
 * when answers pile up (a burst, a slow moment of the machine) the notifications, which Antom
 * sends seconds after the payment anyway, wait a little instead of slowing every answer.
 */
const TRIES_PER_TURN = 4;

/** Largest merchant answer read. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** What a `Notifier` needs: the log to write, the key that signs, and how fast to retry. */
export interface NotifierOptions {
  /** Where delivery records go (the engine's log). */
  log: NotificationLog;
  /** The gateway's RSA private key; signs every notification's `signature` header. */
  privateKey: KeyObject;
  /** Multiplies the retry waits (default 1; e.g. 0.001 in tests). */
  timeScale?: number;
  /** One line per attempt (no bodies). */
  logLine?: (line: string) => void;
  /**
   * The engine clock (default: the wall clock). A try is due after its wait on the wall clock or
   * on this clock, whichever comes first: moving a sandbox clock sends the tries that became due.
   * It also writes `request-time`, so a shop that reads it on the sandbox's clock (as the demo does)
   * finds each delivery fresh, whatever the clock was moved to.
   */
  clock?: Clock;
  /**
   * Resolves once the gateway's store holds every change made so far (the journal's `flushed`;
   * default: at once). A try is posted only after it, so a merchant is never told of a payment, a
   * capture or its own notification that a crash could still take back (ours).
   */
  stored?: () => Promise<void>;
}

/** Whether a merchant answer is Antom's acknowledgement `{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}`. */
export function isAcknowledgement(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    const envelope = (parsed as { result?: Record<string, unknown> } | null)?.result;
    return (
      typeof envelope === 'object' &&
      envelope !== null &&
      envelope['resultCode'] === 'SUCCESS' &&
      envelope['resultStatus'] === 'S' &&
      envelope['resultMessage'] === 'success'
    );
  } catch {
    return false;
  }
}

/** The id a log line names: the payment, or the vaulting request (the merchant's text, so kept to printable ASCII). */
function subjectId(subject: Pick<NotificationRecord, 'paymentId' | 'vaultingRequestId'>): string {
  return subject.paymentId ?? subject.vaultingRequestId?.replace(/[^\x21-\x7e]/g, '?') ?? '-';
}

interface Delivery {
  status: number;
  body: string;
}

/** Sends notifications and retries them until acknowledged or out of tries. */
export class Notifier {
  private readonly log: NotificationLog;
  private readonly privateKey: KeyObject;
  private readonly timeScale: number;
  private readonly logLine: (line: string) => void;
  private readonly clock: Clock;
  private readonly stored: () => Promise<void>;
  /** Planned tries, with the time each was planned for (wall clock, ISO) and is due (engine clock, ms). */
  private readonly planned = new Map<
    NotificationRecord,
    { timer: NodeJS.Timeout; scheduledAt: string; dueAt: number }
  >();
  private readonly unsubscribeClock: () => void;
  private readonly pending = new Set<NotificationRecord>();
  /** Per payment: settles when the first try of its latest notification has finished. */
  private readonly firstTries = new Map<string, Promise<void>>();
  private readonly firstTryDone = new Map<NotificationRecord, () => void>();
  private readonly inFlight = new AbortController();
  /** Tries that are due, in the order they fell due; `drain` starts them. */
  private readonly ready: Array<{ record: NotificationRecord; scheduledAt: string }> = [];
  private pump: NodeJS.Immediate | undefined;
  /**
   * (ours) Connections to merchants' servers, kept open and reused by the next notification to the
   * same server instead of one connection per notification. An idle one is closed after
   * `IDLE_CONNECTION_MS`, before the usual server keep-alive timeout (Node's is 5 s).
   */
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  };
  private closed = false;
  /** Settles when the signature of the last try started is ready (tries are posted in order). */
  private signedInOrder: Promise<unknown> = Promise.resolve();

  /** Creates a notifier; call `handle` with engine events. */
  constructor(options: NotifierOptions) {
    // Each request in flight listens on the one signal until it ends; a busy sandbox has more
    // than Node's default of 10 at once, which is not a leak.
    setMaxListeners(0, this.inFlight.signal);
    const scale = options.timeScale ?? 1;
    if (!Number.isFinite(scale) || scale < 0)
      throw new RangeError('notificationTimeScale must be a finite number >= 0');
    this.log = options.log;
    this.privateKey = options.privateKey;
    this.timeScale = scale;
    this.logLine = options.logLine ?? (() => undefined);
    this.clock = options.clock ?? systemClock;
    this.stored = options.stored ?? (() => Promise.resolve());
    const clock = this.clock;
    this.unsubscribeClock = isAdjustableClock(clock) ? clock.subscribe(() => this.sendDue()) : () => undefined;
  }

  /**
   * Picks up the notifications a previous run of the gateway left undelivered (kept in the log's
   * journal): each continues Antom's schedule where it stopped; a try that fell due while the
   * gateway was down is sent at once.
   */
  resume(): void {
    for (const record of this.log.unfinished()) {
      record.status = 'PENDING';
      this.pending.add(record);
      const dueAt = this.log.dueAt(record);
      const wallDue = record.nextAttemptAt === null ? Infinity : Date.parse(record.nextAttemptAt);
      // No due time: the gateway died while a try was in flight, so that try is made again now.
      const delay =
        dueAt === undefined ? 0 : Math.max(0, Math.min(wallDue - Date.now(), dueAt - this.clock.now().getTime()));
      const scheduledAt = record.nextAttemptAt ?? new Date(Date.now() + delay).toISOString();
      record.nextAttemptAt = scheduledAt;
      this.log.changed(record);
      this.plan(record, delay, scheduledAt);
    }
  }

  /** Turns an engine event into a notification (events without a notify URL are only logged). */
  handle(event: EngineEvent): void {
    if (this.closed) return;
    const subject: Pick<NotificationRecord, 'paymentId' | 'paymentRequestId' | 'vaultingRequestId'> =
      event.type === 'VAULTING_RESULT'
        ? { vaultingRequestId: event.vaulting.vaultingRequestId }
        : { paymentId: event.payment.paymentId, paymentRequestId: event.payment.paymentRequestId };
    // Notifications are ordered per payment, or per vaulting of one merchant.
    const orderKey = subject.paymentId ?? `vaulting\u0000${event.clientId}\u0000${subject.vaultingRequestId}`;
    if (!event.notifyUrl) {
      this.say(`notify ${event.type} ${subjectId(subject)} skipped: no paymentNotifyUrl`);
      return;
    }
    const body = JSON.stringify(notificationJson(event));
    const record: NotificationRecord = {
      notificationId: randomUUID(),
      notifyType: event.type,
      clientId: event.clientId,
      ...subject,
      url: event.notifyUrl,
      createdAt: new Date().toISOString(),
      status: 'PENDING',
      attempts: [],
      nextAttemptAt: null,
      body,
    };
    this.log.add(record);
    this.pending.add(record);
    // Notifications about one payment are first sent in the order they were created (the
    // PAYMENT_RESULT of an automatic capture before its CAPTURE_RESULT): each first try waits for
    // the previous one's first try to finish. Retries wait for nothing.
    const previous = this.firstTries.get(orderKey);
    const firstTry = new Promise<void>((resolve) => this.firstTryDone.set(record, resolve));
    this.firstTries.set(orderKey, firstTry);
    // Neither chain can reject: first tries only ever resolve.
    void firstTry.then(() => {
      if (this.firstTries.get(orderKey) === firstTry) this.firstTries.delete(orderKey);
    });
    if (previous) void previous.then(() => this.schedule(record));
    else this.schedule(record);
  }

  /** Stops every pending retry and aborts requests in flight. */
  close(): void {
    this.closed = true;
    this.unsubscribeClock();
    for (const { timer } of this.planned.values()) clearTimeout(timer);
    this.planned.clear();
    if (this.pump) clearImmediate(this.pump);
    this.pump = undefined;
    // Their records are pending: below they stop, and a gateway started again sends them at once.
    this.ready.length = 0;
    this.inFlight.abort();
    this.agents.http.destroy();
    this.agents.https.destroy();
    // The due time stays in the log: a gateway started again on the same data resumes from it.
    for (const record of this.pending) {
      record.status = 'STOPPED';
      record.nextAttemptAt = null;
      this.log.changed(record);
    }
    this.pending.clear();
    for (const done of this.firstTryDone.values()) done();
    this.firstTryDone.clear();
  }

  private schedule(record: NotificationRecord): void {
    if (this.closed) return;
    const index = record.attempts.length;
    const wait = NOTIFICATION_SCHEDULE_MS[index];
    if (wait === undefined) {
      record.status = 'EXHAUSTED';
      record.nextAttemptAt = null;
      this.log.setDue(record, undefined);
      this.log.changed(record);
      this.pending.delete(record);
      return;
    }
    const delay = Math.round(wait * this.timeScale);
    const scheduledAt = new Date(Date.now() + delay).toISOString();
    record.nextAttemptAt = scheduledAt;
    this.log.changed(record);
    this.plan(record, delay, scheduledAt);
  }

  /** Plans the next try of `record` in `delay` ms (wall clock), due at the same distance on the engine clock. */
  private plan(record: NotificationRecord, delay: number, scheduledAt: string): void {
    const dueAt = this.clock.now().getTime() + delay;
    // A try due at once (every first try) keeps no due time: a gateway restarted before it was
    // made finds none and makes it at once, as it would have. That saves writing it and deleting
    // it again a few milliseconds later, for every notification.
    this.log.setDue(record, delay > 0 ? dueAt : undefined);
    const timer = setTimeout(() => this.sendNow(record), delay);
    timer.unref();
    this.planned.set(record, { timer, scheduledAt, dueAt });
  }

  /** Queues a planned try to be sent now (its timer fired, or the engine clock reached it). */
  private sendNow(record: NotificationRecord): void {
    const plan = this.planned.get(record);
    if (!plan) return;
    clearTimeout(plan.timer);
    this.planned.delete(record);
    // No due time from here: a gateway that stops before the try ends makes it again at once.
    this.log.setDue(record, undefined);
    this.ready.push({ record, scheduledAt: plan.scheduledAt });
    this.pump ??= setImmediate(() => this.drain());
  }

  /** Starts the next `TRIES_PER_TURN` due tries, and comes back next turn while more are due. */
  private drain(): void {
    this.pump = undefined;
    if (this.closed) return;
    // attempt catches a failed delivery and schedules the next try itself.
    for (const { record, scheduledAt } of this.ready.splice(0, TRIES_PER_TURN)) void this.attempt(record, scheduledAt);
    if (this.ready.length > 0) this.pump = setImmediate(() => this.drain());
  }

  /** Sends every planned try the engine clock has reached (it was moved). */
  private sendDue(): void {
    const now = this.clock.now().getTime();
    for (const [record, plan] of [...this.planned]) if (plan.dueAt <= now) this.sendNow(record);
  }

  private async attempt(record: NotificationRecord, scheduledAt: string): Promise<void> {
    if (this.closed) return;
    const attempt = record.attempts.length + 1;
    const url = new URL(record.url);
    const requestTime = formatAntomTime(this.clock.now());
    const signing = signAsync(
      {
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        clientId: record.clientId,
        time: requestTime,
        body: record.body,
      },
      this.privateKey,
    );
    // Signatures come back from the thread pool in any order; tries are posted in the order started.
    const turn = this.signedInOrder.then(() => signing);
    this.signedInOrder = turn.catch(() => undefined);
    const signature = await turn;
    // What it reports is stored first (signed meanwhile). A store that failed says so in the log
    // and writes again with its next batch; the try goes out all the same.
    await this.stored().catch(() => undefined);
    // The gateway may have closed meanwhile (its records are stopped).
    if (this.closed) return;
    const headers = {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': record.clientId,
      'request-time': requestTime,
      signature: formatSignatureHeader(signature, '1'),
    };
    const sentAt = new Date();
    let httpStatus: number | null = null;
    let acknowledged = false;
    let error: string | undefined;
    try {
      const delivery = await this.post(url, headers, record.body);
      httpStatus = delivery.status;
      acknowledged = delivery.status >= 200 && delivery.status < 300 && isAcknowledgement(delivery.body);
      if (!acknowledged) error = 'the answer was not the acknowledgement body';
    } catch (cause) {
      error = cause instanceof Error ? cause.message : 'request failed';
    }
    if (this.closed) return;
    this.firstTryDone.get(record)?.();
    this.firstTryDone.delete(record);
    record.attempts.push({
      attempt,
      scheduledAt,
      sentAt: sentAt.toISOString(),
      durationMs: Date.now() - sentAt.getTime(),
      httpStatus,
      acknowledged,
      ...(error ? { error } : {}),
    });
    this.say(
      `notify ${record.notifyType} ${subjectId(record)} attempt ${attempt}/${NOTIFICATION_SCHEDULE_MS.length} -> ` +
        `${url.origin}${url.pathname} ${httpStatus ?? 'no-answer'} ${acknowledged ? 'acknowledged' : 'not-acknowledged'}`,
    );
    if (acknowledged) {
      record.status = 'ACKNOWLEDGED';
      record.nextAttemptAt = null;
      this.pending.delete(record);
      // Finished: from here the log keeps the record as text, and nothing here holds it.
      this.log.changed(record);
      return;
    }
    this.log.changed(record);
    this.schedule(record);
  }

  /**
   * Posts one notification. A kept connection the merchant's server closed at the moment it was
   * reused fails before any answer: that post is made once more on a new connection, so a server's
   * keep-alive timeout never costs a try of the schedule.
   */
  private post(url: URL, headers: Record<string, string>, body: string, fresh = false): Promise<Delivery> {
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      const request = send(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: fresh ? false : secure ? this.agents.https : this.agents.http,
          signal: this.inFlight.signal,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
          });
          response.on('end', () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          response.on('error', (cause) => {
            clearTimeout(timer);
            reject(cause);
          });
        },
      );
      const timer = setTimeout(
        () => request.destroy(new Error(`timed out after ${NOTIFICATION_TIMEOUT_MS} ms`)),
        NOTIFICATION_TIMEOUT_MS,
      );
      timer.unref();
      request.on('error', (cause: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const stale = request.reusedSocket && (cause.code === 'ECONNRESET' || cause.code === 'EPIPE');
        if (stale && !fresh && !this.closed) resolve(this.post(url, headers, body, true));
        else reject(cause);
      });
      request.end(body);
    });
  }

  private say(line: string): void {
    try {
      this.logLine(line);
    } catch {
      // A failing log sink must not stop deliveries.
    }
  }
}

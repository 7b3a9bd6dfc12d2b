/**
 * Delivery log of notifications (gateway -> merchant). Plain records the notifier writes and
 * anyone may read (`engine.notifications`, `GET /sandbox/notifications`). Delivery happens on real
 * timers, so attempt times are wall-clock times, not the engine clock.
 */
import {
  decodeDocument,
  EncodedDocument,
  encodeDocument,
  flatText,
  JournaledMap,
  MEMORY_JOURNAL,
  type Journal,
} from './journal.js';
import type { EngineEvent } from './types.js';

/** One HTTP POST of a notification to the merchant, and how it went. */
export interface NotificationAttempt {
  /** 1-based attempt number. */
  attempt: number;
  /** When the attempt was planned to start. */
  scheduledAt: string;
  /** When the request was sent. */
  sentAt: string;
  /** How long the request took, in ms. */
  durationMs: number;
  /** HTTP status of the answer; `null` when there was none (network error, timeout). */
  httpStatus: number | null;
  /** Whether the answer was Antom's acknowledgement. */
  acknowledged: boolean;
  /** Why the attempt did not count, when it did not. */
  error?: string;
}

/** `PENDING` while tries remain, then `ACKNOWLEDGED`, `EXHAUSTED` (all tries used) or `STOPPED` (gateway closed). */
export type NotificationStatus = 'PENDING' | 'ACKNOWLEDGED' | 'EXHAUSTED' | 'STOPPED';

/** One notification: its signed body, where it goes, and every delivery attempt. */
export interface NotificationRecord {
  /** A random UUID the sandbox gives each notification; not part of Antom's body. */
  notificationId: string;
  /**
   * `PAYMENT_RESULT`, `CAPTURE_RESULT`, `REFUND_RESULT`, or
   * `VAULTING_RESULT` for `notifyVaulting` (whose body, as Antom's, names no type).
   */
  notifyType: EngineEvent['type'];
  /** Client id of the merchant, sent as the `client-id` header. */
  clientId: string;
  /** Payment concerned (payment notifications). */
  paymentId?: string;
  /** Merchant's payment request id (payment notifications). */
  paymentRequestId?: string;
  /** Merchant's vaulting request id (`notifyVaulting`). */
  vaultingRequestId?: string;
  /** The merchant's notify URL the body is posted to. */
  url: string;
  /** Wall-clock ISO-8601 time the event was queued for delivery. */
  createdAt: string;
  /** Where delivery stands: `PENDING` until acknowledged, exhausted or stopped. */
  status: NotificationStatus;
  /** Attempts made so far, oldest first. */
  attempts: NotificationAttempt[];
  /** When the next attempt is planned, while `PENDING`. */
  nextAttemptAt: string | null;
  /** The exact JSON body sent (masked card data only). */
  body: string;
}

/** A record without its body, as the journal stores it. */
type StoredNotification = Omit<NotificationRecord, 'body'> & { body?: string };

/** Whether a record has reached a status it never leaves (no try is planned or will be). */
function isFinal(record: Pick<NotificationRecord, 'status'>): boolean {
  return record.status === 'ACKNOWLEDGED' || record.status === 'EXHAUSTED';
}

/** A record's stored document: every field but the body, which is stored apart. */
function storedText({ body: _body, ...record }: NotificationRecord | StoredNotification): string {
  return flatText(encodeDocument(record));
}

/**
 * All notifications of one gateway, oldest first. A record still being delivered is a live object
 * the notifier updates; a finished one (acknowledged or exhausted) never changes again and is kept
 * as its stored text, one string, not a dozen objects: the gateway keeps every notification, and
 * the objects it keeps are what each full garbage collection walks again (ours).
 */
export class NotificationLog {
  /** Live records, or the stored text of finished ones. */
  private readonly records: JournaledMap<NotificationRecord | string>;
  /** When the next try of each pending notification is due, in ms on the engine clock. */
  private readonly due: JournaledMap<number>;

  /**
   * The signed bodies, by notification id. A body never changes while its record is rewritten with
   * every attempt, so it is stored once, apart, rather than with each rewrite.
   */
  private readonly bodies: JournaledMap<string>;

  /** A log holding the notifications `journal` kept (default: memory only). */
  constructor(journal: Journal = MEMORY_JOURNAL) {
    // Read again only for the sandbox's views and a notification resumed after a restart: kept in
    // the store once written (see `JournaledMapOptions.cold`).
    this.bodies = new JournaledMap(journal, 'notification-body', undefined, { cold: true });
    this.records = new JournaledMap<NotificationRecord | string>(
      journal,
      'notification',
      {
        encode: (record) =>
          typeof record === 'string' ? new EncodedDocument(record, true) : new EncodedDocument(storedText(record)),
        // A record stored with its body (before bodies were stored apart) keeps it; a finished one is kept as text.
        decode: (stored) => {
          const record = stored as StoredNotification;
          return isFinal(record) && record.body === undefined ? storedText(record) : this.withBody(record);
        },
      },
      { cold: true },
    );
    this.due = new JournaledMap(journal, 'notification-due');
  }

  /**
   * A stored record with its body: its own (stored before bodies were stored apart), else the one
   * stored apart (from `bodies` when given: every body, read at once).
   */
  private withBody(stored: StoredNotification, bodies?: ReadonlyMap<string, string>): NotificationRecord {
    const body = stored.body ?? (bodies ? bodies.get(stored.notificationId) : this.bodies.peek(stored.notificationId));
    return { ...stored, body: body ?? '' };
  }

  /** A copy of a record, live or kept as text. */
  private copy(record: NotificationRecord | string, bodies?: ReadonlyMap<string, string>): NotificationRecord {
    return typeof record === 'string'
      ? this.withBody(decodeDocument(record) as StoredNotification, bodies)
      : structuredClone(record);
  }

  /** Adds a record (the notifier keeps updating it, and calls `changed` when it does). */
  add(record: NotificationRecord): void {
    this.bodies.set(record.notificationId, record.body);
    this.records.set(record.notificationId, record);
  }

  /**
   * Marks a record the notifier changed, so it is written again. A record that is now finished is
   * kept as its stored text from here on: the notifier lets go of it.
   */
  changed(record: NotificationRecord): void {
    if (isFinal(record) && this.records.peek(record.notificationId) === record)
      this.records.set(record.notificationId, storedText(record));
    else this.records.touch(record.notificationId);
  }

  /** Notes when the record's next try is due on the engine clock (`undefined`: none planned). */
  setDue(record: NotificationRecord, dueAt: number | undefined): void {
    if (dueAt === undefined) this.due.delete(record.notificationId);
    else this.due.set(record.notificationId, dueAt);
  }

  /** When the record's next try is due on the engine clock, if one is planned. */
  dueAt(record: NotificationRecord): number | undefined {
    return this.due.get(record.notificationId);
  }

  /**
   * The live records still to be delivered: pending, or stopped when the gateway closed (the
   * notifier resumes them). Reads every record kept in the store (at start only).
   */
  unfinished(): NotificationRecord[] {
    const records: NotificationRecord[] = [];
    for (const [id, seen] of this.records.peekEntries()) {
      if (typeof seen === 'string' || (seen.status !== 'PENDING' && seen.status !== 'STOPPED')) continue;
      // The record the map holds (a copy read from the store is not): the notifier changes it.
      const record = this.records.get(id);
      if (record !== undefined && typeof record !== 'string') records.push(record);
    }
    return records;
  }

  /** Copies of every record, oldest first (the records and bodies kept in the store read in one read each). */
  list(): NotificationRecord[] {
    const bodies = new Map(this.bodies.peekEntries());
    return this.records.peekValues().map((record) => this.copy(record, bodies));
  }

  /** Copies of the records about one payment. */
  forPayment(paymentId: string): NotificationRecord[] {
    return this.matching('paymentId', paymentId);
  }

  /** Copies of the records about one vaulting. */
  forVaulting(vaultingRequestId: string): NotificationRecord[] {
    return this.matching('vaultingRequestId', vaultingRequestId);
  }

  /** Copies of the records whose `field` is `value`; a finished record is read only when its text holds the value. */
  private matching(field: 'paymentId' | 'vaultingRequestId', value: string): NotificationRecord[] {
    // As the value appears in a record's text: escaped as JSON escapes it.
    const inText = JSON.stringify(value).slice(1, -1);
    const copies: NotificationRecord[] = [];
    for (const record of this.records.peekValues()) {
      if (typeof record === 'string' && !record.includes(inText)) continue;
      const copy = this.copy(record);
      if (copy[field] === value) copies.push(copy);
    }
    return copies;
  }
}

/**
 * Antom-style identifiers: a UTC time stamp followed by digits. They are public (they appear in
 * URLs, notifications and the frame), so they come from the seeded generator for reproducible runs.
 */
import type { Clock } from './clock.js';
import type { Random } from './random.js';
import { idTimestamp } from './time.js';

/**
 * One flat string of `parts`. A template literal of two strings is a rope of three heap objects,
 * kept as long as the id is: the gateway keeps every payment and transaction id (ours).
 */
const joined = (...parts: string[]): string => parts.join('');

/** Mints the ids of one engine. */
export class IdFactory {
  /** Uses `random` for the digits and `clock` for the time prefix. */
  constructor(
    private readonly random: Random,
    private readonly clock: Clock,
  ) {}

  /** A payment id, e.g. `20240501123000` + 18 digits. */
  paymentId(): string {
    return joined(idTimestamp(this.clock.now()), this.random.digits(18));
  }

  /** A payment session id (matches `[A-Za-z0-9_-]{8,128}`, as the frame URL requires). */
  paymentSessionId(): string {
    return joined('PS', idTimestamp(this.clock.now()), this.random.digits(16));
  }

  /** A vaulting session id (same alphabet as payment session ids, so the frame URL takes it). */
  vaultingSessionId(): string {
    return joined('VS', idTimestamp(this.clock.now()), this.random.digits(16));
  }

  /** A transaction id (authorization, capture, void...). */
  transactionId(): string {
    return joined(idTimestamp(this.clock.now()), this.random.digits(14));
  }

  /** A digits-only reference of `length` digits (acquirer and network references). */
  reference(length: number): string {
    return this.random.digits(length);
  }
}

/**
 * The instant in the time stamp of an id minted here (`PS`/`VS` session ids after their prefix),
 * in ms; `undefined` when the id does not carry one. Lets the engine date a session it has forgotten.
 */
export function idIssuedAt(id: string, prefix: 'PS' | 'VS'): number | undefined {
  const match = new RegExp(`^${prefix}(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})\\d+$`).exec(id);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const time = Date.UTC(year!, month! - 1, day, hour, minute, second);
  return Number.isNaN(time) ? undefined : time;
}

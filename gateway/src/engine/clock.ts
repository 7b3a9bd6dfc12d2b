/**
 * Time source of the engine. Every timestamp and expiry check reads it, so tests can move time
 * (session expiry, authorization windows) without waiting.
 */

/** Something that tells the current time. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;

  /** Starts at `start` (default: the real current time). */
  constructor(start: Date | string | number = Date.now()) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new RangeError(`ManualClock: invalid start time ${String(start)}`);
  }

  /** The clock's current instant (a fresh Date each call). */
  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock forward by `ms` milliseconds (negative values move it back). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('ManualClock.advance: ms must be a finite number');
    this.current += ms;
  }

  /** Sets the clock to an instant. */
  set(instant: Date | string | number): void {
    const time = new Date(instant).getTime();
    if (Number.isNaN(time)) throw new RangeError(`ManualClock.set: invalid time ${String(instant)}`);
    this.current = time;
  }
}

/**
 * Time source of the engine. Every timestamp and expiry check reads it, so tests and the sandbox's
 * admin can move time (session expiry, the 7-day authorization window) without waiting. Clocks
 * that can move tell their subscribers, so the engine runs the jobs that became due at once.
 */

/** Something that tells the current time. */
export interface Clock {
  /** The current instant; every timestamp and expiry check of the engine reads it. */
  now(): Date;
}

/** A clock that can be moved forward and tells subscribers when it moves. */
export interface AdjustableClock extends Clock {
  /** `manual`: moves only when told; `offset`: the wall clock plus the time advanced so far. */
  readonly mode: 'manual' | 'offset';
  /** Moves the clock by `ms` milliseconds. */
  advance(ms: number): void;
  /** Calls `listener` after every move; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** The wall clock, which cannot be moved; `PaymentEngine`'s clock when none is given. */
export const systemClock: Clock = { now: () => new Date() };

/** Whether a clock can be moved (the sandbox's clock admin needs one). */
export function isAdjustableClock(clock: Clock): clock is AdjustableClock {
  const candidate = clock as Partial<AdjustableClock>;
  return typeof candidate.advance === 'function' && typeof candidate.subscribe === 'function';
}

/** Listener bookkeeping shared by the adjustable clocks. */
class ClockListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A failing subscriber must not stop the clock or the others.
      }
    }
  }
}

/** A clock that only moves when told to; for tests and `antom-sandbox --clock=manual`. */
export class ManualClock implements AdjustableClock {
  /** Tells the clock admin this clock moves only when told. */
  readonly mode = 'manual' as const;
  private current: number;
  private readonly listeners = new ClockListeners();

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
    this.listeners.notify();
  }

  /** Jumps to `instant`, forward or back, and tells the subscribers. */
  set(instant: Date | string | number): void {
    const time = new Date(instant).getTime();
    if (Number.isNaN(time)) throw new RangeError(`ManualClock.set: invalid time ${String(instant)}`);
    this.current = time;
    this.listeners.notify();
  }

  /** Calls `listener` after every `advance` or `set`. */
  subscribe(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
}

/** The wall clock plus an offset that only grows; the gateway's default clock. */
export class OffsetClock implements AdjustableClock {
  /** Tells the clock admin this clock follows the wall clock, plus what was advanced. */
  readonly mode = 'offset' as const;
  private offset = 0;
  private readonly listeners = new ClockListeners();

  /** The wall-clock time plus everything advanced so far. */
  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  /** How far the clock is ahead of the wall clock, in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  /** Moves the clock forward by `ms` milliseconds (>= 0: the wall clock never runs backwards). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('OffsetClock.advance: ms must be a finite number >= 0');
    this.offset += ms;
    this.listeners.notify();
  }

  /** Calls `listener` after every `advance`. */
  subscribe(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
}

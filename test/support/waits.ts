/**
 * Waiting in tests: for a condition (`waitFor`), for an assertion to hold (`eventually`), or, only
 * where the test is about time, for a fixed period (`settle` before checking that nothing more
 * happened, `sleep` for simulated latency).
 */

/** How long and how often to look, and what to say on a timeout. */
export interface WaitOptions {
  /** Give up after this many ms (default 5000). */
  timeout?: number;
  /** Look again after this many ms (default 10). */
  interval?: number;
  /** What was awaited, for the timeout error; a function is called then, to describe the state at that moment. */
  message?: string | (() => string | Promise<string>);
}

/** A value `waitFor` stops at. */
type Found<T> = Exclude<Awaited<T>, false | null | undefined | 0 | ''>;

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_INTERVAL_MS = 10;

/** Waits `ms` milliseconds: simulated latency, or the pace of a test about time. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets anything still in flight (messages, notifications, timers) arrive before a check that
 * nothing (more) happened. A condition that should come true is awaited with `waitFor` instead.
 */
export const settle = (ms = 150): Promise<void> => sleep(ms);

/** Calls `probe` until it returns a truthy value and returns that value; throws after the timeout. */
export async function waitFor<T>(probe: () => T, options: WaitOptions = {}): Promise<Found<T>> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const interval = options.interval ?? DEFAULT_INTERVAL_MS;
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value as Found<T>;
    if (Date.now() > deadline) {
      const what = typeof options.message === 'function' ? await options.message() : options.message;
      throw new Error(`timed out after ${timeout} ms waiting for ${what ?? 'a condition'}`);
    }
    await sleep(interval);
  }
}

/**
 * Runs `assertion` until it stops throwing and returns its result; after the timeout, throws the
 * assertion's last error. For state that arrives asynchronously (a message over a port, a redraw):
 * the check is the test's own, only given time to come true.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  options: Omit<WaitOptions, 'message'> = {},
): Promise<T> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const interval = options.interval ?? DEFAULT_INTERVAL_MS;
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await sleep(interval);
  }
}

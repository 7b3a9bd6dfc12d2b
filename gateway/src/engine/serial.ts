/**
 * Per-key serialization of state changes. Every operation that reads and then changes a payment
 * (authorization, capture, cancel, refund, release) runs as a task on that payment's queue, so a
 * capture and a cancel arriving together see each other's outcome and exactly one of them wins.
 *
 * A task on an idle key starts synchronously, in the caller's turn: the engine relies on this so a
 * payment enters `PROCESSING` before its caller returns, and an idle release happens inside
 * `clock.advance()`.
 */

/** Runs tasks one at a time per key, in arrival order. */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  /** How many keys have a task running or queued. */
  get size(): number {
    return this.tails.size;
  }

  /** Runs `task` after every earlier task of `key` has settled; resolves or rejects with it. */
  run<T>(key: string, task: () => T | Promise<T>): Promise<T> {
    const tail = this.tails.get(key);
    const outcome = tail ? tail.then(task) : start(task);
    const settled = outcome.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, settled);
    // Cannot reject: `settled` swallows the outcome either way.
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return outcome;
  }
}

function start<T>(task: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(task());
  } catch (error) {
    return Promise.reject(error);
  }
}

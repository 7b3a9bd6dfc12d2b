/**
 * (ours) How much V8 lets the heap of a process that runs the gateway grow between full garbage
 * collections. The gateway keeps the key of every payment, token and notification in memory, so its
 * heap grows with them, and every full collection walks all of it again. V8's own choice follows how
 * fast its collector is against the program: when the gateway kept whole records, it allowed 5-30%
 * between full collections, which under the gateway bench meant 26 full collections in one set of
 * five runs, each walking up to 160 MB, and the p99 at 300/s missed in the runs where one fell while
 * two shared cores were busy. At 50% there were 16 in the same set. Since written records are kept in
 * the database only (a 24 MB heap after a set), it still helps a little: 30-31 full collections per
 * set against 34-37, p99 at 300/s at most 16.9 ms against 22.7 ms (four interleaved pairs,
 * 2026-12-07). The price is memory: the heap may reach 1.5 times what it keeps before it is collected.
 */
import { setFlagsFromString } from 'node:v8';

/** The heap may grow by this much (percent) over what it kept before the next full collection. */
export const GATEWAY_HEAP_GROWING_PERCENT = 50;

/**
 * Sets V8's heap growing for this whole process to `GATEWAY_HEAP_GROWING_PERCENT`. For a process
 * whose main work is the gateway: `antom-sandbox`, the demo and the bench call it; `startGateway`
 * does not, since it changes the process it runs in.
 */
export function tuneHeapForGateway(): void {
  setFlagsFromString(`--heap-growing-percent=${GATEWAY_HEAP_GROWING_PERCENT}`);
}

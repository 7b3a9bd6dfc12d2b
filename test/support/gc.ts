/**
 * A full garbage collection on demand, for tests that measure what the heap keeps. Importing this
 * module turns on V8's `gc()` for the process (as `--expose-gc` would).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Runs two full collections, so what the first finalised is gone too. */
export function collectGarbage(): void {
  gc();
  gc();
}

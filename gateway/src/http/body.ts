/** Request body reading with a size cap: an oversized body is refused with an answer, never a crash. */
import type { IncomingMessage } from 'node:http';

/** Largest request body the gateway reads (64 KB). */
export const MAX_BODY_BYTES = 64 * 1024;

/** How much of an oversized body is drained before giving up on it, so the client still reads the answer. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/** A read body, or why there is none. */
export type BodyResult =
  { ok: true; text: string } | { ok: false; reason: 'TOO_LARGE'; drained: boolean } | { ok: false; reason: 'ABORTED' };

/** Reads the whole body as UTF-8, up to `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    let settled = false;
    const settle = (value: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        if (received > DRAIN_LIMIT_BYTES) {
          req.pause();
          settle({ ok: false, reason: 'TOO_LARGE', drained: false });
        }
        return;
      }
      chunks.push(chunk);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) {
      settle({ ok: false, reason: 'TOO_LARGE', drained: false });
      return;
    }
    req.on('data', onData);
    req.once('end', () =>
      settle(
        tooLarge
          ? { ok: false, reason: 'TOO_LARGE', drained: true }
          : { ok: true, text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    req.once('error', () => settle({ ok: false, reason: 'ABORTED' }));
    req.once('aborted', () => settle({ ok: false, reason: 'ABORTED' }));
  });
}

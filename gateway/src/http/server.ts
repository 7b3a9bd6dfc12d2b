/**
 * The request listener: splits the target, routes, writes the answer and logs one line per
 * request (method, path, status, duration, result code). Bodies are never logged, and nothing a
 * handler throws escapes: it becomes a `SYSTEM_ERROR` envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { envelopeResponse } from './envelope.js';
import type { Router } from './router.js';
import type { HttpResponse, RequestContext } from './types.js';

/**
 * Builds the listener for `http.createServer`. `beforeAnswer` runs between the handler and the
 * answer (the gateway waits there until what the request changed is stored); if it fails, the
 * answer is a `SYSTEM_ERROR`, as nothing the caller was told may be lost.
 */
export function createRequestListener(
  router: Pick<Router, 'resolve'>,
  log: (line: string) => void,
  beforeAnswer: () => Promise<void> = () => Promise.resolve(),
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
    const write = (response: HttpResponse): void => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      safeLog(
        log,
        `${method} ${pathname.slice(0, 200)} ${response.status} ${ms.toFixed(1)}ms ${response.resultCode ?? '-'}`,
      );
      if (res.headersSent || res.destroyed) return;
      const headers = response.closeConnection ? { ...response.headers, Connection: 'close' } : response.headers;
      res.writeHead(response.status, headers);
      res.end(response.body);
    };
    if (!pathname.startsWith('/')) {
      write(envelopeResponse(400, 'PARAM_ILLEGAL', 'request target must be a path'));
      return;
    }
    const ctx: RequestContext = {
      req,
      method,
      target,
      pathname,
      query: new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1)),
    };
    const handler = router.resolve(pathname);
    const answer = handler
      ? Promise.resolve().then(() => handler(ctx))
      : Promise.resolve(envelopeResponse(404, 'NOT_FOUND'));
    answer
      .then(async (response) => {
        await beforeAnswer();
        return response;
      })
      .then(write, () => write(envelopeResponse(500, 'SYSTEM_ERROR', 'internal error')));
  };
}

function safeLog(log: (line: string) => void, line: string): void {
  try {
    log(line);
  } catch {
    // A failing log sink must not take requests down with it.
  }
}

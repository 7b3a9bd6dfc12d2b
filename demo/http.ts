/** Small HTTP helpers of the demo server: bounded body reading and JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown when a request body exceeds its limit. */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole body as UTF-8 text, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new BodyTooLargeError(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** True when the request declares a JSON body (`application/json`, any parameters). */
export function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return typeof type === 'string' && type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Sends a JSON answer that is never cached. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Sends the demo's error shape `{ error: { code, message } }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/**
 * Why a state-changing request must be refused as cross-site, or `undefined` when it may go on.
 * Browsers send `Sec-Fetch-Site` and, on POST, `Origin`; a request from another site (or a
 * DNS-rebound host name) fails one of them. Requests without either come from non-browser clients
 * (curl, tests), which a cross-site page cannot forge.
 */
export function crossSiteReason(req: IncomingMessage, allowedOrigins: readonly string[]): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `Sec-Fetch-Site is ${String(site).slice(0, 20)}, not same-origin`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return `Origin ${origin.slice(0, 100)} is not this shop`;
  }
  return undefined;
}

/**
 * Whether the request names one of the shop's own hosts in `Host`. A page on another site whose name
 * an attacker re-points at 127.0.0.1 (DNS rebinding) reaches the shop as same-origin, but its `Host`
 * still carries the attacker's name, so data pages answer only for the hosts of `ownOrigins`.
 */
export function isOwnHost(req: IncomingMessage, ownOrigins: readonly string[]): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && ownOrigins.some((origin) => new URL(origin).host === host);
}

/**
 * HTTP plumbing for tests: a raw `node:http` client (header case and bodies under the test's
 * control), a `fetch` helper for JSON posts, a reader for dotted paths in JSON answers, and
 * listening and closing servers on loopback.
 */
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';

/** A JSON value as the tests read it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** Reads a dotted path (`a.b[0].c`) out of a JSON value; `undefined` when absent. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (current === null || typeof current !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    current = index ? (current as unknown[])[Number(index[1])] : (current as Record<string, unknown>)[part];
  }
  return current;
}

/** An HTTP answer read by `send`. */
export interface Answer {
  /** Status code. */
  status: number;
  /** Headers (names lower-cased by Node). */
  headers: IncomingHttpHeaders;
  /** Header names exactly as sent. */
  rawHeaderNames: string[];
  /** Body text. */
  text: string;
  /** Body as JSON (empty object when not JSON). */
  json: JsonObject;
}

/** Sends one request with `node:http` (no keep-alive) and reads the whole answer. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: JsonObject = {};
          try {
            const parsed: unknown = JSON.parse(text);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as JsonObject;
          } catch {
            json = {};
          }
          const rawHeaderNames = response.rawHeaders.filter((_, index) => index % 2 === 0);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, rawHeaderNames, text, json });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** POSTs JSON (or raw text with the given headers) with `fetch` and returns status, headers and body. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

/** Listens on 127.0.0.1, on a port the system picks, and returns that port. */
export async function listen(server: Server | NetServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Closes a server and every connection it still holds (keep-alive ones included). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

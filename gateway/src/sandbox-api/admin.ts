/**
 * (ours) The common front of the sandbox's admin endpoints under `/sandbox/`: answered only to
 * clients on this machine, never with CORS headers. Endpoints that change state (the clock) also
 * need the gateway itself to listen on loopback only, a JSON body (so a cross-site form or beacon
 * cannot send one without a preflight nobody answers) and no foreign `Origin`.
 */
import type { GatewayContext } from '../context.js';
import { readBody } from '../http/body.js';
import { envelopeResponse, isJsonContentType } from '../http/envelope.js';
import type { HttpResponse, RequestContext } from '../http/types.js';

/** Headers of every admin answer. */
export const ADMIN_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Whether a socket address is the local machine. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Whether a bind host is a loopback address. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Whether `Host` names this machine on the port the request arrived at. A page whose host name an
 * attacker re-points at 127.0.0.1 (DNS rebinding) connects from loopback, but its `Host` keeps the
 * attacker's name.
 */
export function isLoopbackHostHeader(ctx: RequestContext): boolean {
  const host = ctx.req.headers.host?.toLowerCase();
  const port = ctx.req.socket.localPort;
  if (host === undefined || port === undefined) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}

/** `ACCESS_DENIED` for a client that is not on this machine or names another host; `undefined` otherwise. */
export function refuseRemote(ctx: RequestContext): HttpResponse | undefined {
  if (!isLoopback(ctx.req.socket.remoteAddress)) {
    return envelopeResponse(403, 'ACCESS_DENIED', 'Loopback clients only.', { ...ADMIN_HEADERS });
  }
  if (!isLoopbackHostHeader(ctx)) {
    return envelopeResponse(403, 'ACCESS_DENIED', 'Host must be 127.0.0.1, localhost or [::1] with this port.', {
      ...ADMIN_HEADERS,
    });
  }
  return undefined;
}

/** `METHOD_NOT_SUPPORTED` unless the method is one of `allowed`. */
export function refuseMethod(ctx: RequestContext, allowed: readonly string[]): HttpResponse | undefined {
  if (allowed.includes(ctx.method)) return undefined;
  return envelopeResponse(405, 'METHOD_NOT_SUPPORTED', `Only ${allowed.join(', ')} is supported.`, {
    ...ADMIN_HEADERS,
    Allow: allowed.join(', '),
  });
}

/** Reads the JSON body of a state-changing admin request, or the answer that refuses it. */
export async function readAdminJson(
  ctx: RequestContext,
  context: GatewayContext,
): Promise<{ ok: true; json: unknown } | { ok: false; response: HttpResponse }> {
  const refuse = (
    status: number,
    code: 'ACCESS_DENIED' | 'MEDIA_TYPE_NOT_ACCEPTABLE' | 'PARAM_ILLEGAL',
    message: string,
  ) => ({
    ok: false as const,
    response: envelopeResponse(status, code, message, { ...ADMIN_HEADERS }),
  });
  if (!context.boundToLoopback) {
    return refuse(403, 'ACCESS_DENIED', 'The sandbox admin changes nothing while the gateway listens beyond loopback.');
  }
  const origin = ctx.req.headers['origin'];
  if (origin !== undefined && origin !== context.origin) {
    return refuse(403, 'ACCESS_DENIED', 'Requests from web pages of other origins are refused.');
  }
  if (!isJsonContentType(ctx.req.headers['content-type'])) {
    return refuse(415, 'MEDIA_TYPE_NOT_ACCEPTABLE', 'Content-Type must be application/json.');
  }
  const body = await readBody(ctx.req);
  if (!body.ok) return refuse(400, 'PARAM_ILLEGAL', 'The request body could not be read or is too large.');
  try {
    return { ok: true, json: JSON.parse(body.text) };
  } catch {
    return refuse(400, 'PARAM_ILLEGAL', 'The request body is not valid JSON.');
  }
}

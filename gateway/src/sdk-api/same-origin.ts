/**
 * The browser-facing endpoints answer only the card frame, which runs on the gateway's own
 * origin. A script on the merchant page (another origin) must not reach them: no CORS headers are
 * ever sent, and a request whose `Origin` is not the gateway's (or whose `Sec-Fetch-Site` is not
 * `same-origin`) is refused with `ACCESS_DENIED`.
 */
import type { RequestContext } from '../http/types.js';

/** Headers of every SDK JSON answer. */
export const SDK_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Whether the request comes from a document of `origin` itself. */
export function isSameOriginRequest(ctx: RequestContext, origin: string): boolean {
  const requestOrigin = ctx.req.headers['origin'];
  if (requestOrigin !== origin) return false;
  const site = ctx.req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}

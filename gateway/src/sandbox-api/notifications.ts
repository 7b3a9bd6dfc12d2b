/**
 * (ours) The notification delivery log, for developers on this machine: `GET /sandbox/notifications`
 * as JSON (optionally `?paymentId=` or `?vaultingRequestId=`), and a small page over it at `GET /sandbox/notifications.html`.
 * Answered only to loopback clients, with no CORS headers.
 */
import type { GatewayContext } from '../context.js';
import { jsonResponse } from '../http/envelope.js';
import type { HttpResponse, RouteHandler } from '../http/types.js';
import { ADMIN_HEADERS, refuseMethod, refuseRemote } from './admin.js';
import { NOTIFICATIONS_PAGE_CSS, NOTIFICATIONS_PAGE_HTML, NOTIFICATIONS_PAGE_JS } from './notifications-page.js';

/** Where the delivery log page is served, to loopback clients only. */
export const NOTIFICATIONS_PAGE_PATH = '/sandbox/notifications.html';

/** The page's Content-Security-Policy: its own script, style and JSON only; never framed. */
export const NOTIFICATIONS_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `GET /sandbox/notifications`: the delivery log as JSON, narrowed by `?paymentId=` or `?vaultingRequestId=`. */
export function notificationLogEndpoint(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    const refused = refuseRemote(ctx) ?? refuseMethod(ctx, ['GET', 'HEAD']);
    if (refused) return refused;
    const paymentId = ctx.query.get('paymentId');
    const vaultingRequestId = ctx.query.get('vaultingRequestId');
    const notifications = paymentId
      ? context.engine.notifications.forPayment(paymentId)
      : vaultingRequestId
        ? context.engine.notifications.forVaulting(vaultingRequestId)
        : context.engine.notifications.list();
    const shown = notifications.map((record) => ({ ...record, body: withoutTokens(record.body) }));
    return jsonResponse(200, { notifications: shown }, { ...ADMIN_HEADERS });
  };
}

/** Names of the fields that carry a card token in Antom's notification bodies. */
const TOKEN_FIELDS = new Set(['cardToken', 'paymentMethodId', 'token']);

/**
 * The body with every card token replaced: a token pays, so the log (a page any local process or
 * browser tab may read) shows that one was sent, never its value.
 */
export function withoutTokens(body: string): string {
  const hide = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(hide);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        key,
        TOKEN_FIELDS.has(key) && typeof field === 'string' ? '(hidden)' : hide(field),
      ]),
    );
  };
  try {
    return JSON.stringify(hide(JSON.parse(body)));
  } catch {
    return '(not JSON)';
  }
}

function staticFile(type: string, body: string, headers: Record<string, string> = {}): RouteHandler {
  return async (ctx): Promise<HttpResponse> =>
    refuseRemote(ctx) ??
    refuseMethod(ctx, ['GET', 'HEAD']) ?? {
      status: 200,
      headers: { 'Content-Type': type, 'Cache-Control': 'no-store', ...ADMIN_HEADERS, ...headers },
      body,
    };
}

/** The page and its two assets, by path. */
export function notificationPageRoutes(): Array<[string, RouteHandler]> {
  return [
    [
      NOTIFICATIONS_PAGE_PATH,
      staticFile('text/html; charset=utf-8', NOTIFICATIONS_PAGE_HTML, {
        'Content-Security-Policy': NOTIFICATIONS_PAGE_CSP,
        'X-Frame-Options': 'DENY',
      }),
    ],
    ['/sandbox/assets/notifications.js', staticFile('text/javascript; charset=utf-8', NOTIFICATIONS_PAGE_JS)],
    ['/sandbox/assets/notifications.css', staticFile('text/css; charset=utf-8', NOTIFICATIONS_PAGE_CSS)],
  ];
}

/**
 * (ours) `GET /sandbox/notifications`: the notification delivery log as JSON, for developers on
 * this machine. Answered only to loopback clients, with no CORS headers.
 */
import type { GatewayContext } from '../context.js';
import { envelopeResponse, jsonResponse } from '../http/envelope.js';
import type { RouteHandler } from '../http/types.js';

/** Whether a socket address is the local machine. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The delivery log endpoint. */
export function notificationLogEndpoint(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    if (!isLoopback(ctx.req.socket.remoteAddress))
      return envelopeResponse(403, 'ACCESS_DENIED', 'Loopback clients only.');
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      return envelopeResponse(405, 'METHOD_NOT_SUPPORTED', 'Only GET is supported.', { Allow: 'GET, HEAD' });
    }
    return jsonResponse(
      200,
      { notifications: context.engine.notifications.list() },
      { 'X-Content-Type-Options': 'nosniff' },
    );
  };
}

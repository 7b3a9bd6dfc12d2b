/**
 * `POST /sdk/v1/session` (frame -> gateway, same origin only): the public view of a session
 * (amount, merchant name, brands, capture mode, expiry). Nothing secret is answered. `origin` is
 * the page that embeds the frame (the one its `frame-ancestors` named): a session shows only on its
 * merchant's pages. Errors (ours): `SESSION_NOT_FOUND`, `SESSION_EXPIRED`, `SESSION_INVALID`.
 */
import type { SdkSessionResponse } from '#shared';
import { MAX_SESSION_DATA_LENGTH, object, string } from '#shared';
import type { GatewayContext } from '../context.js';
import { result } from '../engine/result-codes.js';
import type { RouteHandler } from '../http/types.js';
import { sdkJson, sdkJsonRoute } from './json-endpoint.js';

const sdkSessionRequest = object(
  { paymentSessionData: string({ max: MAX_SESSION_DATA_LENGTH }), origin: string({ max: 300 }) },
  { strict: true },
);

/** Handles `POST /sdk/v1/session`: the public view of the session the frame holds. */
export function sdkSession(context: GatewayContext): RouteHandler {
  return sdkJsonRoute(context, (body) => {
    const request = sdkSessionRequest.parse(body, '');
    const view = context.engine.sessionView(request.paymentSessionData, request.origin);
    const answer: SdkSessionResponse = view.ok
      ? { result: result('SUCCESS'), view: view.value }
      : { result: view.error };
    return sdkJson(answer);
  });
}

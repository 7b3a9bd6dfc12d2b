/**
 * `POST /sdk/v1/vaults` (frame -> gateway, same origin only, header `Idempotency-Key`): binds the
 * card typed in a vaulting session without paying. Same rules as `/sdk/v1/payments`: strict body,
 * messages that name fields and never values, nothing logged. The answer holds public card facts
 * only; the token reaches the merchant in `notifyVaulting` and `inquireVaulting`. When the session
 * asks for 3-D Secure, an approved card is answered `VERIFICATION_IN_PROCESS`/U with `challenge.id`
 * (see `challenges.ts`): it is bound only when the challenge completes.
 */
import type { SdkVaultResponse } from '#shared';
import { MAX_SESSION_DATA_LENGTH, object, string } from '#shared';
import type { GatewayContext } from '../context.js';
import type { RouteHandler } from '../http/types.js';
import { sdkCard } from './card-schema.js';
import { forBrowser, idempotencyKey, sdkJson, sdkJsonRoute } from './json-endpoint.js';

const sdkVaultRequest = object(
  { paymentSessionData: string({ max: MAX_SESSION_DATA_LENGTH }), card: sdkCard },
  { strict: true },
);

/** Handles `POST /sdk/v1/vaults`: binds the typed card, idempotent on `Idempotency-Key`. */
export function sdkVaults(context: GatewayContext): RouteHandler {
  return sdkJsonRoute(context, (body, ctx) => {
    const key = idempotencyKey(ctx);
    const request = sdkVaultRequest.parse(body, '');
    const outcome = context.engine.vaulting.submit({
      vaultingSessionData: request.paymentSessionData,
      idempotencyKey: key,
      card: request.card,
      clientAddress: ctx.req.socket.remoteAddress,
    });
    const answer: SdkVaultResponse = outcome.ok
      ? { ...outcome.value, result: forBrowser(outcome.value.result) }
      : { result: forBrowser(outcome.error) };
    return sdkJson(answer);
  });
}

/**
 * How a server-to-server call (`payments/pay`, `vaults/vaultPaymentMethod`) sends the buyer to the
 * issuer's 3-D Secure page: Antom answers `U` with `normalUrl` (and, for `pay`,
 * `redirectActionForm`) and the merchant redirects the buyer there (docs/antom-api.md section 3).
 * The sandbox's URL is the simulated issuer's page itself, reached by `GET` with the `creq` (ours);
 * the issuer sends the buyer back to the merchant's redirect URL once it answered.
 */
import type { GatewayContext } from '../context.js';
import { encodeChallengeRequest } from '../issuer/messages.js';
import { ACS_CHALLENGE_PATH } from '../issuer/pages.js';
import type { JsonObject } from './payment-json.js';

/** The issuer's page of an open challenge, as a URL the buyer's browser opens; `undefined` for an unknown one. */
export function challengeRedirectUrl(context: GatewayContext, challengeId: string): string | undefined {
  const challenge = context.engine.challenges.get(challengeId);
  return challenge && `${context.issuerOrigin}${ACS_CHALLENGE_PATH}?creq=${encodeChallengeRequest(challenge)}`;
}

/** Antom's `redirectActionForm` for a plain redirect: `GET` the URL, no parameters (J `model/ams/RedirectActionForm.java`). */
export function redirectActionFormJson(url: string): JsonObject {
  return { method: 'GET', redirectUrl: url, actionFormType: 'RedirectActionForm' };
}

/**
 * The 3-D Secure challenge of a vaulting or a payment, seen from the gateway's container page
 * (same origin only, strict JSON bodies, like `/sdk/v1/vaults` and `/sdk/v1/payments`):
 * - `POST /sdk/v1/challenges/start` `{ challengeId }`: the issuer's ACS URL and the `creq` the
 *   container posts to it in a 500x600 window (`windowSize` `03`).
 * - `POST /sdk/v1/challenges/complete` `{ challengeId }`: the authoritative outcome, read from what
 *   the issuer recorded, answered like `/sdk/v1/vaults` for a vaulting and like `/sdk/v1/payments`
 *   for a payment (`S` with public card facts, `F`, or `VERIFICATION_IN_PROCESS`/U while the buyer
 *   has not finished; a payment's answers name its `paymentId`). Idempotent.
 * - (ours) `POST /sdk/v1/challenges/cancel` `{ challengeId }`: the buyer left the bank's page from
 *   the checkout (the dialog's Cancel, or Escape); the challenge ends as if cancelled on the bank's
 *   page, unless the bank answered first, and the answer is `complete`'s.
 * A failure because the buyer cancelled (on the bank's page or from the checkout) carries (ours)
 * `challengeCancelled: true`, so the container can tell the element the buyer left, not a refusal.
 * Unknown ids get `ORDER_NOT_EXIST`; expired or replaced challenges `USER_PAYMENT_VERIFICATION_FAILED`.
 */
import type { ResultEnvelope, SdkChallengeOutcome } from '#shared';
import { object, string } from '#shared';
import type { GatewayContext } from '../context.js';
import { CHALLENGE_WINDOW_SIZE } from '../engine/challenges.js';
import { result } from '../engine/result-codes.js';
import type { RouteHandler } from '../http/types.js';
import { encodeChallengeRequest } from '../issuer/messages.js';
import { ACS_CHALLENGE_PATH } from '../issuer/pages.js';
import { sdkJson, sdkJsonRoute } from './json-endpoint.js';

/** Challenge ids: the alphabet and lengths the element accepts. */
export const CHALLENGE_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** Answer of `POST /sdk/v1/challenges/start`. */
export interface SdkChallengeStartResponse {
  /** `SUCCESS`/S, or why the challenge cannot start. */
  result: ResultEnvelope;
  /** Where the container posts the `creq` (the issuer's ACS), with `S`. */
  acsUrl?: string;
  /** Base64URL challenge request (no padding), with `S`. */
  creq?: string;
  /** EMV window size `03` (500x600), with `S`. */
  windowSize?: typeof CHALLENGE_WINDOW_SIZE;
}

const challengeRequest = object(
  { challengeId: string({ pattern: CHALLENGE_ID_PATTERN, rule: "must be 8 to 128 letters, digits, '-' or '_'" }) },
  { strict: true },
);

/** `POST /sdk/v1/challenges/start`. */
export function sdkChallengeStart(context: GatewayContext): RouteHandler {
  return sdkJsonRoute(context, (body) => {
    const { challengeId } = challengeRequest.parse(body, '');
    const started = context.engine.startChallenge(challengeId);
    const answer: SdkChallengeStartResponse = started.ok
      ? {
          result: result('SUCCESS'),
          acsUrl: `${context.issuerOrigin}${ACS_CHALLENGE_PATH}`,
          creq: encodeChallengeRequest(started.value),
          windowSize: CHALLENGE_WINDOW_SIZE,
        }
      : { result: started.error };
    return sdkJson(answer);
  });
}

/** `POST /sdk/v1/challenges/complete`. */
export function sdkChallengeComplete(context: GatewayContext): RouteHandler {
  return challengeOutcomeRoute(context, (challengeId) => context.engine.completeChallenge(challengeId));
}

/** (ours) `POST /sdk/v1/challenges/cancel`. */
export function sdkChallengeCancel(context: GatewayContext): RouteHandler {
  return challengeOutcomeRoute(context, (challengeId) => context.engine.leaveChallenge(challengeId));
}

/** A route answering a challenge's outcome as `end` leaves it. */
function challengeOutcomeRoute(
  context: GatewayContext,
  end: (challengeId: string) => ReturnType<GatewayContext['engine']['completeChallenge']>,
): RouteHandler {
  return sdkJsonRoute(context, async (body) => {
    const { challengeId } = challengeRequest.parse(body, '');
    const outcome = await end(challengeId);
    const answer: SdkChallengeOutcome = outcome.ok
      ? { ...outcome.value }
      : {
          result: outcome.error,
          ...(outcome.paymentId !== undefined ? { paymentId: outcome.paymentId } : {}),
          ...(outcome.paymentStatus !== undefined ? { paymentStatus: outcome.paymentStatus } : {}),
        };
    if (answer.result.resultStatus === 'F' && context.engine.challenges.get(challengeId)?.challengeCancel === true) {
      answer.challengeCancelled = true;
    }
    return sdkJson(answer);
  });
}

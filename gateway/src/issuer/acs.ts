/**
 * The simulated issuer's ACS (Access Control Server), served on its own origin by a second HTTP
 * server of the gateway process:
 * - `POST /acs/challenge` (form `creq`): the bank's page asking for the one-time code.
 * - `POST /acs/challenge/submit` (form `acsTransID`, `code`, `action` `verify`|`cancel`): a wrong
 *   code shows the page again with a named error; the right code (`Y`), the third wrong code or
 *   Cancel (`N`) send the buyer back to the gateway with `303` and a Base64URL `cres`.
 * - `GET /acs/acs.css`.
 * The ACS records its answer in the engine's challenge desk: that, not the `cres`, is authoritative.
 * Bodies are small forms read with a cap; bad input gets a plain 4xx page, never a crash.
 */
import type { GatewayContext } from '../context.js';
import type { AcsStep } from '../engine/challenges.js';
import { readBody } from '../http/body.js';
import { cssResponse, htmlResponse } from '../http/html.js';
import type { Router } from '../http/router.js';
import type { HttpResponse, RequestContext, RouteHandler } from '../http/types.js';
import { CHALLENGE_NOTIFY_PATH } from '../sdk-api/challenge-pages.js';
import { decodeChallengeRequest, encodeChallengeResponse, MAX_MESSAGE_LENGTH } from './messages.js';
import { ACS_CHALLENGE_PATH, ACS_CSS, ACS_CSS_PATH, ACS_SUBMIT_PATH, codeFormPage, messagePage } from './pages.js';

/** Largest form the ACS reads: a `creq` or a code with a transaction id fit easily. */
export const MAX_FORM_BYTES = 8 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The ACS pages' Content-Security-Policy: no script; forms post to the ACS itself and redirect to
 * the gateway; framed by the gateway's container inside the merchant's page (`'none'` when the
 * challenge is unknown).
 */
export function acsContentSecurityPolicy(
  gatewayOrigin: string,
  merchantOrigins: readonly string[] | undefined,
): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    `form-action 'self' ${gatewayOrigin}`,
    `frame-ancestors ${merchantOrigins ? [gatewayOrigin, ...merchantOrigins].join(' ') : "'none'"}`,
    "base-uri 'none'",
  ].join('; ');
}

/** Registers the ACS routes on the issuer server's router; every other path is a 404 page. */
export function registerAcsRoutes(router: Router, context: GatewayContext): void {
  router.on(ACS_CHALLENGE_PATH, acsChallenge(context));
  router.on(ACS_SUBMIT_PATH, acsSubmit(context));
  router.on(ACS_CSS_PATH, (ctx) =>
    Promise.resolve(
      ctx.method === 'GET' || ctx.method === 'HEAD'
        ? cssResponse(ACS_CSS)
        : refusal(context, 405, 'Method not allowed', 'The stylesheet answers GET only.', { Allow: 'GET, HEAD' }),
    ),
  );
  router.onPrefix('/', (ctx) =>
    Promise.resolve(refusal(context, 404, 'Page not found', `The bank has no page at ${ctx.pathname.slice(0, 100)}.`)),
  );
}

function refusal(
  context: GatewayContext,
  status: number,
  title: string,
  text: string,
  headers: Record<string, string> = {},
  merchantOrigins?: readonly string[],
): HttpResponse {
  return htmlResponse(status, messagePage(title, text), {
    'Content-Security-Policy': acsContentSecurityPolicy(context.origin, merchantOrigins),
    ...headers,
  });
}

/** Reads a url-encoded form with the ACS's checks; a refusal page when it cannot. */
async function readForm(
  context: GatewayContext,
  ctx: RequestContext,
): Promise<{ ok: true; form: URLSearchParams } | { ok: false; response: HttpResponse }> {
  if (ctx.method !== 'POST') {
    return {
      ok: false,
      response: refusal(context, 405, 'Method not allowed', 'This page answers a form POST only.', { Allow: 'POST' }),
    };
  }
  const type = ctx.req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return {
      ok: false,
      response: refusal(context, 415, 'Unsupported form', 'The bank reads url-encoded forms only.'),
    };
  }
  const body = await readBody(ctx.req, MAX_FORM_BYTES);
  if (!body.ok) {
    if (body.reason === 'ABORTED') {
      return { ok: false, response: refusal(context, 400, 'Request not read', 'The form could not be read.') };
    }
    return {
      ok: false,
      response: {
        ...refusal(context, 413, 'Form too large', `The form exceeds ${MAX_FORM_BYTES} bytes.`),
        closeConnection: !body.drained,
      },
    };
  }
  return { ok: true, form: new URLSearchParams(body.text) };
}

/** The answer to an ACS step: the code form, the redirect to the gateway, or why there is nothing to verify. */
function stepResponse(context: GatewayContext, step: AcsStep): HttpResponse {
  switch (step.kind) {
    case 'UNKNOWN':
      return refusal(context, 404, 'Verification not found', 'The bank has no verification for this request.');
    case 'CLOSED':
      return refusal(
        context,
        410,
        'Verification closed',
        step.challenge.state === 'EXPIRED'
          ? 'This verification expired. Return to the shop and try again.'
          : 'A newer attempt replaced this verification. Return to the shop.',
        {},
        step.challenge.origins,
      );
    case 'DONE': {
      const cres = encodeChallengeResponse(step.challenge, step.transStatus);
      return {
        status: 303,
        headers: {
          Location: `${context.origin}${CHALLENGE_NOTIFY_PATH}?cres=${cres}`,
          'Cache-Control': 'no-store',
          'Referrer-Policy': 'no-referrer',
        },
        body: '',
        resultCode: `ACS_${step.transStatus}`,
      };
    }
    case 'ASK':
      return htmlResponse(
        200,
        codeFormPage({
          acsTransID: step.challenge.acsTransID,
          display: step.challenge.display,
          error: step.error,
          attemptsLeft: step.attemptsLeft,
        }),
        { 'Content-Security-Policy': acsContentSecurityPolicy(context.origin, step.challenge.origins) },
      );
  }
}

/** `POST /acs/challenge`. */
function acsChallenge(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    const read = await readForm(context, ctx);
    if (!read.ok) return read.response;
    const creqText = read.form.get('creq');
    if (creqText === null || creqText === '') {
      return refusal(context, 400, 'Missing challenge request', 'The form carries no creq field.');
    }
    const creq = creqText.length <= MAX_MESSAGE_LENGTH ? decodeChallengeRequest(creqText) : undefined;
    if (!creq) {
      return refusal(
        context,
        400,
        'Unreadable challenge request',
        'The creq field is not a Base64URL challenge request.',
      );
    }
    return stepResponse(context, context.engine.challenges.acsOpen(creq.acsTransID, creq.threeDSServerTransID));
  };
}

/** `POST /acs/challenge/submit`. */
function acsSubmit(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    const read = await readForm(context, ctx);
    if (!read.ok) return read.response;
    const acsTransID = read.form.get('acsTransID') ?? '';
    if (!UUID.test(acsTransID)) {
      return refusal(context, 400, 'Unreadable form', 'The acsTransID field is missing or malformed.');
    }
    const action = read.form.get('action') ?? 'verify';
    const desk = context.engine.challenges;
    if (action === 'cancel') return stepResponse(context, desk.acsCancel(acsTransID));
    if (action !== 'verify')
      return refusal(context, 400, 'Unreadable form', 'The action field must be verify or cancel.');
    const code = (read.form.get('code') ?? '').replace(/\s+/g, '');
    return stepResponse(context, desk.acsSubmit(acsTransID, code));
  };
}

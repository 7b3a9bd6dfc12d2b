/**
 * The simulated issuer's ACS (Access Control Server), served on its own origin by a second HTTP
 * server of the gateway process:
 * - `POST /acs/challenge` (form `creq`): the bank's page asking for the one-time code, framed by
 *   the gateway's container in the element's dialog.
 * - `GET /acs/challenge?creq=` (ours): the same page reached by a full-page redirect, the
 *   `normalUrl` of a `payments/pay` or `vaults/vaultPaymentMethod` answer.
 * - `POST /acs/challenge/submit` (form `acsTransID`, `code`, `action` `verify`|`cancel`): a wrong
 *   code shows the page again with a named error; the right code (`Y`), the third wrong code or
 *   Cancel (`N`) end it. In the dialog, `303` to the gateway's notify page with a Base64URL `cres`;
 *   after a redirect, the payment or vaulting is completed at once (as a real ACS tells the 3DS
 *   server, whatever the browser does next) and `303` to the merchant's redirect URL.
 * - `GET /acs/acs.css`.
 * The ACS records its answer in the engine's challenge desk: that, not the `cres`, is authoritative.
 * Bodies are small forms read with a cap; bad input gets a plain 4xx page, never a crash.
 */
import { localeFromAcceptLanguage } from '#shared';
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
 * the gateway, or (after a full-page redirect) to the merchant's return origin, which Chromium
 * checks a form's redirect against; framed by the gateway's container inside the merchant's page
 * (`'none'` when the challenge is unknown).
 */
export function acsContentSecurityPolicy(
  gatewayOrigin: string,
  merchantOrigins: readonly string[] | undefined,
  returnOrigin?: string,
): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    `form-action 'self' ${gatewayOrigin}${returnOrigin === undefined ? '' : ` ${returnOrigin}`}`,
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
  returnUrl?: string,
): HttpResponse {
  return htmlResponse(status, messagePage(title, text, returnUrl), {
    'Content-Security-Policy': acsContentSecurityPolicy(context.origin, merchantOrigins),
    ...headers,
  });
}

/** The origin of a challenge's return URL, which its code form may redirect to. */
function returnOriginOf(returnUrl: string | undefined): string | undefined {
  return returnUrl === undefined ? undefined : new URL(returnUrl).origin;
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

/**
 * The answer to an ACS step: the code form, the redirect to the gateway (or, after a full-page
 * redirect, to the merchant once the engine completed the challenge), or why there is nothing to verify.
 */
async function stepResponse(context: GatewayContext, step: AcsStep, ctx: RequestContext): Promise<HttpResponse> {
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
        step.challenge.returnUrl,
      );
    case 'DONE': {
      const { returnUrl } = step.challenge;
      if (returnUrl !== undefined) {
        // Completing is idempotent and never rejects with a refusal; a failure leaves the challenge
        // to its expiry, which fails the payment or vaulting and notifies the merchant.
        await context.engine.completeChallenge(step.challenge.id).catch(() => undefined);
        return {
          status: 303,
          headers: { Location: returnUrl, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
          body: '',
          resultCode: `ACS_${step.transStatus}`,
        };
      }
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
          locale: localeFromAcceptLanguage(ctx.req.headers['accept-language']),
        }),
        {
          'Content-Security-Policy': acsContentSecurityPolicy(
            context.origin,
            step.challenge.origins,
            returnOriginOf(step.challenge.returnUrl),
          ),
          'Referrer-Policy': 'no-referrer',
        },
      );
  }
}

/** `POST /acs/challenge` (the dialog's frame), and `GET /acs/challenge?creq=` (a full-page redirect). */
function acsChallenge(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    let creqText: string | null;
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      creqText = ctx.query.get('creq');
    } else if (ctx.method !== 'POST') {
      return refusal(context, 405, 'Method not allowed', 'This page answers GET with a creq, or a form POST.', {
        Allow: 'GET, HEAD, POST',
      });
    } else {
      const read = await readForm(context, ctx);
      if (!read.ok) return read.response;
      creqText = read.form.get('creq');
    }
    if (creqText === null || creqText === '') {
      return refusal(
        context,
        400,
        'Missing challenge request',
        ctx.method === 'POST' ? 'The form carries no creq field.' : 'The link carries no creq.',
      );
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
    return await stepResponse(
      context,
      context.engine.challenges.acsOpen(creq.acsTransID, creq.threeDSServerTransID),
      ctx,
    );
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
    if (action === 'cancel') return await stepResponse(context, desk.acsCancel(acsTransID), ctx);
    if (action !== 'verify')
      return refusal(context, 400, 'Unreadable form', 'The action field must be verify or cancel.');
    const code = (read.form.get('code') ?? '').replace(/\s+/g, '');
    return await stepResponse(context, desk.acsSubmit(acsTransID, code), ctx);
  };
}

/**
 * The gateway-origin pages of a 3-D Secure challenge:
 * - `GET /sdk/v1/challenge?id=<challengeId>&locale=<l>`: the container the element's dialog frames
 *   (`challenge.html` of the frame build). It may be framed by the session's merchant origins only;
 *   it frames the issuer's ACS and posts the `creq` there.
 * - `GET /sdk/v1/challenges/notify?cres=<...>`: where the issuer sends the buyer back; a static
 *   page without script. The container sees it load and asks `/sdk/v1/challenges/complete`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GatewayContext } from '../context.js';
import { cssResponse, escapeHtml, htmlResponse } from '../http/html.js';
import type { HttpResponse, RouteHandler } from '../http/types.js';
import { decodeChallengeResponse } from '../issuer/messages.js';
import { CHALLENGE_ID_PATTERN } from './challenges.js';

/** Where the 3-D Secure container page is served; the element frames it in its dialog. */
export const CHALLENGE_PAGE_PATH = '/sdk/v1/challenge';

/** Path of the page the issuer sends the buyer back to. */
export const CHALLENGE_NOTIFY_PATH = '/sdk/v1/challenges/notify';

/** Where the notify page's stylesheet is served. */
export const CHALLENGE_NOTIFY_CSS_PATH = '/sdk/v1/challenges/notify.css';

const frameAncestors = (origins: readonly string[]): string =>
  `frame-ancestors ${origins.length > 0 ? origins.join(' ') : "'none'"}`;

/**
 * The container's Content-Security-Policy. `frame-src` holds the gateway itself besides the
 * issuer: Chromium checks a child frame's every navigation (the ACS's redirect back to the notify
 * page included) against the parent's `frame-src`.
 */
export function challengeContentSecurityPolicy(issuerOrigin: string, ancestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${issuerOrigin} 'self'`,
    `form-action ${issuerOrigin}`,
    "base-uri 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    frameAncestors(ancestors),
  ].join('; ');
}

/**
 * The notify page's Content-Security-Policy. It is framed by the container (the gateway) inside
 * the merchant's page, so `ancestors` are the gateway and the merchant origins (`'none'` when empty).
 */
export function notifyContentSecurityPolicy(ancestors: readonly string[]): string {
  return ["default-src 'none'", "style-src 'self'", frameAncestors(ancestors)].join('; ');
}

const methodNotAllowed = (): HttpResponse =>
  htmlResponse(405, page('Method not allowed', 'This page answers GET only.'), {
    Allow: 'GET, HEAD',
    'Content-Security-Policy': notifyContentSecurityPolicy([]),
  });

/** `GET /sdk/v1/challenge`. */
export function challengePage(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return methodNotAllowed();
    const id = ctx.query.get('id') ?? '';
    const challenge = CHALLENGE_ID_PATTERN.test(id) ? context.engine.challenges.get(id) : undefined;
    const open = challenge && challenge.state !== 'EXPIRED' && challenge.state !== 'SUPERSEDED';
    const refused = (status: number, text: string): HttpResponse =>
      htmlResponse(status, page('Verification unavailable', text), {
        'Content-Security-Policy': challengeContentSecurityPolicy(context.issuerOrigin, []),
      });
    if (!open) return refused(404, 'This verification does not exist or has expired.');
    let html: Buffer;
    try {
      html = await readFile(join(context.frameDir, 'challenge.html'));
    } catch {
      return refused(503, 'The challenge page is not built: run `npm run build`.');
    }
    return htmlResponse(200, html, {
      'Content-Security-Policy': challengeContentSecurityPolicy(context.issuerOrigin, challenge.origins),
    });
  };
}

/** `GET /sdk/v1/challenges/notify`. */
export function challengeNotifyPage(context: GatewayContext): RouteHandler {
  return (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return Promise.resolve(methodNotAllowed());
    const cres = decodeChallengeResponse(ctx.query.get('cres') ?? '');
    const challenge = cres && context.engine.challenges.getByServerTransID(cres.threeDSServerTransID);
    if (!challenge || challenge.acsTransID !== cres.acsTransID) {
      return Promise.resolve(
        htmlResponse(400, page('Verification answer unreadable', 'The answer of the bank could not be read.'), {
          'Content-Security-Policy': notifyContentSecurityPolicy([]),
        }),
      );
    }
    const merchant = challenge.display.merchantName;
    return Promise.resolve(
      htmlResponse(200, page(`Returning to ${merchant}`, `Returning to ${merchant}…`), {
        'Content-Security-Policy': notifyContentSecurityPolicy([context.origin, ...challenge.origins]),
      }),
    );
  };
}

/** `GET /sdk/v1/challenges/notify.css`. */
export function challengeNotifyCss(): RouteHandler {
  return (ctx) =>
    Promise.resolve(
      ctx.method === 'GET' || ctx.method === 'HEAD'
        ? cssResponse(NOTIFY_CSS)
        : htmlResponse(405, page('Method not allowed', 'GET only.'), { Allow: 'GET, HEAD' }),
    );
}

/** A small page with a heading and one paragraph (both escaped). */
function page(title: string, text: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${CHALLENGE_NOTIFY_CSS_PATH}">
</head>
<body>
<main>
<h1>${escapeHtml(text)}</h1>
</main>
</body>
</html>
`;
}

const NOTIFY_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; display: grid; place-items: center; min-height: 100vh; }
main { padding: 16px; text-align: center; }
h1 { font-size: 1.125rem; font-weight: 500; margin: 0; }
`;

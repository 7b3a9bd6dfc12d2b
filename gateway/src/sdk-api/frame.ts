/**
 * The secure card frame page and its static assets (built by `vite build --mode frame` into
 * `dist/frame`). The page names no session (ours): the element loads it while it fetches the session,
 * then hands the session over the channel. It may be framed only by the one origin its URL names
 * (`frame-ancestors`), so the origin the frame reports is the page's own; it shows nothing until it
 * has a session, and the session view (`sdk-api/session.ts`) shows a session only inside a page its
 * merchant registered. A malformed origin gets `frame-ancestors 'none'` and a 404.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GatewayContext } from '../context.js';
import { textResponse } from '../http/envelope.js';
import type { HttpResponse, RouteHandler } from '../http/types.js';

/** Where the card frame page is served, e.g. `/sdk/v1/frame?origin=https%3A%2F%2Fshop.example&locale=en_US`. */
export const FRAME_PATH = '/sdk/v1/frame';

/** Path prefix of the frame's assets. */
export const ASSETS_PREFIX = '/sdk/v1/assets/';

/** An origin as `URL.origin` writes it: http(s), host, optional port, nothing else. */
const ORIGIN_PATTERN = /^https?:\/\/[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$/;

/** Asset names: one path segment, no leading dot, a known extension. */
const ASSET_NAME_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(js|mjs|css|svg|png|webp|ico|woff2|woff|json|map)$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/** The frame page's Content-Security-Policy for a list of framing origins (`'none'` when empty). */
export function frameContentSecurityPolicy(ancestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    // No HTML or script from strings anywhere in the frame: the browser enforces it.
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    `frame-ancestors ${ancestors.length > 0 ? ancestors.join(' ') : "'none'"}`,
  ].join('; ');
}

function documentHeaders(ancestors: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': frameContentSecurityPolicy(ancestors),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

const methodNotAllowed = (): HttpResponse => textResponse(405, 'Method not allowed.', { Allow: 'GET, HEAD' });

/** `GET /sdk/v1/frame?origin=<the embedding page's origin>&locale=<l>`. */
export function framePage(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return methodNotAllowed();
    const origin = ctx.query.get('origin') ?? '';
    if (!ORIGIN_PATTERN.test(origin))
      return textResponse(404, 'The frame needs the origin of the page that embeds it.', documentHeaders([]));
    const ancestors = [origin];
    let html: Buffer;
    try {
      html = await readFile(join(context.frameDir, 'frame.html'));
    } catch {
      return textResponse(503, 'The card frame page is not built: run `npm run build`.', documentHeaders([]));
    }
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...documentHeaders(ancestors) },
      body: html,
    };
  };
}

/** `GET /sdk/v1/assets/<file>`: hashed, immutable build output. */
export function frameAssets(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return methodNotAllowed();
    const name = ctx.pathname.slice(ASSETS_PREFIX.length);
    const extension = ASSET_NAME_PATTERN.exec(name)?.[1];
    if (!extension || name.includes('..'))
      return textResponse(404, 'Not found.', { 'X-Content-Type-Options': 'nosniff' });
    let content: Buffer;
    try {
      content = await readFile(join(context.frameDir, 'assets', name));
    } catch {
      return textResponse(404, 'Not found.', { 'X-Content-Type-Options': 'nosniff' });
    }
    return {
      status: 200,
      headers: {
        'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Resource-Policy': 'same-origin',
        'Cache-Control': 'public, max-age=31536000, immutable',
      },
      body: content,
    };
  };
}

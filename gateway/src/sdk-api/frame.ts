/**
 * The secure card frame page and its static assets (built by `vite build --mode frame` into
 * `dist/frame`). The page names no session (ours): the element loads it while it fetches the session,
 * then hands the session over the channel. It may be framed only by the one origin its URL names
 * (`frame-ancestors`), so the origin the frame reports is the page's own; it shows nothing until it
 * has a session, and the session view (`sdk-api/session.ts`) shows a session only inside a page its
 * merchant registered. A malformed origin gets `frame-ancestors 'none'` and a 404.
 *
 * (ours) The page comes with its script and stylesheet inlined, allowed by their SHA-256 in its
 * CSP: the frame starts as soon as its page arrives, with no second round trip for its files. The
 * same files stay under `/sdk/v1/assets/` (the 3-D Secure page, and a page whose files cannot be
 * inlined, load them from there).
 */
import { createHash } from 'node:crypto';
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
export function frameContentSecurityPolicy(ancestors: readonly string[], inlined: InlinedHashes = NO_INLINED): string {
  const allowed = (hashes: readonly string[]): string => ["'self'", ...hashes.map((hash) => `'sha256-${hash}'`)].join(' ');
  return [
    "default-src 'none'",
    `script-src ${allowed(inlined.scripts)}`,
    `style-src ${allowed(inlined.styles)}`,
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

/** SHA-256 (base64) of the scripts and stylesheets a page carries inline. */
export interface InlinedHashes {
  /** Of each inline script's text. */
  scripts: readonly string[];
  /** Of each inline stylesheet's text. */
  styles: readonly string[];
}

const NO_INLINED: InlinedHashes = { scripts: [], styles: [] };

/** The built page with its own script and stylesheet inlined, and their hashes. */
interface InlinedPage {
  html: Buffer;
  hashes: InlinedHashes;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

const SCRIPT_TAG = /<script type="module" crossorigin src="\/sdk\/v1\/assets\/([A-Za-z0-9_-]+\.js)"><\/script>/g;
const STYLESHEET_TAG = /<link rel="stylesheet" crossorigin href="\/sdk\/v1\/assets\/([A-Za-z0-9_-]+\.css)">/g;

/**
 * `html` with each of its own module scripts and stylesheets inlined. A file that cannot be read,
 * or whose text would end its element early, keeps its tag (and loads from `/sdk/v1/assets/`).
 */
async function inlineAssets(html: string, assetsDir: string): Promise<InlinedPage> {
  const scripts: string[] = [];
  const styles: string[] = [];
  const read = (name: string): Promise<string | undefined> =>
    readFile(join(assetsDir, name), 'utf8').catch(() => undefined);
  const names = [...html.matchAll(SCRIPT_TAG), ...html.matchAll(STYLESHEET_TAG)].map((match) => match[1]!);
  const texts = new Map(await Promise.all(names.map(async (name) => [name, await read(name)] as const)));
  const inlined = html
    .replace(SCRIPT_TAG, (tag, name: string) => {
      const text = texts.get(name);
      if (text === undefined || /<\/script/i.test(text)) return tag;
      scripts.push(sha256(text));
      return `<script type="module">${text}</script>`;
    })
    .replace(STYLESHEET_TAG, (tag, name: string) => {
      const text = texts.get(name);
      if (text === undefined || /<\/style/i.test(text)) return tag;
      styles.push(sha256(text));
      return `<style>${text}</style>`;
    });
  return { html: Buffer.from(inlined, 'utf8'), hashes: { scripts, styles } };
}

/** The last page built, by its folder and text: its files are named by their content, so it stays valid. */
let lastInlined: { key: string; page: Promise<InlinedPage> } | undefined;

function inlinedPage(source: string, assetsDir: string): Promise<InlinedPage> {
  const key = `${assetsDir}\u0000${source}`;
  if (lastInlined?.key !== key) lastInlined = { key, page: inlineAssets(source, assetsDir) };
  return lastInlined.page;
}

function documentHeaders(ancestors: readonly string[], inlined: InlinedHashes = NO_INLINED): Record<string, string> {
  return {
    'Content-Security-Policy': frameContentSecurityPolicy(ancestors, inlined),
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
    let source: string;
    try {
      source = await readFile(join(context.frameDir, 'frame.html'), 'utf8');
    } catch {
      return textResponse(503, 'The card frame page is not built: run `npm run build`.', documentHeaders([]));
    }
    const page = await inlinedPage(source, join(context.frameDir, 'assets'));
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...documentHeaders(ancestors, page.hashes) },
      body: page.html,
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

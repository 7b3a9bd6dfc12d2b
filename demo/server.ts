/**
 * The demo merchant: a small shop built only on the public pieces (the element's script bundle and
 * `antom-card-checkout/server`). It creates payment sessions, receives Antom's notifications, keeps
 * orders that only verified notifications or its own inquiries change, and serves an orders console
 * (`/orders`) whose capture, cancel and refund buttons call Antom through the client. The one demo
 * buyer's wallet keeps the card tokens verified notifications bring (a payment with consent, or a
 * binding on the "My cards" page, `/cards`); checkouts offer them, and the browser never sees one.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  AntomError,
  isSucceeded,
  MINOR_UNIT_EXCEPTIONS,
  NOTIFICATION_ACK,
  parseNotification,
  type AntomClient,
  type AntomNotification,
} from 'antom-card-checkout/server';
import { parseApiPayment, runApiPayment } from './api-payment.js';
import { openDatabase, type Database } from './db.js';
import { DesignFaults, parseArmRequest } from './design-faults.js';
import { BodyTooLargeError, crossSiteReason, isJson, isOwnHost, readBody, sendError, sendJson } from './http.js';
import { confirmByInquiry, parseActionInput, runAction, shopRefusal, type ActionAnswer } from './order-actions.js';
import { allowedActions, OrderStore, type Order, type OrderActionKind } from './orders.js';
import { packageRoot } from './paths.js';
import { parseSessionRequest } from './session-request.js';
import { moduleEntry, scriptTagPage } from './script-tag.js';
import {
  createVaultSession,
  parseRemoveRequest,
  parseVaultSessionRequest,
  removeSessionCard,
  removeWalletCard,
  VaultingRequests,
  walletError,
  walletView,
  type WalletAnswer,
} from './wallet-api.js';
import { savedCardOfPayment, savedCardOfVaulting, Wallet, type NewWalletCard } from './wallet.js';

/** What `startDemo` needs: an Antom client, plus where to listen and what to serve. */
export interface DemoOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; `0` picks a free one. Default 4173. */
  port?: number;
  /** Origin buyers use, for `paymentRedirectUrl` and `paymentNotifyUrl`. Default `http://localhost:<port>`. */
  publicOrigin?: string;
  /** Client for the merchant's Antom account (or the sandbox gateway). */
  client: AntomClient;
  /**
   * `merchantAccountId` of the token calls (removing a saved card), as Antom Dashboard shows it.
   * Default: the client id, which the sandbox gateway accepts like any other value.
   */
  merchantAccountId?: string;
  /** Origin serving the card frame, allowed in the pages' `frame-src`. Default: the client's endpoint. */
  gatewayOrigin?: string;
  /**
   * Live mode: the client talks to Antom itself, whose sessions the element hands to Antom's Web SDK
   * in this environment. The pages then carry `environment` and a CSP that lets the SDK work.
   */
  antomEnvironment?: 'sandbox' | 'prod';
  /** Package root holding `dist/cdn/` and `demo/pages/`. Default: found from this file's location. */
  staticRoot?: string;
  /** The React and Vue shops' build (`vite build --mode apps`). Default `<staticRoot>/dist/demo-apps`. */
  appsDir?: string;
  /** Receives one line per request (method, path, status, ms). Default `console.log`. */
  log?: (line: string) => void;
  /**
   * The shop's clock, against which it reads `authExpiryTime`. Default: the wall clock. Against the
   * sandbox, pass the gateway's clock so that moving it (the clock admin, tests) moves the shop's too.
   */
  now?: () => Date;
  /**
   * How often the shop inquires about authorizations past their `authExpiryTime`, which Antom
   * releases without a notification. Default 60000 ms.
   */
  releaseCheckIntervalMs?: number;
  /**
   * The shop's database (`openDatabase`), which the caller closes. Default: an in-memory PGlite,
   * closed with the shop; `npm run demo` passes the one under `.sandbox/demo-db` or `DATABASE_URL`.
   */
  database?: Database;
  /** Whether the merchant's Antom account allows partial capture (the console offers it only then). Default false. */
  partialCapture?: boolean;
  /** Most checkout sessions one client address may create per window. Default `DEFAULT_SESSION_LIMIT`. */
  sessionLimit?: SessionLimit;
  /** How long an unpaid order outlives its session. Default `DEFAULT_UNPAID_GRACE_MS` (orders.ts). */
  unpaidGraceMs?: number;
  /**
   * (ours) Loopback origin of a sandbox gateway started with fault injection: the design review
   * (`/design`) arms its faults there to show submitting and processing (design-faults.ts). Default:
   * none, and the review says how to see those states.
   */
  designFaultsOrigin?: string;
}

/** At most `max` checkout sessions (orders) per client address in any `windowMs`. */
export interface SessionLimit {
  /** Sessions allowed in one window. */
  max: number;
  /** The window, in milliseconds of the shop's clock. */
  windowMs: number;
}

/** Default of `DemoOptions.sessionLimit`: 60 sessions per client address in 10 minutes. */
export const DEFAULT_SESSION_LIMIT: SessionLimit = { max: 60, windowMs: 10 * 60 * 1000 };

/** An order as the API shows it: the stored order, and what the console may offer for it now. */
export type OrderView = Order & {
  /** The calls the order's state and the merchant's settings allow. */
  allowedActions: OrderActionKind[];
  /** Whether a capture may name less than the order's amount (the merchant's partial capture setting). */
  partialCapture: boolean;
};

/** A running demo shop and the state tests inspect: its orders and the buyer's wallet. */
export interface RunningDemo {
  /** The public origin, e.g. `http://localhost:4173`. */
  origin: string;
  /** The port it listens on, the one the OS picked when `port` was `0`. */
  port: number;
  /** The shop's orders, in its database. */
  orders: OrderStore;
  /** The demo buyer's saved cards. */
  wallet: Wallet;
  /** The shop's database. */
  database: Database;
  /** Stops listening and closes open connections (and the database the shop opened itself). */
  close(): Promise<void>;
}

/** Path Antom posts notifications to. */
export const NOTIFY_PATH = '/api/antom/notify';

const SESSION_BODY_LIMIT = 4 * 1024;

/** Most orders the console lists, newest first. */
const CONSOLE_ORDERS = 500;
const ACTION_BODY_LIMIT = 4 * 1024;

/** Default of `DemoOptions.releaseCheckIntervalMs`. */
export const DEFAULT_RELEASE_CHECK_INTERVAL_MS = 60_000;
const NOTIFY_BODY_LIMIT = 64 * 1024;

const DESIGN_FAULTS_OFF = 'the design review needs a sandbox gateway started with --faults (loopback only)';

/** Id the shop gives Antom for its one demo buyer (saved cards belong to a buyer). */
export const DEMO_BUYER_ID = 'demo_buyer_1';

/**
 * The shop's static pages. `ownFrames`: the page frames pages of this shop (the design review's
 * challenge cells), so its CSP adds `'self'` to `frame-src` and it may be framed by its own origin.
 */
const PAGES: Record<string, { file: string; type: string; ownFrames?: true }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/cards': { file: 'cards.html', type: 'text/html; charset=utf-8' },
  '/cards.js': { file: 'cards.js', type: 'text/javascript; charset=utf-8' },
  '/cards.css': { file: 'cards.css', type: 'text/css; charset=utf-8' },
  '/checkout/result': { file: 'result.html', type: 'text/html; charset=utf-8' },
  '/checkout/api': { file: 'api-checkout.html', type: 'text/html; charset=utf-8' },
  '/api-checkout.js': { file: 'api-checkout.js', type: 'text/javascript; charset=utf-8' },
  '/orders': { file: 'orders.html', type: 'text/html; charset=utf-8' },
  '/orders.js': { file: 'orders.js', type: 'text/javascript; charset=utf-8' },
  '/orders.css': { file: 'orders.css', type: 'text/css; charset=utf-8' },
  '/checkout.js': { file: 'checkout.js', type: 'text/javascript; charset=utf-8' },
  '/shared.js': { file: 'shared.js', type: 'text/javascript; charset=utf-8' },
  '/money.js': { file: 'money.js', type: 'text/javascript; charset=utf-8' },
  '/result.js': { file: 'result.js', type: 'text/javascript; charset=utf-8' },
  '/script-tag.js': { file: 'script-tag.js', type: 'text/javascript; charset=utf-8' },
  '/checkout.css': { file: 'checkout.css', type: 'text/css; charset=utf-8' },
  '/design': { file: '../../index.html', type: 'text/html; charset=utf-8', ownFrames: true },
  '/design.css': { file: 'design.css', type: 'text/css; charset=utf-8' },
  '/design.js': { file: 'design.js', type: 'text/javascript; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
  '/product.svg': { file: 'product.svg', type: 'image/svg+xml' },
};

/**
 * `/minor-units.js`: the package's table of minor units as a module the pages import (through
 * `money.js`), so they format amounts with the same ISO 4217 decimals as the element.
 */
const MINOR_UNITS_MODULE =
  '// Generated by the shop from antom-card-checkout/server: ISO 4217 decimals that are not 2.\n' +
  `export const MINOR_UNIT_EXCEPTIONS = ${JSON.stringify(MINOR_UNIT_EXCEPTIONS)};\n`;

const ASSET = /^\/assets\/([A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}\.js)$/;
const ORDER_PATH = /^\/api\/orders\/([A-Za-z0-9_]{1,64})(?:\/(inquiry|capture|cancel|refund))?$/;
const WALLET_CARD_PATH = /^\/api\/wallet\/cards\/([A-Za-z0-9_]{1,64})\/remove$/;
const DESIGN_FAULT_PATH = /^\/api\/design\/faults\/(fault-\d{1,9})$/;

/** The framework shops (/react, /vue): their pages and the policies their framework creates under Trusted Types. */
const APP_PAGES: Record<string, { file: string; trustedTypes: string }> = {
  '/react': { file: 'react/index.html', trustedTypes: 'lit-html' },
  // Vue's runtime creates a policy named `vue` when it loads (for static template content).
  '/vue': { file: 'vue/index.html', trustedTypes: 'lit-html vue' },
};
const APP_ASSET = /^\/apps\/assets\/([A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}\.(js|css))$/;

const ACTIONS: Record<string, OrderActionKind> = { capture: 'CAPTURE', cancel: 'CANCEL', refund: 'REFUND' };

/** An instant as Antom writes times: ISO 8601 to the second, with an offset. */
function antomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function originOf(value: string, option: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // fall through to the named error
  }
  throw new TypeError(`startDemo: options.${option} must be an http(s) origin`);
}

/**
 * The Content-Security-Policy of the demo pages: a strict one, as a careful merchant would set. The
 * gateway is the only frame source; Trusted Types are enforced, with Lit's own policy the only one.
 */
export function pageCsp(gatewayOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `frame-src ${gatewayOrigin}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

/**
 * What Antom's Web SDK 1.47 needs from a page's CSP (docs/antom-api.md section 10): its hosted card
 * pages in frames, its session query, risk and configuration hosts, its tracker script, and inline
 * `<style>` elements it adds. It writes `innerHTML`, so Trusted Types cannot be enforced with it.
 */
export const ANTOM_SDK_CSP = {
  'frame-src': ['https://ac.alipay.com', 'https://checkout.antom.com'],
  'connect-src': [
    'https://imgs-sea-global.alipay.com',
    'https://imgs-na-global.alipay.com',
    'https://imgs-de-global.alipay.com',
    'https://open-sea-global.alipay.com',
    'https://open-na-global.alipay.com',
    'https://open-de-global.alipay.com',
    'https://config.marmot-cloud.com',
    'https://imdap-sea.alipay.com',
    'https://gw.alipayobjects.com',
  ],
  'script-src': ['https://gw.alipayobjects.com'],
  'style-src': ["'unsafe-inline'"],
  'img-src': ['https://gw.alipayobjects.com', 'https://cdn.marmot-cloud.com'],
} as const;

/** The demo pages' CSP in live mode: the strict one, widened only as far as Antom's Web SDK needs. */
export function liveCsp(): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${ANTOM_SDK_CSP['script-src'].join(' ')}`,
    `style-src 'self' ${ANTOM_SDK_CSP['style-src'].join(' ')}`,
    `frame-src ${ANTOM_SDK_CSP['frame-src'].join(' ')}`,
    `connect-src 'self' ${ANTOM_SDK_CSP['connect-src'].join(' ')}`,
    `img-src 'self' data: ${ANTOM_SDK_CSP['img-src'].join(' ')}`,
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The client address a session counts against: the peer, since the demo trusts no forwarding header. */
function clientAddressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** Starts the demo shop's HTTP server; resolves once it listens. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const client = options.client;
  const tokenOwner = { client, merchantAccountId: options.merchantAccountId ?? client.clientId };
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 4173;
  const log = options.log ?? ((line: string) => console.log(line));
  const root = options.staticRoot ?? packageRoot(import.meta.url);
  const pagesDir = join(root, 'demo', 'pages');
  const assetsDir = join(root, 'dist', 'cdn');
  const appsDir = options.appsDir ?? join(root, 'dist', 'demo-apps');
  const live = options.antomEnvironment;
  // Offline, the pages pin the sandbox gateway: a tampered session cannot point the element elsewhere.
  const gatewayPin = live ? null : originOf(options.gatewayOrigin ?? client.endpoint, 'gatewayOrigin');
  const csp = gatewayPin ? pageCsp(gatewayPin) : liveCsp();
  const fixedOrigin = options.publicOrigin === undefined ? undefined : originOf(options.publicOrigin, 'publicOrigin');
  const now = options.now ?? (() => new Date());
  const designFaults =
    options.designFaultsOrigin === undefined
      ? undefined
      : new DesignFaults(originOf(options.designFaultsOrigin, 'designFaultsOrigin'));
  const ownDatabase = options.database === undefined;
  const database = options.database ?? (await openDatabase());
  const orders = new OrderStore(database, {
    now,
    ...(options.unpaidGraceMs !== undefined ? { unpaidGraceMs: options.unpaidGraceMs } : {}),
  });
  const partialCapture = options.partialCapture ?? false;
  const sessionLimit = options.sessionLimit ?? DEFAULT_SESSION_LIMIT;
  const orderView = (order: Order): OrderView => ({
    ...order,
    allowedActions: allowedActions(order, { partialCapture }),
    partialCapture,
  });
  const releaseCheckIntervalMs = options.releaseCheckIntervalMs ?? DEFAULT_RELEASE_CHECK_INTERVAL_MS;
  if (!Number.isFinite(releaseCheckIntervalMs) || releaseCheckIntervalMs <= 0) {
    throw new TypeError('startDemo: options.releaseCheckIntervalMs must be a positive number');
  }
  const wallet = new Wallet(database, { now });
  const vaultings = new VaultingRequests(database, { now });
  let publicOrigin = fixedOrigin ?? '';
  // Origins the shop's own pages run on; anything else is another site (or a rebound host name).
  let ownOrigins: string[] = [];

  /** Refuses a state-changing request from another site; `true` when it was refused. */
  function refusedCrossSite(req: IncomingMessage, res: ServerResponse, what: string): boolean {
    const reason = crossSiteReason(req, ownOrigins);
    if (reason === undefined) return false;
    sendError(res, 403, 'CROSS_SITE_REQUEST', `only the shop's own pages may ${what} (${reason})`);
    return true;
  }

  async function serveFile(
    res: ServerResponse,
    path: string,
    type: string,
    html: boolean,
    ownFrames = false,
  ): Promise<void> {
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch {
      sendError(res, 404, 'NOT_FOUND', html ? 'page not found' : 'file not found; run `npm run build` first');
      return;
    }
    // The pages name the build `antom-card-checkout.js`; they get the versioned file it is now. (Not
    // an alias on the asset route: the lazy chunks import the entry by its real name, and a module
    // loaded under two URLs runs twice.)
    const entry = html ? await moduleEntry(assetsDir) : null;
    if (entry)
      content = Buffer.from(content.toString('utf8').replaceAll('/assets/antom-card-checkout.js', `/assets/${entry}`));
    sendFile(res, content, type, html, undefined, ownFrames);
  }

  /**
   * Sends a file; a page gets the shop's CSP, plus `scriptSource` in `script-src` when given, and with
   * `ownFrames` frames of (and framing by) this shop's own pages.
   */
  function sendFile(
    res: ServerResponse,
    content: Buffer,
    type: string,
    html: boolean,
    scriptSource?: string,
    ownFrames = false,
  ): void {
    // Live, every checkout on the pages names Antom's environment: the element refuses to guess it.
    if (html) {
      const pin = live ? `environment="${live}"` : `gateway-origin="${gatewayPin ?? ''}"`;
      content = Buffer.from(
        content.toString('utf8').replaceAll('<antom-card-checkout ', `<antom-card-checkout ${pin} `),
      );
    }
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': content.length,
      'cache-control': 'no-cache',
    };
    if (html) {
      let policy = scriptSource ? csp.replace("script-src 'self'", `script-src 'self' ${scriptSource}`) : csp;
      if (ownFrames) policy = `${policy.replace('frame-src ', "frame-src 'self' ")}; frame-ancestors 'self'`;
      headers['content-security-policy'] = policy;
      headers['x-frame-options'] = ownFrames ? 'SAMEORIGIN' : 'DENY';
    }
    res.writeHead(200, headers);
    res.end(content);
  }

  /**
   * A framework shop's page: the pages' CSP with the app's Trusted Types policies, and in live mode
   * Antom's environment in a meta tag, which the app hands to the element it renders.
   */
  async function serveAppPage(res: ServerResponse, file: string, trustedTypes: string): Promise<void> {
    let html: string;
    try {
      html = await readFile(join(appsDir, file), 'utf8');
    } catch {
      sendError(res, 404, 'NOT_FOUND', 'page not found; run `npm run build` first');
      return;
    }
    const meta = live
      ? `<meta name="antom-environment" content="${live}" />`
      : `<meta name="antom-gateway-origin" content="${gatewayPin ?? ''}" />`;
    html = html.replace('<head>', `<head>\n    ${meta}`);
    const body = Buffer.from(html);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-cache',
      'content-security-policy': live ? csp : csp.replace(/trusted-types [^;]+$/, `trusted-types ${trustedTypes}`),
      'x-frame-options': 'DENY',
    });
    res.end(body);
  }

  /**
   * Reads an optional JSON body: `{ body }` (`undefined` for an empty one), or `undefined` after
   * answering 415 or 400.
   */
  async function readJson(
    req: IncomingMessage,
    res: ServerResponse,
    limit: number,
  ): Promise<{ body: unknown } | undefined> {
    const text = await readBody(req, limit);
    if (text.trim() === '') return { body: undefined };
    if (!isJson(req)) {
      sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
      return undefined;
    }
    try {
      return { body: JSON.parse(text) };
    } catch {
      sendError(res, 400, 'INVALID_REQUEST', 'body is not valid JSON');
      return undefined;
    }
  }

  async function createSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJson(req, res, SESSION_BODY_LIMIT);
    if (!read) return;
    const parsed = parseSessionRequest(read.body);
    if (!parsed.ok) {
      sendError(res, 400, 'INVALID_REQUEST', parsed.message);
      return;
    }
    const { amount, captureMode, savedCardCvc, threeDS, savedCards, expiresInSeconds } = parsed.value;
    if (await refusedOverLimit(req, res)) return;
    const order = await orders.create({ amount, captureMode, clientAddress: clientAddressOf(req) });
    // The exact list sent is remembered with the session: the browser names a card by its position.
    const tokens = savedCards ? await wallet.tokens() : [];
    try {
      const session = await client.createPaymentSession({
        productCode: 'CASHIER_PAYMENT',
        paymentRequestId: order.paymentRequestId,
        paymentAmount: amount,
        ...(expiresInSeconds === undefined
          ? {}
          : { paymentSessionExpiryTime: antomTime(now().getTime() + expiresInSeconds * 1000) }),
        order: {
          referenceOrderId: order.id,
          orderDescription: 'Demo Shop order',
          orderAmount: amount,
          buyer: { referenceBuyerId: DEMO_BUYER_ID },
        },
        paymentMethod: { paymentMethodType: 'CARD' },
        paymentFactor: { isAuthorization: true, captureMode },
        paymentRedirectUrl: `${publicOrigin}/checkout/result?order=${order.id}`,
        paymentNotifyUrl: `${publicOrigin}${NOTIFY_PATH}`,
        env: { terminalType: 'WEB' },
        settlementStrategy: { settlementCurrency: amount.currency },
        ...(tokens.length > 0
          ? {
              savedPaymentMethods: tokens.map((token) => ({
                paymentMethodType: 'CARD' as const,
                paymentMethodId: token,
              })),
            }
          : {}),
        // The demo always asks: the buyer sees the whole loop (consent, saved card, one-click payment).
        availablePaymentMethod: {
          paymentMethodMetaData: {
            tokenizeMode: 'ASKFORCONSENT',
            isCardOnFile: true,
            ...(threeDS ? { is3DSAuthentication: true } : {}),
          },
        },
        merchantAppointParam: { storedCard: { needCVV: savedCardCvc } },
      });
      if (!isSucceeded(session)) {
        await orders.remove(order.id);
        sendError(res, 502, session.result.resultCode, 'Antom has not created the session yet; try again');
        return;
      }
      await orders.attachSession(order.id, session.paymentSessionId, session.paymentSessionExpiryTime);
      await wallet.rememberSession(session.paymentSessionId, tokens);
      sendJson(res, 200, {
        paymentSessionData: session.paymentSessionData,
        paymentSessionId: session.paymentSessionId,
        paymentSessionExpiryTime: session.paymentSessionExpiryTime,
        // (ours) What the element's pay button shows for an Antom session, whose data does not say.
        paymentAmount: amount,
        orderId: order.id,
      });
    } catch (error) {
      await orders.remove(order.id);
      if (!(error instanceof AntomError)) throw error;
      const code = error.kind === 'RESULT_FAILED' ? (error.resultCode ?? error.kind) : error.kind;
      sendError(res, 502, code, error.message);
    }
  }

  /** (ours) `POST /api/design/faults` `{ kind, count }`: arms a sandbox fault for the design review's next payments. */
  async function armDesignFault(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJson(req, res, SESSION_BODY_LIMIT);
    if (!read) return;
    if (!designFaults) return sendError(res, 404, 'NOT_AVAILABLE', DESIGN_FAULTS_OFF);
    const parsed = parseArmRequest(read.body);
    if (!parsed.ok) return sendError(res, 400, 'INVALID_REQUEST', parsed.message);
    const id = await designFaults.arm(parsed.kind, parsed.count);
    if (id === undefined) return sendError(res, 502, 'NOT_ARMED', 'the sandbox gateway did not arm the fault');
    sendJson(res, 200, { id });
  }

  /** The API path (PCI DSS merchants): the card comes to this server, which calls Antom's `pay` with it. */
  async function apiPayment(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJson(req, res, SESSION_BODY_LIMIT);
    if (!read) return;
    const parsed = parseApiPayment(read.body);
    if (!parsed.ok) {
      sendError(res, 400, 'INVALID_REQUEST', parsed.message);
      return;
    }
    if (await refusedOverLimit(req, res)) return;
    const answer = await runApiPayment(
      client,
      orders,
      {
        resultUrl: (orderId) => `${publicOrigin}/checkout/result?order=${orderId}`,
        notifyUrl: `${publicOrigin}${NOTIFY_PATH}`,
      },
      parsed.value,
      clientAddressOf(req),
    );
    sendJson(res, answer.httpStatus, answer.body);
  }

  async function receiveNotification(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, NOTIFY_BODY_LIMIT);
    if (!isJson(req)) {
      sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'notifications are application/json');
      return;
    }
    const problem = client.checkNotification({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body,
    });
    if (problem) {
      log(`demo: notification refused: ${problem}`);
      sendError(res, 401, 'INVALID_SIGNATURE', `the notification does not verify (${problem})`);
      return;
    }
    let notification: AntomNotification | undefined;
    try {
      notification = parseNotification(body);
    } catch (error) {
      sendError(res, 400, 'INVALID_NOTIFICATION', error instanceof Error ? error.message : 'malformed notification');
      return;
    }
    if (notification?.notifyType === 'VAULTING_RESULT') {
      // The shop names each vaulting before its session exists, so an unknown id never becomes
      // known: acknowledged (a retry would not help) and ignored.
      if (await vaultings.has(notification.vaultingRequestId)) await store(savedCardOfVaulting(notification));
      else log('demo: VAULTING_RESULT for a vaulting this shop did not start, ignored');
    } else if (notification) {
      const applied = await orders.applyNotification(notification);
      if (applied.kind === 'unknown-order') {
        // Not acknowledged on purpose: Antom retries, and by then the order may know its payment id.
        sendError(res, 404, 'UNKNOWN_ORDER', 'no order matches this notification yet');
        return;
      }
      if (notification.notifyType === 'PAYMENT_RESULT') await store(savedCardOfPayment(notification));
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(NOTIFICATION_ACK),
      'cache-control': 'no-store',
    });
    res.end(NOTIFICATION_ACK);
  }

  /** Stores a card a verified notification brought; the log names the card, never the token. */
  async function store(card: NewWalletCard | undefined): Promise<void> {
    if (!card) return;
    const added = await wallet.add(card);
    if (added.kind === 'added') log(`demo: wallet saved ${card.brand} ending ${card.last4} (${card.source})`);
  }

  function sendWallet(res: ServerResponse, answer: WalletAnswer): void {
    sendJson(res, answer.httpStatus, answer.body);
  }

  async function removeFromSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJson(req, res, ACTION_BODY_LIMIT);
    if (!read) return;
    const parsed = parseRemoveRequest(read.body);
    if (!parsed.ok) return sendWallet(res, walletError(400, 'INVALID_REQUEST', parsed.message));
    sendWallet(res, await removeSessionCard(tokenOwner, wallet, parsed.value));
  }

  async function removeById(req: IncomingMessage, res: ServerResponse, cardId: string): Promise<void> {
    const read = await readJson(req, res, ACTION_BODY_LIMIT);
    if (!read) return;
    if (
      read.body !== undefined &&
      !(typeof read.body === 'object' && read.body !== null && Object.keys(read.body).length === 0)
    ) {
      return sendWallet(res, walletError(400, 'INVALID_REQUEST', 'send no body (or {}): the path names the card'));
    }
    sendWallet(res, await removeWalletCard(tokenOwner, wallet, cardId));
  }

  async function vaultSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJson(req, res, SESSION_BODY_LIMIT);
    if (!read) return;
    const parsed = parseVaultSessionRequest(read.body);
    if (!parsed.ok) return sendWallet(res, walletError(400, 'INVALID_REQUEST', parsed.message));
    sendWallet(
      res,
      await createVaultSession(
        client,
        vaultings,
        { notifyUrl: `${publicOrigin}${NOTIFY_PATH}`, redirectUrl: `${publicOrigin}/cards` },
        parsed.value,
      ),
    );
  }

  /**
   * Refuses a new session (429 `TOO_MANY_SESSIONS`) when the client created `sessionLimit.max`
   * orders within the window; counted in the database, so every shop process applies one limit.
   */
  async function refusedOverLimit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const limit = await limitOf(req);
    if (!limit.limited) return false;
    sendError(res, 429, 'TOO_MANY_SESSIONS', limit.message, {
      'retry-after': String(Math.ceil(sessionLimit.windowMs / 1000)),
    });
    return true;
  }

  /** Where the client stands against the session limit, with the message a refusal carries. */
  async function limitOf(
    req: IncomingMessage,
  ): Promise<{ limited: boolean; max: number; used: number; message: string }> {
    const since = new Date(now().getTime() - sessionLimit.windowMs);
    const used = await orders.countCreatedSince(clientAddressOf(req), since);
    const minutes = Math.max(1, Math.round(sessionLimit.windowMs / 60_000));
    const message = `Too many checkouts started from this address: at most ${sessionLimit.max} in ${minutes} minutes. Try again later.`;
    return { limited: used >= sessionLimit.max, max: sessionLimit.max, used, message };
  }

  /** Orders whose release check is on its way, so a slow inquiry is not sent twice. */
  const checking = new Set<string>();

  /**
   * Inquires about `due` authorizations, whose `authExpiryTime` has passed: Antom releases an
   * uncaptured authorization without notifying it, so the shop asks. A failed inquiry changes
   * nothing and is tried again at the next check.
   */
  async function checkReleases(due: readonly Order[]): Promise<void> {
    await Promise.all(
      due
        .filter((order) => !checking.has(order.id))
        .map(async (order) => {
          checking.add(order.id);
          try {
            await confirmByInquiry(client, orders, order);
          } finally {
            checking.delete(order.id);
          }
        }),
    );
  }

  /** The periodic check; a failure is logged, and the next check tries again. */
  function checkReleasesInBackground(): void {
    orders
      .dueForReleaseCheck(now())
      .then(checkReleases)
      .catch((error: unknown) => {
        const reason = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'unknown error';
        log(`demo: release check failed (${reason})`);
      });
  }

  async function inquire(res: ServerResponse, order: Order): Promise<void> {
    try {
      const inquiry = await client.inquiryPayment({ paymentRequestId: order.paymentRequestId });
      const after = isSucceeded(inquiry) ? await orders.applyInquiry(order.id, inquiry) : order;
      sendJson(res, 200, orderView(after ?? order));
    } catch (error) {
      if (!(error instanceof AntomError)) throw error;
      // Antom knows no payment until the buyer submits a card: the order is simply not paid yet.
      if (error.resultCode === 'ORDER_NOT_EXIST' && !order.paymentId) return sendJson(res, 200, orderView(order));
      const code = error.kind === 'RESULT_FAILED' ? (error.resultCode ?? error.kind) : error.kind;
      sendError(res, 502, code, error.message);
    }
  }

  function sendAnswer(res: ServerResponse, answer: ActionAnswer): void {
    const { order } = answer.body;
    sendJson(res, answer.httpStatus, { ...answer.body, order: order && orderView(order) });
  }

  async function act(req: IncomingMessage, res: ServerResponse, orderId: string, kind: OrderActionKind): Promise<void> {
    const text = await readBody(req, ACTION_BODY_LIMIT);
    const order = await orders.get(orderId);
    if (!order) return sendAnswer(res, shopRefusal(404, 'ORDER_NOT_FOUND', `No order ${orderId}.`, null));
    let body: unknown;
    if (text.trim() !== '') {
      if (!isJson(req)) {
        return sendAnswer(res, shopRefusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.', order));
      }
      try {
        body = JSON.parse(text);
      } catch {
        return sendAnswer(res, shopRefusal(400, 'INVALID_REQUEST', 'The body is not valid JSON.', order));
      }
    }
    const input = parseActionInput(kind, body, order);
    if (!input.ok) return sendAnswer(res, shopRefusal(400, 'INVALID_REQUEST', input.message, order));
    sendAnswer(res, await runAction(client, orders, orderId, kind, input.value));
  }

  async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (/^\/api\/(?:orders|wallet|vault)(?:\/|$)/.test(pathname) && !isOwnHost(req, ownOrigins)) {
      return sendError(res, 421, 'MISDIRECTED_REQUEST', 'this shop answers only for its own host names');
    }
    const page = PAGES[pathname];
    if (page) {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      return serveFile(res, join(pagesDir, page.file), page.type, page.type.startsWith('text/html'), page.ownFrames);
    }
    if (pathname === '/script-tag' || pathname === '/script-tag/classic') {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      const page = await scriptTagPage(pagesDir, assetsDir, pathname.endsWith('/classic'));
      if (!page)
        return sendError(res, 404, 'NOT_FOUND', 'dist/cdn/script-tag.html is missing; run `npm run build` first');
      return sendFile(res, Buffer.from(page.html), 'text/html; charset=utf-8', true, page.importMapSource);
    }
    const appPage = APP_PAGES[pathname];
    const appAsset = APP_ASSET.exec(pathname);
    if (appPage || appAsset) {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      if (appPage) return serveAppPage(res, appPage.file, appPage.trustedTypes);
      const [, file = '', extension] = appAsset ?? [];
      const type = extension === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      return serveFile(res, join(appsDir, 'assets', file), type, false);
    }
    if (pathname === '/minor-units.js') {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-length': Buffer.byteLength(MINOR_UNITS_MODULE),
        'cache-control': 'no-cache',
      });
      return void res.end(MINOR_UNITS_MODULE);
    }
    const asset = ASSET.exec(pathname);
    if (asset?.[1]) {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      return serveFile(res, join(assetsDir, asset[1]), 'text/javascript; charset=utf-8', false);
    }
    if (pathname === '/api/design/loading-session') {
      // The design review's loading state (/design): the answer does not come while the page is open.
      const timer = setTimeout(() => sendError(res, 503, 'DESIGN_REVIEW', 'held open for the loading state'), 600_000);
      req.on('close', () => clearTimeout(timer));
      return;
    }
    if (pathname === '/api/design/faults') {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      if (refusedCrossSite(req, res, "arm the design review's faults")) return;
      return armDesignFault(req, res);
    }
    const designFault = DESIGN_FAULT_PATH.exec(pathname);
    if (designFault?.[1]) {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      if (!designFaults) return sendError(res, 404, 'NOT_AVAILABLE', DESIGN_FAULTS_OFF);
      const remaining = await designFaults.remaining(designFault[1]);
      if (remaining === undefined) return sendError(res, 404, 'NOT_FOUND', `no fault ${designFault[1]}`);
      return sendJson(res, 200, { remaining });
    }
    if (pathname === '/api/checkout/session') {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      if (refusedCrossSite(req, res, 'create sessions')) return;
      return createSession(req, res);
    }
    if (pathname === '/api/checkout/limit') {
      // (ours) The element cannot read a refused session's body: the page asks here why.
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      return sendJson(res, 200, await limitOf(req));
    }
    if (pathname === '/api/checkout/pay') {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      if (refusedCrossSite(req, res, 'pay')) return;
      return apiPayment(req, res);
    }
    if (pathname === NOTIFY_PATH) {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      return receiveNotification(req, res);
    }
    if (pathname === '/api/wallet') {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      return sendJson(res, 200, await walletView(wallet));
    }
    if (pathname === '/api/wallet/remove') {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      if (refusedCrossSite(req, res, 'remove saved cards')) return;
      return removeFromSession(req, res);
    }
    const walletCard = WALLET_CARD_PATH.exec(pathname);
    if (walletCard?.[1]) {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      if (refusedCrossSite(req, res, 'remove saved cards')) return;
      return removeById(req, res, walletCard[1]);
    }
    if (pathname === '/api/vault/session') {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      if (refusedCrossSite(req, res, 'create vaulting sessions')) return;
      return vaultSession(req, res);
    }
    if (pathname === '/api/orders') {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      // Opening the console checks expired authorizations; the list does not wait for Antom, the
      // console's next poll shows what the inquiries found.
      checkReleasesInBackground();
      return sendJson(res, 200, (await orders.list(CONSOLE_ORDERS)).map(orderView));
    }
    const match = ORDER_PATH.exec(pathname);
    if (match?.[1]) {
      const [, orderId, verb] = match;
      const wanted = verb ? 'POST' : 'GET';
      if (method !== wanted) return sendError(res, 405, 'METHOD_NOT_ALLOWED', `use ${wanted}`, { allow: wanted });
      if (verb && refusedCrossSite(req, res, `${verb} orders`)) return;
      const kind = verb === undefined ? undefined : ACTIONS[verb];
      if (kind) return act(req, res, orderId, kind);
      const order = await orders.get(orderId);
      if (!order) return sendError(res, 404, 'ORDER_NOT_FOUND', `no order ${orderId}`);
      if (verb) return inquire(res, order);
      // Opening one order whose authorization window has passed asks Antom first.
      await checkReleases((await orders.dueForReleaseCheck(now())).filter((due) => due.id === order.id));
      return sendJson(res, 200, orderView((await orders.get(orderId)) ?? order));
    }
    sendError(res, 404, 'NOT_FOUND', `nothing at ${pathname.slice(0, 100)}`);
  }

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    let pathname = '/';
    try {
      pathname = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
    } catch {
      pathname = '/';
    }
    res.setHeader('x-content-type-options', 'nosniff');
    res.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      log(`${req.method ?? '?'} ${pathname} ${status} ${ms.toFixed(1)}ms`);
    });
    route(req, res, pathname).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        sendError(res, 413, 'PAYLOAD_TOO_LARGE', error.message, { connection: 'close' });
        return;
      }
      const reason = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'unknown error';
      log(`demo: ${req.method ?? '?'} ${pathname} failed (${reason})`);
      sendError(res, 500, 'INTERNAL_ERROR', 'the demo server failed; see its log');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  publicOrigin = fixedOrigin ?? `http://localhost:${port}`;
  const releaseTimer = setInterval(checkReleasesInBackground, releaseCheckIntervalMs);
  releaseTimer.unref();
  ownOrigins = [...new Set([publicOrigin, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];

  return {
    origin: publicOrigin,
    port,
    orders,
    wallet,
    database,
    close: async () => {
      clearInterval(releaseTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDatabase) await database.close();
    },
  };
}

/**
 * The demo merchant: a small shop built only on the public pieces (the element's script bundle and
 * `antom-card-checkout/server`). It creates payment sessions, receives Antom's notifications, keeps
 * orders that only verified notifications or its own inquiries change, and serves an orders console
 * (`/orders`) whose capture, cancel and refund buttons call Antom through the client.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  AntomError,
  isSucceeded,
  NOTIFICATION_ACK,
  parseNotification,
  type AntomClient,
  type AntomNotification,
} from '../src/server/index.js';
import { BodyTooLargeError, crossSiteReason, isJson, readBody, sendError, sendJson } from './http.js';
import { parseActionInput, runAction, shopRefusal, type ActionAnswer } from './order-actions.js';
import { OrderStore, type Order, type OrderActionKind } from './orders.js';
import { packageRoot } from './paths.js';
import { parseSessionRequest } from './session-request.js';

/** Options of `startDemo`. */
export interface DemoOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; `0` picks a free one. Default 4173. */
  port?: number;
  /** Origin buyers use, for `paymentRedirectUrl` and `paymentNotifyUrl`. Default `http://localhost:<port>`. */
  publicOrigin?: string;
  /** Client for the merchant's Antom account (or the sandbox gateway). */
  client: AntomClient;
  /** Origin serving the card frame, allowed in the pages' `frame-src`. Default: the client's endpoint. */
  gatewayOrigin?: string;
  /** Package root holding `dist/cdn/` and `demo/pages/`. Default: found from this file's location. */
  staticRoot?: string;
  /** Receives one line per request (method, path, status, ms). Default `console.log`. */
  log?: (line: string) => void;
}

/** A running demo shop. */
export interface RunningDemo {
  /** The public origin, e.g. `http://localhost:4173`. */
  origin: string;
  /** The port it listens on. */
  port: number;
  /** The shop's orders. */
  orders: OrderStore;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Path Antom posts notifications to. */
export const NOTIFY_PATH = '/api/antom/notify';

const SESSION_BODY_LIMIT = 4 * 1024;
const ACTION_BODY_LIMIT = 4 * 1024;
const NOTIFY_BODY_LIMIT = 64 * 1024;

const PAGES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/checkout/result': { file: 'result.html', type: 'text/html; charset=utf-8' },
  '/orders': { file: 'orders.html', type: 'text/html; charset=utf-8' },
  '/orders.js': { file: 'orders.js', type: 'text/javascript; charset=utf-8' },
  '/orders.css': { file: 'orders.css', type: 'text/css; charset=utf-8' },
  '/checkout.js': { file: 'checkout.js', type: 'text/javascript; charset=utf-8' },
  '/result.js': { file: 'result.js', type: 'text/javascript; charset=utf-8' },
  '/checkout.css': { file: 'checkout.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
  '/product.svg': { file: 'product.svg', type: 'image/svg+xml' },
};

const ASSET = /^\/assets\/([A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}\.js)$/;
const ORDER_PATH = /^\/api\/orders\/([A-Za-z0-9_]{1,64})(?:\/(inquiry|capture|cancel|refund))?$/;

const ACTIONS: Record<string, OrderActionKind> = { capture: 'CAPTURE', cancel: 'CANCEL', refund: 'REFUND' };

function originOf(value: string, option: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // fall through to the named error
  }
  throw new TypeError(`startDemo: options.${option} must be an http(s) origin`);
}

/** The Content-Security-Policy of the demo pages. */
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
  ].join('; ');
}

function orderView(order: Order): Order {
  return structuredClone(order);
}

/** Starts the demo shop. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const client = options.client;
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 4173;
  const log = options.log ?? ((line: string) => console.log(line));
  const root = options.staticRoot ?? packageRoot(import.meta.url);
  const pagesDir = join(root, 'demo', 'pages');
  const assetsDir = join(root, 'dist', 'cdn');
  const csp = pageCsp(originOf(options.gatewayOrigin ?? client.endpoint, 'gatewayOrigin'));
  const fixedOrigin = options.publicOrigin === undefined ? undefined : originOf(options.publicOrigin, 'publicOrigin');
  const orders = new OrderStore();
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

  async function serveFile(res: ServerResponse, path: string, type: string, html: boolean): Promise<void> {
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch {
      sendError(res, 404, 'NOT_FOUND', html ? 'page not found' : 'file not found; run `npm run build` first');
      return;
    }
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': content.length,
      'cache-control': 'no-cache',
    };
    if (html) {
      headers['content-security-policy'] = csp;
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    res.end(content);
  }

  async function createSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req, SESSION_BODY_LIMIT);
    let body: unknown;
    if (text.trim() !== '') {
      if (!isJson(req)) {
        sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
        return;
      }
      try {
        body = JSON.parse(text);
      } catch {
        sendError(res, 400, 'INVALID_REQUEST', 'body is not valid JSON');
        return;
      }
    }
    const parsed = parseSessionRequest(body);
    if (!parsed.ok) {
      sendError(res, 400, 'INVALID_REQUEST', parsed.message);
      return;
    }
    const { amount, captureMode } = parsed.value;
    const order = orders.create({ amount, captureMode });
    try {
      const session = await client.createPaymentSession({
        productCode: 'CASHIER_PAYMENT',
        paymentRequestId: order.paymentRequestId,
        paymentAmount: amount,
        order: { referenceOrderId: order.id, orderDescription: 'Demo Shop order', orderAmount: amount },
        paymentMethod: { paymentMethodType: 'CARD' },
        paymentFactor: { isAuthorization: true, captureMode },
        paymentRedirectUrl: `${publicOrigin}/checkout/result?order=${order.id}`,
        paymentNotifyUrl: `${publicOrigin}${NOTIFY_PATH}`,
        env: { terminalType: 'WEB' },
        settlementStrategy: { settlementCurrency: amount.currency },
      });
      if (!isSucceeded(session)) {
        orders.remove(order.id);
        sendError(res, 502, session.result.resultCode, 'Antom has not created the session yet; try again');
        return;
      }
      orders.attachSession(order.id, session.paymentSessionId);
      sendJson(res, 200, {
        paymentSessionData: session.paymentSessionData,
        paymentSessionId: session.paymentSessionId,
        paymentSessionExpiryTime: session.paymentSessionExpiryTime,
        orderId: order.id,
      });
    } catch (error) {
      orders.remove(order.id);
      if (!(error instanceof AntomError)) throw error;
      const code = error.kind === 'RESULT_FAILED' ? (error.resultCode ?? error.kind) : error.kind;
      sendError(res, 502, code, error.message);
    }
  }

  async function receiveNotification(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, NOTIFY_BODY_LIMIT);
    if (!isJson(req)) {
      sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'notifications are application/json');
      return;
    }
    const verified = client.verifyNotification({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body,
    });
    if (!verified) {
      sendError(res, 401, 'INVALID_SIGNATURE', 'the notification signature does not verify');
      return;
    }
    let notification: AntomNotification | undefined;
    try {
      notification = parseNotification(body);
    } catch (error) {
      sendError(res, 400, 'INVALID_NOTIFICATION', error instanceof Error ? error.message : 'malformed notification');
      return;
    }
    if (notification && notification.notifyType !== 'VAULTING_RESULT') {
      const applied = orders.applyNotification(notification);
      if (applied.kind === 'unknown-order') {
        // Not acknowledged on purpose: Antom retries, and by then the order may know its payment id.
        sendError(res, 404, 'UNKNOWN_ORDER', 'no order matches this notification yet');
        return;
      }
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(NOTIFICATION_ACK),
      'cache-control': 'no-store',
    });
    res.end(NOTIFICATION_ACK);
  }

  async function inquire(res: ServerResponse, order: Order): Promise<void> {
    try {
      const inquiry = await client.inquiryPayment({ paymentRequestId: order.paymentRequestId });
      if (isSucceeded(inquiry)) orders.applyInquiry(order.id, inquiry);
      sendJson(res, 200, orderView(order));
    } catch (error) {
      if (!(error instanceof AntomError)) throw error;
      const code = error.kind === 'RESULT_FAILED' ? (error.resultCode ?? error.kind) : error.kind;
      sendError(res, 502, code, error.message);
    }
  }

  function sendAnswer(res: ServerResponse, answer: ActionAnswer): void {
    sendJson(res, answer.httpStatus, answer.body);
  }

  async function act(req: IncomingMessage, res: ServerResponse, orderId: string, kind: OrderActionKind): Promise<void> {
    const text = await readBody(req, ACTION_BODY_LIMIT);
    const order = orders.get(orderId);
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
    const page = PAGES[pathname];
    if (page) {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      return serveFile(res, join(pagesDir, page.file), page.type, page.type.startsWith('text/html'));
    }
    const asset = ASSET.exec(pathname);
    if (asset?.[1]) {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      return serveFile(res, join(assetsDir, asset[1]), 'text/javascript; charset=utf-8', false);
    }
    if (pathname === '/api/checkout/session') {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      if (refusedCrossSite(req, res, 'create sessions')) return;
      return createSession(req, res);
    }
    if (pathname === NOTIFY_PATH) {
      if (method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST' });
      return receiveNotification(req, res);
    }
    if (pathname === '/api/orders') {
      if (method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET' });
      return sendJson(res, 200, orders.list().map(orderView));
    }
    const match = ORDER_PATH.exec(pathname);
    if (match?.[1]) {
      const [, orderId, verb] = match;
      const wanted = verb ? 'POST' : 'GET';
      if (method !== wanted) return sendError(res, 405, 'METHOD_NOT_ALLOWED', `use ${wanted}`, { allow: wanted });
      if (verb && refusedCrossSite(req, res, `${verb} orders`)) return;
      const kind = verb === undefined ? undefined : ACTIONS[verb];
      if (kind) return act(req, res, orderId, kind);
      const order = orders.get(orderId);
      if (!order) return sendError(res, 404, 'ORDER_NOT_FOUND', `no order ${orderId}`);
      return verb ? inquire(res, order) : sendJson(res, 200, orderView(order));
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
  ownOrigins = [...new Set([publicOrigin, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];

  return {
    origin: publicOrigin,
    port,
    orders,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Test fixture for the secure card frame: a private build of the frame, a tiny stand-in for the
 * gateway's frame page and SDK endpoints (on 127.0.0.1), a parent page on another origin
 * (`localhost`, same port) with a harness that does the handshake, and Chromium.
 * Only for these frame tests: the end-to-end tests use the real gateway.
 */
import { spawnSync } from 'node:child_process';
import { launchBrowser } from '../../e2e/support/checkout-page.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { closeServer, listen } from '../../support/http.js';
import { eventually, sleep } from '../../support/waits.js';
import { EN_US_FIELD_MESSAGES, type FieldMessages } from '../../../src/shared/i18n/field-messages.js';
import { encodeSessionData, type SessionMode } from '../../../src/shared/session-data.js';
import type { FrameToElement } from '../../../src/shared/channel/messages.js';
import {
  CARD_BRANDS,
  FIELD_ERROR_CODES,
  type FieldErrorCode,
  type SavedCardView,
  type SessionView,
} from '../../../src/shared/types.js';

const ROOT = resolve(import.meta.dirname, '../../..');

let buildDir: string | undefined;

/**
 * The built frame: `npm test` builds it once and names the folder in `ANTOM_BUILT_FRAME`; a test run
 * on its own builds it once per process into a private directory, so it never tests a stale build.
 */
export function buildFrame(): string {
  if (buildDir) return buildDir;
  const built = process.env['ANTOM_BUILT_FRAME'];
  if (built) return (buildDir = resolve(ROOT, built));
  const dir = mkdtempSync(join(tmpdir(), 'antom-frame-test-'));
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'frame', '--outDir', dir, '--emptyOutDir'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`frame build failed: ${run.stderr}`);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  buildDir = dir;
  return dir;
}

/** Starts Chromium the way this machine needs it (the same launcher as the end-to-end tests). */
export { launchBrowser };

/** A payments or vaults request as the fake gateway received it. */
export interface PaymentCall {
  idempotencyKey: string | undefined;
  body: unknown;
}

/** What a fake endpoint answers: an HTTP status and a JSON body, or a dropped connection. */
export type FakeAnswer = { status: number; body: unknown; delayMs?: number } | 'drop';

/** Answers of a successful payment. */
export const PAYMENT_SUCCESS = {
  result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
  paymentId: 'pay_0001_test',
  paymentStatus: 'SUCCESS',
  card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' },
};

/** Answer of a successful card binding (vault session). */
export const VAULT_SUCCESS = {
  result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
  card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' },
};

/** A saved card as the session view lists it. */
export function savedCard(index: number, brand: SavedCardView['brand'], last4: string, expired = false): SavedCardView {
  return { id: `saved-${index}`, index, brand, last4, expiryMonth: '12', expiryYear: expired ? '20' : '30', expired };
}

/** Options of one fixture. */
export interface FixtureOptions {
  /** `payment` (default) or `vault`: the mode written into the session data and the view. */
  mode?: SessionMode;
}

/** Options of one mounted frame. */
export interface MountOptions {
  width?: number;
  locale?: string;
  /** Overrides the nonce in the fragment (the harness still connects with `nonce`). */
  fragmentNonce?: string;
  /** Overrides the origin in the fragment. */
  fragmentOrigin?: string;
  /** Overrides the origin in the query (the one the gateway let frame the page). */
  queryOrigin?: string;
}

/** One test's world: servers, a page, the harness. */
export interface FrameFixture {
  gatewayOrigin: string;
  parentOrigin: string;
  sessionId: string;
  sessionData: string;
  nonce: string;
  page: Page;
  /** Page errors and console messages seen so far (frame and parent; not Chromium's network errors). */
  pageErrors: string[];
  consoleMessages: string[];
  /** Request-shape problems the fake endpoints saw. */
  violations: string[];
  sessionCalls: unknown[];
  paymentCalls: PaymentCall[];
  vaultCalls: PaymentCall[];
  /** Answer of `/sdk/v1/session` (default: the view). */
  sessionAnswer: (body: unknown) => FakeAnswer;
  /** Answer of `/sdk/v1/payments` (default: success). */
  paymentAnswer: (call: PaymentCall) => FakeAnswer;
  /** Answer of `/sdk/v1/vaults` (default: success). */
  vaultAnswer: (call: PaymentCall) => FakeAnswer;
  /** Bodies the fake `/sdk/v1/payments/inquiry` received. */
  inquiryCalls: unknown[];
  /** Answer of `/sdk/v1/payments/inquiry` (default: the payment succeeded). */
  inquiryAnswer: () => FakeAnswer;
  view: SessionView;
  mount(options?: MountOptions): Promise<Frame>;
  connect(nonce?: string): Promise<void>;
  /** Mounts, connects and sends init; resolves once `ready` arrived. */
  ready(options?: MountOptions & { initLocale?: string; initMessages?: Record<string, string> }): Promise<Frame>;
  send(message: unknown): Promise<void>;
  messages(): Promise<FrameToElement[]>;
  waitForMessage(type: FrameToElement['type'], count?: number): Promise<FrameToElement[]>;
  hellos(): Promise<{ origin: string; data: unknown }[]>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sameKeys = (value: unknown, keys: string[]): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).sort().join() === [...keys].sort().join();

/** The request shapes the gateway's SDK endpoints accept (`SdkPaymentRequest`, `SdkVaultRequest`). */
function bodyShapeOk(endpoint: string, body: Record<string, unknown>): boolean {
  const cardOk = sameKeys(body['card'], ['number', 'expiryMonth', 'expiryYear', 'cvc', 'holderName']);
  if (endpoint === 'vaults') return sameKeys(body, ['paymentSessionData', 'card']) && cardOk;
  if (sameKeys(body, ['paymentSessionData', 'card'])) return cardOk;
  if (sameKeys(body, ['paymentSessionData', 'card', 'saveCard']))
    return cardOk && typeof body['saveCard'] === 'boolean';
  const saved = body['savedCard'];
  return (
    sameKeys(body, ['paymentSessionData', 'savedCard']) &&
    (sameKeys(saved, ['id']) || sameKeys(saved, ['id', 'cvc'])) &&
    /^saved-\d+$/.test(String((saved as { id: unknown }).id))
  );
}

/** Builds the frame (once), starts the fake gateway and opens a page on the parent origin. */
export async function startFixture(browser: Browser, options: FixtureOptions = {}): Promise<FrameFixture> {
  const mode = options.mode ?? 'payment';
  const dist = buildFrame();
  const frameHtml = readFileSync(join(dist, 'frame.html'), 'utf8');
  const server = createServer();
  const port = await listen(server);
  const gatewayOrigin = `http://127.0.0.1:${port}`;
  const parentOrigin = `http://localhost:${port}`;
  const sessionId = 'ps_frame_test_0001';
  const sessionData = encodeSessionData('tok_abcdefghijklmnopqrstuvwxyz', 'SG', {
    clientId: 'SANDBOX_FRAME_TEST',
    paymentSessionConfig: {
      productScene: 'CASHIER_PAYMENT',
      paymentMethodCategoryType: 'CARD',
      productSceneVersion: '1.0',
    },
    paymentSessionId: sessionId,
    gatewayOrigin,
    mode,
  });
  const view: SessionView = {
    paymentSessionId: sessionId,
    mode,
    amount: mode === 'payment' ? { currency: 'USD', value: '1000' } : null,
    merchantName: 'Frame Test Shop',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    brands: [...CARD_BRANDS],
    captureMode: 'AUTOMATIC',
  };

  const context = await browser.newContext();
  const page = await context.newPage();
  const fixture: FrameFixture = {
    gatewayOrigin,
    parentOrigin,
    sessionId,
    sessionData,
    nonce: 'nonce_0123456789abcdef',
    pageErrors: [] as string[],
    consoleMessages: [] as string[],
    violations: [] as string[],
    sessionCalls: [] as unknown[],
    paymentCalls: [] as PaymentCall[],
    vaultCalls: [] as PaymentCall[],
    view,
    sessionAnswer: (): FakeAnswer => ({
      status: 200,
      body: { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }, view },
    }),
    paymentAnswer: (): FakeAnswer => ({ status: 200, body: PAYMENT_SUCCESS }),
    vaultAnswer: (): FakeAnswer => ({ status: 200, body: VAULT_SUCCESS }),
    inquiryCalls: [] as unknown[],
    inquiryAnswer: (): FakeAnswer => ({ status: 200, body: PAYMENT_SUCCESS }),
    page,
    mount: async (options: MountOptions = {}) => {
      const fragment = new URLSearchParams({
        nonce: options.fragmentNonce ?? fixture.nonce,
        origin: options.fragmentOrigin ?? parentOrigin,
      });
      const query = new URLSearchParams({ origin: options.queryOrigin ?? parentOrigin, locale: options.locale ?? 'en_US' });
      const src = `${gatewayOrigin}/sdk/v1/frame?${query}#${fragment}`;
      await page.evaluate(
        ({ src: frameSrc, width, gateway }) => {
          const w = window as unknown as Record<string, unknown>;
          w['__log'] = [];
          w['__hellos'] = [];
          const iframe = document.createElement('iframe');
          iframe.title = 'Secure card form';
          iframe.style.cssText = `width:${width}px;height:600px;border:0;display:block`;
          window.addEventListener('message', (event) => {
            if (event.source === iframe.contentWindow) {
              (w['__hellos'] as unknown[]).push({ origin: event.origin, data: event.data });
            }
          });
          w['__iframe'] = iframe;
          w['__gateway'] = gateway;
          const loaded = new Promise((done) => iframe.addEventListener('load', done, { once: true }));
          iframe.src = frameSrc;
          document.body.append(iframe);
          return loaded;
        },
        { src, width: options.width ?? 480, gateway: gatewayOrigin },
      );
      const frame = page.frames().find((f) => f.url().startsWith(`${gatewayOrigin}/sdk/v1/frame`));
      if (!frame) throw new Error('frame not found');
      return frame;
    },

    hellos: () =>
      page.evaluate(() => (window as unknown as { __hellos: { origin: string; data: unknown }[] }).__hellos),

    connect: async (nonce = fixture.nonce) => {
      await page.waitForFunction(() => (window as unknown as { __hellos: unknown[] }).__hellos.length > 0);
      await page.evaluate((connectNonce) => {
        const w = window as unknown as Record<string, unknown>;
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => (w['__log'] as unknown[]).push(event.data);
        w['__port'] = channel.port1;
        const iframe = w['__iframe'] as HTMLIFrameElement;
        iframe.contentWindow?.postMessage(
          { v: 1, type: 'antom:connect', nonce: connectNonce },
          w['__gateway'] as string,
          [channel.port2],
        );
      }, nonce);
    },

    send: (message: unknown) =>
      page.evaluate((m) => (window as unknown as { __port: MessagePort }).__port.postMessage(m), message),

    messages: () => page.evaluate(() => (window as unknown as { __log: FrameToElement[] }).__log),

    waitForMessage: async (type, count = 1) => {
      await page.waitForFunction(
        ({ t, n }) =>
          (window as unknown as { __log: { type: string }[] }).__log.filter((m) => m.type === t).length >= n,
        { t: type, n: count },
        { timeout: 5000 },
      );
      return (await fixture.messages()).filter((m) => m.type === type);
    },

    ready: async (options = {}) => {
      const frame = await fixture.mount(options);
      await fixture.connect();
      await fixture.send({
        type: 'init',
        sessionData,
        locale: options.initLocale ?? options.locale ?? 'en_US',
        appearance: {},
        ...(options.initMessages ? { messages: options.initMessages } : {}),
      });
      await fixture.waitForMessage('ready');
      await fixture.waitForMessage('resize');
      return frame;
    },

    close: async () => {
      await context.close();
      await closeServer(server);
    },
  };

  const answer = async (res: ServerResponse, reply: FakeAnswer): Promise<void> => {
    if (reply === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    // A fresh connection per SDK call: Chromium silently retries a request whose reused
    // keep-alive connection drops, which would hide the 'drop' answers.
    res.writeHead(reply.status, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      Connection: 'close',
    });
    res.end(JSON.stringify(reply.body));
  };

  const checkSdkRequest = (req: IncomingMessage, name: string): void => {
    if (req.headers['content-type'] !== 'application/json') fixture.violations.push(`${name}: content-type`);
    if (req.headers.origin !== gatewayOrigin) fixture.violations.push(`${name}: not same-origin`);
    if (req.headers.cookie) fixture.violations.push(`${name}: sent cookies`);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'x'}`);
      const host = req.headers.host ?? '';
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      if (host === `localhost:${port}`) {
        res.writeHead(url.pathname === '/parent' || url.pathname === '/sibling' ? 200 : 404, {
          'Content-Type': 'text/html; charset=utf-8',
        });
        res.end('<!doctype html><html lang="en"><head><title>Merchant</title></head><body></body></html>');
        return;
      }
      if (req.method === 'GET' && url.pathname === '/other') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html lang="en"><head><title>Other gateway page</title></head><body></body></html>');
        return;
      }
      if (req.method === 'GET' && url.pathname === '/sdk/v1/frame') {
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy':
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            `font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${parentOrigin}`,
        });
        res.end(frameHtml);
        return;
      }
      if (req.method === 'GET' && url.pathname.startsWith('/sdk/v1/assets/')) {
        const file = normalize(join(dist, 'assets', url.pathname.slice('/sdk/v1/assets/'.length)));
        if (!file.startsWith(join(dist, 'assets'))) {
          res.writeHead(404).end();
          return;
        }
        try {
          const content = readFileSync(file);
          res.writeHead(200, {
            'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
            'X-Content-Type-Options': 'nosniff',
          });
          res.end(content);
        } catch {
          res.writeHead(404).end();
        }
        return;
      }
      if (req.method === 'POST' && url.pathname === '/sdk/v1/session') {
        checkSdkRequest(req, 'session');
        const body: unknown = JSON.parse(await readBody(req));
        if (
          !sameKeys(body, ['paymentSessionData', 'origin']) ||
          (body as { paymentSessionData: unknown }).paymentSessionData !== sessionData ||
          (body as { origin: unknown }).origin !== parentOrigin
        ) {
          fixture.violations.push('session: body shape');
        }
        fixture.sessionCalls.push(body);
        await answer(res, fixture.sessionAnswer(body));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/sdk/v1/payments/inquiry') {
        checkSdkRequest(req, 'inquiry');
        const body: unknown = JSON.parse(await readBody(req));
        if (
          !sameKeys(body, ['paymentSessionData']) ||
          (body as Record<string, unknown>)['paymentSessionData'] !== sessionData
        ) {
          fixture.violations.push('inquiry: body shape');
        }
        fixture.inquiryCalls.push(body);
        await answer(res, fixture.inquiryAnswer());
        return;
      }
      if (req.method === 'POST' && (url.pathname === '/sdk/v1/payments' || url.pathname === '/sdk/v1/vaults')) {
        const name = url.pathname.slice('/sdk/v1/'.length);
        checkSdkRequest(req, name);
        const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
        if (body['paymentSessionData'] !== sessionData) fixture.violations.push(`${name}: session data`);
        if (!bodyShapeOk(name, body)) fixture.violations.push(`${name}: body shape`);
        const key = req.headers['idempotency-key'];
        const call: PaymentCall = { idempotencyKey: typeof key === 'string' ? key : undefined, body };
        if (name === 'vaults') {
          fixture.vaultCalls.push(call);
          await answer(res, fixture.vaultAnswer(call));
        } else {
          fixture.paymentCalls.push(call);
          await answer(res, fixture.paymentAnswer(call));
        }
        return;
      }
      res.writeHead(404).end();
    })().catch(() => {
      fixture.violations.push(`unreadable request ${req.method} ${req.url}`);
      res.writeHead(400).end();
    });
  });

  page.on('pageerror', (error) => fixture.pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium itself reports failed requests (the fakes answer 5xx or drop on purpose).
    if (!message.text().startsWith('Failed to load resource'))
      fixture.consoleMessages.push(`${message.type()}: ${message.text()}`);
  });
  await page.goto(`${parentOrigin}/parent`);

  return fixture;
}

/** Reads the state messages the element received. */
export async function states(fixture: FrameFixture): Promise<Extract<FrameToElement, { type: 'state' }>['state'][]> {
  return (await fixture.messages()).flatMap((m) => (m.type === 'state' ? [m.state] : []));
}

/**
 * Waits until the last state message passes `check` (assertions on it) and fails with its last
 * assertion error after the timeout: a state crosses the port a moment after the frame's DOM changed.
 */
export function expectState(
  fixture: FrameFixture,
  check: (state: Extract<FrameToElement, { type: 'state' }>['state']) => void,
): Promise<void> {
  return eventually(async () => check(await lastState(fixture)));
}

/** The last state message. */
export async function lastState(fixture: FrameFixture): Promise<Extract<FrameToElement, { type: 'state' }>['state']> {
  const all = await states(fixture);
  const last = all.at(-1);
  if (!last) throw new Error('no state message yet');
  return last;
}

/** Value and caret of an input in the frame. */
export function field(
  frame: Frame,
  id: string,
): Promise<{ value: string; caret: number | null; invalid: string | null; error: string }> {
  return frame.$eval(`#${id}`, (input) => {
    const el = input as HTMLInputElement;
    return {
      value: el.value,
      caret: el.selectionStart,
      invalid: el.getAttribute('aria-invalid'),
      error: document.getElementById(`${el.id}-err`)?.textContent ?? '',
    };
  });
}

/** The catalogue of `locale` as shipped (JSON files read from disk; the frame fetches them). */
export function catalogue(locale: string): FieldMessages {
  if (locale === 'en_US') return EN_US_FIELD_MESSAGES;
  const file = new URL(`../../../src/shared/i18n/catalogues/frame/${locale}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as FieldMessages;
}

/** The `error.<code>` texts of a frame catalogue, by code. */
export function errorTexts(messages: FieldMessages): Record<FieldErrorCode, string> {
  return Object.fromEntries(FIELD_ERROR_CODES.map((code) => [code, messages[`error.${code}`]])) as Record<
    FieldErrorCode,
    string
  >;
}

/** Ids of the inputs the buyer can see, in document order. */
export function visibleInputs(frame: Frame): Promise<string[]> {
  return frame.$$eval('input', (inputs) => inputs.filter((input) => input.checkVisibility()).map((input) => input.id));
}

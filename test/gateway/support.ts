/**
 * Fixtures for the gateway tests: a gateway on 127.0.0.1:0 with fixed test keys, a manual clock,
 * a captured log and a dummy frame build; a plain `node:http` client (so header case and raw
 * bodies are under the test's control); signing helpers; card and session builders.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSignatureHeader, sign, verify } from '../../src/server/signing.js';
import { brandInfo, readNumber } from '../../src/shared/card/index.js';
import {
  ManualClock,
  startGateway,
  type GatewayOptions,
  type MerchantConfig,
  type RunningGateway,
} from '../../gateway/src/index.js';

const keyDir = join(import.meta.dirname, '..', 'fixtures', 'keys');
const readKey = (name: string): string => readFileSync(join(keyDir, name), 'utf8');

/** Fixed RSA test keys. */
export const KEYS = {
  gatewayPrivate: readKey('gateway-private.pem'),
  gatewayPublic: readKey('gateway-public.pem'),
  merchantPrivate: readKey('merchant-private.pem'),
  merchantPublic: readKey('merchant-public.pem'),
  otherPrivate: readKey('other-private.pem'),
  otherPublic: readKey('other-public.pem'),
};

/** Client id of the test merchant (sandbox-style id). */
export const MERCHANT_ID = 'SANDBOX_TEST_SHOP';

/** An origin configured as allowed for the test merchant. */
export const MERCHANT_ORIGIN = 'http://localhost:4999';

/** Start time of the manual clock. */
export const START_TIME = '2030-01-15T10:00:00.000Z';

/** Card expiry that is valid at START_TIME. */
export const VALID_EXPIRY = { expiryMonth: '12', expiryYear: '34' } as const;

/** A JSON value as the tests read it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** Reads a dotted path (`a.b[0].c`) out of a JSON value; `undefined` when absent. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (current === null || typeof current !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    current = index ? (current as unknown[])[Number(index[1])] : (current as Record<string, unknown>)[part];
  }
  return current;
}

/** An HTTP answer. */
export interface Answer {
  /** Status code. */
  status: number;
  /** Headers (names lower-cased by Node). */
  headers: IncomingHttpHeaders;
  /** Header names exactly as sent. */
  rawHeaderNames: string[];
  /** Body text. */
  text: string;
  /** Body as JSON (empty object when not JSON). */
  json: JsonObject;
}

/** `result.resultCode` of an answer. */
export const resultCode = (answer: Answer): unknown => at(answer.json, 'result.resultCode');

/** Sends one request with `node:http` (no keep-alive) and reads the whole answer. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: JsonObject = {};
          try {
            const parsed: unknown = JSON.parse(text);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as JsonObject;
          } catch {
            json = {};
          }
          const rawHeaderNames = response.rawHeaders.filter((_, index) => index % 2 === 0);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, rawHeaderNames, text, json });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** A started test gateway. */
export interface TestGateway {
  /** The gateway. */
  gateway: RunningGateway;
  /** Its clock. */
  clock: ManualClock;
  /** Every log line. */
  logs: string[];
  /** Temporary folder (sandbox files and dummy frame build). */
  dir: string;
  /** Folder of the dummy frame build. */
  frameDir: string;
  /** Closes the gateway and deletes the folder. */
  close(): Promise<void>;
}

/** Contents of the dummy frame page. */
export const DUMMY_FRAME_HTML =
  '<!doctype html><title>frame</title><script type="module" src="/sdk/v1/assets/frame-AbC123.js"></script>';

/** The test merchant's configuration. */
export function testMerchant(overrides: Partial<MerchantConfig> = {}): MerchantConfig {
  return {
    clientId: MERCHANT_ID,
    name: 'Test Shop',
    publicKeyPem: KEYS.merchantPublic,
    allowedOrigins: [MERCHANT_ORIGIN],
    ...overrides,
  };
}

/** Starts a gateway on an ephemeral port with the fixture keys (no key generation). */
export async function startTestGateway(options: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'antom-gateway-test-'));
  const sandboxDir = join(dir, 'sandbox');
  mkdirSync(sandboxDir, { mode: 0o700 });
  // Pre-seeding the private keys lets ensureSandbox load instead of generating RSA keys per test.
  copyFileSync(join(keyDir, 'gateway-private.pem'), join(sandboxDir, 'gateway-private.pem'));
  copyFileSync(join(keyDir, 'other-private.pem'), join(sandboxDir, 'merchant-SANDBOX_DEMO-private.pem'));
  const frameDir = join(dir, 'frame');
  mkdirSync(join(frameDir, 'assets'), { recursive: true });
  writeFileSync(join(frameDir, 'frame.html'), DUMMY_FRAME_HTML);
  writeFileSync(join(frameDir, 'assets', 'frame-AbC123.js'), 'console.log("frame");');
  writeFileSync(join(frameDir, 'assets', 'frame-AbC123.css'), 'body{margin:0}');
  const clock = new ManualClock(START_TIME);
  const logs: string[] = [];
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      port: 0,
      sandboxDir,
      frameDir,
      clock,
      seed: 7,
      merchants: [testMerchant()],
      log: (line) => logs.push(line),
      ...options,
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    gateway,
    clock,
    logs,
    dir,
    frameDir,
    async close() {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Options of a signed Open API call. */
export interface SignedCallOptions {
  /** Client id (default the test merchant). */
  clientId?: string;
  /** Key that signs (default the test merchant's). */
  privateKey?: string;
  /** Key version in the Signature header (default `1`). */
  keyVersion?: string;
  /** Request-Time header (default epoch ms, as the Java SDK sends). */
  requestTime?: string;
  /** Changes the body after signing. */
  tamper?: (body: string) => string;
  /** Content-Type (default Antom's). */
  contentType?: string;
  /** Overrides the Signature header value entirely. */
  signatureHeader?: string;
  /** HTTP method (default POST). */
  method?: string;
}

/** Sends a signed Open API request, exactly as Antom's SDKs do. */
export function signedCall(
  origin: string,
  path: string,
  body: unknown,
  options: SignedCallOptions = {},
): Promise<Answer> {
  const clientId = options.clientId ?? MERCHANT_ID;
  const requestTime = options.requestTime ?? String(Date.now());
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const method = options.method ?? 'POST';
  const signature = sign(
    { method, path, clientId, time: requestTime, body: text },
    options.privateKey ?? KEYS.merchantPrivate,
  );
  return send(`${origin}${path}`, {
    method,
    headers: {
      'Content-Type': options.contentType ?? 'application/json; charset=UTF-8',
      'Client-Id': clientId,
      'Request-Time': requestTime,
      Signature: options.signatureHeader ?? formatSignatureHeader(signature, options.keyVersion ?? '1'),
    },
    body: options.tamper ? options.tamper(text) : text,
  });
}

/** Verifies an answer's signature the way Antom's Python SDK does (lower-case header names). */
export function answerSignatureValid(answer: Answer, method: string, path: string, publicKey: string): boolean {
  const clientId = answer.headers['client-id'];
  const time = answer.headers['response-time'];
  const header = answer.headers['signature'];
  if (typeof clientId !== 'string' || typeof time !== 'string' || typeof header !== 'string') return false;
  const value = /signature=([^,]+)$/.exec(header)?.[1];
  return value !== undefined && verify({ method, path, clientId, time, body: answer.text }, value, publicKey);
}

/** Path of an Open API endpoint under the sandbox prefix. */
export const SANDBOX_API = '/ams/sandbox/api/v1';

/** A valid createPaymentSession body; `overrides` are merged at the top level. */
export function sessionRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: `req-${Math.random().toString(36).slice(2, 12)}`,
    paymentAmount: { currency: 'USD', value: '1000' },
    order: { orderDescription: 'Two mugs', referenceOrderId: 'order-1' },
    paymentMethod: { paymentMethodType: 'CARD' },
    paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
    paymentRedirectUrl: 'https://shop.example/return?order=1',
    env: { terminalType: 'WEB' },
    ...overrides,
  };
}

/** Creates a session through the signed Open API and returns the answer. */
export async function createSession(origin: string, overrides: Record<string, unknown> = {}): Promise<Answer> {
  return signedCall(origin, `${SANDBOX_API}/payments/createPaymentSession`, sessionRequest(overrides));
}

/** Creates a session and returns its session data (fails the test when creation fails). */
export async function newSessionData(
  origin: string,
  overrides: Record<string, unknown> = {},
): Promise<{ data: string; id: string; requestId: string }> {
  const body = sessionRequest(overrides);
  const answer = await signedCall(origin, `${SANDBOX_API}/payments/createPaymentSession`, body);
  if (resultCode(answer) !== 'SUCCESS') throw new Error(`createPaymentSession failed: ${answer.text}`);
  return {
    data: String(answer.json['paymentSessionData']),
    id: String(answer.json['paymentSessionId']),
    requestId: String(body['paymentRequestId']),
  };
}

/** Headers the frame's same-origin fetch sends. */
export function frameHeaders(origin: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'Content-Type': 'application/json', Origin: origin, 'Sec-Fetch-Site': 'same-origin', ...extra };
}

/** Card data for a payment. */
export interface TestCardData {
  number: string;
  expiryMonth: string;
  expiryYear: string;
  cvc: string;
  holderName: string;
}

/** A card with a valid expiry, a CVC of its brand's length and a holder. */
export function card(number: string, overrides: Partial<TestCardData> = {}): TestCardData {
  return {
    number,
    ...VALID_EXPIRY,
    cvc: '1234'.slice(0, brandInfo(readNumber(number).brand).cvcLength),
    holderName: 'Ada Lovelace',
    ...overrides,
  };
}

let keyCounter = 0;

/** A fresh Idempotency-Key. */
export function newKey(): string {
  keyCounter += 1;
  return `attempt-${process.pid}-${keyCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Posts a card from "the frame". */
export function pay(origin: string, sessionData: string, cardData: TestCardData, key = newKey()): Promise<Answer> {
  return send(`${origin}/sdk/v1/payments`, {
    method: 'POST',
    headers: frameHeaders(origin, { 'Idempotency-Key': key }),
    body: JSON.stringify({ paymentSessionData: sessionData, card: cardData }),
  });
}

/** Posts a JSON body to an SDK endpoint (`/sdk/v1/payments`, `/sdk/v1/vaults`) as the frame does. */
export function sdkPost(origin: string, path: string, body: unknown, key = newKey()): Promise<Answer> {
  return send(`${origin}${path}`, {
    method: 'POST',
    headers: frameHeaders(origin, { 'Idempotency-Key': key }),
    body: JSON.stringify(body),
  });
}

/** Posts `/sdk/v1/session` as the frame does. */
export function sessionView(origin: string, sessionData: string): Promise<Answer> {
  return send(`${origin}/sdk/v1/session`, {
    method: 'POST',
    headers: frameHeaders(origin),
    body: JSON.stringify({ paymentSessionData: sessionData }),
  });
}

/** Inquires a payment by request id through the signed Open API. */
export function inquire(origin: string, reference: { paymentRequestId?: string; paymentId?: string }): Promise<Answer> {
  return signedCall(origin, `${SANDBOX_API}/payments/inquiryPayment`, reference);
}

/** Path of a payments endpoint under the sandbox prefix, e.g. `payments('capture')`. */
export const payments = (endpoint: string): string => `${SANDBOX_API}/payments/${endpoint}`;

/** Calls a signed payments endpoint. */
export function openApi(
  origin: string,
  endpoint: string,
  body: unknown,
  options: SignedCallOptions = {},
): Promise<Answer> {
  return signedCall(origin, payments(endpoint), body, options);
}

let requestCounter = 0;

/** A fresh merchant request id with a prefix, e.g. `cap-1234-5`. */
export function newRequestId(prefix: string): string {
  requestCounter += 1;
  return `${prefix}-${process.pid}-${requestCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Card meta data of `payments/pay`, valid at START_TIME. */
export function cardMetaData(cardNo: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cardNo,
    cvv: cardNo.startsWith('37') ? '1234' : '123',
    ...VALID_EXPIRY,
    cardholderName: { firstName: 'Ada', lastName: 'Lovelace' },
    ...overrides,
  };
}

/** A valid `payments/pay` body with card data; `overrides` are merged at the top level. */
export function payRequest(
  cardNo = '4054695723100768',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: newRequestId('pay'),
    paymentAmount: { currency: 'USD', value: '1000' },
    order: { orderDescription: 'Two mugs', referenceOrderId: 'order-1' },
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: cardMetaData(cardNo) },
    paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
    paymentRedirectUrl: 'https://shop.example/return?order=1',
    env: { terminalType: 'WEB' },
    ...overrides,
  };
}

/** Pays with `payments/pay` (MANUAL capture unless overridden) and returns the payment id; fails the test otherwise. */
export async function authorize(
  origin: string,
  overrides: Record<string, unknown> = {},
  cardNo = '4054695723100768',
): Promise<string> {
  const answer = await openApi(origin, 'pay', payRequest(cardNo, overrides));
  if (resultCode(answer) !== 'SUCCESS') throw new Error(`pay failed: ${answer.text}`);
  return String(answer.json['paymentId']);
}

/** Captures `value` (default the full 1000 USD) of a payment. */
export function capture(
  origin: string,
  paymentId: string,
  value = '1000',
  extra: Record<string, unknown> = {},
): Promise<Answer> {
  return openApi(origin, 'capture', {
    captureRequestId: newRequestId('cap'),
    paymentId,
    captureAmount: { currency: 'USD', value },
    ...extra,
  });
}

/** Path of a vaults endpoint under the sandbox prefix, e.g. `vaults('deleteToken')`. */
export const vaults = (endpoint: string): string => `${SANDBOX_API}/vaults/${endpoint}`;

/** Calls a signed vaults endpoint. */
export function vaultApi(
  origin: string,
  endpoint: string,
  body: unknown,
  options: SignedCallOptions = {},
): Promise<Answer> {
  return signedCall(origin, vaults(endpoint), body, options);
}

/** Pays 1000 USD with `payments/pay` and `tokenize: true`; returns the issued token (fails the test otherwise). */
export async function tokenizeCard(
  origin: string,
  cardNo = '4054695723100768',
  metaData: Record<string, unknown> = {},
  options: SignedCallOptions = {},
): Promise<string> {
  const answer = await openApi(
    origin,
    'pay',
    payRequest(cardNo, {
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: cardMetaData(cardNo, { tokenize: true, ...metaData }),
      },
    }),
    options,
  );
  const token = at(answer.json, 'paymentResultInfo.cardToken');
  if (resultCode(answer) !== 'SUCCESS' || typeof token !== 'string') throw new Error(`tokenize failed: ${answer.text}`);
  return token;
}

/** Cancels a payment by id. */
export function cancel(origin: string, paymentId: string): Promise<Answer> {
  return openApi(origin, 'cancel', { paymentId });
}

/** Refunds `value` USD of a payment. */
export function refund(
  origin: string,
  paymentId: string,
  value: string,
  extra: Record<string, unknown> = {},
): Promise<Answer> {
  return openApi(origin, 'refund', {
    refundRequestId: newRequestId('ref'),
    paymentId,
    refundAmount: { currency: 'USD', value },
    ...extra,
  });
}

/** One week, the authorization window. */
export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Antom's notification acknowledgement. */
export const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

/** A notification as a merchant endpoint received it. */
export interface Receipt {
  path: string;
  headers: IncomingHttpHeaders;
  rawHeaderNames: string[];
  body: string;
  /** `performance.now()` at arrival. */
  at: number;
}

/** A merchant notification endpoint. */
export interface Receiver {
  url: (path: string) => string;
  receipts: Receipt[];
  /** Parsed bodies, in arrival order. */
  bodies: () => Array<Record<string, unknown>>;
  close: () => Promise<void>;
}

/** A receiver's reply; `delayMs` holds the answer back. */
export interface Reply {
  status: number;
  body: string;
  delayMs?: number;
}

/** Starts a notification endpoint; `answer(n, body)` decides the reply to the n-th (1-based) delivery. */
export async function startReceiver(
  answer: (n: number, body: string) => Reply = () => ({ status: 200, body: ACK }),
): Promise<Receiver> {
  const receipts: Receipt[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      receipts.push({
        path: req.url ?? '',
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, index) => index % 2 === 0),
        body,
        at: performance.now(),
      });
      const reply = answer(receipts.length, body);
      setTimeout(() => {
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(reply.body);
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    receipts,
    bodies: () => receipts.map((receipt) => JSON.parse(receipt.body) as Record<string, unknown>),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls `condition` every 10 ms, at most `limitMs`. */
export async function waitFor(condition: () => boolean, limitMs: number, what: string): Promise<void> {
  for (let waited = 0; waited <= limitMs; waited += 10) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

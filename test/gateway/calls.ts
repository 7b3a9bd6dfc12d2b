/**
 * The calls the gateway tests make, over real HTTP: signed Open API calls as a merchant's backend
 * makes them (Antom's signing, as its SDKs do it), the frame's same-origin SDK calls, and builders
 * of valid request bodies. Servers, keys, cards and waits are the test-support kit's (test/support/).
 */
import { formatSignatureHeader, sign, verify } from '../../src/server/signing.js';
import { CARDS, cardMetaData, type TestCardData } from '../support/cards.js';
import { at, send, type Answer } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { gatewayNow, MERCHANT_ID, MERCHANT_ORIGIN } from '../support/servers.js';

/** `result.resultCode` of an answer. */
export const resultCode = (answer: Answer): unknown => at(answer.json, 'result.resultCode');

/** Options of a signed Open API call. */
export interface SignedCallOptions {
  /** Client id (default the test merchant). */
  clientId?: string;
  /** Key that signs (default the test merchant's). */
  privateKey?: string;
  /** Key version in the Signature header (default `1`). */
  keyVersion?: string;
  /** Request-Time header (default epoch ms on the gateway's clock, as the Java SDK sends). */
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
  const requestTime = options.requestTime ?? String(gatewayNow(origin));
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const method = options.method ?? 'POST';
  const signature = sign(
    { method, path, clientId, time: requestTime, body: text },
    options.privateKey ?? KEYS.merchant.privateKey,
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
    order: {
      orderDescription: 'Two mugs',
      referenceOrderId: 'order-1',
      orderAmount: { currency: 'USD', value: '1000' },
    },
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

/** Posts `/sdk/v1/session` as the frame does, from a page on `embedder` (the test merchant's by default). */
export function sessionView(origin: string, sessionData: string, embedder = MERCHANT_ORIGIN): Promise<Answer> {
  return send(`${origin}/sdk/v1/session`, {
    method: 'POST',
    headers: frameHeaders(origin),
    body: JSON.stringify({ paymentSessionData: sessionData, origin: embedder }),
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

/** A valid `payments/pay` body with card data; `overrides` are merged at the top level. */
export function payRequest(
  cardNo = CARDS.visa.approved,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: newRequestId('pay'),
    paymentAmount: { currency: 'USD', value: '1000' },
    order: {
      orderDescription: 'Two mugs',
      referenceOrderId: 'order-1',
      orderAmount: { currency: 'USD', value: '1000' },
    },
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
  cardNo = CARDS.visa.approved,
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
  cardNo = CARDS.visa.approved,
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

/**
 * A typed client for Antom's Open API: signs requests, verifies response signatures before trusting
 * a byte of the body, maps failures to `AntomError`, and verifies notifications.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { isRecord, object, oneOf, optional, SchemaError, string, tryParse, type Schema } from '../shared/schema.js';
import { AntomError } from './errors.js';
import {
  checkNotificationRequest,
  type NotificationProblem,
  type NotificationRequest,
} from './notifications.js';
import {
  apiPrefix,
  formatSignatureHeader,
  isWellFormedClientId,
  parseSignatureHeader,
  signAsync,
  verify,
  type KeyLike,
} from './signing.js';
import type {
  AntomResponse,
  CancelRequest,
  CancelResult,
  CaptureRequest,
  CaptureResult,
  CreatePaymentSessionRequest,
  CreatePaymentSessionResult,
  CreateVaultingSessionRequest,
  CreateVaultingSessionResult,
  DeleteTokenRequest,
  DeleteTokenResult,
  InquireTokenRequest,
  InquireTokenResult,
  InquireVaultingRequest,
  InquireVaultingResult,
  InquiryPaymentRequest,
  InquiryPaymentResult,
  InquiryRefundRequest,
  InquiryRefundResult,
  PayRequest,
  PayResult,
  RefundRequest,
  RefundResult,
  RetrievePaymentSessionRequest,
  RetrievePaymentSessionResult,
  UpdateTokenRequest,
  UpdateTokenResult,
  VaultPaymentMethodRequest,
  VaultPaymentMethodResult,
} from './types.js';

/** Antom's global Open API origin (the one Antom's own SDKs default to). */
export const ANTOM_GLOBAL_ENDPOINT = 'https://open-sea-global.alipay.com';

/** Default time allowed for one call, request and whole response, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Who the client signs as, which keys it uses, where it calls and how long it waits. */
export interface AntomClientOptions {
  /** Your client id from Antom Dashboard; sandbox ids start with `SANDBOX_` and use the sandbox path. */
  clientId: string;
  /**
   * Your merchant RSA private key: PEM (PKCS#8 or PKCS#1), a `KeyObject`, or the bare Base64 PKCS#8
   * string Antom Dashboard shows. Its public half is what you upload to Antom.
   */
  privateKey: KeyLike;
  /**
   * Antom's RSA public key (Dashboard: "Antom public key"), or the sandbox gateway's: PEM (SPKI), a
   * `KeyObject`, or the bare Base64 SPKI string. Verifies responses and notifications.
   */
  antomPublicKey: KeyLike;
  /** Open API origin, e.g. `http://127.0.0.1:8787` for the sandbox gateway. Default: Antom's global origin. */
  endpoint?: string;
  /** `keyVersion` of the `Signature` header. Default `1`. */
  keyVersion?: string;
  /** Time allowed per call, in milliseconds. Default 15000. */
  timeoutMs?: number;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Clock for `Request-Time` and for reading a notification's `request-time` (epoch milliseconds). Default `Date.now`. */
  now?: () => number;
  /** How far a notification's `request-time` may be from `now`, either way (ours). Default 5 minutes. */
  requestTimeWindowMs?: number;
}

/** Largest response body read; Antom's answers are a few kilobytes. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const ENDPOINT_NAME = /^[A-Za-z]+(?:\/[A-Za-z]+)+$/;
const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

function readPrivateKey(key: KeyLike): KeyObject {
  if (typeof key !== 'string') {
    if (key.type !== 'private') throw new TypeError('not a private key');
    return key;
  }
  if (!key.includes('-----BEGIN') && BASE64.test(key)) {
    return createPrivateKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'pkcs8' });
  }
  return createPrivateKey(key);
}

function readPublicKey(key: KeyLike): KeyObject {
  if (typeof key !== 'string') return createPublicKey(key);
  if (!key.includes('-----BEGIN') && BASE64.test(key)) {
    return createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' });
  }
  return createPublicKey(key);
}

/** Loads a key once, so a wrong key fails at construction with a named option, not at the first call. */
function loadKey(read: (key: KeyLike) => KeyObject, key: KeyLike, option: string, kind: string): KeyObject {
  let loaded: KeyObject | undefined;
  try {
    loaded = read(key);
  } catch {
    loaded = undefined;
  }
  if (loaded?.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`AntomClient: options.${option} is not a readable RSA ${kind} key`);
  }
  return loaded;
}

function normalizeOrigin(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError('AntomClient: options.endpoint must be an absolute http(s) origin');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('AntomClient: options.endpoint must use http or https');
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new TypeError('AntomClient: options.endpoint must be an origin only (no path, query or credentials)');
  }
  return url.origin;
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.message : 'unknown network error';
}

/** Reads a body up to `limit` bytes; `undefined` when it is larger. */
async function readLimited(response: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Node's fetch types the body as `ReadableStream<any>`; it always yields bytes.
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The envelope every Antom answer carries; the method's result type describes the rest. */
const resultEnvelope = object({
  result: object({
    resultCode: string({ min: 0 }),
    resultStatus: oneOf(['S', 'F', 'U']),
    resultMessage: optional(string({ min: 0 }), { refuseNull: true }),
  }),
});

/** The request ids a method cannot call Antom without, e.g. `requiredIds('paymentRequestId')`. */
const requiredIds = (...fields: string[]): Schema<unknown> =>
  object(Object.fromEntries(fields.map((field) => [field, string({ rule: 'must be a non-empty string' })])), {
    rule: 'must be an object',
  });

const PAY_IDS = requiredIds('paymentRequestId');
const CAPTURE_IDS = requiredIds('captureRequestId', 'paymentId');
const REFUND_IDS = requiredIds('refundRequestId', 'paymentId');
const VAULTING_IDS = requiredIds('vaultingRequestId');
const TOKEN_IDS = requiredIds('token', 'merchantAccountId');

/**
 * Client for Antom's Open API (card payments).
 *
 * Against the real Antom: `endpoint` is Antom's origin for your account (default
 * `https://open-sea-global.alipay.com`), `privateKey` is your merchant private key, `antomPublicKey`
 * is Antom's public key from Antom Dashboard. A `SANDBOX_...` client id calls Antom's sandbox
 * (`/ams/sandbox/api/v1`); a live client id calls `/ams/api/v1`. Against the offline sandbox gateway,
 * set `endpoint` to the gateway origin and `antomPublicKey` to the gateway's public key.
 *
 * Every method resolves with the response when `resultStatus` is `S` or `U`. A `U` response means the
 * outcome is unknown or still in process: inquire later or wait for the notification; never treat it
 * as a failure. `F` rejects with `AntomError` of kind `RESULT_FAILED`; see `AntomError` for the rest.
 */
export class AntomClient {
  /** Your client id, sent as `client-id` and signed into every request. */
  readonly clientId: string;
  /** The Open API origin this client calls. */
  readonly endpoint: string;
  /** `keyVersion` sent in the `Signature` header. */
  readonly keyVersion: string;
  /** Time allowed per call, in milliseconds. */
  readonly timeoutMs: number;
  readonly #privateKey: KeyObject;
  readonly #antomPublicKey: KeyObject;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #requestTimeWindowMs: number | undefined;

  constructor(options: AntomClientOptions) {
    if (typeof options?.clientId !== 'string' || !isWellFormedClientId(options.clientId)) {
      throw new TypeError(
        'AntomClient: options.clientId must be the id Antom issued: 1 to 64 letters, digits, "_" or "-"',
      );
    }
    const keyVersion = options.keyVersion ?? '1';
    if (!/^[0-9A-Za-z_.-]+$/.test(keyVersion)) {
      throw new TypeError('AntomClient: options.keyVersion must be a short token such as "1"');
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new TypeError('AntomClient: options.timeoutMs must be a positive number');
    }
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new TypeError('AntomClient: no fetch available; pass options.fetch');
    }
    this.clientId = options.clientId;
    this.endpoint = normalizeOrigin(options.endpoint ?? ANTOM_GLOBAL_ENDPOINT);
    this.keyVersion = keyVersion;
    this.timeoutMs = timeoutMs;
    this.#privateKey = loadKey(readPrivateKey, options.privateKey, 'privateKey', 'private');
    this.#antomPublicKey = loadKey(readPublicKey, options.antomPublicKey, 'antomPublicKey', 'public');
    this.#fetch = fetchImpl;
    this.#now = options.now ?? Date.now;
    const window = options.requestTimeWindowMs;
    if (window !== undefined && !(Number.isFinite(window) && window > 0)) {
      throw new TypeError('AntomClient: options.requestTimeWindowMs must be a positive number of milliseconds');
    }
    this.#requestTimeWindowMs = window;
  }

  /** Creates a payment session for `<antom-card-checkout>`; hand `paymentSessionData` to the page. */
  async createPaymentSession(request: CreatePaymentSessionRequest): Promise<AntomResponse<CreatePaymentSessionResult>> {
    return this.#send('payments/createPaymentSession', request, [
      'paymentSessionData',
      'paymentSessionId',
      'paymentSessionExpiryTime',
    ]);
  }

  /** Reads a payment's status; `result` only says the inquiry worked, `paymentStatus` is the answer. */
  async inquiryPayment(request: InquiryPaymentRequest): Promise<AntomResponse<InquiryPaymentResult>> {
    requireReference('inquiryPayment', request);
    return this.#send('payments/inquiryPayment', request, ['paymentStatus', 'paymentId', 'paymentRequestId']);
  }

  /** Pays server to server with a saved card token or (PCI DSS merchants only) card details. */
  async pay(request: PayRequest): Promise<AntomResponse<PayResult>> {
    checkRequest('pay', PAY_IDS, request);
    return this.#send('payments/pay', request, ['paymentId']);
  }

  /** Captures an authorized payment (`MANUAL` capture mode). `U`: wait for `notifyCapture` or inquire. */
  async capture(request: CaptureRequest): Promise<AntomResponse<CaptureResult>> {
    checkRequest('capture', CAPTURE_IDS, request);
    return this.#send('payments/capture', request, ['captureId']);
  }

  /** Voids an authorized, uncaptured payment (full cancellation only). */
  async cancel(request: CancelRequest): Promise<AntomResponse<CancelResult>> {
    requireReference('cancel', request);
    return this.#send('payments/cancel', request, []);
  }

  /** Refunds a captured payment, fully or partly. `U`: wait for `notifyRefund` or call `inquiryRefund`. */
  async refund(request: RefundRequest): Promise<AntomResponse<RefundResult>> {
    checkRequest('refund', REFUND_IDS, request);
    return this.#send('payments/refund', request, ['refundId']);
  }

  /** Reads a refund's status. */
  async inquiryRefund(request: InquiryRefundRequest): Promise<AntomResponse<InquiryRefundResult>> {
    const ids: Record<string, unknown> = isRecord(request) ? request : {};
    if (typeof ids.refundId !== 'string' && typeof ids.refundRequestId !== 'string') {
      throw new TypeError('inquiryRefund: refundId or refundRequestId is required');
    }
    return this.#send('payments/inquiryRefund', request, ['refundStatus']);
  }

  /** Creates a vaulting session for `<antom-card-checkout mode="vault">`; hand `vaultingSessionData` to the page. */
  async createVaultingSession(
    request: CreateVaultingSessionRequest,
  ): Promise<AntomResponse<CreateVaultingSessionResult>> {
    checkRequest('createVaultingSession', VAULTING_IDS, request);
    return this.#send('vaults/createVaultingSession', request, [
      'vaultingSessionData',
      'vaultingSessionId',
      'vaultingSessionExpiryTime',
    ]);
  }

  /** Vaults card details server to server (PCI DSS merchants only). `U`: the buyer must pass 3DS first. */
  async vaultPaymentMethod(request: VaultPaymentMethodRequest): Promise<AntomResponse<VaultPaymentMethodResult>> {
    checkRequest('vaultPaymentMethod', VAULTING_IDS, request);
    return this.#send('vaults/vaultPaymentMethod', request, ['vaultingRequestId']);
  }

  /** Reads a vaulting's status; `vaultingStatus` is the answer, `result` only says the inquiry worked. */
  async inquireVaulting(request: InquireVaultingRequest): Promise<AntomResponse<InquireVaultingResult>> {
    checkRequest('inquireVaulting', VAULTING_IDS, request);
    return this.#send('vaults/inquireVaulting', request, ['vaultingStatus']);
  }

  /** Reads what Antom holds for a card token: its expiry, issuing country and holder details. */
  async inquireToken(request: InquireTokenRequest): Promise<AntomResponse<InquireTokenResult>> {
    checkRequest('inquireToken', TOKEN_IDS, request);
    return this.#send('vaults/inquireToken', request, ['token']);
  }

  /** Updates a card token's holder name, e-mail or expiry (e.g. after the buyer's card was reissued). */
  async updateToken(request: UpdateTokenRequest): Promise<AntomResponse<UpdateTokenResult>> {
    checkRequest('updateToken', TOKEN_IDS, request);
    return this.#send('vaults/updateToken', request, ['token']);
  }

  /**
   * Retrieves a payment session by `paymentSessionId` (wins) or `paymentRequestId`, at the path
   * Antom's reference documents (its SDKs send `/ams/api//v1/...`; the offline sandbox serves both).
   */
  async retrievePaymentSession(
    request: RetrievePaymentSessionRequest,
  ): Promise<AntomResponse<RetrievePaymentSessionResult>> {
    const ids: Record<string, unknown> = isRecord(request) ? request : {};
    if (typeof ids.paymentSessionId !== 'string' && typeof ids.paymentRequestId !== 'string') {
      throw new TypeError('retrievePaymentSession: paymentSessionId or paymentRequestId is required');
    }
    return this.#send('payments/retrievePaymentSession', request, []);
  }

  /** Deletes a vaulted card token (when the buyer removes a saved card). */
  async deleteToken(request: DeleteTokenRequest): Promise<AntomResponse<DeleteTokenResult>> {
    checkRequest('deleteToken', TOKEN_IDS, request);
    return this.#send('vaults/deleteToken', request, []);
  }

  /**
   * Calls any Open API endpoint, e.g. `call<MyReq, MyRes>('vaults/inquireVaulting', body)`.
   * Only the result envelope is checked at run time; `TRes` describes the rest as Antom documents it.
   */
  async call<TReq extends object, TRes extends object>(endpoint: string, body: TReq): Promise<AntomResponse<TRes>> {
    return this.#send<TRes>(endpoint, body, []);
  }

  /**
   * Verifies a notification Antom posted to your `paymentNotifyUrl`. Pass the path exactly as your
   * server received it and the raw body text. Answer `NOTIFICATION_ACK` only after `true`.
   */
  verifyNotification(request: NotificationRequest): boolean {
    return this.checkNotification(request) === undefined;
  }

  /**
   * `verifyNotification` that says why a notification is refused (a stale `request-time`, another
   * client id, a bad signature...), for your log; `undefined` when it verifies.
   */
  checkNotification(request: NotificationRequest): NotificationProblem | undefined {
    return checkNotificationRequest(request, {
      antomPublicKey: this.#antomPublicKey,
      clientId: this.clientId,
      now: this.#now,
      ...(this.#requestTimeWindowMs === undefined ? {} : { requestTimeWindowMs: this.#requestTimeWindowMs }),
    });
  }

  async #send<TRes>(
    endpoint: string,
    body: object,
    requiredOnSuccess: readonly string[],
  ): Promise<AntomResponse<TRes>> {
    const name = endpoint.replace(/^\/+/, '');
    if (!ENDPOINT_NAME.test(name)) {
      throw new TypeError(`AntomClient: endpoint "${endpoint}" must look like "payments/inquiryPayment"`);
    }
    if (!isRecord(body)) throw new TypeError(`${name}: the request body must be an object`);
    const path = `${apiPrefix(this.clientId)}/${name}`;
    const payload = JSON.stringify(body);
    const requestTime = String(this.#now());
    const signature = await signAsync(
      { method: 'POST', path, clientId: this.clientId, time: requestTime, body: payload },
      this.#privateKey,
    );

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let headers: Headers;
    let bytes: Uint8Array | undefined;
    try {
      const response = await this.#fetch(`${this.endpoint}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=UTF-8',
          'Client-Id': this.clientId,
          'Request-Time': requestTime,
          Signature: formatSignatureHeader(signature, this.keyVersion),
        },
        body: payload,
        redirect: 'manual',
        signal: controller.signal,
      });
      status = response.status;
      headers = response.headers;
      bytes = await readLimited(response, MAX_RESPONSE_BYTES);
    } catch (error) {
      if (controller.signal.aborted) {
        throw new AntomError('TIMEOUT', `Antom ${name}: no complete response within ${this.timeoutMs} ms`, {
          endpoint: name,
        });
      }
      throw new AntomError('TRANSPORT', `Antom ${name}: could not reach ${this.endpoint} (${networkReason(error)})`, {
        endpoint: name,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }

    if (status !== 200) {
      throw new AntomError('HTTP_STATUS', `Antom ${name}: HTTP ${status}`, { endpoint: name, httpStatus: status });
    }
    if (bytes === undefined) {
      throw new AntomError(
        'INVALID_RESPONSE',
        `Antom ${name}: the response is larger than ${MAX_RESPONSE_BYTES} bytes`,
        {
          endpoint: name,
          httpStatus: status,
        },
      );
    }
    // Decode ourselves: `response.text()` drops a leading BOM, which would break the signature.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    this.#verifyResponse(name, path, headers, text);

    let parsed: unknown;
    try {
      parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    } catch {
      throw new AntomError('INVALID_RESPONSE', `Antom ${name}: the response body is not JSON`, {
        endpoint: name,
        httpStatus: status,
      });
    }
    const result = tryParse(resultEnvelope, parsed)?.result;
    if (!result || !isRecord(parsed)) {
      throw new AntomError('INVALID_RESPONSE', `Antom ${name}: the response has no valid result envelope`, {
        endpoint: name,
        httpStatus: status,
      });
    }
    const resultMessage = result.resultMessage ?? '';
    if (result.resultStatus === 'F') {
      throw new AntomError('RESULT_FAILED', `Antom ${name}: ${result.resultCode} (${resultMessage})`, {
        endpoint: name,
        httpStatus: status,
        resultCode: result.resultCode,
        resultStatus: 'F',
        resultMessage,
      });
    }
    if (result.resultStatus === 'S') {
      const missing = requiredOnSuccess.find((field) => typeof parsed[field] !== 'string');
      if (missing) {
        throw new AntomError('INVALID_RESPONSE', `Antom ${name}: the response lacks ${missing}`, {
          endpoint: name,
          httpStatus: status,
        });
      }
    }
    return parsed as unknown as AntomResponse<TRes>;
  }

  #verifyResponse(name: string, path: string, headers: Headers, body: string): void {
    const clientId = headers.get('client-id');
    const responseTime = headers.get('response-time');
    const signature = parseSignatureHeader(headers.get('signature'));
    let problem: string | undefined;
    if (!clientId || !responseTime || !signature) {
      const refused = refusal(name, body);
      if (refused) throw refused;
      problem = 'the response is not signed (client-id, response-time or signature header missing)';
    } else if (clientId !== this.clientId) {
      problem = 'the response names another client id';
    } else if (signature.algorithm !== 'RSA256') {
      problem = 'the response signature algorithm is not RSA256';
    } else if (
      !verify({ method: 'POST', path, clientId, time: responseTime, body }, signature.signature, this.#antomPublicKey)
    ) {
      problem = 'the response signature does not verify with antomPublicKey';
    }
    if (problem) {
      throw new AntomError('INVALID_RESPONSE_SIGNATURE', `Antom ${name}: ${problem}`, {
        endpoint: name,
        httpStatus: 200,
      });
    }
  }
}

/**
 * Throws `REQUEST_REFUSED` for an unsigned `F` envelope: what Antom answers when it cannot tell who
 * sent a request (unknown client id, bad signature, unknown key). Anything else unsigned is left to
 * the caller, which refuses it as unverified.
 */
function refusal(name: string, body: string): AntomError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = tryParse(resultEnvelope, parsed)?.result;
  if (result?.resultStatus !== 'F') return undefined;
  const resultMessage = result.resultMessage ?? '';
  return new AntomError(
    'REQUEST_REFUSED',
    `Antom ${name}: refused before it could authenticate the request: ${result.resultCode} (${resultMessage}); check the client id and keys`,
    { endpoint: name, httpStatus: 200, resultCode: result.resultCode, resultStatus: 'F', resultMessage },
  );
}

function requireReference(method: string, request: unknown): void {
  const ids = isRecord(request) ? request : {};
  if (typeof ids.paymentId !== 'string' && typeof ids.paymentRequestId !== 'string') {
    throw new TypeError(`${method}: paymentId or paymentRequestId is required`);
  }
}

/** Throws `TypeError` naming the method and the field when `request` does not fit `schema`. */
function checkRequest(method: string, schema: Schema<unknown>, request: unknown): void {
  try {
    schema.parse(request, '');
  } catch (error) {
    throw error instanceof SchemaError ? new TypeError(`${method}: ${error.message}`) : error;
  }
}

/**
 * The frame's calls to its own origin: load the public session view, and pay (or, in a vault
 * session, bind the card without paying). Answers are checked before use; an answer that cannot
 * be read, or that does not come within `REQUEST_TIMEOUT_MS`, counts as a network failure,
 * because the element then retries with the same idempotency key, which the gateway answers
 * idempotently.
 */
import { channelId, normalizeBrand, resultCode, type SessionErrorCode } from '../../shared/channel/messages.js';
import { isRecord, tryParse } from '../../shared/schema.js';
import type { PaymentOutcome, SdkPaymentRequest, SdkVaultRequest, SessionView } from '../../shared/types.js';

/** Outcome of loading the session view. */
export type SessionLoad = { view: SessionView } | { error: SessionErrorCode };

/** Outcome of a payment or vault request: a readable answer, or none. */
export type PaymentAttempt = { outcome: PaymentOutcome } | { networkError: true };

type Rec = Record<string, unknown>;

const SESSION_CODES: readonly string[] = ['SESSION_EXPIRED', 'SESSION_NOT_FOUND', 'SESSION_INVALID'];

/** Longest wait for an answer of the gateway before it counts as lost (a hung connection never ends by itself). */
export const REQUEST_TIMEOUT_MS = 20_000;

/** POSTs JSON to the frame's own origin; `undefined` for a network failure, a 5xx or an answer without an envelope. */
export async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Rec | undefined> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status >= 500) return undefined;
    const json: unknown = await response.json();
    return isRecord(json) && isRecord(json['result']) ? json : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `POST /sdk/v1/session`: the public view of the session, which must be the `expected` one, for a
 * page on `origin` (the gateway shows a session only on its merchant's pages).
 */
export async function loadSession(
  paymentSessionData: string,
  expected: Pick<SessionView, 'paymentSessionId' | 'mode'>,
  origin: string,
): Promise<SessionLoad> {
  const answer = await post('/sdk/v1/session', { paymentSessionData, origin });
  if (!answer) return { error: 'NETWORK_ERROR' };
  const result = answer['result'] as Rec;
  if (result['resultStatus'] !== 'S') {
    const code = String(result['resultCode']);
    return { error: SESSION_CODES.includes(code) ? (code as SessionErrorCode) : 'SESSION_INVALID' };
  }
  // The gateway is this frame's own origin; the element checks the view's full shape.
  const view = answer['view'];
  return isRecord(view) &&
    view['paymentSessionId'] === expected.paymentSessionId &&
    view['mode'] === expected.mode &&
    Array.isArray(view['brands']) &&
    Array.isArray(view['savedCards'] ?? [])
    ? { view: view as unknown as SessionView }
    : { error: 'SESSION_INVALID' };
}

const digits = (value: unknown, length: number): value is string =>
  typeof value === 'string' && value.length === length && /^\d+$/.test(value);

function cardFacts(value: unknown): PaymentOutcome['card'] {
  if (!isRecord(value)) return null;
  const brand = normalizeBrand(value['brand']);
  const { last4, expiryMonth, expiryYear } = value;
  return brand && digits(last4, 4) && digits(expiryMonth, 2) && digits(expiryYear, 2)
    ? { brand, last4, expiryMonth, expiryYear }
    : null;
}

const STATUS = { S: 'SUCCESS', F: 'FAIL', U: 'PROCESSING' } as const;

/**
 * Maps a gateway answer to what the element receives; parts that are not well-formed are left out
 * (a challenge reference is passed on as is: the element's parser checks its shape).
 */
export function toOutcome(answer: Rec): PaymentOutcome | undefined {
  const result = answer['result'] as Rec;
  const resultStatus = result['resultStatus'];
  if (resultStatus !== 'S' && resultStatus !== 'F' && resultStatus !== 'U') return undefined;
  const { resultMessage } = result;
  return {
    status: STATUS[resultStatus],
    resultCode: tryParse(resultCode, result['resultCode']) ?? 'UNKNOWN_EXCEPTION',
    resultMessage: typeof resultMessage === 'string' ? resultMessage.slice(0, 512) : '',
    paymentId: tryParse(channelId, answer['paymentId']) ?? null,
    card: cardFacts(answer['card']),
    ...(isRecord(answer['challenge']) ? { challenge: answer['challenge'] as { id: string } } : {}),
  };
}

/**
 * `POST /sdk/v1/payments`, or `POST /sdk/v1/vaults` to bind the card of a vault session (no payment,
 * so no payment id), with the attempt id as idempotency key.
 */
export async function pay(
  request: SdkPaymentRequest | SdkVaultRequest,
  attemptId: string,
  vault: boolean,
): Promise<PaymentAttempt> {
  const answer = await post(`/sdk/v1/${vault ? 'vaults' : 'payments'}`, request, { 'Idempotency-Key': attemptId });
  const outcome = answer && toOutcome(answer);
  if (outcome && vault) outcome.paymentId = null;
  return outcome ? { outcome } : { networkError: true };
}

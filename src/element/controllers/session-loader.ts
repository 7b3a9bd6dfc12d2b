/**
 * Gets the payment session: either POSTs `session-url` (same-origin credentials, JSON body from
 * `sessionRequest`) or takes the `session` property, and checks the answer strictly.
 */
import { isRecord, object, optional, string, tryParse } from '../../shared/schema.js';
import {
  classifySessionData,
  type ParsedAntomSessionData,
  type ParsedSessionData,
  type SessionMode,
} from '../../shared/session-data.js';
import type { Amount } from '../../shared/types.js';
import type { AntomErrorReason } from '../events.js';
import type { Diagnostic } from '../warn.js';

/** A createPaymentSession (or createVaultingSession) answer, or the raw session data string. */
export type SessionInput =
  | string
  | { paymentSessionData: string; [key: string]: unknown }
  | { vaultingSessionData: string; [key: string]: unknown };

/** Public facts of a session that its answer gives beside the session data. */
export interface SessionFacts {
  /** `paymentSessionId` / `vaultingSessionId` of the answer, or the sandbox's id from the session data. */
  paymentSessionId: string | null;
  /** `paymentSessionExpiryTime` / `vaultingSessionExpiryTime` of the answer, ISO-8601. */
  expiresAt: string | null;
  /**
   * (ours) `paymentAmount` echoed by the merchant's session endpoint, for the pay button of an
   * Antom session (Antom's answer does not repeat it; the sandbox's frame knows it anyway).
   */
  amount: Amount | null;
}

/** A session the element can use: the sandbox's (our secure frame) or Antom's (its Web SDK). */
export type LoadedSession =
  | { kind: 'sandbox'; sessionData: string; parsed: ParsedSessionData; facts: SessionFacts }
  | { kind: 'antom'; sessionData: string; parsed: ParsedAntomSessionData; facts: SessionFacts };

/** Why a session could not be loaded. */
export class SessionLoadError extends Error {
  /** What `antom-error` reports as `detail.reason`. */
  readonly reason: AntomErrorReason;
  /** What the console tells the developer, or `null` when there is nothing to add. */
  readonly diagnostic: Diagnostic | null;

  constructor(reason: AntomErrorReason, diagnostic: Diagnostic | null) {
    super(reason);
    this.name = 'SessionLoadError';
    this.reason = reason;
    this.diagnostic = diagnostic;
  }
}

const factsSchema = object({
  paymentSessionId: optional(string({ max: 128 })),
  vaultingSessionId: optional(string({ max: 128 })),
  paymentSessionExpiryTime: optional(string({ max: 40 })),
  vaultingSessionExpiryTime: optional(string({ max: 40 })),
  paymentAmount: optional(
    object({ currency: string({ pattern: /^[A-Z]{3}$/ }), value: string({ max: 20, pattern: /^[1-9]\d*$/ }) }),
  ),
});

function factsOf(record: Record<string, unknown>): SessionFacts {
  // The facts only inform the display and the expiry timer: malformed ones are dropped, not fatal.
  const facts = tryParse(factsSchema, record) ?? factsSchema.parse({}, '');
  const expiresAt = facts.paymentSessionExpiryTime ?? facts.vaultingSessionExpiryTime;
  return {
    paymentSessionId: facts.paymentSessionId ?? facts.vaultingSessionId ?? null,
    expiresAt: expiresAt && Number.isFinite(Date.parse(expiresAt)) ? expiresAt : null,
    amount: facts.paymentAmount ?? null,
  };
}

/** Takes a session object or string and validates it. */
export function sessionFromInput(
  input: unknown,
  pinnedGatewayOrigin: string | null,
  mode: SessionMode = 'payment',
): LoadedSession {
  let data: unknown = input;
  let facts: SessionFacts = { paymentSessionId: null, expiresAt: null, amount: null };
  if (isRecord(input)) {
    const result = input['result'];
    if (isRecord(result) && result['resultStatus'] === 'F') {
      const code = typeof result['resultCode'] === 'string' ? result['resultCode'] : 'UNKNOWN';
      throw new SessionLoadError('SESSION_RESPONSE_INVALID', ['session-failed', code]);
    }
    data = input['paymentSessionData'] ?? input['vaultingSessionData'];
    facts = factsOf(input);
  }
  const session = classifySessionData(data);
  if (!session || typeof data !== 'string') {
    throw new SessionLoadError('SESSION_RESPONSE_INVALID', ['session-data']);
  }
  const sessionMode = session.kind === 'sandbox' ? session.parsed.config.mode : session.parsed.mode;
  if (sessionMode !== mode) {
    throw new SessionLoadError('SESSION_RESPONSE_INVALID', ['session-mode', sessionMode, mode]);
  }
  const gateway = session.kind === 'sandbox' ? session.parsed.config.gatewayOrigin : 'Antom itself';
  if (pinnedGatewayOrigin && gateway !== pinnedGatewayOrigin) {
    throw new SessionLoadError('GATEWAY_ORIGIN_MISMATCH', ['gateway-pin', gateway, pinnedGatewayOrigin]);
  }
  if (session.kind === 'antom') return { kind: 'antom', sessionData: data, parsed: session.parsed, facts };
  const { paymentSessionId } = session.parsed.config;
  return { kind: 'sandbox', sessionData: data, parsed: session.parsed, facts: { ...facts, paymentSessionId } };
}

/** POSTs the merchant's session endpoint and validates the answer. */
export async function fetchSession(
  url: string,
  body: unknown,
  pinnedGatewayOrigin: string | null,
  mode: SessionMode,
  signal: AbortSignal,
): Promise<LoadedSession> {
  let target: URL;
  try {
    target = new URL(url, document.baseURI);
  } catch {
    throw new SessionLoadError('INVALID_ATTRIBUTE', ['session-url', url]);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new SessionLoadError('INVALID_ATTRIBUTE', ['session-url-scheme']);
  }
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body ?? {}),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new SessionLoadError('SESSION_REQUEST_FAILED', ['session-unreachable']);
  }
  if (!response.ok) {
    throw new SessionLoadError('SESSION_HTTP_ERROR', ['session-http', String(response.status)]);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    throw new SessionLoadError('SESSION_RESPONSE_INVALID', ['session-not-json']);
  }
  return sessionFromInput(json, pinnedGatewayOrigin, mode);
}

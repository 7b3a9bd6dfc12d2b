/**
 * Gets the payment session: either POSTs `session-url` (same-origin credentials, JSON body from
 * `sessionRequest`) or takes the `session` property, and checks the answer strictly.
 */
import { parseSessionData, type ParsedSessionData, type SessionMode } from '../../shared/session-data.js';
import type { AntomErrorReason } from '../events.js';

/** A createPaymentSession (or createVaultingSession) answer, or the raw session data string. */
export type SessionInput =
  | string
  | { paymentSessionData: string; [key: string]: unknown }
  | { vaultingSessionData: string; [key: string]: unknown };

/** A session the element can use. */
export interface LoadedSession {
  /** The full session data (secret; goes to the frame only). */
  sessionData: string;
  /** The parsed public part. */
  parsed: ParsedSessionData;
}

/** Why a session could not be loaded. */
export class SessionLoadError extends Error {
  /** Named reason for `antom-error`. */
  readonly reason: AntomErrorReason;

  constructor(reason: AntomErrorReason, message: string) {
    super(message);
    this.name = 'SessionLoadError';
    this.reason = reason;
  }
}

/** Takes a session object or string and validates it. */
export function sessionFromInput(
  input: unknown,
  pinnedGatewayOrigin: string | null,
  mode: SessionMode = 'payment',
): LoadedSession {
  let data: unknown = input;
  if (typeof input === 'object' && input !== null) {
    const record = input as Record<string, unknown>;
    const result = record['result'] as Record<string, unknown> | undefined;
    if (result && typeof result === 'object' && result['resultStatus'] === 'F') {
      throw new SessionLoadError(
        'SESSION_RESPONSE_INVALID',
        `createPaymentSession failed: ${String(result['resultCode'] ?? 'UNKNOWN')}`,
      );
    }
    data = record['paymentSessionData'] ?? record['vaultingSessionData'];
  }
  const parsed = parseSessionData(data);
  if (!parsed || typeof data !== 'string') {
    throw new SessionLoadError(
      'SESSION_RESPONSE_INVALID',
      'The session has no valid paymentSessionData or vaultingSessionData.',
    );
  }
  if (parsed.config.mode !== mode) {
    throw new SessionLoadError(
      'SESSION_RESPONSE_INVALID',
      `The session is for "${parsed.config.mode}" but the element's mode is "${mode}".`,
    );
  }
  if (pinnedGatewayOrigin && parsed.config.gatewayOrigin !== pinnedGatewayOrigin) {
    throw new SessionLoadError(
      'GATEWAY_ORIGIN_MISMATCH',
      `The session names gateway ${parsed.config.gatewayOrigin}, but gateway-origin pins ${pinnedGatewayOrigin}.`,
    );
  }
  return { sessionData: data, parsed };
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
    throw new SessionLoadError('INVALID_ATTRIBUTE', `session-url "${url}" is not a valid URL.`);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new SessionLoadError('INVALID_ATTRIBUTE', 'session-url must be an http(s) URL.');
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
    throw new SessionLoadError('SESSION_REQUEST_FAILED', 'The session request did not reach the merchant server.');
  }
  if (!response.ok) {
    throw new SessionLoadError('SESSION_HTTP_ERROR', `The session endpoint answered HTTP ${response.status}.`);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    throw new SessionLoadError('SESSION_RESPONSE_INVALID', 'The session endpoint did not answer JSON.');
  }
  return sessionFromInput(json, pinnedGatewayOrigin, mode);
}

/**
 * The session's life on the element's side: loading it (from the `session` property or by POSTing
 * `session-url`), dropping a load that a newer one replaced, and noticing when it expires.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionMode } from '../../shared/session-data.js';
import {
  fetchSession,
  SessionLoadError,
  sessionFromInput,
  type LoadedSession,
  type SessionInput,
} from './session-loader.js';

/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Where the session comes from, as the element's attributes and properties say. */
export interface SessionSource {
  /** A createPaymentSession answer or raw session data, which wins over `sessionUrl`. */
  session: SessionInput | null;
  /** The merchant endpoint to POST, resolved against the page's base URL. */
  sessionUrl: string | null;
  /** Sent as the JSON body of the POST (`{}` when unset). */
  sessionRequest: unknown;
  /** The gateway origin the session must name, if pinned. */
  gatewayOrigin: string | null;
  /** `payment` or `vault`: a session minted for the other mode is refused. */
  mode: SessionMode;
}

/** How a load ended: a usable session, a named failure, or nothing to load yet. */
export type SessionLoad = { session: LoadedSession } | { error: SessionLoadError } | { empty: true };

/** Loads sessions one at a time and arms the expiry timer of the current one. */
export class SessionController implements ReactiveController {
  private abort: AbortController | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * Loads the session `source` names: at once for the `session` property (so the form can render
   * in the same update), by a request for `session-url`. The request resolves `undefined` when a
   * later `load` or `stop` replaced it, so a stale answer never reaches the element.
   */
  load(source: SessionSource): SessionLoad | Promise<SessionLoad | undefined> {
    this.stop();
    if (source.session !== null)
      return settle(() => sessionFromInput(source.session, source.gatewayOrigin, source.mode));
    if (!source.sessionUrl) return { empty: true };
    const abort = new AbortController();
    this.abort = abort;
    const { sessionUrl, sessionRequest, gatewayOrigin, mode } = source;
    return fetchSession(sessionUrl, sessionRequest, gatewayOrigin, mode, abort.signal).then(
      (session) => (abort.signal.aborted ? undefined : { session }),
      (error: unknown) => (abort.signal.aborted ? undefined : failure(error)),
    );
  }

  /** Calls `onExpire` when `expiresAt` (ISO-8601) passes; an unreadable date arms nothing. */
  armExpiry(expiresAt: string, onExpire: () => void): void {
    clearTimeout(this.expiryTimer);
    const remaining = Date.parse(expiresAt) - Date.now();
    if (!Number.isFinite(remaining)) return;
    this.expiryTimer = setTimeout(onExpire, Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
  }

  /** The session no longer matters (paid, replaced, torn down): stop its load and its timer. */
  stop(): void {
    this.abort?.abort();
    this.abort = null;
    clearTimeout(this.expiryTimer);
  }

  hostDisconnected(): void {
    this.stop();
  }
}

function failure(error: unknown): SessionLoad {
  // Anything but a named failure is an answer the element could not read.
  return { error: error instanceof SessionLoadError ? error : new SessionLoadError('SESSION_RESPONSE_INVALID', null) };
}

function settle(take: () => LoadedSession): SessionLoad {
  try {
    return { session: take() };
  } catch (error) {
    return failure(error);
  }
}

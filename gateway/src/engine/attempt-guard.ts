/**
 * (ours) The card-testing guard. A script that posts card after card to a session's SDK endpoint
 * (setting `Origin` itself, as a script outside a browser can) learns from each decline whether
 * a stolen number is live. Real gateways cap this; so does the sandbox, on three counters of
 * failed attempts: per session (the next attempt closes the session), per card number and per
 * client address (both within a sliding window). Card numbers are counted under a keyed hash, so
 * the counters never hold one. Counters live in memory: a restart forgets them, which only ever
 * loosens the guard for the window that follows.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import { DECLINE_CODES, result } from './result-codes.js';
import type { ResultEnvelope } from '#shared';
import type { EngineFailure } from './types.js';

/** How many failed attempts the guard lets through. */
export interface AttemptLimits {
  /** Failed attempts one payment or vaulting session may have; the next one closes it (default 5). */
  perSession: number;
  /** Failed attempts with one card number, across sessions, within `windowMs` (default 10). */
  perCard: number;
  /** Failed attempts from one client address, across sessions, within `windowMs` (default 30). */
  perAddress: number;
  /** The sliding window of the card and address counters, in engine-clock ms (default one hour). */
  windowMs: number;
}

/** The limits a gateway starts with unless told otherwise (documented in gateway/README.md). */
export const DEFAULT_ATTEMPT_LIMITS: Readonly<AttemptLimits> = {
  perSession: 5,
  perCard: 10,
  perAddress: 30,
  windowMs: 60 * 60_000,
};

/** Which counter refuses an attempt. */
export type AttemptRefusal = 'SESSION' | 'CARD' | 'ADDRESS';

/** Who makes an attempt: its session, the card number typed (absent for a saved card) and the caller's address. */
export interface AttemptSource {
  /** `paymentSessionId` or `vaultingSessionId`. */
  sessionId: string;
  /** The card number of a new card; never stored, only hashed. */
  cardNumber?: string | undefined;
  /** The TCP peer address of the request. */
  address?: string | undefined;
}

/** Counts failed attempts and says when the next one is refused. */
export class AttemptGuard {
  private readonly failuresBySession = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();
  private readonly key = randomBytes(32);

  constructor(
    private readonly clock: Clock,
    readonly limits: AttemptLimits = { ...DEFAULT_ATTEMPT_LIMITS },
  ) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value <= 0)
        throw new RangeError(`attemptLimits.${name} must be a positive integer`);
    }
  }

  /** Why an attempt from `source` is refused before it reaches the acquirer, or `undefined`. */
  refusal(source: AttemptSource): AttemptRefusal | undefined {
    if ((this.failuresBySession.get(source.sessionId) ?? 0) >= this.limits.perSession) return 'SESSION';
    const card = this.cardKey(source.cardNumber);
    if (card && this.count(card) >= this.limits.perCard) return 'CARD';
    const address = this.addressKey(source.address);
    if (address && this.count(address) >= this.limits.perAddress) return 'ADDRESS';
    return undefined;
  }

  /** Counts one failed attempt (a decline or a refused verification) against every counter. */
  recordFailure(source: AttemptSource): void {
    this.failuresBySession.set(source.sessionId, (this.failuresBySession.get(source.sessionId) ?? 0) + 1);
    const now = this.clock.now().getTime();
    for (const key of [this.cardKey(source.cardNumber), this.addressKey(source.address)]) {
      if (key) this.recent.set(key, [...this.window(key, now), now]);
    }
  }

  /** Forgets a session's counter once the session is gone. */
  forgetSession(sessionId: string): void {
    this.failuresBySession.delete(sessionId);
  }

  /** Drops the card and address counters whose failures all left the window. */
  purgeWindows(): void {
    const now = this.clock.now().getTime();
    for (const key of this.recent.keys()) {
      const within = this.window(key, now);
      if (within.length === 0) this.recent.delete(key);
      else this.recent.set(key, within);
    }
  }

  /** How many session counters and card or address windows the guard holds. */
  counts(): { attemptGuardSessions: number; attemptGuardWindows: number } {
    return { attemptGuardSessions: this.failuresBySession.size, attemptGuardWindows: this.recent.size };
  }

  private count(key: string): number {
    const within = this.window(key, this.clock.now().getTime());
    if (within.length === 0) this.recent.delete(key);
    else this.recent.set(key, within);
    return within.length;
  }

  private window(key: string, now: number): number[] {
    return (this.recent.get(key) ?? []).filter((time) => now - time < this.limits.windowMs);
  }

  private cardKey(number: string | undefined): string | undefined {
    return number ? `card:${createHmac('sha256', this.key).update(number).digest('base64url')}` : undefined;
  }

  private addressKey(address: string | undefined): string | undefined {
    return address ? `addr:${address}` : undefined;
  }
}

/** Whether an answer counts as a failed attempt: a decline, a refused card check or `RISK_REJECT`. */
export function isFailedAttempt(envelope: ResultEnvelope): boolean {
  const code: string = envelope.resultCode;
  return (
    envelope.resultStatus === 'F' && ((DECLINE_CODES as readonly string[]).includes(code) || code === 'RISK_REJECT')
  );
}

/**
 * The answer to an attempt the guard refuses, for payment and vaulting sessions alike: the session
 * closes with a named reason; a card or address over its limit gets the generic decline a tester
 * learns nothing from.
 */
export function attemptRefused(reason: AttemptRefusal, limits: AttemptLimits): EngineFailure {
  const error =
    reason === 'SESSION'
      ? result(
          'ORDER_IS_CLOSED',
          `This session is closed after ${limits.perSession} failed attempts; start a new checkout.`,
        )
      : result('DO_NOT_HONOR');
  return { ok: false, error };
}

/**
 * Card binding without a payment (docs/antom-api.md section 3, `vaults/...`): a vaulting session for the
 * card frame in `vault` mode (`createVaultingSession`), server-to-server binding for PCI DSS
 * merchants (`vaultPaymentMethod`), and `inquireVaulting`. Binding verifies the card with the same
 * checks as a payment (number, brand, expiry, CVC) and the issuer's answer from the catalogue; an
 * approved card gets a token, a declined one fails with the decline code. No acquirer is involved
 * and no payment is created. The card number and CVC are used for the verification and dropped.
 * When the merchant asks for 3-D Secure, an approved card is bound only after the issuer's
 * challenge (`challenges.ts`), in the element's dialog (a vaulting session) or, for
 * `vaultPaymentMethod`, on the issuer's page the buyer is redirected to, which sends the buyer back
 * to `redirectUrl`. Until then the desk keeps the masked card facts and the issuer's answer, never
 * the card number or CVC.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CardBrand, ResultEnvelope, SessionView } from '#shared';
import { encodeSessionData, MAX_SESSION_DATA_LENGTH, parseSessionData } from '#shared';
import {
  CHALLENGE_EXPIRED_MESSAGE,
  CHALLENGE_SUPERSEDED_MESSAGE,
  needsChallenge,
  THREE_DS_VERSION,
  type Challenge,
  type ChallengeDesk,
} from './challenges.js';
import { attemptRefused, isFailedAttempt, type AttemptGuard } from './attempt-guard.js';
import type { Clock } from './clock.js';
import { JournaledMap, MEMORY_JOURNAL, keptSecret, type Journal } from './journal.js';
import { EXPIRED_SESSION_RETENTION_MS, forgottenSession, sessionToken } from './sessions.js';
import type { IdFactory } from './ids.js';
import type { MerchantRegistry } from './merchants.js';
import { result, type ResultCode } from './result-codes.js';
import { assessCard, type IssuerResponse, type MaskedCard, type VerifiableCard } from './test-cards.js';
import { formatAntomTime } from './time.js';
import type { CardTokenStore } from './tokens.js';
import type {
  CreateVaultingSessionInput,
  EngineFailure,
  EngineResult,
  Merchant,
  ThreeDSResult,
  VaultCardInput,
  Vaulting,
  VaultingResultEvent,
} from './types.js';

/** How long a vaulting session lives (as a payment session's default). */
export const VAULTING_SESSION_LIFETIME_MS = 60 * 60 * 1000;

/**
 * `productScene` of vaulting session data: Antom's Web SDK's `ProductSceneEnum.VAULTING`, so the
 * component sign it builds is `VAULTING_CARD` (docs/antom-api.md section 10).
 */
export const VAULTING_PRODUCT_SCENE = 'VAULTING';

/** Answer of `createVaultingSession`. */
export interface VaultingSessionCreated {
  /** The secret session data for the browser. */
  vaultingSessionData: string;
  /** `VS` + UTC time stamp + 16 digits; the session data carries it as `paymentSessionId`. */
  vaultingSessionId: string;
  /** One hour after the request, as `formatAntomTime` writes it. */
  vaultingSessionExpiryTime: string;
}

/** A card submission of the frame in a vaulting session. */
export interface SubmitVaultInput {
  /** The session data the frame holds. */
  vaultingSessionData: string;
  /** The frame's attempt id (`Idempotency-Key`). */
  idempotencyKey: string;
  /** Card data; used for this verification only, never stored. */
  card: VerifiableCard;
  /** (ours) The caller's address, for the card-testing guard's per-address counter. */
  clientAddress?: string | undefined;
}

/**
 * What the frame learns from a binding attempt: the result and, once bound, public card facts; or
 * `VERIFICATION_IN_PROCESS`/U with the 3-D Secure challenge the buyer must complete.
 */
export interface VaultAttemptOutcome {
  /** `SUCCESS`/S, `VERIFICATION_IN_PROCESS`/U, or why the card was not bound. */
  result: ResultEnvelope;
  /** Public facts of the bound card (never the token). */
  card?: { brand: CardBrand; last4: string; expiryMonth: string; expiryYear: string };
  /** The challenge to complete, with `VERIFICATION_IN_PROCESS`. */
  challenge?: { id: string };
}

/** What a `VaultingDesk` shares with the engine and the other desks. */
export interface VaultingDeskOptions {
  /** The gateway's own origin (written into session data). */
  gatewayOrigin: string;
  /** Registered merchants: their framing origins, brands and name. */
  merchants: MerchantRegistry;
  /** The engine clock: session expiry, card expiry and `vaultingCreateTime`. */
  clock: Clock;
  /** The engine's seeded id factory, which mints vaulting session ids. */
  ids: IdFactory;
  /** Token store of the engine (the tokens vaulting issues are those payments use). */
  tokens: CardTokenStore;
  /** Hands a vaulting result to the engine's listeners (the notifier). */
  emit: (event: VaultingResultEvent) => void;
  /** The engine's 3-D Secure challenges (its `onExpired` must call `challengeExpired`). */
  challenges: ChallengeDesk;
  /** (ours) The engine's card-testing guard, shared with payments so one card is counted once. */
  attemptGuard: AttemptGuard;
  /** Where vaultings, their attempts and open challenges are kept across restarts (default: memory only). */
  journal?: Journal;
}

/** Answer of `vaultPaymentMethod`: the vaulting, and the challenge the buyer is redirected to while it waits for one. */
export interface ServerVaulting {
  /** A copy of the vaulting. */
  vaulting: Vaulting;
  /** With `VERIFICATION_IN_PROCESS`: the issuer's challenge, reached by a redirect that comes back to `redirectUrl`. */
  challengeId?: string;
}

/** A card verified by the issuer, waiting for the buyer's 3-D Secure challenge. */
interface PendingBinding {
  /** The vaulting the challenge belongs to (the live record). */
  vaulting: Vaulting;
  /** Masked facts (no card number, no CVC). */
  card: MaskedCard & { cardBrand: CardBrand };
  /** The issuer's answer to the verification. */
  issuer: IssuerResponse;
  /** The answer of `completeChallenge` once the challenge ended (replayed on every later call). */
  outcome: EngineResult<VaultAttemptOutcome> | undefined;
}

interface AttemptEntry {
  /** Keyed hash of the card data without the CVC. */
  fingerprint: Buffer;
  outcome: EngineResult<VaultAttemptOutcome>;
}

const fail = (code: ResultCode, message?: string): EngineFailure => ({ ok: false, error: result(code, message) });

const requestKey = (clientId: string, id: string): string => `${clientId}\u0000${id}`;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The vaultings of one engine, by the merchant's `vaultingRequestId`. */
export class VaultingDesk {
  private readonly options: VaultingDeskOptions;
  private readonly fingerprintKey: Buffer;
  private readonly tokenKey: Buffer;
  private readonly byRequest: JournaledMap<Vaulting>;
  /** Request keys of the vaultings that have a session, by vaulting session id. */
  private readonly bySession: JournaledMap<string>;
  /** Card fingerprints of `vaultPaymentMethod` requests, for idempotency. */
  private readonly serverCards: JournaledMap<Buffer>;
  private readonly attempts: JournaledMap<AttemptEntry>;
  /** Cards waiting for their challenge, by challenge id. */
  private readonly pending: JournaledMap<PendingBinding>;
  /** The redirect challenge of each `vaultPaymentMethod` request that asked for 3-D Secure, by request key. */
  private readonly serverChallenges: JournaledMap<string>;

  /** Creates a desk sharing the engine's clock, ids and tokens. */
  constructor(options: VaultingDeskOptions) {
    this.options = options;
    const journal = options.journal ?? MEMORY_JOURNAL;
    this.fingerprintKey = keptSecret(journal, 'vaulting-fingerprint');
    this.tokenKey = keptSecret(journal, 'vaulting-session-token');
    this.byRequest = new JournaledMap(journal, 'vaulting');
    this.bySession = new JournaledMap(journal, 'vaulting-by-session');
    this.serverCards = new JournaledMap(journal, 'vaulting-server-card');
    this.attempts = new JournaledMap(journal, 'vaulting-attempt');
    // A binding names its vaulting by request key, so a restart links it to the same record.
    this.pending = new JournaledMap<PendingBinding>(journal, 'vaulting-challenge', {
      encode: ({ vaulting, ...binding }) => ({
        ...binding,
        vaultingKey: requestKey(vaulting.clientId, vaulting.vaultingRequestId),
      }),
      decode: (stored) => {
        const { vaultingKey, ...binding } = stored as Omit<PendingBinding, 'vaulting'> & { vaultingKey: string };
        const vaulting = this.byRequest.get(vaultingKey);
        if (!vaulting) throw new Error('journal: a vaulting challenge names an unknown vaulting');
        return { ...binding, vaulting };
      },
    });
    this.serverChallenges = new JournaledMap(journal, 'vaulting-server-challenge');
  }

  /** The vaulting of a vaulting session. */
  private sessionVaulting(vaultingSessionId: string): Vaulting | undefined {
    const key = this.bySession.get(vaultingSessionId);
    return key === undefined ? undefined : this.byRequest.get(key);
  }

  /**
   * `createVaultingSession`. Idempotent on `vaultingRequestId`: the same request gets the stored
   * answer; another notification URL, redirect URL or 3DS choice gets `REPEAT_REQ_INCONSISTENT`.
   */
  createSession(clientId: string, input: CreateVaultingSessionInput): EngineResult<VaultingSessionCreated> {
    const merchant = this.options.merchants.get(clientId);
    if (!merchant) return fail('CLIENT_INVALID');
    const key = requestKey(clientId, input.vaultingRequestId);
    const existing = this.byRequest.get(key);
    if (existing) {
      if (!existing.session) {
        return fail(
          'REPEAT_REQ_INCONSISTENT',
          'vaultingRequestId is already used by a vaults/vaultPaymentMethod request',
        );
      }
      const differs = differingField(existing, input);
      if (differs) return inconsistent(differs);
      return { ok: true, value: sessionAnswer(existing.session) };
    }

    const now = this.options.clock.now();
    const expiresAt = new Date(now.getTime() + VAULTING_SESSION_LIFETIME_MS);
    const vaultingSessionId = this.options.ids.vaultingSessionId();
    const vaultingSessionData = encodeSessionData(sessionToken(this.tokenKey, vaultingSessionId), 'SG', {
      clientId,
      paymentSessionConfig: {
        productScene: VAULTING_PRODUCT_SCENE,
        paymentMethodCategoryType: 'CARD',
        productSceneVersion: '1.0',
      },
      paymentSessionId: vaultingSessionId,
      gatewayOrigin: this.options.gatewayOrigin,
      mode: 'vault',
    });
    if (vaultingSessionData.length > MAX_SESSION_DATA_LENGTH) {
      return fail('SYSTEM_ERROR', 'vaultingSessionData would exceed 4096 characters');
    }
    const vaulting: Vaulting = {
      ...this.newVaulting(clientId, input),
      session: {
        vaultingSessionId,
        vaultingSessionData,
        origins: [
          ...new Set([...(input.redirectUrl ? [new URL(input.redirectUrl).origin] : []), ...merchant.allowedOrigins]),
        ],
        expiresAt,
        expiryText: formatAntomTime(expiresAt),
      },
    };
    this.byRequest.set(key, vaulting);
    this.bySession.set(vaultingSessionId, key);
    return { ok: true, value: sessionAnswer(vaulting.session!) };
  }

  /**
   * `vaultPaymentMethod`: binds card data sent by a PCI DSS merchant. With `is3DSAuthentication` an
   * approved card (the frictionless one excepted) waits for the issuer's challenge, which the buyer
   * reaches by a redirect that comes back to `redirectUrl`: the vaulting stays `PROCESSING`
   * (`VERIFICATION_IN_PROCESS`) and the answer names the challenge. Idempotent on
   * `vaultingRequestId`: the same request (card, URLs, 3DS choice) gets where the vaulting stands,
   * without a second verification; other content gets `REPEAT_REQ_INCONSISTENT`.
   */
  vaultCard(clientId: string, input: VaultCardInput): EngineResult<ServerVaulting> {
    const merchant = this.options.merchants.get(clientId);
    if (!merchant) return fail('CLIENT_INVALID');
    const key = requestKey(clientId, input.vaultingRequestId);
    const fingerprint = this.fingerprint(input.card);
    const existing = this.byRequest.get(key);
    if (existing) {
      const previousCard = this.serverCards.get(key);
      if (!previousCard) {
        return fail(
          'REPEAT_REQ_INCONSISTENT',
          'vaultingRequestId is already used by a vaults/createVaultingSession request',
        );
      }
      const differs =
        differingField(existing, input) ??
        (timingSafeEqual(previousCard, fingerprint) ? undefined : 'paymentMethodDetail.card');
      if (differs) return inconsistent(differs);
      return { ok: true, value: this.serverAnswer(key, existing) };
    }
    const vaulting: Vaulting = { ...this.newVaulting(clientId, input), session: undefined };
    this.byRequest.set(key, vaulting);
    this.serverCards.set(key, fingerprint);
    const challengeId = this.verify(vaulting, merchant, input.card, key);
    if (challengeId !== undefined) this.serverChallenges.set(key, challengeId);
    return { ok: true, value: this.serverAnswer(key, vaulting) };
  }

  /** The redirect challenge a `vaultPaymentMethod` vaulting still waits for, if any (for `inquireVaulting`). */
  redirectChallenge(clientId: string, vaultingRequestId: string): string | undefined {
    const key = requestKey(clientId, vaultingRequestId);
    const challengeId = this.serverChallenges.get(key);
    const vaulting = this.byRequest.get(key);
    if (challengeId === undefined || vaulting?.status !== 'PROCESSING') return undefined;
    const state = this.options.challenges.get(challengeId)?.state;
    return state === 'CREATED' || state === 'STARTED' ? challengeId : undefined;
  }

  /** A server vaulting as it stands, with its challenge while the buyer can still follow the redirect. */
  private serverAnswer(key: string, vaulting: Vaulting): ServerVaulting {
    const challengeId = this.redirectChallenge(vaulting.clientId, vaulting.vaultingRequestId);
    return { vaulting: structuredClone(vaulting), ...(challengeId !== undefined ? { challengeId } : {}) };
  }

  /**
   * A card submission of the frame in a vaulting session. Idempotent on (session,
   * `Idempotency-Key`) like a payment; after a failed verification the buyer may try again with a
   * new key, and once a card is bound the session refuses further cards with `ORDER_IS_CLOSED`.
   */
  submit(input: SubmitVaultInput): EngineResult<VaultAttemptOutcome> {
    const found = this.resolve(input.vaultingSessionData);
    if (!found.ok) return found;
    const vaulting = found.value;
    const session = vaulting.session!;
    const attemptKey = `${session.vaultingSessionId}\u0000${input.idempotencyKey}`;
    const fingerprint = this.fingerprint(input.card);
    const previous = this.attempts.get(attemptKey);
    if (previous) {
      if (!timingSafeEqual(previous.fingerprint, fingerprint)) {
        return fail('REPEAT_REQ_INCONSISTENT', 'This Idempotency-Key was already used with different card data.');
      }
      return structuredClone(previous.outcome);
    }
    if (this.isExpired(vaulting)) return fail('SESSION_EXPIRED');
    const merchant = this.options.merchants.get(vaulting.clientId);
    if (!merchant) return fail('SESSION_INVALID', 'The merchant of this session is no longer registered.');
    if (vaulting.status === 'SUCCESS') {
      return fail('ORDER_IS_CLOSED', 'This vaulting session already bound a card.');
    }
    const source = {
      sessionId: session.vaultingSessionId,
      cardNumber: input.card.number,
      address: input.clientAddress,
    };
    const guard = this.options.attemptGuard;
    const refused = guard.refusal(source);
    if (refused) return attemptRefused(refused, guard.limits);
    // A new attempt replaces a challenge the buyer left open: only the latest card may be bound.
    this.options.challenges.supersede(session.vaultingSessionId);
    const assessment = this.assess(vaulting, merchant, input.card);
    const outcome: EngineResult<VaultAttemptOutcome> =
      assessment.approved && needsChallenge(vaulting.threeDS, assessment.issuer)
        ? this.challenge(vaulting, merchant, assessment.card, assessment.issuer, {
            subject: session.vaultingSessionId,
            origins: session.origins,
          })
        : { ok: true, value: this.settle(vaulting, assessment) };
    if (isFailedAttempt(outcome.ok ? outcome.value.result : outcome.error)) guard.recordFailure(source);
    this.attempts.set(attemptKey, { fingerprint, outcome });
    return structuredClone(outcome);
  }

  /**
   * The container page starts a challenge (`/sdk/v1/challenges/start`): `ORDER_NOT_EXIST` for an
   * unknown id, `USER_PAYMENT_VERIFICATION_FAILED` once it expired or was replaced; otherwise the
   * challenge, whatever the issuer answered so far (its page then sends the buyer straight back).
   */
  startChallenge(challengeId: string): EngineResult<Challenge> {
    if (!this.pending.has(challengeId)) return fail('ORDER_NOT_EXIST', 'No challenge with this id exists.');
    const challenge = this.options.challenges.start(challengeId)!;
    const closed = closedChallengeFailure(challenge);
    if (closed) return closed;
    return { ok: true, value: challenge };
  }

  /**
   * The container page asks for the outcome (`/sdk/v1/challenges/complete`). The issuer's record,
   * not the browser, decides: `Y` binds the card now (token, `notifyVaulting`) and answers like a
   * successful `/sdk/v1/vaults`; `N` fails the vaulting with `USER_PAYMENT_VERIFICATION_FAILED`;
   * no answer yet is `VERIFICATION_IN_PROCESS`; an expired or replaced challenge fails. Once ended,
   * every call gets the same answer.
   */
  completeChallenge(challengeId: string): EngineResult<VaultAttemptOutcome> {
    const binding = this.pending.get(challengeId);
    if (!binding) return fail('ORDER_NOT_EXIST', 'No challenge with this id exists.');
    if (binding.outcome) return structuredClone(binding.outcome);
    const challenge = this.options.challenges.get(challengeId)!;
    if (challenge.state === 'CREATED' || challenge.state === 'STARTED') {
      return {
        ok: true,
        value: {
          result: result('VERIFICATION_IN_PROCESS', 'The buyer has not finished the verification yet.'),
        },
      };
    }
    const vaulting = binding.vaulting;
    let outcome: EngineResult<VaultAttemptOutcome>;
    if (challenge.state === 'ANSWERED' && challenge.transStatus === 'Y') {
      this.bind(vaulting, binding.card, binding.issuer, threeDSResult(binding.card.cardBrand, true));
      outcome = { ok: true, value: boundOutcome(vaulting) };
    } else if (challenge.state === 'ANSWERED') {
      const message = challenge.challengeCancel
        ? 'The buyer cancelled the verification with the issuing bank.'
        : 'The issuing bank could not verify the buyer.';
      this.refuse(vaulting, 'USER_PAYMENT_VERIFICATION_FAILED', message);
      outcome = { ok: true, value: { result: result('USER_PAYMENT_VERIFICATION_FAILED', message) } };
    } else {
      outcome = closedChallengeFailure(challenge)!;
    }
    this.options.challenges.markCompleted(challengeId);
    binding.outcome = outcome;
    return structuredClone(outcome);
  }

  /**
   * A challenge expired unanswered or unconsumed (the challenge desk tells): the vaulting it was
   * for fails with `notifyVaulting`, unless a newer attempt owns the vaulting by now.
   */
  challengeExpired(challenge: Challenge): void {
    const binding = this.pending.get(challenge.id);
    const vaulting = binding?.vaulting;
    if (!binding || binding.outcome || !vaulting || vaulting.status !== 'PROCESSING') return;
    // An expired challenge was never replaced (that would have superseded it): the vaulting still waits for it.
    if (vaulting.result?.resultCode !== 'VERIFICATION_IN_PROCESS') return;
    this.refuse(vaulting, 'USER_PAYMENT_VERIFICATION_FAILED', CHALLENGE_EXPIRED_MESSAGE);
  }

  /**
   * `inquireVaulting`: a copy of the vaulting. A session that expired before any card was
   * submitted reads `FAIL` with `ORDER_IS_CLOSED`.
   */
  inquire(clientId: string, vaultingRequestId: string): EngineResult<Vaulting> {
    const vaulting = this.byRequest.get(requestKey(clientId, vaultingRequestId));
    if (!vaulting) return fail('ORDER_NOT_EXIST', 'no vaulting with this vaultingRequestId exists for this merchant');
    const copy = structuredClone(vaulting);
    if (copy.status === 'PROCESSING' && this.isExpired(vaulting)) {
      copy.status = 'FAIL';
      copy.result = result('ORDER_IS_CLOSED', 'The vaulting session expired before a card was bound.');
    }
    return { ok: true, value: copy };
  }

  /** The public view of a vaulting session for the frame: no amount, no saved cards, no policies. */
  view(vaultingSessionData: string): EngineResult<SessionView> {
    const found = this.resolve(vaultingSessionData);
    if (!found.ok) return found;
    const vaulting = found.value;
    const session = vaulting.session!;
    if (this.isExpired(vaulting)) return fail('SESSION_EXPIRED');
    const merchant = this.options.merchants.get(vaulting.clientId);
    if (!merchant) return fail('SESSION_INVALID', 'The merchant of this session is no longer registered.');
    return {
      ok: true,
      value: {
        paymentSessionId: session.vaultingSessionId,
        mode: 'vault',
        amount: null,
        merchantName: merchant.name,
        expiresAt: session.expiryText,
        brands: [...merchant.brands],
        captureMode: 'AUTOMATIC',
        savedCards: [],
        policies: { savedCardCvc: false, askToSave: false },
      },
    };
  }

  /** Origins that may frame the card page of a vaulting session; `undefined` when there is none. */
  frameAncestors(vaultingSessionId: string): string[] | undefined {
    const session = this.sessionVaulting(vaultingSessionId)?.session;
    return session && [...session.origins];
  }

  /** A copy of a vaulting by its session id (holds the secret session data: tests and inspection only). */
  bySessionId(vaultingSessionId: string): Vaulting | undefined {
    const vaulting = this.sessionVaulting(vaultingSessionId);
    return vaulting && structuredClone(vaulting);
  }

  private newVaulting(clientId: string, input: CreateVaultingSessionInput): Omit<Vaulting, 'session'> {
    return {
      vaultingRequestId: input.vaultingRequestId,
      clientId,
      notifyUrl: input.notifyUrl,
      redirectUrl: input.redirectUrl,
      threeDS: input.threeDS,
      createdAt: this.options.clock.now(),
      status: 'PROCESSING',
      result: undefined,
      vaulted: undefined,
      attempts: 0,
    };
  }

  /**
   * Forgets what the frame used of vaulting sessions whose expiry passed more than
   * `EXPIRED_SESSION_RETENTION_MS` ago: the session id and the answers of its attempts. The
   * vaulting itself is the merchant's record (`inquireVaulting`) and stays. Returns the session ids.
   */
  purgeExpiredSessions(): string[] {
    const cutoff = this.options.clock.now().getTime() - EXPIRED_SESSION_RETENTION_MS;
    const purged = new Set<string>();
    for (const [vaultingSessionId, key] of this.bySession.peekEntries()) {
      const expiresAt = this.byRequest.peek(key)?.session?.expiresAt.getTime() ?? 0;
      if (expiresAt > cutoff) continue;
      this.bySession.delete(vaultingSessionId);
      purged.add(vaultingSessionId);
    }
    if (purged.size > 0) {
      for (const attemptKey of this.attempts.keys()) {
        if (purged.has(attemptKey.slice(0, attemptKey.indexOf('\u0000')))) this.attempts.delete(attemptKey);
      }
    }
    return [...purged];
  }

  /** Forgets the vaultings' side of challenges the challenge desk forgot (they ended long ago). */
  forgetChallenges(challengeIds: readonly string[]): void {
    const forgotten = new Set(challengeIds.filter((challengeId) => this.pending.delete(challengeId)));
    if (forgotten.size === 0) return;
    for (const [key, challengeId] of this.serverChallenges.peekEntries()) {
      if (forgotten.has(challengeId)) this.serverChallenges.delete(key);
    }
  }

  /** How many live vaulting session ids, attempt answers and challenged bindings the desk holds. */
  counts(): { vaultingSessions: number; vaultingAttempts: number; vaultingChallenges: number } {
    return {
      vaultingSessions: this.bySession.size,
      vaultingAttempts: this.attempts.size,
      vaultingChallenges: this.pending.size,
    };
  }

  /** Vaulting session data this gateway issued, unaltered (`SESSION_INVALID`, `SESSION_NOT_FOUND`). */
  private resolve(vaultingSessionData: string): EngineResult<Vaulting> {
    const parsed = parseSessionData(vaultingSessionData);
    if (!parsed || parsed.config.gatewayOrigin !== this.options.gatewayOrigin) return fail('SESSION_INVALID');
    if (parsed.config.mode !== 'vault') {
      return fail('SESSION_INVALID', 'This is a payment session: it cannot bind a card without paying.');
    }
    const vaulting = this.sessionVaulting(parsed.config.paymentSessionId);
    if (!vaulting?.session) {
      const now = this.options.clock.now().getTime();
      const expired = forgottenSession(this.tokenKey, parsed, 'VS', VAULTING_SESSION_LIFETIME_MS, now);
      return fail(expired ? 'SESSION_EXPIRED' : 'SESSION_NOT_FOUND');
    }
    if (!timingSafeEqual(digest(vaulting.session.vaultingSessionData), digest(vaultingSessionData))) {
      return fail('SESSION_INVALID');
    }
    return { ok: true, value: vaulting };
  }

  private isExpired(vaulting: Vaulting): boolean {
    const session = vaulting.session;
    return session !== undefined && this.options.clock.now().getTime() >= session.expiresAt.getTime();
  }

  /**
   * Verifies the card for `vaultPaymentMethod`. With `is3DSAuthentication`, an approved card the
   * issuer does not exempt waits for the challenge the buyer is redirected to (its id is returned);
   * without it, a card whose issuer demands a challenge is refused with `AUTHENTICATION_REQUIRED`
   * (nobody asked to reach the buyer). Anything else is recorded at once.
   */
  private verify(vaulting: Vaulting, merchant: Merchant, card: VerifiableCard, key: string): string | undefined {
    const assessment = this.assess(vaulting, merchant, card);
    const returnUrl = vaulting.redirectUrl;
    if (assessment.approved && vaulting.threeDS && assessment.issuer.threeDS !== 'frictionless') {
      // A session without redirectUrl has no way back from the bank's page: no buyer to reach.
      if (returnUrl === undefined) {
        this.refuse(vaulting, 'AUTHENTICATION_REQUIRED');
        return undefined;
      }
      const challenged = this.challenge(vaulting, merchant, assessment.card, assessment.issuer, {
        subject: `vault\u0000${key}`,
        origins: [new URL(returnUrl).origin],
        returnUrl,
      });
      return challenged.ok ? challenged.value.challenge?.id : undefined;
    }
    if (assessment.approved && assessment.issuer.threeDS === 'challenge') {
      this.refuse(vaulting, 'AUTHENTICATION_REQUIRED');
      return undefined;
    }
    this.settle(vaulting, assessment);
    return undefined;
  }

  /** Checks the card (number, brand, expiry, CVC) and asks the issuer; counts the attempt. */
  private assess(vaulting: Vaulting, merchant: Merchant, card: VerifiableCard): Assessment {
    vaulting.attempts += 1;
    const assessment = assessCard(card, { acceptedBrands: merchant.brands, now: this.options.clock.now() });
    if (assessment.kind === 'issuer' && assessment.issuer.outcome !== 'DECLINED') {
      return { approved: true, card: assessment.card, issuer: assessment.issuer };
    }
    return {
      approved: false,
      code: assessment.kind === 'rejected' ? assessment.resultCode : declineCode(assessment.issuer.resultCode),
    };
  }

  /**
   * Records an assessment without a challenge: a token for an approved card (or one whose issuer
   * leaves authorizations pending: its token payments will stay in process; a frictionless 3DS
   * card gets its `threeDSResult`), the decline code otherwise.
   */
  private settle(vaulting: Vaulting, assessment: Assessment): VaultAttemptOutcome {
    if (!assessment.approved) {
      this.refuse(vaulting, assessment.code);
      return { result: { ...vaulting.result! } };
    }
    const frictionless =
      vaulting.threeDS && assessment.issuer.threeDS === 'frictionless'
        ? threeDSResult(assessment.card.cardBrand, false)
        : undefined;
    this.bind(vaulting, assessment.card, assessment.issuer, frictionless);
    return boundOutcome(vaulting);
  }

  /** Opens the issuer's challenge for an approved card; the vaulting stays `PROCESSING` until it ends. */
  private challenge(
    vaulting: Vaulting,
    merchant: Merchant,
    card: MaskedCard & { cardBrand: CardBrand },
    issuer: IssuerResponse,
    buyer: { subject: string; origins: readonly string[]; returnUrl?: string },
  ): EngineResult<VaultAttemptOutcome> {
    const challenge = this.options.challenges.create({
      ...buyer,
      display: { merchantName: merchant.name, purpose: 'VAULT', brand: card.cardBrand, last4: card.lastFour },
    });
    this.pending.set(challenge.id, {
      vaulting,
      card: { ...card },
      issuer: { ...issuer },
      outcome: undefined,
    });
    vaulting.status = 'PROCESSING';
    vaulting.result = result('VERIFICATION_IN_PROCESS');
    return { ok: true, value: { result: result('VERIFICATION_IN_PROCESS'), challenge: { id: challenge.id } } };
  }

  /** Binds the card: a token, `SUCCESS`, `notifyVaulting`. */
  private bind(
    vaulting: Vaulting,
    card: MaskedCard & { cardBrand: CardBrand },
    issuer: IssuerResponse,
    threeDS: ThreeDSResult | undefined,
  ): void {
    const cardToken = this.options.tokens.issue({ clientId: vaulting.clientId, card, issuer });
    vaulting.status = 'SUCCESS';
    vaulting.result = result('SUCCESS');
    vaulting.vaulted = {
      cardToken,
      card: { ...card },
      vaultedAt: this.options.clock.now(),
      ...(threeDS ? { threeDSResult: threeDS } : {}),
    };
    this.notify(vaulting);
  }

  /** Fails the attempt: `FAIL` with the code, `notifyVaulting`. */
  private refuse(vaulting: Vaulting, code: ResultCode, message?: string): void {
    vaulting.status = 'FAIL';
    vaulting.result = result(code, message);
    this.notify(vaulting);
  }

  private notify(vaulting: Vaulting): void {
    this.options.emit({
      type: 'VAULTING_RESULT',
      clientId: vaulting.clientId,
      notifyUrl: vaulting.notifyUrl,
      vaulting: structuredClone(vaulting),
    });
  }

  private fingerprint(card: VerifiableCard): Buffer {
    return createHmac('sha256', this.fingerprintKey)
      .update([card.number, card.expiryMonth, card.expiryYear, card.holderName].join('\u0000'), 'utf8')
      .digest();
  }
}

/** A checked card: approved by the issuer (possibly pending), or refused with a code. */
type Assessment =
  | { approved: true; card: MaskedCard & { cardBrand: CardBrand }; issuer: IssuerResponse }
  | { approved: false; code: ResultCode };

/** The failure of a challenge that expired or was replaced; `undefined` for any other state. */
export function closedChallengeFailure(challenge: Challenge): EngineFailure | undefined {
  if (challenge.state === 'EXPIRED') return fail('USER_PAYMENT_VERIFICATION_FAILED', CHALLENGE_EXPIRED_MESSAGE);
  if (challenge.state === 'SUPERSEDED') return fail('USER_PAYMENT_VERIFICATION_FAILED', CHALLENGE_SUPERSEDED_MESSAGE);
  return undefined;
}

/** The answer of a bound card: `SUCCESS` and its public facts. */
function boundOutcome(vaulting: Vaulting): VaultAttemptOutcome {
  const bound = vaulting.vaulted!;
  return {
    result: { ...vaulting.result! },
    card: {
      brand: bound.card.cardBrand,
      last4: bound.card.lastFour,
      expiryMonth: bound.card.expiryMonth,
      expiryYear: bound.card.expiryYear,
    },
  };
}

/**
 * `threeDSResult` of a bound card (ECI: Mastercard writes a full authentication `02`, the others
 * `05`); a cancelled challenge binds nothing, so `challengeCancel` is always `false` here.
 */
function threeDSResult(brand: CardBrand, challenged: boolean): ThreeDSResult {
  return {
    threeDSVersion: THREE_DS_VERSION,
    eci: brand === 'MASTERCARD' ? '02' : '05',
    cavv: randomBytes(20).toString('base64'),
    challenged: challenged ? 'true' : 'false',
    challengeCancel: 'false',
  };
}

/** The issuer's decline code; a decline without one reads as a plain `DO_NOT_HONOR`. */
function declineCode(code: IssuerResponse['resultCode']): ResultCode {
  return code === 'SUCCESS' || code === 'PAYMENT_IN_PROCESS' ? 'DO_NOT_HONOR' : code;
}

/** The first request field that differs from the stored vaulting, if any. */
function differingField(existing: Vaulting, input: CreateVaultingSessionInput): string | undefined {
  if (existing.notifyUrl !== input.notifyUrl) return 'vaultingNotificationUrl';
  if (existing.redirectUrl !== input.redirectUrl) return 'redirectUrl';
  if (existing.threeDS !== input.threeDS) return 'is3DSAuthentication';
  return undefined;
}

function inconsistent(field: string): EngineFailure {
  return fail('REPEAT_REQ_INCONSISTENT', `${field} differs from the first request with this vaultingRequestId`);
}

function sessionAnswer(session: NonNullable<Vaulting['session']>): VaultingSessionCreated {
  return {
    vaultingSessionData: session.vaultingSessionData,
    vaultingSessionId: session.vaultingSessionId,
    vaultingSessionExpiryTime: session.expiryText,
  };
}

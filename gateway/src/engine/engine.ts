/**
 * The payment engine: sessions, payments, transactions and idempotency, with no knowledge of HTTP.
 * Handlers validate the shape of requests at the edge and hand the engine typed input; the engine
 * applies Antom's rules (idempotency, expiry, lifecycle) and answers with records or envelopes.
 * It is the one entry point of the lifecycle (pay, capture, cancel, refund, release, inquiry) and
 * owns the per-payment queues; the work behind it sits in desks it wires with the shared clock,
 * ids, tokens and event listeners: sessions (`sessions.ts`), authorization (`authorization.ts`),
 * 3-D Secure of payments (`payment-challenges.ts`), what follows an authorization
 * (`settlement.ts`), the payment records (`payment-book.ts`) and vaulting (`vaulting.ts`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Amount, SessionView } from '#shared';
import { parseSessionData } from '#shared';
import {
  AttemptGuard,
  attemptRefused,
  DEFAULT_ATTEMPT_LIMITS,
  isFailedAttempt,
  type AttemptLimits,
} from './attempt-guard.js';
import { createSandboxAcquirers } from './acquirers.js';
import {
  AuthorizationDesk,
  attemptOutcome,
  systemFailure,
  type AuthorizationBuyer,
  type AuthorizationMethod,
} from './authorization.js';
import { ChallengeDesk, type Challenge } from './challenges.js';
import { isAdjustableClock, systemClock, type Clock } from './clock.js';
import { IdFactory } from './ids.js';
import { KeptAnswer, keptAnswerCodec } from './kept-answer.js';
import {
  JournaledMap,
  MEMORY_JOURNAL,
  NOT_READY,
  keptSecret,
  settledValue,
  watchSettled,
  type Journal,
  type JournaledMapCodec,
} from './journal.js';
import type { MerchantRegistry } from './merchants.js';
import { NotificationLog } from './notification-log.js';
import { PaymentBook } from './payment-book.js';
import { PaymentChallengeDesk } from './payment-challenges.js';
import { createRandom, type Random } from './random.js';
import { result, type DeclineCode, type ResultCode } from './result-codes.js';
import { SandboxRouter, type AcquirerRouter } from './routing.js';
import { KeyedSerializer } from './serial.js';
import { sameAmount, savedCardId, SessionDesk, type SessionCreated } from './sessions.js';
import { SettlementDesk } from './settlement.js';
import { inquiryStatusOf, type InquiryStatus } from './state-machine.js';
import { CardTokenStore, type StoredCardToken, type TokenUpdate } from './tokens.js';
import { VaultingDesk, type VaultAttemptOutcome } from './vaulting.js';
import type {
  CancelOutcome,
  CaptureInput,
  CaptureRecord,
  CardInput,
  CreateSessionInput,
  EngineEvent,
  EngineFailure,
  EngineResult,
  Merchant,
  PayInput,
  Payment,
  PaymentAttemptOutcome,
  PaymentReference,
  PaymentSession,
  PayMethodInput,
  PayOutcome,
  RefundInput,
  RefundRecord,
} from './types.js';

export { AUTHORIZATION_VALIDITY_MS, AUTO_CAPTURE_PREFIX } from './authorization.js';
export { MAX_SESSION_LIFETIME_MS, SESSION_EXPIRY_SKEW_MS, type SessionCreated } from './sessions.js';

/** What a `PaymentEngine` is built with; only the origin and the merchants are required. */
export interface PaymentEngineOptions {
  /** The gateway's own origin (written into session data; the frame talks to it). */
  gatewayOrigin: string;
  /** Registered merchants, checked at startup; requests of any other client id get `CLIENT_INVALID`. */
  merchants: MerchantRegistry;
  /** Time source (default: the wall clock). */
  clock?: Clock;
  /** Seeded randomness (default: seeded from the OS). */
  random?: Random;
  /** Acquirer routing (default: the sandbox acquirers with each merchant's routing settings). */
  router?: AcquirerRouter;
  /** Notification delivery log to expose (default: a new one). */
  notifications?: NotificationLog;
  /** (ours) Wall-clock time a capture or refund of a test amount stays in process (default 2000 ms). */
  asyncSettlementDelayMs?: number;
  /** (ours) True when the sandbox's hold fault asks that the authorization running now be left in process. */
  holdAuthorization?: () => boolean;
  /** (ours) The card-testing guard's limits (default `DEFAULT_ATTEMPT_LIMITS`). */
  attemptLimits?: AttemptLimits;
  /**
   * Where sessions, payments, tokens, vaultings, challenges and idempotent answers are kept across
   * restarts; the engine starts from what it holds (default: memory only).
   */
  journal?: Journal;
}

/**
 * (ours) Entry counts of the engine's in-memory state that grows per session, attempt or challenge
 * and is purged once it can no longer be used (for tests and the soak bench). Payments are the
 * merchant's records and are kept; they are counted so a test can tell them apart.
 */
export interface EngineStats {
  /** Payment sessions held, expired ones within their retention included. */
  sessions: number;
  /** Request keys (`paymentRequestId`) that point at a held session. */
  sessionRequests: number;
  /** Stored answers of the frame's card submissions, by session and `Idempotency-Key`. */
  paymentAttempts: number;
  /** Per-session failure counters of the card-testing guard. */
  attemptGuardSessions: number;
  /** Card and address windows of the card-testing guard. */
  attemptGuardWindows: number;
  /** 3-D Secure challenges held, open or ended within their retention. */
  challenges: number;
  /** Entries of the challenges' two transaction-id indexes. */
  challengeIndexes: number;
  /** The payments' side of challenges (the checked card, the answer). */
  paymentChallenges: number;
  /** Payments waiting for an open challenge. */
  awaitingChallenges: number;
  /** Vaulting session ids the frame can still use. */
  vaultingSessions: number;
  /** Stored answers of the frame's card submissions in vaulting sessions. */
  vaultingAttempts: number;
  /** Cards waiting for, or answered by, a vaulting's challenge. */
  vaultingChallenges: number;
  /** Payments with a task running or queued. */
  queues: number;
  /** Payments (kept for good, as Antom keeps them). */
  payments: number;
}

/** What `inquiryPayment` reports of a payment. */
export interface PaymentInquiry {
  /** Antom's `paymentStatus`. */
  paymentStatus: InquiryStatus;
  /** A copy of the payment. */
  payment: Payment;
  /** The issuer's challenge a `payments/pay` payment waits for, while the buyer can still follow its redirect. */
  redirectChallengeId: string | undefined;
}

/** What the buyer pays with in the frame: a new card (maybe to be saved), or one of the session's saved cards. */
export type SubmittedMethod =
  | {
      /** Card data typed by the buyer. */
      kind: 'CARD';
      /** Used for this authorization only, never stored. */
      card: CardInput;
      /** The buyer's answer to "Save this card" (only when the session asks for consent). */
      saveCard: boolean | undefined;
    }
  | {
      /** A saved card of the session, named by the per-session id the browser knows. */
      kind: 'SAVED';
      /** Its per-session id, `saved-<index>`. */
      id: string;
      /** Its CVC, typed again when the session asks; used for this authorization only. */
      cvc: string | undefined;
    };

/** A card submission from the frame: `POST /sdk/v1/payments` after the edge checks. */
export interface SubmitPaymentInput {
  /** The session data the frame holds. */
  paymentSessionData: string;
  /** The frame's attempt id (`Idempotency-Key`). */
  idempotencyKey: string;
  /** A new card, maybe to be saved, or one of the session's saved cards. */
  method: SubmittedMethod;
  /** (ours) The caller's address, for the card-testing guard's per-address counter. */
  clientAddress?: string | undefined;
}

interface AttemptEntry {
  /** Keyed hash of the card data (or saved card id) and the save choice, without the CVC (it must not outlive the authorization). */
  fingerprint: Buffer;
  outcome: Promise<EngineResult<PaymentAttemptOutcome>>;
}

/** A `payments/pay` request, kept for idempotency. */
interface PayEntry {
  amount: Amount;
  captureMode: PayInput['captureMode'];
  /** `is3DSAuthentication` of the request. */
  threeDS: boolean;
  /**
   * Keyed hash of the card (without the CVC) or of the token, base64: one string kept per request,
   * where a Buffer is three heap objects (entries stored as bytes before are read back as base64).
   */
  method: string;
  /** The answer, kept as text once known (kept-answer.ts). */
  answer: KeptAnswer<EngineResult<PayOutcome>>;
}

/** Whether two base64 digests are the same, compared in constant time. */
function sameDigest(kept: string, given: string): boolean {
  const a = Buffer.from(kept, 'base64');
  const b = Buffer.from(given, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Stores an idempotency entry with the answer its promise settled with (not before), and reads it back. */
export function outcomeCodec<E extends { outcome: Promise<unknown> }>(): JournaledMapCodec<E> {
  return {
    encode: (entry) => {
      const outcome = settledValue(entry.outcome);
      return outcome === NOT_READY ? NOT_READY : { ...entry, outcome };
    },
    decode: (stored) => {
      const entry = stored as Omit<E, 'outcome'> & { outcome: unknown };
      return { ...entry, outcome: Promise.resolve(entry.outcome) } as unknown as E;
    },
    settles: (entry) => watchSettled(entry.outcome),
  };
}

const fail = (code: ResultCode, message?: string): EngineFailure => ({ ok: false, error: result(code, message) });

const requestKey = (clientId: string, id: string): string => `${clientId}\u0000${id}`;

/** The sandbox's payment engine. */
export class PaymentEngine {
  /** The clock every desk shares: session expiry, authorization windows, challenges. */
  readonly clock: Clock;
  /** Delivery log of notifications (the notifier writes it). */
  readonly notifications: NotificationLog;
  /** The gateway origin sessions name. */
  readonly gatewayOrigin: string;
  /** Card tokens (`cardToken`): issued by `tokenize`, consent, `ENABLE` and vaulting; used by token payments. */
  readonly tokens: CardTokenStore;
  /** Card binding without a payment (`vaults/...` and the frame's vault mode). */
  readonly vaulting: VaultingDesk;
  /** 3-D Secure challenges (the container page, the issuer's ACS and the vault desk share them). */
  readonly challenges: ChallengeDesk;

  private readonly merchants: MerchantRegistry;
  private readonly random: Random;
  private readonly ids: IdFactory;
  private readonly router: AcquirerRouter;
  private readonly fingerprintKey: Buffer;
  private readonly sessions: SessionDesk;
  private readonly book: PaymentBook;
  private readonly authorization: AuthorizationDesk;
  private readonly paymentChallenges: PaymentChallengeDesk;
  private readonly settlement: SettlementDesk;
  private readonly attempts: JournaledMap<AttemptEntry>;
  /** (ours) Counts failed attempts per session, card and address, and refuses card testing. */
  readonly attemptGuard: AttemptGuard;
  private readonly payRequests: JournaledMap<PayEntry>;
  private readonly serial = new KeyedSerializer();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly unsubscribeClock: () => void;

  /** Wires the desks to one clock, id factory, token store and router. */
  constructor(options: PaymentEngineOptions) {
    this.gatewayOrigin = options.gatewayOrigin;
    this.notifications = options.notifications ?? new NotificationLog();
    this.merchants = options.merchants;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? createRandom();
    this.ids = new IdFactory(this.random, this.clock);
    const journal = options.journal ?? MEMORY_JOURNAL;
    this.fingerprintKey = keptSecret(journal, 'engine-fingerprint');
    this.attempts = new JournaledMap(journal, 'payment-attempt', outcomeCodec<AttemptEntry>());
    const payCodec = keptAnswerCodec<PayEntry>();
    this.payRequests = new JournaledMap(
      journal,
      'pay-request',
      {
        ...payCodec,
        decode: (stored) => {
          const entry = payCodec.decode(stored);
          const method: unknown = entry.method;
          if (method instanceof Uint8Array) entry.method = Buffer.from(method).toString('base64');
          return entry;
        },
      },
      // Read again only for a repeated request: kept in the store once its answer is written.
      { cold: true },
    );
    this.tokens = new CardTokenStore(this.clock, journal);
    this.book = new PaymentBook(this.clock, this.ids, journal);
    this.sessions = new SessionDesk({
      gatewayOrigin: this.gatewayOrigin,
      merchants: this.merchants,
      clock: this.clock,
      ids: this.ids,
      tokens: this.tokens,
      journal,
    });
    this.challenges = new ChallengeDesk(
      {
        clock: this.clock,
        onExpired: (challenge) => {
          this.vaulting.challengeExpired(challenge);
          this.paymentChallenges.expired(challenge);
        },
      },
      journal,
    );
    this.attemptGuard = new AttemptGuard(this.clock, options.attemptLimits ?? { ...DEFAULT_ATTEMPT_LIMITS });
    this.vaulting = new VaultingDesk({
      attemptGuard: this.attemptGuard,
      gatewayOrigin: this.gatewayOrigin,
      merchants: this.merchants,
      clock: this.clock,
      ids: this.ids,
      tokens: this.tokens,
      emit: (event) => this.emit(event),
      challenges: this.challenges,
      journal,
    });
    // A moved clock settles what is in process and releases the authorizations that became due at
    // once (tests, the clock admin). onClockMoved never rejects, so the listener need not wait for it.
    this.unsubscribeClock = isAdjustableClock(this.clock)
      ? this.clock.subscribe(() => void this.onClockMoved())
      : () => undefined;
    this.router =
      options.router ??
      new SandboxRouter({
        acquirers: createSandboxAcquirers(this.ids),
        settings: (clientId) => this.merchants.get(clientId)?.routing,
        random: this.random,
        journal,
      });
    const emit = (event: EngineEvent): void => this.emit(event);
    this.settlement = new SettlementDesk({
      merchants: this.merchants,
      clock: this.clock,
      book: this.book,
      router: this.router,
      serial: this.serial,
      emit,
      journal,
      ...(options.asyncSettlementDelayMs !== undefined
        ? { asyncSettlementDelayMs: options.asyncSettlementDelayMs }
        : {}),
    });
    this.authorization = new AuthorizationDesk({
      clock: this.clock,
      random: this.random,
      router: this.router,
      tokens: this.tokens,
      book: this.book,
      settlement: this.settlement,
      emit,
      openChallenge: (payment, merchant, session, checked) =>
        this.paymentChallenges.open(payment, merchant, session, checked),
      forgetChallenge: (paymentId) => this.paymentChallenges.forget(paymentId),
      ...(options.holdAuthorization ? { holdAuthorization: options.holdAuthorization } : {}),
    });
    this.paymentChallenges = new PaymentChallengeDesk({
      challenges: this.challenges,
      book: this.book,
      serial: this.serial,
      random: this.random,
      emit,
      authorizeChecked: (payment, checked, threeDSResult) =>
        this.authorization.authorizeChecked(payment, checked, threeDSResult),
      failedBySystem: (payment, resultInfo) => this.authorization.failedBySystem(payment, resultInfo),
      journal,
    });
    // A restart does not carry what expired while the gateway was down: forgotten, and deleted from the store.
    this.purgeExpired();
  }

  /** The registered merchant with this client id. */
  merchant(clientId: string): Merchant | undefined {
    return this.merchants.get(clientId);
  }

  /** Every payment, oldest first (for the sandbox's tests and admin views). */
  listPayments(): Payment[] {
    return this.book.list();
  }

  /** Listens to engine events; returns the unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * `createPaymentSession`. Idempotent on the merchant's `paymentRequestId`: the same request gets
   * the stored answer; a different amount, currency, saved card list, tokenize mode, card-on-file
   * flag, 3-D Secure choice or CVC policy gets `REPEAT_REQ_INCONSISTENT`. Every saved card must be
   * an active token of this merchant (`INVALID_PAYMENT_METHOD_META_DATA` naming the entry otherwise).
   */
  createPaymentSession(clientId: string, input: CreateSessionInput): EngineResult<SessionCreated> {
    const key = requestKey(clientId, input.paymentRequestId);
    if (this.payRequests.has(key)) {
      return fail('REPEAT_REQ_INCONSISTENT', 'paymentRequestId is already used by a payments/pay request');
    }
    // A session the engine forgot after its expiry leaves its payment, which closes the request id.
    const payment = this.sessions.hasRequest(key) ? undefined : this.book.byRequest(key);
    if (payment) return orderClosed(payment, 'The session of this paymentRequestId expired; inquire its payment.');
    return this.sessions.create(clientId, input);
  }

  /**
   * `inquiryPayment`: by `paymentId` (wins) or `paymentRequestId`, within the merchant's own payments.
   * A session whose buyer never submitted a card has no payment, so it answers `ORDER_NOT_EXIST`
   * (F) as Antom does for a payment it does not know, open or expired alike (docs/antom-api.md
   * section 6); `PENDING` is Antom's "paid, waiting for the final result", which no session is.
   */
  inquiryPayment(clientId: string, reference: PaymentReference): EngineResult<PaymentInquiry> {
    const found = this.findPayment(clientId, reference);
    if (!found.ok) return found;
    const payment = found.value;
    this.settlement.releaseNowIfDue(payment);
    // An abandoned challenge must not read as in process past its expiry, even between timer runs.
    this.paymentChallenges.refresh(payment.paymentId);
    return {
      ok: true,
      value: {
        paymentStatus: inquiryStatusOf(payment.state),
        payment: structuredClone(payment),
        redirectChallengeId: this.redirectChallenge(payment.paymentId),
      },
    };
  }

  /** Origins that may frame the card page of a live session; `undefined` for unknown or expired sessions. */
  frameAncestors(paymentSessionId: string): string[] | undefined {
    // An expired session keeps its origins: the frame must load to tell the buyer it expired.
    const session = this.sessions.get(paymentSessionId);
    if (!session) return this.vaulting.frameAncestors(paymentSessionId);
    return [...session.origins];
  }

  /**
   * The public view of a payment or vaulting session for the frame on a page of `embedder`
   * (`SESSION_NOT_FOUND`, `SESSION_INVALID`, `SESSION_EXPIRED`): saved cards with display facts only
   * (`expired` by the engine clock) and the session's policies; never a token. A page its merchant
   * did not register gets `SESSION_INVALID`: the frame's URL names no session, so this is where a
   * session is bound to the pages that may show it.
   */
  sessionView(paymentSessionData: string, embedder: string): EngineResult<SessionView> {
    const view =
      parseSessionData(paymentSessionData)?.config.mode === 'vault'
        ? this.vaulting.view(paymentSessionData)
        : this.sessions.view(paymentSessionData);
    if (view.ok && !this.frameAncestors(view.value.paymentSessionId)?.includes(embedder))
      return fail('SESSION_INVALID', "The session's merchant did not register the page showing the card form.");
    return view;
  }

  /**
   * A card submission from the frame: a new card, or a saved card of the session. Idempotent on
   * (session, `Idempotency-Key`): a replay gets the stored answer without a second authorization;
   * the same key with another card, saved card or save choice gets `REPEAT_REQ_INCONSISTENT`. A
   * session whose payment succeeded or is in process refuses new attempts with `ORDER_IS_CLOSED`;
   * after a decline the buyer may retry with a new key. When the session asks for 3-D Secure (or
   * the card's issuer always challenges), a card that passes the checks is answered
   * `PAYMENT_IN_PROCESS` with `challenge.id` and authorized only by `completeChallenge`; a new
   * attempt while that challenge is open replaces it.
   */
  submitPayment(input: SubmitPaymentInput): Promise<EngineResult<PaymentAttemptOutcome>> {
    const found = this.sessions.resolve(input.paymentSessionData);
    if (!found.ok) return Promise.resolve(found);
    const session = found.value;
    const attemptKey = `${session.paymentSessionId}\u0000${input.idempotencyKey}`;
    const fingerprint = this.fingerprint(input.method);
    const previous = this.attempts.get(attemptKey);
    if (previous) {
      if (!timingSafeEqual(previous.fingerprint, fingerprint)) {
        return Promise.resolve(
          fail(
            'REPEAT_REQ_INCONSISTENT',
            'This Idempotency-Key was already used with different card data, another saved card or another save choice.',
          ),
        );
      }
      return previous.outcome;
    }
    if (this.sessions.isExpired(session)) return Promise.resolve(fail('SESSION_EXPIRED'));
    const merchant = this.merchants.get(session.clientId);
    if (!merchant)
      return Promise.resolve(fail('SESSION_INVALID', 'The merchant of this session is no longer registered.'));
    const existing = session.paymentId === undefined ? undefined : this.book.get(session.paymentId);
    if (existing && existing.state !== 'FAILED' && !this.paymentChallenges.isAwaiting(existing.paymentId)) {
      return Promise.resolve(orderClosed(existing));
    }
    const source = {
      sessionId: session.paymentSessionId,
      cardNumber: input.method.kind === 'CARD' ? input.method.card.number : undefined,
      address: input.clientAddress,
    };
    const refused = this.attemptGuard.refusal(source);
    if (refused) return Promise.resolve(attemptRefused(refused, this.attemptGuard.limits));
    const method = this.sessionMethod(session, input.method);
    if (!method.ok) return Promise.resolve(method);
    const payment =
      existing ??
      this.book.create({
        clientId: session.clientId,
        paymentRequestId: session.paymentRequestId,
        paymentSessionId: session.paymentSessionId,
        notifyUrl: session.notifyUrl,
        amount: session.amount,
        captureMode: session.captureMode,
      });
    session.paymentId = payment.paymentId;
    // On an idle payment the task starts at once and moves the payment to PROCESSING before its
    // first await, so a concurrent submission with another key already sees ORDER_IS_CLOSED.
    const outcome = this.serial
      .run(payment.paymentId, () => this.authorizeAttempt(payment, merchant, method.value, session))
      .catch(() => systemFailure(payment))
      .then((answer) => {
        if (isFailedAttempt(answer.ok ? answer.value.result : answer.error)) this.attemptGuard.recordFailure(source);
        return answer;
      });
    this.attempts.set(attemptKey, { fingerprint, outcome });
    return outcome;
  }

  /**
   * (ours) Where the payment of a session stands, for the frame that was told `PAYMENT_IN_PROCESS`
   * (`/sdk/v1/payments/inquiry`): its result and public card facts, as a submission's answer
   * reads. A session past its expiry still answers (its payment may have been made before);
   * `ORDER_NOT_EXIST` when no card was submitted in it.
   */
  sessionPayment(paymentSessionData: string): EngineResult<PaymentAttemptOutcome> {
    const found = this.sessions.resolve(paymentSessionData);
    if (!found.ok) return found;
    const paymentId = found.value.paymentId;
    const payment = paymentId === undefined ? undefined : this.book.get(paymentId);
    if (!payment) return fail('ORDER_NOT_EXIST', 'no card was submitted in this session yet');
    this.paymentChallenges.refresh(payment.paymentId);
    const status = inquiryStatusOf(payment.state);
    return {
      ok: true,
      value: attemptOutcome(payment, status === 'PROCESSING' || status === 'FAIL' ? status : 'SUCCESS'),
    };
  }

  /**
   * The container page starts a challenge (`/sdk/v1/challenges/start`), a payment's or a
   * vaulting's: `ORDER_NOT_EXIST` for an unknown id, `USER_PAYMENT_VERIFICATION_FAILED` once it
   * expired or was replaced; otherwise the challenge, whatever the issuer answered so far.
   */
  startChallenge(challengeId: string): EngineResult<Challenge> {
    if (!this.paymentChallenges.has(challengeId)) return this.vaulting.startChallenge(challengeId);
    return this.paymentChallenges.start(challengeId);
  }

  /**
   * The container page asks for a challenge's outcome (`/sdk/v1/challenges/complete`); the
   * issuer's record, not the browser, decides. A vaulting's answers like `/sdk/v1/vaults` (see
   * `VaultingDesk.completeChallenge`). A payment's: `Y` authorizes it now (routing, acquirer,
   * capture per capture mode, `notifyPayment`, `threeDSResult` with `challenged: true`) and answers
   * like `/sdk/v1/payments`, a decline included; `N` fails it with `USER_PAYMENT_VERIFICATION_FAILED`
   * (`notifyPayment`); no answer yet is `VERIFICATION_IN_PROCESS`/U; an expired or replaced
   * challenge fails. Once ended, every call gets the same answer.
   */
  completeChallenge(challengeId: string): Promise<EngineResult<PaymentAttemptOutcome | VaultAttemptOutcome>> {
    if (!this.paymentChallenges.has(challengeId)) return Promise.resolve(this.vaulting.completeChallenge(challengeId));
    return this.paymentChallenges.complete(challengeId);
  }

  /**
   * (ours) The buyer left the bank's page from the checkout (`/sdk/v1/challenges/cancel`): the
   * challenge is answered as cancelled by the buyer, unless the bank answered first, then completed
   * like `completeChallenge`, so the attempt has its one outcome now (a payment: failed, notified).
   */
  leaveChallenge(challengeId: string): Promise<EngineResult<PaymentAttemptOutcome | VaultAttemptOutcome>> {
    this.challenges.leave(challengeId);
    return this.completeChallenge(challengeId);
  }

  /**
   * `payments/pay`: a server-to-server payment with card data (PCI merchants) or a card token, with
   * the same authorization decision as the card frame. With `is3DSAuthentication` (or
   * `enableAuthenticationUpgrade` and a card whose issuer demands it) the payment waits in process
   * for the issuer's challenge, which the buyer reaches by a redirect and which comes back to
   * `redirectUrl`; the outcome names the challenge. Idempotent on `paymentRequestId`: the same
   * request gets the stored answer without a second authorization (one that was in process, where
   * the payment stands now); another amount, capture mode, 3-D Secure choice or card gets
   * `REPEAT_REQ_INCONSISTENT`. An unknown token gets `INVALID_PAYMENT_METHOD_META_DATA`.
   */
  pay(clientId: string, input: PayInput): Promise<EngineResult<PayOutcome>> {
    const merchant = this.merchants.get(clientId);
    if (!merchant) return Promise.resolve(fail('CLIENT_INVALID'));
    const key = requestKey(clientId, input.paymentRequestId);
    if (this.sessions.hasRequest(key)) {
      return Promise.resolve(
        fail('REPEAT_REQ_INCONSISTENT', 'paymentRequestId is already used by a createPaymentSession request'),
      );
    }
    const method = this.methodFingerprint(input.method);
    const previous = this.payRequests.get(key);
    if (!previous && this.book.byRequest(key)) {
      return Promise.resolve(
        fail('REPEAT_REQ_INCONSISTENT', 'paymentRequestId is already used by a createPaymentSession request'),
      );
    }
    if (previous) {
      const differs = !sameAmount(previous.amount, input.amount)
        ? 'paymentAmount'
        : previous.captureMode !== input.captureMode
          ? 'paymentFactor.captureMode'
          : previous.threeDS !== (input.threeDS ?? false)
            ? 'paymentMethod.paymentMethodMetaData.is3DSAuthentication'
            : !sameDigest(previous.method, method)
              ? 'paymentMethod'
              : undefined;
      if (differs) {
        return Promise.resolve(
          fail('REPEAT_REQ_INCONSISTENT', `${differs} differs from the first request with this paymentRequestId`),
        );
      }
      return previous.answer.get().then((outcome) => this.payReplay(outcome));
    }
    let authorization: AuthorizationMethod;
    if (input.method.kind === 'TOKEN') {
      const token = this.tokens.owned(clientId, input.method.cardToken);
      if (!token) {
        return Promise.resolve(
          fail(
            'INVALID_PAYMENT_METHOD_META_DATA',
            'paymentMethod.paymentMethodId is not a card token of this merchant',
          ),
        );
      }
      authorization = { kind: 'TOKEN', token };
    } else {
      authorization = { kind: 'CARD', card: input.method.card, tokenize: input.method.tokenize };
    }
    const payment = this.book.create(
      {
        clientId,
        paymentRequestId: input.paymentRequestId,
        paymentSessionId: undefined,
        notifyUrl: input.notifyUrl ?? merchant.notifyUrl,
        amount: input.amount,
        captureMode: input.captureMode,
      },
      key,
    );
    // The buyer is reached through paymentRedirectUrl: the issuer's page comes back there.
    const buyer: AuthorizationBuyer | undefined =
      input.redirectUrl === undefined
        ? undefined
        : {
            threeDS: input.threeDS ?? false,
            upgrade: input.authenticationUpgrade ?? false,
            challenge: {
              subject: `pay\u0000${payment.paymentId}`,
              origins: [new URL(input.redirectUrl).origin],
              returnUrl: input.redirectUrl,
            },
          };
    const outcome = this.serial
      .run(payment.paymentId, async (): Promise<EngineResult<PayOutcome>> => {
        const end = await this.authorization.authorize(payment, merchant, authorization, buyer);
        const envelope = end.systemError ? result('SYSTEM_ERROR') : { ...end.payment.result };
        return {
          ok: true,
          value: {
            result: envelope,
            payment: end.payment,
            ...(end.challengeId !== undefined ? { challengeId: end.challengeId } : {}),
          },
        };
      })
      .catch(() => systemFailure(payment));
    this.payRequests.set(key, {
      amount: { ...input.amount },
      captureMode: input.captureMode,
      threeDS: input.threeDS ?? false,
      method,
      answer: KeptAnswer.running(outcome),
    });
    return outcome;
  }

  /**
   * A repeated `payments/pay`: its stored answer, final or not; one that was in process (a 3-D
   * Secure redirect, an issuer that had not answered) reads where the payment stands now.
   */
  private payReplay(outcome: EngineResult<PayOutcome>): EngineResult<PayOutcome> {
    if (!outcome.ok || outcome.value.result.resultStatus !== 'U') return outcome;
    const payment = this.book.get(outcome.value.payment.paymentId);
    if (!payment) return outcome;
    const challengeId = this.redirectChallenge(payment.paymentId);
    return {
      ok: true,
      value: {
        result: { ...payment.result },
        payment: structuredClone(payment),
        ...(challengeId !== undefined ? { challengeId } : {}),
      },
    };
  }

  /** The redirect challenge (`payments/pay`) the payment still waits for, if any. */
  private redirectChallenge(paymentId: string): string | undefined {
    const challengeId = this.paymentChallenges.awaited(paymentId);
    const challenge = challengeId === undefined ? undefined : this.challenges.get(challengeId);
    const open = challenge?.state === 'CREATED' || challenge?.state === 'STARTED';
    return open && challenge.returnUrl !== undefined ? challenge.id : undefined;
  }

  /**
   * `vaults/deleteToken`: deletes a card token of this merchant. Idempotent (ours): a token the
   * merchant already deleted answers success again; one it never had gets
   * `INVALID_PAYMENT_METHOD_META_DATA`. Payments made with the token stay as they are; new ones
   * (`pay`, or a session's saved card) are refused.
   */
  deleteToken(clientId: string, cardToken: string): EngineResult<{ cardToken: string }> {
    if (this.tokens.remove(clientId, cardToken) === 'UNKNOWN') {
      return fail('INVALID_PAYMENT_METHOD_META_DATA', 'token is not a card token of this merchant');
    }
    return { ok: true, value: { cardToken } };
  }

  /**
   * `vaults/inquireToken`: an active token of this merchant; a deleted or unknown one gets
   * `INVALID_PAYMENT_METHOD_META_DATA` (ours, as `deleteToken`).
   */
  inquireToken(clientId: string, cardToken: string): EngineResult<StoredCardToken> {
    const token = this.tokens.owned(clientId, cardToken);
    return token ? { ok: true, value: token } : this.unusableToken(clientId, cardToken);
  }

  /** `vaults/updateToken`: sets holder details or the card's expiry of an active token of this merchant. */
  updateToken(clientId: string, cardToken: string, update: TokenUpdate): EngineResult<StoredCardToken> {
    const token = this.tokens.update(clientId, cardToken, update);
    return token ? { ok: true, value: token } : this.unusableToken(clientId, cardToken);
  }

  /**
   * `payments/retrievePaymentSession`: a session of this merchant by `paymentSessionId` (wins, as
   * Antom's reference says) or `paymentRequestId`; `ORDER_NOT_EXIST` for none (ours).
   */
  retrievePaymentSession(
    clientId: string,
    reference: { paymentSessionId?: string; paymentRequestId?: string },
  ): EngineResult<PaymentSession> {
    const session =
      reference.paymentSessionId !== undefined
        ? this.sessions.get(reference.paymentSessionId)
        : this.sessions.byRequest(requestKey(clientId, reference.paymentRequestId ?? ''));
    if (!session || session.clientId !== clientId) {
      return fail('ORDER_NOT_EXIST', 'no payment session with this id exists for this merchant');
    }
    return { ok: true, value: structuredClone(session) };
  }

  /**
   * `payments/capture`. Idempotent on `captureRequestId`: the same request gets the stored answer
   * (success or failure); another payment or amount gets `REPEAT_REQ_INCONSISTENT`. Captures,
   * cancels and refunds of one payment run one at a time, so exactly one of a racing capture and
   * cancel succeeds.
   */
  capture(clientId: string, input: CaptureInput): Promise<EngineResult<CaptureRecord>> {
    return this.settlement.capture(clientId, input);
  }

  /**
   * `payments/cancel`: voids an authorized, uncaptured payment. Idempotent: cancelling a cancelled
   * (or released) payment answers success again with the original `cancelTime`.
   */
  cancel(clientId: string, reference: PaymentReference): Promise<EngineResult<CancelOutcome>> {
    const found = this.findPayment(clientId, reference);
    if (!found.ok) return Promise.resolve(found);
    return this.settlement.cancel(found.value);
  }

  /**
   * `payments/refund`: refunds captured funds, never more than captured in total. Idempotent on
   * `refundRequestId` like `capture`.
   */
  refund(clientId: string, input: RefundInput): Promise<EngineResult<RefundRecord>> {
    return this.settlement.refund(clientId, input);
  }

  /**
   * `payments/inquiryRefund`: by `refundId` (wins) or `refundRequestId`. A refused refund request
   * reports `refundStatus: FAIL` with its result.
   */
  inquiryRefund(
    clientId: string,
    reference: { refundId?: string; refundRequestId?: string },
  ): Promise<EngineResult<RefundRecord>> {
    return this.settlement.inquiryRefund(clientId, reference);
  }

  /**
   * Releases every uncaptured authorization whose 7-day window has passed: the payment becomes
   * `CANCELLED` with a `VOID` transaction, and no notification: Antom sends none, so the merchant
   * inquires (a partly captured payment keeps its captures; only the rest is voided). A moved clock
   * and the gateway's periodic timer call it; it resolves when the releases are done and never rejects.
   */
  async runDueJobs(): Promise<void> {
    this.challenges.expireDue();
    this.purgeExpired();
    await this.settlement.releaseDue();
  }

  /**
   * (ours) Forgets what can no longer be used, on the engine clock: sessions (payment and vaulting)
   * `EXPIRED_SESSION_RETENTION_MS` after their expiry with the answers of their attempts and their
   * guard counters, ended challenges `ENDED_CHALLENGE_RETENTION_MS` after their expiry time, and
   * the guard's card and address windows once empty. The journal deletes them from the database.
   * Payments, captures, refunds, tokens and vaultings are the merchant's records and stay.
   */
  purgeExpired(): void {
    const sessions = this.sessions.purgeExpired();
    const vaultingSessions = this.vaulting.purgeExpiredSessions();
    for (const id of [...sessions, ...vaultingSessions]) this.attemptGuard.forgetSession(id);
    if (sessions.length > 0) {
      const gone = new Set(sessions);
      for (const key of this.attempts.keys()) {
        if (gone.has(key.slice(0, key.indexOf('\u0000')))) this.attempts.delete(key);
      }
    }
    this.attemptGuard.purgeWindows();
    const challenges = this.challenges.purgeEnded();
    if (challenges.length > 0) {
      this.paymentChallenges.forgetChallenges(challenges);
      this.vaulting.forgetChallenges(challenges);
    }
  }

  /** (ours) Entry counts of what grows per session, attempt and challenge (see `EngineStats`). */
  stats(): EngineStats {
    return {
      ...this.sessions.counts(),
      paymentAttempts: this.attempts.size,
      ...this.attemptGuard.counts(),
      ...this.challenges.counts(),
      ...this.paymentChallenges.counts(),
      ...this.vaulting.counts(),
      queues: this.serial.size,
      payments: this.book.size,
    };
  }

  /**
   * (ours) The sandbox admin settles a payment whose authorization the acquirer left in process
   * (the hold fault, or the in-process test card): `SUCCESS` authorizes it as the acquirer would
   * have, `FAIL` declines it with `declineCode` (default `DO_NOT_HONOR`); either is notified.
   * `ORDER_NOT_EXIST` for an unknown payment, `PROCESS_FAIL` for one not waiting for its acquirer.
   */
  settlePendingAuthorization(
    paymentId: string,
    outcome: 'SUCCESS' | 'FAIL',
    declineCode: DeclineCode = 'DO_NOT_HONOR',
  ): Promise<EngineResult<Payment>> {
    const payment = this.book.get(paymentId);
    if (!payment) return Promise.resolve(fail('ORDER_NOT_EXIST', 'no payment with this paymentId exists'));
    const notWaiting = fail('PROCESS_FAIL', 'this payment is not waiting for its acquirer');
    if (this.paymentChallenges.isAwaiting(paymentId)) return Promise.resolve(notWaiting);
    return this.serial
      .run(paymentId, () => this.authorization.settlePending(payment, outcome === 'SUCCESS', declineCode))
      .then((end): EngineResult<Payment> => (end ? { ok: true, value: structuredClone(payment) } : notWaiting));
  }

  /**
   * Settles at once every capture and refund in process (the sandbox's test amounts), which
   * otherwise settle after `asyncSettlementDelayMs`; resolves when they are settled, never rejects.
   */
  settleInProcess(): Promise<void> {
    return this.settlement.settleInProcess();
  }

  /** Stops following the clock and the settlements in process (the gateway calls it on close). */
  close(): void {
    this.unsubscribeClock();
    this.settlement.close();
  }

  /** A copy of a payment, so the caller cannot change the engine's record. */
  payment(paymentId: string): Payment | undefined {
    const payment = this.book.get(paymentId);
    return payment && structuredClone(payment);
  }

  /** A copy of a session (holds the secret session data: for tests and inspection only). */
  session(paymentSessionId: string): PaymentSession | undefined {
    const session = this.sessions.get(paymentSessionId);
    return session && structuredClone(session);
  }

  /**
   * Time passed: what was in process settles and what became due is released, both started at once
   * (an idle payment is released before the clock's `advance` returns); a capture that was in
   * process and failed leaves its authorization to the second pass.
   */
  private async onClockMoved(): Promise<void> {
    await Promise.all([this.settlement.settleInProcess(), this.runDueJobs()]);
    await this.runDueJobs();
  }

  private fingerprint(method: SubmittedMethod): Buffer {
    const parts =
      method.kind === 'SAVED'
        ? ['SAVED', method.id]
        : [
            'CARD',
            method.card.number,
            method.card.expiryMonth,
            method.card.expiryYear,
            method.card.holderName,
            method.saveCard === true ? 'SAVE' : 'NO_SAVE',
          ];
    return createHmac('sha256', this.fingerprintKey).update(parts.join('\u0000'), 'utf8').digest();
  }

  /**
   * What a submission pays with, checked against its session's saved cards and policies: a saved
   * card must be in the session's list and still exist, and come with its CVC exactly when the
   * session asks for it; "Save this card" is allowed only when the session asks for consent.
   */
  private sessionMethod(session: PaymentSession, method: SubmittedMethod): EngineResult<AuthorizationMethod> {
    if (method.kind === 'CARD') {
      if (method.saveCard === true && session.tokenizeMode !== 'ASKFORCONSENT') {
        return fail(
          'PARAM_ILLEGAL',
          'saveCard is allowed only when the session asks for consent (tokenizeMode ASKFORCONSENT)',
        );
      }
      const tokenize =
        session.tokenizeMode === 'ENABLE' || (session.tokenizeMode === 'ASKFORCONSENT' && method.saveCard === true);
      return { ok: true, value: { kind: 'CARD', card: method.card, tokenize } };
    }
    const index = /^saved-(\d{1,2})$/.exec(method.id)?.[1];
    const saved = index === undefined ? undefined : session.savedCards[Number(index)];
    if (!saved || savedCardId(Number(index)) !== method.id) {
      return fail('PARAM_ILLEGAL', 'savedCard.id is not a saved card of this session');
    }
    if (session.savedCardCvc && method.cvc === undefined) {
      return fail('PARAM_ILLEGAL', "savedCard.cvc is required: this session asks for the saved card's CVC");
    }
    if (!session.savedCardCvc && method.cvc !== undefined) {
      return fail(
        'PARAM_ILLEGAL',
        "savedCard.cvc must not be sent: this session does not ask for the saved card's CVC",
      );
    }
    const token = this.tokens.owned(session.clientId, saved.cardToken);
    if (!token) return fail('INVALID_PAYMENT_METHOD_META_DATA', 'the saved card is no longer available');
    return { ok: true, value: { kind: 'TOKEN', token, ...(method.cvc !== undefined ? { cvc: method.cvc } : {}) } };
  }

  /** One card submission of the frame, on the payment's queue. */
  private async authorizeAttempt(
    payment: Payment,
    merchant: Merchant,
    method: AuthorizationMethod,
    session: PaymentSession,
  ): Promise<EngineResult<PaymentAttemptOutcome>> {
    // A new attempt replaces a challenge the buyer left open: only the latest card may be authorized.
    this.paymentChallenges.supersede(payment);
    // Queued behind another submission that already authorized or is authorizing.
    if (payment.attempts > 0 && payment.state !== 'FAILED') return orderClosed(payment);
    const end = await this.authorization.authorize(payment, merchant, method, {
      threeDS: session.threeDS,
      // In the element's dialog a card whose issuer demands 3-D Secure is challenged, asked or not.
      upgrade: true,
      challenge: { subject: session.paymentSessionId, origins: session.origins },
    });
    if (end.systemError) return systemFailure(payment);
    const outcome = attemptOutcome(end.payment, end.status);
    return {
      ok: true,
      value: end.challengeId === undefined ? outcome : { ...outcome, challenge: { id: end.challengeId } },
    };
  }

  /** The refusal of a token call for a token this merchant cannot use, telling a deleted one apart. */
  private unusableToken(clientId: string, cardToken: string): EngineFailure {
    return this.tokens.status(clientId, cardToken) === 'DELETED'
      ? fail('INVALID_PAYMENT_METHOD_META_DATA', 'token is a card token that was deleted')
      : fail('INVALID_PAYMENT_METHOD_META_DATA', 'token is not a card token of this merchant');
  }

  /** A payment by `paymentId` (wins) or `paymentRequestId`, with a message naming what is missing. */
  private findPayment(clientId: string, reference: PaymentReference): EngineResult<Payment> {
    if (reference.paymentId !== undefined) {
      const payment = this.book.own(clientId, reference.paymentId);
      return payment
        ? { ok: true, value: payment }
        : fail('ORDER_NOT_EXIST', 'no payment with this paymentId exists for this merchant');
    }
    const key = requestKey(clientId, reference.paymentRequestId ?? '');
    const payment = this.book.byRequest(key);
    if (payment) return { ok: true, value: payment };
    if (this.sessions.hasRequest(key)) {
      return fail('ORDER_NOT_EXIST', 'no card was submitted for this paymentRequestId yet, so there is no payment');
    }
    return fail('ORDER_NOT_EXIST', 'no payment with this paymentRequestId exists for this merchant');
  }

  private methodFingerprint(method: PayMethodInput): string {
    const parts =
      method.kind === 'TOKEN'
        ? ['TOKEN', method.cardToken]
        : ['CARD', method.card.number, method.card.expiryMonth, method.card.expiryYear, method.card.holderName];
    return createHmac('sha256', this.fingerprintKey).update(parts.join('\u0000'), 'utf8').digest('base64');
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure (e.g. a notifier bug) must not undo or fail the payment.
      }
    }
  }
}

/** `ORDER_IS_CLOSED` for a session whose payment succeeded or is in process. */
function orderClosed(
  payment: Payment,
  message = 'This session already has a payment that succeeded or is in process.',
): EngineFailure {
  const status = inquiryStatusOf(payment.state);
  return {
    ok: false,
    error: result('ORDER_IS_CLOSED', message),
    paymentId: payment.paymentId,
    paymentStatus: status === 'SUCCESS' || status === 'PROCESSING' ? status : 'FAIL',
  };
}

/**
 * The payment engine: sessions, payments, transactions and idempotency, with no knowledge of HTTP.
 * Handlers validate the shape of requests at the edge and hand the engine typed input; the engine
 * applies Antom's rules (idempotency, expiry, lifecycle) and answers with records or envelopes.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Amount, CardBrand, SessionView } from '../../../src/protocol/types.js';
import { parseSessionData } from '../../../src/protocol/session-data.js';
import { createSandboxAcquirers, type Acquirer, type CaptureResponse } from './acquirers.js';
import {
  CHALLENGE_EXPIRED_MESSAGE,
  CHALLENGE_SUPERSEDED_MESSAGE,
  ChallengeDesk,
  needsChallenge,
  THREE_DS_VERSION,
  type Challenge,
} from './challenges.js';
import { isAdjustableClock, systemClock, type Clock } from './clock.js';
import { IdFactory } from './ids.js';
import {
  cancelRefusal,
  captureRefusal,
  isReleaseDue,
  refundRefusal,
  stateAfterRefund,
  uncapturedValue,
} from './lifecycle-rules.js';
import type { MerchantRegistry } from './merchants.js';
import { NotificationLog } from './notification-log.js';
import { createRandom, type Random } from './random.js';
import { result, type ResultCode } from './result-codes.js';
import { SandboxRouter, type AcquirerRouter, type RoutingContext } from './routing.js';
import { KeyedSerializer } from './serial.js';
import { inquiryStatusOf, transition, type InquiryStatus } from './state-machine.js';
import { assessCard, assessSavedCard, type IssuerResponse, type MaskedCard } from './test-cards.js';
import { formatAntomTime } from './time.js';
import { CardTokenStore, type StoredCardToken } from './tokens.js';
import { sameAmount, savedCardId, SessionDesk, type SessionCreated } from './sessions.js';
import { closedChallengeFailure, VaultingDesk, type VaultAttemptOutcome } from './vaulting.js';
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
  PaymentResultInfo,
  PaymentSession,
  PayMethodInput,
  PayOutcome,
  RefundInput,
  RefundRecord,
  ThreeDSResult,
  Transaction,
} from './types.js';

export { MAX_SESSION_LIFETIME_MS, SESSION_EXPIRY_SKEW_MS, type SessionCreated } from './sessions.js';

/** How long a MANUAL authorization waits for capture. */
export const AUTHORIZATION_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

/** `captureRequestId` of an automatic capture: this prefix and the payment id. */
export const AUTO_CAPTURE_PREFIX = 'AUTO_';

/** Settings of an engine. */
export interface PaymentEngineOptions {
  /** The gateway's own origin (written into session data; the frame talks to it). */
  gatewayOrigin: string;
  /** Registered merchants. */
  merchants: MerchantRegistry;
  /** Time source (default: the wall clock). */
  clock?: Clock;
  /** Seeded randomness (default: seeded from the OS). */
  random?: Random;
  /** Acquirer routing (default: the sandbox acquirers with each merchant's routing settings). */
  router?: AcquirerRouter;
  /** Notification delivery log to expose (default: a new one). */
  notifications?: NotificationLog;
}

/** Answer of `createPaymentSession`. */
/** What `inquiryPayment` knows about a payment request. */
export interface PaymentInquiry {
  /** Antom's `paymentStatus`. */
  paymentStatus: InquiryStatus;
  /** Merchant's payment request id. */
  paymentRequestId: string;
  /** Amount of the session. */
  paymentAmount: Amount;
  /** Result of the latest attempt, or why the request closed without a payment. */
  paymentResult: PaymentInquiryResult | undefined;
  /** The payment, once the buyer submitted a card. */
  payment: Payment | undefined;
}

/** `paymentResultCode` / `paymentResultMessage` of an inquiry. */
export interface PaymentInquiryResult {
  /** Code. */
  code: string;
  /** Message. */
  message: string;
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
      /** A saved card of the session. */
      kind: 'SAVED';
      /** Its per-session id, `saved-<index>`. */
      id: string;
      /** Its CVC, typed again when the session asks; used for this authorization only. */
      cvc: string | undefined;
    };

/** A card submission from the frame. */
export interface SubmitPaymentInput {
  /** The session data the frame holds. */
  paymentSessionData: string;
  /** The frame's attempt id (`Idempotency-Key`). */
  idempotencyKey: string;
  /** The card to pay with. */
  method: SubmittedMethod;
}

interface AttemptEntry {
  /** Keyed hash of the card data (or saved card id) and the save choice, without the CVC (it must not outlive the authorization). */
  fingerprint: Buffer;
  outcome: Promise<EngineResult<PaymentAttemptOutcome>>;
}

/** How an authorization learns about the card: card data typed or sent now, or a saved card (with its CVC typed again). */
type AuthorizationMethod =
  { kind: 'CARD'; card: CardInput; tokenize: boolean } | { kind: 'TOKEN'; token: StoredCardToken; cvc?: string };

/** How an authorization ended: a snapshot of the payment, and whether the engine itself failed. */
interface AuthorizationEnd {
  payment: Payment;
  status: PaymentAttemptOutcome['paymentStatus'];
  systemError: boolean;
  /** The challenge the buyer must complete before the payment is authorized. */
  challengeId?: string;
}

/** A card that passed the gateway's checks, with all that authorizing it needs: never the card number or CVC. */
interface CheckedCard {
  /** Masked facts. */
  card: MaskedCard & { cardBrand: CardBrand };
  /** The issuer's answer. */
  issuer: IssuerResponse;
  /** The token of a token payment. */
  tokenInfo: { cardToken?: string };
  /** Issue a token when the authorization succeeds. */
  tokenize: boolean;
}

/** A payment waiting for its 3-D Secure challenge: the checked card, kept until the challenge ends. */
interface PaymentChallenge {
  /** The payment that waits. */
  paymentId: string;
  /** What its authorization needs. */
  checked: CheckedCard;
  /** Set when the challenge ends (completed, refused, expired or replaced); every later `complete` gets it. */
  outcome: Promise<EngineResult<PaymentAttemptOutcome>> | undefined;
}

/** Answer of `complete` while the buyer has not finished the verification. */
const VERIFICATION_PENDING = 'The buyer has not finished the verification yet.';

/** A `payments/pay` request, kept for idempotency. */
interface PayEntry {
  amount: Amount;
  captureMode: PayInput['captureMode'];
  /** Keyed hash of the card (without the CVC) or of the token. */
  method: Buffer;
  outcome: Promise<EngineResult<PayOutcome>>;
}

/** A capture or refund request, kept for idempotency. */
interface RequestEntry<T> {
  paymentId: string;
  amount: Amount;
  outcome: Promise<EngineResult<T>>;
}

/** Fields a new payment takes from its session or `payments/pay` request. */
type PaymentOrigin = Pick<
  Payment,
  'clientId' | 'paymentRequestId' | 'paymentSessionId' | 'notifyUrl' | 'amount' | 'captureMode'
>;

const fail = (code: ResultCode, message?: string): EngineFailure => ({ ok: false, error: result(code, message) });

const requestKey = (clientId: string, id: string): string => `${clientId}\u0000${id}`;

/** The sandbox's payment engine. */
export class PaymentEngine {
  /** Time source. */
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
  private readonly fingerprintKey = randomBytes(32);
  private readonly sessions: SessionDesk;
  private readonly payments = new Map<string, Payment>();
  private readonly attempts = new Map<string, AttemptEntry>();
  private readonly paymentByRequest = new Map<string, string>();
  private readonly payRequests = new Map<string, PayEntry>();
  private readonly captureRequests = new Map<string, RequestEntry<CaptureRecord>>();
  private readonly refundRequests = new Map<string, RequestEntry<RefundRecord>>();
  private readonly refunds = new Map<string, { clientId: string; refund: RefundRecord }>();
  /** Payments with an authorization that may still be captured (candidates for release). */
  private readonly openAuthorizations = new Set<string>();
  /** 3-D Secure challenges of payments, by challenge id. */
  private readonly paymentChallenges = new Map<string, PaymentChallenge>();
  /** The open challenge a payment waits for, by payment id: the payment is not authorized until it ends. */
  private readonly awaitingChallenge = new Map<string, string>();
  private readonly serial = new KeyedSerializer();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly unsubscribeClock: () => void;

  /** Creates an engine. */
  constructor(options: PaymentEngineOptions) {
    this.gatewayOrigin = options.gatewayOrigin;
    this.notifications = options.notifications ?? new NotificationLog();
    this.merchants = options.merchants;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? createRandom();
    this.ids = new IdFactory(this.random, this.clock);
    this.tokens = new CardTokenStore(this.clock);
    this.sessions = new SessionDesk({
      gatewayOrigin: this.gatewayOrigin,
      merchants: this.merchants,
      clock: this.clock,
      ids: this.ids,
      tokens: this.tokens,
    });
    this.challenges = new ChallengeDesk({
      clock: this.clock,
      onExpired: (challenge) => {
        this.vaulting.challengeExpired(challenge);
        this.paymentChallengeExpired(challenge);
      },
    });
    this.vaulting = new VaultingDesk({
      gatewayOrigin: this.gatewayOrigin,
      merchants: this.merchants,
      clock: this.clock,
      ids: this.ids,
      tokens: this.tokens,
      emit: (event) => this.emit(event),
      challenges: this.challenges,
    });
    // A moved clock releases the authorizations that became due at once (tests, the clock admin).
    this.unsubscribeClock = isAdjustableClock(this.clock)
      ? this.clock.subscribe(() => void this.runDueJobs())
      : () => undefined;
    this.router =
      options.router ??
      new SandboxRouter({
        acquirers: createSandboxAcquirers(this.ids),
        settings: (clientId) => this.merchants.get(clientId)?.routing,
        random: this.random,
      });
  }

  /** The registered merchant with this client id. */
  merchant(clientId: string): Merchant | undefined {
    return this.merchants.get(clientId);
  }

  /** Every payment, oldest first (for the sandbox's tests and admin views). */
  listPayments(): Payment[] {
    return [...this.payments.values()];
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
    if (this.payRequests.has(requestKey(clientId, input.paymentRequestId))) {
      return fail('REPEAT_REQ_INCONSISTENT', 'paymentRequestId is already used by a payments/pay request');
    }
    return this.sessions.create(clientId, input);
  }

  /** `inquiryPayment`: by `paymentId` (wins) or `paymentRequestId`, within the merchant's own payments. */
  inquiryPayment(clientId: string, reference: PaymentReference): EngineResult<PaymentInquiry> {
    let session: PaymentSession | undefined;
    let payment: Payment | undefined;
    if (reference.paymentId !== undefined) {
      payment = this.ownPayment(clientId, reference.paymentId);
      if (!payment) return fail('ORDER_NOT_EXIST');
    } else if (reference.paymentRequestId !== undefined) {
      const key = requestKey(clientId, reference.paymentRequestId);
      const paymentId = this.paymentByRequest.get(key);
      payment = paymentId === undefined ? undefined : this.payments.get(paymentId);
      session = this.sessions.byRequest(key);
    }

    if (payment) {
      this.releaseNowIfDue(payment);
      // An abandoned challenge must not read as in process past its expiry, even between timer runs.
      const challengeId = this.awaitingChallenge.get(payment.paymentId);
      if (challengeId !== undefined) this.challenges.get(challengeId);
      return {
        ok: true,
        value: {
          paymentStatus: inquiryStatusOf(payment.state),
          paymentRequestId: payment.paymentRequestId,
          paymentAmount: { ...payment.amount },
          paymentResult: { code: payment.result.resultCode, message: payment.result.resultMessage },
          payment: structuredClone(payment),
        },
      };
    }
    if (!session) return fail('ORDER_NOT_EXIST');
    const closed = this.clock.now().getTime() >= session.expiresAt.getTime();
    return {
      ok: true,
      value: {
        paymentStatus: closed ? 'FAIL' : 'PENDING',
        paymentRequestId: session.paymentRequestId,
        paymentAmount: { ...session.amount },
        paymentResult: closed
          ? { code: 'ORDER_IS_CLOSED', message: 'The payment session expired before the buyer paid.' }
          : undefined,
        payment: undefined,
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
   * The public view of a payment or vaulting session for the frame (`SESSION_NOT_FOUND`,
   * `SESSION_INVALID`, `SESSION_EXPIRED`): saved cards with display facts only (`expired` by the
   * engine clock) and the session's policies; never a token.
   */
  sessionView(paymentSessionData: string): EngineResult<SessionView> {
    if (parseSessionData(paymentSessionData)?.config.mode === 'vault') return this.vaulting.view(paymentSessionData);
    return this.sessions.view(paymentSessionData);
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
    const existing = session.paymentId === undefined ? undefined : this.payments.get(session.paymentId);
    if (existing && existing.state !== 'FAILED' && !this.awaitingChallenge.has(existing.paymentId)) {
      return Promise.resolve(orderClosed(existing));
    }
    const method = this.sessionMethod(session, input.method);
    if (!method.ok) return Promise.resolve(method);
    const payment =
      existing ??
      this.newPayment({
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
      .catch(() => systemFailure(payment));
    this.attempts.set(attemptKey, { fingerprint, outcome });
    return outcome;
  }

  /**
   * The container page starts a challenge (`/sdk/v1/challenges/start`), a payment's or a
   * vaulting's: `ORDER_NOT_EXIST` for an unknown id, `USER_PAYMENT_VERIFICATION_FAILED` once it
   * expired or was replaced; otherwise the challenge, whatever the issuer answered so far.
   */
  startChallenge(challengeId: string): EngineResult<Challenge> {
    if (!this.paymentChallenges.has(challengeId)) return this.vaulting.startChallenge(challengeId);
    const challenge = this.challenges.start(challengeId)!;
    return closedChallengeFailure(challenge) ?? { ok: true, value: challenge };
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
    const pending = this.paymentChallenges.get(challengeId);
    if (!pending) return Promise.resolve(this.vaulting.completeChallenge(challengeId));
    return this.completePaymentChallenge(challengeId, pending);
  }

  /**
   * `payments/pay`: a server-to-server payment with card data (PCI merchants) or a card token, with
   * the same authorization decision as the card frame. Idempotent on `paymentRequestId`: the same
   * request gets the stored answer without a second authorization; another amount, capture mode or
   * card gets `REPEAT_REQ_INCONSISTENT`. An unknown token gets `INVALID_PAYMENT_METHOD_META_DATA`.
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
    if (previous) {
      const differs = !sameAmount(previous.amount, input.amount)
        ? 'paymentAmount'
        : previous.captureMode !== input.captureMode
          ? 'paymentFactor.captureMode'
          : !timingSafeEqual(previous.method, method)
            ? 'paymentMethod'
            : undefined;
      if (differs) {
        return Promise.resolve(
          fail('REPEAT_REQ_INCONSISTENT', `${differs} differs from the first request with this paymentRequestId`),
        );
      }
      return previous.outcome;
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
    const payment = this.newPayment({
      clientId,
      paymentRequestId: input.paymentRequestId,
      paymentSessionId: undefined,
      notifyUrl: input.notifyUrl ?? merchant.notifyUrl,
      amount: input.amount,
      captureMode: input.captureMode,
    });
    const outcome = this.serial
      .run(payment.paymentId, async (): Promise<EngineResult<PayOutcome>> => {
        const end = await this.authorize(payment, merchant, authorization, undefined);
        const envelope = end.systemError ? result('SYSTEM_ERROR') : { ...end.payment.result };
        return { ok: true, value: { result: envelope, payment: end.payment } };
      })
      .catch(() => systemFailure(payment));
    this.payRequests.set(key, { amount: { ...input.amount }, captureMode: input.captureMode, method, outcome });
    return outcome;
  }

  /**
   * `vaults/deleteToken` (ours): deletes a card token of this merchant. Idempotent: a token the
   * merchant already deleted answers success again; one it never had gets
   * `INVALID_PAYMENT_METHOD_META_DATA` naming `field`. Payments made with the token stay as they
   * are; new ones (`pay`, or a session's saved card) are refused.
   */
  deleteToken(clientId: string, cardToken: string, field: string): EngineResult<{ cardToken: string }> {
    if (this.tokens.remove(clientId, cardToken) === 'UNKNOWN') {
      return fail('INVALID_PAYMENT_METHOD_META_DATA', `${field} is not a card token of this merchant`);
    }
    return { ok: true, value: { cardToken } };
  }

  /**
   * `payments/capture`. Idempotent on `captureRequestId`: the same request gets the stored answer
   * (success or failure); another payment or amount gets `REPEAT_REQ_INCONSISTENT`. Captures,
   * cancels and refunds of one payment run one at a time, so exactly one of a racing capture and
   * cancel succeeds.
   */
  capture(clientId: string, input: CaptureInput): Promise<EngineResult<CaptureRecord>> {
    const key = requestKey(clientId, input.captureRequestId);
    const previous = this.captureRequests.get(key);
    if (previous) return replay(previous, input.paymentId, input.amount, 'captureRequestId', 'captureAmount');
    const merchant = this.merchants.get(clientId);
    if (!merchant) return Promise.resolve(fail('CLIENT_INVALID'));
    const payment = this.ownPayment(clientId, input.paymentId);
    if (!payment) {
      return Promise.resolve(fail('ORDER_NOT_EXIST', 'no payment with this paymentId exists for this merchant'));
    }
    const outcome = this.serial
      .run(payment.paymentId, () => this.capturePayment(payment, merchant.partialCapture, input))
      .catch(() => fail('SYSTEM_ERROR'));
    this.captureRequests.set(key, { paymentId: input.paymentId, amount: { ...input.amount }, outcome });
    return outcome;
  }

  /**
   * `payments/cancel`: voids an authorized, uncaptured payment. Idempotent: cancelling a cancelled
   * (or released) payment answers success again with the original `cancelTime`.
   */
  cancel(clientId: string, reference: PaymentReference): Promise<EngineResult<CancelOutcome>> {
    const found = this.findPayment(clientId, reference);
    if (!found.ok) return Promise.resolve(found);
    const payment = found.value;
    return this.serial.run(payment.paymentId, () => this.cancelPayment(payment)).catch(() => fail('SYSTEM_ERROR'));
  }

  /**
   * `payments/refund`: refunds captured funds, never more than captured in total. Idempotent on
   * `refundRequestId` like `capture`.
   */
  refund(clientId: string, input: RefundInput): Promise<EngineResult<RefundRecord>> {
    const key = requestKey(clientId, input.refundRequestId);
    const previous = this.refundRequests.get(key);
    if (previous) return replay(previous, input.paymentId, input.amount, 'refundRequestId', 'refundAmount');
    const payment = this.ownPayment(clientId, input.paymentId);
    if (!payment) {
      return Promise.resolve(fail('ORDER_NOT_EXIST', 'no payment with this paymentId exists for this merchant'));
    }
    const outcome = this.serial
      .run(payment.paymentId, () => this.refundPayment(payment, input))
      .catch(() => fail('SYSTEM_ERROR'));
    this.refundRequests.set(key, { paymentId: input.paymentId, amount: { ...input.amount }, outcome });
    return outcome;
  }

  /**
   * `payments/inquiryRefund`: by `refundId` (wins) or `refundRequestId`. A refused refund request
   * reports `refundStatus: FAIL` with its result.
   */
  async inquiryRefund(
    clientId: string,
    reference: { refundId?: string; refundRequestId?: string },
  ): Promise<EngineResult<RefundRecord>> {
    if (reference.refundId !== undefined) {
      const stored = this.refunds.get(reference.refundId);
      if (!stored || stored.clientId !== clientId) {
        return fail('ORDER_NOT_EXIST', 'no refund with this refundId exists for this merchant');
      }
      return { ok: true, value: structuredClone(stored.refund) };
    }
    const entry =
      reference.refundRequestId === undefined
        ? undefined
        : this.refundRequests.get(requestKey(clientId, reference.refundRequestId));
    if (!entry || reference.refundRequestId === undefined) {
      return fail('ORDER_NOT_EXIST', 'no refund with this refundRequestId exists for this merchant');
    }
    const outcome = await entry.outcome;
    if (outcome.ok) return { ok: true, value: structuredClone(outcome.value) };
    return {
      ok: true,
      value: {
        refundId: undefined,
        refundRequestId: reference.refundRequestId,
        paymentId: entry.paymentId,
        amount: { ...entry.amount },
        status: 'FAIL',
        time: undefined,
        result: { ...outcome.error },
      },
    };
  }

  /**
   * Releases every uncaptured authorization whose 7-day window has passed: the payment becomes
   * `CANCELLED` with a `VOID` transaction and a `PAYMENT_CANCELLED` notification (a partly captured
   * payment keeps its captures; only the rest is voided). A moved clock and the gateway's periodic
   * timer call it; it resolves when the releases are done and never rejects.
   */
  async runDueJobs(): Promise<void> {
    this.challenges.expireDue();
    const now = this.clock.now();
    const due = [...this.openAuthorizations]
      .map((paymentId) => this.payments.get(paymentId))
      .filter((payment): payment is Payment => payment !== undefined && isReleaseDue(payment, now));
    await Promise.all(
      due.map((payment) => this.serial.run(payment.paymentId, () => this.releaseIfDue(payment)).catch(() => undefined)),
    );
  }

  /** Stops following the clock (the gateway calls it on close). */
  close(): void {
    this.unsubscribeClock();
  }

  /** A copy of a payment. */
  payment(paymentId: string): Payment | undefined {
    const payment = this.payments.get(paymentId);
    return payment && structuredClone(payment);
  }

  /** A copy of a session (holds the secret session data: for tests and inspection only). */
  session(paymentSessionId: string): PaymentSession | undefined {
    const session = this.sessions.get(paymentSessionId);
    return session && structuredClone(session);
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
    this.supersedeChallenge(payment);
    // Queued behind another submission that already authorized or is authorizing.
    if (payment.attempts > 0 && payment.state !== 'FAILED') return orderClosed(payment);
    const end = await this.authorize(payment, merchant, method, session);
    if (end.systemError) return systemFailure(payment);
    const outcome = attemptOutcome(end.payment, end.status);
    return {
      ok: true,
      value: end.challengeId === undefined ? outcome : { ...outcome, challenge: { id: end.challengeId } },
    };
  }

  /**
   * Authorizes `payment` (new, or `FAILED` and retried): card checks, then (with a buyer present)
   * the 3-D Secure challenge when the session or the issuer asks for one, else routing, the
   * acquirer and automatic capture at once. Runs on the payment's queue; never leaves the payment
   * in `PROCESSING` because of an error. Without a buyer (`payments/pay`) a card whose issuer
   * always challenges is declined with `AUTHENTICATION_REQUIRED`.
   */
  private async authorize(
    payment: Payment,
    merchant: Merchant,
    method: AuthorizationMethod,
    buyer: PaymentSession | undefined,
  ): Promise<AuthorizationEnd> {
    if (payment.state === 'FAILED') transition(payment, 'PROCESSING');
    payment.attempts += 1;
    const tokenInfo = method.kind === 'TOKEN' ? { cardToken: method.token.cardToken } : {};

    let masked: MaskedCard | undefined;
    try {
      const checks = { amount: payment.amount, acceptedBrands: merchant.brands, now: this.clock.now() };
      const assessment =
        method.kind === 'CARD' ? assessCard(method.card, checks) : assessSavedCard(method.token, checks, method.cvc);
      masked = assessment.card;
      if (assessment.kind === 'rejected') {
        return this.finishDeclined(payment, { ...masked, ...tokenInfo }, assessment.resultCode, undefined);
      }
      const checked: CheckedCard = {
        card: assessment.card,
        issuer: assessment.issuer,
        tokenInfo,
        tokenize: method.kind === 'CARD' && method.tokenize,
      };
      if (buyer && needsChallenge(buyer.threeDS, assessment.issuer)) {
        return this.openChallenge(payment, merchant, buyer, checked);
      }
      if (!buyer && assessment.issuer.threeDS === 'challenge') {
        checked.issuer = { outcome: 'DECLINED', resultCode: 'AUTHENTICATION_REQUIRED', threeDS: undefined };
      }
      const threeDSResult = assessment.issuer.threeDS === 'frictionless' ? this.frictionlessThreeDS() : undefined;
      return await this.authorizeChecked(payment, checked, threeDSResult);
    } catch {
      return this.failedBySystem(payment, masked && { ...masked, ...tokenInfo });
    }
  }

  /** Routing, the acquirer, then automatic capture, for a card that passed the checks (and its challenge). */
  private async authorizeChecked(
    payment: Payment,
    checked: CheckedCard,
    threeDSResult: ThreeDSResult | undefined,
  ): Promise<AuthorizationEnd> {
    const routing: RoutingContext = {
      clientId: payment.clientId,
      amount: payment.amount,
      brand: checked.card.cardBrand,
      issuingCountry: checked.card.issuingCountry,
      random: this.random,
    };
    const acquirer = this.router.select(routing);
    const authorization = await acquirer.authorize({
      paymentId: payment.paymentId,
      amount: payment.amount,
      card: checked.card,
      issuer: checked.issuer,
    });
    this.router.recordOutcome?.(routing, authorization);
    const resultInfo: PaymentResultInfo = {
      ...checked.card,
      ...(authorization.networkTransactionId ? { networkTransactionId: authorization.networkTransactionId } : {}),
      ...(threeDSResult ? { threeDSResult } : {}),
      ...checked.tokenInfo,
    };
    if (authorization.outcome === 'PENDING') {
      payment.result = result('PAYMENT_IN_PROCESS');
      payment.resultInfo = resultInfo;
      payment.acquirer = authorization.acquirerInfo;
      this.addTransaction(
        payment,
        'AUTHORIZATION',
        'PROCESSING',
        payment.paymentRequestId,
        payment.amount,
        result('PAYMENT_IN_PROCESS'),
        authorization.acquirerInfo,
      );
      return ended(payment, 'PROCESSING');
    }
    if (authorization.outcome === 'DECLINED') {
      // An acquirer that declines without a decline code is read as a plain DO_NOT_HONOR.
      const code =
        authorization.resultCode === 'SUCCESS' || authorization.resultCode === 'PAYMENT_IN_PROCESS'
          ? 'DO_NOT_HONOR'
          : authorization.resultCode;
      return this.finishDeclined(payment, resultInfo, code, authorization.acquirerInfo);
    }
    if (checked.tokenize) {
      resultInfo.cardToken = this.tokens.issue({
        clientId: payment.clientId,
        card: checked.card,
        issuer: checked.issuer,
      });
    }
    return await this.finishApproved(payment, resultInfo, authorization.acquirerInfo, acquirer);
  }

  /**
   * The engine must never leave a payment stuck in PROCESSING because of a bug or a failing
   * acquirer: the attempt is recorded as failed and the buyer may retry.
   */
  private failedBySystem(payment: Payment, resultInfo: PaymentResultInfo | undefined): AuthorizationEnd {
    if (payment.state !== 'PROCESSING') return ended(payment, 'SUCCESS');
    this.awaitingChallenge.delete(payment.paymentId);
    this.recordFailedAuthorization(payment, 'SYSTEM_ERROR', resultInfo, undefined);
    return { ...ended(payment, 'FAIL'), systemError: true };
  }

  /**
   * Opens the issuer's challenge for a checked card: the payment stays `PROCESSING`
   * (`PAYMENT_IN_PROCESS`) with the masked card facts, and nothing is authorized until `complete`
   * reads the issuer's `Y`.
   */
  private openChallenge(
    payment: Payment,
    merchant: Merchant,
    session: PaymentSession,
    checked: CheckedCard,
  ): AuthorizationEnd {
    const challenge = this.challenges.create({
      subject: session.paymentSessionId,
      origins: session.origins,
      display: {
        merchantName: merchant.name,
        purpose: 'PAYMENT',
        amount: { ...payment.amount },
        brand: checked.card.cardBrand,
        last4: checked.card.lastFour,
      },
    });
    this.paymentChallenges.set(challenge.id, { paymentId: payment.paymentId, checked, outcome: undefined });
    this.awaitingChallenge.set(payment.paymentId, challenge.id);
    payment.result = result('PAYMENT_IN_PROCESS');
    payment.resultInfo = { ...checked.card, ...checked.tokenInfo };
    return { ...ended(payment, 'PROCESSING'), challengeId: challenge.id };
  }

  /**
   * The challenge a payment waits for is replaced by a new attempt: the attempt fails with
   * `USER_PAYMENT_VERIFICATION_FAILED` (no notification: the payment goes on with the new attempt
   * at once, and the merchant hears its outcome). The caller holds the payment's queue.
   */
  private supersedeChallenge(payment: Payment): void {
    const challengeId = this.awaitingChallenge.get(payment.paymentId);
    const pending = challengeId === undefined ? undefined : this.paymentChallenges.get(challengeId);
    if (!pending || payment.paymentSessionId === undefined) return;
    this.challenges.supersede(payment.paymentSessionId);
    this.failChallengedAttempt(payment, pending, CHALLENGE_SUPERSEDED_MESSAGE, false);
  }

  /**
   * A challenge expired unanswered or unconsumed (the challenge desk tells): the payment waiting
   * for it fails with `USER_PAYMENT_VERIFICATION_FAILED` and `notifyPayment`.
   */
  private paymentChallengeExpired(challenge: Challenge): void {
    const pending = this.paymentChallenges.get(challenge.id);
    const payment = pending && this.payments.get(pending.paymentId);
    if (!pending || !payment || this.awaitingChallenge.get(payment.paymentId) !== challenge.id) return;
    this.failChallengedAttempt(payment, pending, CHALLENGE_EXPIRED_MESSAGE, true);
  }

  /**
   * Ends a challenged attempt without authorization: a failed `AUTHORIZATION` (no acquirer), the
   * payment `FAILED` with `USER_PAYMENT_VERIFICATION_FAILED`; the buyer may try again. Only runs
   * while the payment waits for this challenge, when no task of its queue changes it.
   */
  private failChallengedAttempt(payment: Payment, pending: PaymentChallenge, message: string, notify: boolean): void {
    this.awaitingChallenge.delete(payment.paymentId);
    this.recordFailedAuthorization(
      payment,
      'USER_PAYMENT_VERIFICATION_FAILED',
      { ...pending.checked.card, ...pending.checked.tokenInfo },
      undefined,
      message,
    );
    if (notify) this.emit({ type: 'PAYMENT_RESULT', ...this.target(payment) });
    pending.outcome ??= Promise.resolve({ ok: true, value: attemptOutcome(structuredClone(payment), 'FAIL') });
  }

  /** `complete` of a payment's challenge (see `completeChallenge`). */
  private completePaymentChallenge(
    challengeId: string,
    pending: PaymentChallenge,
  ): Promise<EngineResult<PaymentAttemptOutcome>> {
    if (pending.outcome) return pending.outcome;
    // Reading the challenge expires it when its time is up, which ends the attempt.
    const challenge = this.challenges.get(challengeId)!;
    if (pending.outcome) return pending.outcome;
    const paymentId = pending.paymentId;
    const payment = this.payments.get(paymentId)!;
    if (challenge.state === 'CREATED' || challenge.state === 'STARTED') {
      return Promise.resolve({
        ok: true,
        value: {
          result: result('VERIFICATION_IN_PROCESS', VERIFICATION_PENDING),
          paymentId,
          paymentStatus: 'PROCESSING',
        },
      });
    }
    if (challenge.state !== 'ANSWERED' || this.awaitingChallenge.get(paymentId) !== challengeId) {
      return Promise.resolve(
        closedChallengeFailure(challenge) ?? fail('USER_PAYMENT_VERIFICATION_FAILED', CHALLENGE_SUPERSEDED_MESSAGE),
      );
    }
    this.challenges.markCompleted(challengeId);
    if (challenge.transStatus !== 'Y') {
      const message = challenge.challengeCancel
        ? 'The buyer cancelled the verification with the issuing bank.'
        : 'The issuing bank could not verify the buyer.';
      this.failChallengedAttempt(payment, pending, message, true);
      return pending.outcome!;
    }
    // From here the payment no longer waits: a new attempt gets ORDER_IS_CLOSED, as during any authorization.
    this.awaitingChallenge.delete(paymentId);
    pending.outcome = this.serial
      .run(paymentId, () => this.authorizeVerified(payment, pending.checked))
      .catch(() => systemFailure(payment));
    return pending.outcome;
  }

  /** Authorizes a payment whose buyer passed the challenge, on the payment's queue. */
  private async authorizeVerified(
    payment: Payment,
    checked: CheckedCard,
  ): Promise<EngineResult<PaymentAttemptOutcome>> {
    let end: AuthorizationEnd;
    try {
      end = await this.authorizeChecked(payment, checked, this.challengedThreeDS(checked.card.cardBrand));
    } catch {
      end = this.failedBySystem(payment, { ...checked.card, ...checked.tokenInfo });
    }
    if (end.systemError) return systemFailure(payment);
    return { ok: true, value: attemptOutcome(end.payment, end.status) };
  }

  private newPayment(origin: PaymentOrigin): Payment {
    const payment: Payment = {
      paymentId: this.ids.paymentId(),
      clientId: origin.clientId,
      paymentRequestId: origin.paymentRequestId,
      paymentSessionId: origin.paymentSessionId,
      notifyUrl: origin.notifyUrl,
      amount: { ...origin.amount },
      captureMode: origin.captureMode,
      state: 'PROCESSING',
      cancelTime: undefined,
      cancelReason: undefined,
      captureClosed: false,
      createdAt: this.clock.now(),
      paymentTime: undefined,
      authExpiryTime: undefined,
      result: result('PAYMENT_IN_PROCESS'),
      resultInfo: undefined,
      acquirer: undefined,
      transactions: [],
      attempts: 0,
    };
    this.payments.set(payment.paymentId, payment);
    this.paymentByRequest.set(requestKey(origin.clientId, origin.paymentRequestId), payment.paymentId);
    return payment;
  }

  private finishDeclined(
    payment: Payment,
    resultInfo: PaymentResultInfo,
    code: Exclude<ResultCode, 'SUCCESS'>,
    acquirerInfo: Payment['acquirer'],
  ): AuthorizationEnd {
    payment.acquirer = acquirerInfo;
    this.recordFailedAuthorization(payment, code, resultInfo, acquirerInfo);
    this.emit({ type: 'PAYMENT_RESULT', ...this.target(payment) });
    return ended(payment, 'FAIL');
  }

  /** Moves a payment to FAILED with a failed AUTHORIZATION entry naming `acquirerInfo` (no notification). */
  private recordFailedAuthorization(
    payment: Payment,
    code: Exclude<ResultCode, 'SUCCESS'>,
    resultInfo: Payment['resultInfo'],
    acquirerInfo: Payment['acquirer'],
    message?: string,
  ): void {
    transition(payment, 'FAILED');
    payment.result = result(code, message);
    payment.resultInfo = resultInfo;
    payment.paymentTime = this.clock.now();
    this.addTransaction(
      payment,
      'AUTHORIZATION',
      'FAIL',
      payment.paymentRequestId,
      payment.amount,
      result(code, message),
      acquirerInfo,
    );
  }

  private async finishApproved(
    payment: Payment,
    resultInfo: PaymentResultInfo,
    acquirerInfo: NonNullable<Payment['acquirer']>,
    acquirer: Acquirer,
  ): Promise<AuthorizationEnd> {
    transition(payment, 'AUTHORIZED');
    payment.result = result('SUCCESS');
    payment.resultInfo = resultInfo;
    payment.acquirer = acquirerInfo;
    payment.paymentTime = this.clock.now();
    this.addTransaction(
      payment,
      'AUTHORIZATION',
      'SUCCESS',
      payment.paymentRequestId,
      payment.amount,
      result('SUCCESS'),
      acquirerInfo,
    );
    this.openAuthorizations.add(payment.paymentId);
    const authExpiryTime = new Date(payment.paymentTime.getTime() + AUTHORIZATION_VALIDITY_MS);
    let capture: CaptureRecord | undefined;
    if (payment.captureMode === 'MANUAL') {
      payment.authExpiryTime = authExpiryTime;
    } else {
      capture = await this.performCapture(payment, acquirer, {
        captureRequestId: `${AUTO_CAPTURE_PREFIX}${payment.paymentId}`,
        amount: payment.amount,
        isLastCapture: true,
      });
      // A failed automatic capture leaves the authorization standing: the merchant can still
      // capture it manually within the window.
      if (capture.result.resultStatus !== 'S') payment.authExpiryTime = authExpiryTime;
    }
    this.emit({ type: 'PAYMENT_RESULT', ...this.target(payment) });
    if (capture) this.emit({ type: 'CAPTURE_RESULT', capture, ...this.target(payment) });
    return ended(payment, 'SUCCESS');
  }

  /** A merchant capture, on the payment's queue. */
  private async capturePayment(
    payment: Payment,
    partialCaptureAllowed: boolean,
    input: CaptureInput,
  ): Promise<EngineResult<CaptureRecord>> {
    this.releaseIfDue(payment);
    const refusal = captureRefusal(payment, input.amount, partialCaptureAllowed, this.clock.now());
    if (refusal) return { ok: false, error: refusal };
    const name = payment.acquirer?.acquirerName;
    const capture = await this.performCapture(
      payment,
      name === undefined ? undefined : this.router.byName(name),
      input,
    );
    this.emit({ type: 'CAPTURE_RESULT', capture, ...this.target(payment) });
    return capture.result.resultStatus === 'S' ? { ok: true, value: capture } : { ok: false, error: capture.result };
  }

  /**
   * Sends a capture to the payment's acquirer and records it (a `CAPTURE` transaction, success or
   * failure). The caller holds the payment's queue and has checked the rules.
   */
  private async performCapture(
    payment: Payment,
    acquirer: Acquirer | undefined,
    request: Pick<CaptureInput, 'captureRequestId' | 'amount' | 'isLastCapture'>,
  ): Promise<CaptureRecord> {
    const authorization = payment.acquirer;
    let response: CaptureResponse | undefined;
    if (acquirer && authorization) {
      response = await acquirer
        .capture({ paymentId: payment.paymentId, amount: { ...request.amount }, authorization })
        .catch(() => undefined);
    }
    const captured = response?.outcome === 'CAPTURED';
    const envelope = captured
      ? result('SUCCESS')
      : result(
          'PROCESS_FAIL',
          acquirer
            ? `acquirer ${acquirer.name} did not capture payment ${payment.paymentId}`
            : `the acquirer of payment ${payment.paymentId} is not available`,
        );
    if (captured) transition(payment, 'CAPTURED');
    const transaction = this.addTransaction(
      payment,
      'CAPTURE',
      captured ? 'SUCCESS' : 'FAIL',
      request.captureRequestId,
      request.amount,
      envelope,
      response?.acquirerInfo,
    );
    if (captured && (request.isLastCapture || uncapturedValue(payment) === 0n)) {
      this.closeCapture(
        payment,
        transaction.time,
        request.captureRequestId,
        'the rest of the authorization was released after the last capture',
      );
    }
    return {
      captureRequestId: request.captureRequestId,
      captureId: transaction.transactionId,
      paymentId: payment.paymentId,
      amount: { ...request.amount },
      time: transaction.time,
      result: { ...envelope },
      acquirerReferenceNo: response?.acquirerInfo.acquirerTransactionId,
    };
  }

  /** Ends capturing: the uncaptured rest, if any, is voided. */
  private closeCapture(payment: Payment, time: Date, requestId: string, why: string): void {
    const rest = uncapturedValue(payment);
    if (rest > 0n) {
      this.addTransaction(
        payment,
        'VOID',
        'SUCCESS',
        requestId,
        { currency: payment.amount.currency, value: String(rest) },
        result('SUCCESS', why),
        undefined,
        time,
      );
    }
    payment.captureClosed = true;
    this.openAuthorizations.delete(payment.paymentId);
  }

  /** A merchant cancel, on the payment's queue. */
  private cancelPayment(payment: Payment): EngineResult<CancelOutcome> {
    this.releaseIfDue(payment);
    const refusal = cancelRefusal(payment);
    if (refusal !== undefined && refusal !== 'ALREADY_CANCELLED') return { ok: false, error: refusal };
    if (refusal === undefined) {
      const now = this.clock.now();
      transition(payment, 'CANCELLED');
      payment.cancelTime = now;
      payment.cancelReason = 'MERCHANT_CANCEL';
      this.addTransaction(
        payment,
        'CANCEL',
        'SUCCESS',
        payment.paymentRequestId,
        payment.amount,
        result('SUCCESS'),
        undefined,
        now,
      );
      payment.captureClosed = true;
      this.openAuthorizations.delete(payment.paymentId);
    }
    return {
      ok: true,
      value: {
        paymentId: payment.paymentId,
        paymentRequestId: payment.paymentRequestId,
        cancelTime: payment.cancelTime ?? this.clock.now(),
      },
    };
  }

  /** A refund, on the payment's queue. */
  private refundPayment(payment: Payment, input: RefundInput): EngineResult<RefundRecord> {
    this.releaseIfDue(payment);
    const refusal = refundRefusal(payment, input.amount);
    if (refusal) return { ok: false, error: refusal };
    transition(payment, stateAfterRefund(payment, input.amount));
    const transaction = this.addTransaction(
      payment,
      'REFUND',
      'SUCCESS',
      input.refundRequestId,
      input.amount,
      result('SUCCESS'),
      undefined,
    );
    const refund: RefundRecord = {
      refundId: transaction.transactionId,
      refundRequestId: input.refundRequestId,
      paymentId: payment.paymentId,
      amount: { ...input.amount },
      status: 'SUCCESS',
      time: transaction.time,
      result: result('SUCCESS'),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    };
    this.refunds.set(transaction.transactionId, { clientId: payment.clientId, refund });
    this.emit({ type: 'REFUND_RESULT', refund: structuredClone(refund), ...this.target(payment, input.notifyUrl) });
    return { ok: true, value: structuredClone(refund) };
  }

  /** Releases the payment's authorization if its window has passed; the caller holds its queue. */
  private releaseIfDue(payment: Payment): void {
    const expiredAt = payment.authExpiryTime;
    if (!expiredAt || !isReleaseDue(payment, this.clock.now())) return;
    const why = `The authorization expired at ${formatAntomTime(expiredAt)} without capture and was released.`;
    if (payment.state === 'AUTHORIZED') {
      transition(payment, 'CANCELLED');
      payment.cancelTime = expiredAt;
      payment.cancelReason = 'AUTHORIZATION_EXPIRED';
      payment.result = result('ORDER_IS_CLOSED', why);
      this.closeCapture(payment, expiredAt, payment.paymentRequestId, why);
      this.emit({ type: 'PAYMENT_CANCELLED', ...this.target(payment) });
      return;
    }
    // A partly captured payment keeps its captures; only the rest is voided.
    this.closeCapture(payment, expiredAt, payment.paymentRequestId, why);
  }

  /** Starts a due release at once when the payment is idle (an inquiry must not report a stale state). */
  private releaseNowIfDue(payment: Payment): void {
    if (!isReleaseDue(payment, this.clock.now())) return;
    void this.serial.run(payment.paymentId, () => this.releaseIfDue(payment)).catch(() => undefined);
  }

  /** A payment of this merchant. */
  private ownPayment(clientId: string, paymentId: string): Payment | undefined {
    const payment = this.payments.get(paymentId);
    return payment && payment.clientId === clientId ? payment : undefined;
  }

  /** A payment by `paymentId` (wins) or `paymentRequestId`, with a message naming what is missing. */
  private findPayment(clientId: string, reference: PaymentReference): EngineResult<Payment> {
    if (reference.paymentId !== undefined) {
      const payment = this.ownPayment(clientId, reference.paymentId);
      return payment
        ? { ok: true, value: payment }
        : fail('ORDER_NOT_EXIST', 'no payment with this paymentId exists for this merchant');
    }
    const key = requestKey(clientId, reference.paymentRequestId ?? '');
    const paymentId = this.paymentByRequest.get(key);
    const payment = paymentId === undefined ? undefined : this.payments.get(paymentId);
    if (payment) return { ok: true, value: payment };
    if (this.sessions.hasRequest(key)) {
      return fail('ORDER_NOT_EXIST', 'no card was submitted for this paymentRequestId yet, so there is no payment');
    }
    return fail('ORDER_NOT_EXIST', 'no payment with this paymentRequestId exists for this merchant');
  }

  private methodFingerprint(method: PayMethodInput): Buffer {
    const parts =
      method.kind === 'TOKEN'
        ? ['TOKEN', method.cardToken]
        : ['CARD', method.card.number, method.card.expiryMonth, method.card.expiryYear, method.card.holderName];
    return createHmac('sha256', this.fingerprintKey).update(parts.join('\u0000'), 'utf8').digest();
  }

  private addTransaction(
    payment: Payment,
    type: Transaction['type'],
    status: Transaction['status'],
    requestId: string,
    amount: Amount,
    envelope: Transaction['result'],
    acquirerInfo: Transaction['acquirer'],
    time: Date = this.clock.now(),
  ): Transaction {
    const transaction: Transaction = {
      type,
      status,
      transactionId: this.ids.transactionId(),
      requestId,
      amount: { ...amount },
      time,
      result: envelope,
      ...(acquirerInfo ? { acquirer: { ...acquirerInfo } } : {}),
    };
    payment.transactions.push(transaction);
    return transaction;
  }

  private frictionlessThreeDS(): ThreeDSResult {
    const cavv = Buffer.from(Array.from({ length: 20 }, () => this.random.int(256))).toString('base64');
    return { threeDSVersion: THREE_DS_VERSION, eci: '05', cavv, challenged: 'false', challengeCancel: 'false' };
  }

  /**
   * `threeDSResult` after a passed challenge (ECI: Mastercard writes a full authentication `02`,
   * the others `05`); a cancelled challenge authorizes nothing, so `challengeCancel` is `false`.
   */
  private challengedThreeDS(brand: CardBrand): ThreeDSResult {
    const cavv = Buffer.from(Array.from({ length: 20 }, () => this.random.int(256))).toString('base64');
    return {
      threeDSVersion: THREE_DS_VERSION,
      eci: brand === 'MASTERCARD' ? '02' : '05',
      cavv,
      challenged: 'true',
      challengeCancel: 'false',
    };
  }

  /** Who an event about `payment` goes to, with a snapshot of it. */
  private target(
    payment: Payment,
    notifyUrl: string | undefined = payment.notifyUrl,
  ): {
    clientId: string;
    notifyUrl: string | undefined;
    payment: Payment;
  } {
    return { clientId: payment.clientId, notifyUrl, payment: structuredClone(payment) };
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
function orderClosed(payment: Payment): EngineFailure {
  const status = inquiryStatusOf(payment.state);
  return {
    ok: false,
    error: result('ORDER_IS_CLOSED', 'This session already has a payment that succeeded or is in process.'),
    paymentId: payment.paymentId,
    paymentStatus: status === 'SUCCESS' || status === 'PROCESSING' ? status : 'FAIL',
  };
}

/** `SYSTEM_ERROR` about a payment. */
function systemFailure(payment: Payment): EngineFailure {
  return { ok: false, error: result('SYSTEM_ERROR'), paymentId: payment.paymentId, paymentStatus: 'FAIL' };
}

function ended(payment: Payment, status: AuthorizationEnd['status']): AuthorizationEnd {
  return { payment: structuredClone(payment), status, systemError: false };
}

/** The stored answer of a repeated capture or refund request, or `REPEAT_REQ_INCONSISTENT`. */
function replay<T>(
  previous: RequestEntry<T>,
  paymentId: string,
  amount: Amount,
  idField: string,
  amountField: string,
): Promise<EngineResult<T>> {
  if (previous.paymentId !== paymentId) {
    return Promise.resolve(fail('REPEAT_REQ_INCONSISTENT', `${idField} was already used for another paymentId`));
  }
  if (!sameAmount(previous.amount, amount)) {
    return Promise.resolve(
      fail('REPEAT_REQ_INCONSISTENT', `${amountField} differs from the first request with this ${idField}`),
    );
  }
  return previous.outcome;
}

function attemptOutcome(
  payment: Payment,
  paymentStatus: PaymentAttemptOutcome['paymentStatus'],
): PaymentAttemptOutcome {
  const info = payment.resultInfo;
  return {
    result: { ...payment.result },
    paymentId: payment.paymentId,
    paymentStatus,
    ...(info?.cardBrand
      ? {
          card: {
            brand: info.cardBrand,
            last4: info.lastFour,
            expiryMonth: info.expiryMonth,
            expiryYear: info.expiryYear,
          },
        }
      : {}),
  };
}

/**
 * The payment engine: sessions, payments, transactions and idempotency, with no knowledge of HTTP.
 * Handlers validate the shape of requests at the edge and hand the engine typed input; the engine
 * applies Antom's rules (idempotency, expiry, lifecycle) and answers with records or envelopes.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Amount, SessionView } from '../../../src/protocol/types.js';
import { encodeSessionData, MAX_SESSION_DATA_LENGTH, parseSessionData } from '../../../src/protocol/session-data.js';
import { SandboxAcquirer, type Acquirer } from './acquirers.js';
import { systemClock, type Clock } from './clock.js';
import { IdFactory } from './ids.js';
import type { MerchantRegistry } from './merchants.js';
import { NotificationLog } from './notification-log.js';
import { createRandom, type Random } from './random.js';
import { result, type ResultCode } from './result-codes.js';
import { SingleAcquirerRouter, type AcquirerRouter } from './routing.js';
import { inquiryStatusOf, transition, type InquiryStatus } from './state-machine.js';
import { assessCard, type MaskedCard } from './test-cards.js';
import { formatAntomTime } from './time.js';
import type {
  CardInput,
  CreateSessionInput,
  EngineEvent,
  EngineFailure,
  EngineResult,
  Merchant,
  Payment,
  PaymentAttemptOutcome,
  PaymentResultInfo,
  PaymentSession,
  ThreeDSResult,
  Transaction,
} from './types.js';

/** Longest session Antom allows, and its default. */
export const MAX_SESSION_LIFETIME_MS = 60 * 60 * 1000;

/** (ours) Tolerated clock skew when a merchant asks for the maximum session lifetime. */
export const SESSION_EXPIRY_SKEW_MS = 60 * 1000;

/** How long a MANUAL authorization waits for capture. */
export const AUTHORIZATION_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

/** The region the sandbox writes into session data. */
const SESSION_REGION = 'SG';

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
  /** Acquirer routing (default: everything to `SANDBOX_ACQ_A`). */
  router?: AcquirerRouter;
  /** Notification delivery log to expose (default: a new one). */
  notifications?: NotificationLog;
}

/** Answer of `createPaymentSession`. */
export interface SessionCreated {
  /** The secret session data for the browser. */
  paymentSessionData: string;
  /** Public session id. */
  paymentSessionId: string;
  /** Expiry as answered to the merchant. */
  paymentSessionExpiryTime: string;
}

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

/** A card submission from the frame. */
export interface SubmitPaymentInput {
  /** The session data the frame holds. */
  paymentSessionData: string;
  /** The frame's attempt id (`Idempotency-Key`). */
  idempotencyKey: string;
  /** Card data; used for this authorization only, never stored. */
  card: CardInput;
}

interface AttemptEntry {
  /** Keyed hash of the card data without the CVC (the CVC must not outlive the authorization). */
  fingerprint: Buffer;
  outcome: Promise<EngineResult<PaymentAttemptOutcome>>;
}

const fail = (code: ResultCode, message?: string): EngineFailure => ({ ok: false, error: result(code, message) });

const sameAmount = (a: Amount, b: Amount): boolean => a.currency === b.currency && a.value === b.value;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The sandbox's payment engine. */
export class PaymentEngine {
  /** Time source. */
  readonly clock: Clock;
  /** Delivery log of notifications (the notifier writes it). */
  readonly notifications: NotificationLog;
  /** The gateway origin sessions name. */
  readonly gatewayOrigin: string;

  private readonly merchants: MerchantRegistry;
  private readonly random: Random;
  private readonly ids: IdFactory;
  private readonly router: AcquirerRouter;
  private readonly fingerprintKey = randomBytes(32);
  private readonly sessions = new Map<string, PaymentSession>();
  private readonly sessionByRequest = new Map<string, string>();
  private readonly payments = new Map<string, Payment>();
  private readonly attempts = new Map<string, AttemptEntry>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  /** Creates an engine. */
  constructor(options: PaymentEngineOptions) {
    this.gatewayOrigin = options.gatewayOrigin;
    this.notifications = options.notifications ?? new NotificationLog();
    this.merchants = options.merchants;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? createRandom();
    this.ids = new IdFactory(this.random, this.clock);
    this.router =
      options.router ??
      new SingleAcquirerRouter(
        new SandboxAcquirer({ name: 'SANDBOX_ACQ_A', merchantId: 'SBXA0000000001', ids: this.ids }),
      );
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
   * the stored answer, a different amount or currency gets `REPEAT_REQ_INCONSISTENT`.
   */
  createPaymentSession(clientId: string, input: CreateSessionInput): EngineResult<SessionCreated> {
    const merchant = this.merchants.get(clientId);
    if (!merchant) return fail('CLIENT_INVALID');
    const requestKey = `${clientId}\u0000${input.paymentRequestId}`;
    const existingId = this.sessionByRequest.get(requestKey);
    const existing = existingId === undefined ? undefined : this.sessions.get(existingId);
    if (existing) {
      if (!sameAmount(existing.amount, input.amount)) {
        return fail(
          'REPEAT_REQ_INCONSISTENT',
          'paymentAmount differs from the first request with this paymentRequestId',
        );
      }
      return { ok: true, value: sessionAnswer(existing) };
    }

    const now = this.clock.now();
    let expiresAt = new Date(now.getTime() + MAX_SESSION_LIFETIME_MS);
    let expiryText = formatAntomTime(expiresAt);
    if (input.expiry) {
      if (input.expiry.at.getTime() <= now.getTime()) {
        return fail('PARAM_ILLEGAL', 'paymentSessionExpiryTime must be in the future');
      }
      if (input.expiry.at.getTime() > now.getTime() + MAX_SESSION_LIFETIME_MS + SESSION_EXPIRY_SKEW_MS) {
        return fail('PARAM_ILLEGAL', 'paymentSessionExpiryTime must be at most 1 hour after the request');
      }
      expiresAt = input.expiry.at;
      expiryText = input.expiry.text;
    }

    const paymentSessionId = this.ids.paymentSessionId();
    const paymentSessionData = encodeSessionData(randomBytes(32).toString('base64url'), SESSION_REGION, {
      clientId,
      paymentSessionConfig: {
        productScene: 'CASHIER_PAYMENT',
        paymentMethodCategoryType: 'CARD',
        productSceneVersion: '1.0',
      },
      paymentSessionId,
      gatewayOrigin: this.gatewayOrigin,
      mode: 'payment',
    });
    if (paymentSessionData.length > MAX_SESSION_DATA_LENGTH) {
      return fail('SYSTEM_ERROR', 'paymentSessionData would exceed 4096 characters');
    }
    const session: PaymentSession = {
      paymentSessionId,
      clientId,
      paymentRequestId: input.paymentRequestId,
      paymentSessionData,
      amount: { ...input.amount },
      order: structuredClone(input.order),
      captureMode: input.captureMode,
      redirectUrl: input.redirectUrl,
      notifyUrl: input.notifyUrl ?? merchant.notifyUrl,
      origins: [...new Set([new URL(input.redirectUrl).origin, ...merchant.allowedOrigins])],
      createdAt: now,
      expiresAt,
      expiryText,
      paymentId: undefined,
    };
    this.sessions.set(paymentSessionId, session);
    this.sessionByRequest.set(requestKey, paymentSessionId);
    return { ok: true, value: sessionAnswer(session) };
  }

  /** `inquiryPayment`: by `paymentId` (wins) or `paymentRequestId`, within the merchant's own payments. */
  inquiryPayment(
    clientId: string,
    reference: { paymentId?: string; paymentRequestId?: string },
  ): EngineResult<PaymentInquiry> {
    let session: PaymentSession | undefined;
    let payment: Payment | undefined;
    if (reference.paymentId !== undefined) {
      payment = this.payments.get(reference.paymentId);
      if (!payment || payment.clientId !== clientId) return fail('ORDER_NOT_EXIST');
      session = this.sessions.get(payment.paymentSessionId);
    } else if (reference.paymentRequestId !== undefined) {
      const sessionId = this.sessionByRequest.get(`${clientId}\u0000${reference.paymentRequestId}`);
      session = sessionId === undefined ? undefined : this.sessions.get(sessionId);
      payment = session?.paymentId === undefined ? undefined : this.payments.get(session.paymentId);
    }
    if (!session) return fail('ORDER_NOT_EXIST');

    if (payment) {
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
    if (!session) return undefined;
    return [...session.origins];
  }

  /** The public view of a session for the frame (`SESSION_NOT_FOUND`, `SESSION_INVALID`, `SESSION_EXPIRED`). */
  sessionView(paymentSessionData: string): EngineResult<SessionView> {
    const found = this.resolveSession(paymentSessionData);
    if (!found.ok) return found;
    const session = found.value;
    if (this.isExpired(session)) return fail('SESSION_EXPIRED');
    const merchant = this.merchants.get(session.clientId);
    if (!merchant) return fail('SESSION_INVALID', 'The merchant of this session is no longer registered.');
    return {
      ok: true,
      value: {
        paymentSessionId: session.paymentSessionId,
        mode: 'payment',
        amount: { ...session.amount },
        merchantName: merchant.name,
        expiresAt: formatAntomTime(session.expiresAt),
        brands: [...merchant.brands],
        captureMode: session.captureMode,
      },
    };
  }

  /**
   * A card submission from the frame. Idempotent on (session, `Idempotency-Key`): a replay gets the
   * stored answer without a second authorization; the same key with other card data gets
   * `REPEAT_REQ_INCONSISTENT`. A session whose payment succeeded or is in process refuses new
   * attempts with `ORDER_IS_CLOSED`; after a decline the buyer may retry with a new key.
   */
  submitPayment(input: SubmitPaymentInput): Promise<EngineResult<PaymentAttemptOutcome>> {
    const found = this.resolveSession(input.paymentSessionData);
    if (!found.ok) return Promise.resolve(found);
    const session = found.value;
    const attemptKey = `${session.paymentSessionId}\u0000${input.idempotencyKey}`;
    const fingerprint = this.fingerprint(input.card);
    const previous = this.attempts.get(attemptKey);
    if (previous) {
      if (!timingSafeEqual(previous.fingerprint, fingerprint)) {
        return Promise.resolve(
          fail('REPEAT_REQ_INCONSISTENT', 'This Idempotency-Key was already used with different card data.'),
        );
      }
      return previous.outcome;
    }
    if (this.isExpired(session)) return Promise.resolve(fail('SESSION_EXPIRED'));
    const merchant = this.merchants.get(session.clientId);
    if (!merchant)
      return Promise.resolve(fail('SESSION_INVALID', 'The merchant of this session is no longer registered.'));
    const existing = session.paymentId === undefined ? undefined : this.payments.get(session.paymentId);
    if (existing && existing.state !== 'FAILED') {
      const status = inquiryStatusOf(existing.state);
      return Promise.resolve({
        ok: false,
        error: result('ORDER_IS_CLOSED', 'This session already has a payment that succeeded or is in process.'),
        paymentId: existing.paymentId,
        paymentStatus: status === 'SUCCESS' || status === 'PROCESSING' ? status : 'FAIL',
      });
    }
    // authorize() moves the payment to PROCESSING before its first await, so a concurrent
    // submission with another key already sees ORDER_IS_CLOSED.
    const outcome = this.authorize(session, merchant, existing, input.card);
    this.attempts.set(attemptKey, { fingerprint, outcome });
    return outcome;
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

  private isExpired(session: PaymentSession): boolean {
    return this.clock.now().getTime() >= session.expiresAt.getTime();
  }

  private resolveSession(paymentSessionData: string): EngineResult<PaymentSession> {
    const parsed = parseSessionData(paymentSessionData);
    if (!parsed || parsed.config.gatewayOrigin !== this.gatewayOrigin) return fail('SESSION_INVALID');
    const session = this.sessions.get(parsed.config.paymentSessionId);
    if (!session) return fail('SESSION_NOT_FOUND');
    if (!timingSafeEqual(digest(session.paymentSessionData), digest(paymentSessionData)))
      return fail('SESSION_INVALID');
    return { ok: true, value: session };
  }

  private fingerprint(card: CardInput): Buffer {
    return createHmac('sha256', this.fingerprintKey)
      .update([card.number, card.expiryMonth, card.expiryYear, card.holderName].join('\u0000'), 'utf8')
      .digest();
  }

  private async authorize(
    session: PaymentSession,
    merchant: Merchant,
    existing: Payment | undefined,
    card: CardInput,
  ): Promise<EngineResult<PaymentAttemptOutcome>> {
    const payment = existing ?? this.newPayment(session);
    if (existing) transition(payment, 'PROCESSING');
    payment.attempts += 1;
    session.paymentId = payment.paymentId;

    let masked: MaskedCard | undefined;
    try {
      const assessment = assessCard(card, {
        amount: session.amount,
        acceptedBrands: merchant.brands,
        now: this.clock.now(),
      });
      masked = assessment.card;
      if (assessment.kind === 'rejected') {
        return this.finishDeclined(payment, session, masked, assessment.resultCode, undefined);
      }
      const acquirer = this.router.select({
        clientId: session.clientId,
        amount: session.amount,
        brand: assessment.card.cardBrand,
        issuingCountry: assessment.card.issuingCountry,
        random: this.random,
      });
      const threeDSResult = assessment.issuer.threeDS === 'frictionless' ? this.frictionlessThreeDS() : undefined;
      const authorization = await acquirer.authorize({
        paymentId: payment.paymentId,
        amount: session.amount,
        card: assessment.card,
        issuer: assessment.issuer,
      });
      const resultInfo: PaymentResultInfo = {
        ...assessment.card,
        ...(authorization.networkTransactionId ? { networkTransactionId: authorization.networkTransactionId } : {}),
        ...(threeDSResult ? { threeDSResult } : {}),
      };
      if (authorization.outcome === 'PENDING') {
        payment.result = result('PAYMENT_IN_PROCESS');
        payment.resultInfo = resultInfo;
        payment.acquirer = authorization.acquirerInfo;
        this.addTransaction(
          payment,
          'AUTHORIZATION',
          'PROCESSING',
          session.paymentRequestId,
          result('PAYMENT_IN_PROCESS'),
          authorization.acquirerInfo,
        );
        return { ok: true, value: attemptOutcome(payment, 'PROCESSING') };
      }
      if (authorization.outcome === 'DECLINED') {
        // An acquirer that declines without a decline code is read as a plain DO_NOT_HONOR.
        const code =
          authorization.resultCode === 'SUCCESS' || authorization.resultCode === 'PAYMENT_IN_PROCESS'
            ? 'DO_NOT_HONOR'
            : authorization.resultCode;
        return this.finishDeclined(payment, session, resultInfo, code, authorization.acquirerInfo);
      }
      return await this.finishApproved(payment, session, resultInfo, authorization.acquirerInfo, acquirer);
    } catch {
      // The engine must never leave a payment stuck in PROCESSING because of a bug or a failing
      // acquirer: the attempt is recorded as failed and the buyer may retry.
      if (payment.state !== 'PROCESSING') return { ok: true, value: attemptOutcome(payment, 'SUCCESS') };
      transition(payment, 'FAILED');
      payment.result = result('SYSTEM_ERROR');
      payment.resultInfo = masked;
      payment.paymentTime = this.clock.now();
      this.addTransaction(
        payment,
        'AUTHORIZATION',
        'FAIL',
        session.paymentRequestId,
        result('SYSTEM_ERROR'),
        undefined,
      );
      return { ok: false, error: result('SYSTEM_ERROR'), paymentId: payment.paymentId, paymentStatus: 'FAIL' };
    }
  }

  private newPayment(session: PaymentSession): Payment {
    const payment: Payment = {
      paymentId: this.ids.paymentId(),
      clientId: session.clientId,
      paymentRequestId: session.paymentRequestId,
      paymentSessionId: session.paymentSessionId,
      amount: { ...session.amount },
      captureMode: session.captureMode,
      state: 'PROCESSING',
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
    return payment;
  }

  private finishDeclined(
    payment: Payment,
    session: PaymentSession,
    resultInfo: PaymentResultInfo,
    code: Exclude<ResultCode, 'SUCCESS'>,
    acquirerInfo: Payment['acquirer'],
  ): EngineResult<PaymentAttemptOutcome> {
    transition(payment, 'FAILED');
    payment.result = result(code);
    payment.resultInfo = resultInfo;
    payment.acquirer = acquirerInfo;
    payment.paymentTime = this.clock.now();
    this.addTransaction(payment, 'AUTHORIZATION', 'FAIL', session.paymentRequestId, result(code), acquirerInfo);
    this.emitResult(session, payment);
    return { ok: true, value: attemptOutcome(payment, 'FAIL') };
  }

  private async finishApproved(
    payment: Payment,
    session: PaymentSession,
    resultInfo: PaymentResultInfo,
    acquirerInfo: NonNullable<Payment['acquirer']>,
    acquirer: Acquirer,
  ): Promise<EngineResult<PaymentAttemptOutcome>> {
    transition(payment, 'AUTHORIZED');
    payment.result = result('SUCCESS');
    payment.resultInfo = resultInfo;
    payment.acquirer = acquirerInfo;
    payment.paymentTime = this.clock.now();
    this.addTransaction(payment, 'AUTHORIZATION', 'SUCCESS', session.paymentRequestId, result('SUCCESS'), acquirerInfo);
    if (payment.captureMode === 'MANUAL') {
      payment.authExpiryTime = new Date(payment.paymentTime.getTime() + AUTHORIZATION_VALIDITY_MS);
    } else {
      const captureRequestId = `AUTO_${payment.paymentId}`;
      const capture = await acquirer
        .capture({ paymentId: payment.paymentId, amount: payment.amount, authorization: acquirerInfo })
        .catch(() => ({ outcome: 'FAILED' as const, acquirerInfo: undefined }));
      if (capture.outcome === 'CAPTURED') {
        transition(payment, 'CAPTURED');
        this.addTransaction(payment, 'CAPTURE', 'SUCCESS', captureRequestId, result('SUCCESS'), capture.acquirerInfo);
      } else {
        // The authorization stands; the merchant can still capture manually within the window.
        payment.authExpiryTime = new Date(payment.paymentTime.getTime() + AUTHORIZATION_VALIDITY_MS);
        this.addTransaction(
          payment,
          'CAPTURE',
          'FAIL',
          captureRequestId,
          result('PROCESS_FAIL', 'The acquirer did not capture.'),
          capture.acquirerInfo,
        );
      }
    }
    this.emitResult(session, payment);
    return { ok: true, value: attemptOutcome(payment, 'SUCCESS') };
  }

  private addTransaction(
    payment: Payment,
    type: Transaction['type'],
    status: Transaction['status'],
    requestId: string,
    envelope: Transaction['result'],
    acquirerInfo: Transaction['acquirer'],
  ): void {
    payment.transactions.push({
      type,
      status,
      transactionId: this.ids.transactionId(),
      requestId,
      amount: { ...payment.amount },
      time: this.clock.now(),
      result: envelope,
      ...(acquirerInfo ? { acquirer: { ...acquirerInfo } } : {}),
    });
  }

  private frictionlessThreeDS(): ThreeDSResult {
    const cavv = Buffer.from(Array.from({ length: 20 }, () => this.random.int(256))).toString('base64');
    return { threeDSVersion: '2.2.0', eci: '05', cavv, challenged: 'false', challengeCancel: 'false' };
  }

  private emitResult(session: PaymentSession, payment: Payment): void {
    const event: EngineEvent = {
      type: 'PAYMENT_RESULT',
      clientId: session.clientId,
      notifyUrl: session.notifyUrl,
      payment: structuredClone(payment),
    };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure (e.g. a notifier bug) must not undo or fail the payment.
      }
    }
  }
}

function sessionAnswer(session: PaymentSession): SessionCreated {
  return {
    paymentSessionData: session.paymentSessionData,
    paymentSessionId: session.paymentSessionId,
    paymentSessionExpiryTime: session.expiryText,
  };
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

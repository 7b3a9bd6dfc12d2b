/**
 * The 3-D Secure part of a payment: the challenge a checked card waits for, its replacement by a
 * new attempt, its expiry, and its completion, after which the issuer's `Y` authorizes the payment
 * and anything else fails it. The challenge itself (the container page, the issuer's ACS) is the
 * shared `ChallengeDesk`; this desk ties its challenges to payments. It keeps the checked card
 * (masked facts and the issuer's answer, never the card number or CVC) only until the challenge
 * ends, and hands a verified card back to the authorization desk.
 */
import type { CardBrand } from '#shared';
import {
  ended,
  attemptOutcome,
  systemFailure,
  type AuthorizationEnd,
  type ChallengeBuyer,
  type CheckedCard,
} from './authorization.js';
import {
  CHALLENGE_EXPIRED_MESSAGE,
  CHALLENGE_SUPERSEDED_MESSAGE,
  THREE_DS_VERSION,
  type Challenge,
  type ChallengeDesk,
} from './challenges.js';
import { JournaledMap, MEMORY_JOURNAL, NOT_READY, settledValue, watchSettled, type Journal } from './journal.js';
import { eventTarget, resultInfoOf, type PaymentBook } from './payment-book.js';
import type { Random } from './random.js';
import { result, type ResultCode } from './result-codes.js';
import type { KeyedSerializer } from './serial.js';
import type {
  EngineEvent,
  EngineFailure,
  EngineResult,
  Merchant,
  Payment,
  PaymentAttemptOutcome,
  PaymentResultInfo,
  ThreeDSResult,
} from './types.js';
import { closedChallengeFailure } from './vaulting.js';

/** What a `PaymentChallengeDesk` shares with the engine and the other desks. */
export interface PaymentChallengeDeskOptions {
  /** The engine's 3-D Secure challenges (its `onExpired` must call `expired`). */
  challenges: ChallengeDesk;
  /** The engine's payment records: a verdict of the issuer fails or authorizes one. */
  book: PaymentBook;
  /** The engine's per-payment queues. */
  serial: KeyedSerializer;
  /** Seeded randomness of the engine (3-D Secure values). */
  random: Random;
  /** Hands an event to the engine's listeners (the notifier). */
  emit: (event: EngineEvent) => void;
  /** Routing, the acquirer and capture for a verified card (`AuthorizationDesk.authorizeChecked`). */
  authorizeChecked: (
    payment: Payment,
    checked: CheckedCard,
    threeDSResult: ThreeDSResult | undefined,
  ) => Promise<AuthorizationEnd>;
  /** Records an attempt the engine failed (`AuthorizationDesk.failedBySystem`). */
  failedBySystem: (payment: Payment, resultInfo: PaymentResultInfo | undefined) => AuthorizationEnd;
  /** Where open challenges of payments are kept across restarts (default: memory only). */
  journal?: Journal;
}

/** A payment waiting for its 3-D Secure challenge: the checked card, kept until the challenge ends. */
interface PaymentChallenge {
  paymentId: string;
  checked: CheckedCard;
  /** Set when the challenge ends (completed, refused, expired or replaced); every later `complete` gets it. */
  outcome: Promise<EngineResult<PaymentAttemptOutcome>> | undefined;
}

/** Answer of `complete` while the buyer has not finished the verification. */
const VERIFICATION_PENDING = 'The buyer has not finished the verification yet.';

const fail = (code: ResultCode, message?: string): EngineFailure => ({ ok: false, error: result(code, message) });

/** 3-D Secure challenges of one engine's payments. */
export class PaymentChallengeDesk {
  private readonly options: PaymentChallengeDeskOptions;
  /** 3-D Secure challenges of payments, by challenge id. */
  private readonly pending: JournaledMap<PaymentChallenge>;
  /** The open challenge a payment waits for, by payment id: the payment is not authorized until it ends. */
  private readonly awaitingChallenge: JournaledMap<string>;

  /** Creates a desk sharing the engine's challenges, payments, queues and randomness. */
  constructor(options: PaymentChallengeDeskOptions) {
    this.options = options;
    const journal = options.journal ?? MEMORY_JOURNAL;
    this.pending = new JournaledMap<PaymentChallenge>(journal, 'payment-challenge', {
      encode: (entry) => {
        if (entry.outcome === undefined) return { ...entry, ended: false };
        const outcome = settledValue(entry.outcome);
        return outcome === NOT_READY ? NOT_READY : { ...entry, outcome, ended: true };
      },
      decode: (stored) => {
        const { ended, outcome, ...entry } = stored as Omit<PaymentChallenge, 'outcome'> & {
          ended: boolean;
          outcome?: EngineResult<PaymentAttemptOutcome>;
        };
        return { ...entry, outcome: ended && outcome ? Promise.resolve(outcome) : undefined };
      },
      settles: (entry) => (entry.outcome ? watchSettled(entry.outcome) : undefined),
    });
    this.awaitingChallenge = new JournaledMap(journal, 'payment-awaiting-challenge');
  }

  /** Whether the challenge is a payment's (else it may be a vaulting's). */
  has(challengeId: string): boolean {
    return this.pending.has(challengeId);
  }

  /** Whether the payment waits for a challenge (a new attempt may then replace it). */
  isAwaiting(paymentId: string): boolean {
    return this.awaitingChallenge.has(paymentId);
  }

  /** The open challenge the payment waits for, if any (its redirect is still worth following). */
  awaited(paymentId: string): string | undefined {
    return this.awaitingChallenge.get(paymentId);
  }

  /** Reads the challenge the payment waits for, which expires it when its time is up. */
  refresh(paymentId: string): void {
    const challengeId = this.awaitingChallenge.get(paymentId);
    if (challengeId !== undefined) this.options.challenges.get(challengeId);
  }

  /** The payment no longer waits for a challenge (the engine failed it). */
  forget(paymentId: string): void {
    this.awaitingChallenge.delete(paymentId);
  }

  /** Forgets the payments' side of challenges the challenge desk forgot (they ended long ago). */
  forgetChallenges(challengeIds: readonly string[]): void {
    for (const challengeId of challengeIds) {
      const pending = this.pending.peek(challengeId);
      if (!pending) continue;
      this.pending.delete(challengeId);
      if (this.awaitingChallenge.peek(pending.paymentId) === challengeId)
        this.awaitingChallenge.delete(pending.paymentId);
    }
  }

  /** How many payment challenges, and payments waiting for one, the desk holds. */
  counts(): { paymentChallenges: number; awaitingChallenges: number } {
    return { paymentChallenges: this.pending.size, awaitingChallenges: this.awaitingChallenge.size };
  }

  /** The container page starts a payment's challenge (see `PaymentEngine.startChallenge`). */
  start(challengeId: string): EngineResult<Challenge> {
    const challenge = this.options.challenges.start(challengeId)!;
    return closedChallengeFailure(challenge) ?? { ok: true, value: challenge };
  }

  /**
   * Opens the issuer's challenge for a checked card: the payment stays `PROCESSING`
   * (`PAYMENT_IN_PROCESS`) with the masked card facts, and nothing is authorized until `complete`
   * reads the issuer's `Y`.
   */
  open(payment: Payment, merchant: Merchant, buyer: ChallengeBuyer, checked: CheckedCard): AuthorizationEnd {
    const challenge = this.options.challenges.create({
      subject: buyer.subject,
      origins: buyer.origins,
      ...(buyer.returnUrl !== undefined ? { returnUrl: buyer.returnUrl } : {}),
      display: {
        merchantName: merchant.name,
        purpose: 'PAYMENT',
        amount: { ...payment.amount },
        brand: checked.card.cardBrand,
        last4: checked.card.lastFour,
      },
    });
    this.pending.set(challenge.id, { paymentId: payment.paymentId, checked, outcome: undefined });
    this.awaitingChallenge.set(payment.paymentId, challenge.id);
    payment.result = result('PAYMENT_IN_PROCESS');
    payment.resultInfo = resultInfoOf(checked.card, checked.tokenInfo);
    return { ...ended(payment, 'PROCESSING'), challengeId: challenge.id };
  }

  /**
   * The challenge a payment waits for is replaced by a new attempt: the attempt fails with
   * `USER_PAYMENT_VERIFICATION_FAILED` (no notification: the payment goes on with the new attempt
   * at once, and the merchant hears its outcome). The caller holds the payment's queue.
   */
  supersede(payment: Payment): void {
    const challengeId = this.awaitingChallenge.get(payment.paymentId);
    const pending = challengeId === undefined ? undefined : this.pending.get(challengeId);
    if (!pending || payment.paymentSessionId === undefined) return;
    this.options.challenges.supersede(payment.paymentSessionId);
    this.failChallengedAttempt(payment, pending, CHALLENGE_SUPERSEDED_MESSAGE, false);
  }

  /**
   * A challenge expired unanswered or unconsumed (the challenge desk tells): the payment waiting
   * for it fails with `USER_PAYMENT_VERIFICATION_FAILED` and `notifyPayment`.
   */
  expired(challenge: Challenge): void {
    const pending = this.pending.get(challenge.id);
    const payment = pending && this.options.book.get(pending.paymentId);
    if (!pending || !payment || this.awaitingChallenge.get(payment.paymentId) !== challenge.id) return;
    this.failChallengedAttempt(payment, pending, CHALLENGE_EXPIRED_MESSAGE, true);
  }

  /** `complete` of a payment's challenge (see `PaymentEngine.completeChallenge`). */
  complete(challengeId: string): Promise<EngineResult<PaymentAttemptOutcome>> {
    const pending = this.pending.get(challengeId)!;
    if (pending.outcome) return pending.outcome;
    // Reading the challenge expires it when its time is up, which ends the attempt.
    const challenge = this.options.challenges.get(challengeId)!;
    if (pending.outcome) return pending.outcome;
    const paymentId = pending.paymentId;
    const payment = this.options.book.get(paymentId)!;
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
    this.options.challenges.markCompleted(challengeId);
    if (challenge.transStatus !== 'Y') {
      const message = challenge.challengeCancel
        ? 'The buyer cancelled the verification with the issuing bank.'
        : 'The issuing bank could not verify the buyer.';
      this.failChallengedAttempt(
        payment,
        pending,
        message,
        true,
        this.refusedThreeDS(pending, challenge.challengeCancel),
      );
      return pending.outcome!;
    }
    // From here the payment no longer waits: a new attempt gets ORDER_IS_CLOSED, as during any authorization.
    this.awaitingChallenge.delete(paymentId);
    pending.outcome = this.options.serial
      .run(paymentId, () => this.authorizeVerified(payment, pending.checked))
      .catch(() => systemFailure(payment));
    this.keepOutcome(pending);
    return pending.outcome;
  }

  /** Writes a challenge's entry again once its answer is known, so a restart replays that answer. */
  private keepOutcome(pending: PaymentChallenge): void {
    const outcome = pending.outcome;
    if (!outcome) return;
    void watchSettled(outcome);
    const retouch = (): void => this.pending.touchWhere((entry) => entry === pending);
    outcome.then(retouch, retouch);
  }

  /**
   * Ends a challenged attempt without authorization: a failed `AUTHORIZATION` (no acquirer), the
   * payment `FAILED` with `USER_PAYMENT_VERIFICATION_FAILED`; the buyer may try again. Only runs
   * while the payment waits for this challenge, when no task of its queue changes it.
   */
  private failChallengedAttempt(
    payment: Payment,
    pending: PaymentChallenge,
    message: string,
    notify: boolean,
    threeDSResult?: ThreeDSResult,
  ): void {
    this.awaitingChallenge.delete(payment.paymentId);
    this.options.book.recordFailedAuthorization(
      payment,
      'USER_PAYMENT_VERIFICATION_FAILED',
      resultInfoOf(pending.checked.card, pending.checked.tokenInfo, threeDSResult ? { threeDSResult } : {}),
      undefined,
      message,
    );
    if (notify) this.options.emit({ type: 'PAYMENT_RESULT', ...eventTarget(payment) });
    pending.outcome ??= Promise.resolve({ ok: true, value: attemptOutcome(structuredClone(payment), 'FAIL') });
    this.keepOutcome(pending);
  }

  /** Authorizes a payment whose buyer passed the challenge, on the payment's queue. */
  private async authorizeVerified(
    payment: Payment,
    checked: CheckedCard,
  ): Promise<EngineResult<PaymentAttemptOutcome>> {
    let end: AuthorizationEnd;
    try {
      end = await this.options.authorizeChecked(payment, checked, this.challengedThreeDS(checked.card.cardBrand));
    } catch {
      end = this.options.failedBySystem(payment, resultInfoOf(checked.card, checked.tokenInfo));
    }
    if (end.systemError) return systemFailure(payment);
    return { ok: true, value: attemptOutcome(end.payment, end.status) };
  }

  /**
   * `threeDSResult` after a challenge the buyer did not pass (wrong codes, or Cancel on the bank's page):
   * a payment's failed authorization still tells the merchant a challenge was shown and whether the
   * buyer abandoned it.
   */
  private refusedThreeDS(pending: PaymentChallenge, cancelled: boolean): ThreeDSResult {
    // Not authenticated: no CAVV; ECI `00` for Mastercard, `07` for the others.
    return {
      threeDSVersion: THREE_DS_VERSION,
      eci: pending.checked.card.cardBrand === 'MASTERCARD' ? '00' : '07',
      challenged: 'true',
      challengeCancel: cancelled ? 'true' : 'false',
    };
  }

  /**
   * `threeDSResult` after a passed challenge (ECI: Mastercard writes a full authentication `02`,
   * the others `05`); the buyer went through, so `challengeCancel` is `false`.
   */
  private challengedThreeDS(brand: CardBrand): ThreeDSResult {
    const cavv = Buffer.from(Array.from({ length: 20 }, () => this.options.random.int(256))).toString('base64');
    return {
      threeDSVersion: THREE_DS_VERSION,
      eci: brand === 'MASTERCARD' ? '02' : '05',
      cavv,
      challenged: 'true',
      challengeCancel: 'false',
    };
  }
}

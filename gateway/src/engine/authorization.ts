/**
 * Authorizing a payment, from the card to the acquirer's answer: the gateway's card checks and the
 * issuer's answer from the catalogue, the 3-D Secure decision, routing, the acquirer, a token when
 * the card is to be saved, and the automatic capture of an approved payment. Both ways to pay (the
 * card frame and `payments/pay`) end here, so they decide alike; the engine keeps their
 * idempotency and queues, and the challenge itself lives in `payment-challenges.ts`.
 */
import type { CardBrand } from '#shared';
import type { Acquirer } from './acquirers.js';
import { THREE_DS_VERSION } from './challenges.js';
import type { Clock } from './clock.js';
import { cloneData } from './clone.js';
import { eventTarget, resultInfoOf, type PaymentBook } from './payment-book.js';
import type { Random } from './random.js';
import { result, type ResultCode } from './result-codes.js';
import type { AcquirerRouter, RoutingContext } from './routing.js';
import type { SettlementDesk } from './settlement.js';
import { transition } from './state-machine.js';
import { assessCard, assessSavedCard, type IssuerResponse, type MaskedCard } from './test-cards.js';
import type { CardTokenStore, StoredCardToken } from './tokens.js';
import type {
  CardInput,
  CaptureRecord,
  EngineEvent,
  EngineFailure,
  Merchant,
  Payment,
  PaymentAttemptOutcome,
  PaymentResultInfo,
  ThreeDSResult,
} from './types.js';

/** How long a MANUAL authorization waits for capture. */
export const AUTHORIZATION_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

/** `captureRequestId` of an automatic capture: this prefix and the payment id. */
export const AUTO_CAPTURE_PREFIX = 'AUTO_';

/** How an authorization learns about the card: card data typed or sent now, or a saved card (with its CVC typed again). */
export type AuthorizationMethod =
  { kind: 'CARD'; card: CardInput; tokenize: boolean } | { kind: 'TOKEN'; token: StoredCardToken; cvc?: string };

/** Who the issuer's challenge is for, and how the buyer reaches the issuer's page. */
export interface ChallengeBuyer {
  /** What the challenge is for (a payment session, or a `payments/pay` payment); a new challenge for it supersedes an open one. */
  subject: string;
  /** Origins that may frame the issuer's pages. */
  origins: readonly string[];
  /** For a full-page redirect (`payments/pay`): where the issuer sends the buyer back (`paymentRedirectUrl`). */
  returnUrl?: string;
}

/**
 * A buyer the issuer can challenge, with the merchant's 3-D Secure choices: in the element's dialog
 * (a payment session) or by a redirect (`payments/pay` with `paymentRedirectUrl`).
 */
export interface AuthorizationBuyer {
  /** `is3DSAuthentication`: challenge every card but the frictionless one. */
  threeDS: boolean;
  /**
   * A card whose issuer demands 3-D Secure is challenged even when the merchant did not ask: always
   * in a session, with `enableAuthenticationUpgrade` in `payments/pay` (else it is declined
   * `AUTHENTICATION_REQUIRED`, docs/antom-api.md section 9).
   */
  upgrade: boolean;
  /** Who the challenge is for and how the buyer reaches it. */
  challenge: ChallengeBuyer;
}

/** How an authorization ended: a snapshot of the payment, and whether the engine itself failed. */
export interface AuthorizationEnd {
  /** A copy of the payment as the authorization left it. */
  payment: Payment;
  /** `paymentStatus` of the attempt's answer; `PROCESSING` also while a challenge waits. */
  status: PaymentAttemptOutcome['paymentStatus'];
  /** The engine failed, not the card. */
  systemError: boolean;
  /** The challenge the buyer must complete before the payment is authorized. */
  challengeId?: string;
}

/** A card that passed the gateway's checks, with all that authorizing it needs: never the card number or CVC. */
export interface CheckedCard {
  /** Masked facts from the checks, brand known: what the acquirer and the records get. */
  card: MaskedCard & { cardBrand: CardBrand };
  /** The issuer's answer from the catalogue (or recorded with the token), relayed by the acquirer. */
  issuer: IssuerResponse;
  /** `cardToken` of a token payment, copied into `paymentResultInfo`; empty for a new card. */
  tokenInfo: { cardToken?: string };
  /** Issue a token when the authorization succeeds. */
  tokenize: boolean;
}

/** What a `AuthorizationDesk` shares with the engine and the other desks. */
export interface AuthorizationDeskOptions {
  /** The engine clock: card expiry, `paymentTime` and the 7-day authorization window. */
  clock: Clock;
  /** Seeded randomness of the engine (routing, 3-D Secure values). */
  random: Random;
  /** The engine's acquirer routing. */
  router: AcquirerRouter;
  /** Token store of the engine (a saved card's token is issued here). */
  tokens: CardTokenStore;
  /** The engine's payment records, which the desk moves through authorization. */
  book: PaymentBook;
  /** Captures of the engine (the automatic capture, and the authorizations it follows). */
  settlement: SettlementDesk;
  /** Hands an event to the engine's listeners (the notifier). */
  emit: (event: EngineEvent) => void;
  /** Opens the issuer's challenge for a checked card (`PaymentChallengeDesk.open`). */
  openChallenge: (
    payment: Payment,
    merchant: Merchant,
    buyer: ChallengeBuyer,
    checked: CheckedCard,
  ) => AuthorizationEnd;
  /** Forgets the challenge a payment waited for, once the engine failed the payment (`PaymentChallengeDesk.forget`). */
  forgetChallenge: (paymentId: string) => void;
  /** (ours) True when the sandbox's hold fault asks that this authorization be left in process. */
  holdAuthorization?: () => boolean;
}

/** (ours) What the acquirer relays for a held authorization: the issuer has not answered yet. */
const HELD_ISSUER: IssuerResponse = { outcome: 'PENDING', resultCode: 'PAYMENT_IN_PROCESS', threeDS: undefined };

/** Authorizations of one engine's payments. */
export class AuthorizationDesk {
  private readonly options: AuthorizationDeskOptions;

  /** Creates a desk sharing the engine's clock, randomness, routing, tokens and payments. */
  constructor(options: AuthorizationDeskOptions) {
    this.options = options;
  }

  /**
   * Authorizes `payment` (new, or `FAILED` and retried): card checks, then (with a buyer the issuer
   * can reach) the 3-D Secure challenge when the merchant or the issuer asks for one, else routing,
   * the acquirer and automatic capture at once. Runs on the payment's queue; never leaves the
   * payment in `PROCESSING` because of an error. A card whose issuer demands a challenge that is not
   * run (no buyer, or no `enableAuthenticationUpgrade`) is declined with `AUTHENTICATION_REQUIRED`.
   */
  async authorize(
    payment: Payment,
    merchant: Merchant,
    method: AuthorizationMethod,
    buyer: AuthorizationBuyer | undefined,
  ): Promise<AuthorizationEnd> {
    if (payment.state === 'FAILED') transition(payment, 'PROCESSING');
    payment.attempts += 1;
    const tokenInfo = method.kind === 'TOKEN' ? { cardToken: method.token.cardToken } : {};

    let masked: MaskedCard | undefined;
    try {
      const checks = { amount: payment.amount, acceptedBrands: merchant.brands, now: this.options.clock.now() };
      const assessment =
        method.kind === 'CARD' ? assessCard(method.card, checks) : assessSavedCard(method.token, checks, method.cvc);
      masked = assessment.card;
      if (assessment.kind === 'rejected') {
        return this.finishDeclined(payment, resultInfoOf(masked, tokenInfo), assessment.resultCode, undefined);
      }
      const checked: CheckedCard = {
        card: assessment.card,
        issuer: assessment.issuer,
        tokenInfo,
        tokenize: method.kind === 'CARD' && method.tokenize,
      };
      const issuerDemands = assessment.issuer.threeDS === 'challenge';
      const challenged =
        buyer !== undefined &&
        (buyer.threeDS ? assessment.issuer.threeDS !== 'frictionless' : issuerDemands && buyer.upgrade);
      if (challenged) return this.options.openChallenge(payment, merchant, buyer.challenge, checked);
      if (issuerDemands) {
        checked.issuer = { outcome: 'DECLINED', resultCode: 'AUTHENTICATION_REQUIRED', threeDS: undefined };
      }
      const threeDSResult = assessment.issuer.threeDS === 'frictionless' ? this.frictionlessThreeDS() : undefined;
      return await this.authorizeChecked(payment, checked, threeDSResult);
    } catch {
      return this.failedBySystem(payment, masked && resultInfoOf(masked, tokenInfo));
    }
  }

  /** Routing, the acquirer, then automatic capture, for a card that passed the checks (and its challenge). */
  async authorizeChecked(
    payment: Payment,
    checked: CheckedCard,
    threeDSResult: ThreeDSResult | undefined,
  ): Promise<AuthorizationEnd> {
    const routing: RoutingContext = {
      clientId: payment.clientId,
      amount: payment.amount,
      brand: checked.card.cardBrand,
      issuingCountry: checked.card.issuingCountry,
      random: this.options.random,
    };
    const acquirer = this.options.router.select(routing);
    const authorization = await acquirer.authorize({
      paymentId: payment.paymentId,
      amount: payment.amount,
      card: checked.card,
      issuer: this.options.holdAuthorization?.() === true ? HELD_ISSUER : checked.issuer,
    });
    this.options.router.recordOutcome?.(routing, authorization);
    const resultInfo = resultInfoOf(
      checked.card,
      authorization.networkTransactionId ? { networkTransactionId: authorization.networkTransactionId } : {},
      threeDSResult ? { threeDSResult } : {},
      checked.tokenInfo,
    );
    if (authorization.outcome === 'PENDING') {
      payment.result = result('PAYMENT_IN_PROCESS');
      payment.resultInfo = resultInfo;
      payment.acquirer = authorization.acquirerInfo;
      this.options.book.addTransaction(
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
      resultInfo.cardToken = this.options.tokens.issue({
        clientId: payment.clientId,
        card: checked.card,
        issuer: checked.issuer,
      });
    }
    return await this.finishApproved(payment, resultInfo, authorization.acquirerInfo, acquirer);
  }

  /**
   * (ours) Ends an authorization the acquirer left in process (a held one, or the in-process test
   * card): approved (capture per capture mode, `notifyPayment`) or declined with `declineCode`. Its
   * in-process `AUTHORIZATION` entry is replaced by the final one, so the log shows one
   * authorization. `undefined` when the payment is not waiting for its acquirer.
   */
  async settlePending(
    payment: Payment,
    approve: boolean,
    declineCode: Exclude<ResultCode, 'SUCCESS'>,
  ): Promise<AuthorizationEnd | undefined> {
    const last = payment.transactions.at(-1);
    const { resultInfo, acquirer: acquirerInfo } = payment;
    if (payment.state !== 'PROCESSING' || last?.type !== 'AUTHORIZATION' || last.status !== 'PROCESSING') {
      return undefined;
    }
    if (!resultInfo || !acquirerInfo) return undefined;
    payment.transactions.pop();
    if (!approve) return this.finishDeclined(payment, resultInfo, declineCode, acquirerInfo);
    const acquirer = this.options.router.byName(acquirerInfo.acquirerName);
    if (!acquirer) return this.failedBySystem(payment, resultInfo);
    return await this.finishApproved(payment, resultInfo, acquirerInfo, acquirer);
  }

  /**
   * The engine must never leave a payment stuck in PROCESSING because of a bug or a failing
   * acquirer: the attempt is recorded as failed and the buyer may retry.
   */
  failedBySystem(payment: Payment, resultInfo: PaymentResultInfo | undefined): AuthorizationEnd {
    if (payment.state !== 'PROCESSING') return ended(payment, 'SUCCESS');
    this.options.forgetChallenge(payment.paymentId);
    this.options.book.recordFailedAuthorization(payment, 'SYSTEM_ERROR', resultInfo, undefined);
    return { ...ended(payment, 'FAIL'), systemError: true };
  }

  private finishDeclined(
    payment: Payment,
    resultInfo: PaymentResultInfo,
    code: Exclude<ResultCode, 'SUCCESS'>,
    acquirerInfo: Payment['acquirer'],
  ): AuthorizationEnd {
    payment.acquirer = acquirerInfo;
    this.options.book.recordFailedAuthorization(payment, code, resultInfo, acquirerInfo);
    this.options.emit({ type: 'PAYMENT_RESULT', ...eventTarget(payment) });
    return ended(payment, 'FAIL');
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
    payment.paymentTime = this.options.clock.now();
    // The entry shares the payment's envelope, amount, acquirer and time (PaymentBook.addTransaction).
    this.options.book.addTransaction(
      payment,
      'AUTHORIZATION',
      'SUCCESS',
      payment.paymentRequestId,
      payment.amount,
      payment.result,
      acquirerInfo,
      payment.paymentTime,
    );
    const authExpiryTime = new Date(payment.paymentTime.getTime() + AUTHORIZATION_VALIDITY_MS);
    this.options.settlement.authorized(payment.paymentId, authExpiryTime);
    let capture: CaptureRecord | undefined;
    if (payment.captureMode === 'MANUAL') {
      payment.authExpiryTime = authExpiryTime;
    } else {
      capture = await this.options.settlement.performCapture(payment, acquirer, {
        captureRequestId: `${AUTO_CAPTURE_PREFIX}${payment.paymentId}`,
        amount: payment.amount,
        isLastCapture: true,
      });
      // A failed automatic capture leaves the authorization standing: the merchant can still
      // capture it manually within the window. One in process sets it if it fails later.
      if (capture.result.resultStatus === 'F') payment.authExpiryTime = authExpiryTime;
    }
    this.options.emit({ type: 'PAYMENT_RESULT', ...eventTarget(payment) });
    // A capture in process is notified when it settles.
    if (capture && capture.result.resultStatus !== 'U') {
      this.options.emit({ type: 'CAPTURE_RESULT', capture, ...eventTarget(payment) });
    }
    return ended(payment, 'SUCCESS');
  }

  private frictionlessThreeDS(): ThreeDSResult {
    const cavv = Buffer.from(Array.from({ length: 20 }, () => this.options.random.int(256))).toString('base64');
    return { threeDSVersion: THREE_DS_VERSION, eci: '05', cavv, challenged: 'false', challengeCancel: 'false' };
  }
}

/** An authorization that ended with `status`, with a snapshot of the payment. */
export function ended(payment: Payment, status: AuthorizationEnd['status']): AuthorizationEnd {
  return { payment: cloneData(payment), status, systemError: false };
}

/** `SYSTEM_ERROR` about a payment. */
export function systemFailure(payment: Payment): EngineFailure {
  return { ok: false, error: result('SYSTEM_ERROR'), paymentId: payment.paymentId, paymentStatus: 'FAIL' };
}

/** What the frame learns from an attempt on `payment`: its result and, when known, public card facts. */
export function attemptOutcome(
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

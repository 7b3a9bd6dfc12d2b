/**
 * Payment sessions (`createPaymentSession`) and what the browser may learn of them: the session data
 * the merchant hands to the element, its idempotency on `paymentRequestId`, its expiry, the saved
 * cards it offers (checked against the token store when it is created), and the public view the
 * frame loads. The engine owns one desk and takes sessions from it when the frame pays.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Amount, SessionView } from '#shared';
import { encodeSessionData, MAX_SESSION_DATA_LENGTH, parseSessionData } from '#shared';
import type { Clock } from './clock.js';
import { idIssuedAt, type IdFactory } from './ids.js';
import { JournaledMap, MEMORY_JOURNAL, keptSecret, type Journal } from './journal.js';
import type { MerchantRegistry } from './merchants.js';
import { result, type ResultCode } from './result-codes.js';
import { cardExpired } from './test-cards.js';
import { formatAntomTime } from './time.js';
import type { CardTokenStore } from './tokens.js';
import type {
  CreateSessionInput,
  EngineFailure,
  EngineResult,
  PaymentSession,
  SessionSavedCard,
  TokenizeMode,
} from './types.js';

/** Longest session Antom allows, and its default. */
export const MAX_SESSION_LIFETIME_MS = 60 * 60 * 1000;

/** (ours) Tolerated clock skew when a merchant asks for the maximum session lifetime. */
export const SESSION_EXPIRY_SKEW_MS = 60 * 1000;

/**
 * (ours) How long a session is kept after its expiry, on the engine clock, before the engine
 * forgets it: a day, so a buyer's page left open still loads the card frame, which tells it the
 * session expired; replayed submissions, the frame's inquiry and `retrievePaymentSession` still
 * read it. Payments made in it are kept for good.
 */
export const EXPIRED_SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The secret first part of a session's data: a keyed hash of the session id, as unguessable as
 * random bytes to anyone without the key, and provable by the gateway after it forgot the session.
 */
export function sessionToken(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(sessionId, 'utf8').digest('base64url');
}

/**
 * Whether session data names a session this gateway issued (its token matches) and forgot after
 * its expiry, judged by the time in the session id: such data reads `SESSION_EXPIRED` rather than
 * `SESSION_NOT_FOUND`. Data made up by anyone else stays `SESSION_NOT_FOUND`.
 */
export function forgottenSession(
  key: Buffer,
  parsed: { token: string; config: { paymentSessionId: string } },
  prefix: 'PS' | 'VS',
  lifetimeMs: number,
  now: number,
): boolean {
  const sessionId = parsed.config.paymentSessionId;
  const issuedAt = idIssuedAt(sessionId, prefix);
  if (issuedAt === undefined || issuedAt + lifetimeMs > now) return false;
  return timingSafeEqual(digest(sessionToken(key, sessionId)), digest(parsed.token));
}

/** The region the sandbox writes into session data. */
const SESSION_REGION = 'SG';

/** Answer of `createPaymentSession`. */
export interface SessionCreated {
  /** The secret session data for the browser. */
  paymentSessionData: string;
  /** `PS` + UTC time stamp + 16 digits; the frame URL carries it. */
  paymentSessionId: string;
  /** The merchant's own `paymentSessionExpiryTime` text, else one hour ahead as `formatAntomTime` writes it. */
  paymentSessionExpiryTime: string;
}

/** What a `SessionDesk` shares with the engine and the other desks. */
export interface SessionDeskOptions {
  /** The gateway's own origin (written into session data; the frame talks to it). */
  gatewayOrigin: string;
  /** Registered merchants: their notify URL, framing origins, brands and name. */
  merchants: MerchantRegistry;
  /** The engine clock: session expiry and saved cards' expiry. */
  clock: Clock;
  /** The engine's seeded id factory, which mints session ids. */
  ids: IdFactory;
  /** Token store of the engine (saved cards must be its live tokens). */
  tokens: CardTokenStore;
  /** Where sessions are kept across restarts (default: memory only). */
  journal?: Journal;
}

/** Id of the saved card at `index` of a session, as the browser knows it. */
export const savedCardId = (index: number): string => `saved-${index}`;

/** Two amounts in the same currency and minor units. */
export const sameAmount = (a: Amount, b: Amount): boolean => a.currency === b.currency && a.value === b.value;

/** The card-on-file content of a `createPaymentSession` request, with absent fields at their defaults. */
interface SessionContent {
  savedTokens: string[];
  tokenizeMode: TokenizeMode;
  isCardOnFile: boolean;
  threeDS: boolean;
  savedCardCvc: boolean;
}

const contentOfInput = (input: CreateSessionInput): SessionContent => ({
  savedTokens: [...(input.savedPaymentMethods ?? [])],
  tokenizeMode: input.tokenizeMode ?? 'DISABLE',
  isCardOnFile: input.isCardOnFile ?? false,
  threeDS: input.threeDS ?? false,
  savedCardCvc: input.savedCardCvc ?? false,
});

const contentOfSession = (session: PaymentSession): SessionContent => ({
  savedTokens: session.savedCards.map((saved) => saved.cardToken),
  tokenizeMode: session.tokenizeMode,
  isCardOnFile: session.isCardOnFile,
  threeDS: session.threeDS,
  savedCardCvc: session.savedCardCvc,
});

/** The request name of the first card-on-file field that differs, if any. */
function differingContent(first: SessionContent, again: SessionContent): string | undefined {
  if (first.savedTokens.join('\u0000') !== again.savedTokens.join('\u0000')) return 'savedPaymentMethods';
  if (first.tokenizeMode !== again.tokenizeMode) return 'availablePaymentMethod.paymentMethodMetaData.tokenizeMode';
  if (first.isCardOnFile !== again.isCardOnFile) return 'availablePaymentMethod.paymentMethodMetaData.isCardOnFile';
  if (first.threeDS !== again.threeDS) return 'availablePaymentMethod.paymentMethodMetaData.is3DSAuthentication';
  if (first.savedCardCvc !== again.savedCardCvc) return 'merchantAppointParam.storedCard.needCVV';
  return undefined;
}

const fail = (code: ResultCode, message?: string): EngineFailure => ({ ok: false, error: result(code, message) });

const requestKey = (clientId: string, id: string): string => `${clientId}\u0000${id}`;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

function sessionAnswer(session: PaymentSession): SessionCreated {
  return {
    paymentSessionData: session.paymentSessionData,
    paymentSessionId: session.paymentSessionId,
    paymentSessionExpiryTime: session.expiryText,
  };
}

/** The payment sessions of one engine. */
export class SessionDesk {
  private readonly options: SessionDeskOptions;
  private readonly sessions: JournaledMap<PaymentSession>;
  private readonly sessionByRequest: JournaledMap<string>;
  private readonly tokenKey: Buffer;

  /** Creates a desk sharing the engine's clock, ids and tokens. */
  constructor(options: SessionDeskOptions) {
    this.options = options;
    this.tokenKey = keptSecret(options.journal ?? MEMORY_JOURNAL, 'session-token');
    this.sessions = new JournaledMap(options.journal ?? MEMORY_JOURNAL, 'payment-session');
    this.sessionByRequest = new JournaledMap(options.journal ?? MEMORY_JOURNAL, 'payment-session-by-request');
  }

  /**
   * `createPaymentSession`. Idempotent on the merchant's `paymentRequestId`: the same request gets
   * the stored answer; a different amount, currency, saved card list, tokenize mode, card-on-file
   * flag, 3-D Secure choice or CVC policy gets `REPEAT_REQ_INCONSISTENT`. Every saved card must be
   * an active token of this merchant (`INVALID_PAYMENT_METHOD_META_DATA` naming the entry otherwise).
   */
  create(clientId: string, input: CreateSessionInput): EngineResult<SessionCreated> {
    const merchant = this.options.merchants.get(clientId);
    if (!merchant) return fail('CLIENT_INVALID');
    const key = requestKey(clientId, input.paymentRequestId);
    const existing = this.byRequest(key);
    const content = contentOfInput(input);
    if (existing) {
      const differs = !sameAmount(existing.amount, input.amount)
        ? 'paymentAmount'
        : differingContent(contentOfSession(existing), content);
      if (differs) {
        return fail('REPEAT_REQ_INCONSISTENT', `${differs} differs from the first request with this paymentRequestId`);
      }
      return { ok: true, value: sessionAnswer(existing) };
    }

    const now = this.options.clock.now();
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
    const savedCards = this.savedCardsOf(clientId, content.savedTokens);
    if (!savedCards.ok) return savedCards;

    const paymentSessionId = this.options.ids.paymentSessionId();
    const paymentSessionData = encodeSessionData(sessionToken(this.tokenKey, paymentSessionId), SESSION_REGION, {
      clientId,
      paymentSessionConfig: {
        productScene: 'CASHIER_PAYMENT',
        paymentMethodCategoryType: 'CARD',
        productSceneVersion: '1.0',
      },
      paymentSessionId,
      gatewayOrigin: this.options.gatewayOrigin,
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
      savedCards: savedCards.value,
      tokenizeMode: content.tokenizeMode,
      isCardOnFile: content.isCardOnFile,
      threeDS: content.threeDS,
      savedCardCvc: content.savedCardCvc,
    };
    this.sessions.set(paymentSessionId, session);
    this.sessionByRequest.set(key, paymentSessionId);
    return { ok: true, value: sessionAnswer(session) };
  }

  /** The live session record with this id (the engine's own, not a copy). */
  get(paymentSessionId: string): PaymentSession | undefined {
    return this.sessions.get(paymentSessionId);
  }

  /** The session of a merchant's request key (client id and `paymentRequestId`). */
  byRequest(key: string): PaymentSession | undefined {
    const id = this.sessionByRequest.get(key);
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** Whether a session already uses this request key. */
  hasRequest(key: string): boolean {
    return this.sessionByRequest.has(key);
  }

  /**
   * Forgets the sessions whose expiry passed more than `EXPIRED_SESSION_RETENTION_MS` ago (from
   * memory and, through the journal, from the database); returns their ids.
   */
  purgeExpired(): string[] {
    const cutoff = this.options.clock.now().getTime() - EXPIRED_SESSION_RETENTION_MS;
    const purged: string[] = [];
    for (const [id, session] of this.sessions.peekEntries()) {
      if (session.expiresAt.getTime() > cutoff) continue;
      this.sessions.delete(id);
      this.sessionByRequest.delete(requestKey(session.clientId, session.paymentRequestId));
      purged.push(id);
    }
    return purged;
  }

  /** How many sessions, and request keys pointing at them, the desk holds. */
  counts(): { sessions: number; sessionRequests: number } {
    return { sessions: this.sessions.size, sessionRequests: this.sessionByRequest.size };
  }

  /** The session has passed its expiry on the engine clock. */
  isExpired(session: PaymentSession): boolean {
    return this.options.clock.now().getTime() >= session.expiresAt.getTime();
  }

  /** Payment session data this gateway issued, unaltered (`SESSION_INVALID`, `SESSION_NOT_FOUND`). */
  resolve(paymentSessionData: string): EngineResult<PaymentSession> {
    const parsed = parseSessionData(paymentSessionData);
    if (!parsed || parsed.config.gatewayOrigin !== this.options.gatewayOrigin) return fail('SESSION_INVALID');
    if (parsed.config.mode !== 'payment') {
      return fail('SESSION_INVALID', 'This is a vaulting session: it binds a card without paying.');
    }
    const session = this.sessions.get(parsed.config.paymentSessionId);
    if (!session) {
      const lifetime = MAX_SESSION_LIFETIME_MS + SESSION_EXPIRY_SKEW_MS;
      const now = this.options.clock.now().getTime();
      return fail(
        forgottenSession(this.tokenKey, parsed, 'PS', lifetime, now) ? 'SESSION_EXPIRED' : 'SESSION_NOT_FOUND',
      );
    }
    if (!timingSafeEqual(digest(session.paymentSessionData), digest(paymentSessionData)))
      return fail('SESSION_INVALID');
    return { ok: true, value: session };
  }

  /**
   * The public view of a payment session for the frame (`SESSION_NOT_FOUND`, `SESSION_INVALID`,
   * `SESSION_EXPIRED`): saved cards with display facts only (`expired` by the engine clock) and the
   * session's policies; never a token.
   */
  view(paymentSessionData: string): EngineResult<SessionView> {
    const found = this.resolve(paymentSessionData);
    if (!found.ok) return found;
    const session = found.value;
    if (this.isExpired(session)) return fail('SESSION_EXPIRED');
    const merchant = this.options.merchants.get(session.clientId);
    if (!merchant) return fail('SESSION_INVALID', 'The merchant of this session is no longer registered.');
    const now = this.options.clock.now();
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
        savedCards: session.savedCards.map((saved, index) => ({
          id: savedCardId(index),
          index,
          brand: saved.brand,
          last4: saved.last4,
          expiryMonth: saved.expiryMonth,
          expiryYear: saved.expiryYear,
          expired: cardExpired(saved, now),
        })),
        policies: { savedCardCvc: session.savedCardCvc, askToSave: session.tokenizeMode === 'ASKFORCONSENT' },
      },
    };
  }

  /**
   * Checks the saved cards of a new session: each an active token of this merchant, none twice.
   * Their display facts are taken now, so the browser's list stays as the merchant sent it.
   */
  private savedCardsOf(clientId: string, cardTokens: readonly string[]): EngineResult<SessionSavedCard[]> {
    const { tokens } = this.options;
    const savedCards: SessionSavedCard[] = [];
    for (const [index, cardToken] of cardTokens.entries()) {
      const field = `savedPaymentMethods[${index}].paymentMethodId`;
      const first = cardTokens.indexOf(cardToken);
      if (first !== index) {
        return fail('PARAM_ILLEGAL', `${field} repeats savedPaymentMethods[${first}].paymentMethodId`);
      }
      const token = tokens.owned(clientId, cardToken);
      if (!token) {
        return fail(
          'INVALID_PAYMENT_METHOD_META_DATA',
          tokens.status(clientId, cardToken) === 'DELETED'
            ? `${field} is a card token that was deleted`
            : `${field} is not a card token of this merchant`,
        );
      }
      savedCards.push({
        cardToken,
        brand: token.card.cardBrand,
        last4: token.card.lastFour,
        expiryMonth: token.card.expiryMonth,
        expiryYear: token.card.expiryYear,
      });
    }
    return { ok: true, value: savedCards };
  }
}

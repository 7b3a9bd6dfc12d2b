/**
 * The demo buyer's wallet of saved cards, in memory. Card tokens arrive only from verified
 * notifications (`PAYMENT_RESULT` with `paymentResultInfo.cardToken`, `VAULTING_RESULT` with
 * `paymentMethodDetail.card.cardToken`) and never leave the server: the browser sees display facts
 * (brand, last four, expiry) and a wallet card id, and a checkout names a card by its position in
 * the `savedPaymentMethods` list the server sent for that session.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentResultNotification, VaultingResultNotification } from 'antom-card-checkout/server';

/** Where a saved card came from. */
export type WalletCardSource = 'PAYMENT' | 'VAULTING';

/** A saved card as the browser sees it: display facts only, never the token. */
export interface WalletCard {
  /** The wallet's own id of the card (`card_...`), for the "My cards" page. */
  id: string;
  /** Brand in Antom's spelling, e.g. `VISA`. */
  brand: string;
  /** Last four digits of the card, from the notification that carried the token. */
  last4: string;
  /** Two-digit expiry month. */
  expiryMonth: string;
  /** Two-digit expiry year. */
  expiryYear: string;
  /** The card's expiry month is over (by the shop's clock). */
  expired: boolean;
  /** A payment with the buyer's consent, or an independent binding. */
  source: WalletCardSource;
  /** When the shop stored it (ISO-8601). */
  addedAt: string;
}

/** What the wallet stores for a token. */
export interface NewWalletCard {
  /** Antom's card token; stays on the server. */
  token: string;
  /** Brand in Antom's spelling. */
  brand: string;
  /** Last four digits of the card, from the notification that carried the token. */
  last4: string;
  /** Two-digit expiry month. */
  expiryMonth: string;
  /** Two-digit expiry year. */
  expiryYear: string;
  /** `PAYMENT` for a card saved with the buyer's consent, `VAULTING` for one bound on the My cards page. */
  source: WalletCardSource;
}

/** What `Wallet.add` did. */
export type WalletAddResult =
  | { kind: 'added'; card: WalletCard }
  | { kind: 'duplicate'; card: WalletCard }
  /** The buyer removed this token earlier; a late or repeated notification does not bring it back. */
  | { kind: 'removed-earlier' };

/** Most cards kept; beyond it the oldest goes (the gateway accepts at most 20 saved cards per session). */
export const MAX_WALLET_CARDS = 20;

/** Most checkout sessions whose card lists are remembered; the oldest go first. */
export const MAX_REMEMBERED_SESSIONS = 1000;

interface StoredCard extends Omit<WalletCard, 'expired'> {
  token: string;
}

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
const BRAND = /^[A-Z_]{2,32}$/;

function lastFourOf(...candidates: (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    const last4 = candidate?.slice(-4);
    if (last4 && /^\d{4}$/.test(last4)) return last4;
  }
  return undefined;
}

function twoDigits(value: string | undefined): string | undefined {
  return value && /^\d{2}$/.test(value) ? value : undefined;
}

function complete(input: {
  token: string | undefined;
  brand: string | undefined;
  last4: string | undefined;
  expiryMonth: string | undefined;
  expiryYear: string | undefined;
  source: WalletCardSource;
}): NewWalletCard | undefined {
  const { token, brand, last4, expiryMonth, expiryYear, source } = input;
  if (!token || !TOKEN.test(token) || !brand || !BRAND.test(brand) || !last4) return undefined;
  const month = twoDigits(expiryMonth);
  const year = twoDigits(expiryYear);
  if (!month || !year || Number(month) < 1 || Number(month) > 12) return undefined;
  return { token, brand, last4, expiryMonth: month, expiryYear: year, source };
}

/**
 * The card a successful `PAYMENT_RESULT` saved (the buyer consented, so Antom tokenized it), or
 * `undefined` when it carries no token or not enough facts to show the card.
 */
export function savedCardOfPayment(notification: PaymentResultNotification): NewWalletCard | undefined {
  if (notification.result.resultStatus !== 'S') return undefined;
  const info = notification.paymentResultInfo;
  if (!info?.cardToken) return undefined;
  return complete({
    token: info.cardToken,
    brand: info.cardBrand,
    last4: lastFourOf(info.lastFour, info.cardNo),
    expiryMonth: info.expiryMonth,
    expiryYear: info.expiryYear,
    source: 'PAYMENT',
  });
}

/** The card a successful `VAULTING_RESULT` bound, or `undefined`. */
export function savedCardOfVaulting(notification: VaultingResultNotification): NewWalletCard | undefined {
  const succeeded =
    notification.result.resultStatus === 'S' &&
    (notification.vaultingStatus === undefined || notification.vaultingStatus === 'SUCCESS');
  const card = notification.paymentMethodDetail?.card;
  if (!succeeded || !card) return undefined;
  return complete({
    token: card.cardToken,
    brand: card.brand,
    last4: lastFourOf(card.last4, card.lastFour, card.maskedCardNo),
    expiryMonth: card.expiryMonth,
    expiryYear: card.expiryYear,
    source: 'VAULTING',
  });
}

/** Whether a card expiring at the end of `month`/`year` (two digits each, 20xx) has expired at `now`. */
export function isCardExpired(expiryMonth: string, expiryYear: string, now: Date): boolean {
  const year = 2000 + Number(expiryYear);
  const month = Number(expiryMonth);
  return now.getUTCFullYear() * 12 + now.getUTCMonth() + 1 > year * 12 + month;
}

/** The one demo buyer's saved cards, and which tokens each checkout session offered. */
export class Wallet {
  readonly #cards: StoredCard[] = [];
  /** Tokens the buyer removed: never stored again. */
  readonly #removed = new Set<string>();
  /** The exact `savedPaymentMethods` tokens sent with each session, by `paymentSessionId`. */
  readonly #sessions = new Map<string, readonly string[]>();
  readonly #now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  /** Stores a card once per token (deduplicated); the oldest goes when the wallet is full. */
  add(input: NewWalletCard): WalletAddResult {
    if (this.#removed.has(input.token)) return { kind: 'removed-earlier' };
    const existing = this.#cards.find((card) => card.token === input.token);
    if (existing) return { kind: 'duplicate', card: this.#view(existing) };
    const stored: StoredCard = {
      id: `card_${randomBytes(8).toString('hex')}`,
      token: input.token,
      brand: input.brand,
      last4: input.last4,
      expiryMonth: input.expiryMonth,
      expiryYear: input.expiryYear,
      source: input.source,
      addedAt: this.#now().toISOString(),
    };
    this.#cards.push(stored);
    if (this.#cards.length > MAX_WALLET_CARDS) this.#cards.shift();
    return { kind: 'added', card: this.#view(stored) };
  }

  /** Every card, oldest first (the order checkouts offer them in), without tokens. */
  list(): WalletCard[] {
    return this.#cards.map((card) => this.#view(card));
  }

  /** The tokens to offer in a new checkout session, in wallet order. */
  tokens(): string[] {
    return this.#cards.map((card) => card.token);
  }

  /** The token of a wallet card id. */
  tokenOf(cardId: string): string | undefined {
    return this.#cards.find((card) => card.id === cardId)?.token;
  }

  /** Whether the wallet still holds the token. */
  has(token: string): boolean {
    return this.#cards.some((card) => card.token === token);
  }

  /** Removes a token for good; the removed card, if the wallet held it. */
  remove(token: string): WalletCard | undefined {
    this.#removed.add(token);
    const index = this.#cards.findIndex((card) => card.token === token);
    if (index < 0) return undefined;
    const [removed] = this.#cards.splice(index, 1);
    return removed && this.#view(removed);
  }

  /** Remembers the exact token list sent as `savedPaymentMethods` with a session. */
  rememberSession(paymentSessionId: string, tokens: readonly string[]): void {
    this.#sessions.delete(paymentSessionId);
    this.#sessions.set(paymentSessionId, [...tokens]);
    while (this.#sessions.size > MAX_REMEMBERED_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
  }

  /**
   * The token at `index` of a session's `savedPaymentMethods`: `unknown-session` when the shop sent
   * no such session, `unknown-index` when the list had no such position.
   */
  sessionToken(
    paymentSessionId: string,
    index: number,
  ): { ok: true; token: string } | { ok: false; reason: 'unknown-session' | 'unknown-index' } {
    const tokens = this.#sessions.get(paymentSessionId);
    if (!tokens) return { ok: false, reason: 'unknown-session' };
    const token = tokens[index];
    return token === undefined ? { ok: false, reason: 'unknown-index' } : { ok: true, token };
  }

  #view(card: StoredCard): WalletCard {
    const { id, brand, last4, expiryMonth, expiryYear, source, addedAt } = card;
    const expired = isCardExpired(expiryMonth, expiryYear, this.#now());
    return { id, brand, last4, expiryMonth, expiryYear, expired, source, addedAt };
  }
}

/**
 * The demo buyer's wallet of saved cards, in PostgreSQL (`demo/db.ts`). Card tokens arrive only from verified
 * notifications (`PAYMENT_RESULT` with `paymentResultInfo.cardToken`, `VAULTING_RESULT` with
 * `paymentMethodDetail.card.cardToken`) and never leave the server: the browser sees display facts
 * (brand, last four, expiry) and a wallet card id, and a checkout names a card by its position in
 * the `savedPaymentMethods` list the server sent for that session.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentResultNotification, VaultingResultNotification } from 'antom-card-checkout/server';
import { isoOf, type Database, type Sql } from './db.js';

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

interface CardRow {
  id: string;
  token: string;
  brand: string;
  last4: string;
  expiry_month: string;
  expiry_year: string;
  source: WalletCardSource;
  added_at: unknown;
}

const CARD_COLUMNS = 'id, token, brand, last4, expiry_month, expiry_year, source, added_at';

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

/**
 * The one demo buyer's saved cards, and which tokens each checkout session offered. Every call reads
 * the database, so shop processes sharing it show the same wallet; the unique token keeps a card
 * that two notifications (or two processes) bring at once stored once.
 */
export class Wallet {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
  }

  /** Stores a card once per token (deduplicated); the oldest goes when the wallet is full. */
  async add(input: NewWalletCard): Promise<WalletAddResult> {
    return this.#db.transaction(async (tx) => {
      // Adds take turns (across processes too): two pruning the oldest at once would drop one too many.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('antom-demo-wallet'))`);
      const removed = await tx.query('SELECT 1 FROM demo_removed_tokens WHERE token = $1', [input.token]);
      if (removed.length > 0) return { kind: 'removed-earlier' };
      const inserted = await tx.query<CardRow>(
        `INSERT INTO demo_wallet_cards (id, token, brand, last4, expiry_month, expiry_year, source, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz)
         ON CONFLICT (token) DO NOTHING
         RETURNING ${CARD_COLUMNS}`,
        [
          `card_${randomBytes(8).toString('hex')}`,
          input.token,
          input.brand,
          input.last4,
          input.expiryMonth,
          input.expiryYear,
          input.source,
          this.#now().toISOString(),
        ],
      );
      const [added] = inserted;
      if (!added) {
        const [existing] = await tx.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM demo_wallet_cards WHERE token = $1`, [
          input.token,
        ]);
        if (existing) return { kind: 'duplicate', card: this.#view(existing) };
        return { kind: 'removed-earlier' };
      }
      await tx.query(
        `DELETE FROM demo_wallet_cards WHERE seq NOT IN (SELECT seq FROM demo_wallet_cards ORDER BY seq DESC LIMIT $1)`,
        [MAX_WALLET_CARDS],
      );
      return { kind: 'added', card: this.#view(added) };
    });
  }

  /** Every card, oldest first (the order checkouts offer them in), without tokens. */
  async list(): Promise<WalletCard[]> {
    return (await this.#rows(this.#db)).map((row) => this.#view(row));
  }

  /** The tokens to offer in a new checkout session, in wallet order. */
  async tokens(): Promise<string[]> {
    return (await this.#rows(this.#db)).map((row) => row.token);
  }

  /** The token of a wallet card id. */
  async tokenOf(cardId: string): Promise<string | undefined> {
    const [row] = await this.#db.query<{ token: string }>('SELECT token FROM demo_wallet_cards WHERE id = $1', [
      cardId,
    ]);
    return row?.token;
  }

  /** Whether the wallet still holds the token. */
  async has(token: string): Promise<boolean> {
    return (await this.#db.query('SELECT 1 FROM demo_wallet_cards WHERE token = $1', [token])).length > 0;
  }

  /** Removes a token for good; the removed card, if the wallet held it. */
  async remove(token: string): Promise<WalletCard | undefined> {
    return this.#db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO demo_removed_tokens (token, removed_at) VALUES ($1, $2::timestamptz) ON CONFLICT DO NOTHING',
        [token, this.#now().toISOString()],
      );
      const [removed] = await tx.query<CardRow>(
        `DELETE FROM demo_wallet_cards WHERE token = $1 RETURNING ${CARD_COLUMNS}`,
        [token],
      );
      return removed && this.#view(removed);
    });
  }

  /** Remembers the exact token list sent as `savedPaymentMethods` with a session. */
  async rememberSession(paymentSessionId: string, tokens: readonly string[]): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO demo_wallet_sessions (payment_session_id, tokens, seq)
         VALUES ($1, $2::jsonb, nextval('demo_wallet_sessions_seq'))
         ON CONFLICT (payment_session_id) DO UPDATE SET tokens = EXCLUDED.tokens, seq = EXCLUDED.seq`,
        [paymentSessionId, JSON.stringify(tokens)],
      );
      await tx.query(
        `DELETE FROM demo_wallet_sessions
         WHERE seq NOT IN (SELECT seq FROM demo_wallet_sessions ORDER BY seq DESC LIMIT $1)`,
        [MAX_REMEMBERED_SESSIONS],
      );
    });
  }

  /**
   * The token at `index` of a session's `savedPaymentMethods`: `unknown-session` when the shop sent
   * no such session, `unknown-index` when the list had no such position.
   */
  async sessionToken(
    paymentSessionId: string,
    index: number,
  ): Promise<{ ok: true; token: string } | { ok: false; reason: 'unknown-session' | 'unknown-index' }> {
    const [row] = await this.#db.query<{ tokens: string[] | string }>(
      'SELECT tokens FROM demo_wallet_sessions WHERE payment_session_id = $1',
      [paymentSessionId],
    );
    if (!row) return { ok: false, reason: 'unknown-session' };
    const tokens = typeof row.tokens === 'string' ? (JSON.parse(row.tokens) as string[]) : row.tokens;
    const token = tokens[index];
    return token === undefined ? { ok: false, reason: 'unknown-index' } : { ok: true, token };
  }

  async #rows(sql: Sql): Promise<CardRow[]> {
    return sql.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM demo_wallet_cards ORDER BY seq`);
  }

  #view(row: CardRow): WalletCard {
    const expiryMonth = row.expiry_month;
    const expiryYear = row.expiry_year;
    const expired = isCardExpired(expiryMonth, expiryYear, this.#now());
    return {
      id: row.id,
      brand: row.brand,
      last4: row.last4,
      expiryMonth,
      expiryYear,
      expired,
      source: row.source,
      addedAt: isoOf(row.added_at),
    };
  }
}

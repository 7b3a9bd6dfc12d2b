/**
 * The sandbox's card token store (`cardToken`, Antom's `paymentMethodId` of a saved card). A token
 * stands for masked card facts and the issuer's simulated answer, never for the card number or
 * CVC: a token payment is decided from what the sandbox learned when the card was tokenized.
 * Deleted tokens are remembered (without their card facts) so that deleting twice succeeds twice
 * and a deleted token can be told apart from one that never existed.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import { JournaledMap, MEMORY_JOURNAL, type Journal } from './journal.js';
import type { SavedCard } from './test-cards.js';

/** What a token stands for: masked card facts and the issuer's answer, for one merchant. */
export interface CardTokenFacts extends SavedCard {
  /** The merchant the token belongs to; other merchants cannot use it. */
  clientId: string;
}

/** What `vaults/updateToken` sets on a token besides its expiry (never card data: the merchant's own record). */
export interface TokenHolderDetails {
  /** `accountHolderName`, as the merchant sent it. */
  accountHolderName?: { firstName?: string; middleName?: string; lastName?: string; fullName?: string };
  /** `email`, as the merchant sent it. */
  email?: string;
}

/** A live token: what it stands for, its value and when it was issued. */
export interface StoredCardToken extends CardTokenFacts, TokenHolderDetails {
  /** `ALIPAY` followed by 40 random hex digits. */
  cardToken: string;
  /** When it was issued, on the engine clock. */
  createdAt: Date;
}

/** A change `vaults/updateToken` asks for: holder details, and a new card expiry (two digits each). */
export interface TokenUpdate extends TokenHolderDetails {
  /** The card's new expiry, from `tokenExpiryTime` (a card token expires with the card's month). */
  expiry?: { expiryMonth: string; expiryYear: string };
}

/** Where a token stands for one merchant: usable, deleted by that merchant, or unknown to it. */
export type TokenStatus = 'ACTIVE' | 'DELETED' | 'UNKNOWN';

/** The card tokens of one engine, with the deleted ones remembered without their card facts. */
export class CardTokenStore {
  private readonly tokens: JournaledMap<StoredCardToken>;
  /** Deleted tokens and their owner; the card facts are dropped with the token. */
  private readonly deleted: JournaledMap<string>;

  /** Uses `clock` for issue times; holds the tokens `journal` kept. */
  constructor(
    private readonly clock: Clock,
    journal: Journal = MEMORY_JOURNAL,
  ) {
    this.tokens = new JournaledMap(journal, 'card-token');
    this.deleted = new JournaledMap(journal, 'deleted-card-token');
  }

  /** Issues a new token for `facts` and returns it. */
  issue(facts: CardTokenFacts): string {
    // Tokens are bearer references a merchant stores: unguessable, so never from the seeded generator.
    const cardToken = `ALIPAY${randomBytes(20).toString('hex').toUpperCase()}`;
    this.tokens.set(cardToken, { ...structuredClone(facts), cardToken, createdAt: this.clock.now() });
    return cardToken;
  }

  /** A copy of the stored token, if it exists (whoever owns it). */
  get(cardToken: string): StoredCardToken | undefined {
    const stored = this.tokens.get(cardToken);
    return stored && structuredClone(stored);
  }

  /** A copy of the token if it exists and belongs to `clientId`. */
  owned(clientId: string, cardToken: string): StoredCardToken | undefined {
    const stored = this.tokens.get(cardToken);
    return stored && stored.clientId === clientId ? structuredClone(stored) : undefined;
  }

  /** Whether `cardToken` is usable by, was deleted by, or is unknown to `clientId`. */
  status(clientId: string, cardToken: string): TokenStatus {
    if (this.tokens.get(cardToken)?.clientId === clientId) return 'ACTIVE';
    return this.deleted.get(cardToken) === clientId ? 'DELETED' : 'UNKNOWN';
  }

  /** Deletes a token; `false` when there was none. */
  delete(cardToken: string): boolean {
    const stored = this.tokens.get(cardToken);
    if (!stored) return false;
    this.tokens.delete(cardToken);
    this.deleted.set(cardToken, stored.clientId);
    return true;
  }

  /** Applies `update` to an active token of `clientId` and returns a copy; `undefined` when it has none. */
  update(clientId: string, cardToken: string, update: TokenUpdate): StoredCardToken | undefined {
    const stored = this.tokens.get(cardToken);
    if (!stored || stored.clientId !== clientId) return undefined;
    if (update.accountHolderName) stored.accountHolderName = { ...update.accountHolderName };
    if (update.email !== undefined) stored.email = update.email;
    if (update.expiry) stored.card = { ...stored.card, ...update.expiry };
    return structuredClone(stored);
  }

  /**
   * Deletes a token of `clientId`: `DELETED` now, `ALREADY_DELETED` when it was deleted before
   * (deleting is idempotent), `UNKNOWN` when the merchant never had it.
   */
  remove(clientId: string, cardToken: string): 'DELETED' | 'ALREADY_DELETED' | 'UNKNOWN' {
    const status = this.status(clientId, cardToken);
    if (status === 'UNKNOWN') return 'UNKNOWN';
    if (status === 'DELETED') return 'ALREADY_DELETED';
    this.delete(cardToken);
    return 'DELETED';
  }
}

/**
 * The sandbox's card token store (`cardToken`, Antom's `paymentMethodId` of a saved card). A token
 * stands for masked card facts and the issuer's simulated answer, never for the card number or
 * CVC: a token payment is decided from what the sandbox learned when the card was tokenized.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import type { SavedCard } from './test-cards.js';

/** What a token stands for: masked card facts and the issuer's answer, for one merchant. */
export interface CardTokenFacts extends SavedCard {
  /** The merchant the token belongs to; other merchants cannot use it. */
  clientId: string;
}

/** A stored token. */
export interface StoredCardToken extends CardTokenFacts {
  /** `ALIPAY` followed by 40 random hex digits. */
  cardToken: string;
  /** When it was issued. */
  createdAt: Date;
}

/** Tokens of one engine. */
export class CardTokenStore {
  private readonly tokens = new Map<string, StoredCardToken>();

  /** Uses `clock` for issue times. */
  constructor(private readonly clock: Clock) {}

  /** Issues a new token for `facts` and returns it. */
  issue(facts: CardTokenFacts): string {
    // Tokens are bearer references a merchant stores: unguessable, so never from the seeded generator.
    const cardToken = `ALIPAY${randomBytes(20).toString('hex').toUpperCase()}`;
    this.tokens.set(cardToken, { ...structuredClone(facts), cardToken, createdAt: this.clock.now() });
    return cardToken;
  }

  /** A copy of the stored token, if it exists. */
  get(cardToken: string): StoredCardToken | undefined {
    const stored = this.tokens.get(cardToken);
    return stored && structuredClone(stored);
  }

  /** Deletes a token; `false` when there was none. */
  delete(cardToken: string): boolean {
    return this.tokens.delete(cardToken);
  }
}

/**
 * Acquirer routing. The engine asks the router for an acquirer per transaction and never names
 * one itself, so several acquirers, merchant rules and intelligent routing plug in here.
 */
import type { Amount, CardBrand } from '../../../src/protocol/types.js';
import type { Acquirer } from './acquirers.js';
import type { Random } from './random.js';

/** What a routing decision may look at. */
export interface RoutingContext {
  /** Merchant. */
  clientId: string;
  /** Amount of the transaction. */
  amount: Amount;
  /** Card brand. */
  brand: CardBrand;
  /** Issuing country of the card. */
  issuingCountry: string | undefined;
  /** Seeded randomness, for routing strategies that sample. */
  random: Random;
}

/** Picks the acquirer of a transaction. */
export interface AcquirerRouter {
  /** The acquirer for a new authorization. */
  select(context: RoutingContext): Acquirer;
  /** The acquirer with this name (follow-up transactions go where the authorization went). */
  byName(name: string): Acquirer | undefined;
}

/** Routes everything to one acquirer. */
export class SingleAcquirerRouter implements AcquirerRouter {
  /** Routes to `acquirer`. */
  constructor(private readonly acquirer: Acquirer) {}

  /** Always the one acquirer. */
  select(): Acquirer {
    return this.acquirer;
  }

  /** The one acquirer, if the name matches. */
  byName(name: string): Acquirer | undefined {
    return name === this.acquirer.name ? this.acquirer : undefined;
  }
}

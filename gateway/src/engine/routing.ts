/**
 * Acquirer routing. The engine asks the router for an acquirer per transaction and never names
 * one itself. The sandbox router applies, in order: the merchant's custom rules (first match that
 * names an eligible acquirer wins), then intelligent routing (Thompson sampling per segment over
 * the eligible acquirers, learning from reported outcomes), or, when the merchant switched it off,
 * the merchant's default acquirer. An acquirer that does not serve the transaction's brand,
 * currency and issuing country is never chosen.
 */
import type { Amount, CardBrand } from '#shared';
import {
  segmentKey,
  withSimulatedIssuerDeclines,
  type Acquirer,
  type AuthorizationRequest,
  type AuthorizationResponse,
  type CaptureResponse,
  type RoutableAcquirer,
  type Segment,
} from './acquirers.js';
import type { Random } from './random.js';
import type { DeclineCode } from './result-codes.js';
import { DEFAULT_ROUTING, type RoutingRule, type RoutingSettings } from './routing-config.js';
import type { Journal } from './journal.js';
import { ThompsonSampler, type CellCounts } from './routing-thompson.js';

/** What a routing decision may look at. */
export interface RoutingContext {
  /** Client id of the merchant, whose routing settings apply. */
  clientId: string;
  /** Amount of the transaction: rules compare its value, the segment uses its currency. */
  amount: Amount;
  /** Brand of the card; always known, as only cards that passed the checks are routed. */
  brand: CardBrand;
  /** ISO 3166 alpha-2 issuing country; `undefined` when unknown (`??` in a segment key). */
  issuingCountry: string | undefined;
  /** Seeded randomness, for routing strategies that sample. */
  random: Random;
}

/** Picks the acquirer of each authorization; captures and voids go to the acquirer that authorized. */
export interface AcquirerRouter {
  /** The acquirer for a new authorization (the sandbox router's no-route acquirer when none serves the card). */
  select(context: RoutingContext): Acquirer;
  /** The acquirer with this name (follow-up transactions go where the authorization went). */
  byName(name: string): Acquirer | undefined;
  /** Learns from the answer to an authorization routed with `context` (routers that do not learn omit it). */
  recordOutcome?(context: RoutingContext, response: AuthorizationResponse): void;
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

/** Why the router chose what it chose. */
export type RoutingReason = 'RULE' | 'INTELLIGENT' | 'DEFAULT' | 'NO_ROUTE';

/** A routing decision, for inspection and tests. */
export interface RoutingDecision {
  /** The chosen acquirer's name (`NO_ROUTE_ACQUIRER_NAME` when none is eligible). */
  acquirer: string;
  /** Which step chose it: a custom rule, intelligent routing, the default acquirer, or none. */
  reason: RoutingReason;
  /** Index of the winning rule, when `reason` is `RULE`. */
  ruleIndex?: number;
  /** The segment key, e.g. `VISA/SG/USD`. */
  segment: string;
  /** Every acquirer that serves the segment, in routing order. */
  eligible: string[];
}

/** (ours) `acquirerName` of a transaction no acquirer serves; it is declined `CARD_NOT_SUPPORTED`. */
export const NO_ROUTE_ACQUIRER_NAME = 'SANDBOX_NO_ROUTE';

/**
 * Declines the outcomes that teach intelligent routing about an acquirer. Declines about the card
 * itself (lost, stolen, expired, insufficient funds...) would be the same through any acquirer.
 */
export const LEARNED_DECLINE_CODES: readonly DeclineCode[] = ['DO_NOT_HONOR'];

/** What a `SandboxRouter` routes over: the acquirers, each merchant's settings, the seeded draws. */
export interface SandboxRouterOptions {
  /** The acquirers, in routing order (the first eligible one is the fallback default). */
  acquirers: readonly RoutableAcquirer[];
  /** The routing settings of a merchant; `undefined` means the defaults. */
  settings: (clientId: string) => RoutingSettings | undefined;
  /** Draws of the simulated issuer declines (seeded). */
  random: Random;
  /** Where what intelligent routing learned is kept across restarts (default: memory only). */
  journal?: Journal;
}

/** Rules, then intelligent routing or the default acquirer; learns from reported outcomes. */
export class SandboxRouter implements AcquirerRouter {
  private readonly acquirers: readonly RoutableAcquirer[];
  private readonly settingsOf: (clientId: string) => RoutingSettings | undefined;
  private readonly random: Random;
  private readonly sampler: ThompsonSampler;
  private readonly noRoute: Acquirer;

  /** Creates a router over `options.acquirers`; acquirer names must be unique. */
  constructor(options: SandboxRouterOptions) {
    const names = options.acquirers.map((acquirer) => acquirer.name);
    if (names.length === 0) throw new RangeError('SandboxRouter: at least one acquirer is needed');
    if (new Set(names).size !== names.length || names.includes(NO_ROUTE_ACQUIRER_NAME)) {
      throw new RangeError(`SandboxRouter: acquirer names must be unique and not ${NO_ROUTE_ACQUIRER_NAME}`);
    }
    this.acquirers = options.acquirers;
    this.settingsOf = options.settings;
    this.random = options.random;
    this.sampler = new ThompsonSampler(options.journal);
    this.noRoute = noRouteAcquirer(options.random);
  }

  /** Decides which acquirer authorizes a transaction, without authorizing anything. */
  decide(context: RoutingContext): RoutingDecision {
    const settings = this.settingsOf(context.clientId) ?? DEFAULT_ROUTING;
    const segment = segmentOf(context);
    const key = segmentKey(segment);
    const eligible = this.acquirers.filter((acquirer) => acquirer.serves(segment)).map((acquirer) => acquirer.name);
    const decision = (acquirer: string, reason: RoutingReason, ruleIndex?: number): RoutingDecision => ({
      acquirer,
      reason,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      segment: key,
      eligible,
    });
    const first = eligible[0];
    if (first === undefined) return decision(NO_ROUTE_ACQUIRER_NAME, 'NO_ROUTE');
    const ruleIndex = settings.rules.findIndex(
      (rule) => eligible.includes(rule.acquirer) && ruleMatches(rule, context),
    );
    const rule = settings.rules[ruleIndex];
    if (rule) return decision(rule.acquirer, 'RULE', ruleIndex);
    if (settings.intelligentRouting) {
      return decision(this.sampler.choose(key, eligible, context.random) ?? first, 'INTELLIGENT');
    }
    const preferred = settings.defaultAcquirer;
    return decision(preferred !== undefined && eligible.includes(preferred) ? preferred : first, 'DEFAULT');
  }

  /** The decided acquirer; with simulated issuer declines when the merchant turned them on. */
  select(context: RoutingContext): Acquirer {
    const decision = this.decide(context);
    const acquirer = this.acquirers.find((candidate) => candidate.name === decision.acquirer);
    if (!acquirer) return this.noRoute;
    const settings = this.settingsOf(context.clientId) ?? DEFAULT_ROUTING;
    return settings.simulateIssuerDeclines ? withSimulatedIssuerDeclines(acquirer, this.random) : acquirer;
  }

  /** The acquirer with this name (without simulated declines: follow-ups are never declined by the issuer). */
  byName(name: string): Acquirer | undefined {
    if (name === NO_ROUTE_ACQUIRER_NAME) return this.noRoute;
    return this.acquirers.find((acquirer) => acquirer.name === name);
  }

  /** Counts an approval, or a decline listed in `LEARNED_DECLINE_CODES`, for the acquirer that answered. */
  recordOutcome(context: RoutingContext, response: AuthorizationResponse): void {
    const name = response.acquirerInfo.acquirerName;
    if (!this.acquirers.some((acquirer) => acquirer.name === name)) return;
    const key = segmentKey(segmentOf(context));
    if (response.outcome === 'APPROVED') this.sampler.record(key, name, true);
    else if (response.outcome === 'DECLINED' && LEARNED_DECLINE_CODES.some((code) => code === response.resultCode))
      this.sampler.record(key, name, false);
  }

  /** What intelligent routing has observed for `acquirer` in `segment`. */
  observed(segment: Segment, acquirer: string): CellCounts {
    return this.sampler.counts(segmentKey(segment), acquirer);
  }
}

/** The segment of a transaction: its brand, issuing country and currency. */
export function segmentOf(context: Pick<RoutingContext, 'amount' | 'brand' | 'issuingCountry'>): Segment {
  return { brand: context.brand, issuingCountry: context.issuingCountry, currency: context.amount.currency };
}

/** Whether every condition the rule sets holds (amounts compared in minor units, bounds inclusive). */
export function ruleMatches(
  rule: RoutingRule,
  context: Pick<RoutingContext, 'amount' | 'brand' | 'issuingCountry'>,
): boolean {
  const amount = Number(context.amount.value);
  return (
    (rule.brand === undefined || rule.brand.includes(context.brand)) &&
    (rule.currency === undefined || rule.currency.includes(context.amount.currency)) &&
    (rule.issuingCountry === undefined ||
      (context.issuingCountry !== undefined && rule.issuingCountry.includes(context.issuingCountry))) &&
    (rule.minAmount === undefined || amount >= rule.minAmount) &&
    (rule.maxAmount === undefined || amount <= rule.maxAmount)
  );
}

/** Declines every authorization `CARD_NOT_SUPPORTED`: the answer when no acquirer serves the segment. */
function noRouteAcquirer(random: Random): Acquirer {
  const info = (): AuthorizationResponse['acquirerInfo'] => ({
    acquirerName: NO_ROUTE_ACQUIRER_NAME,
    acquirerTransactionId: random.digits(20),
    acquirerMerchantId: '',
    acquirerResultCode: '58',
    acquirerResultMessage: 'No acquirer serves this brand, currency and issuing country',
  });
  return {
    name: NO_ROUTE_ACQUIRER_NAME,
    async authorize(_request: AuthorizationRequest): Promise<AuthorizationResponse> {
      return {
        outcome: 'DECLINED',
        resultCode: 'CARD_NOT_SUPPORTED',
        acquirerInfo: info(),
        networkTransactionId: undefined,
      };
    },
    async capture(): Promise<CaptureResponse> {
      return { outcome: 'FAILED', acquirerInfo: info() };
    },
  };
}

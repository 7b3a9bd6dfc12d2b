/**
 * The routing simulation behind `npm run bench:routing` and its test: seeded payments across
 * segments, authorized through the sandbox acquirers with simulated issuer declines, routed by
 * the gateway's own `SandboxRouter` (intelligent routing, or switched off with each acquirer as the
 * default) and by an oracle that knows every acquirer's true approval probability. All strategies
 * see the same payments and the same issuer draws, so their approval rates differ only by routing.
 */
import type { Amount, CardBrand } from '#shared';
import {
  createSandboxAcquirers,
  withSimulatedIssuerDeclines,
  type Acquirer,
  type AuthorizationRequest,
  type RoutableAcquirer,
} from './acquirers.js';
import { ManualClock } from './clock.js';
import { IdFactory } from './ids.js';
import { createRandom, type Random } from './random.js';
import type { RoutingSettings } from './routing-config.js';
import { SandboxRouter, segmentOf, type AcquirerRouter, type RoutingContext } from './routing.js';

/** One segment of the simulated traffic and how often it occurs. */
export interface TrafficSegment {
  /** Brand of the segment's cards. */
  brand: CardBrand;
  /** ISO 3166 alpha-2 country where the segment's cards are issued. */
  issuingCountry: string;
  /** ISO 4217 currency the segment's payments are in. */
  currency: string;
  /** Weight against the sum of all weights: 15 out of 100 is 15% of the payments. */
  weight: number;
}

/** (ours) A cross-border merchant's traffic: domestic and foreign cards in local and foreign currencies. */
export const SIMULATED_TRAFFIC: readonly TrafficSegment[] = [
  { brand: 'VISA', issuingCountry: 'US', currency: 'USD', weight: 15 },
  { brand: 'MASTERCARD', issuingCountry: 'US', currency: 'USD', weight: 10 },
  { brand: 'AMEX', issuingCountry: 'US', currency: 'USD', weight: 6 },
  { brand: 'DISCOVER', issuingCountry: 'US', currency: 'USD', weight: 3 },
  { brand: 'VISA', issuingCountry: 'SG', currency: 'SGD', weight: 10 },
  { brand: 'MASTERCARD', issuingCountry: 'SG', currency: 'SGD', weight: 7 },
  { brand: 'MASTERCARD', issuingCountry: 'SG', currency: 'USD', weight: 4 },
  { brand: 'UNIONPAY', issuingCountry: 'CN', currency: 'CNY', weight: 5 },
  { brand: 'UNIONPAY', issuingCountry: 'CN', currency: 'USD', weight: 3 },
  { brand: 'JCB', issuingCountry: 'JP', currency: 'JPY', weight: 4 },
  { brand: 'VISA', issuingCountry: 'JP', currency: 'USD', weight: 3 },
  { brand: 'VISA', issuingCountry: 'GB', currency: 'GBP', weight: 8 },
  { brand: 'VISA', issuingCountry: 'GB', currency: 'USD', weight: 4 },
  { brand: 'MASTERCARD', issuingCountry: 'DE', currency: 'EUR', weight: 8 },
  { brand: 'VISA', issuingCountry: 'FR', currency: 'EUR', weight: 6 },
  { brand: 'AMEX', issuingCountry: 'GB', currency: 'EUR', weight: 2 },
  { brand: 'MAESTRO', issuingCountry: 'NL', currency: 'EUR', weight: 2 },
];

/** How many payments a simulation run makes, from which seed, over which traffic. */
export interface SimulationOptions {
  /** Number of simulated payments per strategy. */
  payments: number;
  /** Seed of every random draw of the run. */
  seed: number;
  /** Traffic mix (default `SIMULATED_TRAFFIC`). */
  traffic?: readonly TrafficSegment[];
}

/** The approval rate one routing strategy reached. */
export interface StrategyResult {
  /** Label, e.g. `intelligent` or `fixed SANDBOX_ACQ_US`. */
  name: string;
  /** Payments the issuer approved through the acquirer this strategy chose. */
  approvals: number;
  /** Payments the strategy routed: `SimulationOptions.payments`. */
  payments: number;
  /** `approvals / payments`, between 0 and 1. */
  rate: number;
}

/** What a simulation run measured. */
export interface SimulationReport {
  /** Payments per strategy: every strategy routes the same ones. */
  payments: number;
  /** The seed the run used; the same seed gives the same report. */
  seed: number;
  /** Distinct brand, country and currency segments in the traffic. */
  segments: number;
  /** Intelligent routing (the gateway's default). */
  intelligent: StrategyResult;
  /** Intelligent routing switched off with each acquirer as the default, best first. */
  fixed: StrategyResult[];
  /** Knows the true approval probabilities and always takes the best eligible acquirer. */
  oracle: StrategyResult;
  /** intelligent.rate / oracle.rate. */
  ratio: number;
}

const SIMULATED_MERCHANT = 'SANDBOX_SIMULATION';

/** Routes every payment to the eligible acquirer with the highest true approval probability. */
class OracleRouter implements AcquirerRouter {
  constructor(
    private readonly acquirers: readonly RoutableAcquirer[],
    private readonly random: Random,
  ) {}

  select(context: RoutingContext): Acquirer {
    const segment = segmentOf(context);
    let best: RoutableAcquirer | undefined;
    for (const acquirer of this.acquirers) {
      if (!acquirer.serves(segment)) continue;
      if (!best || acquirer.approvalProbability(segment) > best.approvalProbability(segment)) best = acquirer;
    }
    if (!best)
      throw new RangeError(`routing simulation: no acquirer serves ${context.brand}/${context.amount.currency}`);
    return withSimulatedIssuerDeclines(best, this.random);
  }

  byName(name: string): Acquirer | undefined {
    return this.acquirers.find((acquirer) => acquirer.name === name);
  }
}

interface SimulatedPayment {
  amount: Amount;
  brand: CardBrand;
  issuingCountry: string;
}

/** Seeds of the independent random streams of a run (traffic, routing samples, issuer draws). */
const STREAM = { traffic: 0x51, routing: 0x52, issuer: 0x53, ids: 0x54 } as const;

const streamSeed = (seed: number, stream: number): number => (Math.imul(seed >>> 0, 0x9e3779b1) ^ stream) >>> 0;

function generateTraffic(options: Required<SimulationOptions>): SimulatedPayment[] {
  const random = createRandom(streamSeed(options.seed, STREAM.traffic));
  const total = options.traffic.reduce((sum, entry) => sum + entry.weight, 0);
  return Array.from({ length: options.payments }, () => {
    let pick = random.next() * total;
    // Float sums can leave `pick` a hair above the last boundary: the last segment takes it.
    const entry =
      options.traffic.find((candidate) => (pick -= candidate.weight) < 0) ??
      options.traffic[options.traffic.length - 1];
    if (!entry) throw new RangeError('routing simulation: empty traffic');
    return {
      amount: { currency: entry.currency, value: String(100 + random.int(99_900)) },
      brand: entry.brand,
      issuingCountry: entry.issuingCountry,
    };
  });
}

async function runStrategy(
  name: string,
  payments: readonly SimulatedPayment[],
  seed: number,
  makeRouter: (acquirers: readonly RoutableAcquirer[], issuerRandom: Random) => AcquirerRouter,
): Promise<StrategyResult> {
  const ids = new IdFactory(createRandom(streamSeed(seed, STREAM.ids)), new ManualClock(0));
  const router = makeRouter(createSandboxAcquirers(ids), createRandom(streamSeed(seed, STREAM.issuer)));
  const routingRandom = createRandom(streamSeed(seed, STREAM.routing));
  let approvals = 0;
  for (const [index, payment] of payments.entries()) {
    const context: RoutingContext = { clientId: SIMULATED_MERCHANT, random: routingRandom, ...payment };
    const request: AuthorizationRequest = {
      paymentId: `SIM${index}`,
      amount: payment.amount,
      card: {
        cardNo: '************0000',
        cardBrand: payment.brand,
        issuingCountry: payment.issuingCountry,
        lastFour: '0000',
        cardBin: '000000',
        expiryMonth: '12',
        expiryYear: '34',
      },
      issuer: { outcome: 'APPROVED', resultCode: 'SUCCESS', threeDS: undefined },
    };
    const response = await router.select(context).authorize(request);
    router.recordOutcome?.(context, response);
    if (response.outcome === 'APPROVED') approvals += 1;
  }
  return { name, approvals, payments: payments.length, rate: approvals / payments.length };
}

const sandboxRouter =
  (settings: RoutingSettings) =>
  (acquirers: readonly RoutableAcquirer[], random: Random): AcquirerRouter =>
    new SandboxRouter({ acquirers, settings: () => settings, random });

/** Runs every strategy over the same seeded payments and issuer draws. */
export async function simulateRouting(options: SimulationOptions): Promise<SimulationReport> {
  if (!Number.isSafeInteger(options.payments) || options.payments < 1)
    throw new RangeError('simulateRouting: payments must be a positive integer');
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('simulateRouting: seed must be an integer');
  const traffic = options.traffic ?? SIMULATED_TRAFFIC;
  if (traffic.length === 0 || traffic.some((entry) => !(entry.weight > 0)))
    throw new RangeError('simulateRouting: traffic needs at least one segment, each with a positive weight');
  const acquirers = createSandboxAcquirers(new IdFactory(createRandom(0), new ManualClock(0)));
  for (const entry of traffic) {
    if (!acquirers.some((acquirer) => acquirer.serves(entry))) {
      throw new RangeError(
        `simulateRouting: no acquirer serves ${entry.brand}/${entry.issuingCountry}/${entry.currency}`,
      );
    }
  }
  const payments = generateTraffic({ ...options, traffic });
  const seed = options.seed;
  const intelligent = await runStrategy(
    'intelligent',
    payments,
    seed,
    sandboxRouter({ intelligentRouting: true, simulateIssuerDeclines: true, rules: [] }),
  );
  const fixed: StrategyResult[] = [];
  for (const acquirer of acquirers) {
    fixed.push(
      await runStrategy(
        `fixed ${acquirer.name}`,
        payments,
        seed,
        sandboxRouter({
          intelligentRouting: false,
          defaultAcquirer: acquirer.name,
          simulateIssuerDeclines: true,
          rules: [],
        }),
      ),
    );
  }
  fixed.sort((a, b) => b.rate - a.rate);
  const oracle = await runStrategy(
    'oracle',
    payments,
    seed,
    (acquirers, random) => new OracleRouter(acquirers, random),
  );
  const segments = new Set(traffic.map((entry) => `${entry.brand}/${entry.issuingCountry}/${entry.currency}`)).size;
  return {
    payments: payments.length,
    seed,
    segments,
    intelligent,
    fixed,
    oracle,
    ratio: intelligent.rate / oracle.rate,
  };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CARD_BRANDS, type CardBrand } from '../../src/shared/types.js';
import {
  SANDBOX_ACQUIRER_NAMES,
  createSandboxAcquirers,
  type AuthorizationRequest,
  type AuthorizationResponse,
  type SandboxAcquirer,
} from '../../gateway/src/engine/acquirers.js';
import { ManualClock } from '../../gateway/src/engine/clock.js';
import { IdFactory } from '../../gateway/src/engine/ids.js';
import { Journal } from '../../gateway/src/engine/journal.js';
import { MerchantConfigError, MerchantRegistry, validateMerchantConfig } from '../../gateway/src/engine/merchants.js';
import { createRandom } from '../../gateway/src/engine/random.js';
import type { DeclineCode } from '../../gateway/src/engine/result-codes.js';
import { validateRoutingConfig, type RoutingConfig } from '../../gateway/src/engine/routing-config.js';
import { simulateRouting } from '../../gateway/src/engine/routing-simulation.js';
import { sampleBeta } from '../../gateway/src/engine/routing-thompson.js';
import {
  NO_ROUTE_ACQUIRER_NAME,
  SandboxRouter,
  type RoutingContext,
  type RoutingDecision,
} from '../../gateway/src/engine/routing.js';
import { openGatewayDb } from '../../gateway/src/gateway-db.js';
import { START_TIME, tempSandbox, testMerchant } from '../support/servers.js';

const SG = 'SANDBOX_ACQ_SG';
const US = 'SANDBOX_ACQ_US';
const EU = 'SANDBOX_ACQ_EU';

function settingsOf(config: RoutingConfig | undefined) {
  return validateRoutingConfig(config, (field, rule) => {
    throw new Error(`routing.${field} ${rule}`);
  });
}

/** A router over fresh sandbox acquirers with `config` for every merchant. */
function routerWith(config?: RoutingConfig, seed = 1): { router: SandboxRouter; acquirers: SandboxAcquirer[] } {
  const acquirers = createSandboxAcquirers(new IdFactory(createRandom(seed), new ManualClock(START_TIME)));
  const settings = settingsOf(config);
  return {
    router: new SandboxRouter({ acquirers, settings: () => settings, random: createRandom(seed + 1) }),
    acquirers,
  };
}

function context(
  brand: CardBrand,
  issuingCountry: string | undefined,
  currency: string,
  value = '1000',
  random = createRandom(3),
): RoutingContext {
  return { clientId: 'SANDBOX_TEST_SHOP', amount: { currency, value }, brand, issuingCountry, random };
}

function authorization(
  ctx: RoutingContext,
  issuer: AuthorizationRequest['issuer'] = { outcome: 'APPROVED', resultCode: 'SUCCESS', threeDS: undefined },
): AuthorizationRequest {
  return {
    paymentId: 'P1',
    amount: ctx.amount,
    card: {
      cardNo: '************0768',
      cardBrand: ctx.brand,
      ...(ctx.issuingCountry ? { issuingCountry: ctx.issuingCountry } : {}),
      lastFour: '0768',
      cardBin: '405469',
      expiryMonth: '12',
      expiryYear: '34',
    },
    issuer,
  };
}

function response(acquirer: string, outcome: 'APPROVED' | 'DECLINED', resultCode: 'SUCCESS' | DeclineCode) {
  const answer: AuthorizationResponse = {
    outcome,
    resultCode,
    acquirerInfo: {
      acquirerName: acquirer,
      acquirerTransactionId: '1',
      acquirerMerchantId: 'M',
      acquirerResultCode: '00',
      acquirerResultMessage: 'Approved',
    },
    networkTransactionId: undefined,
  };
  return answer;
}

/** Teaches the router `approvals` out of `total` for an acquirer in the context's segment. */
function teach(router: SandboxRouter, ctx: RoutingContext, acquirer: string, approvals: number, total: number): void {
  for (let i = 0; i < total; i++) {
    router.recordOutcome(
      ctx,
      i < approvals ? response(acquirer, 'APPROVED', 'SUCCESS') : response(acquirer, 'DECLINED', 'DO_NOT_HONOR'),
    );
  }
}

function decisions(router: SandboxRouter, ctx: RoutingContext, count: number): RoutingDecision[] {
  return Array.from({ length: count }, () => router.decide(ctx));
}

describe('sandbox acquirers', () => {
  const acquirers = createSandboxAcquirers(new IdFactory(createRandom(1), new ManualClock(START_TIME)));
  const byName = (name: string) => acquirers.find((acquirer) => acquirer.name === name)!;

  it('are at least three, each serving its own brands, currencies and issuing countries', () => {
    assert.ok(acquirers.length >= 3);
    assert.deepEqual(
      acquirers.map((acquirer) => acquirer.name),
      [...SANDBOX_ACQUIRER_NAMES],
    );
    const seg = (brand: CardBrand, issuingCountry: string | undefined, currency: string) => ({
      brand,
      issuingCountry,
      currency,
    });
    assert.equal(byName(SG).serves(seg('UNIONPAY', 'CN', 'CNY')), true);
    assert.equal(byName(US).serves(seg('UNIONPAY', 'CN', 'CNY')), false, 'brand not served');
    assert.equal(byName(EU).serves(seg('VISA', 'SG', 'EUR')), false, 'issuing country not served');
    assert.equal(byName(EU).serves(seg('VISA', 'DE', 'JPY')), false, 'currency not served');
    assert.equal(byName(EU).serves(seg('VISA', undefined, 'EUR')), false, 'unknown issuer only where any is served');
    assert.equal(byName(US).serves(seg('VISA', undefined, 'EUR')), true);
  });

  it('have a true approval probability per segment, and the best acquirer differs by segment', () => {
    const best = (brand: CardBrand, issuingCountry: string, currency: string): string => {
      const segment = { brand, issuingCountry, currency };
      return [...acquirers].sort((a, b) => b.approvalProbability(segment) - a.approvalProbability(segment))[0]!.name;
    };
    assert.equal(best('VISA', 'SG', 'SGD'), SG);
    assert.equal(best('VISA', 'US', 'USD'), US);
    assert.equal(best('VISA', 'GB', 'GBP'), EU);
    for (const acquirer of acquirers) {
      for (const brand of CARD_BRANDS) {
        for (const [country, currency] of [
          ['SG', 'SGD'],
          ['US', 'USD'],
          ['FR', 'EUR'],
          ['BR', 'BRL'],
        ] as const) {
          const segment = { brand, issuingCountry: country, currency };
          const p = acquirer.approvalProbability(segment);
          if (acquirer.serves(segment))
            assert.ok(p > 0 && p < 1, `${acquirer.name} ${brand} ${country} ${currency}: ${p}`);
          else assert.equal(p, 0);
        }
      }
    }
  });
});

describe('SandboxRouter: custom rules', () => {
  it('a matching rule wins over what intelligent routing has learned', () => {
    const { router } = routerWith({ rules: [{ brand: 'VISA', acquirer: US }] });
    const ctx = context('VISA', 'SG', 'SGD');
    teach(router, ctx, SG, 100, 100);
    teach(router, ctx, US, 10, 100);
    for (const decision of decisions(router, ctx, 50)) {
      assert.deepEqual([decision.acquirer, decision.reason, decision.ruleIndex], [US, 'RULE', 0]);
    }
  });

  it('the first matching rule wins; each condition narrows; amount bounds are inclusive minor units', () => {
    const { router } = routerWith({
      rules: [
        { currency: 'USD', issuingCountry: ['US', 'CA'], minAmount: '1000', maxAmount: 5000, acquirer: US },
        { brand: ['VISA', 'MASTERCARD'], currency: 'USD', acquirer: SG },
        { brand: 'VISA', acquirer: US },
      ],
    });
    const pick = (brand: CardBrand, country: string, currency: string, value: string) => {
      const decision = router.decide(context(brand, country, currency, value));
      return [decision.acquirer, decision.ruleIndex];
    };
    assert.deepEqual(pick('VISA', 'US', 'USD', '1000'), [US, 0], 'lower bound included');
    assert.deepEqual(pick('VISA', 'US', 'USD', '5000'), [US, 0], 'upper bound included');
    assert.deepEqual(pick('VISA', 'US', 'USD', '999'), [SG, 1], 'below the range: next rule');
    assert.deepEqual(pick('VISA', 'US', 'USD', '5001'), [SG, 1], 'above the range: next rule');
    assert.deepEqual(pick('MASTERCARD', 'CA', 'USD', '2000'), [US, 0]);
    assert.deepEqual(pick('MASTERCARD', 'GB', 'USD', '2000'), [SG, 1], 'issuing country not listed');
    assert.deepEqual(pick('VISA', 'GB', 'GBP', '2000'), [US, 2], 'currency not listed');
  });

  it('a rule naming an acquirer that cannot take the card falls through to the next rule, then to intelligent routing', () => {
    const { router } = routerWith({
      rules: [
        { brand: 'VISA', acquirer: EU },
        { brand: 'VISA', currency: 'SGD', acquirer: SG },
      ],
    });
    // EU does not serve cards issued in Singapore.
    const sgd = router.decide(context('VISA', 'SG', 'SGD'));
    assert.deepEqual([sgd.acquirer, sgd.reason, sgd.ruleIndex], [SG, 'RULE', 1]);
    const usd = router.decide(context('VISA', 'SG', 'USD'));
    assert.equal(usd.reason, 'INTELLIGENT');
    assert.notEqual(usd.acquirer, EU);
    const gb = router.decide(context('VISA', 'GB', 'EUR'));
    assert.deepEqual([gb.acquirer, gb.ruleIndex], [EU, 0], 'the same rule applies where EU is eligible');
  });

  it('rules win when intelligent routing is off too', () => {
    const { router } = routerWith({
      intelligentRouting: false,
      defaultAcquirer: SG,
      rules: [{ brand: 'AMEX', acquirer: US }],
    });
    assert.equal(router.decide(context('AMEX', 'SG', 'SGD')).acquirer, US);
    assert.equal(router.decide(context('VISA', 'SG', 'SGD')).acquirer, SG);
  });
});

describe('SandboxRouter: intelligent routing', () => {
  it('routes transactions no rule matches by Thompson sampling', () => {
    const { router } = routerWith({ rules: [{ brand: 'AMEX', acquirer: US }] });
    const ctx = context('VISA', 'SG', 'USD');
    const seen = new Set(decisions(router, ctx, 60).map((decision) => `${decision.reason}:${decision.acquirer}`));
    assert.deepEqual(
      seen,
      new Set([`INTELLIGENT:${SG}`, `INTELLIGENT:${US}`]),
      'explores every eligible acquirer, only them',
    );
  });

  it('learns from outcomes and then prefers the acquirer that approves more', () => {
    const { router } = routerWith();
    const ctx = context('VISA', 'SG', 'USD');
    teach(router, ctx, SG, 45, 50);
    teach(router, ctx, US, 30, 50);
    const chosen = decisions(router, ctx, 200).filter((decision) => decision.acquirer === SG).length;
    assert.ok(chosen >= 190, `SG chosen ${chosen} of 200`);
    assert.deepEqual(router.observed({ brand: 'VISA', issuingCountry: 'SG', currency: 'USD' }, SG), {
      approvals: 45,
      declines: 5,
    });
    const other = context('VISA', 'SG', 'SGD');
    assert.deepEqual(router.observed({ brand: 'VISA', issuingCountry: 'SG', currency: 'SGD' }, SG), {
      approvals: 0,
      declines: 0,
    });
    assert.equal(
      new Set(decisions(router, other, 60).map((decision) => decision.acquirer)).size,
      2,
      'segments learn separately',
    );
  });

  it('learns only from approvals and generic declines, not from declines about the card', () => {
    const { router } = routerWith();
    const ctx = context('VISA', 'SG', 'USD');
    router.recordOutcome(ctx, response(SG, 'APPROVED', 'SUCCESS'));
    router.recordOutcome(ctx, response(SG, 'DECLINED', 'DO_NOT_HONOR'));
    router.recordOutcome(ctx, response(SG, 'DECLINED', 'LOST_CARD'));
    router.recordOutcome(ctx, response(SG, 'DECLINED', 'USER_BALANCE_NOT_ENOUGH'));
    router.recordOutcome(ctx, response('SOMEONE_ELSE', 'APPROVED', 'SUCCESS'));
    assert.deepEqual(router.observed({ brand: 'VISA', issuingCountry: 'SG', currency: 'USD' }, SG), {
      approvals: 1,
      declines: 1,
    });
    assert.deepEqual(router.observed({ brand: 'VISA', issuingCountry: 'SG', currency: 'USD' }, 'SOMEONE_ELSE'), {
      approvals: 0,
      declines: 0,
    });
  });

  it('keeps what it learned in the gateway database across a restart', async () => {
    const sandbox = tempSandbox('antom-routing-db-');
    try {
      const dir = `${sandbox.dir}/db`;
      const segment = { brand: 'VISA', issuingCountry: 'SG', currency: 'USD' } as const;
      const first = await openGatewayDb(dir);
      const journal = new Journal(first.store, first.rows);
      const acquirers = createSandboxAcquirers(new IdFactory(createRandom(1), new ManualClock(START_TIME)));
      const settings = settingsOf(undefined);
      const router = new SandboxRouter({ acquirers, settings: () => settings, random: createRandom(2), journal });
      const ctx = context('VISA', 'SG', 'USD');
      teach(router, ctx, SG, 45, 50);
      teach(router, ctx, US, 30, 50);
      await journal.flushed();
      await first.store.close();

      const reopened = await openGatewayDb(dir);
      const restarted = new SandboxRouter({
        acquirers,
        settings: () => settings,
        random: createRandom(2),
        journal: new Journal(reopened.store, reopened.rows),
      });
      await reopened.store.close();
      assert.deepEqual(restarted.observed(segment, SG), { approvals: 45, declines: 5 });
      assert.deepEqual(restarted.observed(segment, US), { approvals: 30, declines: 20 });
      const chosen = decisions(restarted, ctx, 200).filter((decision) => decision.acquirer === SG).length;
      assert.ok(chosen >= 190, `SG chosen ${chosen} of 200 right after the restart`);
    } finally {
      sandbox.remove();
    }
  });

  it('is deterministic for a seed', () => {
    const run = () => {
      const { router } = routerWith();
      const random = createRandom(11);
      return Array.from(
        { length: 40 },
        () => router.decide(context('VISA', 'GB', 'USD', '1000', random)).acquirer,
      ).join();
    };
    assert.equal(run(), run());
  });

  it('samples Beta posteriors with the right mean', () => {
    const random = createRandom(5);
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += sampleBeta(9, 3, random);
    assert.ok(Math.abs(sum / 4000 - 0.75) < 0.01, `mean ${sum / 4000}`);
  });
});

describe('SandboxRouter: switched off', () => {
  it('routes to the default acquirer whatever intelligent routing would learn', () => {
    const { router } = routerWith({ intelligentRouting: false, defaultAcquirer: US });
    const ctx = context('VISA', 'SG', 'SGD');
    teach(router, ctx, SG, 100, 100);
    teach(router, ctx, US, 0, 100);
    for (const decision of decisions(router, ctx, 30))
      assert.deepEqual([decision.acquirer, decision.reason], [US, 'DEFAULT']);
  });

  it('falls back to the first eligible acquirer when the default cannot take the card or there is none', () => {
    const withDefault = routerWith({ intelligentRouting: false, defaultAcquirer: EU }).router;
    assert.equal(withDefault.decide(context('VISA', 'SG', 'SGD')).acquirer, SG);
    assert.equal(withDefault.decide(context('DISCOVER', 'SG', 'SGD')).acquirer, US);
    assert.equal(withDefault.decide(context('VISA', 'FR', 'EUR')).acquirer, EU);
    const without = routerWith({ intelligentRouting: false }).router;
    assert.equal(without.decide(context('VISA', 'FR', 'EUR')).acquirer, SG);
  });
});

describe('SandboxRouter: eligibility', () => {
  const countries = ['SG', 'US', 'GB', 'DE', 'CN', 'JP', 'BR', 'RU'];
  const currencies = ['USD', 'EUR', 'SGD', 'CNY', 'JPY', 'BRL', 'GBP', 'CAD'];
  const ruleArb = fc.record(
    {
      brand: fc.constantFrom(...CARD_BRANDS),
      currency: fc.constantFrom(...currencies),
      issuingCountry: fc.constantFrom(...countries),
      minAmount: fc.integer({ min: 0, max: 500 }),
      acquirer: fc.constantFrom(...SANDBOX_ACQUIRER_NAMES),
    },
    { requiredKeys: ['acquirer'] },
  );

  it('never chooses an acquirer that does not serve the brand, currency and issuing country', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          intelligentRouting: fc.boolean(),
          defaultAcquirer: fc.constantFrom(...SANDBOX_ACQUIRER_NAMES),
          rules: fc.array(ruleArb, { maxLength: 4 }),
        }),
        fc.constantFrom(...CARD_BRANDS),
        fc.option(fc.constantFrom(...countries), { nil: undefined }),
        fc.constantFrom(...currencies),
        fc.integer({ min: 1, max: 1000 }),
        async (config, brand, country, currency, value) => {
          const { router, acquirers } = routerWith(config);
          const ctx = context(brand, country, currency, String(value));
          const segment = { brand, issuingCountry: country, currency };
          const eligible = acquirers.filter((acquirer) => acquirer.serves(segment)).map((acquirer) => acquirer.name);
          const decision = router.decide(ctx);
          if (eligible.length === 0) assert.equal(decision.acquirer, NO_ROUTE_ACQUIRER_NAME);
          else
            assert.ok(
              eligible.includes(decision.acquirer),
              `${decision.acquirer} chosen for ${brand}/${country}/${currency}`,
            );
          assert.deepEqual(decision.eligible, eligible);
        },
      ),
      { numRuns: 300, seed: 20240501 },
    );
  });

  it('declines CARD_NOT_SUPPORTED when no acquirer serves the segment', async () => {
    const { router } = routerWith();
    const ctx = context('MIR', 'RU', 'RUB');
    assert.equal(router.decide(ctx).reason, 'NO_ROUTE');
    const answer = await router.select(ctx).authorize(authorization(ctx));
    assert.deepEqual(
      [answer.outcome, answer.resultCode, answer.acquirerInfo.acquirerName],
      ['DECLINED', 'CARD_NOT_SUPPORTED', NO_ROUTE_ACQUIRER_NAME],
    );
  });

  it('finds follow-up acquirers by name', () => {
    const { router } = routerWith();
    assert.equal(router.byName(US)?.name, US);
    assert.equal(router.byName('SANDBOX_ACQ_A'), undefined);
  });
});

describe('simulated issuer declines', () => {
  async function approvals(config: RoutingConfig, issuer?: AuthorizationRequest['issuer']): Promise<string[]> {
    const { router } = routerWith(config);
    const ctx = context('VISA', 'US', 'EUR');
    const codes: string[] = [];
    for (let i = 0; i < 400; i++)
      codes.push((await router.select(ctx).authorize(authorization(ctx, issuer))).resultCode);
    return codes;
  }

  it('are off by default: the issuer answer (the test card) decides', async () => {
    const codes = await approvals({ intelligentRouting: false, defaultAcquirer: US });
    assert.ok(codes.every((code) => code === 'SUCCESS'));
  });

  it('when on, decline approvals with DO_NOT_HONOR at the acquirer approval probability', async () => {
    const codes = await approvals({ intelligentRouting: false, defaultAcquirer: US, simulateIssuerDeclines: true });
    const acquirer = createSandboxAcquirers(new IdFactory(createRandom(1), new ManualClock(START_TIME))).find(
      (a) => a.name === US,
    )!;
    const expected = acquirer.approvalProbability({ brand: 'VISA', issuingCountry: 'US', currency: 'EUR' });
    const rate = codes.filter((code) => code === 'SUCCESS').length / codes.length;
    assert.ok(Math.abs(rate - expected) < 0.05, `approval rate ${rate}, expected about ${expected}`);
    assert.deepEqual(new Set(codes), new Set(['SUCCESS', 'DO_NOT_HONOR']));
  });

  it('when on, leave the test cards’ own declines as they are', async () => {
    const codes = await approvals(
      { simulateIssuerDeclines: true },
      { outcome: 'DECLINED', resultCode: 'LOST_CARD', threeDS: undefined },
    );
    assert.ok(codes.every((code) => code === 'LOST_CARD'));
  });
});

describe('routing configuration', () => {
  const where = 'merchants.json: merchants[0]';
  const check = (routing: unknown) => validateMerchantConfig({ ...testMerchant(), routing }, where);

  it('defaults to intelligent routing without rules or simulated declines', () => {
    const registry = new MerchantRegistry([testMerchant()]);
    assert.deepEqual(registry.get('SANDBOX_TEST_SHOP')?.routing, {
      intelligentRouting: true,
      simulateIssuerDeclines: false,
      rules: [],
    });
  });

  it('reads single values or lists, CUP as UNIONPAY, amounts as numbers or digit strings', () => {
    const config = check({
      intelligentRouting: false,
      defaultAcquirer: US,
      rules: [
        {
          brand: ['CUP', 'JCB'],
          currency: 'SGD',
          issuingCountry: 'SG',
          minAmount: '100',
          maxAmount: 900,
          acquirer: SG,
        },
      ],
    });
    assert.deepEqual(config.routing, {
      intelligentRouting: false,
      defaultAcquirer: US,
      simulateIssuerDeclines: false,
      rules: [
        {
          brand: ['UNIONPAY', 'JCB'],
          currency: ['SGD'],
          issuingCountry: ['SG'],
          minAmount: 100,
          maxAmount: 900,
          acquirer: SG,
        },
      ],
    });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['not an object', 'intelligent', /^merchants\.json: merchants\[0\]\.routing must be an object$/],
    ['unknown field', { intelligent: true }, /\.routing\.intelligent is not a routing field/],
    ['string boolean', { intelligentRouting: 'false' }, /\.routing\.intelligentRouting must be true or false$/],
    ['simulation flag', { simulateIssuerDeclines: 1 }, /\.routing\.simulateIssuerDeclines must be true or false$/],
    [
      'unknown default',
      { defaultAcquirer: 'SANDBOX_ACQ_A' },
      /\.routing\.defaultAcquirer must name an acquirer: SANDBOX_ACQ_SG, /,
    ],
    ['rules not a list', { rules: {} }, /\.routing\.rules must be an array/],
    ['rule not an object', { rules: [{ acquirer: SG }, 'VISA'] }, /\.routing\.rules\[1\] must be an object$/],
    ['rule without acquirer', { rules: [{ brand: 'VISA' }] }, /\.routing\.rules\[0\]\.acquirer must name an acquirer/],
    [
      'misspelt condition',
      { rules: [{ brands: 'VISA', acquirer: SG }] },
      /\.routing\.rules\[0\]\.brands is not a routing field/,
    ],
    [
      'unknown brand',
      { rules: [{ brand: 'VISAA', acquirer: SG }] },
      /\.routing\.rules\[0\]\.brand must be one of VISA, /,
    ],
    [
      'brand in a list',
      { rules: [{ brand: ['VISA', 7], acquirer: SG }] },
      /\.routing\.rules\[0\]\.brand\[1\] must be one of/,
    ],
    [
      'empty list',
      { rules: [{ currency: [], acquirer: SG }] },
      /\.routing\.rules\[0\]\.currency must be an ISO 4217 currency code or a non-empty list/,
    ],
    [
      'bad currency',
      { rules: [{ acquirer: SG }, { currency: 'usd', acquirer: SG }] },
      /\.routing\.rules\[1\]\.currency must be an ISO 4217 currency code$/,
    ],
    [
      'unknown currency',
      { rules: [{ currency: 'XYZ', acquirer: SG }] },
      /\.routing\.rules\[0\]\.currency must be an ISO 4217/,
    ],
    [
      'bad country',
      { rules: [{ issuingCountry: 'SGP', acquirer: SG }] },
      /\.routing\.rules\[0\]\.issuingCountry must be an ISO 3166 alpha-2/,
    ],
    [
      'negative amount',
      { rules: [{ minAmount: -1, acquirer: SG }] },
      /\.routing\.rules\[0\]\.minAmount must be a non-negative integer in minor units/,
    ],
    [
      'decimal amount',
      { rules: [{ maxAmount: '10.50', acquirer: SG }] },
      /\.routing\.rules\[0\]\.maxAmount must be a non-negative integer/,
    ],
    [
      'inverted range',
      { rules: [{ minAmount: 500, maxAmount: 100, acquirer: SG }] },
      /\.routing\.rules\[0\]\.maxAmount must not be below minAmount$/,
    ],
  ];
  for (const [name, routing, message] of bad) {
    it(`refuses ${name} with an error naming the field`, () => {
      assert.throws(
        () => check(routing),
        (error: unknown) => {
          assert.ok(error instanceof MerchantConfigError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('routing simulation (small seeded run)', () => {
  it('intelligent routing reaches at least 97 % of the oracle and beats every fixed acquirer', async () => {
    const report = await simulateRouting({ payments: 5000, seed: 42 });
    assert.equal(report.payments, 5000);
    assert.equal(report.fixed.length, SANDBOX_ACQUIRER_NAMES.length);
    assert.ok(report.ratio >= 0.97, `intelligent / oracle = ${report.ratio}`);
    assert.equal(report.ratio, report.intelligent.rate / report.oracle.rate);
    for (const fixed of report.fixed) {
      assert.ok(
        report.intelligent.rate > fixed.rate,
        `intelligent ${report.intelligent.rate} vs ${fixed.name} ${fixed.rate}`,
      );
      assert.ok(report.oracle.rate > fixed.rate, `oracle vs ${fixed.name}`);
    }
  });

  it('is reproducible: the same seed gives the same figures', async () => {
    const a = await simulateRouting({ payments: 1000, seed: 9 });
    const b = await simulateRouting({ payments: 1000, seed: 9 });
    assert.deepEqual(a, b);
    const c = await simulateRouting({ payments: 1000, seed: 10 });
    assert.notDeepEqual(a, c);
  });

  it('refuses nonsense settings', async () => {
    await assert.rejects(simulateRouting({ payments: 0, seed: 1 }), /payments must be a positive integer/);
    await assert.rejects(simulateRouting({ payments: 10, seed: 1.5 }), /seed must be an integer/);
    await assert.rejects(simulateRouting({ payments: 10, seed: 1, traffic: [] }), /at least one segment/);
    await assert.rejects(
      simulateRouting({
        payments: 10,
        seed: 1,
        traffic: [{ brand: 'MIR', issuingCountry: 'RU', currency: 'RUB', weight: 1 }],
      }),
      /no acquirer serves MIR\/RU\/RUB/,
    );
  });
});

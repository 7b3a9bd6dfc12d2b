/**
 * A merchant's routing settings: custom rules (first match wins), intelligent routing on or off,
 * the default acquirer, and the sandbox's simulated issuer declines. Checked once at startup with
 * errors that name the rule index and field.
 */
import { CARD_BRANDS, isRecord, type CardBrand } from '#shared';
import { SANDBOX_ACQUIRER_NAMES } from './acquirers.js';

/** One custom routing rule as configured (a single value or a list per condition). */
export interface RoutingRuleConfig {
  /** Card brand(s) the rule applies to (`CUP` is read as `UNIONPAY`). */
  brand?: CardBrand | 'CUP' | Array<CardBrand | 'CUP'>;
  /** ISO 4217 currency code(s). */
  currency?: string | string[];
  /** ISO 3166 alpha-2 issuing country code(s). */
  issuingCountry?: string | string[];
  /** Lowest amount, inclusive, in minor units of the payment currency. */
  minAmount?: number | string;
  /** Highest amount, inclusive, in minor units of the payment currency. */
  maxAmount?: number | string;
  /** Acquirer the matching transactions go to. */
  acquirer: string;
}

/** `routing` of a merchant configuration, unchecked: absent fields take `DEFAULT_ROUTING`. */
export interface RoutingConfig {
  /** Intelligent routing for transactions no rule matches (default true). */
  intelligentRouting?: boolean;
  /** Acquirer used when intelligent routing is off (default: the first eligible acquirer). */
  defaultAcquirer?: string;
  /** (ours) Let issuers decline by each acquirer's approval probability (default false). */
  simulateIssuerDeclines?: boolean;
  /** Custom rules, first match wins. */
  rules?: RoutingRuleConfig[];
}

/** A checked rule: each condition is absent (any value matches) or a non-empty list. */
export interface RoutingRule {
  /** Brands the rule matches; `CUP` in the configuration reads as `UNIONPAY`. */
  brand?: CardBrand[];
  /** ISO 4217 currencies the rule matches. */
  currency?: string[];
  /** ISO 3166 alpha-2 issuing countries the rule matches; a card of unknown country matches none. */
  issuingCountry?: string[];
  /** Lowest amount in minor units, inclusive. */
  minAmount?: number;
  /** Highest amount in minor units, inclusive. */
  maxAmount?: number;
  /** Name of a sandbox acquirer, e.g. `SANDBOX_ACQ_SG`, that matching transactions go to. */
  acquirer: string;
}

/** Checked routing settings with defaults applied. */
export interface RoutingSettings {
  /** Thompson sampling for transactions no rule matches; off, the default acquirer takes them. */
  intelligentRouting: boolean;
  /** Acquirer used when intelligent routing is off. */
  defaultAcquirer?: string;
  /** Simulated issuer declines on or off. */
  simulateIssuerDeclines: boolean;
  /** Custom rules, first match wins. */
  rules: RoutingRule[];
}

/** Routing of a merchant that configures none: intelligent routing, no rules, no simulated declines. */
export const DEFAULT_ROUTING: Readonly<RoutingSettings> = Object.freeze({
  intelligentRouting: true,
  simulateIssuerDeclines: false,
  rules: [],
});

/** Reports a bad field: `field` is relative to `routing`, e.g. `rules[2].currency`. */
export type RoutingConfigFailure = (field: string, rule: string) => never;

const ROUTING_FIELDS = ['intelligentRouting', 'defaultAcquirer', 'simulateIssuerDeclines', 'rules'];
const RULE_FIELDS = ['brand', 'currency', 'issuingCountry', 'minAmount', 'maxAmount', 'acquirer'];
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const MAX_RULES = 100;
const MAX_AMOUNT_DIGITS = 15;

function checkFields(
  value: Record<string, unknown>,
  known: readonly string[],
  where: string,
  fail: RoutingConfigFailure,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`${where}${key}`, `is not a routing field (expected one of ${known.join(', ')})`);
  }
}

function checkAcquirer(value: unknown, field: string, fail: RoutingConfigFailure): string {
  if (typeof value !== 'string' || !SANDBOX_ACQUIRER_NAMES.includes(value)) {
    fail(field, `must name an acquirer: ${SANDBOX_ACQUIRER_NAMES.join(', ')}`);
  }
  return value;
}

/** A condition given as one value or a non-empty list, each value checked by `parse`. */
function checkList<T>(
  value: unknown,
  field: string,
  fail: RoutingConfigFailure,
  rule: string,
  parse: (item: unknown) => T | undefined,
): T[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) fail(field, `must be ${rule} or a non-empty list of them`);
  const parsed = items.map((item, index) => {
    const checked = parse(item);
    if (checked === undefined) fail(Array.isArray(value) ? `${field}[${index}]` : field, `must be ${rule}`);
    return checked;
  });
  return [...new Set(parsed)];
}

function checkAmount(value: unknown, field: string, fail: RoutingConfigFailure): number {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || text.length > MAX_AMOUNT_DIGITS) {
    fail(field, `must be a non-negative integer in minor units (at most ${MAX_AMOUNT_DIGITS} digits)`);
  }
  return Number(text);
}

const parseBrand = (item: unknown): CardBrand | undefined =>
  item === 'CUP' ? 'UNIONPAY' : CARD_BRANDS.find((brand) => brand === item);

const parseCurrency = (item: unknown): string | undefined =>
  typeof item === 'string' && /^[A-Z]{3}$/.test(item) && KNOWN_CURRENCIES.has(item) ? item : undefined;

const parseCountry = (item: unknown): string | undefined =>
  typeof item === 'string' && /^[A-Z]{2}$/.test(item) ? item : undefined;

function checkRule(value: unknown, index: number, fail: RoutingConfigFailure): RoutingRule {
  const where = `rules[${index}]`;
  if (!isRecord(value)) fail(where, 'must be an object');
  const raw = value;
  checkFields(raw, RULE_FIELDS, `${where}.`, fail);
  const rule: RoutingRule = { acquirer: checkAcquirer(raw['acquirer'], `${where}.acquirer`, fail) };
  if (raw['brand'] !== undefined) {
    rule.brand = checkList(raw['brand'], `${where}.brand`, fail, `one of ${CARD_BRANDS.join(', ')}`, parseBrand);
  }
  if (raw['currency'] !== undefined) {
    rule.currency = checkList(raw['currency'], `${where}.currency`, fail, 'an ISO 4217 currency code', parseCurrency);
  }
  if (raw['issuingCountry'] !== undefined) {
    rule.issuingCountry = checkList(
      raw['issuingCountry'],
      `${where}.issuingCountry`,
      fail,
      'an ISO 3166 alpha-2 country code such as SG',
      parseCountry,
    );
  }
  if (raw['minAmount'] !== undefined) rule.minAmount = checkAmount(raw['minAmount'], `${where}.minAmount`, fail);
  if (raw['maxAmount'] !== undefined) rule.maxAmount = checkAmount(raw['maxAmount'], `${where}.maxAmount`, fail);
  if (rule.minAmount !== undefined && rule.maxAmount !== undefined && rule.minAmount > rule.maxAmount) {
    fail(`${where}.maxAmount`, 'must not be below minAmount');
  }
  return rule;
}

/** Checks `routing` from untyped input (JSON file or options) and returns it with defaults applied. */
export function validateRoutingConfig(value: unknown, fail: RoutingConfigFailure): RoutingSettings {
  if (value === undefined) return { ...DEFAULT_ROUTING, rules: [] };
  if (!isRecord(value)) fail('', 'must be an object');
  const raw = value;
  checkFields(raw, ROUTING_FIELDS, '', fail);
  const { intelligentRouting, defaultAcquirer, simulateIssuerDeclines, rules } = raw;
  if (intelligentRouting !== undefined && typeof intelligentRouting !== 'boolean')
    fail('intelligentRouting', 'must be true or false');
  if (simulateIssuerDeclines !== undefined && typeof simulateIssuerDeclines !== 'boolean')
    fail('simulateIssuerDeclines', 'must be true or false');
  if (rules !== undefined && (!Array.isArray(rules) || rules.length > MAX_RULES))
    fail('rules', `must be an array of at most ${MAX_RULES} rules`);
  return {
    intelligentRouting: intelligentRouting ?? DEFAULT_ROUTING.intelligentRouting,
    ...(defaultAcquirer !== undefined
      ? { defaultAcquirer: checkAcquirer(defaultAcquirer, 'defaultAcquirer', fail) }
      : {}),
    simulateIssuerDeclines: simulateIssuerDeclines ?? DEFAULT_ROUTING.simulateIssuerDeclines,
    rules: ((rules as unknown[] | undefined) ?? []).map((rule, index) => checkRule(rule, index, fail)),
  };
}

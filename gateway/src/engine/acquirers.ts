/**
 * Simulated acquirers. An acquirer receives masked card facts and the issuer's answer (the card
 * number never leaves `assessCard`) and returns Antom's `acquirerInfo`. Each sandbox acquirer
 * serves some brands, currencies and issuing countries and has a true approval probability per
 * segment; the routing module picks which acquirer handles a transaction and never sees those
 * probabilities (only the routing simulation's oracle does).
 */
import type { Amount, CardBrand } from '#shared';
import type { IdFactory } from './ids.js';
import type { Random } from './random.js';
import type { DeclineCode } from './result-codes.js';
import type { IssuerResponse, MaskedCard } from './test-cards.js';
import type { AcquirerInfo } from './types.js';

/** An authorization as the acquirer sees it: masked card facts, never the number or the CVC. */
export interface AuthorizationRequest {
  /** The gateway's `paymentId`; the sandbox acquirers do not read it. */
  paymentId: string;
  /** The payment amount; its currency is part of the routing segment. */
  amount: Amount;
  /** Masked facts from `assessCard`: BIN, last four, brand, funding, issuing country. */
  card: MaskedCard;
  /** What the issuer answers (the sandbox decides it from the catalogue). */
  issuer: IssuerResponse;
}

/** The acquirer's answer to an authorization. */
export interface AuthorizationResponse {
  /** Approved, declined, or left pending. */
  outcome: IssuerResponse['outcome'];
  /** Antom's code for the outcome. */
  resultCode: 'SUCCESS' | DeclineCode | 'PAYMENT_IN_PROCESS';
  /** Antom's `acquirerInfo`. */
  acquirerInfo: AcquirerInfo;
  /** Scheme reference, when the authorization reached the card network. */
  networkTransactionId: string | undefined;
}

/** A capture as the acquirer sees it: which authorization, and how much of it. */
export interface CaptureRequest {
  /** The gateway's `paymentId`; the sandbox acquirers do not read it. */
  paymentId: string;
  /** `captureAmount`, already checked against the uncaptured rest. */
  amount: Amount;
  /** The acquirer's reference of the authorization being captured. */
  authorization: AcquirerInfo;
}

/** The acquirer's answer to a capture. */
export interface CaptureResponse {
  /** `CAPTURED` when the funds moved; `FAILED` records a failed `CAPTURE` transaction. */
  outcome: 'CAPTURED' | 'FAILED';
  /** Antom's `acquirerInfo` of the capture. */
  acquirerInfo: AcquirerInfo;
}

/** An acquirer the engine authorizes and captures through; the router picks one per authorization. */
export interface Acquirer {
  /** Name shown in `acquirerInfo.acquirerName`. */
  readonly name: string;
  /** Relays the issuer's answer with `acquirerInfo`; a rejection fails the attempt with `SYSTEM_ERROR`. */
  authorize(request: AuthorizationRequest): Promise<AuthorizationResponse>;
  /** Moves funds of an earlier authorization; a rejection counts as a failed capture. */
  capture(request: CaptureRequest): Promise<CaptureResponse>;
}

/**
 * The routing segment of a transaction: brand x issuing country x currency. Approval rates are
 * learned and simulated per segment.
 */
export interface Segment {
  /** Card brand, the first part of a segment key such as `VISA/SG/USD`. */
  brand: CardBrand;
  /** ISO 3166 alpha-2 issuing country; `undefined` when the BIN is unknown. */
  issuingCountry: string | undefined;
  /** ISO 4217 currency of the transaction. */
  currency: string;
}

/** The key of a segment, e.g. `VISA/SG/USD` (`??` stands for an unknown issuing country). */
export function segmentKey(segment: Segment): string {
  return `${segment.brand}/${segment.issuingCountry ?? '??'}/${segment.currency}`;
}

/** An acquirer the router can choose: it says which segments it serves and how well. */
export interface RoutableAcquirer extends Acquirer {
  /** Whether this acquirer can process the segment at all (brand, currency and issuing country). */
  serves(segment: Segment): boolean;
  /** The true probability that an issuer approves this segment through this acquirer (0..1). */
  approvalProbability(segment: Segment): number;
}

/** What an acquirer covers: `'ANY'` value, or only the values listed. */
export type Coverage<T extends string> = 'ANY' | readonly T[];

/** What a sandbox acquirer serves and how its approvals behave. */
export interface AcquirerProfile {
  /** `acquirerName`, e.g. `SANDBOX_ACQ_SG`. */
  name: string;
  /** `acquirerMerchantId` the sandbox merchant has at this acquirer. */
  merchantId: string;
  /** Brands it processes; a card of another brand is never routed to it. */
  brands: Coverage<CardBrand>;
  /** ISO 4217 currencies it processes; a payment in another one is never routed to it. */
  currencies: Coverage<string>;
  /** Issuing countries whose cards it processes. */
  issuingCountries: Coverage<string>;
  /** Issuing countries it acquires domestically (issuers approve these more often). */
  homeCountries: readonly string[];
  /** Currencies in which a transaction earns `localCurrencyBonus`. */
  homeCurrencies: readonly string[];
  /** Approval probability of a cross-border card in a foreign currency. */
  baseRate: number;
  /** Added when the card is issued in a home country. */
  domesticBonus: number;
  /** Added when the transaction is in a home currency. */
  localCurrencyBonus: number;
  /** Added (or, when negative, removed) per brand. */
  brandAdjustments: Readonly<Partial<Record<CardBrand, number>>>;
}

const APAC_COUNTRIES = 'SG HK MO CN TW JP KR MY TH ID PH VN IN AU NZ'.split(' ');
const APAC_CURRENCIES = 'SGD HKD CNY TWD JPY KRW MYR THB IDR PHP VND INR AUD NZD'.split(' ');
const EUROPE_COUNTRIES =
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE GB CH NO IS LI TR'.split(' ');
const EUROPE_CURRENCIES = 'EUR GBP CHF SEK NOK DKK PLN CZK HUF RON TRY'.split(' ');

/**
 * (ours) The sandbox's acquirers. Every issuer approves more often through an acquirer in its own
 * country and currency, so the best acquirer differs by segment; documented in gateway/README.md.
 */
export const SANDBOX_ACQUIRER_PROFILES: readonly AcquirerProfile[] = [
  {
    name: 'SANDBOX_ACQ_SG',
    merchantId: 'SBXSG0000000001',
    brands: ['VISA', 'MASTERCARD', 'AMEX', 'UNIONPAY', 'JCB'],
    currencies: [...APAC_CURRENCIES, 'USD', 'EUR', 'GBP'],
    issuingCountries: 'ANY',
    homeCountries: APAC_COUNTRIES,
    homeCurrencies: APAC_CURRENCIES,
    baseRate: 0.8,
    domesticBonus: 0.12,
    localCurrencyBonus: 0.03,
    brandAdjustments: { UNIONPAY: 0.04, JCB: 0.03, AMEX: -0.05 },
  },
  {
    name: 'SANDBOX_ACQ_US',
    merchantId: 'SBXUS0000000001',
    brands: ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'DINERS', 'JCB', 'MAESTRO', 'ELO', 'HIPERCARD', 'HIPER'],
    currencies: 'ANY',
    issuingCountries: 'ANY',
    homeCountries: ['US', 'CA'],
    homeCurrencies: ['USD', 'CAD'],
    baseRate: 0.81,
    domesticBonus: 0.11,
    localCurrencyBonus: 0.02,
    brandAdjustments: { AMEX: 0.03, DISCOVER: 0.05, DINERS: 0.02, ELO: -0.06, HIPERCARD: -0.06, HIPER: -0.06 },
  },
  {
    name: 'SANDBOX_ACQ_EU',
    merchantId: 'SBXEU0000000001',
    brands: ['VISA', 'MASTERCARD', 'AMEX', 'DINERS', 'MAESTRO', 'CARTES_BANCAIRES', 'TROY'],
    currencies: [...EUROPE_CURRENCIES, 'USD'],
    issuingCountries: EUROPE_COUNTRIES,
    homeCountries: EUROPE_COUNTRIES,
    homeCurrencies: EUROPE_CURRENCIES,
    baseRate: 0.79,
    domesticBonus: 0.13,
    localCurrencyBonus: 0.03,
    brandAdjustments: { MAESTRO: 0.04, CARTES_BANCAIRES: 0.05, AMEX: -0.04 },
  },
];

/** Names of the sandbox's acquirers, in routing order. */
export const SANDBOX_ACQUIRER_NAMES: readonly string[] = SANDBOX_ACQUIRER_PROFILES.map((profile) => profile.name);

const covers = <T extends string>(coverage: Coverage<T>, value: T | undefined): boolean =>
  coverage === 'ANY' || (value !== undefined && coverage.includes(value));

/** ISO 8583 style response codes the simulated acquirer reports for each outcome. */
const ACQUIRER_CODES: Readonly<Record<AuthorizationResponse['resultCode'], readonly [string, string]>> = {
  SUCCESS: ['00', 'Approved'],
  PAYMENT_IN_PROCESS: ['09', 'Request in progress'],
  DO_NOT_HONOR: ['05', 'Do not honor'],
  USER_BALANCE_NOT_ENOUGH: ['51', 'Insufficient funds'],
  CARD_EXPIRED: ['54', 'Expired card'],
  INVALID_CARD_NUMBER: ['14', 'Invalid card number'],
  INVALID_CVV: ['N7', 'CVV2 failure'],
  INVALID_EXPIRATION_DATE: ['54', 'Invalid expiration date'],
  CARD_NOT_SUPPORTED: ['57', 'Transaction not permitted to cardholder'],
  LOST_CARD: ['41', 'Lost card, pick up'],
  STOLEN_CARD: ['43', 'Stolen card, pick up'],
  PICKUP_CARD: ['04', 'Pick up card'],
  RESTRICTED_CARD: ['62', 'Restricted card'],
  AUTHENTICATION_REQUIRED: ['1A', 'Additional customer authentication required'],
  USER_PAYMENT_VERIFICATION_FAILED: ['82', 'Cardholder verification failed'],
  PAYMENT_AMOUNT_EXCEED_LIMIT: ['61', 'Exceeds withdrawal amount limit'],
  PAYMENT_COUNT_EXCEED_LIMIT: ['65', 'Exceeds withdrawal count limit'],
};

/** An acquirer that relays the issuer's answer immediately and always captures. */
export class SandboxAcquirer implements RoutableAcquirer {
  /** `acquirerName` of every `acquirerInfo` it returns, e.g. `SANDBOX_ACQ_SG`. */
  readonly name: string;
  /** What it serves and how its approvals behave. */
  readonly profile: AcquirerProfile;
  private readonly ids: IdFactory;

  /** Creates the acquirer described by `profile`; `ids` mints its references (seeded). */
  constructor(profile: AcquirerProfile, ids: IdFactory) {
    this.name = profile.name;
    this.profile = profile;
    this.ids = ids;
  }

  /** Whether the brand, currency and issuing country are all covered. */
  serves(segment: Segment): boolean {
    const { brands, currencies, issuingCountries } = this.profile;
    return (
      covers(brands, segment.brand) &&
      covers(currencies, segment.currency) &&
      covers(issuingCountries, segment.issuingCountry)
    );
  }

  /** Base rate plus the domestic, local-currency and brand terms, kept within [0.01, 0.99]; 0 when not served. */
  approvalProbability(segment: Segment): number {
    if (!this.serves(segment)) return 0;
    const profile = this.profile;
    const country = segment.issuingCountry;
    const rate =
      profile.baseRate +
      (country !== undefined && profile.homeCountries.includes(country) ? profile.domesticBonus : 0) +
      (profile.homeCurrencies.includes(segment.currency) ? profile.localCurrencyBonus : 0) +
      (profile.brandAdjustments[segment.brand] ?? 0);
    return Math.min(0.99, Math.max(0.01, Math.round(rate * 1000) / 1000));
  }

  /** Relays the issuer's answer with this acquirer's references. */
  async authorize(request: AuthorizationRequest): Promise<AuthorizationResponse> {
    const [code, message] = ACQUIRER_CODES[request.issuer.resultCode];
    return {
      outcome: request.issuer.outcome,
      resultCode: request.issuer.resultCode,
      acquirerInfo: this.info(code, message),
      networkTransactionId: request.issuer.outcome === 'PENDING' ? undefined : this.ids.reference(15),
    };
  }

  /** Always captures. */
  async capture(): Promise<CaptureResponse> {
    return { outcome: 'CAPTURED', acquirerInfo: this.info('00', 'Approved') };
  }

  private info(code: string, message: string): AcquirerInfo {
    return {
      acquirerName: this.name,
      acquirerTransactionId: this.ids.reference(20),
      acquirerMerchantId: this.profile.merchantId,
      acquirerResultCode: code,
      acquirerResultMessage: message,
    };
  }
}

/** The sandbox's acquirers (SANDBOX_ACQUIRER_PROFILES), minting references from `ids`. */
export function createSandboxAcquirers(ids: IdFactory): SandboxAcquirer[] {
  return SANDBOX_ACQUIRER_PROFILES.map((profile) => new SandboxAcquirer(profile, ids));
}

/**
 * `acquirer` with simulated issuer declines: an authorization the issuer would approve is declined
 * with `DO_NOT_HONOR` with probability 1 - `approvalProbability` of its segment. One draw from
 * `random` per authorization, whatever the outcome, so runs with the same seed stay aligned.
 */
export function withSimulatedIssuerDeclines(acquirer: RoutableAcquirer, random: Random): Acquirer {
  return {
    name: acquirer.name,
    authorize(request) {
      const draw = random.next();
      if (request.issuer.outcome !== 'APPROVED' || request.card.cardBrand === undefined) {
        return acquirer.authorize(request);
      }
      const segment: Segment = {
        brand: request.card.cardBrand,
        issuingCountry: request.card.issuingCountry,
        currency: request.amount.currency,
      };
      if (draw < acquirer.approvalProbability(segment)) return acquirer.authorize(request);
      return acquirer.authorize({
        ...request,
        issuer: { ...request.issuer, outcome: 'DECLINED', resultCode: 'DO_NOT_HONOR' },
      });
    },
    capture: (request) => acquirer.capture(request),
  };
}

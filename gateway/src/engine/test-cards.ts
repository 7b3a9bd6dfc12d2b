/**
 * The sandbox's card catalogue and authorization decision (docs/antom-api.md section 7).
 *
 * Antom's documented test inputs keep Antom's outcomes; the rest of the catalogue is ours and is
 * listed in gateway/README.md. Any other Luhn-valid card of an accepted brand with a valid future
 * expiry and a CVC of the brand's length is approved.
 *
 * `assessCard` is the only function that reads a card number. It returns masked facts and the
 * issuer's answer; the number and the CVC go no further. The card rules themselves (brands, Luhn,
 * lengths, CVC length, masking) are the frame's, from `#shared`: the gateway only orders them.
 */
import type { Amount, CardBrand } from '#shared';
import { brandInfo, cardBin, lastFour, luhn, maskPan, readNumber } from '#shared';
import type { DeclineCode } from './result-codes.js';
import type { CardInput, Funding, PaymentResultInfo } from './types.js';

/** What the issuer does with an authorization. */
export type IssuerOutcome = 'APPROVED' | 'DECLINED' | 'PENDING';

/** The issuer's own 3-D Secure rule for a card (none: the merchant's `is3DSAuthentication` decides). */
export type IssuerAuthentication = 'frictionless' | 'challenge';

/** One test card and what the sandbox's issuer does with it. */
export interface TestCard {
  /** Card number, digits only, e.g. `4054695723100768`. */
  number: string;
  /** Brand of the number, e.g. `VISA` for the numbers starting with 4. */
  brand: CardBrand;
  /** Whether the issuer approves, declines or leaves the authorization pending. */
  outcome: IssuerOutcome;
  /** `SUCCESS`, a decline code, or `PAYMENT_IN_PROCESS`. */
  resultCode: 'SUCCESS' | DeclineCode | 'PAYMENT_IN_PROCESS';
  /**
   * Authentication the issuer applies: `frictionless` (3DS exemption, never a challenge) or
   * `challenge` (a 3DS challenge whenever a buyer is present, even if the merchant did not ask).
   */
  threeDS?: IssuerAuthentication;
  /** `antom` for Antom's documented inputs, `ours` for the sandbox's own. */
  source: 'antom' | 'ours';
}

/** The test cards, in the order gateway/README.md lists them; other valid cards are approved. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4054695723100768', brand: 'VISA', outcome: 'APPROVED', resultCode: 'SUCCESS', source: 'antom' },
  { number: '5162774114974622', brand: 'MASTERCARD', outcome: 'APPROVED', resultCode: 'SUCCESS', source: 'antom' },
  { number: '4054692760174822', brand: 'VISA', outcome: 'DECLINED', resultCode: 'DO_NOT_HONOR', source: 'antom' },
  { number: '5162770472561357', brand: 'MASTERCARD', outcome: 'DECLINED', resultCode: 'DO_NOT_HONOR', source: 'antom' },
  {
    number: '4035501000000008',
    brand: 'VISA',
    outcome: 'APPROVED',
    resultCode: 'SUCCESS',
    threeDS: 'frictionless',
    source: 'antom',
  },
  { number: '378282246310005', brand: 'AMEX', outcome: 'APPROVED', resultCode: 'SUCCESS', source: 'ours' },
  { number: '6200000000000005', brand: 'UNIONPAY', outcome: 'APPROVED', resultCode: 'SUCCESS', source: 'ours' },
  { number: '3530111333300000', brand: 'JCB', outcome: 'APPROVED', resultCode: 'SUCCESS', source: 'ours' },
  { number: '36227206271667', brand: 'DINERS', outcome: 'APPROVED', resultCode: 'SUCCESS', source: 'ours' },
  { number: '6011111111111117', brand: 'DISCOVER', outcome: 'APPROVED', resultCode: 'SUCCESS', source: 'ours' },
  {
    number: '4000020000000018',
    brand: 'VISA',
    outcome: 'DECLINED',
    resultCode: 'USER_BALANCE_NOT_ENOUGH',
    source: 'ours',
  },
  { number: '4000020000000026', brand: 'VISA', outcome: 'DECLINED', resultCode: 'LOST_CARD', source: 'ours' },
  { number: '4000020000000034', brand: 'VISA', outcome: 'DECLINED', resultCode: 'STOLEN_CARD', source: 'ours' },
  { number: '4000020000000042', brand: 'VISA', outcome: 'DECLINED', resultCode: 'PICKUP_CARD', source: 'ours' },
  { number: '4000020000000059', brand: 'VISA', outcome: 'DECLINED', resultCode: 'RESTRICTED_CARD', source: 'ours' },
  {
    number: '4000020000000067',
    brand: 'VISA',
    outcome: 'DECLINED',
    resultCode: 'AUTHENTICATION_REQUIRED',
    source: 'ours',
  },
  {
    number: '4000020000000075',
    brand: 'VISA',
    outcome: 'DECLINED',
    resultCode: 'USER_PAYMENT_VERIFICATION_FAILED',
    source: 'ours',
  },
  {
    number: '4000020000000083',
    brand: 'VISA',
    outcome: 'DECLINED',
    resultCode: 'PAYMENT_AMOUNT_EXCEED_LIMIT',
    source: 'ours',
  },
  {
    number: '4000020000000091',
    brand: 'VISA',
    outcome: 'DECLINED',
    resultCode: 'PAYMENT_COUNT_EXCEED_LIMIT',
    source: 'ours',
  },
  { number: '4000020000000109', brand: 'VISA', outcome: 'DECLINED', resultCode: 'CARD_NOT_SUPPORTED', source: 'ours' },
  { number: '4000020000000208', brand: 'VISA', outcome: 'PENDING', resultCode: 'PAYMENT_IN_PROCESS', source: 'ours' },
  {
    number: '4000020000000307',
    brand: 'VISA',
    outcome: 'APPROVED',
    resultCode: 'SUCCESS',
    threeDS: 'challenge',
    source: 'ours',
  },
];

/** Funding type and issuing country of a BIN. */
export interface BinInfo {
  /** `CREDIT`, `DEBIT` or `PREPAID`, reported as `paymentResultInfo.funding`. */
  funding: Funding;
  /** ISO 3166 alpha-2. */
  issuingCountry: string;
}

/** (ours) The sandbox's BIN table; BINs not listed are `CREDIT` cards issued in `US`. */
export const BIN_TABLE: Readonly<Record<string, BinInfo>> = {
  '405469': { funding: 'CREDIT', issuingCountry: 'SG' },
  '516277': { funding: 'DEBIT', issuingCountry: 'SG' },
  '403550': { funding: 'CREDIT', issuingCountry: 'GB' },
  '400002': { funding: 'DEBIT', issuingCountry: 'US' },
  '378282': { funding: 'CREDIT', issuingCountry: 'US' },
  '620000': { funding: 'DEBIT', issuingCountry: 'CN' },
  '353011': { funding: 'CREDIT', issuingCountry: 'JP' },
  '362272': { funding: 'CREDIT', issuingCountry: 'US' },
  '601111': { funding: 'PREPAID', issuingCountry: 'US' },
  // Troy's public test card (9792 0303 9444 0796): a Turkish card, which SANDBOX_ACQ_EU serves.
  '979203': { funding: 'CREDIT', issuingCountry: 'TR' },
};

const DEFAULT_BIN: BinInfo = { funding: 'CREDIT', issuingCountry: 'US' };

const CATALOGUE = new Map(TEST_CARDS.map((card) => [card.number, card]));

/** Masked card facts: what the gateway may keep. */
export type MaskedCard = Omit<PaymentResultInfo, 'networkTransactionId' | 'threeDSResult' | 'cardToken'>;

/** The issuer's answer to an authorization of a card that passed the gateway's checks. */
export interface IssuerResponse {
  /** Approve, decline, or leave pending. */
  outcome: IssuerOutcome;
  /** `SUCCESS`, a decline code, or `PAYMENT_IN_PROCESS`. */
  resultCode: TestCard['resultCode'];
  /** The issuer's own 3-D Secure rule for the card; `undefined` lets the merchant decide. */
  threeDS: IssuerAuthentication | undefined;
}

/** Facts that affect the decision besides the card. */
export interface CardCheckContext {
  /** Payment amount (`"11"` triggers Antom's risk rejection); none when a card is only verified (vaulting). */
  amount?: Amount;
  /** Brands the merchant accepts; any other is declined `CARD_NOT_SUPPORTED`. */
  acceptedBrands: readonly CardBrand[];
  /** Current time (card expiry). */
  now: Date;
}

/**
 * Result of `assessCard`: refused by the gateway before any acquirer (invalid data, unsupported
 * brand, risk), or passed on with the issuer's answer.
 */
export type CardAssessment =
  | { kind: 'rejected'; resultCode: DeclineCode | 'RISK_REJECT'; card: MaskedCard }
  | { kind: 'issuer'; card: MaskedCard & { cardBrand: CardBrand }; issuer: IssuerResponse };

/** Funding and issuing country from the BIN table. */
export function binInfo(number: string): BinInfo {
  return BIN_TABLE[cardBin(number)] ?? DEFAULT_BIN;
}

/** Card data to check: a CVC may be missing where the request may leave it out (server-side vaulting). */
export type VerifiableCard = Omit<CardInput, 'cvc'> & { cvc: string | undefined };

/** A CVC of the brand's length (4 for Amex, 3 for every other brand), digits only. */
function cvcFits(cvc: string, brand: CardBrand): boolean {
  return /^\d+$/.test(cvc) && cvc.length === brandInfo(brand).cvcLength;
}

/** Whether a card is past its expiry: it is valid until the last day of its expiry month (UTC). */
export function cardExpired(card: Pick<CardInput, 'expiryMonth' | 'expiryYear'>, now: Date): boolean {
  return expiryProblem(card, now) === 'CARD_EXPIRED';
}

function expiryProblem(
  card: Pick<CardInput, 'expiryMonth' | 'expiryYear'>,
  now: Date,
): 'INVALID_EXPIRATION_DATE' | 'CARD_EXPIRED' | undefined {
  if (!/^\d{2}$/.test(card.expiryMonth) || !/^\d{2}$/.test(card.expiryYear)) return 'INVALID_EXPIRATION_DATE';
  const month = Number(card.expiryMonth);
  if (month < 1 || month > 12) return 'INVALID_EXPIRATION_DATE';
  const expiry = (2000 + Number(card.expiryYear)) * 12 + (month - 1);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return expiry < current ? 'CARD_EXPIRED' : undefined;
}

/**
 * Decides what happens to an authorization: gateway checks in the order Antom's checkout applies
 * them (number, brand, expiry, CVC, risk), then the issuer's answer from the catalogue.
 */
export function assessCard(card: VerifiableCard, context: CardCheckContext): CardAssessment {
  const number = card.number;
  const reading = readNumber(number);
  const brand = reading.brand;
  const bin = binInfo(number);
  const masked: MaskedCard = {
    cardNo: maskPan(number),
    ...(brand ? { cardBrand: brand } : {}),
    funding: bin.funding,
    issuingCountry: bin.issuingCountry,
    lastFour: lastFour(number),
    cardBin: cardBin(number),
    expiryMonth: card.expiryMonth,
    expiryYear: card.expiryYear,
  };
  const reject = (resultCode: DeclineCode | 'RISK_REJECT'): CardAssessment => ({
    kind: 'rejected',
    resultCode,
    card: masked,
  });

  if (!reading.isValid) {
    // A well-formed number of no network the card rules know is unsupported, not invalid.
    return reject(reading.type === null && luhn(number) ? 'CARD_NOT_SUPPORTED' : 'INVALID_CARD_NUMBER');
  }
  if (!brand || !context.acceptedBrands.includes(brand)) return reject('CARD_NOT_SUPPORTED');
  const expiry = expiryProblem(card, context.now);
  if (expiry) return reject(expiry);
  if (card.cvc !== undefined && !cvcFits(card.cvc, brand)) return reject('INVALID_CVV');
  if (context.amount?.value === '11') return reject('RISK_REJECT');

  const entry = CATALOGUE.get(number);
  return {
    kind: 'issuer',
    card: { ...masked, cardBrand: brand },
    issuer: {
      outcome: entry?.outcome ?? 'APPROVED',
      resultCode: entry?.resultCode ?? 'SUCCESS',
      threeDS: entry?.threeDS,
    },
  };
}

/** A card the sandbox tokenized earlier: its masked facts and the issuer's answer. */
export interface SavedCard {
  /** Masked facts, brand known. */
  card: MaskedCard & { cardBrand: CardBrand };
  /** The issuer's answer recorded at tokenization. */
  issuer: IssuerResponse;
}

/**
 * Decides an authorization on a saved card (a token payment): the checks that can change since the
 * card was saved (accepted brand, expiry, risk), the CVC's length when the buyer typed it again,
 * then the issuer's recorded answer.
 */
export function assessSavedCard(saved: SavedCard, context: CardCheckContext, cvc?: string): CardAssessment {
  const card = { ...saved.card };
  const reject = (resultCode: DeclineCode | 'RISK_REJECT'): CardAssessment => ({ kind: 'rejected', resultCode, card });
  if (!context.acceptedBrands.includes(card.cardBrand)) return reject('CARD_NOT_SUPPORTED');
  const expiry = expiryProblem(card, context.now);
  if (expiry) return reject(expiry);
  if (cvc !== undefined && !cvcFits(cvc, card.cardBrand)) return reject('INVALID_CVV');
  if (context.amount?.value === '11') return reject('RISK_REJECT');
  return { kind: 'issuer', card, issuer: { ...saved.issuer } };
}

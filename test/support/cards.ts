/**
 * The sandbox test cards by name, looked up in the gateway's own catalogue (`TEST_CARDS`) by what
 * they do, so no card number is written twice; and the card data built around them (expiry, CVC,
 * holder) in the shapes the frame's SDK call and `payments/pay` take.
 *
 * Card data is test data, but still never goes into a log line or a snapshot: leak checks are in
 * `card-secrets.ts`.
 */
import { TEST_CARDS, type CardBrand, type TestCard } from '../../gateway/src/index.js';
import { brandInfo, readNumber } from '../../src/shared/card/index.js';

/** The one catalogue card of `brand` answering `resultCode`, with the issuer's 3-D Secure rule `threeDS`. */
function catalogued(brand: CardBrand, resultCode: TestCard['resultCode'], threeDS?: TestCard['threeDS']): string {
  const found = TEST_CARDS.filter(
    (entry) => entry.brand === brand && entry.resultCode === resultCode && entry.threeDS === threeDS,
  );
  if (found.length !== 1) {
    throw new Error(`the sandbox catalogue has ${found.length} ${brand} cards answering ${resultCode} (${threeDS})`);
  }
  return found[0]!.number;
}

/** A Luhn-valid card the catalogue does not list, so the sandbox's default rule approves it. */
function unlisted(number: string): string {
  if (TEST_CARDS.some((entry) => entry.number === number)) throw new Error(`${number} is a catalogue card`);
  return number;
}

/** The sandbox's test card numbers by brand and what the issuer does with them. */
export const CARDS = {
  visa: {
    /** Antom's approved Visa, no 3-D Secure of its own. */
    approved: catalogued('VISA', 'SUCCESS'),
    /** Antom's declined Visa (DO_NOT_HONOR). */
    declined: catalogued('VISA', 'DO_NOT_HONOR'),
    /** Antom's approved Visa that is exempt from 3-D Secure (frictionless). */
    frictionless: catalogued('VISA', 'SUCCESS', 'frictionless'),
    /** Approved after a 3-D Secure challenge whenever a buyer is present. */
    challenge: catalogued('VISA', 'SUCCESS', 'challenge'),
    /** Left pending by the issuer (PAYMENT_IN_PROCESS). */
    pending: catalogued('VISA', 'PAYMENT_IN_PROCESS'),
    /** Declined: USER_BALANCE_NOT_ENOUGH. */
    insufficientFunds: catalogued('VISA', 'USER_BALANCE_NOT_ENOUGH'),
    /** Declined: LOST_CARD. */
    lost: catalogued('VISA', 'LOST_CARD'),
    /** Declined: STOLEN_CARD. */
    stolen: catalogued('VISA', 'STOLEN_CARD'),
    /** Outside the catalogue (approved; the demo page does not list it); distinctive digits for leak checks. */
    unlisted: unlisted('4916338506082832'),
  },
  mastercard: {
    /** Antom's approved Mastercard. */
    approved: catalogued('MASTERCARD', 'SUCCESS'),
    /** Antom's declined Mastercard (DO_NOT_HONOR). */
    declined: catalogued('MASTERCARD', 'DO_NOT_HONOR'),
    /** Outside the catalogue (approved; the demo page does not list it). */
    unlisted: unlisted('5555555555554444'),
  },
  amex: { approved: catalogued('AMEX', 'SUCCESS') },
  unionpay: { approved: catalogued('UNIONPAY', 'SUCCESS') },
  jcb: { approved: catalogued('JCB', 'SUCCESS') },
  diners: { approved: catalogued('DINERS', 'SUCCESS') },
  discover: { approved: catalogued('DISCOVER', 'SUCCESS') },
} as const;

/**
 * An expiry in the future both for the gateway tests' manual clock (START_TIME, January 2030) and
 * for the wall clock, for years to come.
 */
export const EXPIRY = { expiryMonth: '12', expiryYear: '34' } as const;

/** A CVC of the brand's length: `1234` for Amex, `123` for the others. */
export function cvcFor(number: string): string {
  return '1234'.slice(0, brandInfo(readNumber(number).brand).cvcLength);
}

/** Card data as the frame posts it to the gateway's SDK endpoints. */
export interface TestCardData {
  number: string;
  expiryMonth: string;
  expiryYear: string;
  cvc: string;
  holderName: string;
}

/** A card with a valid expiry, a CVC of its brand's length and a holder. */
export function card(number: string, overrides: Partial<TestCardData> = {}): TestCardData {
  return { number, ...EXPIRY, cvc: cvcFor(number), holderName: 'Ada Lovelace', ...overrides };
}

/** Card data as `payments/pay` takes it (`paymentMethodMetaData`), with a valid expiry and CVC. */
export function cardMetaData(cardNo: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cardNo,
    cvv: cvcFor(cardNo),
    ...EXPIRY,
    cardholderName: { firstName: 'Ada', lastName: 'Lovelace' },
    ...overrides,
  };
}

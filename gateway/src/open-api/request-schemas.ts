/**
 * Request field schemas shared by the Open API endpoints: amounts, currencies, URLs, orders and
 * payment references. Messages name the field and never repeat its value.
 */
import { object, optional, refine, SchemaError, string, type Infer, type Schema } from '#shared';
import { isHttpUrl } from '../engine/merchants.js';
import type { Order } from '../engine/types.js';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code the runtime knows. */
export const currencyCode = refine(
  string({ pattern: /^[A-Z]{3}$/, rule: 'must be an ISO 4217 currency code (3 upper-case letters)' }),
  (code) => KNOWN_CURRENCIES.has(code),
  'is not a known ISO 4217 currency code',
);

const amountFields = object({
  currency: currencyCode,
  value: refine(
    string({ pattern: /^[1-9]\d*$/, rule: 'must be a positive integer string' }),
    (value) => value.length <= 15,
    'must have at most 15 digits',
  ),
});

/**
 * Antom's amount: `{ currency, value }`, value a positive integer string of the currency's minor
 * units (at most 15 digits). An IDR value ends in `00`: J `model/ams/Amount.java` tells merchants to
 * round IDR amounts and "fix the last two digits of this parameter as 00" (the refusal is ours).
 */
export const amount: Schema<Infer<typeof amountFields>> = {
  optional: false,
  parse(value, path) {
    const parsed = amountFields.parse(value, path);
    if (parsed.currency === 'IDR' && !parsed.value.endsWith('00')) {
      throw new SchemaError(`${path}.value must end in 00 for IDR (whole rupiahs, as Antom's Amount model asks)`);
    }
    return parsed;
  },
};

/** An http(s) URL of at most `max` characters (Antom's URL fields take 2048, `refundNotifyUrl` 1024). */
export const httpUrl = (max = 2048): Schema<string> =>
  refine(string({ max }), (value) => isHttpUrl(value, max), 'must be an http or https URL');

/** A merchant or gateway id of at most 64 characters. */
export const requestId = (): Schema<string> => string({ max: 64 });

/**
 * `order`, as far as the sandbox keeps it; other fields are ignored. `referenceOrderId`,
 * `orderDescription` and `orderAmount` are required as in Antom's reference, lengths as in J
 * `model/ams/Order.java` and `Buyer.java` (docs/antom-api.md section 3).
 */
export const order = object({
  orderDescription: string({ max: 256 }),
  referenceOrderId: string({ max: 64 }),
  orderAmount: amount,
  buyer: optional(
    object({
      referenceBuyerId: optional(string({ max: 64 })),
      buyerEmail: optional(string({ max: 64 })),
      buyerPhoneNo: optional(string({ max: 24 })),
    }),
  ),
});

const nameText = (max: number): Schema<string> =>
  string({ max, pattern: /^[^\p{Cc}]*$/u, rule: 'must be text without control characters' });

/** `cardholderName` of card data (`payments/pay`, `vaults/vaultPaymentMethod`), lengths of J `UserName.java`. */
export const cardholderName = object({
  firstName: optional(nameText(32)),
  middleName: optional(nameText(32)),
  lastName: optional(nameText(32)),
  fullName: optional(nameText(128)),
});

/** The holder name the issuer sees: `fullName`, else the parts joined. */
export function holderName(name: Infer<typeof cardholderName> | undefined): string {
  if (!name) return '';
  return name.fullName ?? [name.firstName, name.middleName, name.lastName].filter(Boolean).join(' ');
}

// Card field lengths are loose on purpose: a wrong length or Luhn digit is a decline
// (INVALID_CARD_NUMBER), a 2-digit CVC is INVALID_CVV, month 13 is INVALID_EXPIRATION_DATE.

/** A card number field: 8 to 19 digits. */
export const cardDigits = (): Schema<string> => string({ pattern: /^\d{8,19}$/, rule: 'must be 8 to 19 digits' });

/** A CVC field: 1 to 4 digits. */
export const cvvDigits = (): Schema<string> => string({ pattern: /^\d{1,4}$/, rule: 'must be 1 to 4 digits' });

/** An expiry month or year field: two digits. */
export const expiryDigits = (): Schema<string> => string({ pattern: /^\d{2}$/, rule: 'must be two digits' });

/** The engine's `Order` from a parsed `order`, without absent keys. */
export function orderInput(parsed: Infer<typeof order>): Order {
  return {
    orderDescription: parsed.orderDescription,
    referenceOrderId: parsed.referenceOrderId,
    orderAmount: parsed.orderAmount,
    ...(parsed.buyer ? { buyer: parsed.buyer } : {}),
  };
}

/** Checks that at least one of two optional identifiers came, e.g. `paymentId or paymentRequestId is required`. */
export function requireOneOf(first: [string, unknown], second: [string, unknown]): void {
  if (first[1] === undefined && second[1] === undefined) {
    throw new SchemaError(`${first[0]} or ${second[0]} is required`);
  }
}

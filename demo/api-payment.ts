/**
 * The API integration path (server to server) of the demo shop, for PCI DSS merchants only: the
 * shop's own page posts the card to the shop's server, which calls Antom's `payments/pay` with it.
 * A merchant without PCI DSS validation must use the card element instead, which keeps card data
 * off its pages and servers. The card number and CVC live in this module for one call and nothing
 * else: they are never logged, stored, echoed or put in a URL, and refusals name fields, not values.
 *
 * With 3-D Secure Antom answers `U` with the issuer's page (`normalUrl`, `redirectActionForm`): the
 * shop sends the buyer there, and the issuer sends the buyer back to the order's result page. As
 * for every payment of the shop, only the signed notification (or the shop's inquiry) moves the order.
 */
import {
  AntomError,
  flag,
  isSucceeded,
  object,
  oneOf,
  optional,
  SchemaError,
  string,
  type Amount,
  type AntomClient,
  type CaptureMode,
  type PayResult,
  type Schema,
} from 'antom-card-checkout/server';
import type { OrderStore } from './orders.js';

/** What the API checkout page posts: the order's options and the card. */
export interface ApiPaymentRequest {
  /** Order total, `USD 2500` (25.00) when the page names none. */
  amount: Amount;
  /** `AUTOMATIC` when the page names none. */
  captureMode: CaptureMode;
  /** Ask the issuer to verify the buyer (`is3DSAuthentication`); on unless the page says otherwise. */
  threeDS: boolean;
  /** The card, for this one `pay` call; never stored or logged. */
  card: { number: string; expiryMonth: string; expiryYear: string; cvc: string; holderName: string };
}

/** Result of `parseApiPayment`: the request, or a message naming the bad field (never its value). */
export type ApiPaymentParse = { ok: true; value: ApiPaymentRequest } | { ok: false; message: string };

/** Where the page sends the buyer next, or why the payment could not start. */
export interface ApiPaymentAnswer {
  /** 200 when Antom took the payment (whatever its outcome), 402 when it refused it, 502 without a trustworthy answer. */
  httpStatus: number;
  /** The JSON body the page reads; never card data. */
  body:
    | {
        ok: true;
        /** The shop's order of this payment. */
        orderId: string;
        /** `REDIRECT`: send the buyer to `redirectUrl` (the issuer's 3-D Secure page); `RESULT`: to the order's result page. */
        next: 'REDIRECT' | 'RESULT';
        /** With `REDIRECT`: the page Antom named. */
        redirectUrl?: string;
      }
    | { ok: false; orderId: string | null; error: { code: string; message: string } };
}

const NOT_ACCEPTED = 'is not an accepted field';
const omittable = <T>(inner: Schema<T>): Schema<T | undefined> => optional(inner, { refuseNull: true });

const apiPaymentRequest = object(
  {
    amount: omittable(
      object(
        {
          currency: oneOf(['USD'], 'must be USD'),
          value: string({
            pattern: /^[1-9][0-9]{0,11}$/,
            rule: 'must be a positive whole number of cents, e.g. "2500"',
          }),
        },
        { strict: true, unknownRule: NOT_ACCEPTED },
      ),
    ),
    captureMode: omittable(oneOf(['AUTOMATIC', 'MANUAL'], 'must be AUTOMATIC or MANUAL')),
    threeDS: omittable(flag()),
    card: object(
      {
        number: string({ pattern: /^[0-9 ]{12,23}$/, rule: 'must be the 12 to 19 digits of the card number' }),
        expiryMonth: string({ pattern: /^(0[1-9]|1[0-2])$/, rule: 'must be two digits from 01 to 12' }),
        expiryYear: string({ pattern: /^[0-9]{2}$/, rule: 'must be the last two digits of the year' }),
        cvc: string({ pattern: /^[0-9]{3,4}$/, rule: 'must be 3 or 4 digits' }),
        holderName: string({
          min: 0,
          max: 64,
          pattern: /^[^\p{Cc}]*$/u,
          rule: 'must be text without control characters',
        }),
      },
      { strict: true, unknownRule: NOT_ACCEPTED },
    ),
  },
  { strict: true, unknownRule: NOT_ACCEPTED },
);

/** Validates a parsed JSON body; messages name the field and the rule, never what was typed. */
export function parseApiPayment(body: unknown): ApiPaymentParse {
  try {
    const parsed = apiPaymentRequest.parse(body, '');
    const number = parsed.card.number.replace(/ /g, '');
    if (number.length > 19) return { ok: false, message: 'card.number must be the 12 to 19 digits of the card number' };
    return {
      ok: true,
      value: {
        amount: parsed.amount ?? { currency: 'USD', value: '2500' },
        captureMode: parsed.captureMode ?? 'AUTOMATIC',
        threeDS: parsed.threeDS ?? true,
        card: { ...parsed.card, number, holderName: parsed.card.holderName.trim() },
      },
    };
  } catch (error) {
    if (error instanceof SchemaError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The name on the card in Antom's parts: the first word, the rest, and the whole as typed. */
function personName(fullName: string): { firstName: string; lastName: string; fullName: string } {
  const [firstName = '', ...rest] = fullName.split(/\s+/);
  return { firstName, lastName: rest.join(' '), fullName };
}

/** Antom's redirect for the buyer in a `U` answer: `normalUrl`, else a `GET` `redirectActionForm`; http(s) only. */
export function redirectOf(answer: Partial<PayResult>): string | undefined {
  const form = answer.redirectActionForm;
  const candidate = answer.normalUrl ?? (form?.method === 'GET' ? form.redirectUrl : undefined);
  if (candidate === undefined) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Where the shop's server is reached: the result page and notifications of an order. */
export interface ApiPaymentUrls {
  /** The order's result page, Antom's `paymentRedirectUrl` (the buyer returns there from the issuer). */
  resultUrl: (orderId: string) => string;
  /** The shop's notification endpoint, Antom's `paymentNotifyUrl`. */
  notifyUrl: string;
}

/** Creates the order and calls `payments/pay` with the card; says where the buyer goes next. */
export async function runApiPayment(
  client: AntomClient,
  orders: OrderStore,
  urls: ApiPaymentUrls,
  request: ApiPaymentRequest,
  clientAddress: string | null = null,
): Promise<ApiPaymentAnswer> {
  const order = await orders.create({ amount: request.amount, captureMode: request.captureMode, clientAddress });
  const { card } = request;
  try {
    const paid = await client.pay({
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: order.paymentRequestId,
      paymentAmount: request.amount,
      order: { referenceOrderId: order.id, orderDescription: 'Demo Shop order', orderAmount: request.amount },
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: {
          cardNo: card.number,
          cvv: card.cvc,
          expiryMonth: card.expiryMonth,
          expiryYear: card.expiryYear,
          ...(card.holderName !== '' ? { cardholderName: personName(card.holderName) } : {}),
          ...(request.threeDS ? { is3DSAuthentication: true } : {}),
        },
      },
      paymentFactor: { isAuthorization: true, captureMode: request.captureMode },
      paymentRedirectUrl: urls.resultUrl(order.id),
      paymentNotifyUrl: urls.notifyUrl,
      env: { terminalType: 'WEB' },
    });
    if (paid.paymentId) await orders.attachPayment(order.id, paid.paymentId);
    const redirectUrl = isSucceeded(paid) ? undefined : redirectOf(paid);
    return {
      httpStatus: 200,
      body:
        redirectUrl === undefined
          ? { ok: true, orderId: order.id, next: 'RESULT' }
          : { ok: true, orderId: order.id, next: 'REDIRECT', redirectUrl },
    };
  } catch (error) {
    if (!(error instanceof AntomError)) throw error;
    const refused = error.kind === 'RESULT_FAILED';
    return {
      httpStatus: refused ? 402 : 502,
      body: {
        ok: false,
        orderId: order.id,
        error: refused
          ? { code: error.resultCode ?? 'FAIL', message: error.resultMessage ?? '' }
          : { code: error.kind, message: 'Antom did not answer; the order page tells what happened.' },
      },
    };
  }
}

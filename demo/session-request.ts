/** Strict validation of the body of `POST /api/checkout/session`. */
import {
  flag,
  number,
  object,
  oneOf,
  optional,
  SchemaError,
  string,
  type Amount,
  type CaptureMode,
  type Schema,
} from 'antom-card-checkout/server';

/** What the checkout page may ask for. */
export interface SessionRequest {
  /** Order total, `USD 2500` (25.00) when the page names none. */
  amount: Amount;
  /** `paymentFactor.captureMode` of the session, `AUTOMATIC` when the page names none. */
  captureMode: CaptureMode;
  /** A saved card needs its CVC typed again (`merchantAppointParam.storedCard.needCVV`). */
  savedCardCvc: boolean;
  /** The issuer verifies the buyer with 3-D Secure before authorizing. */
  threeDS: boolean;
  /** (ours) The session offers the buyer's saved cards; the design review turns it off for its rows without. */
  savedCards: boolean;
  /** (ours) Seconds until the session expires (`paymentSessionExpiryTime`); Antom's default when absent. */
  expiresInSeconds?: number;
}

/** The order a session request gets when it names nothing. */
export const DEFAULT_SESSION_REQUEST: SessionRequest = {
  amount: { currency: 'USD', value: '2500' },
  captureMode: 'AUTOMATIC',
  savedCardCvc: false,
  threeDS: false,
  savedCards: true,
};

/** Shortest `expiresInSeconds`: the design review's "session expired" state, seen soon after it loads. */
export const MIN_EXPIRES_IN_SECONDS = 5;

/** Longest `expiresInSeconds`: Antom's sessions live at most an hour. */
export const MAX_EXPIRES_IN_SECONDS = 3600;

/** Result of `parseSessionRequest`: the request, or a message naming the bad field. */
export type SessionRequestParse = { ok: true; value: SessionRequest } | { ok: false; message: string };

const MAX_MINOR_UNITS_DIGITS = 12;
const NOT_ACCEPTED = 'is not an accepted field';

/** A field the page may leave out, but not by sending `null`. */
const omittable = <T>(inner: Schema<T>): Schema<T | undefined> => optional(inner, { refuseNull: true });

const sessionRequest = object(
  {
    amount: omittable(
      object(
        {
          currency: string({
            min: 0,
            pattern: /^[A-Z]{3}$/,
            rule: 'must be a three-letter ISO 4217 code such as USD',
          }),
          value: string({
            min: 0,
            pattern: new RegExp(`^[1-9][0-9]{0,${MAX_MINOR_UNITS_DIGITS - 1}}$`),
            rule: `must be a positive whole number of minor units as a string (at most ${MAX_MINOR_UNITS_DIGITS} digits), e.g. "2500"`,
          }),
        },
        { strict: true, rule: 'must be an object { currency, value }', unknownRule: NOT_ACCEPTED },
      ),
    ),
    captureMode: omittable(oneOf(['AUTOMATIC', 'MANUAL'], 'must be AUTOMATIC or MANUAL')),
    savedCardCvc: omittable(flag()),
    threeDS: omittable(flag()),
    savedCards: omittable(flag()),
    expiresInSeconds: omittable(number({ min: MIN_EXPIRES_IN_SECONDS, max: MAX_EXPIRES_IN_SECONDS })),
  },
  { strict: true, unknownRule: NOT_ACCEPTED },
);

/** Validates a parsed JSON body (`undefined` for an empty body). */
export function parseSessionRequest(body: unknown): SessionRequestParse {
  if (body === undefined) return { ok: true, value: DEFAULT_SESSION_REQUEST };
  try {
    const { amount, captureMode, savedCardCvc, threeDS, savedCards, expiresInSeconds } = sessionRequest.parse(body, '');
    const defaults = DEFAULT_SESSION_REQUEST;
    return {
      ok: true,
      value: {
        amount: amount ?? defaults.amount,
        captureMode: captureMode ?? defaults.captureMode,
        savedCardCvc: savedCardCvc ?? defaults.savedCardCvc,
        threeDS: threeDS ?? defaults.threeDS,
        savedCards: savedCards ?? defaults.savedCards,
        ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
      },
    };
  } catch (error) {
    if (error instanceof SchemaError) return { ok: false, message: error.message };
    throw error;
  }
}

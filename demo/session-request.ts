/** Strict validation of the body of `POST /api/checkout/session`. */
import type { Amount, CaptureMode } from 'antom-card-checkout/server';

/** What the checkout page may ask for. */
export interface SessionRequest {
  /** Order total. */
  amount: Amount;
  /** When to capture. */
  captureMode: CaptureMode;
  /** A saved card needs its CVC typed again (`merchantAppointParam.storedCard.needCVV`). */
  savedCardCvc: boolean;
  /** The issuer verifies the buyer with 3-D Secure before authorizing. */
  threeDS: boolean;
}

/** The order a session request gets when it names nothing. */
export const DEFAULT_SESSION_REQUEST: SessionRequest = {
  amount: { currency: 'USD', value: '2500' },
  captureMode: 'AUTOMATIC',
  savedCardCvc: false,
  threeDS: false,
};

/** Result of `parseSessionRequest`: the request, or a message naming the bad field. */
export type SessionRequestParse = { ok: true; value: SessionRequest } | { ok: false; message: string };

const MAX_MINOR_UNITS_DIGITS = 12;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKey(value: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(value).find((key) => !allowed.includes(key));
}

/** Validates a parsed JSON body (`undefined` for an empty body). */
export function parseSessionRequest(body: unknown): SessionRequestParse {
  if (body === undefined) return { ok: true, value: DEFAULT_SESSION_REQUEST };
  if (!isPlainObject(body)) return { ok: false, message: 'body must be a JSON object' };
  const extra = unknownKey(body, ['amount', 'captureMode', 'savedCardCvc', 'threeDS']);
  if (extra !== undefined) return { ok: false, message: `${extra.slice(0, 40)} is not an accepted field` };

  let amount = DEFAULT_SESSION_REQUEST.amount;
  if (body.amount !== undefined) {
    const candidate = body.amount;
    if (!isPlainObject(candidate)) return { ok: false, message: 'amount must be an object { currency, value }' };
    const extraInAmount = unknownKey(candidate, ['currency', 'value']);
    if (extraInAmount !== undefined) {
      return { ok: false, message: `amount.${extraInAmount.slice(0, 40)} is not an accepted field` };
    }
    if (typeof candidate.currency !== 'string' || !/^[A-Z]{3}$/.test(candidate.currency)) {
      return { ok: false, message: 'amount.currency must be a three-letter ISO 4217 code such as USD' };
    }
    const digits = `^[1-9][0-9]{0,${MAX_MINOR_UNITS_DIGITS - 1}}$`;
    if (typeof candidate.value !== 'string' || !new RegExp(digits).test(candidate.value)) {
      return {
        ok: false,
        message: `amount.value must be a positive whole number of minor units as a string (at most ${MAX_MINOR_UNITS_DIGITS} digits), e.g. "2500"`,
      };
    }
    amount = { currency: candidate.currency, value: candidate.value };
  }

  let captureMode = DEFAULT_SESSION_REQUEST.captureMode;
  if (body.captureMode !== undefined) {
    if (body.captureMode !== 'AUTOMATIC' && body.captureMode !== 'MANUAL') {
      return { ok: false, message: 'captureMode must be AUTOMATIC or MANUAL' };
    }
    captureMode = body.captureMode;
  }

  let savedCardCvc = DEFAULT_SESSION_REQUEST.savedCardCvc;
  if (body.savedCardCvc !== undefined) {
    if (typeof body.savedCardCvc !== 'boolean') return { ok: false, message: 'savedCardCvc must be true or false' };
    savedCardCvc = body.savedCardCvc;
  }

  let threeDS = DEFAULT_SESSION_REQUEST.threeDS;
  if (body.threeDS !== undefined) {
    if (typeof body.threeDS !== 'boolean') return { ok: false, message: 'threeDS must be true or false' };
    threeDS = body.threeDS;
  }
  return { ok: true, value: { amount, captureMode, savedCardCvc, threeDS } };
}

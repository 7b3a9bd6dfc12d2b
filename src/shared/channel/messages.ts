/**
 * The element <-> frame channel.
 *
 * Handshake (window messages, exact target origins):
 *   frame -> parent  `{ v: 1, type: 'antom:hello', nonce }`
 *   parent -> frame  `{ v: 1, type: 'antom:connect', nonce }` + a transferred MessagePort
 * Every later message travels over that port and is checked by the parsers below, which
 * accept only plain JSON-shaped objects with exactly the known keys and bounded sizes.
 * Anything else is dropped (the parsers return `undefined` and never throw).
 */
import {
  CARD_BRANDS,
  FIELD_ERROR_CODES,
  FIELD_NAMES,
  type CardBrand,
  type FieldName,
  type FormState,
  type PaymentOutcome,
  type SessionView,
} from '../types.js';
import { isAppearanceValue, type Appearance } from '../appearance.js';
import { MAX_SESSION_DATA_LENGTH } from '../session-data.js';
import {
  array,
  flag,
  guard,
  isPlainObject,
  nullable,
  number,
  object,
  oneOf,
  optional,
  refine,
  string,
  tryParse,
  variant,
  type Infer,
  type Schema,
} from '../schema.js';

/** Protocol version carried in handshake messages. */
export const PROTOCOL_VERSION = 1;

/** Handshake message from the frame to its parent window. */
export interface HelloMessage {
  v: 1;
  type: 'antom:hello';
  nonce: string;
}

/** Handshake message from the parent to the frame (with the port in `event.ports[0]`). */
export interface ConnectMessage {
  v: 1;
  type: 'antom:connect';
  nonce: string;
}

/** Messages the element sends to the frame over the port. */
export type ElementToFrame =
  | {
      type: 'init';
      sessionData: string;
      locale: string;
      appearance: Appearance;
      /** The merchant's texts for the frame, by the frame catalogue's keys (the frame ignores unknown keys). */
      messages?: Record<string, string>;
    }
  | { type: 'submit'; attemptId: string }
  | { type: 'validate'; requestId: string }
  | { type: 'select'; savedCardId: string | null }
  | { type: 'reset' }
  | { type: 'close' }
  | { type: 'focus' }
  | { type: 'appearance'; appearance: Appearance };

/** Messages the frame sends to the element over the port. */
export type FrameToElement =
  | { type: 'ready'; view: SessionView }
  | { type: 'state'; state: FormState }
  | { type: 'resize'; height: number }
  | { type: 'submit-request' }
  | { type: 'validation'; requestId: string; valid: boolean; invalidFields: FieldName[] }
  | { type: 'invalid'; attemptId: string; invalidFields: FieldName[] }
  | { type: 'result'; attemptId: string; outcome: PaymentOutcome }
  /** From the 3-D Secure container: the buyer cancelled the check (the bank's Cancel, or the dialog's); the attempt failed. */
  | { type: 'cancelled'; attemptId: string }
  | { type: 'network-error'; attemptId: string }
  | { type: 'session-error'; code: SessionErrorCode };

/** Why the frame could not load or use the session. */
export type SessionErrorCode = 'SESSION_EXPIRED' | 'SESSION_NOT_FOUND' | 'SESSION_INVALID' | 'NETWORK_ERROR';

const SESSION_ERROR_CODES: readonly SessionErrorCode[] = [
  'SESSION_EXPIRED',
  'SESSION_NOT_FOUND',
  'SESSION_INVALID',
  'NETWORK_ERROR',
];

/** Largest serialized message either side accepts. */
export const MAX_MESSAGE_CHARS = 8192;

const text = /* @__NO_SIDE_EFFECTS__ */ (max: number): Schema<string> => string({ min: 0, max });
/** An attempt, request, payment or challenge id: 8 to 128 URL-safe characters. */
export const channelId = string({ pattern: /^[A-Za-z0-9_-]{8,128}$/ });
/** A result code as the channel carries it (Antom's, or a card decline code). */
export const resultCode = string({ pattern: /^[A-Z0-9_]{1,64}$/ });
const savedId = string({ pattern: /^saved-\d{1,2}$/ });
const twoDigits = string({ pattern: /^\d{2}$/ });
const brand = oneOf(CARD_BRANDS);
const fieldList = array(oneOf(FIELD_NAMES), FIELD_NAMES.length);
/** Exactly these keys, on a plain object: the channel carries nothing else. */
const exact = /* @__NO_SIDE_EFFECTS__ */ <S extends Record<string, Schema<unknown>>>(
  shape: S,
): Schema<{ [K in keyof S]: Infer<S[K]> }> => object(shape, { strict: true });
/** A key the message may leave out; `null` does not leave it out. */
const omittable = /* @__NO_SIDE_EFFECTS__ */ <T>(inner: Schema<T>): Schema<T | undefined> =>
  optional(inner, { refuseNull: true });

const appearance = guard(
  (value: unknown): value is Appearance =>
    isPlainObject(value) && Object.entries(value).every(([token, v]) => isAppearanceValue(token, v)),
  'must hold allowed appearance tokens only',
);

const last4 = string({ pattern: /^\d{4}$/ });

/** The merchant's frame texts: up to 40 short texts under catalogue-like keys (`number`, `error.REQUIRED`). */
const frameTexts = guard(
  (value: unknown): value is Record<string, string> =>
    isPlainObject(value) &&
    Object.keys(value).length <= 40 &&
    Object.entries(value).every(
      ([key, v]) => /^[A-Za-z.]{1,40}$/.test(key) && typeof v === 'string' && v.length <= 200,
    ),
  'must map catalogue keys to texts of at most 200 characters',
);

const view = exact({
  paymentSessionId: channelId,
  mode: oneOf(['payment', 'vault']),
  amount: nullable(
    exact({ currency: string({ pattern: /^[A-Z]{3}$/ }), value: string({ max: 20, pattern: /^[1-9]\d*$/ }) }),
  ),
  merchantName: text(128),
  expiresAt: text(40),
  brands: array(brand, CARD_BRANDS.length),
  captureMode: oneOf(['AUTOMATIC', 'MANUAL']),
  savedCards: omittable(
    array(
      exact({
        id: savedId,
        index: refine(number({ min: 0, max: 19 }), (index) => Number.isInteger(index), 'must be an integer'),
        brand,
        last4,
        expiryMonth: twoDigits,
        expiryYear: twoDigits,
        expired: flag(),
      }),
      20,
    ),
  ),
  policies: omittable(exact({ savedCardCvc: flag(), askToSave: flag() })),
});

const fieldState = exact({ empty: flag(), valid: flag(), error: nullable(oneOf(FIELD_ERROR_CODES)) });

const formState = exact({
  brand: nullable(brand),
  complete: flag(),
  fields: exact({ number: fieldState, expiry: fieldState, cvc: fieldState, holder: fieldState } satisfies Record<
    FieldName,
    typeof fieldState
  >),
});

const outcome = refine(
  exact({
    status: oneOf(['SUCCESS', 'FAIL', 'PROCESSING']),
    resultCode,
    resultMessage: text(512),
    paymentId: nullable(channelId),
    card: nullable(exact({ brand, last4, expiryMonth: twoDigits, expiryYear: twoDigits })),
    challenge: omittable(exact({ id: channelId })),
  }),
  (value) => !value.challenge || value.status === 'PROCESSING',
  'may carry a challenge only while processing',
);

const elementMessage: Schema<ElementToFrame> = variant('type', {
  init: { sessionData: text(MAX_SESSION_DATA_LENGTH), locale: text(16), appearance, messages: omittable(frameTexts) },
  submit: { attemptId: channelId },
  validate: { requestId: channelId },
  select: { savedCardId: nullable(savedId) },
  reset: {},
  close: {},
  focus: {},
  appearance: { appearance },
});

const frameMessage: Schema<FrameToElement> = variant('type', {
  ready: { view },
  state: { state: formState },
  resize: { height: number({ min: 0, max: 4000 }) },
  'submit-request': {},
  validation: { requestId: channelId, valid: flag(), invalidFields: fieldList },
  invalid: { attemptId: channelId, invalidFields: fieldList },
  result: { attemptId: channelId, outcome },
  cancelled: { attemptId: channelId },
  'network-error': { attemptId: channelId },
  'session-error': { code: oneOf(SESSION_ERROR_CODES) },
});

function fitsSize(value: unknown): boolean {
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' && text.length <= MAX_MESSAGE_CHARS;
  } catch {
    return false;
  }
}

/** Checks a handshake message (`antom:hello` or `antom:connect`) with the expected nonce. */
export function isHandshake(data: unknown, type: 'antom:hello' | 'antom:connect', nonce: string): boolean {
  return (
    tryParse(exact({ v: oneOf([PROTOCOL_VERSION]), type: oneOf([type]), nonce: oneOf([nonce]) }), data) !== undefined
  );
}

/** Parses a message for the frame; `undefined` for anything not exactly a known message. */
export function parseElementMessage(data: unknown): ElementToFrame | undefined {
  return fitsSize(data) ? tryParse(elementMessage, data) : undefined;
}

/** Parses a message for the element; `undefined` for anything not exactly a known message. */
export function parseFrameMessage(data: unknown): FrameToElement | undefined {
  return fitsSize(data) ? tryParse(frameMessage, data) : undefined;
}

/** Narrow helper for brands coming from elsewhere (e.g. `CUP` -> `UNIONPAY`). */
export function normalizeBrand(value: unknown): CardBrand | null {
  if (value === 'CUP') return 'UNIONPAY';
  return tryParse(brand, value) ?? null;
}

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
import { APPEARANCE_TOKENS, isAppearanceValue, type Appearance } from '../appearance.js';

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
  | { type: 'init'; sessionData: string; locale: string; appearance: Appearance }
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

type Rec = Record<string, unknown>;

/** A plain object (prototype Object or null) whose own keys are exactly `required` plus any of `optional`. */
function shape(value: unknown, required: readonly string[], optional: readonly string[] = []): value is Rec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const key of keys) if (!required.includes(key) && !optional.includes(key)) return false;
  for (const key of required) if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
}

const str = (value: unknown, max = 256): value is string => typeof value === 'string' && value.length <= max;
const id = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{8,128}$/.test(value);
const bool = (value: unknown): value is boolean => typeof value === 'boolean';
const savedId = (value: unknown): value is string => typeof value === 'string' && /^saved-\d{1,2}$/.test(value);
const oneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

function fitsSize(value: unknown): boolean {
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' && text.length <= MAX_MESSAGE_CHARS;
  } catch {
    return false;
  }
}

function fieldList(value: unknown): value is FieldName[] {
  return Array.isArray(value) && value.length <= FIELD_NAMES.length && value.every((v) => oneOf(FIELD_NAMES, v));
}

function amountOk(value: unknown): boolean {
  return (
    value === null ||
    (shape(value, ['currency', 'value']) &&
      str(value['currency'], 3) &&
      /^[A-Z]{3}$/.test(value['currency'] as string) &&
      str(value['value'], 20) &&
      /^[1-9]\d*$/.test(value['value'] as string))
  );
}

/** Brand, last four and two-digit expiry: the public facts of a card. */
function cardFactsOk(value: Rec): boolean {
  return (
    oneOf(CARD_BRANDS, value['brand']) &&
    typeof value['last4'] === 'string' &&
    /^\d{4}$/.test(value['last4']) &&
    typeof value['expiryMonth'] === 'string' &&
    /^\d{2}$/.test(value['expiryMonth']) &&
    typeof value['expiryYear'] === 'string' &&
    /^\d{2}$/.test(value['expiryYear'])
  );
}

function savedCardOk(value: unknown): boolean {
  return (
    shape(value, ['id', 'index', 'brand', 'last4', 'expiryMonth', 'expiryYear', 'expired']) &&
    savedId(value['id']) &&
    typeof value['index'] === 'number' &&
    Number.isInteger(value['index']) &&
    value['index'] >= 0 &&
    value['index'] < 20 &&
    cardFactsOk(value) &&
    bool(value['expired'])
  );
}

function viewOk(value: unknown): value is SessionView {
  return (
    shape(
      value,
      ['paymentSessionId', 'mode', 'amount', 'merchantName', 'expiresAt', 'brands', 'captureMode'],
      ['savedCards', 'policies'],
    ) &&
    (value['savedCards'] === undefined ||
      (Array.isArray(value['savedCards']) &&
        value['savedCards'].length <= 20 &&
        value['savedCards'].every(savedCardOk))) &&
    (value['policies'] === undefined ||
      (shape(value['policies'], ['savedCardCvc', 'askToSave']) &&
        bool(value['policies']['savedCardCvc']) &&
        bool(value['policies']['askToSave']))) &&
    id(value['paymentSessionId']) &&
    oneOf(['payment', 'vault'], value['mode']) &&
    amountOk(value['amount']) &&
    str(value['merchantName'], 128) &&
    str(value['expiresAt'], 40) &&
    Array.isArray(value['brands']) &&
    value['brands'].length <= CARD_BRANDS.length &&
    value['brands'].every((b) => oneOf(CARD_BRANDS, b)) &&
    oneOf(['AUTOMATIC', 'MANUAL'], value['captureMode'])
  );
}

function formStateOk(value: unknown): value is FormState {
  if (!shape(value, ['brand', 'complete', 'fields'])) return false;
  if (value['brand'] !== null && !oneOf(CARD_BRANDS, value['brand'])) return false;
  if (!bool(value['complete'])) return false;
  const fields = value['fields'];
  if (!shape(fields, FIELD_NAMES)) return false;
  return FIELD_NAMES.every((name) => {
    const field = fields[name];
    return (
      shape(field, ['empty', 'valid', 'error']) &&
      bool(field['empty']) &&
      bool(field['valid']) &&
      (field['error'] === null || oneOf(FIELD_ERROR_CODES, field['error']))
    );
  });
}

function cardOk(value: unknown): boolean {
  return value === null || (shape(value, ['brand', 'last4', 'expiryMonth', 'expiryYear']) && cardFactsOk(value));
}

/** A challenge reference, allowed only on an outcome that is still in process. */
function challengeOk(value: Rec): boolean {
  const challenge = value['challenge'];
  return (
    challenge === undefined || (value['status'] === 'PROCESSING' && shape(challenge, ['id']) && id(challenge['id']))
  );
}

function outcomeOk(value: unknown): value is PaymentOutcome {
  return (
    shape(value, ['status', 'resultCode', 'resultMessage', 'paymentId', 'card'], ['challenge']) &&
    challengeOk(value) &&
    oneOf(['SUCCESS', 'FAIL', 'PROCESSING'], value['status']) &&
    typeof value['resultCode'] === 'string' &&
    /^[A-Z0-9_]{1,64}$/.test(value['resultCode']) &&
    str(value['resultMessage'], 512) &&
    (value['paymentId'] === null || id(value['paymentId'])) &&
    cardOk(value['card'])
  );
}

function appearanceOk(value: unknown): value is Appearance {
  if (!shape(value, [], APPEARANCE_TOKENS)) return false;
  return Object.entries(value).every(([token, v]) => isAppearanceValue(token, v));
}

/** Checks a handshake message (`antom:hello` or `antom:connect`) with the expected nonce. */
export function isHandshake(data: unknown, type: 'antom:hello' | 'antom:connect', nonce: string): boolean {
  return (
    shape(data, ['v', 'type', 'nonce']) &&
    data['v'] === PROTOCOL_VERSION &&
    data['type'] === type &&
    data['nonce'] === nonce
  );
}

/** Parses a message for the frame; `undefined` for anything not exactly a known message. */
export function parseElementMessage(data: unknown): ElementToFrame | undefined {
  if (
    !fitsSize(data) ||
    !shape(data, ['type'], ['sessionData', 'locale', 'appearance', 'attemptId', 'requestId', 'savedCardId'])
  ) {
    return undefined;
  }
  switch (data['type']) {
    case 'init':
      return shape(data, ['type', 'sessionData', 'locale', 'appearance']) &&
        str(data['sessionData'], 4096) &&
        str(data['locale'], 16) &&
        appearanceOk(data['appearance'])
        ? (data as ElementToFrame)
        : undefined;
    case 'submit':
      return shape(data, ['type', 'attemptId']) && id(data['attemptId']) ? (data as ElementToFrame) : undefined;
    case 'validate':
      return shape(data, ['type', 'requestId']) && id(data['requestId']) ? (data as ElementToFrame) : undefined;
    case 'select':
      return shape(data, ['type', 'savedCardId']) && (data['savedCardId'] === null || savedId(data['savedCardId']))
        ? (data as ElementToFrame)
        : undefined;
    case 'reset':
    case 'close':
    case 'focus':
      return shape(data, ['type']) ? (data as ElementToFrame) : undefined;
    case 'appearance':
      return shape(data, ['type', 'appearance']) && appearanceOk(data['appearance'])
        ? (data as ElementToFrame)
        : undefined;
    default:
      return undefined;
  }
}

/** Parses a message for the element; `undefined` for anything not exactly a known message. */
export function parseFrameMessage(data: unknown): FrameToElement | undefined {
  if (!fitsSize(data) || typeof data !== 'object' || data === null) return undefined;
  const type = (data as Rec)['type'];
  const m = data as Rec;
  switch (type) {
    case 'ready':
      return shape(m, ['type', 'view']) && viewOk(m['view']) ? (m as FrameToElement) : undefined;
    case 'state':
      return shape(m, ['type', 'state']) && formStateOk(m['state']) ? (m as FrameToElement) : undefined;
    case 'resize':
      return shape(m, ['type', 'height']) &&
        typeof m['height'] === 'number' &&
        Number.isFinite(m['height']) &&
        m['height'] >= 0 &&
        m['height'] <= 4000
        ? (m as FrameToElement)
        : undefined;
    case 'submit-request':
      return shape(m, ['type']) ? (m as FrameToElement) : undefined;
    case 'validation':
      return shape(m, ['type', 'requestId', 'valid', 'invalidFields']) &&
        id(m['requestId']) &&
        bool(m['valid']) &&
        fieldList(m['invalidFields'])
        ? (m as FrameToElement)
        : undefined;
    case 'invalid':
      return shape(m, ['type', 'attemptId', 'invalidFields']) && id(m['attemptId']) && fieldList(m['invalidFields'])
        ? (m as FrameToElement)
        : undefined;
    case 'result':
      return shape(m, ['type', 'attemptId', 'outcome']) && id(m['attemptId']) && outcomeOk(m['outcome'])
        ? (m as FrameToElement)
        : undefined;
    case 'network-error':
      return shape(m, ['type', 'attemptId']) && id(m['attemptId']) ? (m as FrameToElement) : undefined;
    case 'session-error':
      return shape(m, ['type', 'code']) && oneOf(SESSION_ERROR_CODES, m['code']) ? (m as FrameToElement) : undefined;
    default:
      return undefined;
  }
}

/** Narrow helper for brands coming from elsewhere (e.g. `CUP` -> `UNIONPAY`). */
export function normalizeBrand(value: unknown): CardBrand | null {
  if (value === 'CUP') return 'UNIONPAY';
  return oneOf(CARD_BRANDS, value) ? value : null;
}

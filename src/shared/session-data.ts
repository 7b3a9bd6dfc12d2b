/**
 * `paymentSessionData` in Antom's four-part shape:
 * `<opaque token>&&<region>&&<number>&&<base64 JSON>` (docs/antom-api.md sections 8 and 10).
 *
 * The first part is the secret; the JSON part is public configuration. The sandbox adds
 * `paymentSessionId`, `gatewayOrigin` and `mode` to the JSON (documented as ours), which is how
 * the element tells a sandbox session (our secure frame) from one minted by Antom (its Web SDK).
 * Pure code: runs in Node (gateway) and in browsers (element, frame).
 */

import { guard, isRecord, object, oneOf, optional, string, tryParse, type Schema } from './schema.js';

/** What a session is for: a payment, or binding a card without paying. */
export type SessionMode = 'payment' | 'vault';

/** Regions Antom encodes in session data. */
export type SessionRegion = 'SG' | 'US' | 'DE';

/** The public JSON part of the session data. */
export interface SessionDataConfig {
  /** Client id of the merchant that created the session. */
  clientId: string;
  /** Antom's scene description; the card component uses `CASHIER_PAYMENT` + `CARD`. */
  paymentSessionConfig: {
    productScene: string;
    paymentMethodCategoryType: 'CARD';
    productSceneVersion: string;
  };
  /** (ours) Public id of the session; also in the frame URL. */
  paymentSessionId: string;
  /** (ours) Origin of the gateway that serves the frame, e.g. `http://127.0.0.1:8787`. */
  gatewayOrigin: string;
  /** (ours) `vault` binds a card without paying; the gateway refuses a session used in the wrong mode. */
  mode: SessionMode;
}

/** The four `&&`-separated parts of session data, checked (docs/antom-api.md section 8). */
export interface ParsedSessionData {
  /** The secret token (first part). */
  token: string;
  /** Region part: two capital letters, e.g. `SG`. */
  region: string;
  /** Numeric part (format version). */
  version: string;
  /** The fourth part, Base64 JSON decoded and checked. */
  config: SessionDataConfig;
}

/** Maximum length Antom allows for `paymentSessionData`. */
export const MAX_SESSION_DATA_LENGTH = 4096;

function base64Encode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64Decode(data: string): string {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Builds a session data string from its parts. */
export function encodeSessionData(token: string, region: SessionRegion, config: SessionDataConfig): string {
  return `${token}&&${region}&&1&&${base64Encode(JSON.stringify(config))}`;
}

/**
 * Checks that a value is an http(s) origin with nothing after the port. The guard names a URL
 * pattern, not `string`, so `false` does not narrow a string to `never`.
 */
export function isOrigin(value: unknown): value is `http://${string}` | `https://${string}` {
  if (typeof value !== 'string' || !value || value.length > 200) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

/** The JSON part: unknown keys are left out, as Antom may add its own. */
const configSchema: Schema<SessionDataConfig> = object({
  clientId: string({ max: 128 }),
  paymentSessionConfig: object({
    productScene: string({ max: 64 }),
    paymentMethodCategoryType: oneOf(['CARD']),
    productSceneVersion: string({ max: 16 }),
  }),
  paymentSessionId: string({ max: 128, pattern: /^[A-Za-z0-9_-]+$/ }),
  gatewayOrigin: guard(isOrigin, 'must be an http(s) origin'),
  mode: oneOf(['payment', 'vault']),
});

/**
 * Parses session data. Returns `undefined` for anything that is not exactly the expected
 * shape; never throws.
 */
export function parseSessionData(data: unknown): ParsedSessionData | undefined {
  const parts = tryParse(string({ max: MAX_SESSION_DATA_LENGTH }), data)?.split('&&') ?? [];
  if (parts.length !== 4) return undefined;
  const [token, region, version, encoded] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9_-]{16,256}$/.test(token)) return undefined;
  if (!/^[A-Z]{2}$/.test(region) || !/^\d{1,4}$/.test(version)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(base64Decode(encoded));
  } catch {
    return undefined;
  }
  const config = tryParse(configSchema, json);
  return config && { token, region, version, config };
}

/** The public JSON part of session data minted by Antom itself: what its Web SDK reads. */
export interface AntomSessionConfig {
  /** Client id of the merchant, when Antom includes it (its Web SDK does not require it). */
  clientId: string | undefined;
  /** `CASHIER_PAYMENT` (a payment) or `VAULTING` (binding a card), always with category `CARD` here. */
  paymentSessionConfig: { productScene: 'CASHIER_PAYMENT' | 'VAULTING'; paymentMethodCategoryType: 'CARD' };
}

/** Session data minted by Antom, checked as far as its Web SDK checks it (docs/antom-api.md section 10). */
export interface ParsedAntomSessionData {
  /** The first three parts as Antom sent them: opaque to us. */
  token: string;
  /** Antom's region sign (`SG`, `US` or `DE`): it picks the hosts its Web SDK talks to. */
  region: string;
  /** The third part, digits. */
  version: string;
  /** The fourth part, decoded. */
  config: AntomSessionConfig;
  /** `payment` for `CASHIER_PAYMENT`, `vault` for `VAULTING`. */
  mode: SessionMode;
}

/** Which card form a session needs: the sandbox's secure frame, or Antom's Web SDK. */
export type ClassifiedSession =
  | { kind: 'sandbox'; parsed: ParsedSessionData }
  | { kind: 'antom'; parsed: ParsedAntomSessionData };

const antomConfigSchema: Schema<AntomSessionConfig> = object({
  clientId: optional(string({ max: 128 })),
  paymentSessionConfig: object({
    productScene: oneOf(['CASHIER_PAYMENT', 'VAULTING']),
    paymentMethodCategoryType: oneOf(['CARD']),
  }),
});

/**
 * Tells a sandbox session from an Antom one and checks it. A JSON part that names a
 * `gatewayOrigin` is the sandbox's and must be entirely well-formed; anything else must be what
 * Antom's Web SDK can mount as a card component. `undefined` for neither; never throws.
 */
export function classifySessionData(data: unknown): ClassifiedSession | undefined {
  const parts = tryParse(string({ max: MAX_SESSION_DATA_LENGTH }), data)?.split('&&') ?? [];
  if (parts.length !== 4) return undefined;
  const [token, region, version, encoded] = parts as [string, string, string, string];
  let json: unknown;
  try {
    json = JSON.parse(base64Decode(encoded));
  } catch {
    return undefined;
  }
  if (isRecord(json) && 'gatewayOrigin' in json) {
    const parsed = parseSessionData(data);
    return parsed && { kind: 'sandbox', parsed };
  }
  // Antom's token is Base64 of its own; the SDK passes the first three parts on untouched.
  if (!/^[A-Za-z0-9+/=_-]{8,2048}$/.test(token) || !/^[A-Z]{2}$/.test(region) || !/^\d{1,8}$/.test(version)) {
    return undefined;
  }
  const config = tryParse(antomConfigSchema, json);
  if (!config) return undefined;
  const mode: SessionMode = config.paymentSessionConfig.productScene === 'VAULTING' ? 'vault' : 'payment';
  return { kind: 'antom', parsed: { token, region, version, config, mode } };
}

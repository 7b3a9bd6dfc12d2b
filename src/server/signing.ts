/**
 * Antom Open API message signing (RSA256 = RSA-SHA256, PKCS#1 v1.5).
 *
 * String to sign: `<METHOD> <path>\n<clientId>.<time>.<raw body>`; the signature travels
 * URL-encoded Base64 inside `algorithm=RSA256,keyVersion=1,signature=<value>`.
 * The same rule signs requests, responses and notifications; only the header names differ.
 */
import { createSign, createVerify, sign as rsaSign, type KeyObject } from 'node:crypto';

/** A PEM string or a Node key object. */
export type KeyLike = string | KeyObject;

/** The parts of an Antom `Signature` header. */
export interface SignatureHeader {
  /** Always `RSA256` for Antom. */
  algorithm: string;
  /**
   * The key version the sender used (the SDKs send `1`); `undefined` when the header leaves it out,
   * which Antom reads as the client's newest key (docs/antom-api.md section 2).
   */
  keyVersion: string | undefined;
  /** Base64 signature, already URL-decoded. */
  signature: string;
}

/** What a signature covers: `<METHOD> <path>\n<clientId>.<time>.<body>` (docs/antom-api.md section 2). */
export interface SignInput {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Request path as sent, including query and the sandbox prefix. */
  path: string;
  /** The merchant's client id, as in the `client-id` header. */
  clientId: string;
  /** `Request-Time` / `response-time` header value, treated as opaque. */
  time: string;
  /** The raw JSON body, byte for byte. */
  body: string;
}

/**
 * Client ids as Antom issues them: letters, digits, `_` and `-`, at most 64. Never a dot: the dot
 * separates the signed parts, so a dotted id would let `SHOP.EVIL` + `T` be read as `SHOP` + `EVIL.T`.
 */
export function isWellFormedClientId(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** Default of how far a `Request-Time` may be from the receiver's clock, either way (ours): 5 minutes. */
export const REQUEST_TIME_WINDOW_MS = 5 * 60_000;

/** Why a `Request-Time` is refused: not a time Antom's SDKs write, or too far from the receiver's clock. */
export type RequestTimeProblem = 'REQUEST_TIME_MALFORMED' | 'REQUEST_TIME_OUTSIDE_WINDOW';

const EPOCH_MILLIS = /^[1-9]\d{0,15}$/;
const ISO_SECONDS_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a `Request-Time` in the two forms Antom's SDKs send (docs/antom-api.md section 2): epoch
 * milliseconds (Java) or ISO-8601 with seconds and a zone (Python, notifications). Anything else,
 * a dot-joined prefix included, is `undefined`, so the signed text has one reading.
 */
export function parseRequestTime(value: string): number | undefined {
  if (EPOCH_MILLIS.test(value)) return Number(value);
  if (!ISO_SECONDS_WITH_ZONE.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? time : undefined;
}

/**
 * Checks that a `Request-Time` is well formed and within `windowMs` of `now` (epoch ms), in the past
 * or the future, so a captured request or notification stops verifying (ours: Antom documents no window).
 */
export function checkRequestTime(
  value: string,
  now: number,
  windowMs: number = REQUEST_TIME_WINDOW_MS,
): RequestTimeProblem | undefined {
  const time = parseRequestTime(value);
  if (time === undefined) return 'REQUEST_TIME_MALFORMED';
  return Math.abs(time - now) > windowMs ? 'REQUEST_TIME_OUTSIDE_WINDOW' : undefined;
}

/** Builds Antom's string to sign. */
export function stringToSign(input: SignInput): string {
  return `${input.method.toUpperCase()} ${input.path}\n${input.clientId}.${input.time}.${input.body}`;
}

/** Signs with RSA-SHA256 and returns the URL-encoded Base64 value. */
export function sign(input: SignInput, privateKey: KeyLike): string {
  const signer = createSign('RSA-SHA256');
  signer.update(stringToSign(input), 'utf8');
  return encodeURIComponent(signer.sign(privateKey, 'base64'));
}

/**
 * Signs as `sign` does, on libuv's thread pool: the event loop serves other requests meanwhile
 * (ours; an RSA-2048 signature is a large share of a signed answer's CPU time).
 */
export function signAsync(input: SignInput, privateKey: KeyLike): Promise<string> {
  return new Promise((resolve, reject) => {
    rsaSign('sha256', Buffer.from(stringToSign(input), 'utf8'), privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(encodeURIComponent(signature.toString('base64')));
    });
  });
}

/** Verifies a URL-encoded Base64 signature value; never throws. */
export function verify(input: SignInput, encodedSignature: string, publicKey: KeyLike): boolean {
  try {
    const raw = decodeURIComponent(encodedSignature);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return false;
    const verifier = createVerify('RSA-SHA256');
    verifier.update(stringToSign(input), 'utf8');
    return verifier.verify(publicKey, raw, 'base64');
  } catch {
    return false;
  }
}

/** `algorithm=RSA256,keyVersion=<n>,signature=<value>`, without spaces, as the SDKs send it. */
export function formatSignatureHeader(encodedSignature: string, keyVersion = '1'): string {
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${encodedSignature}`;
}

/**
 * Parses a `Signature` header (`algorithm=RSA256,keyVersion=1,signature=...`, optional spaces
 * after commas; `keyVersion` may be left out). Returns `undefined` when `algorithm` or `signature`
 * is missing, or a part is repeated or malformed.
 */
export function parseSignatureHeader(header: string | undefined | null): SignatureHeader | undefined {
  if (!header) return undefined;
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) return undefined;
    const key = piece.slice(0, eq).trim();
    const value = piece.slice(eq + 1).trim();
    if (parts.has(key)) return undefined;
    parts.set(key, value);
  }
  const algorithm = parts.get('algorithm');
  const keyVersion = parts.get('keyVersion');
  const signature = parts.get('signature');
  if (!algorithm || !signature || keyVersion === '') return undefined;
  return { algorithm, keyVersion, signature };
}

/** Path prefix of the Open API for a client id: sandbox ids (`SANDBOX_...`) use `/ams/sandbox/api`. */
export function apiPrefix(clientId: string): string {
  return clientId.startsWith('SANDBOX_') ? '/ams/sandbox/api/v1' : '/ams/api/v1';
}

/**
 * The EMV 3DS browser messages of a challenge, as the sandbox writes them: `creq` (the gateway's
 * container posts it to the issuer's ACS) and `cres` (the ACS sends the buyer back with it). Both
 * are Base64URL JSON without padding (docs/antom-api.md section 9). Decoding is strict: anything but the
 * expected shape is `undefined`, never an exception.
 */
import { CHALLENGE_WINDOW_SIZE, THREE_DS_VERSION, type Challenge, type TransStatus } from '../engine/challenges.js';

/** Longest `creq` or `cres` the sandbox reads (its own are about 300 characters). */
export const MAX_MESSAGE_LENGTH = 2048;

/** A `creq`: which challenge the container asks the ACS to show, and in what window size. */
export interface ChallengeRequest {
  /** EMV 3DS message type; `decodeChallengeRequest` refuses any other. */
  messageType: 'CReq';
  /** EMV 3DS version: the sandbox writes `2.2.0` and reads any string. */
  messageVersion: string;
  /** The 3DS server's transaction id. */
  threeDSServerTransID: string;
  /** The ACS's transaction id. */
  acsTransID: string;
  /** Window size, `03` (500x600). */
  challengeWindowSize: string;
}

/** A challenge response: the issuer's final answer as the browser carries it. */
export interface ChallengeResponse {
  /** EMV 3DS message type; `decodeChallengeResponse` refuses any other. */
  messageType: 'CRes';
  /** EMV 3DS version: the sandbox writes `2.2.0` and reads any string. */
  messageVersion: string;
  /** The 3DS server's transaction id. */
  threeDSServerTransID: string;
  /** The ACS's transaction id. */
  acsTransID: string;
  /** `Y` the buyer was authenticated, `N` not (wrong codes or Cancel). */
  transStatus: TransStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const encode = (message: object): string => Buffer.from(JSON.stringify(message), 'utf8').toString('base64url');

function decode(text: string): Record<string, unknown> | undefined {
  if (text.length > MAX_MESSAGE_LENGTH || !BASE64URL.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The `creq` the container posts to the ACS: Base64URL JSON without padding. */
export function encodeChallengeRequest(challenge: Challenge): string {
  const message: ChallengeRequest = {
    messageType: 'CReq',
    messageVersion: THREE_DS_VERSION,
    threeDSServerTransID: challenge.threeDSServerTransID,
    acsTransID: challenge.acsTransID,
    challengeWindowSize: CHALLENGE_WINDOW_SIZE,
  };
  return encode(message);
}

/** Reads a `creq`; `undefined` when it is not one. */
export function decodeChallengeRequest(text: string): ChallengeRequest | undefined {
  const message = decode(text);
  if (
    !message ||
    message['messageType'] !== 'CReq' ||
    typeof message['messageVersion'] !== 'string' ||
    !isUuid(message['threeDSServerTransID']) ||
    !isUuid(message['acsTransID']) ||
    typeof message['challengeWindowSize'] !== 'string'
  ) {
    return undefined;
  }
  return {
    messageType: 'CReq',
    messageVersion: message['messageVersion'],
    threeDSServerTransID: message['threeDSServerTransID'],
    acsTransID: message['acsTransID'],
    challengeWindowSize: message['challengeWindowSize'],
  };
}

/** The `cres` the ACS sends the buyer back with; the gateway trusts its own record, not this. */
export function encodeChallengeResponse(challenge: Challenge, transStatus: TransStatus): string {
  const message: ChallengeResponse = {
    messageType: 'CRes',
    messageVersion: THREE_DS_VERSION,
    threeDSServerTransID: challenge.threeDSServerTransID,
    acsTransID: challenge.acsTransID,
    transStatus,
  };
  return encode(message);
}

/** Reads a `cres`; `undefined` when it is not one. */
export function decodeChallengeResponse(text: string): ChallengeResponse | undefined {
  const message = decode(text);
  const transStatus = message?.['transStatus'];
  if (
    !message ||
    message['messageType'] !== 'CRes' ||
    typeof message['messageVersion'] !== 'string' ||
    !isUuid(message['threeDSServerTransID']) ||
    !isUuid(message['acsTransID']) ||
    (transStatus !== 'Y' && transStatus !== 'N')
  ) {
    return undefined;
  }
  return {
    messageType: 'CRes',
    messageVersion: message['messageVersion'],
    threeDSServerTransID: message['threeDSServerTransID'],
    acsTransID: message['acsTransID'],
    transStatus,
  };
}

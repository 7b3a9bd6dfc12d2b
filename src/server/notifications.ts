/**
 * Antom's asynchronous notifications (`notifyPayment`, `notifyCapture`, `notifyRefund`,
 * `notifyVaulting`): how to verify them, their payloads, and the exact answer that stops Antom's
 * retries. Antom notifies no cancel and no release of an uncaptured authorization: `cancel`
 * answers at once, and a release shows in `inquiryPayment` (`paymentStatus: CANCELLED`).
 */
import { isRecord } from '../shared/schema.js';
import {
  checkRequestTime,
  isWellFormedClientId,
  parseSignatureHeader,
  REQUEST_TIME_WINDOW_MS,
  verify,
  type KeyLike,
  type RequestTimeProblem,
} from './signing.js';
import type { AntomResult, Amount, PaymentFacts, VaultedPaymentMethodDetail, VaultingStatus } from './types.js';

/**
 * The body to answer a notification with (HTTP 200, `Content-Type: application/json`, unsigned).
 * Any other answer makes Antom retry: up to 8 tries within 24 hours.
 */
export const NOTIFICATION_ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

/** Result of an authorization (`notifyPayment`). */
export interface PaymentResultNotification extends PaymentFacts {
  /** `notifyPayment`'s final type; `PAYMENT_PENDING` is not modelled, so `parseNotification` answers `undefined`. */
  notifyType: 'PAYMENT_RESULT';
  /** The payment's outcome: `S` authorized, `F` failed (e.g. `DO_NOT_HONOR`), `U` still in process. */
  result: AntomResult;
}

/** Result of a capture (`notifyCapture`), manual or automatic. */
export interface CaptureResultNotification {
  /** `notifyCapture`'s type (docs/antom-api.md section 4). */
  notifyType: 'CAPTURE_RESULT';
  /** The capture's own envelope: only `S` means the funds moved. */
  result: AntomResult;
  /** The merchant's `captureRequestId`; the sandbox names an automatic capture `AUTO_<paymentId>`. */
  captureRequestId: string;
  /** Antom's id of the captured payment, as in `notifyPayment`. */
  paymentId: string;
  /** Antom's id of this capture (in the sandbox, its `CAPTURE` transaction's id). */
  captureId: string;
  /** The amount this capture moved, in the payment's currency. */
  captureAmount: Amount;
  /** When the capture happened (ISO-8601). */
  captureTime?: string;
  /** The acquirer's reference of the capture. */
  acquirerReferenceNo?: string;
}

/** Result of a refund (`notifyRefund`). */
export interface RefundResultNotification {
  /** `notifyRefund`'s type (docs/antom-api.md section 4). */
  notifyType: 'REFUND_RESULT';
  /** The refund's own envelope, not the payment's. */
  result: AntomResult;
  /** `SUCCESS` or `FAIL`; `parseNotification` refuses any other value. */
  refundStatus: 'SUCCESS' | 'FAIL';
  /** The merchant's `refundRequestId`, the refund's idempotency key. */
  refundRequestId: string;
  /** Antom's id of this refund, which `inquiryRefund` also accepts. */
  refundId: string;
  /** Antom's id of the refunded payment; only the sandbox sends it (docs/antom-api.md section 11). */
  paymentId?: string;
  /** The amount of this refund, in the payment's currency. */
  refundAmount: Amount;
  /** When the refund happened (ISO-8601). */
  refundTime?: string;
  /** Why the refund failed, with `refundStatus: FAIL`; the sandbox never sends it. */
  refundFailReason?: string;
}

/**
 * Result of a vaulting (`notifyVaulting`). Antom's body carries no `notifyType`; `parseNotification`
 * recognizes it by `vaultingRequestId` and names it `VAULTING_RESULT`.
 */
export interface VaultingResultNotification {
  /** Discriminant, set by `parseNotification` when Antom leaves it out. */
  notifyType: 'VAULTING_RESULT';
  /** The vaulting's outcome: `S` vaulted, `F` failed. */
  result: AntomResult;
  /** The merchant's `vaultingRequestId`; `parseNotification` tells a vaulting notification by it. */
  vaultingRequestId: string;
  /** `SUCCESS`, `FAIL` or `PROCESSING`, when sent. */
  vaultingStatus?: VaultingStatus;
  /** The vaulted card (token, masked number, brand), on success. */
  paymentMethodDetail?: VaultedPaymentMethodDetail;
  /** When the card was vaulted (ISO-8601). */
  vaultingCreateTime?: string;
}

/** Every notification this package models. */
export type AntomNotification =
  PaymentResultNotification | CaptureResultNotification | RefundResultNotification | VaultingResultNotification;

/** The `notifyType` values this package models. */
export const NOTIFY_TYPES: readonly AntomNotification['notifyType'][] = [
  'PAYMENT_RESULT',
  'CAPTURE_RESULT',
  'REFUND_RESULT',
  'VAULTING_RESULT',
];

/** An incoming HTTP request, as any Node framework exposes it. */
export interface NotificationRequest {
  /** HTTP method; notifications are always `POST`. */
  method: string;
  /** The path the notification was posted to, as received (including any query). */
  path: string;
  /** Request headers; names in any case (Node gives lower case). */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, byte for byte as received (not re-serialized JSON). */
  body: string;
}

/** What a notification is checked against. */
export interface NotificationVerifier {
  /** Antom's public key (or the sandbox gateway's). */
  antomPublicKey: KeyLike;
  /** The merchant's client id; the notification must name it. */
  clientId: string;
  /** The receiver's clock in epoch milliseconds, against which `request-time` is read (default `Date.now`). */
  now?: () => number;
  /** How far `request-time` may be from `now`, either way (ours; default `REQUEST_TIME_WINDOW_MS`, 5 minutes). */
  requestTimeWindowMs?: number;
}

/**
 * Why a notification is refused: the method is not POST, a header is missing or repeated, the
 * client id is not ours, `request-time` is malformed or stale, or the signature does not verify.
 */
export type NotificationProblem =
  | 'METHOD_NOT_POST'
  | 'HEADER_MISSING'
  | 'CLIENT_ID_MISMATCH'
  | RequestTimeProblem
  | 'SIGNATURE_INVALID';

function header(headers: NotificationRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    // Repeated signature headers are ambiguous; refuse instead of picking one.
    if (Array.isArray(value) && value.length === 1) return value[0];
    return undefined;
  }
  return undefined;
}

/**
 * Checks a notification: POST, our client id, a well-formed `request-time` within the window, and the
 * signature over `POST <path>\n<client-id>.<request-time>.<body>`. Returns what is wrong, or
 * `undefined` when it verifies; never throws. Parse the body only after `undefined`.
 */
export function checkNotificationRequest(
  request: NotificationRequest,
  verifier: NotificationVerifier,
): NotificationProblem | undefined {
  if (request.method.toUpperCase() !== 'POST') return 'METHOD_NOT_POST';
  const clientId = header(request.headers, 'client-id');
  const requestTime = header(request.headers, 'request-time');
  const signature = parseSignatureHeader(header(request.headers, 'signature'));
  if (!clientId || !requestTime || !signature) return 'HEADER_MISSING';
  if (clientId !== verifier.clientId || !isWellFormedClientId(clientId)) return 'CLIENT_ID_MISMATCH';
  const now = verifier.now ?? Date.now;
  const timeProblem = checkRequestTime(requestTime, now(), verifier.requestTimeWindowMs ?? REQUEST_TIME_WINDOW_MS);
  if (timeProblem) return timeProblem;
  if (signature.algorithm !== 'RSA256') return 'SIGNATURE_INVALID';
  const valid = verify(
    { method: 'POST', path: request.path, clientId, time: requestTime, body: request.body },
    signature.signature,
    verifier.antomPublicKey,
  );
  return valid ? undefined : 'SIGNATURE_INVALID';
}

/** `checkNotificationRequest` as a yes or no: `true` only when the notification verifies. */
export function verifyNotificationRequest(request: NotificationRequest, verifier: NotificationVerifier): boolean {
  return checkNotificationRequest(request, verifier) === undefined;
}

type JsonObject = Record<string, unknown>;

function requireString(source: JsonObject, field: string, optional = false): void {
  const value = source[field];
  if (value === undefined && optional) return;
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`notification.${field} must be a non-empty string`);
  }
}

function requireAmount(source: JsonObject, field: string): void {
  const value = source[field];
  if (!isRecord(value) || typeof value.currency !== 'string' || typeof value.value !== 'string') {
    throw new TypeError(`notification.${field} must be { currency, value } strings`);
  }
}

function requireResult(source: JsonObject): void {
  const result = source.result;
  if (
    !isRecord(result) ||
    typeof result.resultCode !== 'string' ||
    (result.resultStatus !== 'S' && result.resultStatus !== 'F' && result.resultStatus !== 'U')
  ) {
    throw new TypeError('notification.result must be { resultCode, resultStatus: S|F|U }');
  }
  if (result.resultMessage !== undefined && typeof result.resultMessage !== 'string') {
    throw new TypeError('notification.result.resultMessage must be a string');
  }
}

/**
 * Parses a verified notification body. Returns `undefined` for a well-formed notification of a type
 * this package does not model (acknowledge it anyway); throws `TypeError` naming the field when the
 * body is malformed.
 */
export function parseNotification(body: string): AntomNotification | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new TypeError('notification body is not valid JSON');
  }
  if (!isRecord(parsed)) throw new TypeError('notification body must be a JSON object');
  if (parsed.notifyType === undefined && parsed.vaultingRequestId !== undefined) {
    return parseVaulting({ ...parsed, notifyType: 'VAULTING_RESULT' });
  }
  requireString(parsed, 'notifyType');
  switch (parsed.notifyType) {
    case 'PAYMENT_RESULT':
      requireResult(parsed);
      requireString(parsed, 'paymentRequestId');
      requireString(parsed, 'paymentId');
      requireAmount(parsed, 'paymentAmount');
      requireString(parsed, 'paymentCreateTime', true);
      requireString(parsed, 'paymentTime', true);
      if (parsed.paymentResultInfo !== undefined && !isRecord(parsed.paymentResultInfo)) {
        throw new TypeError('notification.paymentResultInfo must be an object');
      }
      if (parsed.acquirerInfo !== undefined && !isRecord(parsed.acquirerInfo)) {
        throw new TypeError('notification.acquirerInfo must be an object');
      }
      return parsed as unknown as PaymentResultNotification;
    case 'CAPTURE_RESULT':
      requireResult(parsed);
      requireString(parsed, 'captureRequestId');
      requireString(parsed, 'paymentId');
      requireString(parsed, 'captureId');
      requireAmount(parsed, 'captureAmount');
      requireString(parsed, 'captureTime', true);
      return parsed as unknown as CaptureResultNotification;
    case 'REFUND_RESULT':
      requireResult(parsed);
      if (parsed.refundStatus !== 'SUCCESS' && parsed.refundStatus !== 'FAIL') {
        throw new TypeError('notification.refundStatus must be SUCCESS or FAIL');
      }
      requireString(parsed, 'refundRequestId');
      requireString(parsed, 'refundId');
      requireString(parsed, 'paymentId', true);
      requireAmount(parsed, 'refundAmount');
      return parsed as unknown as RefundResultNotification;
    case 'VAULTING_RESULT':
      return parseVaulting(parsed);
    default:
      return undefined;
  }
}

function parseVaulting(parsed: JsonObject): VaultingResultNotification {
  requireResult(parsed);
  requireString(parsed, 'vaultingRequestId');
  const status = parsed.vaultingStatus;
  if (status !== undefined && status !== 'SUCCESS' && status !== 'FAIL' && status !== 'PROCESSING') {
    throw new TypeError('notification.vaultingStatus must be SUCCESS, FAIL or PROCESSING');
  }
  const detail = parsed.paymentMethodDetail;
  if (detail !== undefined) {
    if (!isRecord(detail)) throw new TypeError('notification.paymentMethodDetail must be an object');
    if (detail.card !== undefined && (!isRecord(detail.card) || typeof detail.card.cardToken !== 'string')) {
      throw new TypeError('notification.paymentMethodDetail.card must carry a cardToken string');
    }
  }
  return parsed as unknown as VaultingResultNotification;
}

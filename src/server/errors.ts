/** Why a call to Antom did not give a usable `S` or `U` response. */
export type AntomErrorKind =
  | 'TRANSPORT'
  | 'TIMEOUT'
  | 'HTTP_STATUS'
  | 'INVALID_RESPONSE_SIGNATURE'
  | 'INVALID_RESPONSE'
  | 'RESULT_FAILED'
  | 'REQUEST_REFUSED';

/** Extra facts an `AntomError` carries. */
export interface AntomErrorDetails {
  /** The endpoint called, e.g. `payments/capture`. */
  endpoint?: string;
  /** HTTP status of the response, when one arrived. */
  httpStatus?: number;
  /** Antom's `resultCode` (`RESULT_FAILED` and `REQUEST_REFUSED` only). */
  resultCode?: string;
  /** Antom's `resultStatus`, always `F` here (`RESULT_FAILED` and `REQUEST_REFUSED` only). */
  resultStatus?: 'F';
  /** Antom's `resultMessage` (`RESULT_FAILED` and `REQUEST_REFUSED` only). */
  resultMessage?: string;
  /** The underlying error (network failures). */
  cause?: unknown;
}

/**
 * The one error type of the client. `kind` says what went wrong:
 * - `TRANSPORT`: no HTTP response (DNS, refused connection, TLS, reset).
 * - `TIMEOUT`: no complete response within `timeoutMs`. The request may have reached Antom: retry with
 *   the same request id (idempotent) or inquire.
 * - `HTTP_STATUS`: a status other than 200.
 * - `INVALID_RESPONSE_SIGNATURE`: the response signature is missing or does not verify with Antom's
 *   public key; its content must not be trusted.
 * - `INVALID_RESPONSE`: a signed response that is not a valid Antom envelope.
 * - `RESULT_FAILED`: Antom answered `resultStatus: F` (final failure); see `resultCode`.
 * - `REQUEST_REFUSED`: Antom refused the request before it knew who sent it, so its answer is
 *   unsigned: `resultCode` says why (`CLIENT_INVALID`, `INVALID_SIGNATURE`, `KEY_NOT_FOUND`...). Check the
 *   client id and keys. Unsigned, it is only ever read as a refusal, never as a result.
 *
 * Messages never contain request bodies.
 */
export class AntomError extends Error {
  /** What went wrong; only `RESULT_FAILED` is a final answer from Antom. */
  readonly kind: AntomErrorKind;
  /** The endpoint called, when known. */
  readonly endpoint: string | undefined;
  /** HTTP status of the response, when one arrived. */
  readonly httpStatus: number | undefined;
  /** Antom's `resultCode`, for `RESULT_FAILED` and `REQUEST_REFUSED`. */
  readonly resultCode: string | undefined;
  /** Antom's `resultStatus` (`F`), for `RESULT_FAILED` and `REQUEST_REFUSED`. */
  readonly resultStatus: 'F' | undefined;
  /** Antom's `resultMessage`, for `RESULT_FAILED` and `REQUEST_REFUSED`. */
  readonly resultMessage: string | undefined;

  constructor(kind: AntomErrorKind, message: string, details: AntomErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AntomError';
    this.kind = kind;
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus;
    this.resultCode = details.resultCode;
    this.resultStatus = details.resultStatus;
    this.resultMessage = details.resultMessage;
  }
}

/** True when `error` is an `AntomError` (optionally of the given kind). */
export function isAntomError(error: unknown, kind?: AntomErrorKind): error is AntomError {
  return error instanceof AntomError && (kind === undefined || error.kind === kind);
}

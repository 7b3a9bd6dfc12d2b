/** Antom's JSON envelope and the response helpers built on it. */
import type { ResultEnvelope } from '#shared';
import { result, type ResultCode } from '../engine/result-codes.js';
import type { HttpResponse } from './types.js';

/** Content type of every JSON answer (Antom's spelling). */
export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** A JSON answer; `resultCode` is taken from `body.result` for the log line. */
export function jsonResponse(status: number, body: object, headers: Record<string, string> = {}): HttpResponse {
  const envelope = (body as { result?: ResultEnvelope }).result;
  return {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
    ...(envelope ? { resultCode: envelope.resultCode } : {}),
  };
}

/** An envelope-only answer: `{ result: { resultCode, resultStatus, resultMessage } }`. */
export function envelopeResponse(
  status: number,
  code: ResultCode,
  message?: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return jsonResponse(status, { result: result(code, message) }, headers);
}

/** A `text/plain` answer no cache keeps (`Cache-Control: no-store`). */
export function textResponse(status: number, text: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
    body: text,
  };
}

/** Whether a `Content-Type` header names JSON (parameters such as `charset` allowed). */
export function isJsonContentType(header: string | undefined): boolean {
  return typeof header === 'string' && header.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/**
 * The common front of the SDK's JSON endpoints: same-origin check, POST only, JSON media type,
 * body cap and JSON parse; `SchemaError`s from the handler become `PARAM_ILLEGAL`.
 */
import type { ResultEnvelope } from '#shared';
import { SchemaError } from '#shared';
import type { GatewayContext } from '../context.js';
import { readBody } from '../http/body.js';
import { envelopeResponse, isJsonContentType, jsonResponse } from '../http/envelope.js';
import type { HttpResponse, RequestContext, RouteHandler } from '../http/types.js';
import { isSameOriginRequest, SDK_HEADERS } from './same-origin.js';

/** `Idempotency-Key` format: the frame's attempt id. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** The request's `Idempotency-Key`; throws `SchemaError` when it is missing or malformed. */
export function idempotencyKey(ctx: RequestContext): string {
  const key = ctx.req.headers['idempotency-key'];
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new SchemaError("Idempotency-Key header must be 8 to 128 letters, digits, '-' or '_'");
  }
  return key;
}

/** An SDK operation: gets the parsed body, answers a JSON object with a `result` envelope. */
export type SdkOperation = (body: unknown, ctx: RequestContext) => Promise<HttpResponse> | HttpResponse;

/** A JSON answer with the SDK headers. */
export function sdkJson<T extends { result: ResultEnvelope }>(body: T, status = 200): HttpResponse {
  return jsonResponse(status, body, { ...SDK_HEADERS });
}

/** Wraps an SDK operation with the same-origin rule and the request checks. */
export function sdkJsonRoute(context: GatewayContext, operation: SdkOperation): RouteHandler {
  return async (ctx) => {
    if (!isSameOriginRequest(ctx, context.origin) || ctx.method === 'OPTIONS') {
      return envelopeResponse(403, 'ACCESS_DENIED', 'This endpoint answers the card frame only.', { ...SDK_HEADERS });
    }
    if (ctx.method !== 'POST') {
      return envelopeResponse(405, 'METHOD_NOT_SUPPORTED', 'Only POST is supported.', {
        ...SDK_HEADERS,
        Allow: 'POST',
      });
    }
    if (!isJsonContentType(ctx.req.headers['content-type'])) {
      return envelopeResponse(415, 'MEDIA_TYPE_NOT_ACCEPTABLE', 'Content-Type must be application/json.', {
        ...SDK_HEADERS,
      });
    }
    const body = await readBody(ctx.req);
    if (!body.ok) {
      return body.reason === 'TOO_LARGE'
        ? {
            ...envelopeResponse(413, 'PARAM_ILLEGAL', 'The request body exceeds 65536 bytes.', { ...SDK_HEADERS }),
            closeConnection: !body.drained,
          }
        : envelopeResponse(400, 'PARAM_ILLEGAL', 'The request body could not be read.', { ...SDK_HEADERS });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return envelopeResponse(200, 'PARAM_ILLEGAL', 'The request body is not valid JSON.', { ...SDK_HEADERS });
    }
    try {
      return await operation(json, ctx);
    } catch (error) {
      if (error instanceof SchemaError)
        return envelopeResponse(200, 'PARAM_ILLEGAL', error.message, { ...SDK_HEADERS });
      return envelopeResponse(500, 'SYSTEM_ERROR', 'internal error', { ...SDK_HEADERS });
    }
  };
}

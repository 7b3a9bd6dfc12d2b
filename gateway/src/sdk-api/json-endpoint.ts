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

/**
 * (ours) Decline codes that tell a card tester more than a buyer needs: that a number is reported
 * lost or stolen, held by the issuer, restricted, or caught by risk control. The browser (and any
 * script posing as one) gets the generic `DO_NOT_HONOR`; the merchant still reads the precise code
 * in inquiry and notifications.
 */
export const PRECISE_DECLINES: ReadonlySet<string> = new Set([
  'LOST_CARD',
  'STOLEN_CARD',
  'PICKUP_CARD',
  'RESTRICTED_CARD',
  'RISK_REJECT',
]);

/** The envelope as the browser may see it: a precise decline becomes the generic one. */
export function forBrowser(envelope: ResultEnvelope): ResultEnvelope {
  if (!PRECISE_DECLINES.has(envelope.resultCode)) return envelope;
  return { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'The payment is declined by the issuing bank.' };
}

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

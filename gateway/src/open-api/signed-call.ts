/**
 * The checks every Open API call passes before its handler runs, in Antom's order: POST only,
 * JSON media type, known `Client-Id`, a parseable `Signature` with a known (or no) `keyVersion`, a valid
 * signature over the raw body, JSON, then the handler's schema. Answers are signed whenever the
 * client id is known.
 */
import { checkRequestTime, parseSignatureHeader, verify } from 'antom-card-checkout/server';
import type { ResultEnvelope } from '#shared';
import { SchemaError } from '#shared';
import type { GatewayContext } from '../context.js';
import type { Merchant } from '../engine/types.js';
import { result, type ResultCode } from '../engine/result-codes.js';
import { formatAntomTime } from '../engine/time.js';
import { readBody } from '../http/body.js';
import { isJsonContentType, jsonResponse } from '../http/envelope.js';
import { signResponse } from '../http/response-signing.js';
import type { HttpResponse, RequestContext, RouteHandler } from '../http/types.js';

/** Path prefixes of Antom's Open API: production-style and sandbox-style (official SDKs pick by client id). */
export const OPEN_API_PREFIXES = ['/ams/api/v1', '/ams/sandbox/api/v1'] as const;

/** A verified call, ready for its handler. */
export interface SignedCall {
  /** The registered merchant whose key verified the signature. */
  merchant: Merchant;
  /** The parsed JSON body (still unchecked: the handler applies its schema). */
  body: unknown;
}

/** A handler's answer: Antom's envelope plus fields. HTTP status 200 unless said otherwise. */
export interface OpenApiAnswer {
  /** HTTP status (default 200: Antom answers business errors with 200). */
  status?: number;
  /** The JSON body: Antom's envelope plus the operation's fields. */
  body: { result: ResultEnvelope } & Record<string, unknown>;
}

/** An Open API operation. May throw `SchemaError` (answered as `PARAM_ILLEGAL`). */
export type OpenApiOperation = (call: SignedCall) => OpenApiAnswer | Promise<OpenApiAnswer>;

/** An answer holding only the envelope of `code`, with HTTP 200 unless `status` says otherwise. */
export function failure(code: ResultCode, message?: string, status = 200): OpenApiAnswer {
  return { status, body: { result: result(code, message) } };
}

function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Writes an answer, signed for `merchant` when the caller's client id is known. */
async function reply(
  context: GatewayContext,
  ctx: RequestContext,
  merchant: Merchant | undefined,
  answer: OpenApiAnswer,
  extraHeaders: Record<string, string> = {},
): Promise<HttpResponse> {
  const response = jsonResponse(answer.status ?? 200, answer.body, extraHeaders);
  if (!merchant) return response;
  return signResponse(response, {
    method: ctx.method,
    target: ctx.target,
    clientId: merchant.clientId,
    time: formatAntomTime(context.engine.clock.now()),
    privateKey: context.privateKey,
  });
}

/** Wraps an operation with Antom's request checks and response signing. */
export function openApiRoute(context: GatewayContext, operation: OpenApiOperation): RouteHandler {
  return async (ctx) => {
    const clientId = header(ctx, 'client-id');
    const merchant = clientId === undefined ? undefined : context.engine.merchant(clientId);
    const answer = (value: OpenApiAnswer, extraHeaders?: Record<string, string>): Promise<HttpResponse> =>
      reply(context, ctx, merchant, value, extraHeaders);

    if (ctx.method !== 'POST')
      return answer(failure('METHOD_NOT_SUPPORTED', 'Only POST is supported.', 405), { Allow: 'POST' });
    if (!isJsonContentType(header(ctx, 'content-type'))) {
      return answer(failure('MEDIA_TYPE_NOT_ACCEPTABLE', 'Content-Type must be application/json.', 415));
    }
    if (!merchant) {
      return answer(failure('CLIENT_INVALID', clientId === undefined ? 'The Client-Id header is missing.' : undefined));
    }
    const signatureHeader = header(ctx, 'signature');
    if (!signatureHeader) return answer(failure('INVALID_SIGNATURE', 'The Signature header is missing.'));
    const signature = parseSignatureHeader(signatureHeader);
    if (!signature) {
      return answer(
        failure(
          'INVALID_SIGNATURE',
          'The Signature header must look like algorithm=RSA256,keyVersion=1,signature=<value> (keyVersion optional).',
        ),
      );
    }
    if (signature.algorithm !== 'RSA256')
      return answer(failure('INVALID_SIGNATURE', 'The signature algorithm must be RSA256.'));
    // Without keyVersion Antom takes the client's newest key; a sandbox merchant has one.
    if (signature.keyVersion !== undefined && signature.keyVersion !== merchant.keyVersion) {
      return answer(failure('KEY_NOT_FOUND', 'No key with this keyVersion is registered for the client.'));
    }
    const requestTime = header(ctx, 'request-time');
    if (!requestTime)
      return answer(failure('INVALID_SIGNATURE', 'The Request-Time header is required to verify the signature.'));

    const body = await readBody(ctx.req);
    if (!body.ok) {
      return body.reason === 'TOO_LARGE'
        ? {
            ...(await answer(failure('PARAM_ILLEGAL', 'The request body exceeds 65536 bytes.', 413))),
            closeConnection: !body.drained,
          }
        : answer(failure('PARAM_ILLEGAL', 'The request body could not be read.', 400));
    }
    const signed = {
      method: ctx.method,
      path: ctx.target,
      clientId: merchant.clientId,
      time: requestTime,
      body: body.text,
    };
    if (!verify(signed, signature.signature, merchant.publicKey)) return answer(failure('INVALID_SIGNATURE'));
    // Checked after the signature, so a stranger learns nothing of the gateway's clock.
    const timeProblem = checkRequestTime(requestTime, context.engine.clock.now().getTime(), context.requestTimeWindowMs);
    if (timeProblem === 'REQUEST_TIME_MALFORMED') {
      return answer(
        failure(
          'INVALID_SIGNATURE',
          'REQUEST_TIME_MALFORMED: Request-Time must be epoch milliseconds or ISO-8601 with seconds and a zone.',
        ),
      );
    }
    if (timeProblem) {
      const minutes = Math.round(context.requestTimeWindowMs / 60_000);
      return answer(
        failure(
          'INVALID_SIGNATURE',
          `REQUEST_TIME_OUTSIDE_WINDOW: Request-Time is more than ${minutes} min from the gateway's clock; sign each call anew.`,
        ),
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return answer(failure('PARAM_ILLEGAL', 'The request body is not valid JSON.'));
    }
    try {
      return answer(await operation({ merchant, body: json }));
    } catch (error) {
      if (error instanceof SchemaError) return answer(failure('PARAM_ILLEGAL', error.message));
      return answer(failure('SYSTEM_ERROR', 'internal error', 500));
    }
  };
}

/** Unknown Open API path: a 404 envelope (signed when the client id is known). */
export function openApiNotFound(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    const clientId = header(ctx, 'client-id');
    const merchant = clientId === undefined ? undefined : context.engine.merchant(clientId);
    return reply(context, ctx, merchant, failure('NOT_FOUND', undefined, 404));
  };
}

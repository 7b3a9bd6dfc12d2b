/**
 * (ours) The sandbox clock admin: `GET /sandbox/clock` tells the engine's time;
 * `POST /sandbox/clock/advance` with `{ "ms": n }` or `{ "days": n }` moves it forward and runs
 * what became due (authorizations released after their 7-day window), so the window can be tried
 * without waiting. Loopback only, and only while the gateway listens on loopback.
 */
import { number, object, optional, SchemaError } from '#shared';
import type { GatewayContext } from '../context.js';
import { isAdjustableClock } from '../engine/clock.js';
import { result } from '../engine/result-codes.js';
import { envelopeResponse, jsonResponse } from '../http/envelope.js';
import type { HttpResponse, RouteHandler } from '../http/types.js';
import { ADMIN_HEADERS, readAdminJson, refuseMethod, refuseRemote } from './admin.js';

/** Longest single move: ten years. */
export const MAX_CLOCK_ADVANCE_DAYS = 3650;

const DAY_MS = 24 * 60 * 60 * 1000;

const advanceRequest = object(
  {
    ms: optional(number({ min: 1, max: MAX_CLOCK_ADVANCE_DAYS * DAY_MS })),
    days: optional(number({ min: 0, exclusiveMin: true, max: MAX_CLOCK_ADVANCE_DAYS })),
  },
  { strict: true },
);

function clockState(context: GatewayContext): { now: string; mode: 'manual' | 'offset' | 'external' } {
  const clock = context.engine.clock;
  return { now: clock.now().toISOString(), mode: isAdjustableClock(clock) ? clock.mode : 'external' };
}

/** `GET /sandbox/clock`: the engine's time and clock mode, for loopback clients only. */
export function clockEndpoint(context: GatewayContext): RouteHandler {
  return async (ctx) =>
    refuseRemote(ctx) ??
    refuseMethod(ctx, ['GET', 'HEAD']) ??
    jsonResponse(200, { result: result('SUCCESS'), ...clockState(context) }, { ...ADMIN_HEADERS });
}

/** `POST /sandbox/clock/advance`. */
export function clockAdvanceEndpoint(context: GatewayContext): RouteHandler {
  return async (ctx): Promise<HttpResponse> => {
    const refused = refuseRemote(ctx) ?? refuseMethod(ctx, ['POST']);
    if (refused) return refused;
    const body = await readAdminJson(ctx, context);
    if (!body.ok) return body.response;
    let advancedMs: number;
    try {
      const request = advanceRequest.parse(body.json, '');
      if (request.ms !== undefined && request.days !== undefined) throw new SchemaError('send ms or days, not both');
      if (request.ms === undefined && request.days === undefined) throw new SchemaError('ms or days is required');
      advancedMs = Math.round(request.ms ?? (request.days ?? 0) * DAY_MS);
    } catch (error) {
      if (error instanceof SchemaError)
        return envelopeResponse(400, 'PARAM_ILLEGAL', error.message, { ...ADMIN_HEADERS });
      throw error;
    }
    const clock = context.engine.clock;
    if (!isAdjustableClock(clock)) {
      return envelopeResponse(409, 'PROCESS_FAIL', 'This gateway was started with a clock that cannot be moved.', {
        ...ADMIN_HEADERS,
      });
    }
    clock.advance(advancedMs);
    await context.engine.runDueJobs();
    return jsonResponse(200, { result: result('SUCCESS'), ...clockState(context), advancedMs }, { ...ADMIN_HEADERS });
  };
}

/**
 * (ours) Fault injection for tests: the hard paths of a checkout on demand, one request at a time.
 * A fault is armed on one path (an SDK endpoint the card frame calls, or an Open API path) for a
 * number of requests, then disarms itself, so a test knows exactly which request it hits:
 *
 * - `drop`: the request is handled (a payment is recorded), then the connection is destroyed
 *   before the answer is written, as when a network drops it on the way back;
 * - `error`: answered with a 5xx (`status`, default 503), before the request is handled (the
 *   gateway was down) or after it (`when: "after"`: recorded, but the answer is an error);
 * - `delay`: handled at once, but the answer waits until a test releases it
 *   (`POST /sandbox/faults/release`), so "slow" needs no timer;
 * - `hold`: the authorization the request runs is left in process (`U`/`PAYMENT_IN_PROCESS`)
 *   whatever the card, until `POST /sandbox/payments/settle` ends it.
 *
 * Mounted only when the gateway is started with `faultInjection` and listens on loopback; the
 * admin rules of `admin.ts` (loopback clients, JSON bodies, no foreign `Origin`) apply.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { number, object, oneOf, optional, SchemaError, string } from '#shared';
import type { GatewayContext } from '../context.js';
import { DECLINE_CODES, result } from '../engine/result-codes.js';
import { inquiryStatusOf } from '../engine/state-machine.js';
import { envelopeResponse, jsonResponse } from '../http/envelope.js';
import type { Router } from '../http/router.js';
import type { HttpResponse, RequestContext, RouteHandler } from '../http/types.js';
import { ADMIN_HEADERS, readAdminJson, refuseMethod, refuseRemote } from './admin.js';

/** What a fault does to the requests it hits. */
export type FaultKind = 'drop' | 'error' | 'delay' | 'hold';

/** The SDK endpoints a fault may target; Open API paths (`/ams/api/...`) may be targeted too. */
export const SDK_FAULT_PATHS: readonly string[] = [
  '/sdk/v1/session',
  '/sdk/v1/payments',
  '/sdk/v1/payments/inquiry',
  '/sdk/v1/vaults',
  '/sdk/v1/challenges/start',
  '/sdk/v1/challenges/complete',
];

/** Most requests one fault may hit. */
export const MAX_FAULT_COUNT = 100;

/** An armed fault, as the admin API reports it. */
export interface Fault {
  /** `fault-<n>`, in the order faults were armed. */
  id: string;
  /** What it does to the requests it hits. */
  kind: FaultKind;
  /** The exact request path it hits (POST requests only). */
  path: string;
  /** Requests it will still hit; 0 once used up. */
  remaining: number;
  /** Requests it has hit so far. */
  hits: number;
  /** HTTP status of an `error` answer. */
  status: number;
  /** Whether an `error` answers before or after the request is handled. */
  when: 'before' | 'after';
}

/** A `delay`ed answer waiting for its release. */
export interface HeldAnswer {
  /** `answer-<n>`. */
  id: string;
  /** The fault that held it. */
  faultId: string;
  /** The request's path. */
  path: string;
}

const faultRequest = object(
  {
    kind: oneOf(['drop', 'error', 'delay', 'hold'] as const),
    path: optional(string({ max: 200, pattern: /^\/(sdk\/v1|ams\/(sandbox\/)?api\/v1)\/[A-Za-z/]+$/ })),
    count: optional(number({ min: 1, max: MAX_FAULT_COUNT })),
    status: optional(number({ min: 500, max: 599 })),
    when: optional(oneOf(['before', 'after'] as const)),
  },
  { strict: true },
);

const releaseRequest = object({ id: optional(string({ max: 40 })) }, { strict: true });

const settleRequest = object(
  {
    paymentId: string({ max: 64 }),
    outcome: oneOf(['SUCCESS', 'FAIL'] as const),
    resultCode: optional(oneOf(DECLINE_CODES)),
  },
  { strict: true },
);

/** The faults of one gateway: armed rules, answers held back, and authorizations to leave in process. */
export class FaultDesk {
  private readonly faults: Fault[] = [];
  private readonly held = new Map<string, HeldAnswer & { release: () => void }>();
  private readonly holding = new AsyncLocalStorage<true>();
  private serial = 0;

  /** True while a request hit by a `hold` fault runs: the engine leaves its authorization in process. */
  readonly holdAuthorization = (): boolean => this.holding.getStore() === true;

  /** Arms a fault. */
  arm(kind: FaultKind, path: string, count: number, status: number, when: Fault['when']): Fault {
    const fault: Fault = { id: `fault-${++this.serial}`, kind, path, remaining: count, hits: 0, status, when };
    this.faults.push(fault);
    return fault;
  }

  /** Copies of every fault armed since the last clear, and the answers held back now. */
  state(): { faults: Fault[]; held: HeldAnswer[] } {
    return {
      faults: this.faults.map((fault) => ({ ...fault })),
      held: [...this.held.values()].map(({ id, faultId, path }) => ({ id, faultId, path })),
    };
  }

  /** Sends held answers on: the one with `id`, or all; returns how many. */
  release(id?: string): number {
    let released = 0;
    for (const answer of [...this.held.values()]) {
      if (id !== undefined && answer.id !== id) continue;
      this.held.delete(answer.id);
      answer.release();
      released += 1;
    }
    return released;
  }

  /** Disarms every fault and releases every held answer. */
  clear(): void {
    this.faults.length = 0;
    this.release();
  }

  /** `router` with every route a fault may hit wrapped; other paths resolve as before. */
  wrap(router: Router): Pick<Router, 'resolve'> {
    return {
      resolve: (pathname) => {
        const handler = router.resolve(pathname);
        return handler && ((ctx) => this.handle(ctx, handler));
      },
    };
  }

  private take(ctx: RequestContext): Fault | undefined {
    if (ctx.method !== 'POST') return undefined;
    const fault = this.faults.find((candidate) => candidate.path === ctx.pathname && candidate.remaining > 0);
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    return fault;
  }

  private async handle(ctx: RequestContext, handler: RouteHandler): Promise<HttpResponse> {
    const fault = this.take(ctx);
    if (!fault) return handler(ctx);
    const failure = (): HttpResponse => ({
      ...envelopeResponse(fault.status, 'SYSTEM_ERROR', `Sandbox fault ${fault.id}.`),
      resultCode: `FAULT_${fault.kind.toUpperCase()}`,
      closeConnection: true,
    });
    switch (fault.kind) {
      case 'error':
        if (fault.when === 'before') return failure();
        await handler(ctx);
        return failure();
      case 'drop': {
        const answer = await handler(ctx);
        // The answer is lost after the work is done: the client sees a connection reset.
        ctx.req.socket.destroy();
        return { ...answer, resultCode: 'FAULT_DROP' };
      }
      case 'delay': {
        const answer = await handler(ctx);
        const id = `answer-${++this.serial}`;
        await new Promise<void>((release) => this.held.set(id, { id, faultId: fault.id, path: ctx.pathname, release }));
        return answer;
      }
      case 'hold':
        return this.holding.run(true, () => handler(ctx));
    }
  }
}

function badRequest(error: unknown): HttpResponse {
  if (error instanceof SchemaError) return envelopeResponse(400, 'PARAM_ILLEGAL', error.message, { ...ADMIN_HEADERS });
  throw error;
}

/**
 * `GET /sandbox/faults` (armed faults and held answers); `POST /sandbox/faults` with `{ kind,
 * path?, count?, status?, when? }` arms one (default path `/sdk/v1/payments`, count 1, status 503,
 * when `before`).
 */
export function faultsEndpoint(context: GatewayContext, desk: FaultDesk): RouteHandler {
  return async (ctx) => {
    const refused = refuseRemote(ctx) ?? refuseMethod(ctx, ['GET', 'HEAD', 'POST']);
    if (refused) return refused;
    if (ctx.method !== 'POST')
      return jsonResponse(200, { result: result('SUCCESS'), ...desk.state() }, { ...ADMIN_HEADERS });
    const body = await readAdminJson(ctx, context);
    if (!body.ok) return body.response;
    let fault: Fault;
    try {
      const request = faultRequest.parse(body.json, '');
      if ([request.count, request.status].some((value) => value !== undefined && !Number.isInteger(value))) {
        throw new SchemaError('count and status must be integers');
      }
      const path = request.path ?? '/sdk/v1/payments';
      if (!SDK_FAULT_PATHS.includes(path) && !path.startsWith('/ams/')) {
        throw new SchemaError(`path must be one of ${SDK_FAULT_PATHS.join(', ')} or an Open API path`);
      }
      fault = desk.arm(request.kind, path, request.count ?? 1, request.status ?? 503, request.when ?? 'before');
    } catch (error) {
      return badRequest(error);
    }
    return jsonResponse(200, { result: result('SUCCESS'), fault }, { ...ADMIN_HEADERS });
  };
}

/** `POST /sandbox/faults/release` with `{ id? }`: sends the held answer `id` (or every one) on. */
export function faultsReleaseEndpoint(context: GatewayContext, desk: FaultDesk): RouteHandler {
  return async (ctx) => {
    const refused = refuseRemote(ctx) ?? refuseMethod(ctx, ['POST']);
    if (refused) return refused;
    const body = await readAdminJson(ctx, context);
    if (!body.ok) return body.response;
    let id: string | undefined;
    try {
      id = releaseRequest.parse(body.json, '').id;
    } catch (error) {
      return badRequest(error);
    }
    return jsonResponse(200, { result: result('SUCCESS'), released: desk.release(id) }, { ...ADMIN_HEADERS });
  };
}

/** `POST /sandbox/faults/clear` with `{}`: disarms every fault and releases every held answer. */
export function faultsClearEndpoint(context: GatewayContext, desk: FaultDesk): RouteHandler {
  return async (ctx) => {
    const refused = refuseRemote(ctx) ?? refuseMethod(ctx, ['POST']);
    if (refused) return refused;
    const body = await readAdminJson(ctx, context);
    if (!body.ok) return body.response;
    desk.clear();
    return jsonResponse(200, { result: result('SUCCESS') }, { ...ADMIN_HEADERS });
  };
}

/**
 * `POST /sandbox/payments/settle` with `{ paymentId, outcome: "SUCCESS" | "FAIL", resultCode? }`:
 * ends an authorization the acquirer left in process (a `hold`, or the in-process test card), as
 * the acquirer's late answer would, with its notification.
 */
export function settleEndpoint(context: GatewayContext): RouteHandler {
  return async (ctx) => {
    const refused = refuseRemote(ctx) ?? refuseMethod(ctx, ['POST']);
    if (refused) return refused;
    const body = await readAdminJson(ctx, context);
    if (!body.ok) return body.response;
    let request: { paymentId: string; outcome: 'SUCCESS' | 'FAIL'; resultCode?: (typeof DECLINE_CODES)[number] };
    try {
      request = settleRequest.parse(body.json, '');
    } catch (error) {
      return badRequest(error);
    }
    const settled = await context.engine.settlePendingAuthorization(
      request.paymentId,
      request.outcome,
      request.resultCode,
    );
    if (!settled.ok) return jsonResponse(409, { result: settled.error }, { ...ADMIN_HEADERS });
    const payment = settled.value;
    return jsonResponse(
      200,
      { result: result('SUCCESS'), paymentId: payment.paymentId, paymentStatus: inquiryStatusOf(payment.state) },
      { ...ADMIN_HEADERS },
    );
  };
}

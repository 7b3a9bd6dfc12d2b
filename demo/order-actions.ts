/**
 * The orders console's actions: capture, cancel and refund an order through the Antom client.
 * Each call carries a request id stored on the order (a retry of an unresolved call reuses it, so
 * Antom sees one request). The answer never moves the order: capture and refund results arrive as
 * notifications, and a cancel is confirmed by the server's own `inquiryPayment` (Antom sends no
 * notification for it).
 */
import { AntomError, isRecord, isSucceeded, type Amount, type AntomClient } from 'antom-card-checkout/server';
import type { Order, OrderAction, OrderActionKind, OrderStore } from './orders.js';

/** Body of `POST /api/orders/:id/capture|cancel|refund`, once validated. */
export interface ActionInput {
  /** Amount to capture or refund (default for capture: the order total). */
  amount?: Amount;
  /** Refund reason shown on the buyer's statement. */
  reason?: string;
}

/** Where an answer came from: Antom's verified response, the client (no trustworthy response), or the shop itself. */
export type AnswerSource = 'ANTOM' | 'CLIENT' | 'SHOP';

/** JSON answer of an action endpoint. */
export interface ActionAnswer {
  /** HTTP status: 200 when Antom answered (even `F`), 502 without a trustworthy answer, 4xx when the shop refused. */
  httpStatus: number;
  /** The JSON body the console reads; it never carries card data. */
  body: {
    /** `true` only when Antom answered `S`. */
    ok: boolean;
    /** Who produced the result, so the console can tell Antom's word from the shop's. */
    source: AnswerSource;
    /** Antom's `resultCode` (or the client error kind, or the shop's refusal code). */
    resultCode: string;
    /** Antom's `resultStatus`, `null` when Antom gave no trustworthy answer. */
    resultStatus: 'S' | 'F' | 'U' | null;
    /** Antom's `resultMessage` verbatim (or the client's or shop's message). */
    resultMessage: string;
    /** The order after the call, `null` when there is none. */
    order: Order | null;
  };
}

/** Parse result of an action body. */
export type ActionInputParse = { ok: true; value: ActionInput } | { ok: false; message: string };

const REASON_MAX = 256;

function parseAmount(value: unknown, order: Order): Amount | string {
  if (!isRecord(value)) return 'amount must be an object { currency, value }';
  const extra = Object.keys(value).find((key) => key !== 'currency' && key !== 'value');
  if (extra !== undefined) return `amount.${extra.slice(0, 40)} is not an accepted field`;
  if (value.currency !== order.amount.currency) {
    return `amount.currency must be ${order.amount.currency}, the order's currency`;
  }
  if (typeof value.value !== 'string' || !/^[1-9][0-9]{0,14}$/.test(value.value)) {
    return 'amount.value must be a positive whole number of minor units as a string, e.g. "2500"';
  }
  return { currency: value.currency, value: value.value };
}

/** Validates an action body (`undefined` for an empty body) against the order it is for. */
export function parseActionInput(kind: OrderActionKind, body: unknown, order: Order): ActionInputParse {
  const allowed = kind === 'CAPTURE' ? ['amount'] : kind === 'REFUND' ? ['amount', 'reason'] : [];
  if (body === undefined) {
    return kind === 'REFUND' ? { ok: false, message: 'a refund needs { amount, reason }' } : { ok: true, value: {} };
  }
  if (!isRecord(body)) return { ok: false, message: 'body must be a JSON object' };
  const extra = Object.keys(body).find((key) => !allowed.includes(key));
  if (extra !== undefined) {
    return { ok: false, message: `${extra.slice(0, 40)} is not an accepted field of a ${kind.toLowerCase()}` };
  }
  const value: ActionInput = {};
  if (body.amount !== undefined) {
    const amount = parseAmount(body.amount, order);
    if (typeof amount === 'string') return { ok: false, message: amount };
    value.amount = amount;
  } else if (kind === 'REFUND') {
    return { ok: false, message: 'a refund needs an amount { currency, value }' };
  }
  if (body.reason !== undefined) {
    if (
      typeof body.reason !== 'string' ||
      body.reason.length > REASON_MAX ||
      /[\u0000-\u001f\u007f]/.test(body.reason)
    ) {
      return {
        ok: false,
        message: `reason must be text of at most ${REASON_MAX} characters, without control characters`,
      };
    }
    if (body.reason.trim() !== '') value.reason = body.reason.trim();
  }
  return { ok: true, value };
}

function answer(
  httpStatus: number,
  source: AnswerSource,
  result: { resultCode: string; resultStatus: 'S' | 'F' | 'U' | null; resultMessage: string },
  order: Order | null,
): ActionAnswer {
  return {
    httpStatus,
    body: {
      ok: result.resultStatus === 'S' && source === 'ANTOM',
      source,
      resultCode: result.resultCode,
      resultStatus: result.resultStatus,
      resultMessage: result.resultMessage,
      order,
    },
  };
}

/** A refusal by the shop itself, before any call to Antom. */
export function shopRefusal(httpStatus: number, code: string, message: string, order: Order | null): ActionAnswer {
  return answer(httpStatus, 'SHOP', { resultCode: code, resultStatus: null, resultMessage: message }, order);
}

async function send(
  client: AntomClient,
  order: Order,
  action: OrderAction,
): Promise<{ resultCode: string; resultStatus: 'S' | 'U'; resultMessage: string }> {
  const paymentId = order.paymentId ?? '';
  switch (action.kind) {
    case 'CAPTURE': {
      const response = await client.capture({
        captureRequestId: action.requestId ?? '',
        paymentId,
        captureAmount: action.amount ?? order.amount,
      });
      return response.result;
    }
    case 'CANCEL': {
      const response = await client.cancel({ paymentId });
      return response.result;
    }
    case 'REFUND': {
      const response = await client.refund({
        refundRequestId: action.requestId ?? '',
        paymentId,
        refundAmount: action.amount ?? order.amount,
        ...(action.reason ? { refundReason: action.reason } : {}),
      });
      return response.result;
    }
  }
}

/** Confirms a cancel (or anything else) with the server's own inquiry; a failed inquiry changes nothing. */
export async function confirmByInquiry(client: AntomClient, orders: OrderStore, order: Order): Promise<void> {
  try {
    const inquiry = await client.inquiryPayment({ paymentRequestId: order.paymentRequestId });
    if (isSucceeded(inquiry)) await orders.applyInquiry(order.id, inquiry);
  } catch (error) {
    if (!(error instanceof AntomError)) throw error;
  }
}

/** Runs one capture, cancel or refund for an order and records Antom's answer on it. */
export async function runAction(
  client: AntomClient,
  orders: OrderStore,
  orderId: string,
  kind: OrderActionKind,
  input: ActionInput,
): Promise<ActionAnswer> {
  const begun = await orders.beginAction(orderId, kind, input);
  if (!begun.ok) {
    const order = (await orders.get(orderId)) ?? null;
    return shopRefusal(begun.code === 'ORDER_NOT_FOUND' ? 404 : 409, begun.code, begun.message, order);
  }
  const { action, index } = begun;
  const order = await orders.get(orderId);
  if (!order) return shopRefusal(404, 'ORDER_NOT_FOUND', `No order ${orderId}.`, null);
  const finish = async (result: { resultCode: string; resultStatus: 'S' | 'F' | 'U' | null; resultMessage: string }) =>
    (await orders.finishAction(orderId, index, result)) ?? order;
  try {
    const result = await send(client, order, action);
    let after = await finish(result);
    if (kind === 'CANCEL' && result.resultStatus === 'S') {
      await confirmByInquiry(client, orders, after);
      after = (await orders.get(orderId)) ?? after;
    }
    return answer(200, 'ANTOM', result, after);
  } catch (error) {
    if (error instanceof AntomError && error.kind === 'RESULT_FAILED') {
      const result = {
        resultCode: error.resultCode ?? 'UNKNOWN',
        resultStatus: 'F' as const,
        resultMessage: error.resultMessage ?? '',
      };
      return answer(200, 'ANTOM', result, await finish(result));
    }
    if (error instanceof AntomError) {
      // No trustworthy answer: the call may or may not have reached Antom, so it stays retryable.
      const result = { resultCode: error.kind, resultStatus: null, resultMessage: error.message };
      return answer(502, 'CLIENT', result, await finish(result));
    }
    if (error instanceof TypeError) {
      // The client refused the request before sending it.
      const result = { resultCode: 'INVALID_REQUEST', resultStatus: 'F' as const, resultMessage: error.message };
      return answer(400, 'SHOP', result, await finish(result));
    }
    await finish({ resultCode: 'INTERNAL_ERROR', resultStatus: null, resultMessage: 'the shop failed' });
    throw error;
  }
}

/**
 * Notifications as a merchant sees them: an endpoint that receives them (and answers as scripted),
 * and signed notifications built the way Antom sends them, for the client's and the demo's tests.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { formatSignatureHeader, sign, type KeyLike } from '../../src/server/signing.js';
import { closeServer, listen } from './http.js';

/** Antom's notification acknowledgement, as the merchant answers it. */
export const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

/** A notification as a merchant endpoint received it. */
export interface Receipt {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawHeaderNames: string[];
  body: string;
  /** `performance.now()` at arrival. */
  at: number;
}

/** A merchant notification endpoint. */
export interface Receiver {
  url: (path: string) => string;
  receipts: Receipt[];
  /** Parsed bodies, in arrival order. */
  bodies: () => Array<Record<string, unknown>>;
  close: () => Promise<void>;
}

/** A receiver's reply; `delayMs` holds the answer back. */
export interface Reply {
  status: number;
  body: string;
  delayMs?: number;
}

/**
 * Starts a notification endpoint on 127.0.0.1; `answer(n, body, receipt)` decides the reply to the
 * n-th (1-based) delivery (default: the acknowledgement).
 */
export async function startReceiver(
  answer: (n: number, body: string, receipt: Receipt) => Reply = () => ({ status: 200, body: ACK }),
): Promise<Receiver> {
  const receipts: Receipt[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const receipt: Receipt = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, index) => index % 2 === 0),
        body,
        at: performance.now(),
      };
      receipts.push(receipt);
      const reply = answer(receipts.length, body, receipt);
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(reply.body);
      }, reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  const port = await listen(server);
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    receipts,
    bodies: () => receipts.map((receipt) => JSON.parse(receipt.body) as Record<string, unknown>),
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      return closeServer(server);
    },
  };
}

/** Headers and body of a signed notification. */
export interface SignedNotification {
  headers: Record<string, string>;
  body: string;
}

/** Signs `payload` for `POST <path>` as Antom would, with the given key, at `requestTime` (default: now). */
export function signNotification(
  payload: object | string,
  options: { path: string; clientId: string; privateKey: KeyLike; requestTime?: string },
): SignedNotification {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const requestTime = options.requestTime ?? new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const value = sign(
    { method: 'POST', path: options.path, clientId: options.clientId, time: requestTime, body },
    options.privateKey,
  );
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'client-id': options.clientId,
      'request-time': requestTime,
      signature: formatSignatureHeader(value),
    },
  };
}

/** A PAYMENT_RESULT payload. */
export function paymentResult(options: {
  paymentRequestId: string;
  paymentId?: string;
  status?: 'S' | 'F' | 'U';
  code?: string;
  value?: string;
}): Record<string, unknown> {
  const status = options.status ?? 'S';
  const code = options.code ?? (status === 'S' ? 'SUCCESS' : status === 'U' ? 'PAYMENT_IN_PROCESS' : 'DO_NOT_HONOR');
  return {
    notifyType: 'PAYMENT_RESULT',
    result: { resultCode: code, resultStatus: status, resultMessage: code.toLowerCase() },
    paymentRequestId: options.paymentRequestId,
    paymentId: options.paymentId ?? 'pay_1',
    paymentAmount: { currency: 'USD', value: options.value ?? '2500' },
    paymentCreateTime: '2025-03-01T10:00:00+08:00',
    ...(status === 'S' ? { paymentTime: '2025-03-01T10:00:01+08:00' } : {}),
    paymentResultInfo: { cardNo: '************0768', cardBrand: 'VISA', lastFour: '0768', funding: 'CREDIT' },
    acquirerInfo: { acquirerName: 'SANDBOX_ACQUIRER_A', acquirerTransactionId: 'acq_1' },
  };
}

/** A CAPTURE_RESULT payload. */
export function captureResult(options: {
  paymentId?: string;
  status?: 'S' | 'F';
  value?: string;
  captureId?: string;
  captureRequestId?: string;
}): Record<string, unknown> {
  const status = options.status ?? 'S';
  return {
    notifyType: 'CAPTURE_RESULT',
    result: {
      resultCode: status === 'S' ? 'SUCCESS' : 'PROCESS_FAIL',
      resultStatus: status,
      resultMessage: status === 'S' ? 'success' : 'process fail',
    },
    captureRequestId: options.captureRequestId ?? 'cap_req_1',
    paymentId: options.paymentId ?? 'pay_1',
    captureId: options.captureId ?? 'cap_1',
    captureAmount: { currency: 'USD', value: options.value ?? '2500' },
    captureTime: '2025-03-01T10:00:02+08:00',
  };
}

/** A REFUND_RESULT payload. */
export function refundResult(options: {
  paymentId?: string;
  refundId?: string;
  refundRequestId?: string;
  status?: 'SUCCESS' | 'FAIL';
  value?: string;
}): Record<string, unknown> {
  const succeeded = (options.status ?? 'SUCCESS') === 'SUCCESS';
  return {
    notifyType: 'REFUND_RESULT',
    result: succeeded
      ? { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }
      : { resultCode: 'PROCESS_FAIL', resultStatus: 'F', resultMessage: 'refund failed' },
    refundStatus: succeeded ? 'SUCCESS' : 'FAIL',
    refundRequestId: options.refundRequestId ?? 'ref_req_1',
    refundId: options.refundId ?? 'ref_1',
    paymentId: options.paymentId ?? 'pay_1',
    refundAmount: { currency: 'USD', value: options.value ?? '2500' },
    refundTime: '2025-03-01T11:00:00+08:00',
  };
}

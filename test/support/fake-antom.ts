/**
 * A tiny signed stand-in for Antom's Open API, for client and demo tests: it checks the request
 * signature with `KEYS.merchant`, records each request, and answers what the test scripts: signed
 * with `KEYS.antom`, unsigned, signed by a stranger, tampered with, or slow.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { formatSignatureHeader, parseSignatureHeader, sign, verify } from '../../src/server/signing.js';
import { closeServer, listen } from './http.js';
import { KEYS } from './keys.js';

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The request signature verified with the merchant public key. */
  signatureValid: boolean;
}

/** What the fake answers. */
export interface FakeReply {
  status?: number;
  /** Object bodies are JSON-serialized. */
  body: string | object;
  /** `valid` (default), `none`, `wrong-key` (signed by a stranger), `tampered` (signed, then one byte of the body changed). */
  signing?: 'valid' | 'none' | 'wrong-key' | 'tampered';
  /** Client id named in the response headers (default: the request's). */
  clientId?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** A running fake. */
export interface FakeAntom {
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, ephemeral port. */
export async function startFakeAntom(reply: (request: RecordedRequest) => FakeReply): Promise<FakeAntom> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const clientId = String(req.headers['client-id'] ?? '');
      const time = String(req.headers['request-time'] ?? '');
      const header = parseSignatureHeader(req.headers['signature'] as string | undefined);
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body,
        signatureValid:
          header !== undefined &&
          verify({ method: req.method ?? '', path, clientId, time, body }, header.signature, KEYS.merchant.publicKey),
      };
      requests.push(recorded);
      const answer = reply(recorded);
      const send = (): void => {
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
        const signing = answer.signing ?? 'valid';
        if (signing !== 'none') {
          const responseClientId = answer.clientId ?? clientId;
          const responseTime = '2025-01-01T00:00:00Z';
          const signer = signing === 'wrong-key' ? KEYS.stranger.privateKey : KEYS.antom.privateKey;
          const value = sign(
            { method: 'POST', path, clientId: responseClientId, time: responseTime, body: text },
            signer,
          );
          headers['client-id'] = responseClientId;
          headers['response-time'] = responseTime;
          headers['signature'] = formatSignatureHeader(value);
        }
        const sent = signing === 'tampered' ? text.replace('S', 'F') : text;
        res.writeHead(answer.status ?? 200, headers);
        res.end(sent);
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      } else {
        send();
      }
    });
  });
  const port = await listen(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      return closeServer(server);
    },
  };
}

/** An `S` envelope. */
export const SUCCESS = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' } as const;

/** A valid createPaymentSession answer. */
export function sessionReply(): FakeReply {
  return {
    body: {
      result: SUCCESS,
      paymentSessionData: 'token&&SG&&111&&eyJ9',
      paymentSessionId: 'ps_1',
      paymentSessionExpiryTime: '2030-01-01T00:00:00Z',
    },
  };
}

/**
 * Signs gateway answers the way Antom does: headers `client-id`, `response-time`, `signature`
 * (sent in lower case: Antom's Python SDK reads them case-sensitively) over
 * `<request method> <request target>\n<clientId>.<response-time>.<raw response body>`.
 */
import type { KeyObject } from 'node:crypto';
import { formatSignatureHeader, signAsync } from 'antom-card-checkout/server';
import type { HttpResponse } from './types.js';

/** What a response signature covers besides the body. */
export interface ResponseSigningInput {
  /** Method of the request being answered. */
  method: string;
  /** Target of the request being answered (path plus query, as sent). */
  target: string;
  /** Client id of the merchant the answer is for, sent back as the `client-id` header. */
  clientId: string;
  /** `response-time` header value. */
  time: string;
  /** The gateway's RSA private key; merchants verify with its public half. */
  privateKey: KeyObject;
}

/** Returns `response` with the three signature headers added (signed off the event loop). */
export async function signResponse(response: HttpResponse, input: ResponseSigningInput): Promise<HttpResponse> {
  const body = typeof response.body === 'string' ? response.body : response.body.toString('utf8');
  const signature = await signAsync(
    { method: input.method, path: input.target, clientId: input.clientId, time: input.time, body },
    input.privateKey,
  );
  return {
    ...response,
    headers: {
      ...response.headers,
      'client-id': input.clientId,
      'response-time': input.time,
      signature: formatSignatureHeader(signature, '1'),
    },
  };
}

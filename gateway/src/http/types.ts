/** The small HTTP vocabulary shared by the gateway's endpoint modules. */
import type { IncomingMessage } from 'node:http';

/** One incoming request, with its target split once. */
export interface RequestContext {
  /** The raw request (headers, body stream). */
  req: IncomingMessage;
  /** The method in upper case, e.g. `POST`, whatever case the client sent. */
  method: string;
  /** Request target as sent: path plus query (what Antom signs). */
  target: string;
  /** Path without the query, undecoded. */
  pathname: string;
  /** The query string parsed; empty when the target has none. */
  query: URLSearchParams;
}

/** What a handler answers; the server writes and logs it. */
export interface HttpResponse {
  /** HTTP status; an Open API business refusal is still 200 (see `OpenApiAnswer`). */
  status: number;
  /** Header names exactly as they must be sent. */
  headers: Record<string, string>;
  /** The bytes to send; a string is sent as UTF-8. */
  body: string | Buffer;
  /** Result code for the request log line (never the body). */
  resultCode?: string;
  /** Close the connection after answering (e.g. a request body was left unread). */
  closeConnection?: boolean;
}

/** Handles one route. Must not throw; the server still guards against it. */
export type RouteHandler = (ctx: RequestContext) => Promise<HttpResponse>;

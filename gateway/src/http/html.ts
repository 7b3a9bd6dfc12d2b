/** Server-rendered HTML: escaping for text and attribute values, and the answer helper. */
import type { HttpResponse } from './types.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value (merchant names are merchant input). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

/** An HTML answer: never cached, never sniffed, no referrer. */
export function htmlResponse(
  status: number,
  html: string | Buffer,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...headers,
    },
    body: html,
  };
}

/** A CSS answer for a page's own stylesheet. */
export function cssResponse(css: string): HttpResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
    body: css,
  };
}

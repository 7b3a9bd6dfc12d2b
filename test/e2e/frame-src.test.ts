/**
 * A merchant page whose Content-Security-Policy leaves the gateway out of `frame-src`: the browser
 * blocks the card frame without telling the page, so the element watches for the violation and
 * names it at once (`FRAME_BLOCKED`, with the origin to add), instead of waiting out `frame-timeout`
 * and blaming the network. Needs `npm run build`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { CDN_DIR, cdnIntegrity } from '../support/cdn.js';
import { waitFor } from '../support/waits.js';
import { closeServer, listen } from '../support/http.js';
import { launchBrowser } from './support/checkout-page.js';
// The element's tag-name typings, for code evaluated in the page (a type-only import: nothing runs in Node).
import type {} from '../../src/element/define.js';

const GATEWAY = 'http://127.0.0.1:2';

let browser: Browser;
let server: Server;
let origin: string;

before(async () => {
  browser = await launchBrowser();
  server = createServer((request, response) => {
    // dist/cdn under its own names: the lazy chunks (the warning texts among them) import the entry by its name.
    const asset = /^\/assets\/([\w.-]+\.js)$/.exec(request.url ?? '');
    if (asset) {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(join(CDN_DIR, asset[1]!)));
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      // Everything the element needs but the gateway in frame-src.
      'Content-Security-Policy': "default-src 'self'; script-src 'self'; frame-src 'self'; connect-src 'self'",
    });
    response.end(`<!doctype html><html lang="en"><head><script type="module" src="/assets/${cdnIntegrity().module}"></script></head><body></body></html>`);
  });
  origin = `http://localhost:${await listen(server)}`;
});

after(async () => {
  await browser.close();
  await closeServer(server);
});

test('a CSP without the gateway in frame-src is named at once, with the origin to add', async () => {
  const page = await browser.newPage();
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  try {
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => customElements.get('antom-card-checkout') !== undefined);
    const started = Date.now();
    const detail = await page.evaluate(async (gateway) => {
      const json = {
        clientId: 'SANDBOX_DEMO',
        paymentSessionConfig: { productScene: 'CASHIER_PAYMENT', paymentMethodCategoryType: 'CARD', productSceneVersion: '1.0' },
        paymentSessionId: 'ps_csp_0001',
        gatewayOrigin: gateway,
        mode: 'payment',
      };
      const element = document.createElement('antom-card-checkout');
      const failed = new Promise<CustomEvent>((resolve) => element.addEventListener('antom-error', (event) => resolve(event), { once: true }));
      element.session = `csp_token_0123456789abcd&&SG&&1&&${btoa(JSON.stringify(json))}`;
      document.body.append(element);
      const event = await failed;
      const shown = element.shadowRoot!.querySelector('[part~="error"]')?.textContent?.trim();
      return { ...(event.detail as Record<string, unknown>), shown } as Record<string, unknown>;
    }, GATEWAY);
    assert.equal(detail['reason'], 'FRAME_BLOCKED');
    assert.equal(detail['code'], 'SDK_CREATECOMPONENT_ERROR');
    assert.equal(detail['shown'], detail['message']);
    assert.ok(Date.now() - started < 5000, 'named long before the 15 s frame timeout');
    // The element's words load on demand (a chunk of their own), so the warning follows the event.
    await waitFor(() => warnings.some((text) => text.includes(`add ${GATEWAY} to frame-src`)), {
      message: () => `the frame-src warning among ${JSON.stringify(warnings)}`,
    });
  } finally {
    await page.close();
  }
});

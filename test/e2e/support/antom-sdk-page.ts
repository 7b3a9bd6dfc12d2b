/**
 * A merchant page that mounts `<antom-card-checkout>` (the built script-tag bundle, with the real
 * `@alipay/ams-checkout` chunk) for sessions Antom minted, in Chromium, with nothing reaching the
 * internet: every non-loopback request is recorded and either answered locally (Antom's hosted card
 * page by a stand-in that speaks the SDK's protocol, its session query by a canned answer) or
 * refused. What the real hosted page does can only be checked against Antom's sandbox.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import { cdnIntegrity } from '../../support/cdn.js';
import { closeServer, listen } from '../../support/http.js';
import { waitFor } from '../../support/waits.js';
import { ELEMENT_EVENTS, type RecordedEvent } from './checkout-page.js';
// The element's tag-name typings, for code evaluated in the page (a type-only import: nothing runs in Node).
import type {} from '../../../src/element/define.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const CDN = join(ROOT, 'dist/cdn');
const HOSTED_PAGE = readFileSync(new URL('./antom-hosted-page.html', import.meta.url), 'utf8');

/** Where Antom's Web SDK 1.47 loads its hosted card components from (docs/antom-api.md section 10). */
export const ANTOM_COMPONENT_PREFIX = 'https://ac.alipay.com/page/antom-web-checkout/src/component-app/';

/** Antom-format session data: an opaque token, the region, a number, Base64 JSON naming the scene. */
export function antomSessionData(scene: 'CASHIER_PAYMENT' | 'VAULTING' = 'CASHIER_PAYMENT', region = 'SG'): string {
  const json = {
    clientId: 'SANDBOX_5YTEST0000000',
    paymentSessionConfig: { productScene: scene, paymentMethodCategoryType: 'CARD', productSceneVersion: '1.0' },
  };
  return ['UNvjVWnWPXJA4BgW+vfjsQj7PbOra/fHY19X+6EqMz6K==', region, '111', Buffer.from(JSON.stringify(json)).toString('base64')].join('&&');
}

/** What the outside world does for a test: Antom's pages served by the stand-in, or nothing at all. */
export type Outside = 'stand-in' | 'refused';

/** Serves the test page and the built bundle on loopback. */
export class AntomSdkSite {
  private constructor(
    private readonly server: Server,
    /** The merchant page's origin, e.g. `http://localhost:41234`. */
    readonly origin: string,
  ) {}

  static async start(): Promise<AntomSdkSite> {
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Antom SDK checkout</title>' +
            `<script type="module" src="/assets/${cdnIntegrity().module}"></script></head>` +
            '<body><main id="shop"></main><aside id="elsewhere"></aside></body></html>',
        );
        return;
      }
      const file = normalize(path.replace(/^\/assets\//, '/'));
      if (!path.startsWith('/assets/') || file.includes('..')) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = readFileSync(join(CDN, file));
        response.writeHead(200, { 'Content-Type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream' });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    const port = await listen(server);
    return new AntomSdkSite(server, `http://localhost:${port}`);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}

/** One browser context on the test page, with the outside world under the test's control. */
export class AntomSdkPage {
  /** Every non-loopback URL the page asked for, in order. */
  readonly outsideRequests: string[] = [];
  /** Every URL the page asked for on loopback (the merchant's site, a sandbox gateway). */
  readonly localRequests: string[] = [];
  outside: Outside;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    outside: Outside,
  ) {
    this.outside = outside;
  }

  /** Opens `url` (the test site's page, or a merchant page such as the demo's) with the outside under control. */
  static async open(browser: Browser, site: AntomSdkSite | string, outside: Outside = 'stand-in'): Promise<AntomSdkPage> {
    const url = typeof site === 'string' ? site : `${site.origin}/`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const harness = new AntomSdkPage(context, page, outside);
    await context.route('**/*', (route) => harness.route(route, new URL(url).origin));
    await page.addInitScript(EVENT_LOG);
    await page.addInitScript(LISTENER_COUNT);
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('antom-card-checkout') !== undefined);
    return harness;
  }

  private async route(route: Route, origin: string): Promise<void> {
    const request = route.request();
    const url = request.url();
    const { hostname } = new URL(url);
    if (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]') {
      this.localRequests.push(url);
      await route.continue();
      return;
    }
    this.outsideRequests.push(url);
    if (this.outside === 'stand-in' && url.startsWith(ANTOM_COMPONENT_PREFIX)) {
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: HOSTED_PAGE });
      return;
    }
    // The SDK's session query (axios, with credentials): a canned answer with no saved cards.
    if (this.outside === 'stand-in' && /^https:\/\/imgs-[a-z]+-global\.alipay\.com\/mgw\.htm/.test(url)) {
      const cors = { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
      if (request.method() === 'OPTIONS') {
        await route.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' } });
        return;
      }
      await route.fulfill({ status: 200, contentType: 'application/json', headers: cors, body: JSON.stringify({ success: true, savedPaymentMethods: [], paymentMethods: [] }) });
      return;
    }
    await route.abort('blockedbyclient');
  }

  /** Mounts an element with `attributes` into `#shop` and gives it `session`. */
  async mount(attributes: Record<string, string>, session: unknown): Promise<void> {
    await this.page.evaluate(
      ({ attributes, session }) => {
        const element = document.createElement('antom-card-checkout');
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
        element.session = session as HTMLElementTagNameMap['antom-card-checkout']['session'];
        document.querySelector('#shop')!.append(element);
      },
      { attributes, session },
    );
  }

  /** The element events seen so far. */
  events(): Promise<RecordedEvent[]> {
    return this.page.evaluate(() => (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents);
  }

  /** Waits for the `count`-th event of `type` and returns it. */
  async event(type: string, count = 1): Promise<RecordedEvent> {
    return waitFor(
      async () => (await this.events()).filter((event) => event.type === type)[count - 1],
      { timeout: 20000, message: async () => `no ${type} #${count}; events: ${JSON.stringify((await this.events()).map((e) => e.type))}` },
    );
  }

  /** The element's `state.status`. */
  status(): Promise<string | undefined> {
    return this.page.evaluate(() => document.querySelector('antom-card-checkout')?.state.status);
  }

  /** The stand-in hosted page's frame, once the SDK has loaded it. */
  async hostedFrame(): Promise<Frame> {
    return waitFor(() => this.page.frames().find((frame) => frame.url().startsWith(ANTOM_COMPONENT_PREFIX)), {
      timeout: 20000,
      message: 'the SDK never loaded its hosted card page',
    });
  }

  /** Makes the hosted page report `code` with `result` through the SDK, as Antom's page would. */
  async hostedReports(code: string, result?: unknown): Promise<void> {
    const frame = await this.hostedFrame();
    await frame.evaluate(
      ({ code, result }) => (window as unknown as { hosted: { code(code: string, result?: unknown): void } }).hosted.code(code, result),
      { code, result },
    );
  }

  /** Iframes of Antom's hosted pages now in the document (the SDK's preload frames are not counted). */
  sdkFrames(): Promise<number> {
    return this.page.evaluate(
      (prefix) => [...document.querySelectorAll('iframe')].filter((frame) => frame.src.startsWith(prefix) && !frame.src.includes('isPreload=true')).length,
      ANTOM_COMPONENT_PREFIX,
    );
  }

  /** `message` and `resize` listeners on window added since the page loaded and not removed. */
  windowListeners(): Promise<{ message: number; resize: number }> {
    return this.page.evaluate(() => (window as unknown as { __windowListeners(): { message: number; resize: number } }).__windowListeners());
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** Records every element event, capturing, before the page's own scripts. */
const EVENT_LOG = `
  (() => {
    const log = [];
    Object.defineProperty(window, '__antomEvents', { value: log });
    for (const name of ${JSON.stringify(ELEMENT_EVENTS)}) {
      window.addEventListener(name, (event) => log.push({ type: name, detail: event.detail }), true);
    }
  })();
`;

/** Counts window listeners by type that are still registered (added minus removed, per function). */
const LISTENER_COUNT = `
  (() => {
    const key = (type, fn, options) => [type, fn, typeof options === 'boolean' ? options : !!(options && options.capture)];
    const add = window.addEventListener;
    const remove = window.removeEventListener;
    const entries = [];
    window.addEventListener = function (type, fn, options) {
      if (fn && !entries.some((e) => e[0] === type && e[1] === fn)) entries.push(key(type, fn, options));
      return add.call(this, type, fn, options);
    };
    window.removeEventListener = function (type, fn, options) {
      const index = entries.findIndex((e) => e[0] === type && e[1] === fn);
      if (index >= 0) entries.splice(index, 1);
      return remove.call(this, type, fn, options);
    };
    Object.defineProperty(window, '__windowListeners', {
      value: () => ({
        message: entries.filter((e) => e[0] === 'message').length,
        resize: entries.filter((e) => e[0] === 'resize').length,
      }),
    });
  })();
`;

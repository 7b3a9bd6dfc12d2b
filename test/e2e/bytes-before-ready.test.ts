/**
 * The byte budgets as Chromium lives them (issue 13, docs/quality-bars.md): every response the
 * browser fetched, from the page's navigation until `antom-ready`, counted at gzip level 9. On the
 * merchant's origin, the element's files (the entry and every chunk under `/assets/`; the shop's
 * own page, scripts and session answer are the merchant's, not ours): at most 20 KB for a first-time
 * buyer and for a returning buyer whose saved cards are listed. From the gateway, everything the card
 * frame fetched (page, styles, scripts, catalogue, icons, fonts, data): at most 12 KB for an English
 * buyer. A German buyer keeps both bars without the two catalogues (element and frame), which are
 * reported, as is what loads after ready (the outcome code and texts, the brand marks, the watcher). A stylesheet, font or icon added before ready is counted here
 * whether or not the static budget test (test/build/size-budget.test.ts) knows its name.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Browser, Request } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { withTestServers, type TestServers } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { launchBrowser } from './support/checkout-page.js';
import { seedSavedCard } from './support/saved-cards-page.js';

const KB = 1024;

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** One response: where it came from, when its request started (epoch ms), its gzip size. */
interface Fetched {
  origin: string;
  path: string;
  startedAt: number;
  gzip: number;
}

interface Visit {
  /** Epoch ms of `antom-ready` on the page. */
  readyAt: number;
  fetched: Fetched[];
}

/** Opens the shop's checkout page in a fresh context (no cache) and records every response until a while after ready. */
async function visit(servers: TestServers, lang?: string): Promise<Visit> {
  const context = await browser.newContext(lang ? { locale: lang } : {});
  const page = await context.newPage();
  const fetched: Fetched[] = [];
  const pending: Promise<void>[] = [];
  const record = (request: Request): void => {
    pending.push(
      (async () => {
        const response = await request.response();
        if (!response || response.status() >= 300) return;
        const url = new URL(request.url());
        const body = await response.body().catch(() => Buffer.alloc(0));
        fetched.push({
          origin: url.origin,
          path: url.pathname,
          startedAt: request.timing().startTime,
          gzip: gzipSync(body, { level: 9 }).length,
        });
      })(),
    );
  };
  page.on('requestfinished', record);
  try {
    await page.addInitScript((language) => {
      // Once the page is parsed and before its module scripts (the element) run.
      if (language)
        document.addEventListener('readystatechange', () => (document.documentElement.lang = language), { once: true });
      window.addEventListener(
        'antom-ready',
        () => Object.assign(window, { __readyAt: performance.timeOrigin + performance.now() }),
        { capture: true, once: true },
      );
    }, lang ?? '');
    await page.goto(`${servers.demoOrigin}/`);
    const readyAt = await waitFor(() => page.evaluate(() => (window as unknown as { __readyAt?: number }).__readyAt), {
      message: 'antom-ready',
      timeout: 15000,
    });
    // What the element and the frame fetch right after ready (outcome code, brand marks) is reported too.
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    return { readyAt, fetched };
  } finally {
    await context.close();
  }
}

const sum = (list: Fetched[]): number => list.reduce((total, entry) => total + entry.gzip, 0);
const kb = (bytes: number): string => `${(bytes / KB).toFixed(2)} KB`;
const names = (list: Fetched[]): string =>
  list.map((entry) => `${entry.path.replace(/^.*\//, '')} ${kb(entry.gzip)}`).join(', ');

/** The element's files on the merchant's origin and the frame's from the gateway, before and after ready. */
function split(servers: TestServers, { readyAt, fetched }: Visit) {
  const element = fetched.filter((entry) => entry.origin === servers.demoOrigin && entry.path.startsWith('/assets/'));
  const frame = fetched.filter((entry) => entry.origin === servers.gatewayOrigin);
  const before = (list: Fetched[]): Fetched[] => list.filter((entry) => entry.startedAt < readyAt);
  const later = (list: Fetched[]): Fetched[] => list.filter((entry) => entry.startedAt >= readyAt);
  return {
    element: before(element),
    frame: before(frame),
    elementLater: later(element),
    frameLater: later(frame),
  };
}

describe('bytes downloaded before antom-ready, as Chromium fetched them', () => {
  test('an English first-time buyer: the element at most 20 KB, the card frame at most 12 KB', async () => {
    await withTestServers(async (servers) => {
      const parts = split(servers, await visit(servers));
      console.log(`first-time buyer: element ${kb(sum(parts.element))} (${names(parts.element)})`);
      console.log(`first-time buyer: card frame ${kb(sum(parts.frame))} (${names(parts.frame)})`);
      console.log(`after ready: element ${names(parts.elementLater)}; frame ${names(parts.frameLater)}`);
      assert.ok(parts.element.some((entry) => /antom-card-checkout-[\d.]+\.js$/.test(entry.path)), 'the entry was counted');
      assert.ok(parts.frame.some((entry) => entry.path === '/sdk/v1/frame'), "the frame's page was counted");
      // The gateway inlines the frame's script and stylesheet in its page (ours); either way they are counted.
      const page = parts.frame.find((entry) => entry.path === '/sdk/v1/frame');
      const asFiles = ['.js', '.css'].every((type) => parts.frame.some((entry) => entry.path.endsWith(type)));
      assert.ok(asFiles || (page?.gzip ?? 0) > 8 * KB, "the frame's script and stylesheet were counted");
      assert.ok(sum(parts.element) <= 20 * KB, `element ${sum(parts.element)} bytes > 20 KB`);
      assert.ok(sum(parts.frame) <= 12 * KB, `card frame ${sum(parts.frame)} bytes > 12 KB`);
    });
  });

  test('a returning buyer with a saved card: the list comes before ready, and the element stays within 20 KB', async () => {
    await withTestServers(async (servers) => {
      await seedSavedCard(servers, { number: CARDS.visa.approved });
      const parts = split(servers, await visit(servers));
      console.log(`returning buyer: element ${kb(sum(parts.element))} (${names(parts.element)})`);
      console.log(`returning buyer: card frame ${kb(sum(parts.frame))}`);
      assert.ok(parts.element.some((entry) => /saved-cards-/.test(entry.path)), 'the saved-card list was counted');
      assert.ok(sum(parts.element) <= 20 * KB, `element ${sum(parts.element)} bytes > 20 KB`);
      assert.ok(sum(parts.frame) <= 12 * KB, `card frame ${sum(parts.frame)} bytes > 12 KB`);
    });
  });

  test('a German buyer: the catalogues are counted and reported', async () => {
    await withTestServers(async (servers) => {
      const parts = split(servers, await visit(servers, 'de-DE'));
      const catalogues = (list: Fetched[]): Fetched[] => list.filter((entry) => /de_DE/.test(entry.path));
      console.log(`German buyer: element ${kb(sum(parts.element))}, card frame ${kb(sum(parts.frame))}`);
      console.log(`German buyer: catalogues ${names([...catalogues(parts.element), ...catalogues(parts.frame)])}`);
      assert.equal(catalogues(parts.element).length, 1, "the element's German texts came before ready");
      assert.equal(catalogues(parts.frame).length, 1, "the frame's German texts came before ready");
      // Catalogues are budgeted on their own (test/build/size-budget.test.ts reports each); the rest keeps the bars.
      const element = sum(parts.element) - sum(catalogues(parts.element));
      const frame = sum(parts.frame) - sum(catalogues(parts.frame));
      assert.ok(element <= 20 * KB, `element without its catalogue ${element} bytes > 20 KB`);
      assert.ok(frame <= 12 * KB, `card frame without its catalogue ${frame} bytes > 12 KB`);
    });
  });
});

/**
 * 100 mount/unmount cycles of the element in Chromium, against the real gateway: afterwards no frame,
 * window listener, MessagePort or detached iframe is left, and the JS heap grew by less than 1 MB
 * (docs/quality-bars.md). Objects are counted with the DevTools protocol after forced garbage collection.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startTestServers, type TestServers } from '../support/servers.js';
import { CENSUS_GROUP, countObjects } from './support/census.js';
import { launchBrowser } from './support/checkout-page.js';

const CYCLES = 100;
const WARM_UP = 10;

let browser: Browser;
let servers: TestServers;

before(async () => {
  browser = await launchBrowser();
  servers = await startTestServers();
});

after(async () => {
  await browser?.close();
  await servers?.close();
});

// Strings, not functions: tsx's name-keeping helpers do not exist in the page.
const PREPARE = `(async () => {
  document.querySelectorAll('antom-card-checkout').forEach((el) => el.remove());
  await customElements.whenDefined('antom-card-checkout');
  const response = await fetch('/api/checkout/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  window.__session = await response.json();
  return typeof window.__session.paymentSessionData;
})()`;

const cycles = (count: number): string => `(async () => {
  for (let i = 0; i < ${count}; i++) {
    const el = document.createElement('antom-card-checkout');
    el.session = window.__session;
    const ready = new Promise((resolve, reject) => {
      el.addEventListener('antom-ready', resolve, { once: true });
      el.addEventListener('antom-error', (event) => reject(new Error(event.detail.reason)), { once: true });
    });
    document.body.append(el);
    await ready;
    el.remove();
  }
  return document.querySelectorAll('iframe').length;
})()`;

const MOUNT_ONE = `(async () => {
  const el = document.createElement('antom-card-checkout');
  el.session = window.__session;
  const ready = new Promise((resolve) => el.addEventListener('antom-ready', resolve, { once: true }));
  document.body.append(el);
  await ready;
  window.__one = el;
})()`;

interface Census {
  heap: number;
  windowListeners: number;
  ports: number;
  iframes: number;
  frames: number;
}

async function census(page: Page, cdp: CDPSession): Promise<Census> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const windowObject = await cdp.send('Runtime.evaluate', { expression: 'window', objectGroup: CENSUS_GROUP });
  const listeners = await cdp.send('DOMDebugger.getEventListeners', { objectId: windowObject.result.objectId! });
  const usage = await cdp.send('Runtime.getHeapUsage');
  const result = {
    heap: usage.usedSize,
    windowListeners: listeners.listeners.length,
    ports: await countObjects(cdp, 'MessagePort'),
    iframes: await countObjects(cdp, 'HTMLIFrameElement'),
    frames: page.frames().length,
  };
  // The objects DevTools handed out would otherwise stay alive and look like a leak next time.
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: CENSUS_GROUP });
  return result;
}

test(`${CYCLES} mount/unmount cycles leave no frame, listener or port behind, and the heap grows < 1 MB`, async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${servers.demoOrigin}/cards?verify=off`);
    assert.equal(await page.evaluate(PREPARE), 'string');
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');

    assert.equal(await page.evaluate(cycles(WARM_UP)), 0);
    const start = await census(page, cdp);
    // While one element is mounted, its port is seen; so a port kept after unmounting would be too.
    await page.evaluate(MOUNT_ONE);
    const mounted = await census(page, cdp);
    assert.ok(mounted.ports > start.ports, `a mounted element holds a port (${mounted.ports})`);
    await page.evaluate(`window.__one.remove(); window.__one = null;`);
    assert.equal(await page.evaluate(cycles(CYCLES)), 0, 'no iframe left in the document');
    const end = await census(page, cdp);

    assert.equal(end.frames, 1, 'only the page itself is left: every card frame went away');
    assert.equal(end.windowListeners, start.windowListeners, 'window listeners');
    assert.ok(end.ports <= start.ports, `MessagePorts: ${start.ports} -> ${end.ports}`);
    assert.ok(end.iframes <= start.iframes, `iframe elements alive: ${start.iframes} -> ${end.iframes}`);
    const growth = end.heap - start.heap;
    assert.ok(growth < 1024 * 1024, `heap grew by ${(growth / 1024).toFixed(0)} KB over ${CYCLES} cycles`);
    // The census can see a leak: ports kept alive and a listener left on window are counted.
    await page.evaluate(`window.__kept = [new MessageChannel(), new MessageChannel()].flatMap((c) => [c.port1, c.port2]);
      window.addEventListener('message', () => {});`);
    const leaky = await census(page, cdp);
    assert.equal(leaky.ports, end.ports + 4, 'the census counts live MessagePorts');
    assert.equal(leaky.windowListeners, end.windowListeners + 1, 'the census counts window listeners');
    console.log(
      `# ${CYCLES} cycles: heap ${(start.heap / 1024).toFixed(0)} KB -> ${(end.heap / 1024).toFixed(0)} KB, ` +
        `ports ${start.ports} -> ${end.ports}, window listeners ${start.windowListeners} -> ${end.windowListeners}`,
    );
  } finally {
    await context.close();
  }
});

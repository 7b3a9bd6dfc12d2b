#!/usr/bin/env node
// `npm run bench:element`: the element's performance bars of docs/quality-bars.md, measured in Chromium
// against the real gateway and demo on loopback (on GATEWAY_PORT / DEMO_PORT, free ports when unset,
// so it runs beside `npm run demo`), the gateway in a process of its own as Antom's is:
//  - mount to `antom-ready` against a floor (the element pins `gateway-origin`, as the demo and the
//    README's examples do, so its frame loads while the session is fetched): the same page doing only
//    `fetch(session-url)`, an iframe
//    from another loopback origin and one same-origin fetch inside it. `--runs` runs (default 5) of
//    `--rounds` rounds, element and floor alternating within each round (and which goes first
//    alternating between rounds); each run gives median(element) / median(floor), and the figure is
//    the median of the runs' ratios (bar: <= 1.25x);
//  - one keystroke in the card-number field: the frame's input handler (formatting, validation, the
//    state message), p95 over synthetic input events (bar: <= 4 ms);
//  - submit to `antom-authorized` minus the pay request: the browser types a test card into the frame
//    and clicks Pay; the time from the click reaching the element to `antom-authorized` (page clock),
//    less the frame's `POST /sdk/v1/payments` from its start to the end of its answer (Resource Timing
//    in the frame), median of `--payments` payments (bar: <= 10 ms);
//  - layout shift from mount to ready: the element mounted above a paragraph in a box of its own, the
//    `layout-shift` entries of the page and of the card frame from mount to the first frame painted
//    after `antom-ready`, summed; the worst of the rounds, for a new buyer (bar: 0) and for a buyer
//    with a saved card (bar: < 0.05);
//  - 100 mount/unmount cycles: frames, window listeners and MessagePorts left, and JSHeapUsedSize
//    growth after forced garbage collection (DevTools protocol), as test/e2e/mount-leaks.test.ts.
// The browser context bypasses the demo's CSP only so the floor's iframe origin may be framed.
// `--json <file>` writes the figures for scripts/bench.ts.
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { startDemo } from '../demo/server.js';
import { portFromEnv } from '../demo/start.js';
import { ensureSandbox } from '../gateway/src/index.js';
import { AntomClient } from '../src/server/index.js';
import { CARDS } from '../test/support/cards.js';
import { openTestDatabase } from '../test/support/demo-db.js';
import type { TestServers } from '../test/support/servers.js';
import { cardFrame, launchBrowser } from '../test/e2e/support/checkout-page.js';
import { CENSUS_GROUP, countObjects } from '../test/e2e/support/census.js';
import { seedSavedCard } from '../test/e2e/support/saved-cards-page.js';
import { FIGURES, LEAK_CYCLES, MOUNT_RUNS } from './bench-bars.js';
import { median, percentile, type Measured, type PartReport } from './bench-report.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    runs: { type: 'string' },
    payments: { type: 'string' },
    'shift-rounds': { type: 'string' },
    json: { type: 'string' },
  },
});

/** An integer option within [min, max], else exit 2 naming it. */
function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`bench:element: --${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}
const rounds = integer('rounds', values.rounds, 15, 5, 500);
const runs = integer('runs', values.runs, MOUNT_RUNS, 1, 50);
const payments = integer('payments', values.payments, 7, 1, 100);
const shiftRounds = integer('shift-rounds', values['shift-rounds'], 5, 1, 100);

if (
  !existsSync(new URL('../dist/frame/frame.html', import.meta.url)) ||
  !existsSync(new URL('../dist/cdn', import.meta.url))
) {
  console.error('bench:element: the build is missing; run `npm run build` first');
  process.exit(2);
}

const FLOOR_PAGE = '<!doctype html><meta charset="utf-8"><title>floor</title><script src="/floor.js"></script>';
const FLOOR_SCRIPT = `const origin = new URLSearchParams(location.hash.slice(1)).get('origin');
fetch('/floor.json', { method: 'POST', body: '{}' }).then((r) => r.json()).then(() => parent.postMessage('floor-ready', origin));`;
const floor = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url.startsWith('/floor.html')) res.writeHead(200, { 'Content-Type': 'text/html' }).end(FLOOR_PAGE);
  else if (url === '/floor.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(FLOOR_SCRIPT);
  else if (url === '/floor.json') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
const floorOrigin = `http://127.0.0.1:${(floor.address() as AddressInfo).port}`;

/** The shop, its database and its client in this process; the gateway in a process of its own. */
interface BenchServers extends Pick<TestServers, 'client' | 'demo' | 'demoOrigin' | 'gatewayOrigin'> {
  close(): Promise<void>;
}

/**
 * Starts the gateway in a process of its own, as Antom's gateway and a merchant's server are (the
 * gateway bench does the same): in one Node process the frame's page would wait in the queue behind
 * the shop's and the gateway's work on the session it loads beside, which no buyer ever meets.
 */
async function startBenchServers(): Promise<BenchServers> {
  const sandboxDir = mkdtempSync(join(tmpdir(), 'antom-bench-element-'));
  const sandbox = ensureSandbox(sandboxDir);
  const child = fork(new URL('./bench-gateway-server.ts', import.meta.url), [], {
    execArgv: ['--conditions=antom-source', '--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_SANDBOX_DIR: sandboxDir,
      BENCH_MEMORY: '1',
      BENCH_SYSTEM_CLOCK: '1',
      BENCH_GATEWAY_PORT: String(portFromEnv('GATEWAY_PORT', 0)),
    },
  });
  const gateway = await new Promise<{ origin: string; publicKeyPem: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench:element: the gateway process exited (${code})`)));
    child.once('message', (message) => resolve(message as { origin: string; publicKeyPem: string }));
  });
  const client = new AntomClient({
    clientId: sandbox.demoMerchant.clientId,
    privateKey: sandbox.demoMerchant.privateKeyPem,
    antomPublicKey: gateway.publicKeyPem,
    endpoint: gateway.origin,
  });
  const database = await openTestDatabase();
  const demo = await startDemo({
    port: portFromEnv('DEMO_PORT', 0),
    client,
    database,
    sessionLimit: { max: 100_000, windowMs: 60_000 },
    staticRoot: ROOT,
    gatewayOrigin: gateway.origin,
    log: () => undefined,
  });
  return {
    client,
    demo,
    demoOrigin: demo.origin,
    gatewayOrigin: gateway.origin,
    close: async () => {
      await demo.close();
      await database.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
      rmSync(sandboxDir, { recursive: true, force: true });
    },
  };
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const servers = await startBenchServers();
const browser = await launchBrowser();
console.log(
  `element: gateway at ${servers.gatewayOrigin}, shop at ${servers.demoOrigin}, Chromium ${browser.version()}`,
);

// Strings, not functions: tsx's helpers do not exist in the page.

/** Page code declaring `el`, a new element on the shop's session endpoint pinned to the gateway, and `ready`, its antom-ready. */
const NEW_CHECKOUT = `const el = document.createElement('antom-card-checkout');
  el.setAttribute('session-url', '/api/checkout/session');
  el.setAttribute('gateway-origin', ${JSON.stringify(servers.gatewayOrigin)});
  const ready = new Promise((resolve, reject) => {
    el.addEventListener('antom-ready', resolve, { once: true });
    el.addEventListener('antom-error', (event) => reject(new Error(event.detail.reason)), { once: true });
  });`;

const MOUNT = `(async () => {
  const started = performance.now();
  ${NEW_CHECKOUT}
  document.body.append(el);
  await ready;
  const elapsed = performance.now() - started;
  el.remove();
  return elapsed;
})()`;

const FLOOR = `(async () => {
  const started = performance.now();
  await (await fetch('/api/checkout/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json();
  const frame = document.createElement('iframe');
  const done = new Promise((resolve) => {
    const listener = (event) => {
      if (event.source !== frame.contentWindow || event.origin !== ${JSON.stringify(floorOrigin)}) return;
      window.removeEventListener('message', listener);
      resolve();
    };
    window.addEventListener('message', listener);
  });
  frame.src = ${JSON.stringify(floorOrigin)} + '/floor.html#origin=' + encodeURIComponent(location.origin);
  document.body.append(frame);
  await done;
  const elapsed = performance.now() - started;
  frame.remove();
  return elapsed;
})()`;

const KEYSTROKES = `(() => {
  const input = document.querySelector('input[autocomplete="cc-number"]');
  const times = [];
  for (let round = 0; round < ${rounds}; round++) {
    input.value = '';
    input.dispatchEvent(new InputEvent('input', { inputType: 'deleteContentBackward', bubbles: true }));
    for (const digit of '4054695723100768') {
      const started = performance.now();
      const end = input.value.length;
      input.setRangeText(digit, end, end, 'end');
      input.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: digit, bubbles: true }));
      times.push(performance.now() - started);
    }
  }
  return times;
})()`;

/** Mounts one element that stays (window.__el), resolving at `antom-ready`. */
const MOUNT_KEPT = `(async () => {
  document.querySelectorAll('antom-card-checkout').forEach((el) => el.remove());
  ${NEW_CHECKOUT}
  document.body.append(el);
  await ready;
  window.__el = el;
})()`;

// Every document, the card frame included, keeps its layout shifts from its start (the frame's
// observer must exist before the frame lays out, so it is installed before any of its scripts).
const SHIFT_RECORDER = `(() => {
  const shifts = [];
  Object.defineProperty(window, '__layoutShifts', { value: shifts });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
})()`;

/**
 * Mounts the element at the top of the page above a paragraph, both in a box of their own (so
 * nothing else on the page moves), and returns the page's layout shift from mount to the first
 * frame painted after `antom-ready`, and whether the saved-card list showed.
 */
const SHIFT_MOUNT = `(async () => {
  document.querySelectorAll('antom-card-checkout').forEach((el) => el.remove());
  window.__shiftBox?.remove();
  window.scrollTo(0, 0);
  const shifts = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) shifts.push(entry.value);
  });
  observer.observe({ type: 'layout-shift' });
  const box = document.createElement('div');
  box.style.cssText = 'position:absolute;top:0;left:0;width:480px;background:#fff;z-index:2147483647';
  ${NEW_CHECKOUT}
  const below = document.createElement('p');
  below.textContent = 'What the merchant shows under the checkout';
  box.append(el, below);
  document.body.append(box);
  await ready;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  for (const entry of observer.takeRecords()) if (!entry.hadRecentInput) shifts.push(entry.value);
  observer.disconnect();
  window.__shiftBox = box;
  const savedCards = el.shadowRoot.querySelectorAll('[part~="saved-card"]').length;
  return { page: shifts.reduce((sum, value) => sum + value, 0), savedCards };
})()`;

/** The card frame's layout shift so far, after one more painted frame. */
const FRAME_SHIFT = `(async () => {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return (window.__layoutShifts ?? [NaN]).reduce((sum, value) => sum + value, 0);
})()`;

/** Listens on window.__el for the click on Pay (capture, before the element's own handler) and the outcome. */
const WATCH_PAY = `(() => {
  const el = window.__el;
  const pay = { clicked: NaN, done: NaN, outcome: '' };
  window.__pay = pay;
  el.addEventListener('click', (event) => {
    const onButton = event.composedPath().some((node) => node instanceof Element && node.matches('[part~="pay-button"]'));
    if (onButton && Number.isNaN(pay.clicked)) pay.clicked = performance.now();
  }, true);
  for (const type of ['antom-authorized', 'antom-failed', 'antom-processing', 'antom-error']) {
    el.addEventListener(type, () => {
      if (pay.outcome) return;
      pay.done = performance.now();
      pay.outcome = type;
    });
  }
})()`;

/**
 * The frame's pay requests by Resource Timing: start and end of the answer, on the clock all
 * documents share (timeOrigin + time), so the page's click and event can be placed around them.
 */
const PAY_REQUESTS = `performance.getEntriesByType('resource')
  .filter((entry) => new URL(entry.name).pathname === '/sdk/v1/payments')
  .map((entry) => ({ start: performance.timeOrigin + entry.startTime, end: performance.timeOrigin + entry.responseEnd }))`;

/** Waits two painted frames: a click right after a scroll may land where the frame was. */
const TWO_FRAMES = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`;

/** Mount to ready, element against the floor, in alternating runs. */
async function mountRatio(page: Page): Promise<Measured[]> {
  for (let i = 0; i < 3; i++) {
    await page.evaluate(MOUNT);
    await page.evaluate(FLOOR);
  }
  const ratios: number[] = [];
  const elementAll: number[] = [];
  const floorAll: number[] = [];
  const perRun: Array<{ element: number; floor: number; ratio: number }> = [];
  for (let run = 1; run <= runs; run++) {
    const element: number[] = [];
    const floorTimes: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Which one goes first alternates, so neither always follows the other's garbage.
      if (round % 2 === 0) {
        element.push((await page.evaluate(MOUNT)) as number);
        floorTimes.push((await page.evaluate(FLOOR)) as number);
      } else {
        floorTimes.push((await page.evaluate(FLOOR)) as number);
        element.push((await page.evaluate(MOUNT)) as number);
      }
    }
    const ratio = median(element) / median(floorTimes);
    ratios.push(ratio);
    elementAll.push(...element);
    floorAll.push(...floorTimes);
    perRun.push({ element: median(element), floor: median(floorTimes), ratio });
    console.log(
      `element: mount run ${run}/${runs} (${rounds} rounds): element median ${median(element).toFixed(1)} ms, ` +
        `floor median ${median(floorTimes).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
    );
  }
  const bar = FIGURES['mount.ratio']!.bar!;
  console.log(
    `element: mount ratio, median of ${runs} runs: ${median(ratios).toFixed(2)} (bar ${bar.op} ${bar.limit})`,
  );
  return [
    { id: 'mount.ratio', value: median(ratios), details: { runs: perRun, rounds } },
    { id: 'mount.element', value: median(elementAll), details: { samples: elementAll.length } },
    { id: 'mount.floor', value: median(floorAll), details: { samples: floorAll.length } },
  ];
}

/** The frame's input handler per keystroke. */
async function keystrokes(page: Page): Promise<Measured[]> {
  await page.evaluate(MOUNT_KEPT);
  const times = (await cardFrame(page).evaluate(KEYSTROKES)) as number[];
  await page.evaluate(`window.__el.remove()`);
  const p95 = percentile(times, 0.95);
  console.log(
    `element: ${times.length} keystrokes: median ${median(times).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (bar <= 4 ms)`,
  );
  return [{ id: 'keystroke.p95', value: p95, details: { median: median(times), samples: times.length } }];
}

/** Pays `payments` times (after one unmeasured payment) and returns the overhead over the pay request. */
async function submitOverhead(page: Page): Promise<Measured[]> {
  const overheads: number[] = [];
  const requests: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  for (let attempt = 0; attempt <= payments; attempt++) {
    await page.evaluate(MOUNT_KEPT);
    await page.evaluate(WATCH_PAY);
    const frame = page.frameLocator('antom-card-checkout iframe[part~="card-frame"]');
    // Typed into the frame the way a buyer types; the number never passes through the page.
    await frame.locator('input[autocomplete="cc-number"]').pressSequentially(CARDS.visa.approved);
    await frame.locator('input[autocomplete="cc-exp"]').pressSequentially('1230');
    await frame.locator('input[autocomplete="cc-csc"]').pressSequentially('123');
    const button = page.locator('antom-card-checkout [part~="pay-button"]');
    await button.scrollIntoViewIfNeeded();
    await page.evaluate(TWO_FRAMES);
    await button.click();
    await page.waitForFunction('window.__pay.outcome !== ""', undefined, { timeout: 15_000 });
    const pay = (await page.evaluate('({ ...window.__pay, origin: performance.timeOrigin })')) as {
      clicked: number;
      done: number;
      outcome: string;
      origin: number;
    };
    if (pay.outcome !== 'antom-authorized') throw new Error(`bench:element: the payment ended in ${pay.outcome}`);
    const sent = (await cardFrame(page).evaluate(PAY_REQUESTS)) as Array<{ start: number; end: number }>;
    if (sent.length !== 1) throw new Error(`bench:element: ${sent.length} pay requests for one payment`);
    await page.evaluate(`window.__el.remove()`);
    if (attempt === 0) continue; // the first payment warms the gateway's payment path and the frame's
    const request = sent[0]!.end - sent[0]!.start;
    requests.push(request);
    overheads.push(pay.done - pay.clicked - request);
    // Where the overhead lies (the frame's clock and the page's agree within a fraction of a ms).
    before.push(sent[0]!.start - (pay.origin + pay.clicked));
    after.push(pay.origin + pay.done - sent[0]!.end);
  }
  console.log(
    `element: ${payments} payments: pay request median ${median(requests).toFixed(1)} ms, ` +
      `click to antom-authorized minus it: median ${median(overheads).toFixed(1)} ms (bar <= 10 ms); ` +
      `click to request start ${median(before).toFixed(1)} ms, end of answer to the event ${median(after).toFixed(1)} ms`,
  );
  return [
    {
      id: 'submit.overhead',
      value: median(overheads),
      details: { samples: overheads, clickToRequest: median(before), answerToEvent: median(after) },
    },
    { id: 'submit.request', value: median(requests), details: { samples: requests } },
  ];
}

/** The worst layout shift of `shiftRounds` mounts; `saved` says whether the list must show. */
async function layoutShift(page: Page, id: 'shift.new' | 'shift.saved', saved: boolean): Promise<Measured> {
  const totals: Array<{ page: number; frame: number }> = [];
  for (let round = 0; round < shiftRounds; round++) {
    const result = (await page.evaluate(SHIFT_MOUNT)) as { page: number; savedCards: number };
    if (saved !== result.savedCards > 0) {
      throw new Error(`bench:element: ${result.savedCards} saved cards listed, expected ${saved ? 'some' : 'none'}`);
    }
    const frame = (await cardFrame(page).evaluate(FRAME_SHIFT)) as number;
    if (!Number.isFinite(frame)) throw new Error('bench:element: the card frame recorded no layout shifts');
    totals.push({ page: result.page, frame });
  }
  await page.evaluate(`window.__shiftBox?.remove()`);
  const worst = Math.max(...totals.map((total) => total.page + total.frame));
  console.log(
    `element: layout shift, mount to ready, ${saved ? 'with a saved card' : 'new buyer'}: worst ${worst.toFixed(4)} ` +
      `(page + frame per round: ${totals.map((t) => `${t.page.toFixed(4)}+${t.frame.toFixed(4)}`).join(', ')})`,
  );
  return { id, value: worst, details: { rounds: totals } };
}

/** What the page holds after forced garbage collection. */
async function census(
  page: Page,
  cdp: CDPSession,
): Promise<{ heap: number; listeners: number; ports: number; frames: number }> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const windowObject = await cdp.send('Runtime.evaluate', { expression: 'window', objectGroup: CENSUS_GROUP });
  const listeners = await cdp.send('DOMDebugger.getEventListeners', { objectId: windowObject.result.objectId! });
  const metrics = await cdp.send('Performance.getMetrics');
  const heap = metrics.metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? NaN;
  const result = {
    heap,
    listeners: listeners.listeners.length,
    ports: await countObjects(cdp, 'MessagePort'),
    frames: page.frames().length - 1 + ((await page.evaluate(`document.querySelectorAll('iframe').length`)) as number),
  };
  // The objects DevTools handed out would otherwise stay alive and look like a leak next time.
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: CENSUS_GROUP });
  return result;
}

const CYCLES = (count: number): string => `(async () => {
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
})()`;

/**
 * 100 mount/unmount cycles (after 10 unmeasured ones) on a page of its own, in a context of its own
 * (no layout-shift recorder there to grow with the page).
 */
async function leaks(): Promise<Measured[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${servers.demoOrigin}/cards?verify=off`);
    await page.evaluate(`(async () => {
      document.querySelectorAll('antom-card-checkout').forEach((el) => el.remove());
      await customElements.whenDefined('antom-card-checkout');
      const response = await fetch('/api/checkout/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      window.__session = await response.json();
    })()`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('Performance.enable');
    await page.evaluate(CYCLES(10));
    const start = await census(page, cdp);
    await page.evaluate(CYCLES(LEAK_CYCLES));
    const end = await census(page, cdp);
    await cdp.detach();
    console.log(
      `element: ${LEAK_CYCLES} cycles: frames left ${end.frames}, window listeners ${start.listeners} -> ${end.listeners}, ` +
        `ports ${start.ports} -> ${end.ports}, heap ${(start.heap / 1024).toFixed(0)} KB -> ${(end.heap / 1024).toFixed(0)} KB`,
    );
    return [
      { id: 'leak.frames', value: end.frames },
      {
        id: 'leak.listeners',
        value: end.listeners - start.listeners,
        details: { start: start.listeners, end: end.listeners },
      },
      { id: 'leak.ports', value: end.ports - start.ports, details: { start: start.ports, end: end.ports } },
      {
        id: 'leak.heap',
        value: (end.heap - start.heap) / 1024,
        details: { startBytes: start.heap, endBytes: end.heap },
      },
    ];
  } finally {
    await context.close();
  }
}

/** Every element figure, in one browser against one pair of servers. */
async function measureAll(bench: BenchServers): Promise<Measured[]> {
  const context = await browser.newContext({ bypassCSP: true });
  try {
    await context.addInitScript(SHIFT_RECORDER);
    const page = await context.newPage();
    await page.goto(`${bench.demoOrigin}/cards?verify=off`);
    await page.evaluate(`document.querySelectorAll('antom-card-checkout').forEach((el) => el.remove());
      customElements.whenDefined('antom-card-checkout')`);
    const figures = [...(await mountRatio(page)), ...(await keystrokes(page))];
    figures.push(await layoutShift(page, 'shift.new', false));
    figures.push(...(await submitOverhead(page)));
    figures.push(...(await leaks()));
    // Last: the saved card stays in the shop's wallet and every later session would list it.
    await seedSavedCard(bench, { number: CARDS.visa.approved });
    figures.push(await layoutShift(page, 'shift.saved', true));
    return figures;
  } finally {
    await context.close();
  }
}

try {
  const figures = await measureAll(servers);
  if (values.json) {
    const report: PartReport = { part: 'element', figures, facts: { chromium: browser.version() } };
    writeFileSync(values.json, JSON.stringify(report));
  }
} finally {
  await browser.close();
  await servers.close();
  await new Promise<void>((resolve) => floor.close(() => resolve()));
}

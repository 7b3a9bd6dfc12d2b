#!/usr/bin/env node
// `npm run bench:element`: the element's performance bars of docs/quality-bars.md, measured in Chromium
// against the real gateway and demo on loopback, as ratios within one run:
//  - mount to `antom-ready`, median, against a floor: the same page doing only `fetch(session-url)`,
//    an iframe from another loopback origin and one same-origin fetch inside it (bar: <= 1.25x);
//  - one keystroke in the card-number field: the frame's input handler (formatting, validation, the
//    state message), p95 over synthetic input events (bar: <= 4 ms).
// The browser context bypasses the demo's CSP only so the floor's iframe origin may be framed.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { Frame } from 'playwright-core';
import { startTestServers } from '../test/support/servers.js';
import { launchBrowser } from '../test/e2e/support/checkout-page.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
const rounds = Number(values.rounds ?? '25');
if (!Number.isInteger(rounds) || rounds < 5 || rounds > 500) {
  console.error('bench:element: --rounds must be an integer from 5 to 500');
  process.exit(2);
}

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

const servers = await startTestServers();
const browser = await launchBrowser();

// Strings, not functions: tsx's helpers do not exist in the page.
const MOUNT = `(async () => {
  const started = performance.now();
  const el = document.createElement('antom-card-checkout');
  el.setAttribute('session-url', '/api/checkout/session');
  const ready = new Promise((resolve, reject) => {
    el.addEventListener('antom-ready', resolve, { once: true });
    el.addEventListener('antom-error', (event) => reject(new Error(event.detail.reason)), { once: true });
  });
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

const median = (list: number[]): number => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const percentile = (list: number[], q: number): number => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

try {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${servers.demoOrigin}/cards?verify=off`);
  await page.evaluate(`document.querySelectorAll('antom-card-checkout').forEach((el) => el.remove());
    customElements.whenDefined('antom-card-checkout')`);

  const element: number[] = [];
  const floorTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate(MOUNT);
    await page.evaluate(FLOOR);
  }
  for (let i = 0; i < rounds; i++) {
    element.push((await page.evaluate(MOUNT)) as number);
    floorTimes.push((await page.evaluate(FLOOR)) as number);
  }
  const ratio = median(element) / median(floorTimes);
  console.log(`element: mount to antom-ready over ${rounds} rounds, alternating with the floor`);
  console.log(`  element median ${median(element).toFixed(1)} ms, floor median ${median(floorTimes).toFixed(1)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)} (bar <= 1.25)`);

  await page.evaluate(`(async () => {
    const el = document.createElement('antom-card-checkout');
    el.setAttribute('session-url', '/api/checkout/session');
    const ready = new Promise((resolve) => el.addEventListener('antom-ready', resolve, { once: true }));
    document.body.append(el);
    await ready;
  })()`);
  const frame = page.frames().find((candidate: Frame) => candidate.url().includes('/sdk/v1/frame'));
  if (!frame) throw new Error('no card frame');
  const keystrokes = (await frame.evaluate(KEYSTROKES)) as number[];
  const p95 = percentile(keystrokes, 0.95);
  console.log(`element: ${keystrokes.length} keystrokes in the card-number field`);
  console.log(
    `  median ${median(keystrokes).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (bar <= 4 ms: ratio ${(p95 / 4).toFixed(2)})`,
  );
  await context.close();
} finally {
  await browser.close();
  await servers.close();
  await new Promise<void>((resolve) => floor.close(() => resolve()));
}

/**
 * The React and Vue bindings in the frameworks' development builds, where React's StrictMode mounts
 * every component twice (mount, unmount, mount) and Vue warns about what it cannot resolve. The
 * demo's shops are built in Vite's `apps-development` mode and paid in Chromium against the real
 * gateway: StrictMode leaves one card frame, one session, one authorization and one `onAuthorized`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { settle } from '../support/waits.js';
import { launchBrowser } from './support/checkout-page.js';
import { cardFrames, clickButton, cspViolations, delivered, mounts, openShop, outcome } from './support/framework-shops.js';

const ROOT = join(import.meta.dirname, '../..');

let appsDir: string;
let servers: TestServers;
let browser: Browser;

before(async () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  appsDir = mkdtempSync(join(ROOT, '.tmp', 'demo-apps-development-'));
  const build = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--mode', 'apps-development', '--outDir', appsDir, '--emptyOutDir'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(build.status, 0, `the development build failed:\n${build.stdout}${build.stderr}`);
  servers = await startTestServers({ appsDir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await servers?.close();
  if (appsDir) rmSync(appsDir, { recursive: true, force: true });
});

const CARD = { number: CARDS.visa.approved, expiry: '1230', cvc: '123' };

describe('React StrictMode (development build)', () => {
  test('mount, unmount, mount: one frame, one session, one authorization, one onAuthorized', async () => {
    const ordersBefore = (await servers.demo.orders.list()).length;
    const paymentsBefore = servers.gateway.engine.listPayments().length;
    const shop = await openShop(browser, `${servers.demoOrigin}/react`);
    try {
      const { page, checkout } = shop;
      assert.equal(await mounts(page), 2, 'StrictMode mounted the component twice');
      // Time for a second session request, had the double mount started one.
      await settle(500);
      assert.equal((await servers.demo.orders.list()).length - ordersBefore, 1, 'one session, one order');
      assert.equal(await cardFrames(page), 1);
      assert.equal(page.frames().filter((frame) => frame.url().includes('/sdk/v1/frame')).length, 1);
      assert.equal(await page.locator('antom-card-checkout').count(), 1);
      assert.equal(await delivered(page, 'antom-ready'), 1);
      assert.equal(await delivered(page, 'antom-loading'), 1);

      await checkout.typeCard(CARD);
      await clickButton(page, /^Pay \$25\.00$/);
      await outcome(page).getByText('Payment authorized.').waitFor({ timeout: 15000 });
      await outcome(page).getByText(/^Shop server: order \w+ is CAPTURED/).waitFor({ timeout: 10000 });
      await settle(300);
      assert.equal(await delivered(page, 'antom-authorized'), 1);
      assert.equal(await delivered(page, 'antom-submit'), 1);
      const events = await checkout.events();
      assert.equal(events.filter((event) => event.type === 'antom-authorized').length, 1);
      assert.equal(events.filter((event) => event.type === 'antom-ready').length, 1);
      assert.equal(servers.gateway.engine.listPayments().length - paymentsBefore, 1, 'one authorization');
      assert.equal((await servers.demo.orders.list()).length - ordersBefore, 1);
      assert.equal(await cardFrames(page), 1);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(shop.errors, []);
    } finally {
      await shop.checkout.close();
    }
  });
});

describe('Vue (development build)', () => {
  test('the plugin and isCustomElement leave Vue nothing to warn about, and @antom-authorized is heard once', async () => {
    const paymentsBefore = servers.gateway.engine.listPayments().length;
    const shop = await openShop(browser, `${servers.demoOrigin}/vue`);
    try {
      const { page, checkout } = shop;
      await checkout.typeCard(CARD);
      const final = await checkout.pay();
      assert.equal(final.type, 'antom-authorized');
      await outcome(page).getByText('Payment authorized.').waitFor();
      await settle(300);
      assert.equal(await delivered(page, 'antom-authorized'), 1);
      assert.equal(await cardFrames(page), 1);
      assert.equal(servers.gateway.engine.listPayments().length - paymentsBefore, 1);
      assert.deepEqual(shop.warnings.filter((warning) => warning.includes('[Vue warn]')), []);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(shop.errors, []);
    } finally {
      await shop.checkout.close();
    }
  });
});

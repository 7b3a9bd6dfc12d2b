/**
 * End to end: the demo's React and Vue shops (/react, /vue, the production build in
 * dist/demo-apps) in Chromium, against the real demo server and sandbox gateway. A buyer pays with
 * a test card; the framework hands the app the events (React `onX` props, Vue `@antom-*`
 * listeners); the server, not the page, set the price; the order moves on Antom's notification.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { launchBrowser } from './support/checkout-page.js';
import { cardFrames, clickButton, cspViolations, delivered, mounts, openShop, outcome } from './support/framework-shops.js';

let servers: TestServers;
let browser: Browser;

before(async () => {
  servers = await startTestServers();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await servers?.close();
});

const CARD = { number: CARDS.visa.approved, expiry: '1230', cvc: '123' };

describe('the React shop (/react)', () => {
  test('pays with a test card through the shop’s own button, and hears it through onAuthorized', async () => {
    const ordersBefore = (await servers.demo.orders.list()).length;
    const paymentsBefore = servers.gateway.engine.listPayments().length;
    const shop = await openShop(browser, `${servers.demoOrigin}/react`);
    try {
      const { page, checkout } = shop;
      // The price is the server's (its default order), shown from the session the element loaded.
      await page.locator('#total').filter({ hasText: '$25.00' }).waitFor();
      assert.equal(await delivered(page, 'antom-ready'), 1);
      assert.equal(await mounts(page), 1, 'a production build mounts once');
      await checkout.typeCard(CARD);
      await clickButton(page, /^Pay \$25\.00$/);
      await outcome(page).getByText('Payment authorized.').waitFor({ timeout: 15000 });
      await outcome(page).getByText('Visa ending 0768, expires 12/30').waitFor();
      await outcome(page).getByText(/^Shop server: order \w+ is CAPTURED/).waitFor({ timeout: 10000 });
      assert.equal(await delivered(page, 'antom-authorized'), 1);
      assert.equal(await delivered(page, 'antom-submit'), 1);
      assert.ok((await delivered(page, 'antom-change')) > 0, 'onChange heard the typing');
      const authorized = (await checkout.events()).filter((event) => event.type === 'antom-authorized');
      assert.equal(authorized.length, 1);

      assert.equal(await cardFrames(page), 1);
      assert.equal((await servers.demo.orders.list()).length - ordersBefore, 1, 'one session, one order');
      const payments = servers.gateway.engine.listPayments().slice(paymentsBefore);
      assert.equal(payments.length, 1);
      assert.deepEqual(payments[0]?.amount, { currency: 'USD', value: '2500' });
      assert.equal(payments[0]?.paymentId, authorized[0]?.detail['paymentId']);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(shop.errors, []);
      assert.doesNotMatch(await page.content(), new RegExp(CARDS.visa.approved));
    } finally {
      await shop.checkout.close();
    }
  });
});

describe('the Vue shop (/vue)', () => {
  test('pays with a test card through the element’s button, and hears it through @antom-authorized', async () => {
    const ordersBefore = (await servers.demo.orders.list()).length;
    const paymentsBefore = servers.gateway.engine.listPayments().length;
    const shop = await openShop(browser, `${servers.demoOrigin}/vue`);
    try {
      const { page, checkout } = shop;
      await page.locator('#total').filter({ hasText: '$25.00' }).waitFor();
      assert.equal(await delivered(page, 'antom-ready'), 1);
      await checkout.typeCard(CARD);
      const final = await checkout.pay();
      assert.equal(final.type, 'antom-authorized');
      await outcome(page).getByText('Payment authorized.').waitFor();
      await outcome(page).getByText('Visa ending 0768, expires 12/30').waitFor();
      await outcome(page).getByText(/^Shop server: order \w+ is CAPTURED/).waitFor({ timeout: 10000 });
      assert.equal(await delivered(page, 'antom-authorized'), 1);
      assert.equal(await cardFrames(page), 1);
      assert.equal((await servers.demo.orders.list()).length - ordersBefore, 1);
      const payments = servers.gateway.engine.listPayments().slice(paymentsBefore);
      assert.equal(payments.length, 1);
      assert.equal(payments[0]?.paymentId, final.detail['paymentId']);

      // The template ref reaches the element: "New order" calls reload(), a fresh session.
      await clickButton(page, /^New order$/);
      await waitFor(async () => (await delivered(page, 'antom-ready')) === 2, { message: 'the second session is ready' });
      assert.equal((await servers.demo.orders.list()).length - ordersBefore, 2);
      assert.equal(await cardFrames(page), 1);
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(shop.errors, []);
    } finally {
      await shop.checkout.close();
    }
  });
});

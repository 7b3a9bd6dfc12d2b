/**
 * End to end: the design review page (/design) in Chromium against the real demo server and sandbox
 * gateway, with the system in dark mode and one card in the demo buyer's wallet: every state it
 * reaches by itself (loading, ready, invalid fields, saved cards, authorized, failed, the bank's
 * challenge, session expired, error) shows in every column (light, dark, auto on a light page,
 * Arabic, Japanese), `auto` stays light on the light page, dark paints its own surface, and axe finds
 * nothing in the page (shadow roots included), in any challenge cell or in any card frame. The shop's
 * home links the review page with the React, Vue and script-tag shops.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { launchBrowser, runAxe } from './support/checkout-page.js';
import { seedSavedCard } from './support/saved-cards-page.js';

let servers: TestServers;
let browser: Browser;

before(async () => {
  // Fault injection lets the review hold a payment's answer (submitting) or leave it in process.
  servers = await startTestServers({ faultInjection: true });
  // Saved by the shop's server (Antom's API path), as a returning buyer's card: no card data in any page.
  await seedSavedCard(servers, { number: CARDS.visa.approved });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await servers?.close();
});

const VARIANTS = ['light', 'dark', 'auto', 'rtl', 'cjk'];
/** Transient states, asserted (and checked by axe) first: submitting lasts until the frame stops waiting (20 s). */
const SUBMIT_STATES: Record<string, string> = { submitting: 'submitting', processing: 'processing' };
const STATES: Record<string, string> = {
  loading: 'loading',
  ready: 'ready',
  invalid: 'ready',
  saved: 'ready',
  authorized: 'authorized',
  failed: 'failed',
  expired: 'expired',
  error: 'error',
  yours: 'ready',
};

test('the home page links the design review and the React, Vue and script-tag shops', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${servers.demoOrigin}/`);
    for (const path of ['/design', '/react', '/vue', '/script-tag']) {
      assert.equal(await page.locator(`header a[href="${path}"]`).count(), 1, path);
    }
  } finally {
    await page.close();
  }
});

test('/design shows every state in every variant, and axe finds nothing with the system in dark mode', async () => {
  const page = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(`${servers.demoOrigin}/design`);
    for (const [state, status] of Object.entries(SUBMIT_STATES)) {
      for (const variant of VARIANTS) {
        await page
          .locator(`figure[data-state="${state}"][data-variant="${variant}"][data-status="${status}"]`)
          .waitFor({ timeout: 30_000 });
      }
    }
    for (const variant of VARIANTS) {
      await page.locator(`figure[data-state="processing"][data-variant="${variant}"] [part~="notice"]`).waitFor();
    }
    assert.deepEqual(await runAxe(page), [], 'the page while payments are submitting and in process');
    const held = servers.gateway.engine.listPayments().filter((payment) => payment.state === 'PROCESSING');
    assert.ok(held.length >= VARIANTS.length, `the in-process payments are the gateway's (${held.length})`);
    for (const [state, status] of Object.entries(STATES)) {
      for (const variant of VARIANTS) {
        await page
          .locator(`figure[data-state="${state}"][data-variant="${variant}"][data-status="${status}"]`)
          .waitFor({ timeout: 30_000 });
      }
    }
    for (const variant of VARIANTS) {
      await page.locator(`figure[data-state="invalid"][data-variant="${variant}"][data-invalid~="number"]`).waitFor();
      const cell = (state: string) => page.locator(`figure[data-state="${state}"][data-variant="${variant}"]`);
      assert.equal(
        await cell('saved').locator('[part~="remove-card"]').count(),
        1,
        `${variant}: the saved card is listed`,
      );
      assert.equal(await cell('ready').locator('[part~="saved-card"]').count(), 0, `${variant}: ready lists none`);
      await cell('authorized').locator('[data-outcome]').waitFor();
      await cell('failed').locator('[data-outcome]').waitFor();
      // The challenge opens a modal dialog: each sits in a document of its own, so all show side by side.
      const challenge = page.frameLocator(`figure[data-state="challenge"][data-variant="${variant}"] iframe`);
      await challenge.locator('figure[data-status="challenge"]').waitFor({ timeout: 30_000 });
      await challenge
        .frameLocator('[part~="challenge-dialog"] iframe')
        .frameLocator('iframe')
        .getByRole('textbox')
        .waitFor({ timeout: 30_000 });
    }
    const schemes = await page.$$eval('figure[data-state="ready"] antom-card-checkout', (elements) =>
      elements.map((el) => el.shadowRoot!.querySelector<HTMLElement>('.checkout')!.dataset['scheme']),
    );
    assert.deepEqual(
      schemes,
      ['light', 'dark', 'light', 'light', 'light'],
      'auto follows the light page, not the system',
    );
    const locales = await page.$$eval('figure[data-state="ready"] antom-card-checkout', (elements) =>
      elements.map((el) => el.getAttribute('locale')),
    );
    assert.deepEqual(locales, ['en_US', 'en_US', 'en_US', 'ar_SA', 'ja_JP']);

    assert.deepEqual(await runAxe(page), [], 'the page, shadow roots included');
    const cells = page
      .frames()
      .filter((frame) => frame !== page.mainFrame() && new URL(frame.url() || 'about:blank').pathname === '/design');
    assert.equal(cells.length, VARIANTS.length, 'one document per challenge cell');
    for (const cell of cells) assert.deepEqual(await runAxe(cell), [], cell.url());
    const cardFrames = page
      .frames()
      .filter((frame) => new URL(frame.url() || 'about:blank').pathname === '/sdk/v1/frame');
    assert.ok(cardFrames.length >= VARIANTS.length * 3, `every ready checkout has its frame (${cardFrames.length})`);
    for (const frame of cardFrames) assert.deepEqual(await runAxe(frame), [], frame.url());
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

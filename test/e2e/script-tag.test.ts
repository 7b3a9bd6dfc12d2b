/**
 * End to end: the demo's /script-tag page loads the element with exactly the snippet the build
 * writes (dist/cdn/script-tag.html): the module with its integrity value and an import map holding
 * the value of every file it may load later. Tampered bytes, in the entry or in a lazy chunk, fail
 * closed: nothing registers, or the chunk is a named error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { CDN_DIR, cdnIntegrity } from '../support/cdn.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { CheckoutPage, launchBrowser } from './support/checkout-page.js';
import type {} from '../../src/element/define.js';

const ROOT = join(import.meta.dirname, '../..');

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** A static root like the package's, with `dist/cdn` copied and `tamper` applied to the copy. */
function tamperedRoot(tamper: (cdn: string) => void): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'script-tag-'));
  mkdirSync(join(root, 'demo'));
  symlinkSync(join(ROOT, 'demo', 'pages'), join(root, 'demo', 'pages'));
  cpSync(CDN_DIR, join(root, 'dist', 'cdn'), { recursive: true });
  tamper(join(root, 'dist', 'cdn'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Appends a comment: the file still runs, but its bytes no longer match the published value. */
function appendComment(path: string): void {
  writeFileSync(path, `${readFileSync(path, 'utf8')}\n// changed on the way\n`);
}

describe('the /script-tag page (the README snippet, as it is)', () => {
  let servers: TestServers;
  before(async () => {
    servers = await startTestServers();
  });
  after(async () => {
    await servers?.close();
  });

  test('serves the build’s snippet with integrity values and pays with a test card at the server’s price', async () => {
    const snippet = readFileSync(join(CDN_DIR, 'script-tag.html'), 'utf8');
    const { module, files } = cdnIntegrity();
    const html = await (await fetch(`${servers.demoOrigin}/script-tag`)).text();
    assert.ok(html.includes(snippet.trim()), 'the page holds the snippet unchanged');
    assert.match(snippet, new RegExp(`src="/assets/${module.replaceAll('.', '\\.')}" integrity="${files[module]!.replaceAll('+', '\\+')}" crossorigin="anonymous"`));
    for (const [name, value] of Object.entries(files)) {
      if (name !== module && name !== cdnIntegrity().classic) assert.ok(snippet.includes(`"/assets/${name}":"${value}"`), `${name} is in the import map`);
    }

    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/script-tag`);
    const violations: string[] = [];
    checkout.page.on('console', (message) => {
      if (/Content Security Policy|integrity/i.test(message.text())) violations.push(message.text());
    });
    try {
      const ready = await checkout.ready();
      assert.deepEqual(ready.detail['amount'], { currency: 'USD', value: '2500' }, 'the shop’s server set the price');
      await checkout.typeCard({ number: CARDS.visa.approved, expiry: '1230', cvc: '123' });
      const outcome = await checkout.pay();
      assert.equal(outcome.type, 'antom-authorized');
      const inquiry = await servers.client.inquiryPayment({ paymentId: outcome.detail['paymentId'] as string });
      assert.equal(inquiry.paymentStatus, 'SUCCESS');
      assert.deepEqual(inquiry.paymentAmount, { currency: 'USD', value: '2500' });
      await checkout.page.locator('#outcome').getByText('Payment authorized').waitFor();
      // A lazy chunk checked by the import map loads: the German texts.
      await checkout.element.evaluate((el) => el.setAttribute('locale', 'de_DE'));
      await checkout.page.waitForFunction(() =>
        performance.getEntriesByType('resource').some((entry) => /\/assets\/de_DE-[\w-]+\.js$/.test(entry.name)),
      );
      const fetched = await checkout.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      assert.ok(fetched.some((url) => url.endsWith(`/assets/${module}`)), 'the versioned file is what loads');
      assert.deepEqual((await checkout.events()).filter((e) => e.type === 'antom-error'), []);
      assert.deepEqual(violations, [], 'the import map is allowed by the page’s CSP hash');
    } finally {
      await checkout.close();
    }
  });
});

describe('tampered files fail closed', () => {
  test('an entry whose bytes changed registers nothing and shows no form; the page says so', async () => {
    const copy = tamperedRoot((cdn) => appendComment(join(cdn, cdnIntegrity().module)));
    const servers = await startTestServers({ staticRoot: copy.root });
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/script-tag`);
    try {
      await checkout.page.getByText('The payment form could not be loaded').waitFor();
      assert.equal(await checkout.page.evaluate(() => customElements.get('antom-card-checkout') === undefined), true);
      assert.equal(await checkout.page.locator('iframe').count(), 0, 'no card frame');
      assert.equal(await checkout.element.evaluate((el) => el.shadowRoot), null, 'the element never rendered');
      assert.deepEqual(await checkout.events(), []);
      assert.equal((await servers.demo.orders.list()).length, 0, 'no session was even asked for');
    } finally {
      await checkout.close();
      await servers.close();
      copy.remove();
    }
  });

  test('a lazy chunk whose bytes changed is refused: CHUNK_LOAD_FAILED, a warning, English goes on', async () => {
    const { files } = cdnIntegrity();
    const german = Object.keys(files).find((name) => name.startsWith('de_DE-'));
    assert.ok(german, 'the build has a German catalogue chunk');
    const copy = tamperedRoot((cdn) => appendComment(join(cdn, german)));
    const servers = await startTestServers({ staticRoot: copy.root });
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/script-tag`);
    const warnings: string[] = [];
    checkout.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    try {
      await checkout.ready();
      await checkout.element.evaluate((el) => el.setAttribute('locale', 'de_DE'));
      const error = await checkout.waitForEvent('antom-error');
      assert.equal(error.detail['reason'], 'CHUNK_LOAD_FAILED');
      assert.equal(error.detail['recoverable'], true);
      await checkout.error.waitFor();
      assert.match((await checkout.payButton.textContent()) ?? '', /Pay/, 'the form goes on in English');
      await waitFor(() => warnings.some((text) => /de_DE texts could not be loaded/.test(text)), {
        message: () => `the catalogue warning among ${JSON.stringify(warnings)}`,
      });
    } finally {
      await checkout.close();
      await servers.close();
      copy.remove();
    }
  });
});

describe('a 3-D Secure dialog whose file was changed', () => {
  test('is refused by its integrity value: CHUNK_LOAD_FAILED by name, not a decline', async () => {
    const { files } = cdnIntegrity();
    const dialog = Object.keys(files).find((name) => name.startsWith('challenge-'));
    assert.ok(dialog, 'the build has a 3-D Secure dialog chunk');
    const copy = tamperedRoot((cdn) => appendComment(join(cdn, dialog)));
    const servers = await startTestServers({ staticRoot: copy.root });
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/script-tag`);
    try {
      await checkout.ready();
      await checkout.typeCard({ number: CARDS.visa.challenge, expiry: '1230', cvc: '123' });
      const outcome = await checkout.pay();
      assert.equal(outcome.type, 'antom-error');
      assert.equal(outcome.detail['reason'], 'CHUNK_LOAD_FAILED');
      assert.equal(outcome.detail['code'], 'SDK_CREATECOMPONENT_ERROR');
      assert.equal((await checkout.error.textContent())?.trim(), outcome.detail['message']);
      assert.equal((await checkout.events()).some((event) => event.type === 'antom-failed'), false);
    } finally {
      await checkout.close();
      await servers.close();
      copy.remove();
    }
  });
});

describe('the classic script (/script-tag/classic)', () => {
  test('one file with its integrity value pays with a test card, and needs no import map', async () => {
    const servers = await startTestServers();
    const { classic, files } = cdnIntegrity();
    const html = await (await fetch(`${servers.demoOrigin}/script-tag/classic`)).text();
    assert.ok(html.includes(`<script src="/assets/${classic}" integrity="${files[classic]}" crossorigin="anonymous" defer></script>`));
    assert.doesNotMatch(html, /importmap|type="module" src="\/assets/);
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/script-tag/classic`);
    try {
      await checkout.ready();
      await checkout.typeCard({ number: CARDS.visa.approved, expiry: '1230', cvc: '123' });
      const outcome = await checkout.pay();
      assert.equal(outcome.type, 'antom-authorized');
      // Every language is inside: German needs no further file.
      await checkout.element.evaluate((el) => el.setAttribute('locale', 'de_DE'));
      await checkout.page.waitForFunction(() =>
        document.querySelector('antom-card-checkout')?.shadowRoot?.textContent?.includes('Zahlung'),
      );
      const scripts = await checkout.page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => e.name).filter((url) => url.includes('/assets/')),
      );
      assert.deepEqual(scripts.map((url) => new URL(url).pathname), [`/assets/${classic}`]);
    } finally {
      await checkout.close();
      await servers.close();
    }
  });
});

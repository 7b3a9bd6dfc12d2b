/**
 * Independent card binding end to end, in Chromium against the real gateway and demo: on "My cards"
 * the buyer binds a card with the vault-mode element (no payment), the shop receives the token by
 * `notifyVaulting` and lists the card, the checkout offers it, and removing it deletes the token.
 * A hostile page script sees no card data during the binding.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { withTestServers } from '../support/servers.js';
import { CardsPage } from './support/cards-page.js';
import { cardFrame, launchBrowser, runAxe } from './support/checkout-page.js';
import { hostileRecords, leaksCvc, leaksPan, sweep } from './support/leaks.js';
import { seedSavedCard, SavedCardsCheckout } from './support/saved-cards-page.js';

const HOSTILE = readFileSync(new URL('./support/hostile-recorder.js', import.meta.url), 'utf8');
// Not listed on the demo pages, so finding it anywhere in the page means it leaked.
const PAN = CARDS.visa.unlisted;
const CVC = '472';

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe('"My cards": binding a card without paying', () => {
  test('bind a card in vault mode, see it in the wallet and at checkout, remove it, see it gone', async () => {
    await withTestServers(async (servers) => {
      const cards = await CardsPage.open(browser, servers.demoOrigin, [HOSTILE]);
      try {
        await cards.empty.waitFor();
        await cards.event('antom-ready');
        assert.deepEqual(await runAxe(cards.page), [], 'axe: empty wallet, card form ready');
        assert.match(await cards.saveButton.innerText(), /Save card/);
        const paymentsBefore = servers.gateway.engine.listPayments().length;

        await cards.typeCard({ number: PAN, expiry: '1129', cvc: CVC });
        await cards.saveButton.click();
        const saved = await cards.event('antom-card-saved');
        assert.deepEqual(saved.detail, {
          code: 'SDK_CARD_SAVED',
          brand: 'VISA',
          last4: '2832',
          expiryMonth: '11',
          expiryYear: '29',
          // The gateway's answer, in the shape of Antom's Web SDK callback result.
          result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.', paymentStatus: 'SUCCESS' },
        });
        await cards.addStatus.getByText('Visa ending 2832 is in your cards.').waitFor();
        assert.deepEqual(await cards.describeRows(), [
          { logo: 'VISA', name: 'Visa •••• 2832', expiry: 'Expires 11/29' },
        ]);
        assert.equal(await cards.empty.isVisible(), false);
        assert.equal(servers.gateway.engine.listPayments().length, paymentsBefore, 'binding charged nothing');
        assert.deepEqual(
          (await servers.demo.wallet.list()).map((card) => [card.brand, card.last4, card.source]),
          [['VISA', '2832', 'VAULTING']],
        );
        assert.deepEqual(await runAxe(cards.page), [], 'axe: one saved card');

        const records = await hostileRecords(cards.page);
        assert.ok(
          records.some((r) => r.startsWith('port.message')),
          'the recorder saw channel messages',
        );
        for (const record of records) {
          assert.ok(!leaksPan(record, PAN), `PAN leaked in: ${record.slice(0, 200)}`);
          assert.ok(!leaksCvc(record, CVC), `CVC leaked in: ${record.slice(0, 200)}`);
          assert.doesNotMatch(record, /ALIPAY[0-9A-F]{8}/, 'a card token reached the page');
        }
        const text = await sweep(cards.page);
        assert.ok(!leaksPan(text, PAN) && !leaksCvc(text, CVC), 'card data found in the merchant DOM');
      } finally {
        await cards.close();
      }

      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      try {
        await checkout.ready();
        assert.deepEqual(
          (await checkout.rows()).map((row) => [row.logo, row.name, row.checked]),
          [['VISA', 'Visa •••• 2832', true]],
        );
      } finally {
        await checkout.close();
      }

      const again = await CardsPage.open(browser, servers.demoOrigin);
      try {
        const [token] = (await servers.demo.wallet.tokens());
        assert.ok(token);
        await again.removeButton('2832').click();
        await again.empty.waitFor();
        await again.status.getByText('Visa ending 2832 removed.').waitFor();
        assert.equal(await again.rows.count(), 0);
        assert.equal(servers.gateway.engine.tokens.get(token), undefined, 'the gateway deleted the token');
        // With no row left, focus lands on the heading instead of being lost.
        assert.equal(await again.page.evaluate(() => document.activeElement?.id), 'wallet-title');
        assert.deepEqual(await runAxe(again.page), [], 'axe: wallet emptied');
      } finally {
        await again.close();
      }
    });
  });

  test('removing one of two cards keeps keyboard focus on the next remove button', async () => {
    await withTestServers(async (servers) => {
      await seedSavedCard(servers, { number: CARDS.visa.approved });
      await seedSavedCard(servers, { number: CARDS.mastercard.approved });
      const cards = await CardsPage.open(browser, servers.demoOrigin);
      try {
        assert.deepEqual(
          (await cards.describeRows()).map((row) => row.name),
          ['Visa •••• 0768', 'Mastercard •••• 4622'],
        );
        await cards.removeButton('0768').focus();
        await cards.page.keyboard.press('Enter');
        await cards.status.getByText('Visa ending 0768 removed.').waitFor();
        assert.deepEqual(
          (await cards.describeRows()).map((row) => row.name),
          ['Mastercard •••• 4622'],
        );
        const focused = await cards.page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
        assert.equal(focused, 'Remove Mastercard ending 4622');
      } finally {
        await cards.close();
      }
    });
  });

  test('the vault-mode card frame passes axe and offers no consent box', async () => {
    await withTestServers(async (servers) => {
      const cards = await CardsPage.open(browser, servers.demoOrigin);
      try {
        await cards.event('antom-ready');
        assert.deepEqual(await runAxe(cardFrame(cards.page)), [], 'axe in the vault frame');
        assert.equal(
          await cards.frame.getByLabel('Save this card for future payments').count(),
          0,
          'no consent box when binding',
        );
      } finally {
        await cards.close();
      }
    });
  });
});

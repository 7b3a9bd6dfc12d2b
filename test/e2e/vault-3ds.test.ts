/**
 * Binding a card with 3-D Secure, end to end in Chromium against the real gateway, its issuer (ACS)
 * server and the demo: the vault-mode element opens its dialog, the buyer answers the bank's
 * challenge in the issuer's page (its own origin, framed by the gateway's container), and the card
 * is bound only when the gateway, not a browser message, says the issuer verified the buyer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { withTestServers } from '../support/servers.js';
import { eventually, waitFor } from '../support/waits.js';
import { CardsPage } from './support/cards-page.js';
import { launchBrowser, runAxe } from './support/checkout-page.js';
import { CSP_RECORDER, cspViolations, hostileRecords, leaksCvc, leaksPan, sweep } from './support/leaks.js';
import { countEvents } from './support/saved-cards-page.js';

const HOSTILE = readFileSync(new URL('./support/hostile-recorder.js', import.meta.url), 'utf8');
const PAN = CARDS.visa.unlisted;
const CVC = '472';
const SANDBOX_CODE = '123456';

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** The issuer's page as a Playwright frame (for axe), once it has loaded. */
function issuerFrame(page: Page, issuerOrigin: string): Promise<Frame> {
  return waitFor(() => page.frames().find((candidate) => candidate.url().startsWith(`${issuerOrigin}/acs/`)), {
    interval: 50,
    message: 'the issuer page to load',
  });
}

async function startBinding(cards: CardsPage): Promise<void> {
  await cards.event('antom-ready');
  await cards.typeCard({ number: PAN, expiry: '1129', cvc: CVC });
  await cards.saveButton.click();
}

describe('"My cards" with 3-D Secure', () => {
  test('the bank challenge opens in a dialog; a wrong code is named; the right code binds the card', async () => {
    await withTestServers(async (servers) => {
      const cards = await CardsPage.open(browser, servers.demoOrigin, [HOSTILE, CSP_RECORDER], { threeDS: true });
      try {
        assert.equal(await cards.page.getByLabel('Verify the card with my bank (3-D Secure)').isChecked(), true);
        await startBinding(cards);
        const challenge = await cards.event('antom-challenge');
        assert.equal((challenge.detail as { code: string }).code, 'SDK_PAYMENT_CHALLENGE');
        await cards.challengeDialog.waitFor();
        assert.equal(
          await cards.element.evaluate((el) => (el as unknown as { state: { status: string } }).state.status),
          'challenge',
        );
        assert.equal((await servers.demo.wallet.list()).length, 0, 'nothing bound before the buyer is verified');
        assert.equal(
          servers.gateway.engine.notifications.list().filter((record) => record.notifyType === 'VAULTING_RESULT')
            .length,
          0,
          'no notifyVaulting before the buyer is verified',
        );

        const code = cards.issuer.getByLabel(/code/i);
        await code.waitFor();
        assert.deepEqual(await runAxe(cards.page), [], 'axe: merchant page with the dialog open');
        assert.deepEqual(
          await runAxe(await issuerFrame(cards.page, servers.gateway.issuerOrigin)),
          [],
          'axe: issuer page',
        );

        await code.fill('000000');
        await cards.issuer.getByRole('button', { name: /verify/i }).click();
        await cards.issuer.getByText(/not right|incorrect|wrong/i).waitFor();
        assert.equal(await cards.issuer.getByLabel(/code/i).getAttribute('aria-invalid'), 'true');
        assert.deepEqual(
          await runAxe(await issuerFrame(cards.page, servers.gateway.issuerOrigin)),
          [],
          'axe: issuer error',
        );

        // Strict CSP with Trusted Types on the merchant page; the frames' own CSPs: nothing violated.
        assert.deepEqual(await cspViolations(cards.page), [], 'CSP violations with the dialog open');
        await cards.issuer.getByLabel(/code/i).fill(SANDBOX_CODE);
        await cards.issuer.getByRole('button', { name: /verify/i }).click();
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
        await cards.challengeDialog.waitFor({ state: 'hidden' });
        await cards.addStatus.getByText('Visa ending 2832 is in your cards.').waitFor();
        assert.deepEqual(
          (await servers.demo.wallet.list()).map((card) => [card.brand, card.last4, card.source]),
          [['VISA', '2832', 'VAULTING']],
        );

        const records = await hostileRecords(cards.page);
        for (const record of records) {
          assert.ok(!leaksPan(record, PAN), `PAN leaked in: ${record.slice(0, 200)}`);
          assert.ok(!leaksCvc(record, CVC), `CVC leaked in: ${record.slice(0, 200)}`);
          assert.doesNotMatch(record, /ALIPAY[0-9A-F]{8}/, 'a card token reached the page');
        }
        const text = await sweep(cards.page);
        assert.ok(!leaksPan(text, PAN) && !leaksCvc(text, CVC), 'card data found in the merchant DOM');
        assert.deepEqual(await cspViolations(cards.page), [], 'CSP violations after binding');
        // The recorder does see a violation: an HTML string assigned without a Trusted Types policy.
        await cards.page.evaluate(`try { document.createElement('div').innerHTML = '<b>x</b>'; } catch {}`);
        await eventually(async () =>
          assert.match((await cspViolations(cards.page)).join('\n'), /require-trusted-types-for/),
        );
        // The card frame enforces Trusted Types too (its CSP allows no policy at all).
        const cardFrame = cards.page.frames().find((frame) => frame.url().includes('/sdk/v1/frame'))!;
        await cardFrame.evaluate(`try { document.createElement('div').innerHTML = '<b>x</b>'; } catch {}`);
        await eventually(async () =>
          assert.match(
            (await cspViolations(cards.page)).join('\n'),
            new RegExp(`${servers.gatewayOrigin}: require-trusted-types-for`),
          ),
        );
      } finally {
        await cards.close();
      }
    });
  });

  test('Escape and the bank page’s Cancel end the same: cancelled, the card not saved, the form ready', async () => {
    await withTestServers(async (servers) => {
      const cards = await CardsPage.open(browser, servers.demoOrigin, [], { threeDS: true });
      try {
        await startBinding(cards);
        const ways: Array<[string, () => Promise<void>]> = [
          ['Escape', () => cards.page.keyboard.press('Escape')],
          ["the bank's Cancel", () => cards.issuer.getByRole('button', { name: /cancel/i }).click()],
        ];
        for (const [index, [way, leave]] of ways.entries()) {
          if (index > 0) {
            await cards.saveButton.click();
            await cards.event('antom-challenge', index + 1);
          }
          await cards.issuer.getByLabel(/code/i).waitFor();
          await leave();
          await cards.event('antom-cancel', index + 1);
          await cards.challengeDialog.waitFor({ state: 'hidden' });
          await cards.addStatus.getByText('Verification cancelled. The card was not saved.').waitFor();
          assert.equal(
            await cards.element.evaluate((el) => (el as unknown as { state: { status: string } }).state.status),
            'ready',
            way,
          );
          assert.equal(await countEvents(cards.page, 'antom-failed'), 0, `${way}: no failure is reported`);
          assert.equal(await countEvents(cards.page, 'antom-card-saved'), 0);
          assert.equal((await servers.demo.wallet.list()).length, 0, `${way}: nothing is bound`);
        }
      } finally {
        await cards.close();
      }
    });
  });

  test('keyboard only: save, type the code in the bank page, confirm', async () => {
    await withTestServers(async (servers) => {
      const cards = await CardsPage.open(browser, servers.demoOrigin, [], { threeDS: true });
      try {
        await cards.event('antom-ready');
        await cards.typeCard({ number: PAN, expiry: '1129', cvc: CVC });
        await cards.page.keyboard.press('Enter');
        await cards.event('antom-challenge');
        const code = cards.issuer.getByLabel(/code/i);
        await code.waitFor();
        // Focus moved into the dialog; Tab reaches the code field without the mouse.
        for (let presses = 0; presses < 8; presses++) {
          if (await code.evaluate((input) => input === document.activeElement)) break;
          await cards.page.keyboard.press('Tab');
        }
        assert.equal(
          await code.evaluate((input) => input === document.activeElement),
          true,
          'the code field has focus',
        );
        await cards.page.keyboard.type(SANDBOX_CODE);
        await cards.page.keyboard.press('Enter');
        await cards.event('antom-card-saved');
        await cards.challengeDialog.waitFor({ state: 'hidden' });
      } finally {
        await cards.close();
      }
    });
  });
});

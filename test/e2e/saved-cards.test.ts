/**
 * Saved cards end to end, in Chromium against the real gateway and demo: a payment with consent
 * puts the card in the demo wallet, the next checkout lists it (logo, brand, masked number, expiry)
 * and pays with it in one click or with its CVC, a CVC typed for a saved card never reaches the
 * merchant page, the buyer can do it all with the keyboard, remove a card, and is told clearly when
 * a saved card is unknown, removed or expired.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import { CARDS } from '../support/cards.js';
import { MERCHANT_ACCOUNT_ID, withTestServers } from '../support/servers.js';
import { settle } from '../support/waits.js';
import { cardFrame, launchBrowser, runAxe, waitForFrameFocus } from './support/checkout-page.js';
import { hostileRecords, leaksCvc, leaksPan, sweep } from './support/leaks.js';
import {
  focusDescriptor,
  seedSavedCard,
  SavedCardsCheckout,
  tabUntil,
  waitForNth,
} from './support/saved-cards-page.js';

const HOSTILE = readFileSync(new URL('./support/hostile-recorder.js', import.meta.url), 'utf8');
// Typed only for a saved card; chosen so that no id, amount or time on the page reads as it.
const SAVED_CVC = '583';

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Each test gets its own gateway and shop, so its wallet starts as the test says. */
/** Axe on the merchant page (the element's shadow root included) and, where it shows fields, in the card frame. */
async function expectAxeClean(checkout: SavedCardsCheckout, state: string, frame = true): Promise<void> {
  assert.deepEqual(await runAxe(checkout.page), [], `axe on the page, ${state}`);
  if (frame) assert.deepEqual(await runAxe(cardFrame(checkout.page)), [], `axe in the frame, ${state}`);
}

describe('saved cards at checkout', () => {
  test('pay with consent, then the next checkout lists the card and pays with it in one click', async () => {
    await withTestServers(async (servers) => {
      const first = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      try {
        await first.ready();
        assert.equal(await first.list.count(), 0, 'an empty wallet shows no saved-card list');
        await first.checkout.typeCard({
          number: CARDS.visa.approved,
          expiry: '1230',
          cvc: '123',
          holder: 'Ada Lovelace',
        });
        // The demo asks for consent by default: the box is there, unticked.
        assert.equal(await first.consentBox.isChecked(), false);
        await first.consentBox.check();
        const paid = await first.checkout.pay();
        assert.equal(paid.type, 'antom-authorized', JSON.stringify(paid.detail));
        assert.equal(paid.detail['last4'], '0768');
        // The token reached the shop by notification: the page says the card is saved.
        await first.page.getByText('Visa ending 0768 is saved').waitFor({ timeout: 15000 });
      } finally {
        await first.close();
      }
      assert.deepEqual(
        (await servers.demo.wallet.list()).map((card) => [card.brand, card.last4, card.source]),
        [['VISA', '0768', 'PAYMENT']],
      );

      const next = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      try {
        await next.ready();
        assert.deepEqual(await next.rows(), [
          { logo: 'VISA', name: 'Visa •••• 0768', expiry: 'Expires 12/30', checked: true, disabled: false },
        ]);
        assert.equal(await next.newCardRadio.isChecked(), false);
        // The frame shows nothing for a one-click card; its own check is the test below.
        await expectAxeClean(next, 'saved card selected, no CVC asked', false);
        const before = await next.outcomes();
        await next.checkout.payButton.click();
        const outcome = await next.outcomeAfter(before);
        assert.equal(outcome.type, 'antom-authorized', JSON.stringify(outcome.detail));
        assert.equal(outcome.detail['last4'], '0768');
        assert.equal(outcome.detail['brand'], 'VISA');
        const inquiry = await servers.client.inquiryPayment({ paymentId: String(outcome.detail['paymentId']) });
        assert.equal(inquiry.paymentStatus, 'SUCCESS');
        assert.equal(inquiry.paymentResultInfo?.cardNo, '************0768');
      } finally {
        await next.close();
      }
    });
  });

  test('with the CVC policy, the saved card asks for its CVC, and a hostile page script never sees it', async () => {
    await withTestServers(async (servers) => {
      const { last4 } = await seedSavedCard(servers, { number: CARDS.mastercard.unlisted });
      const logStart = servers.logs.length;
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin, [HOSTILE]);
      const sweeps: string[] = [];
      try {
        await checkout.ready();
        await checkout.setCvcPolicy(true);
        assert.deepEqual(
          (await checkout.rows()).map((row) => [row.name, row.checked]),
          [[`Mastercard •••• ${last4}`, true]],
        );
        await checkout.checkout.frame.getByLabel(`Security code for Mastercard ${last4}`).waitFor();
        assert.equal(await checkout.checkout.numberField.isVisible(), false, 'only the CVC is asked');

        // Pay without the CVC: the CVC field shows its error (the "CVC error" state).
        let before = await checkout.outcomes();
        await checkout.checkout.payButton.click();
        await waitForNth(checkout.page, 'antom-error', 1);
        assert.equal(await checkout.checkout.cvcField.getAttribute('aria-invalid'), 'true');
        await expectAxeClean(checkout, 'saved card, CVC missing');

        await checkout.checkout.cvcField.click();
        await checkout.checkout.cvcField.pressSequentially(SAVED_CVC);
        await expectAxeClean(checkout, 'saved card, CVC typed');
        sweeps.push(await sweep(checkout.page));
        before = await checkout.outcomes();
        await checkout.checkout.payButton.click();
        const outcome = await checkout.outcomeAfter(before);
        assert.equal(outcome.type, 'antom-authorized', JSON.stringify(outcome.detail));
        assert.equal(outcome.detail['last4'], last4);
        sweeps.push(await sweep(checkout.page));

        const records = await hostileRecords(checkout.page);
        assert.ok(records.length > 20, `the recorder saw the page's activity (${records.length} records)`);
        assert.ok(
          records.some((r) => r.startsWith('port.message')),
          'the recorder saw channel messages',
        );
        for (const record of records) {
          assert.ok(!leaksCvc(record, SAVED_CVC), `CVC leaked in: ${record.slice(0, 200)}`);
          assert.ok(!leaksPan(record, CARDS.mastercard.unlisted), `PAN leaked in: ${record.slice(0, 200)}`);
          assert.doesNotMatch(record, /ALIPAY[0-9A-F]{8}/, 'a card token reached the page');
        }
        for (const text of sweeps) {
          assert.ok(!leaksCvc(text, SAVED_CVC), 'CVC found in the merchant DOM');
          assert.ok(!leaksPan(text, CARDS.mastercard.unlisted), 'PAN found in the merchant DOM');
        }
        const logs = servers.logs.slice(logStart).join('\n');
        assert.ok(!leaksCvc(logs, SAVED_CVC), 'CVC found in a server log');
      } finally {
        await checkout.close();
      }
    });
  });

  test('asks for the CVC in the frame when the session requires it, and pays with it', async () => {
    await withTestServers(async (servers) => {
      await seedSavedCard(servers, { number: CARDS.visa.approved });
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      const { page } = checkout;
      try {
        await checkout.ready();
        await checkout.setCvcPolicy(true);
        // The frame shows the CVC field alone: taller than nothing, far shorter than the card form.
        await page.waitForFunction(
          () => {
            const frame = document.querySelector('antom-card-checkout')!.shadowRoot!.querySelector('iframe')!;
            const height = frame.getBoundingClientRect().height;
            return height > 60 && height < 200;
          },
          undefined,
          { timeout: 5000 },
        );
        assert.equal(await checkout.element.evaluate((el) => (el as AntomCardCheckout).state.complete), false);
        await expectAxeClean(checkout, 'saved card, CVC asked');
        const before = await checkout.outcomes();
        await checkout.element.evaluate((el) => el.focus());
        await waitForFrameFocus(page, 'cvc');
        await page.keyboard.type('123');
        await page.waitForFunction(() => document.querySelector('antom-card-checkout')!.state.complete, undefined, {
          timeout: 5000,
        });
        // submit() resolves with the outcome the event told.
        const result = await checkout.element.evaluate((el) => (el as AntomCardCheckout).submit().then((r) => r.outcome));
        assert.equal(result, 'authorized');
        const outcome = await checkout.outcomeAfter(before);
        assert.equal(outcome.type, 'antom-authorized', JSON.stringify(outcome.detail));
        assert.equal(outcome.detail['last4'], '0768');
        assert.equal(outcome.detail['brand'], 'VISA');
      } finally {
        await checkout.close();
      }
    });
  });

  test('keyboard only: choose the second saved card, type its CVC, pay', async () => {
    await withTestServers(async (servers) => {
      await seedSavedCard(servers, { number: CARDS.visa.approved });
      const { last4 } = await seedSavedCard(servers, { number: CARDS.mastercard.approved });
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      const { page } = checkout;
      try {
        await checkout.ready();
        await tabUntil(page, (focus) => focus === 'input#saved-card-cvc');
        await page.keyboard.press('Space');
        await checkout.ready(2);
        assert.equal(await checkout.cvcPolicyBox.isChecked(), true);

        // The radio group is one tab stop; its checked radio (the first card) takes focus.
        await tabUntil(page, (focus) => focus.startsWith('radio:'));
        assert.equal(await focusDescriptor(page), 'radio:saved-0');
        await page.keyboard.press('ArrowDown');
        assert.equal(await focusDescriptor(page), 'radio:saved-1');
        await checkout.checkout.frame.getByLabel(`Security code for Mastercard ${last4}`).waitFor();
        assert.deepEqual(
          (await checkout.rows()).map((row) => row.checked),
          [false, true],
        );

        await tabUntil(page, (focus) => focus === 'frame:cvc');
        await page.keyboard.type(SAVED_CVC);
        await tabUntil(page, (focus) => focus === 'part:pay-button');
        const before = await checkout.outcomes();
        await page.keyboard.press('Enter');
        const outcome = await checkout.outcomeAfter(before);
        assert.equal(outcome.type, 'antom-authorized', JSON.stringify(outcome.detail));
        assert.equal(outcome.detail['last4'], last4);
        assert.equal(outcome.detail['brand'], 'MASTERCARD');
      } finally {
        await checkout.close();
      }
    });
  });

  test('removing a saved card: the shop deletes its token and the list updates', async () => {
    await withTestServers(async (servers) => {
      const visa = await seedSavedCard(servers, { number: CARDS.visa.approved });
      const mastercard = await seedSavedCard(servers, { number: CARDS.mastercard.approved });
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      try {
        await checkout.ready();
        assert.deepEqual(
          (await checkout.rows()).map((row) => row.name),
          ['Visa •••• 0768', 'Mastercard •••• 4622'],
        );
        await checkout.removeButton(visa.last4).click();
        const request = await waitForNth(checkout.page, 'antom-remove-card', 1);
        assert.equal(request.detail['index'], 0);
        assert.equal(request.detail['last4'], '0768');
        assert.doesNotMatch(JSON.stringify(request.detail), /ALIPAY/);
        await checkout.ready(2);
        assert.deepEqual(
          (await checkout.rows()).map((row) => [row.name, row.checked]),
          [['Mastercard •••• 4622', true]],
        );
        await checkout.outcome.getByText('Visa ending 0768 removed.').waitFor();
        assert.equal(servers.gateway.engine.tokens.get(visa.token), undefined, 'the gateway deleted the token');
        assert.ok(servers.gateway.engine.tokens.get(mastercard.token), 'the other token is kept');
        assert.deepEqual((await servers.demo.wallet.tokens()), [mastercard.token]);
        await expectAxeClean(checkout, 'after a removal', false);
      } finally {
        await checkout.close();
      }
    });
  });
});

describe('the card frame of a one-click saved card', () => {
  test('passes axe while it shows no field (its landmark and heading stay for assistive technology)', async () => {
    await withTestServers(async (servers) => {
      await seedSavedCard(servers, { number: CARDS.visa.approved });
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      try {
        await checkout.ready();
        assert.equal(await checkout.radio('0768').isChecked(), true);
        assert.deepEqual(await runAxe(cardFrame(checkout.page)), [], 'axe in the frame, saved card without CVC');
      } finally {
        await checkout.close();
      }
    });
  });
});

describe('saved cards that cannot be used', () => {
  test('a session naming a token the gateway does not know: SESSION_HTTP_ERROR, a 502 naming the code, a visible message', async () => {
    await withTestServers(async (servers) => {
      (await servers.demo.wallet.add({
        token: `ALIPAY${'0'.repeat(40)}`,
        brand: 'VISA',
        last4: '0768',
        expiryMonth: '12',
        expiryYear: '30',
        source: 'PAYMENT',
      }));
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      const { page } = checkout;
      try {
        const error = await waitForNth(page, 'antom-error', 1);
        assert.equal(error.detail['reason'], 'SESSION_HTTP_ERROR');
        assert.match(await checkout.checkout.error.innerText(), /could not be loaded/);
        await checkout.outcome.getByText('Reason: SESSION_HTTP_ERROR').waitFor();

        // What the shop answered the element (read on a reload, passed through unchanged): a 502
        // naming Antom's code and the refused field.
        let answered: { status: number; text: string } | undefined;
        await page.route('**/api/checkout/session', async (route) => {
          const response = await route.fetch();
          answered = { status: response.status(), text: await response.text() };
          await route.fulfill({ response });
        });
        await checkout.element.evaluate((element: HTMLElement & { reload(): Promise<void> }) => element.reload());
        await waitForNth(page, 'antom-error', 2);
        assert.equal(answered?.status, 502);
        const body = JSON.parse(answered.text) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'INVALID_PAYMENT_METHOD_META_DATA');
        assert.match(body.error.message, /savedPaymentMethods\[0\]\.paymentMethodId/);
        assert.doesNotMatch(answered.text, /ALIPAY/);
      } finally {
        await checkout.close();
      }
    });
  });

  test('a token removed after the session was created: antom-failed INVALID_PAYMENT_METHOD_META_DATA and a visible message', async () => {
    await withTestServers(async (servers) => {
      const { token } = await seedSavedCard(servers, { number: CARDS.visa.approved });
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      try {
        await checkout.ready();
        assert.equal(await checkout.radio('0768').isChecked(), true);
        await servers.client.deleteToken({ token, merchantAccountId: MERCHANT_ACCOUNT_ID });
        const before = await checkout.outcomes();
        await checkout.checkout.payButton.click();
        const outcome = await checkout.outcomeAfter(before);
        assert.equal(outcome.type, 'antom-failed', JSON.stringify(outcome.detail));
        assert.equal(outcome.detail['resultCode'], 'INVALID_PAYMENT_METHOD_META_DATA');
        assert.match(await checkout.checkout.error.innerText(), /no longer available/);
        await checkout.outcome.getByText('Result code: INVALID_PAYMENT_METHOD_META_DATA').waitFor();
      } finally {
        await checkout.close();
      }
    });
  });

  test('an expired saved card is shown as expired and cannot be chosen', async () => {
    await withTestServers(async (servers) => {
      const now = servers.clock.now();
      const month = String(now.getUTCMonth() + 1).padStart(2, '0');
      const year = String(now.getUTCFullYear() % 100).padStart(2, '0');
      // Valid today, expired once the gateway's clock passes the end of this month.
      await seedSavedCard(servers, { number: CARDS.visa.approved, expiryMonth: month, expiryYear: year });
      await seedSavedCard(servers, { number: CARDS.mastercard.approved });
      servers.clock.advance(45 * 24 * 3600 * 1000);
      const checkout = await SavedCardsCheckout.open(browser, servers.demoOrigin);
      try {
        await checkout.ready();
        assert.deepEqual(await checkout.rows(), [
          { logo: 'VISA', name: 'Visa •••• 0768', expiry: 'Expired', checked: false, disabled: true },
          { logo: 'MASTERCARD', name: 'Mastercard •••• 4622', expiry: 'Expires 12/30', checked: true, disabled: false },
        ]);
        await checkout.radio('0768').click({ force: true });
        assert.equal(await checkout.radio('0768').isChecked(), false, 'the expired card cannot be chosen');
        await expectAxeClean(checkout, 'an expired card in the list', false);
        await checkout.setCvcPolicy(true);
        await checkout.checkout.cvcField.waitFor();
        await expectAxeClean(checkout, 'an expired card in the list, CVC asked for the usable one');
      } finally {
        await checkout.close();
      }
    });
  });
});

describe('saved cards and layout', () => {
  test('the list and the collapsed card form arrive in one layout change, well under the "good" CLS of 0.1', async () => {
    await withTestServers(async (servers) => {
      await seedSavedCard(servers, { number: CARDS.visa.approved });
      await seedSavedCard(servers, { number: CARDS.mastercard.approved });
      // Tall enough that the whole checkout is in view: shifts below the fold do not count.
      const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
      try {
        const page = await context.newPage();
        // A string, not a function: tsx's name-keeping helpers do not exist in the page.
        await page.addInitScript(`
          window.__shifts = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
          }).observe({ type: 'layout-shift', buffered: true });
          window.addEventListener('antom-ready', () => (window.__ready = true));
        `);
        await page.goto(`${servers.demoOrigin}/`);
        await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
        // Shifts are reported as they happen: give any late one time to show.
        await settle(400);
        const shifts = (await page.evaluate('window.__shifts')) as number[];
        // The element cannot know the buyer's cards before the session loads, so one shift remains:
        // the reserved new-card height gives way to the list. Two shifts meant the frame collapsed late.
        assert.ok(shifts.length <= 1, `layout shifts: ${shifts.join(', ')}`);
        const cls = shifts.reduce((sum, value) => sum + value, 0);
        assert.ok(cls < 0.05, `CLS ${cls}`);
      } finally {
        await context.close();
      }
    });
  });
});

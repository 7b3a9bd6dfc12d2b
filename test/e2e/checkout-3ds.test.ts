/**
 * Paying with 3-D Secure on the demo checkout, end to end in Chromium against the real gateway, its
 * issuer (ACS) server and the demo shop: the merchant asks for 3DS, the bank's page opens in the
 * element's dialog, and the payment is authorized only after the buyer is verified; the shop's order
 * moves by the signed notification. A hostile page script sees no card data during the challenge.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, FrameLocator } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { CheckoutPage, launchBrowser, runAxe } from './support/checkout-page.js';
import { CSP_RECORDER, cspViolations, hostileRecords, leaksCvc, leaksPan, sweep } from './support/leaks.js';

const HOSTILE = readFileSync(new URL('./support/hostile-recorder.js', import.meta.url), 'utf8');
const SANDBOX_CODE = '123456';

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

/** The issuer's page inside the element's dialog. */
function issuer(checkout: CheckoutPage): FrameLocator {
  return checkout.page.frameLocator('antom-card-checkout [part~="challenge-dialog"] iframe').frameLocator('iframe');
}

/** Opens the checkout and ticks "Ask the bank to verify the buyer", which reloads the element. */
async function openWith3DS(initScripts: string[] = []): Promise<CheckoutPage> {
  const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`, initScripts);
  await checkout.ready();
  await checkout.page.getByLabel(/Ask the bank to verify the buyer/).check();
  await checkout.page.waitForFunction(
    () =>
      (window as unknown as { __antomEvents: Array<{ type: string }> }).__antomEvents.filter(
        (e) => e.type === 'antom-ready',
      ).length >= 2,
  );
  return checkout;
}

async function payUntilChallenge(checkout: CheckoutPage, number: string, cvc: string): Promise<void> {
  await checkout.typeCard({ number, expiry: '1230', cvc });
  await checkout.payButton.click();
  await checkout.waitForEvent('antom-challenge');
  await issuer(checkout).getByLabel(/code/i).waitFor();
}

describe('checkout with 3-D Secure', () => {
  test('the merchant asks for 3DS: the bank verifies the buyer, then the payment is authorized', async () => {
    // Not listed on the demo page, so finding it anywhere in the page means it leaked.
    const pan = CARDS.visa.unlisted;
    const checkout = await openWith3DS([HOSTILE, CSP_RECORDER]);
    try {
      const paymentsBefore = servers.gateway.engine.listPayments().length;
      await payUntilChallenge(checkout, pan, '919');
      assert.equal(
        await checkout.element.evaluate((el) => (el as unknown as { state: { status: string } }).state.status),
        'challenge',
      );
      const pending = servers.gateway.engine.listPayments().slice(paymentsBefore);
      assert.equal(pending.length, 1, 'one payment, waiting for the bank');
      assert.equal(pending[0]?.state, 'PROCESSING', 'nothing is authorized before the buyer is verified');
      assert.deepEqual(await runAxe(checkout.page), [], 'axe: checkout with the dialog open');
      await issuer(checkout)
        .getByText(/\$25\.00|25\.00/)
        .first()
        .waitFor();

      assert.deepEqual(await cspViolations(checkout.page), [], 'CSP violations with the dialog open');
      await issuer(checkout).getByLabel(/code/i).fill(SANDBOX_CODE);
      await issuer(checkout)
        .getByRole('button', { name: /verify/i })
        .click();
      const authorized = await checkout.waitForEvent('antom-authorized');
      assert.equal(authorized.detail['last4'], '2832');
      const paymentId = String(authorized.detail['paymentId']);
      assert.equal(paymentId, pending[0]?.paymentId, 'the payment created before the challenge is the one authorized');
      const inquiry = await servers.client.inquiryPayment({ paymentId });
      assert.equal(inquiry.paymentStatus, 'SUCCESS');
      assert.equal(inquiry.paymentResultInfo?.threeDSResult?.challenged, 'true');
      await checkout.page.getByText(/Shop server: order .* is (CAPTURED|AUTHORIZED)/).waitFor();
      assert.equal(await checkout.element.locator('[part~="challenge-dialog"]').count(), 0, 'the dialog is gone');

      for (const record of await hostileRecords(checkout.page)) {
        assert.ok(!leaksPan(record, pan), `PAN leaked in: ${record.slice(0, 200)}`);
        assert.ok(!leaksCvc(record, '919'), `CVC leaked in: ${record.slice(0, 200)}`);
      }
      const text = await sweep(checkout.page);
      assert.ok(!leaksPan(text, pan) && !leaksCvc(text, '919'), 'card data found in the merchant DOM');
      assert.deepEqual(await cspViolations(checkout.page), [], 'CSP violations after paying');
    } finally {
      await checkout.close();
    }
  });

  test('Hebrew: the element, the card frame and the 3-D Secure container read right to left, card fields left to right', async () => {
    const checkout = await openWith3DS();
    try {
      await checkout.element.evaluate((el) => {
        el.setAttribute('locale', 'iw');
        return (el as unknown as { reload(): Promise<void> }).reload();
      });
      await checkout.page.waitForFunction(
        () =>
          (window as unknown as { __antomEvents: Array<{ type: string }> }).__antomEvents.filter(
            (e) => e.type === 'antom-ready',
          ).length >= 3,
      );
      assert.equal(await checkout.element.locator('.checkout').getAttribute('dir'), 'rtl');
      assert.equal(await checkout.element.locator('.checkout').getAttribute('lang'), 'he-IL');
      assert.equal(await checkout.frame.locator('html').getAttribute('dir'), 'rtl');
      assert.equal(await checkout.frame.locator('label[for="number"]').textContent(), 'מספר כרטיס');
      for (const field of [checkout.numberField, checkout.expiryField, checkout.cvcField]) {
        assert.equal(await field.evaluate((input) => getComputedStyle(input).direction), 'ltr');
      }
      await payUntilChallenge(checkout, CARDS.visa.unlisted, '919');
      const dialog = checkout.element.locator('[part~="challenge-dialog"]');
      assert.equal(await dialog.locator('h2').textContent(), 'אימות מול הבנק');
      assert.equal(await dialog.evaluate((el) => getComputedStyle(el).direction), 'rtl');
      const container = checkout.page.frameLocator('antom-card-checkout [part~="challenge-dialog"] iframe');
      await container.locator('html[dir="rtl"][lang="he-IL"]').waitFor({ state: 'attached' });
      // The container's Hebrew texts are fetched while the bank's page loads.
      await container.locator('iframe[title="דף האימות של הבנק"]').waitFor({ state: 'attached' });
      assert.deepEqual(await runAxe(checkout.page), [], 'axe: right-to-left checkout with the dialog open');
    } finally {
      await checkout.close();
    }
  });

  test("every way out of the bank's page ends the same: cancelled, nothing charged, the attempt failed, focus on Pay", async () => {
    const checkout = await openWith3DS();
    const dialog = checkout.element.locator('[part~="challenge-dialog"]');
    const count = async (type: string): Promise<number> =>
      (await checkout.events()).filter((event) => event.type === type).length;
    const payments = () =>
      servers.gateway.engine.listPayments().filter((payment) => payment.resultInfo?.lastFour === '4622');
    const ways: Array<[string, () => Promise<void>]> = [
      ["the dialog's Cancel", () => dialog.getByRole('button', { name: 'Cancel' }).click()],
      [
        "the bank's Cancel",
        () =>
          issuer(checkout)
            .getByRole('button', { name: /cancel/i })
            .click(),
      ],
      ['Escape', () => checkout.page.keyboard.press('Escape')],
    ];
    try {
      await checkout.typeCard({ number: CARDS.mastercard.approved, expiry: '1230', cvc: '123' });
      for (const [index, [way, leave]] of ways.entries()) {
        await checkout.payButton.click();
        await checkout.page.waitForFunction(
          (n) =>
            (window as unknown as { __antomEvents: Array<{ type: string }> }).__antomEvents.filter(
              (e) => e.type === 'antom-challenge',
            ).length === n,
          index + 1,
        );
        await issuer(checkout).getByLabel(/code/i).waitFor();
        assert.equal(await checkout.page.getByText('Verification cancelled. Nothing was charged.').count(), 0, way);
        await leave();
        await checkout.page.waitForFunction(
          (n) =>
            (window as unknown as { __antomEvents: Array<{ type: string }> }).__antomEvents.filter(
              (e) => e.type === 'antom-cancel',
            ).length === n,
          index + 1,
        );
        await checkout.page.getByText('Verification cancelled. Nothing was charged.').waitFor();
        assert.equal(await dialog.count(), 0, `${way}: the dialog is closed`);
        assert.equal(
          await checkout.element.evaluate((el) => (el as unknown as { state: { status: string } }).state.status),
          'ready',
          `${way}: the buyer may pay again`,
        );
        // Focus comes back to the pay button, so the keyboard user can try again at once.
        await checkout.page.waitForFunction(() => {
          const host = document.querySelector('antom-card-checkout');
          return host?.shadowRoot?.activeElement?.getAttribute('part') === 'pay-button';
        });
        assert.equal(await count('antom-failed'), 0, `${way}: no failure is reported`);
        assert.equal(await count('antom-authorized'), 0, `${way}: nothing is authorized`);
        // The gateway recorded the one outcome of the attempt at once: failed, the buyer cancelled.
        const attempts = payments();
        assert.ok(attempts.length >= 1);
        assert.deepEqual(
          attempts.map((payment) => payment.state),
          attempts.map(() => 'FAILED'),
          `${way}: nothing waits for the bank and nothing is authorized`,
        );
        const latest = attempts.at(-1)!;
        assert.equal(latest.resultInfo?.threeDSResult?.challengeCancel, 'true', `${way}: cancelled by the buyer`);
      }
    } finally {
      await checkout.close();
    }
  });

  test('a check the bank refuses (three wrong codes) fails visibly, with focus on the message', async () => {
    const checkout = await openWith3DS();
    try {
      await payUntilChallenge(checkout, CARDS.mastercard.approved, '123');
      for (let tries = 0; tries < 3; tries++) {
        const code = issuer(checkout).getByLabel(/code/i);
        await code.fill('000000');
        await code.press('Enter');
        if (tries < 2) await issuer(checkout).getByRole('alert').waitFor();
      }
      const failed = await checkout.waitForEvent('antom-failed');
      assert.equal(failed.detail['resultCode'], 'USER_PAYMENT_VERIFICATION_FAILED');
      await checkout.error.waitFor();
      assert.equal((await checkout.events()).filter((event) => event.type === 'antom-cancel').length, 0);
      await checkout.page.waitForFunction(() => {
        const host = document.querySelector('antom-card-checkout');
        return host?.shadowRoot?.activeElement?.hasAttribute('data-outcome') === true;
      });
      const ids = servers.gateway.engine
        .listPayments()
        .filter((payment) => payment.resultInfo?.lastFour === '4622' && payment.state !== 'FAILED');
      assert.equal(ids.length, 0, 'every payment of this card failed: none was authorized');
    } finally {
      await checkout.close();
    }
  });
  test('keyboard only: the sandbox card that always asks for 3DS, without the merchant asking', async () => {
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`);
    try {
      await checkout.ready();
      await checkout.typeCard({ number: CARDS.visa.challenge, expiry: '1230', cvc: '123' });
      await checkout.page.keyboard.press('Enter');
      await checkout.waitForEvent('antom-challenge');
      const code = issuer(checkout).getByLabel(/code/i);
      await code.waitFor();
      for (let presses = 0; presses < 8; presses++) {
        if (await code.evaluate((input) => input === document.activeElement)) break;
        await checkout.page.keyboard.press('Tab');
      }
      assert.equal(await code.evaluate((input) => input === document.activeElement), true, 'Tab reaches the code');
      await checkout.page.keyboard.type(SANDBOX_CODE);
      await checkout.page.keyboard.press('Enter');
      const authorized = await checkout.waitForEvent('antom-authorized');
      assert.equal(authorized.detail['last4'], '0307');
    } finally {
      await checkout.close();
    }
  });
});

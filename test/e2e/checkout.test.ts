/**
 * End to end: the demo shop in Chromium, the real demo merchant server, the real sandbox
 * gateway, real RSA signatures. A buyer types a card and pays.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { cdnIntegrity } from '../support/cdn.js';
import { startTestServers, withTestServers, type TestServers } from '../support/servers.js';
import { settle } from '../support/waits.js';
import { CheckoutPage, launchBrowser, runAxe, waitForFrameFocus } from './support/checkout-page.js';
// The element's tag-name typings, for code evaluated in the page (a type-only import: nothing runs in Node).
import type {} from '../../src/element/define.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';

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

async function openCheckout(query = ''): Promise<CheckoutPage> {
  const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/${query}`);
  await checkout.ready();
  return checkout;
}

describe('paying on the demo shop', () => {
  test('a success card is authorized and the gateway confirms it by inquiry', async () => {
    const checkout = await openCheckout();
    try {
      await checkout.typeCard({ number: CARDS.visa.approved, expiry: '1230', cvc: '123', holder: 'Ada Lovelace' });
      assert.equal(await checkout.numberField.inputValue(), '4054 6957 2310 0768');
      const outcome = await checkout.pay();
      assert.equal(outcome.type, 'antom-authorized');
      assert.equal(outcome.detail['code'], 'SDK_PAYMENT_SUCCESSFUL');
      assert.equal(outcome.detail['brand'], 'VISA');
      assert.equal(outcome.detail['last4'], '0768');
      const paymentId = outcome.detail['paymentId'];
      assert.equal(typeof paymentId, 'string');
      const inquiry = await servers.client.inquiryPayment({ paymentId: paymentId as string });
      assert.equal(inquiry.paymentStatus, 'SUCCESS');
      assert.equal(inquiry.paymentResultInfo?.cardNo, '************0768');
      await checkout.page.getByText('Payment authorized').first().waitFor();
      assert.deepEqual(await checkout.axePage(), []);
      // A sandbox session pays with the secure frame: Antom's SDK and its driver are never fetched.
      const fetched = await checkout.page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
      assert.ok(fetched.some((url) => url.endsWith(`/assets/${cdnIntegrity().module}`)), 'the page’s own bundle is listed');
      assert.deepEqual(fetched.filter((url) => /antom-sdk-driver|ams-checkout/.test(url)), []);
    } finally {
      await checkout.close();
    }
  });

  test('a decline card fails with the decline code and a visible, localized message', async () => {
    const checkout = await openCheckout();
    try {
      await checkout.typeCard({ number: CARDS.visa.declined, expiry: '1230', cvc: '123' });
      const outcome = await checkout.pay();
      assert.equal(outcome.type, 'antom-failed');
      assert.equal(outcome.detail['code'], 'SDK_PAYMENT_FAIL');
      assert.equal(outcome.detail['resultCode'], 'DO_NOT_HONOR');
      const shown = (await checkout.error.textContent())?.trim();
      assert.equal(shown, outcome.detail['message']);
      assert.match(shown ?? '', /declined/);
      assert.deepEqual(await checkout.axePage(), []);

      await checkout.element.evaluate((el) => el.setAttribute('locale', 'fr_FR'));
      await checkout.numberField.fill('');
      await checkout.typeCard({ number: CARDS.mastercard.declined, expiry: '1230', cvc: '123' });
      await checkout.page.evaluate(
        () => ((window as unknown as { __antomEvents: unknown[] }).__antomEvents.length = 0),
      );
      const again = await checkout.pay();
      assert.equal(again.type, 'antom-failed');
      assert.equal(again.detail['resultCode'], 'DO_NOT_HONOR');
      assert.match((await checkout.error.textContent()) ?? '', /refusée/);
    } finally {
      await checkout.close();
    }
  });

  test('amount "11" is rejected by risk control with RISK_REJECT', async () => {
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`);
    try {
      await checkout.ready();
      await checkout.page.evaluate(async () => {
        const el = document.querySelector('antom-card-checkout')!;
        el.sessionRequest = { amount: { currency: 'USD', value: '11' } };
        (window as unknown as { __antomEvents: unknown[] }).__antomEvents.length = 0;
        await el.reload();
      });
      const ready = await checkout.ready();
      assert.deepEqual(ready.detail['amount'], { currency: 'USD', value: '11' });
      await checkout.typeCard({ number: CARDS.visa.approved, expiry: '1230', cvc: '123' });
      const outcome = await checkout.pay();
      assert.equal(outcome.type, 'antom-failed');
      assert.equal(outcome.detail['resultCode'], 'RISK_REJECT');
      assert.ok(((await checkout.error.textContent()) ?? '').trim().length > 10);
    } finally {
      await checkout.close();
    }
  });

  test('Pay clicked many times and Enter pressed give exactly one authorization', async () => {
    const checkout = await openCheckout();
    try {
      await checkout.typeCard({ number: CARDS.mastercard.approved, expiry: '1230', cvc: '123' });
      const before = servers.gateway.engine.listPayments().length;
      await checkout.page.evaluate(() => {
        const el = document.querySelector('antom-card-checkout')!;
        for (let i = 0; i < 5; i++) el.submit();
      });
      await checkout.cvcField.press('Enter').catch(() => undefined);
      await checkout.payButton.click({ force: true, timeout: 1000 }).catch(() => undefined);
      const outcome = await checkout.waitForEvent('antom-authorized');
      assert.equal(outcome.detail['last4'], '4622');
      assert.equal(servers.gateway.engine.listPayments().length - before, 1);
      const payment = servers.gateway.engine.payment(outcome.detail['paymentId'] as string)!;
      assert.equal(payment.transactions.filter((t) => t.type === 'AUTHORIZATION').length, 1);
      const authorized = (await checkout.events()).filter((e) => e.type === 'antom-authorized');
      assert.equal(authorized.length, 1);
    } finally {
      await checkout.close();
    }
  });

  test('pays with the keyboard and reaches an accessible authorized state', async () => {
    const checkout = await openCheckout();
    try {
      const { page } = checkout;
      await checkout.element.evaluate((el) => el.focus());
      await page.waitForFunction(
        () => {
          const root = document.querySelector('antom-card-checkout')!.shadowRoot!;
          return root.activeElement === root.querySelector('[part~="card-frame"]');
        },
        undefined,
        { timeout: 5000 },
      );
      await waitForFrameFocus(page, 'number');
      await page.keyboard.type(CARDS.visa.approved);
      await page.keyboard.type('1230');
      await page.keyboard.type('123');
      await page.waitForFunction(() => document.querySelector('antom-card-checkout')!.state.complete, undefined, {
        timeout: 5000,
      });
      await page.keyboard.press('Enter');
      const event = await checkout.waitForEvent('antom-authorized');
      assert.equal(event.detail['code'], 'SDK_PAYMENT_SUCCESSFUL');
      assert.equal(event.detail['brand'], 'VISA');
      assert.equal(event.detail['last4'], '0768');
      assert.ok(!JSON.stringify(event.detail).includes(CARDS.visa.approved), 'the card number is in the event');
      assert.equal(await checkout.element.evaluate((el) => (el as AntomCardCheckout).state.status), 'authorized');
      assert.deepEqual(await checkout.axePage(), []);
    } finally {
      await checkout.close();
    }
  });

  test('the frame document is accessible when empty, with errors and filled', async () => {
    const checkout = await openCheckout();
    try {
      const frame = checkout.page.frames().find((f) => f.url().includes('/sdk/v1/frame'))!;
      assert.ok(frame, 'frame found');
      assert.deepEqual(await runAxe(frame), []);
      await checkout.numberField.click();
      await checkout.numberField.pressSequentially('4054 6957');
      await checkout.expiryField.click();
      const numberError = await checkout.numberField.getAttribute('aria-invalid');
      assert.equal(numberError, 'true', 'an incomplete number shows an error on blur');
      assert.deepEqual(await runAxe(frame), []);
      await checkout.numberField.fill('');
      await checkout.typeCard({ number: CARDS.visa.approved, expiry: '1230', cvc: '123', holder: 'Ada Lovelace' });
      assert.deepEqual(await runAxe(frame), []);
    } finally {
      await checkout.close();
    }
  });

  test('loading causes no layout shift', async () => {
    // Tall enough that the whole checkout card is in view: shifts below the fold do not count.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const page = await context.newPage();
    try {
      // A string, not a function: tsx's name-keeping helpers do not exist in the page.
      await page.addInitScript(`
        window.__cls = 0;
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            window.__cls += entry.value;
            const sources = (entry.sources || []).map((s) =>
              (s.node ? s.node.nodeName + '#' + (s.node.id || '') + '.' + (s.node.className || '') : '?') +
              ' ' + JSON.stringify(s.previousRect) + ' -> ' + JSON.stringify(s.currentRect));
            window.__shifts.push(entry.value + ' at ' + Math.round(entry.startTime) + ' ms: ' + sources.join('; '));
          }
        }).observe({ type: 'layout-shift', buffered: true });
        window.addEventListener('antom-ready', () => (window.__ready = true));
        // The element's height while it loads (first frame it has one), to compare with the final one.
        const sample = () => {
          const el = document.querySelector('antom-card-checkout');
          const height = el ? el.getBoundingClientRect().height : 0;
          // The last height while loading, once the element knows its session (the iframe exists).
          if (el && el.state && el.state.status === 'loading' && el.shadowRoot && el.shadowRoot.querySelector('iframe')) {
            window.__loadingHeight = height;
          }
          if (!window.__ready) requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
      `);
      await page.goto(`${servers.demoOrigin}/`);
      await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
      // Shifts are reported as they happen: give any late one time to show.
      await settle(300);
      const { cls, shifts, loadingHeight, readyHeight } = await page.evaluate(() => {
        const w = window as unknown as { __cls: number; __shifts: string[]; __loadingHeight?: number };
        const readyHeight = document.querySelector('antom-card-checkout')!.getBoundingClientRect().height;
        return { cls: w.__cls, shifts: w.__shifts, loadingHeight: w.__loadingHeight, readyHeight };
      });
      // The skeleton reserves exactly the final height.
      assert.ok(loadingHeight !== undefined && loadingHeight > 300, `loading height ${loadingHeight}`);
      assert.equal(readyHeight, loadingHeight);
      // The page as a whole, with the checkout in view; the sources are printed if anything moves.
      assert.equal(cls, 0, `CLS ${cls}:\n${shifts.join('\n')}`);
    } finally {
      await context.close();
    }
  });
});

describe('a session the gateway has expired', () => {
  test('gives antom-session-expired, clears the frame and blocks submit', async () => {
    // Its own servers: moving the gateway's clock must not touch the other tests' payments.
    await withTestServers(async (own) => {
      const checkout = await CheckoutPage.open(browser, `${own.demoOrigin}/`);
      try {
        await checkout.ready();
        const session = await checkout.page.evaluate(async () => {
          const response = await fetch('/api/checkout/session', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: '{}',
          });
          return (await response.json()) as { paymentSessionData: string; paymentSessionId: string };
        });
        own.clock.advance(2 * 3600 * 1000);
        await checkout.element.evaluate((el, answer) => {
          (el as AntomCardCheckout).session = answer;
        }, session);
        const expired = await checkout.waitForEvent('antom-session-expired');
        assert.equal(expired.detail['paymentSessionId'], session.paymentSessionId);
        assert.equal(await checkout.element.locator('[part~="card-frame"]').count(), 0);
        assert.match((await checkout.error.textContent()) ?? '', /expired/);
        const result = await checkout.element.evaluate((el) => (el as AntomCardCheckout).submit());
        assert.deepEqual(result, { outcome: 'not-submitted', detail: null });
        const submits = (await checkout.events()).filter((event) => event.type === 'antom-submit');
        assert.equal(submits.length, 0);
        assert.deepEqual(await checkout.axePage(), []);
      } finally {
        await checkout.close();
      }
    });
  });
});

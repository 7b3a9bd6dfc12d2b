/**
 * End to end, with faults injected through the sandbox's admin API (ours): the demo shop in
 * Chromium, the real gateway and its real frame. Whatever goes wrong between the frame and the
 * gateway, the gateway records exactly one authorization and the element ends in the gateway's
 * true state, with its events in order. No sleeps: every wait is for a condition.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { CheckoutPage, launchBrowser, type RecordedEvent } from './support/checkout-page.js';
import type {} from '../../src/element/define.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';

let servers: TestServers;
let browser: Browser;

before(async () => {
  servers = await startTestServers({ faultInjection: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await servers?.close();
});

/** Calls the gateway's admin API: GET without a body, POST with one. */
async function admin(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${servers.gatewayOrigin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, 200, JSON.stringify(json));
  return json;
}

const OUTCOMES = ['antom-submit', 'antom-processing', 'antom-authorized', 'antom-failed', 'antom-error'];

/** The submissions and outcomes so far, in order, as `type` or `type:reason`. */
async function story(checkout: CheckoutPage): Promise<string[]> {
  return (await checkout.events())
    .filter((event) => OUTCOMES.includes(event.type))
    .map((event) => (event.type === 'antom-error' ? `${event.type}:${String(event.detail['reason'])}` : event.type));
}

/** Waits for the `n`th event of `type` (1-based) and returns it. */
async function nth(checkout: CheckoutPage, type: string, n = 1): Promise<RecordedEvent> {
  return waitFor(async () => (await checkout.events()).filter((event) => event.type === type)[n - 1], {
    timeout: 20_000,
    message: async () => `${type} #${n}; events so far: ${(await story(checkout)).join(', ')}`,
  });
}

/** Successful authorizations the gateway recorded for the payment of this session. */
function authorizations(paymentSessionId: string): number {
  return servers.gateway.engine
    .listPayments()
    .filter((payment) => payment.paymentSessionId === paymentSessionId)
    .flatMap((payment) => payment.transactions)
    .filter((entry) => entry.type === 'AUTHORIZATION' && entry.status === 'SUCCESS').length;
}

/** Clicks Pay as `CheckoutPage.pay` does (scrolled into view, two frames later), without waiting for an outcome. */
async function clickPay(checkout: CheckoutPage): Promise<void> {
  await checkout.payButton.scrollIntoViewIfNeeded();
  await checkout.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await checkout.payButton.click();
}

/** Tells every document of the page that the tab is hidden (or shown), as Chromium does for a background tab. */
async function setHidden(checkout: CheckoutPage, hidden: boolean): Promise<void> {
  // A source string: the test's own compiler would wrap a function in helpers the page does not have.
  const script = `(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${hidden ? 'hidden' : 'visible'}' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${hidden} });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`;
  for (const frame of checkout.page.frames()) await frame.evaluate(script);
}

async function status(checkout: CheckoutPage): Promise<string> {
  return checkout.element.evaluate((el) => (el as AntomCardCheckout).state.status);
}

async function openCheckout(): Promise<{ checkout: CheckoutPage; paymentSessionId: string }> {
  const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`);
  const ready = await checkout.ready();
  return { checkout, paymentSessionId: String(ready.detail['paymentSessionId']) };
}

const APPROVED = { number: CARDS.visa.approved, expiry: '1230', cvc: '123' };

describe('faults between the frame and the gateway', () => {
  test('answer dropped after authorizing: a network error, then Pay again gets the stored result', async () => {
    const { checkout, paymentSessionId } = await openCheckout();
    try {
      // Chromium itself resends a POST whose reused connection was reset before any answer, with
      // the same Idempotency-Key: enough drops that the frame sees the answer lost.
      await admin('/sandbox/faults', { kind: 'drop', count: 5 });
      await checkout.typeCard(APPROVED);
      const lost = await checkout.pay();
      assert.equal(lost.detail['reason'], 'SUBMIT_NETWORK_ERROR');
      assert.match((await checkout.error.textContent()) ?? '', /not be charged twice/);
      // The gateway did authorize: the answer, not the payment, was lost.
      assert.equal(authorizations(paymentSessionId), 1);
      await admin('/sandbox/faults/clear', {});
      await clickPay(checkout);
      const authorized = await nth(checkout, 'antom-authorized');
      const inquiry = await servers.client.inquiryPayment({ paymentId: String(authorized.detail['paymentId']) });
      assert.equal(inquiry.paymentStatus, 'SUCCESS');
      assert.equal(authorizations(paymentSessionId), 1);
      assert.equal(await status(checkout), 'authorized');
      assert.deepEqual(await story(checkout), [
        'antom-submit',
        'antom-error:SUBMIT_NETWORK_ERROR',
        'antom-submit',
        'antom-authorized',
      ]);
      const submits = (await checkout.events()).filter((event) => event.type === 'antom-submit');
      assert.equal(submits[0]?.detail['attemptId'], submits[1]?.detail['attemptId'], 'the retry keeps its key');
      assert.deepEqual(await checkout.axePage(), []);
    } finally {
      await checkout.close();
    }
  });

  test('gateway down while paying (5xx): a visible network error, then Pay again authorizes once', async () => {
    const { checkout, paymentSessionId } = await openCheckout();
    try {
      await admin('/sandbox/faults', { kind: 'error', count: 1 });
      await checkout.typeCard(APPROVED);
      const lost = await checkout.pay();
      assert.equal(lost.detail['reason'], 'SUBMIT_NETWORK_ERROR');
      assert.ok(((await checkout.error.textContent()) ?? '').trim().length > 10);
      assert.equal(authorizations(paymentSessionId), 0);
      assert.equal(await status(checkout), 'ready');
      await clickPay(checkout);
      await nth(checkout, 'antom-authorized');
      assert.equal(authorizations(paymentSessionId), 1);
      assert.deepEqual(await story(checkout), [
        'antom-submit',
        'antom-error:SUBMIT_NETWORK_ERROR',
        'antom-submit',
        'antom-authorized',
      ]);
    } finally {
      await checkout.close();
    }
  });

  test('a slow answer: the buyer waits without an error until the gateway answers', async () => {
    const { checkout, paymentSessionId } = await openCheckout();
    try {
      await admin('/sandbox/faults', { kind: 'delay' });
      await checkout.typeCard(APPROVED);
      await clickPay(checkout);
      const held = await waitFor(async () => ((await admin('/sandbox/faults'))['held'] as Array<{ id: string }>)[0]);
      assert.equal(authorizations(paymentSessionId), 1);
      assert.equal(await status(checkout), 'submitting');
      assert.equal(await checkout.error.count(), 0);
      await admin('/sandbox/faults/release', { id: held.id });
      await nth(checkout, 'antom-authorized');
      assert.equal(authorizations(paymentSessionId), 1);
      assert.deepEqual(await story(checkout), ['antom-submit', 'antom-authorized']);
    } finally {
      await checkout.close();
    }
  });

  test('held in process, then settled to success: processing, a visible notice, then authorized', async () => {
    const { checkout, paymentSessionId } = await openCheckout();
    try {
      await admin('/sandbox/faults', { kind: 'hold' });
      await checkout.typeCard(APPROVED);
      const processing = await checkout.pay();
      assert.equal(processing.type, 'antom-processing');
      const paymentId = String(processing.detail['paymentId']);
      assert.equal((await servers.client.inquiryPayment({ paymentId })).paymentStatus, 'PROCESSING');
      const notice = checkout.element.locator('[part~="notice"]');
      assert.match((await notice.textContent()) ?? '', /being processed/);
      assert.equal(await checkout.error.count(), 0, 'no failure is shown for a payment in process');
      assert.equal(await status(checkout), 'submitting');
      assert.deepEqual(await checkout.axePage(), []);
      await admin('/sandbox/payments/settle', { paymentId, outcome: 'SUCCESS' });
      const authorized = await nth(checkout, 'antom-authorized');
      assert.equal(authorized.detail['paymentId'], paymentId);
      assert.equal((await servers.client.inquiryPayment({ paymentId })).paymentStatus, 'SUCCESS');
      assert.equal(authorizations(paymentSessionId), 1);
      assert.equal(await notice.count(), 0);
      assert.equal(await status(checkout), 'authorized');
      assert.deepEqual(await story(checkout), ['antom-submit', 'antom-processing', 'antom-authorized']);
    } finally {
      await checkout.close();
    }
  });

  test('held in process, then declined: failed; a new attempt takes a new key and authorizes once', async () => {
    const { checkout, paymentSessionId } = await openCheckout();
    try {
      await admin('/sandbox/faults', { kind: 'hold' });
      await checkout.typeCard(APPROVED);
      const processing = await checkout.pay();
      const paymentId = String(processing.detail['paymentId']);
      await admin('/sandbox/payments/settle', { paymentId, outcome: 'FAIL', resultCode: 'USER_BALANCE_NOT_ENOUGH' });
      const failed = await nth(checkout, 'antom-failed');
      assert.equal(failed.detail['resultCode'], 'USER_BALANCE_NOT_ENOUGH');
      assert.equal((await servers.client.inquiryPayment({ paymentId })).paymentStatus, 'FAIL');
      assert.equal(await status(checkout), 'failed');
      assert.equal((await checkout.error.textContent())?.trim(), failed.detail['message']);
      await checkout.cvcField.pressSequentially('123');
      await clickPay(checkout);
      await nth(checkout, 'antom-authorized');
      assert.equal(authorizations(paymentSessionId), 1);
      assert.deepEqual(await story(checkout), [
        'antom-submit',
        'antom-processing',
        'antom-failed',
        'antom-submit',
        'antom-authorized',
      ]);
      const submits = (await checkout.events()).filter((event) => event.type === 'antom-submit');
      assert.notEqual(submits[0]?.detail['attemptId'], submits[1]?.detail['attemptId'], 'a new attempt, a new key');
    } finally {
      await checkout.close();
    }
  });
});

describe('the in-process test card', () => {
  test('stays in process until the acquirer settles it; the element then reports the true outcome', async () => {
    const { checkout, paymentSessionId } = await openCheckout();
    try {
      await checkout.typeCard({ ...APPROVED, number: CARDS.visa.pending });
      const processing = await checkout.pay();
      assert.equal(processing.type, 'antom-processing');
      const paymentId = String(processing.detail['paymentId']);
      // Asked again and again, the gateway keeps saying "in process": the element keeps waiting.
      await waitFor(() => servers.logs.filter((line) => line.includes('/sdk/v1/payments/inquiry')).length >= 2, {
        timeout: 20_000,
      });
      assert.equal(await status(checkout), 'submitting');
      assert.equal(await checkout.error.count(), 0);
      await admin('/sandbox/payments/settle', { paymentId, outcome: 'SUCCESS' });
      await nth(checkout, 'antom-authorized');
      assert.equal(authorizations(paymentSessionId), 1);
      assert.deepEqual(await story(checkout), ['antom-submit', 'antom-processing', 'antom-authorized']);
    } finally {
      await checkout.close();
    }
  });
});

describe('network and time', () => {
  test('the tab hidden and shown during a bank check: the check survives and authorizes once', async () => {
    const { checkout } = await openCheckout();
    try {
      await checkout.page.getByLabel(/Ask the bank to verify the buyer/).check();
      // The box reloads the element with a session that asks for 3-D Secure.
      const paymentSessionId = String((await nth(checkout, 'antom-ready', 2)).detail['paymentSessionId']);
      await checkout.typeCard({ ...APPROVED, number: CARDS.visa.challenge });
      await clickPay(checkout);
      await checkout.waitForEvent('antom-challenge');
      const issuer = checkout.page
        .frameLocator('antom-card-checkout [part~="challenge-dialog"] iframe')
        .frameLocator('iframe');
      await issuer.getByLabel(/code/i).waitFor();
      // Headless Chromium never hides a page by itself: every document (the shop's, the frames')
      // is told it is hidden as a background tab is, and the page is really frozen and resumed.
      await setHidden(checkout, true);
      const cdp = await checkout.context.newCDPSession(checkout.page);
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      await cdp.send('Page.setWebLifecycleState', { state: 'active' });
      await setHidden(checkout, false);
      assert.equal(await status(checkout), 'challenge');
      await issuer.getByLabel(/code/i).fill('123456');
      await issuer.getByRole('button', { name: /verify/i }).click();
      await nth(checkout, 'antom-authorized');
      assert.equal(authorizations(paymentSessionId), 1);
      assert.deepEqual(await story(checkout), ['antom-submit', 'antom-authorized']);
    } finally {
      await checkout.close();
    }
  });

  test('gateway down while loading: a named, visible error, and reload() works once it is back', async () => {
    await admin('/sandbox/faults', { kind: 'error', path: '/sdk/v1/session', count: 1 });
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`);
    try {
      const error = await checkout.waitForEvent('antom-error');
      assert.equal(error.detail['code'], 'SDK_CREATECOMPONENT_ERROR');
      assert.equal(error.detail['reason'], 'NETWORK_ERROR');
      assert.ok(((await checkout.error.textContent()) ?? '').trim().length > 10);
      assert.deepEqual(await checkout.axePage(), []);
      await checkout.element.evaluate((el) => (el as AntomCardCheckout).reload());
      await checkout.ready();
      assert.equal(await checkout.error.count(), 0);
      assert.equal(await status(checkout), 'ready');
    } finally {
      await checkout.close();
    }
  });

  test('the session expires while the buyer types: antom-session-expired, the form is gone, reload() starts afresh', async () => {
    const { checkout, paymentSessionId } = await openCheckout();
    try {
      await checkout.typeCard(APPROVED);
      servers.clock.advance(2 * 3600 * 1000);
      await clickPay(checkout);
      const expired = await checkout.waitForEvent('antom-session-expired');
      assert.equal(expired.detail['paymentSessionId'], paymentSessionId);
      assert.equal(await checkout.element.locator('[part~="card-frame"]').count(), 0);
      assert.match((await checkout.error.textContent()) ?? '', /expired/);
      assert.equal(authorizations(paymentSessionId), 0);
      await checkout.element.evaluate((el) => (el as AntomCardCheckout).reload());
      const ready = await nth(checkout, 'antom-ready', 2);
      assert.notEqual(ready.detail['paymentSessionId'], paymentSessionId);
      assert.equal(await checkout.numberField.inputValue(), '');
      await checkout.typeCard(APPROVED);
      await clickPay(checkout);
      await nth(checkout, 'antom-authorized');
      assert.equal(authorizations(String(ready.detail['paymentSessionId'])), 1);
    } finally {
      await checkout.close();
    }
  });
});

/**
 * End to end in Chromium: the payment lifecycle with manual capture, seen and driven from the demo
 * shop's orders console, against the real demo server and the real sandbox gateway. Every status the
 * console shows comes from a verified notification (or the shop's own inquiry), never from the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Order } from '../../demo/orders.js';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { CheckoutPage, launchBrowser } from './support/checkout-page.js';
import { OrdersPage, type OrderRow } from './support/orders-page.js';

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

let servers: TestServers;
let browser: Browser;
let console_: OrdersPage;

before(async () => {
  servers = await startTestServers();
  browser = await launchBrowser();
  console_ = await OrdersPage.open(browser, servers.demoOrigin);
});

after(async () => {
  await console_?.close();
  await browser?.close();
  await servers?.close();
});

/** Waits until the checkout's element has said ready `count` times (each new session says it again). */
async function readyTimes(checkout: CheckoutPage, count: number): Promise<void> {
  await checkout.page.waitForFunction(
    (wanted) =>
      (window as unknown as { __antomEvents: { type: string }[] }).__antomEvents.filter(
        (event) => event.type === 'antom-ready',
      ).length >= wanted,
    count,
    { timeout: 15_000 },
  );
}

/** Pays in Chromium with manual capture (and `amount`, e.g. `"70.01"`) chosen on the checkout page; returns the shop's order. */
async function payManually(card = CARDS.visa.approved, amount?: string): Promise<Order> {
  const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`);
  try {
    await checkout.ready();
    let sessions = 1;
    if (amount !== undefined) {
      await checkout.page.locator('#amount').fill(amount);
      await checkout.page.locator('#amount').press('Enter');
      await readyTimes(checkout, (sessions += 1));
    }
    await checkout.page.locator('input[name="captureMode"][value="MANUAL"]').check();
    // Choosing the mode creates a new session with it; the element says ready again.
    await readyTimes(checkout, (sessions += 1));
    await checkout.typeCard({ number: card, expiry: '1230', cvc: '123', holder: 'Ada Lovelace' });
    const outcome = await checkout.pay();
    assert.equal(outcome.type, 'antom-authorized');
    const paymentId = String(outcome.detail['paymentId']);
    const order = await waitFor(
      async () => (await servers.demo.orders.list()).find((candidate) => candidate.paymentId === paymentId),
      { timeout: 10_000, interval: 50, message: `the PAYMENT_RESULT notification of ${paymentId}` },
    );
    assert.equal(order.captureMode, 'MANUAL');
    await checkout.page.getByText('Manual capture: capture or cancel it in the orders console.').waitFor();
    assert.equal(
      await checkout.page.getByRole('link', { name: 'Open the orders console' }).getAttribute('href'),
      '/orders',
    );
    return order;
  } finally {
    await checkout.close();
  }
}

/** The order as the shop's database holds it now. */
async function fresh(order: Order): Promise<Order> {
  const found = await servers.demo.orders.get(order.id);
  assert.ok(found, `order ${order.id} is stored`);
  return found;
}

async function appliedBy(order: Order, status: string): Promise<string | undefined> {
  const event = (await fresh(order)).history.find((candidate) => candidate.outcome === 'applied' && candidate.statusAfter === status);
  return event && `${event.source} ${event.type}`;
}

describe('manual capture lifecycle in the orders console', { timeout: 180_000 }, () => {
  let captured: Order;
  let cancelled: Order;

  test('a payment authorized with manual capture shows AUTHORIZED with its card, acquirer and expiry', async () => {
    captured = await payManually();
    await console_.waitForStatus(captured.id, 'AUTHORIZED');
    const row = await console_.read(captured.id);
    assert.equal(row.captureMode, 'Manual');
    assert.equal(row.amount, '$25.00');
    assert.equal(row.card, 'VISA ending 0768');
    assert.match(row.acquirer, /^SANDBOX_/);
    assert.match(row.authExpiry, /\d{4}.*UTC$/);
    assert.match(row.notifications[0] ?? '', /^PAYMENT_RESULT SUCCESS: authorized 2500 USD \(applied\)/);
    assert.equal(await appliedBy(captured, 'AUTHORIZED'), 'NOTIFICATION PAYMENT_RESULT');
    assert.deepEqual(await console_.axe(), []);
  });

  test('capturing with the keyboard alone gives CAPTURED, by the capture notification', async () => {
    const announced = await console_.captureWithKeyboard(captured.id);
    assert.match(announced, /^Capture of order \S+ accepted by Antom: SUCCESS\./);
    assert.match(announced, /changes when Antom's capture notification arrives/);
    assert.equal(
      await console_.page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      `Capture order ${captured.id}`,
      'focus returns to the button that opened the dialog',
    );
    await console_.waitForStatus(captured.id, 'CAPTURED');
    const row = await console_.read(captured.id);
    assert.ok(row.notifications.some((line) => /^CAPTURE_RESULT SUCCESS: captured 2500 USD \(applied\)/.test(line)));
    assert.match(row.lastAction, /^Capture accepted: SUCCESS/);
    assert.equal(await appliedBy(captured, 'CAPTURED'), 'NOTIFICATION CAPTURE_RESULT');
    assert.deepEqual(await console_.axe(), []);
  });

  test('a partial refund gives PARTIALLY_REFUNDED, by the refund notification', async () => {
    const announced = await console_.refund(captured.id, '5.00', 'Chipped cup');
    assert.match(announced, /^Refund of order \S+ accepted by Antom: SUCCESS\./);
    await console_.waitForStatus(captured.id, 'PARTIALLY_REFUNDED');
    assert.equal(await appliedBy(captured, 'PARTIALLY_REFUNDED'), 'NOTIFICATION REFUND_RESULT');
    assert.deepEqual((await fresh(captured)).refunded, { currency: 'USD', value: '500' });
  });

  test('another payment cancelled gives CANCELLED; the console offers no capture, the API gets Antom’s refusal', async () => {
    cancelled = await payManually(CARDS.mastercard.approved);
    await console_.waitForStatus(cancelled.id, 'AUTHORIZED');
    const announced = await console_.cancel(cancelled.id);
    assert.match(announced, /^Cancel of order \S+ accepted by Antom: SUCCESS\./);
    await console_.waitForStatus(cancelled.id, 'CANCELLED');
    assert.equal(await appliedBy(cancelled, 'CANCELLED'), 'INQUIRY INQUIRY_PAYMENT');

    // The console offers nothing on a cancelled order (the Cancel button, which has focus back, says it
    // is unavailable and goes once focus moves on); the API, asked all the same, passes Antom's refusal on.
    assert.equal(await console_.button('Cancel', cancelled.id).getAttribute('aria-disabled'), 'true');
    await console_.refresh();
    // The refresh's answer renders the row again; until then the focused Cancel button may still be there.
    for (const name of ['Capture', 'Cancel', 'Refund'] as const) {
      await waitFor(async () => (await console_.button(name, cancelled.id).count()) === 0, {
        timeout: 5_000,
        message: `no ${name} button`,
      });
    }
    const answer = await fetch(`${servers.demoOrigin}/api/orders/${cancelled.id}/capture`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: servers.demoOrigin },
      body: '{}',
    });
    const refused = (await answer.json()) as { ok: boolean; source: string; resultMessage: string };
    const action = (await fresh(cancelled)).actions.at(-1);
    assert.equal(action?.kind, 'CAPTURE');
    assert.equal(action?.state, 'FAILED');
    assert.match(action?.resultMessage ?? '', /cancel/i, 'the gateway says why');
    assert.deepEqual([refused.ok, refused.source, refused.resultMessage], [false, 'ANTOM', action?.resultMessage]);
    await console_.refresh();
    const row = await console_.read(cancelled.id);
    assert.equal(row.status, 'CANCELLED');
    assert.equal(row.lastAction, `Capture refused: ${action?.resultCode} (${action?.resultMessage})`);
    assert.deepEqual(await console_.axe(), []);
  });

  test('an authorization not captured within 7 days is released; the shop learns it by inquiry', async () => {
    const waiting = await payManually();
    await console_.waitForStatus(waiting.id, 'AUTHORIZED');
    // The shop reads authExpiryTime on the gateway's clock: moving it past the window makes the
    // shop's release check inquire (Antom notifies no release).
    servers.clock.advance(SEVEN_DAYS_MS + 1000);
    await console_.waitForStatus(waiting.id, 'CANCELLED');
    assert.equal(await appliedBy(waiting, 'CANCELLED'), 'INQUIRY INQUIRY_PAYMENT');
    const row = await console_.read(waiting.id);
    assert.ok(
      row.notifications.some((line) => /^Inquiry by the shop: payment CANCELLED \(applied\)/.test(line)),
      row.notifications.join('\n'),
    );
    assert.deepEqual(
      servers.gateway.engine.notifications.forPayment(waiting.paymentId ?? '').map((record) => record.notifyType),
      ['PAYMENT_RESULT'],
      'Antom notifies no release',
    );
    assert.equal((await fresh(captured)).status, 'PARTIALLY_REFUNDED', 'a captured payment is not released');
    assert.equal((await fresh(cancelled)).status, 'CANCELLED');
    assert.deepEqual(await console_.axe(), []);
  });
});

/** The order's row once it shows `note` beside its status (before the gateway settles, 3 s after the call). */
async function rowShowing(orderId: string, note: string): Promise<OrderRow> {
  return waitFor(
    async () => {
      const row = await console_.read(orderId);
      return row.statusNote === note ? row : undefined;
    },
    { timeout: 2_500, interval: 50, message: `the row of ${orderId} to show "${note}"` },
  );
}

describe('captures and refunds that stay in process (sandbox test amounts)', { timeout: 180_000 }, () => {
  test('a capture of $70.01 shows in process, then CAPTURED by its notification', async () => {
    const order = await payManually(CARDS.visa.approved, '70.01');
    await console_.waitForStatus(order.id, 'AUTHORIZED');
    const announced = await console_.capture(order.id);
    assert.match(announced, /^Capture of order \S+ in process at Antom: CAPTURE_IN_PROCESS\./);
    assert.match(announced, /changes when Antom's capture notification arrives/);
    // The announcement comes from the answer; the row follows with the console's next read of the orders.
    const during = await rowShowing(order.id, 'capture in process');
    assert.equal(during.status, 'AUTHORIZED');
    assert.match(during.lastAction, /^Capture in process: CAPTURE_IN_PROCESS/);
    await console_.waitForStatus(order.id, 'CAPTURED');
    const after = await console_.read(order.id);
    assert.equal(after.statusNote, '');
    assert.match(after.lastAction, /^Capture succeeded: SUCCESS/);
    assert.equal(await appliedBy(order, 'CAPTURED'), 'NOTIFICATION CAPTURE_RESULT');
    assert.deepEqual(await console_.axe(), []);
  });

  test('a capture of $70.02 stays in process, then fails: the order stays AUTHORIZED, the capture failed', async () => {
    const order = await payManually(CARDS.visa.approved, '70.02');
    await console_.waitForStatus(order.id, 'AUTHORIZED');
    assert.match(await console_.capture(order.id), /in process at Antom: CAPTURE_IN_PROCESS/);
    await waitFor(async () => (await fresh(order)).actions.at(-1)?.state === 'FAILED', { timeout: 15_000, message: 'the capture result' });
    await console_.refresh();
    await waitFor(async () => /^Capture failed: PROCESS_FAIL/.test((await console_.read(order.id)).lastAction), {
      timeout: 5_000,
      message: 'the console to show the failed capture',
    });
    const row = await console_.read(order.id);
    assert.equal(row.status, 'AUTHORIZED');
    assert.equal(row.statusNote, '');
    assert.ok(row.notifications.some((line) => /^CAPTURE_RESULT PROCESS_FAIL: capture failed/.test(line)));
    assert.equal((await fresh(order)).captured, null);
  });

  test('a refund of $70.04 fails after processing and shows as failed; one of $70.03 succeeds', async () => {
    const order = await payManually(CARDS.mastercard.approved, '100.00');
    await console_.waitForStatus(order.id, 'AUTHORIZED');
    await console_.capture(order.id);
    await console_.waitForStatus(order.id, 'CAPTURED');

    assert.match(await console_.refund(order.id, '70.04', 'Test refund'), /in process at Antom: REFUND_IN_PROCESS/);
    assert.equal((await rowShowing(order.id, 'refund in process')).status, 'CAPTURED');
    await waitFor(async () => (await fresh(order)).actions.at(-1)?.state === 'FAILED', { timeout: 15_000, message: 'the refund result' });
    await console_.refresh();
    await waitFor(async () => /^Refund failed: PROCESS_FAIL/.test((await console_.read(order.id)).lastAction), {
      timeout: 5_000,
      message: 'the console to show the failed refund',
    });
    const failed = await console_.read(order.id);
    assert.equal(failed.status, 'CAPTURED', 'a failed refund refunds nothing');
    assert.ok(failed.notifications.some((line) => /^REFUND_RESULT PROCESS_FAIL: refund failed/.test(line)));
    assert.equal((await fresh(order)).refunded, null);

    assert.match(await console_.refund(order.id, '70.03', 'Test refund'), /in process at Antom: REFUND_IN_PROCESS/);
    await console_.waitForStatus(order.id, 'PARTIALLY_REFUNDED');
    assert.deepEqual((await fresh(order)).refunded, { currency: 'USD', value: '7003' });
    assert.match((await console_.read(order.id)).lastAction, /^Refund succeeded: SUCCESS/);
    assert.deepEqual(await console_.axe(), []);
  });
});

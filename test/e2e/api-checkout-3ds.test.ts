/**
 * The demo shop's API integration path (PCI DSS merchants only) with 3-D Secure, end to end in
 * Chromium against the real demo server, the real gateway and its issuer on its own origin: the
 * shop's form posts the card to the shop's server, which calls `payments/pay`; Antom answers `U`
 * with the issuer's page, the browser follows the redirect there, the buyer answers, and the issuer
 * sends the browser back to the shop's result page. The order moves only by the signed notification.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Order } from '../../demo/orders.js';
import { assertNoCardSecrets } from '../support/card-secrets.js';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import { launchBrowser, runAxe } from './support/checkout-page.js';

const SANDBOX_CODE = '123456';
const CVC = '837';

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

/** A fresh page on the API checkout, recording every URL the top-level frame visits. */
async function openApiCheckout(): Promise<{ context: BrowserContext; page: Page; visited: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const visited: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  await page.goto(`${servers.demoOrigin}/checkout/api`);
  return { context, page, visited };
}

/** Types the card into the shop's own form and pays; resolves once the browser is on the issuer's page. */
async function payToIssuer(page: Page, number: string, captureMode: 'AUTOMATIC' | 'MANUAL'): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry date (MM/YY)').fill('12/34');
  await page.getByLabel('Security code').fill(CVC);
  await page.getByLabel('Name on card').fill('Ada Lovelace');
  await page.locator(`input[name="captureMode"][value="${captureMode}"]`).check();
  assert.equal(await page.getByLabel(/Ask the bank to verify the buyer/).isChecked(), true);
  await page.getByRole('button', { name: 'Pay $25.00' }).click();
  await page.waitForURL((url) => url.origin === servers.gateway.issuerOrigin, { timeout: 15_000 });
}

/** The shop's order that paymentRequestId-matches the only payment made since `before`. */
async function orderOfNewPayment(before: number): Promise<Order> {
  const payment = await waitFor(() => servers.gateway.engine.listPayments().slice(before)[0], {
    timeout: 10_000,
    message: 'the payment of payments/pay',
  });
  return waitFor(
    async () => (await servers.demo.orders.list()).find((order) => order.paymentRequestId === payment.paymentRequestId),
    { timeout: 10_000, message: 'the shop order of the payment' },
  );
}

describe('API checkout (PCI DSS merchants) with 3-D Secure by a full-page redirect', { timeout: 120_000 }, () => {
  test('the buyer is sent to the issuer, passes, comes back to the shop; the order is authorized by notification', async () => {
    const { context, page, visited } = await openApiCheckout();
    try {
      await page.getByRole('heading', { name: 'API integration path: for PCI DSS merchants only' }).waitFor();
      assert.deepEqual(await runAxe(page), [], 'axe: API checkout');
      const before = servers.gateway.engine.listPayments().length;
      await payToIssuer(page, CARDS.visa.approved, 'MANUAL');

      // The issuer's own page, on its own origin: the merchant and amount to confirm, the code field.
      assert.equal(new URL(page.url()).pathname, '/acs/challenge');
      await page.getByText(/asks you to confirm a payment of \$25\.00/).waitFor();
      const order = await orderOfNewPayment(before);
      assert.equal(order.status, 'CREATED', 'nothing is authorized while the buyer is at the issuer');
      assert.equal(servers.gateway.engine.payment(order.paymentId ?? '')?.state, 'PROCESSING');
      assert.deepEqual(await runAxe(page), [], "axe: the issuer's page");

      await page.getByLabel('One-time code').fill(SANDBOX_CODE);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(`${servers.demoOrigin}/checkout/result?order=${order.id}`, { timeout: 15_000 });
      await page.getByText('Status: AUTHORIZED').waitFor({ timeout: 15_000 });

      const authorized = await servers.demo.orders.get(order.id);
      const authorizedBy = authorized?.history.find(
        (event) => event.outcome === 'applied' && event.statusAfter === 'AUTHORIZED',
      );
      assert.equal(`${authorizedBy?.source} ${authorizedBy?.type}`, 'NOTIFICATION PAYMENT_RESULT');
      assert.deepEqual(authorized?.card, { brand: 'VISA', last4: '0768' });
      const payment = servers.gateway.engine.payment(authorized?.paymentId ?? '');
      assert.equal(payment?.resultInfo?.threeDSResult?.challenged, 'true');
      assert.equal(payment?.state, 'AUTHORIZED');

      // The card went to the shop in one POST body: never in a URL, a log line or the shop's records.
      assertNoCardSecrets([...visited, ...servers.logs, JSON.stringify((await servers.demo.orders.list()))], {
        pans: [CARDS.visa.approved],
        cvcs: [CVC],
      });
    } finally {
      await context.close();
    }
  });

  test('a buyer who fails the check at the issuer comes back to the shop; the order fails by notification', async () => {
    const { context, page } = await openApiCheckout();
    try {
      const before = servers.gateway.engine.listPayments().length;
      await payToIssuer(page, CARDS.mastercard.approved, 'AUTOMATIC');
      const order = await orderOfNewPayment(before);
      for (const attempt of [1, 2, 3]) {
        await page.getByLabel('One-time code').fill('000000');
        await page.getByRole('button', { name: 'Verify' }).click();
        if (attempt < 3) await page.getByRole('alert').waitFor();
      }
      await page.waitForURL(`${servers.demoOrigin}/checkout/result?order=${order.id}`, { timeout: 15_000 });
      await page.getByText('Status: FAILED').waitFor({ timeout: 15_000 });
      await page.getByText('Reason: USER_PAYMENT_VERIFICATION_FAILED').waitFor();
      const failed = await servers.demo.orders.get(order.id);
      const failedBy = failed?.history.find((event) => event.outcome === 'applied' && event.statusAfter === 'FAILED');
      assert.equal(`${failedBy?.source} ${failedBy?.type}`, 'NOTIFICATION PAYMENT_RESULT');
      assert.equal(servers.gateway.engine.payment(failed?.paymentId ?? '')?.transactions.length, 1);
      assert.deepEqual(await runAxe(page), [], 'axe: the result page');
    } finally {
      await context.close();
    }
  });
});

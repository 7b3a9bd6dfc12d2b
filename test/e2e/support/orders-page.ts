/**
 * Page object for the demo shop's orders console (`/orders`): reads rows the way a reviewer does and
 * drives capture, cancel and refund through the dialog, with the mouse or the keyboard.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { waitFor } from '../../support/waits.js';
import { runAxe } from './checkout-page.js';

/** What one row of the orders table shows. */
export interface OrderRow {
  status: string;
  /** What Antom is processing for the order, e.g. `capture in process`; '' when nothing. */
  statusNote: string;
  amount: string;
  captureMode: string;
  card: string;
  acquirer: string;
  authExpiry: string;
  notifications: string[];
  lastAction: string;
}

/** The orders console. */
export class OrdersPage {
  readonly page: Page;
  readonly context: BrowserContext;

  private constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
  }

  /** Opens the console in a fresh context. */
  static async open(browser: Browser, shopOrigin: string): Promise<OrdersPage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shopOrigin}/orders`);
    await page.locator('#empty').waitFor({ state: 'attached' });
    return new OrdersPage(context, page);
  }

  /** The row of an order. */
  row(orderId: string): Locator {
    return this.page.locator(`#orders-body tr[data-order-id="${orderId}"]`);
  }

  /** The live region announcing action results. */
  get actionResult(): Locator {
    return this.page.locator('#action-result');
  }

  /** The action dialog. */
  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** A row's action button, found by its accessible name (e.g. `Capture order ord_1`). */
  button(action: 'Capture' | 'Cancel' | 'Refund', orderId: string): Locator {
    return this.page.getByRole('button', { name: `${action} order ${orderId}`, exact: true });
  }

  /** Reloads the list now instead of waiting for the next poll. */
  async refresh(): Promise<void> {
    await this.page.getByRole('button', { name: 'Refresh the orders' }).click();
  }

  /** Waits until the order's row shows `status` (refreshing while it waits). */
  async waitForStatus(orderId: string, status: string, timeoutMs = 15_000): Promise<void> {
    const badge = this.row(orderId).locator(`[data-cell="status"] .status[data-status="${status}"]`);
    await waitFor(
      async () => {
        if (await badge.isVisible()) return true;
        await this.refresh();
        return false;
      },
      {
        timeout: timeoutMs,
        interval: 250,
        message: async () =>
          `order ${orderId} to reach ${status} (shows ${JSON.stringify(await this.read(orderId).catch(() => undefined))})`,
      },
    );
  }

  /** The cells of an order's row as text. */
  async read(orderId: string): Promise<OrderRow> {
    const row = this.row(orderId);
    const cell = (name: string): Promise<string> =>
      row
        .locator(`[data-cell="${name}"]`)
        .innerText()
        .then((text) => text.trim());
    return {
      status: (await row.locator('[data-cell="status"] .status').getAttribute('data-status')) ?? '',
      statusNote: ((await row.locator('[data-cell="status"] .status-note').textContent()) ?? '').trim(),
      amount: await cell('amount'),
      captureMode: await cell('captureMode'),
      card: await cell('card'),
      acquirer: await cell('acquirer'),
      authExpiry: await cell('authExpiry'),
      notifications: (await row.locator('[data-cell="notifications"] li').allInnerTexts()).map((text) => text.trim()),
      lastAction: await cell('lastAction'),
    };
  }

  /** Captures with the mouse (full amount unless `amount` is given, e.g. `"10.00"`); returns the announcement. */
  async capture(orderId: string, amount?: string): Promise<string> {
    await this.button('Capture', orderId).click();
    if (amount !== undefined) await this.dialog.getByLabel(/Amount to capture/).fill(amount);
    return this.confirm(orderId, 'Capture');
  }

  /** Captures with the keyboard only: focus the row's button, Enter, Enter. */
  async captureWithKeyboard(orderId: string): Promise<string> {
    await this.button('Capture', orderId).focus();
    await this.page.keyboard.press('Enter');
    await this.dialog.waitFor();
    const before = await this.announcements();
    await this.page.keyboard.press('Enter');
    return this.awaitAnnouncement(orderId, before);
  }

  /** Cancels the payment of an order; returns the announcement. */
  async cancel(orderId: string): Promise<string> {
    await this.button('Cancel', orderId).click();
    return this.confirm(orderId, 'Cancel the payment');
  }

  /** Refunds `amount` (e.g. `"5.00"`) with a reason; returns the announcement. */
  async refund(orderId: string, amount: string, reason: string): Promise<string> {
    await this.button('Refund', orderId).click();
    await this.dialog.getByLabel(/Amount to refund/).fill(amount);
    await this.dialog.getByLabel(/Reason/).fill(reason);
    return this.confirm(orderId, 'Refund');
  }

  /** Runs axe-core on the console. */
  axe(): Promise<Array<{ id: string; help: string; nodes: number }>> {
    return runAxe(this.page);
  }

  /** Closes the context. */
  close(): Promise<void> {
    return this.context.close();
  }

  private async confirm(orderId: string, label: string): Promise<string> {
    await this.dialog.waitFor();
    const before = await this.announcements();
    await this.dialog.getByRole('button', { name: label, exact: true }).click();
    return this.awaitAnnouncement(orderId, before);
  }

  /** How many announcements the live region has made (two identical ones in a row still count twice). */
  private async announcements(): Promise<number> {
    return Number((await this.actionResult.getAttribute('data-announcements')) ?? '0');
  }

  /** Waits for the live region to announce the final answer about the order, and returns it. */
  private async awaitAnnouncement(orderId: string, before: number): Promise<string> {
    await this.page.waitForFunction(
      ([id, previous]) => {
        const region = document.getElementById('action-result');
        const text = region?.innerText ?? '';
        return (
          Number(region?.dataset['announcements'] ?? '0') > previous &&
          text.includes(`order ${id}`) &&
          !text.startsWith('Asking Antom')
        );
      },
      [orderId, before] as const,
      { timeout: 15_000 },
    );
    return (await this.actionResult.innerText()).trim();
  }
}

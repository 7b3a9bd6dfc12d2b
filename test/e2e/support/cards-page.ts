/**
 * Page object for the demo shop's "My cards" page (`/cards`): reads the wallet list the way the buyer
 * sees it, removes cards, and binds a new one with the vault-mode element.
 */
import type { Browser, BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import type { RecordedEvent } from './checkout-page.js';
import { CheckoutPage } from './checkout-page.js';
import { waitForNth } from './saved-cards-page.js';

/** One wallet row as the buyer reads it. */
export interface WalletRow {
  /** Logo badge text, e.g. `MC`. */
  logo: string;
  /** Visible name, e.g. `Mastercard •••• 4622`. */
  name: string;
  /** `Expires 12/30` or `Expired 04/24`. */
  expiry: string;
}

/** The "My cards" page. */
export class CardsPage {
  readonly page: Page;
  readonly context: BrowserContext;

  private constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
  }

  /**
   * Opens `/cards` in a fresh context and waits for the wallet list; `initScripts` run first. The page asks
   * for 3-D Secure by default; `threeDS: false` opens it with `?verify=off`.
   */
  static async open(
    browser: Browser,
    shopOrigin: string,
    initScripts: string[] = [],
    options: { threeDS?: boolean } = {},
  ): Promise<CardsPage> {
    const { context, page } = await CheckoutPage.open(
      browser,
      `${shopOrigin}/cards${options.threeDS === true ? '' : '?verify=off'}`,
      initScripts,
    );
    await page.locator('#wallet-loading').waitFor({ state: 'hidden' });
    return new CardsPage(context, page);
  }

  /** The wallet rows. */
  get rows(): Locator {
    return this.page.locator('#wallet-list .wallet-card');
  }

  /** "No saved cards yet." */
  get empty(): Locator {
    return this.page.locator('#wallet-empty');
  }

  /** The wallet's live status line. */
  get status(): Locator {
    return this.page.locator('#wallet-status');
  }

  /** The add-a-card outcome panel. */
  get addStatus(): Locator {
    return this.page.locator('#add-status');
  }

  /** The remove button of the card ending in `last4`. */
  removeButton(last4: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^Remove .+ ending ${last4}$`) });
  }

  /** The vault-mode element. */
  get element(): Locator {
    return this.page.locator('antom-card-checkout');
  }

  /** The element's secure frame. */
  get frame(): FrameLocator {
    return this.page.frameLocator('antom-card-checkout iframe[part~="card-frame"]');
  }

  /** The element's "Save card" button. */
  get saveButton(): Locator {
    return this.element.locator('[part~="pay-button"]');
  }

  /** The rows as the buyer reads them. */
  async describeRows(): Promise<WalletRow[]> {
    return this.rows.evaluateAll((items) =>
      items.map((item) => ({
        logo: item.querySelector('.brand-logo')?.textContent ?? '',
        name: item.querySelector('.card-name [aria-hidden="true"]')?.textContent ?? '',
        expiry: item.querySelector('.card-expiry')?.textContent ?? '',
      })),
    );
  }

  /** Types a card into the frame key by key. */
  async typeCard(card: { number: string; expiry: string; cvc: string }): Promise<void> {
    for (const [autocomplete, value] of [
      ['cc-number', card.number],
      ['cc-exp', card.expiry],
      ['cc-csc', card.cvc],
    ] as const) {
      const field = this.frame.locator(`input[autocomplete="${autocomplete}"]`);
      await field.click();
      await field.pressSequentially(value);
    }
  }

  /** The 3-D Secure dialog of the element. */
  get challengeDialog(): Locator {
    return this.element.locator('[part~="challenge-dialog"]');
  }

  /** The issuer's page inside the dialog (container frame, then the issuer's frame). */
  get issuer(): FrameLocator {
    return this.page.frameLocator('antom-card-checkout [part~="challenge-dialog"] iframe').frameLocator('iframe');
  }

  /** Waits for the `n`th event of `type`. */
  event(type: string, n = 1): Promise<RecordedEvent> {
    return waitForNth(this.page, type, n);
  }

  /** Closes the context. */
  close(): Promise<void> {
    return this.context.close();
  }
}

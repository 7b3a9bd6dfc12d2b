/**
 * Page object for the demo checkout with saved cards: reads the element's saved-card list the way
 * a buyer sees it (logo, brand, masked number, expiry), picks, removes and pays with saved cards,
 * and tells where keyboard focus is, frame included. Card tokens are seeded through the client,
 * as a merchant would have stored them, and never reach the page.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { cardMetaData } from '../../support/cards.js';
import type { TestServers } from '../../support/servers.js';
import { isSucceeded } from '../../../src/server/index.js';
import { cardFrame, CheckoutPage, type RecordedEvent } from './checkout-page.js';

/** One row of the saved-card list as a buyer reads it. */
export interface SavedCardRow {
  /** The brand its drawn mark shows (`data-brand` of the logo's svg), e.g. `VISA`. */
  logo: string;
  /** Visible name, e.g. `Visa •••• 0768`. */
  name: string;
  /** `Expires 12/30` or `Expired`. */
  expiry: string;
  checked: boolean;
  disabled: boolean;
}

/** Waits until `n` events of `type` were recorded and returns the `n`th (1-based). */
export async function waitForNth(page: Page, type: string, n: number, timeout = 15000): Promise<RecordedEvent> {
  await page.waitForFunction(
    ([name, count]) =>
      (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents.filter((e) => e.type === name).length >=
      (count as number),
    [type, n] as const,
    { timeout },
  );
  const events = await page.evaluate(() => (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents);
  return events.filter((e) => e.type === type)[n - 1]!;
}

/** How many events of `type` were recorded. */
export async function countEvents(page: Page, type: string): Promise<number> {
  return page.evaluate(
    (name) =>
      (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents.filter((e) => e.type === name).length,
    type,
  );
}

/**
 * Where keyboard focus is: `frame:<input id>` inside the card frame, `radio:<value>` for a saved-card
 * radio, `part:<part>` for a part of the element, else `tag#id`.
 */
export async function focusDescriptor(page: Page): Promise<string> {
  const outer = await page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return 'none';
    if (active.tagName === 'IFRAME') return 'frame';
    if (active instanceof HTMLInputElement && active.type === 'radio') return `radio:${active.value}`;
    const part = active.getAttribute('part');
    if (part) return `part:${part}`;
    return `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''}`;
  });
  if (outer !== 'frame') return outer;
  const inner = await cardFrame(page).evaluate(() => document.activeElement?.id ?? '');
  return `frame:${inner}`;
}

/** Presses Tab (bounded) until focus matches `wanted`; fails naming where focus went. */
export async function tabUntil(page: Page, wanted: (focus: string) => boolean, max = 40): Promise<string> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focus = await focusDescriptor(page);
    seen.push(focus);
    if (wanted(focus)) return focus;
  }
  throw new Error(`focus never got there; it went: ${seen.join(' > ')}`);
}

/** Stores a card in the demo wallet the way a merchant holds it: a token from a tokenized payment. */
export async function seedSavedCard(
  servers: Pick<TestServers, 'client' | 'demo' | 'demoOrigin'>,
  card: { number: string; expiryMonth?: string; expiryYear?: string },
): Promise<{ token: string; last4: string }> {
  const id = `seed_${Math.random().toString(36).slice(2, 12)}`;
  const amount = { currency: 'USD', value: '100' };
  // The expiry the tests' expected rows show (`Expires 12/30`) unless they name another.
  const expiryMonth = card.expiryMonth ?? '12';
  const expiryYear = card.expiryYear ?? '30';
  const paid = await servers.client.pay({
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: id,
    paymentAmount: amount,
    order: { referenceOrderId: id, orderDescription: 'Seed a saved card', orderAmount: amount },
    paymentMethod: {
      paymentMethodType: 'CARD',
      paymentMethodMetaData: cardMetaData(card.number, { expiryMonth, expiryYear, tokenize: true }),
    },
    paymentRedirectUrl: `${servers.demoOrigin}/`,
    paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
  });
  const info = isSucceeded(paid) ? paid.paymentResultInfo : undefined;
  if (!info?.cardToken || !info.cardBrand || !info.lastFour)
    throw new Error('seeding a saved card: the gateway issued no token');
  const added = (await servers.demo.wallet.add({
    token: info.cardToken,
    brand: info.cardBrand,
    last4: info.lastFour,
    expiryMonth,
    expiryYear,
    source: 'PAYMENT',
  }));
  if (added.kind !== 'added') throw new Error(`seeding a saved card: ${added.kind}`);
  return { token: info.cardToken, last4: info.lastFour };
}

/** The demo checkout, seen through its saved cards. */
export class SavedCardsCheckout {
  readonly checkout: CheckoutPage;

  private constructor(checkout: CheckoutPage) {
    this.checkout = checkout;
  }

  /** Opens the shop's checkout in a fresh context; `initScripts` run before the page's scripts. */
  static async open(browser: Browser, shopOrigin: string, initScripts: string[] = []): Promise<SavedCardsCheckout> {
    const checkout = await CheckoutPage.open(browser, `${shopOrigin}/`, initScripts);
    return new SavedCardsCheckout(checkout);
  }

  /** The page. */
  get page(): Page {
    return this.checkout.page;
  }

  /** The element. */
  get element(): Locator {
    return this.checkout.element;
  }

  /** The saved-card radio group. */
  get list(): Locator {
    return this.element.locator('[part~="saved-cards"]');
  }

  /** The row of the saved card ending in `last4`. */
  card(last4: string): Locator {
    return this.element.locator('[part~="saved-card"]').filter({ hasText: `•••• ${last4}` });
  }

  /** The radio of the saved card ending in `last4`. */
  radio(last4: string): Locator {
    return this.card(last4).locator('input[type="radio"]');
  }

  /** The "Use a new card" radio. */
  get newCardRadio(): Locator {
    return this.element.getByRole('radio', { name: 'Use a new card' });
  }

  /** The remove button of the saved card ending in `last4`. */
  removeButton(last4: string): Locator {
    return this.element.getByRole('button', { name: new RegExp(`^Remove .+ ending in ${last4}$`) });
  }

  /** The frame's "Save this card" box. */
  get consentBox(): Locator {
    return this.checkout.frame.getByLabel('Save this card for future payments');
  }

  /** The page's "Ask for the security code of saved cards" box. */
  get cvcPolicyBox(): Locator {
    return this.page.locator('#saved-card-cvc');
  }

  /** The page's outcome panel. */
  get outcome(): Locator {
    return this.page.locator('#outcome');
  }

  /** The saved cards as the buyer reads them ("Use a new card" left out). */
  async rows(): Promise<SavedCardRow[]> {
    // The marks come in a chunk loaded after the list: a row is read once its mark is drawn.
    await this.element.locator('.logo[data-brand]:not(:has(svg))').first().waitFor({ state: 'detached' });
    return this.element.locator('[part~="saved-card"]').evaluateAll((labels) =>
      labels
        .filter((label) => label.querySelector('.logo[data-brand]'))
        .map((label) => {
          const radio = label.querySelector('input') as HTMLInputElement;
          return {
            logo: label.querySelector('.logo svg')?.getAttribute('data-brand') ?? '',
            name: label.querySelector('.card-name [aria-hidden="true"]')?.textContent?.trim() ?? '',
            expiry: label.querySelector('.expiry')?.textContent?.trim() ?? '',
            checked: radio.checked,
            disabled: radio.disabled,
          };
        }),
    );
  }

  /** Waits for the `n`th `antom-ready`. */
  ready(n = 1): Promise<RecordedEvent> {
    return waitForNth(this.page, 'antom-ready', n);
  }

  /** Sets the CVC policy with the page's box and waits for the checkout to reload. */
  async setCvcPolicy(on: boolean): Promise<void> {
    const readies = await countEvents(this.page, 'antom-ready');
    await this.cvcPolicyBox.setChecked(on);
    await this.ready(readies + 1);
  }

  /** Waits for the first final outcome event after `after` earlier ones and returns it. */
  async outcomeAfter(after: number): Promise<RecordedEvent> {
    const finals = ['antom-authorized', 'antom-failed', 'antom-processing', 'antom-error'];
    await this.page.waitForFunction(
      ([names, skip]) =>
        (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents.filter((e) =>
          (names as string[]).includes(e.type),
        ).length > (skip as number),
      [finals, after] as const,
      { timeout: 15000 },
    );
    const events = await this.checkout.events();
    return events.filter((e) => finals.includes(e.type))[after]!;
  }

  /** How many final outcome events so far. */
  async outcomes(): Promise<number> {
    const finals = ['antom-authorized', 'antom-failed', 'antom-processing', 'antom-error'];
    return (await this.checkout.events()).filter((e) => finals.includes(e.type)).length;
  }

  /** Closes the context. */
  close(): Promise<void> {
    return this.checkout.close();
  }
}

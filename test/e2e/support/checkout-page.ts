/**
 * Page object for the demo checkout: drives the real page in Chromium the way a buyer does,
 * and reads the element's events through a listener installed before the page's own scripts.
 */
import { readFileSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Frame,
  type FrameLocator,
  type Locator,
  type Page,
} from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../../../scripts/chrome.mjs';

/** Every event of the element. */
export const ELEMENT_EVENTS: readonly string[] = [
  'antom-loading',
  'antom-ready',
  'antom-change',
  'antom-submit',
  'antom-authorized',
  'antom-failed',
  'antom-processing',
  'antom-error',
  'antom-session-expired',
  'antom-card-saved',
  'antom-remove-card',
  'antom-challenge',
  'antom-cancel',
];

// Records every element event, once, into window.__antomEvents.
const EVENT_LOG = `
  (() => {
    const log = [];
    Object.defineProperty(window, '__antomEvents', { value: log });
    for (const name of ${JSON.stringify(ELEMENT_EVENTS)}) {
      window.addEventListener(name, (event) => log.push({ type: name, detail: event.detail }), true);
    }
  })();
`;

/** One recorded element event. */
export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown>;
}

/** Launches Debian Chromium headless with the project's flags. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChrome({ install: false }), headless: true, args: CHROME_ARGS });
}

/** The axe-core source, injected into pages and frames by evaluation (CSP blocks script tags). */
export const AXE_SOURCE = readFileSync(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** The demo checkout page. */
export class CheckoutPage {
  readonly page: Page;
  readonly context: BrowserContext;

  private constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
  }

  /** Opens a fresh context and page; `initScripts` run before the page's own scripts. */
  static async open(
    browser: Browser,
    url: string,
    initScripts: string[] = [],
    contextOptions: BrowserContextOptions = {},
  ): Promise<CheckoutPage> {
    const context = await browser.newContext(contextOptions);
    const page = await context.newPage();
    await page.addInitScript(EVENT_LOG);
    for (const script of initScripts) await page.addInitScript(script);
    const checkout = new CheckoutPage(context, page);
    await page.goto(url);
    return checkout;
  }

  /** The element. */
  get element(): Locator {
    return this.page.locator('antom-card-checkout');
  }

  /** The secure frame's document. */
  get frame(): FrameLocator {
    return this.page.frameLocator('antom-card-checkout iframe[part~="card-frame"]');
  }

  /** The card number field inside the frame. */
  get numberField(): Locator {
    return this.frame.locator('input[autocomplete="cc-number"]');
  }

  /** The expiry field inside the frame. */
  get expiryField(): Locator {
    return this.frame.locator('input[autocomplete="cc-exp"]');
  }

  /** The CVC field inside the frame. */
  get cvcField(): Locator {
    return this.frame.locator('input[autocomplete="cc-csc"]');
  }

  /** The holder name field inside the frame. */
  get holderField(): Locator {
    return this.frame.locator('input[autocomplete="cc-name"]');
  }

  /** The element's pay button. */
  get payButton(): Locator {
    return this.element.locator('[part~="pay-button"]');
  }

  /** The element's visible error. */
  get error(): Locator {
    return this.element.locator('[part~="error"]');
  }

  /** Every element event so far. */
  events(): Promise<RecordedEvent[]> {
    return this.page.evaluate(() => (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents);
  }

  /** Waits for the first event of `type` after `skip` earlier ones and returns it. */
  async waitForEvent(type: string, timeout = 15000): Promise<RecordedEvent> {
    await this.page.waitForFunction(
      (name) => (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents.some((e) => e.type === name),
      type,
      { timeout },
    );
    const events = await this.events();
    return events.find((e) => e.type === type)!;
  }

  /** Waits until the element says it is ready. */
  async ready(): Promise<RecordedEvent> {
    return this.waitForEvent('antom-ready');
  }

  /** Types a card the way a buyer does, key by key. */
  async typeCard(card: { number: string; expiry: string; cvc: string; holder?: string }): Promise<void> {
    await this.numberField.click();
    await this.numberField.pressSequentially(card.number);
    await this.expiryField.click();
    await this.expiryField.pressSequentially(card.expiry);
    await this.cvcField.click();
    await this.cvcField.pressSequentially(card.cvc);
    if (card.holder) {
      await this.holderField.click();
      await this.holderField.pressSequentially(card.holder);
    }
  }

  /**
   * Clicks Pay and waits for a final event. The button is scrolled into view and two frames are let
   * pass first: right after a scroll, Chromium may still route the click to where the card frame
   * (an out-of-process iframe holding focus) used to be, and the button never sees it.
   */
  async pay(): Promise<RecordedEvent> {
    await this.payButton.scrollIntoViewIfNeeded();
    await this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await this.payButton.click();
    await this.page.waitForFunction(
      () =>
        (window as unknown as { __antomEvents: RecordedEvent[] }).__antomEvents.some((e) =>
          ['antom-authorized', 'antom-failed', 'antom-processing', 'antom-error'].includes(e.type),
        ),
      undefined,
      { timeout: 15000 },
    );
    const events = await this.events();
    return events
      .filter((e) => ['antom-authorized', 'antom-failed', 'antom-processing', 'antom-error'].includes(e.type))
      .at(-1)!;
  }

  /** Runs axe-core in the merchant page (shadow roots included) and returns the violations. */
  async axePage(): Promise<Array<{ id: string; help: string; nodes: number }>> {
    return runAxe(this.page);
  }

  /** Closes the context. */
  close(): Promise<void> {
    return this.context.close();
  }
}

/** The secure card frame of the page. */
export function cardFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.url().includes('/sdk/v1/frame'));
  if (!frame) throw new Error('no secure card frame on the page');
  return frame;
}

/**
 * Waits until the card frame's input `id` has keyboard focus: focus given to the element reaches
 * the input inside the frame a message later, and keys typed before that would be lost.
 */
export async function waitForFrameFocus(page: Page, id: string): Promise<void> {
  await cardFrame(page).waitForFunction((wanted) => document.activeElement?.id === wanted, id, { timeout: 5000 });
}

/** Runs axe in a page or frame. The source is evaluated through the driver, which strict CSPs allow. */
export async function runAxe(target: Page | Frame): Promise<Array<{ id: string; help: string; nodes: number }>> {
  const loaded = await target.evaluate(() => 'axe' in window);
  if (!loaded) await target.evaluate(AXE_SOURCE);
  return target.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{ violations: Array<{ id: string; help: string; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  });
}

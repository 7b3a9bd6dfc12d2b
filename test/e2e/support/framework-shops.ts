/**
 * Page helpers for the demo's React and Vue shops (/react, /vue): the checkout page object for the
 * buyer's side (typing a card, the element's events), plus what the app itself shows (its outcome
 * panel, the events its framework delivered), how often React mounted the component, and every
 * CSP violation, console error, console warning and page error.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { CheckoutPage } from './checkout-page.js';

const CSP_RECORDER = readFileSync(new URL('./csp-recorder.js', import.meta.url), 'utf8');

// @lit/react removes `defer-hydration` from its element in a mount-only layout effect: one call per
// mount. StrictMode's development double mount (mount, unmount, mount) shows as two.
const MOUNT_COUNTER = `
  (() => {
    const mounts = [];
    Object.defineProperty(window, '__checkoutMounts', { value: mounts });
    const removeAttribute = Element.prototype.removeAttribute;
    Element.prototype.removeAttribute = function (name) {
      if (name === 'defer-hydration' && this.localName === 'antom-card-checkout') mounts.push(name);
      return removeAttribute.call(this, name);
    };
  })();
`;

/** A framework shop open in a browser page. */
export interface FrameworkShop {
  /** The buyer's side: the element, its frame and events. */
  checkout: CheckoutPage;
  page: Page;
  /** Console errors and uncaught page errors, as they came. */
  errors: string[];
  /** Console warnings, as they came (Vue's development build warns through them). */
  warnings: string[];
}

/** Opens `url` with the recorders in place and waits until the element is ready. */
export async function openShop(browser: Browser, url: string): Promise<FrameworkShop> {
  const checkout = await CheckoutPage.open(browser, 'about:blank', [CSP_RECORDER, MOUNT_COUNTER]);
  const errors: string[] = [];
  const warnings: string[] = [];
  checkout.page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  checkout.page.on('pageerror', (error) => errors.push(error.message));
  await checkout.page.goto(url);
  await checkout.ready();
  return { checkout, page: checkout.page, errors, warnings };
}

/** How many times the app says its framework delivered `event` (its "Events … delivered" list). */
export async function delivered(page: Page, event: string): Promise<number> {
  const item = page.locator(`.events-heard li[data-event="${event}"]`);
  return (await item.count()) === 0 ? 0 : Number(await item.getAttribute('data-count'));
}

/** How many times React mounted the component (see MOUNT_COUNTER). */
export function mounts(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __checkoutMounts: string[] }).__checkoutMounts.length);
}

/** CSP violations in the page and its frames. */
export async function cspViolations(page: Page): Promise<string[]> {
  const all: string[] = [];
  for (const frame of page.frames()) {
    try {
      all.push(...(await frame.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])));
    } catch {
      // A frame that navigated away meanwhile has nothing left to report.
    }
  }
  return all;
}

/** Card frames in the DOM: iframes inside every `<antom-card-checkout>`'s shadow root. */
export function cardFrames(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll('antom-card-checkout')].reduce(
      (count, element) => count + (element.shadowRoot?.querySelectorAll('iframe[part~="card-frame"]').length ?? 0),
      0,
    ),
  );
}

/** The app's outcome panel (`role=status`). */
export function outcome(page: Page) {
  return page.locator('.outcome[role="status"]');
}

/** Clicks a button outside the card frame the way a buyer does (see CheckoutPage.pay). */
export async function clickButton(page: Page, name: RegExp): Promise<void> {
  const button = page.getByRole('button', { name });
  await button.scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await button.click();
}

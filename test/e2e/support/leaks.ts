/**
 * Checks that card data stayed out of the merchant page: leak detectors for what the hostile
 * recorder saw, and a sweep of the merchant document (every shadow root, inputs, storage, URL).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** Every way a PAN could be written down: plain, grouped, or split by anything non-digit. */
export function leaksPan(text: string, pan: string): boolean {
  const digitsOnly = text.replace(/[^0-9]/g, '');
  if (text.includes(pan)) return true;
  if (text.includes(pan.replace(/(\d{4})(?=\d)/g, '$1 '))) return true;
  // Runs of 10 digits from the PAN (a partly typed number), when distinctive enough to mean it.
  for (let i = 0; i + 10 <= pan.length; i++) {
    const slice = pan.slice(i, i + 10);
    if (new Set(slice).size >= 5 && digitsOnly.includes(slice) && text.includes(slice)) return true;
  }
  return digitsOnly.includes(pan);
}

/** The CVC as a standalone number (not a run of digits inside an id, a time or a fraction of a second). */
export function leaksCvc(text: string, cvc: string): boolean {
  return new RegExp(`(?<![0-9A-Za-z.])${cvc}(?![0-9A-Za-z])`).test(text);
}

// A string, not a function: tsx's name-keeping helpers do not exist in the page.
const SWEEP = `(() => {
  const parts = [];
  const visit = (root) => {
    parts.push(root instanceof Document ? root.documentElement.outerHTML : root.innerHTML);
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value);
    }
  };
  visit(document);
  parts.push(JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie, location.href);
  return parts.join('\\n');
})()`;

/** The merchant document as text: markup of the page and every shadow root, input values, storage, cookie, URL. */
export async function sweep(page: Page): Promise<string> {
  return (await page.evaluate(SWEEP)) as string;
}

/** What the hostile recorder (`hostile-recorder.js`) noted so far. */
export function hostileRecords(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __hostile: string[] }).__hostile);
}

/** The CSP-violation recorder (`csp-recorder.js`), to pass as an init script. */
export const CSP_RECORDER = readFileSync(new URL('./csp-recorder.js', import.meta.url), 'utf8');

/** Every CSP violation the recorder noted, in the page and in each of its frames that it reached. */
export async function cspViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const frame of page.frames()) {
    try {
      const list = (await frame.evaluate('window.__cspViolations ?? null')) as string[] | null;
      // A frame the recorder never reached would pass unseen: say so instead.
      if (list === null) found.push(`${frame.url()}: no CSP recorder`);
      else found.push(...list);
    } catch {
      found.push(`${frame.url()}: could not be read`);
    }
  }
  return found;
}

/**
 * The card number and CVC never reach the merchant page: a hostile script that hooks
 * everything a page script can hook sees neither, at any step of a payment (typing, a typo
 * corrected, a paste, a decline, a success); a sweep of the document and every shadow root
 * finds neither; merchant and gateway logs hold neither; and the frame refuses to run inside
 * an origin that is not registered for the session.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { CARDS } from '../support/cards.js';
import { startTestServers, type TestServers } from '../support/servers.js';
import { CheckoutPage, launchBrowser } from './support/checkout-page.js';
import { leaksCvc, leaksPan, sweep } from './support/leaks.js';
// The element's tag-name typings, for code evaluated in the page (a type-only import: nothing runs in Node).
import type {} from '../../src/element/define.js';

const HOSTILE = readFileSync(new URL('./support/hostile-recorder.js', import.meta.url), 'utf8');
// Cards that the demo page does not list (it shows Antom's test cards for reviewers to copy).
const DECLINE_PAN = CARDS.visa.lost;
const SUCCESS_PAN = CARDS.visa.unlisted;
const CVC = '919';

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

describe('card data never enters the merchant page', () => {
  test('a hostile page script records no card number or CVC through a decline and a success', async () => {
    const logStart = servers.logs.length;
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`, [HOSTILE]);
    const page = checkout.page;
    const sweeps: string[] = [];
    try {
      await checkout.ready();
      sweeps.push(await sweep(page));

      // A typo, corrected with Backspace, then a declined payment.
      await checkout.numberField.click();
      await checkout.numberField.pressSequentially(DECLINE_PAN.slice(0, -2));
      await checkout.numberField.press('7');
      await checkout.numberField.press('Backspace');
      await checkout.numberField.pressSequentially(DECLINE_PAN.slice(-2));
      await checkout.expiryField.click();
      await checkout.expiryField.pressSequentially('1230');
      await checkout.cvcField.click();
      await checkout.cvcField.pressSequentially(CVC);
      sweeps.push(await sweep(page));
      const declined = await checkout.pay();
      assert.equal(declined.type, 'antom-failed');
      sweeps.push(await sweep(page));

      // Paste the success card over the declined one.
      await checkout.numberField.click();
      await checkout.numberField.press('ControlOrMeta+a');
      await checkout.numberField.press('Backspace');
      await checkout.numberField.evaluate(
        (input: HTMLInputElement, pan) => {
          const data = new DataTransfer();
          data.setData('text/plain', pan);
          input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        },
        SUCCESS_PAN.replace(/(\d{4})(?=\d)/g, '$1-'),
      );
      if ((await checkout.numberField.inputValue()).replace(/\D/g, '') !== SUCCESS_PAN) {
        // The frame may let the browser insert pasted text itself; insert it as a paste would.
        await checkout.page.keyboard.insertText(SUCCESS_PAN);
      }
      assert.equal((await checkout.numberField.inputValue()).replace(/\D/g, ''), SUCCESS_PAN);
      await checkout.cvcField.click();
      await checkout.cvcField.pressSequentially(CVC);
      await checkout.page.evaluate(
        () => ((window as unknown as { __antomEvents: unknown[] }).__antomEvents.length = 0),
      );
      const authorized = await checkout.pay();
      assert.equal(authorized.type, 'antom-authorized');
      sweeps.push(await sweep(page));

      const records = await page.evaluate(() => (window as unknown as { __hostile: string[] }).__hostile);
      assert.ok(records.length > 20, `the recorder saw the page's activity (${records.length} records)`);
      assert.ok(
        records.some((r) => r.startsWith('port.message')),
        'the recorder saw channel messages',
      );
      assert.ok(
        records.some((r) => r.startsWith('fetch')),
        'the recorder saw the session fetch',
      );
      for (const record of records) {
        for (const pan of [DECLINE_PAN, SUCCESS_PAN])
          assert.ok(!leaksPan(record, pan), `PAN leaked in: ${record.slice(0, 200)}`);
        assert.ok(!leaksCvc(record, CVC), `CVC leaked in: ${record.slice(0, 200)}`);
      }
      for (const text of sweeps) {
        for (const pan of [DECLINE_PAN, SUCCESS_PAN]) assert.ok(!leaksPan(text, pan), 'PAN found in the merchant DOM');
        assert.ok(!leaksCvc(text, CVC), 'CVC found in the merchant DOM');
      }
      const logs = servers.logs.slice(logStart).join('\n');
      assert.ok(logs.length > 0, 'servers logged the requests');
      for (const pan of [DECLINE_PAN, SUCCESS_PAN]) assert.ok(!leaksPan(logs, pan), 'PAN found in a server log');
      assert.ok(!leaksCvc(logs, CVC), 'CVC found in a server log');
      const notifications = JSON.stringify(servers.gateway.engine.notifications.list());
      for (const pan of [DECLINE_PAN, SUCCESS_PAN]) assert.ok(!leaksPan(notifications, pan));
    } finally {
      await checkout.close();
    }
  });

  test('the recorder check can fail: it flags a PAN a page script did see', () => {
    assert.ok(leaksPan('event:input {"value":"4916 3385 0608 2832"}', SUCCESS_PAN));
    assert.ok(leaksPan('{"body":"4916338506082832"}', SUCCESS_PAN));
    assert.ok(leaksPan('{"value":"49163385060"}', SUCCESS_PAN));
    assert.ok(leaksCvc('{"cvc":"919"}', CVC));
    assert.ok(!leaksCvc('{"id":"pay_919abc","t":"2919"}', CVC));
  });

  test('the SDK endpoints refuse calls from the merchant page', async () => {
    // The demo's own CSP would stop these calls before they left the page; bypass it so the
    // gateway's refusal is what is tested.
    const checkout = await CheckoutPage.open(browser, `${servers.demoOrigin}/`, [], { bypassCSP: true });
    try {
      await checkout.ready();
      const before = servers.gateway.engine.listPayments().length;
      const logStart = servers.logs.length;
      const outcome = await checkout.page.evaluate(async (gateway) => {
        const results: string[] = [];
        for (const path of ['/sdk/v1/payments', '/sdk/v1/session']) {
          try {
            const response = await fetch(gateway + path, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'attempt_hostile_1' },
              body: JSON.stringify({ paymentSessionData: 'x', card: {} }),
            });
            results.push(`answered ${response.status}`);
          } catch (error) {
            results.push(`blocked ${(error as Error).name}`);
          }
          const opaque = await fetch(gateway + path, { method: 'POST', mode: 'no-cors', body: '{}' }).then(
            (r) => r.type,
            () => 'error',
          );
          results.push(`no-cors ${opaque}`);
        }
        return results;
      }, servers.gatewayOrigin);
      assert.deepEqual(outcome, ['blocked TypeError', 'no-cors opaque', 'blocked TypeError', 'no-cors opaque']);
      assert.equal(servers.gateway.engine.listPayments().length, before);
      const answered = servers.logs.slice(logStart).filter((line) => line.includes('/sdk/v1/'));
      assert.ok(answered.length >= 2 && answered.every((line) => line.includes('403')), answered.join('\n'));
      const refused = await fetch(`${servers.gatewayOrigin}/sdk/v1/payments`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Origin: servers.demoOrigin,
          'Idempotency-Key': 'attempt_hostile_2',
        },
        body: '{}',
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      assert.equal(((await refused.json()) as { result: { resultCode: string } }).result.resultCode, 'ACCESS_DENIED');
    } finally {
      await checkout.close();
    }
  });

  test('the frame shows no card form inside an origin not registered for the session', async () => {
    // The demo also answers on 127.0.0.1, a different origin from the registered localhost one.
    const unregistered = servers.demoOrigin.replace('localhost', '127.0.0.1');
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.addInitScript(() => {
        const log: string[] = [];
        Object.defineProperty(window, '__errors', { value: log });
        window.addEventListener(
          'antom-error',
          (e) => log.push((e as CustomEvent<{ reason: string }>).detail.reason),
          true,
        );
        window.addEventListener('antom-ready', () => log.push('ready'), true);
      });
      await page.goto(`${unregistered}/`);
      await page.waitForFunction(() => (window as unknown as { __errors: string[] }).__errors.length > 0, undefined, {
        timeout: 10000,
      });
      const seen = await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
      // The frame (framed by that page alone) asked for the session's view: the gateway refused it.
      assert.deepEqual(seen, ['SESSION_INVALID']);
      const cardFrame = page.frames().find((frame) => frame.url().includes('/sdk/v1/frame'));
      if (cardFrame) assert.equal(await cardFrame.evaluate(() => document.querySelectorAll('input').length), 0);
      const shown = await page.evaluate(
        () => document.querySelector('antom-card-checkout')?.shadowRoot?.querySelector('[part="error"]')?.textContent ?? '',
      );
      assert.notEqual(shown.trim(), '', 'the buyer sees a message');

      // Nor can that page pose as the shop: a frame URL naming the shop's origin is refused by Chromium.
      const violation = page.waitForEvent('console', {
        predicate: (message) => /frame-ancestors/.test(message.text()),
        timeout: 10000,
      });
      await page.evaluate((src) => {
        const frame = document.createElement('iframe');
        frame.src = src;
        document.body.append(frame);
      }, `${servers.gatewayOrigin}/sdk/v1/frame?origin=${encodeURIComponent(servers.demoOrigin)}#nonce=${'n'.repeat(32)}`);
      assert.match((await violation).text(), new RegExp(servers.demoOrigin.replaceAll('.', '\\.')));
    } finally {
      await context.close();
    }
  });
});

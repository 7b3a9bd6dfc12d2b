/**
 * Sessions Antom minted go to Antom's official Web SDK (`@alipay/ams-checkout`, the real package,
 * in its lazily loaded chunk of the script-tag bundle), in Chromium, offline: Antom's hosted card
 * page is a local stand-in speaking the SDK's own protocol, so every event reaches the element
 * through the SDK's `onEventCallback`. Needs `npm run build`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { SDK_REACTIONS, type SdkReaction } from '../../src/element/sdk-events.js';
import { settle, waitFor } from '../support/waits.js';
import { ANTOM_COMPONENT_PREFIX, AntomSdkPage, AntomSdkSite, antomSessionData } from './support/antom-sdk-page.js';
import { launchBrowser } from './support/checkout-page.js';

let browser: Browser;
let site: AntomSdkSite;

before(async () => {
  browser = await launchBrowser();
  site = await AntomSdkSite.start();
});

after(async () => {
  await browser.close();
  await site.close();
});

const HOUR = 3600000;

/** A createPaymentSession answer from Antom, plus the amount the merchant's endpoint echoes for display. */
function antomAnswer(scene: 'CASHIER_PAYMENT' | 'VAULTING' = 'CASHIER_PAYMENT') {
  const id = scene === 'VAULTING' ? 'vaultingSessionId' : 'paymentSessionId';
  const expiry = scene === 'VAULTING' ? 'vaultingSessionExpiryTime' : 'paymentSessionExpiryTime';
  const data = scene === 'VAULTING' ? 'vaultingSessionData' : 'paymentSessionData';
  return {
    result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    [data]: antomSessionData(scene),
    [id]: 'ps_antom_0001',
    [expiry]: new Date(Date.now() + HOUR).toISOString(),
    ...(scene === 'CASHIER_PAYMENT' ? { paymentAmount: { currency: 'EUR', value: '1250' } } : {}),
  };
}

/** What the hosted page reports with a payment outcome, in the SDK's `result` shape. */
function sdkResult(resultCode: string, resultStatus: 'S' | 'F' | 'U', paymentStatus: string) {
  return {
    result: { resultCode, resultStatus, resultMessage: resultCode.toLowerCase() },
    paymentResultCode: resultCode,
    paymentStatus,
    paymentId: 'antom_pay_0001',
  };
}

async function ready(harness: AntomSdkPage, attributes: Record<string, string> = {}, scene?: 'VAULTING'): Promise<void> {
  await harness.mount({ environment: 'sandbox', ...attributes }, antomAnswer(scene));
  await harness.event('antom-ready');
}

describe('an Antom session drives Antom’s Web SDK', () => {
  test('the SDK is built with the environment and locale, mounts in the element’s container, and loads Antom’s card page', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    try {
      await harness.mount({ environment: 'sandbox', locale: 'de_DE' }, antomAnswer());
      assert.deepEqual((await harness.event('antom-loading')).detail, { code: 'SDK_START_OF_LOADING' });
      const readyEvent = await harness.event('antom-ready');
      assert.deepEqual(readyEvent.detail, {
        code: 'SDK_END_OF_LOADING',
        paymentSessionId: 'ps_antom_0001',
        amount: { currency: 'EUR', value: '1250' },
      });
      const cardPage = harness.outsideRequests.find((url) => url.startsWith(`${ANTOM_COMPONENT_PREFIX}CASHIER_PAYMENT_CARD/`) && !url.includes('isPreload=true'));
      assert.ok(cardPage, `no card page among ${harness.outsideRequests.join('\n')}`);
      const query = new URL(cardPage).searchParams;
      assert.equal(query.get('locale'), 'de_DE');
      assert.equal(query.get('shadow'), 'true', 'the sandbox environment');
      // The SDK's frame is in a light-DOM child of the element, slotted into its shadow root.
      const placement = await harness.page.evaluate((prefix) => {
        const element = document.querySelector('antom-card-checkout')!;
        const container = element.querySelector(':scope > [slot="antom-sdk-form"]');
        const slot = element.shadowRoot!.querySelector('slot[name="antom-sdk-form"]');
        return {
          container: container !== null,
          frameInside: container?.querySelector(`iframe[src^="${prefix}"]`) !== null,
          slotted: slot instanceof HTMLSlotElement && slot.assignedElements().includes(container!),
          otherLightChildren: [...element.children].filter((child) => child !== container).length,
          pay: element.shadowRoot!.querySelector('[part~="pay-button"]')!.textContent!.replace(/\s+/g, ' ').trim(),
        };
      }, ANTOM_COMPONENT_PREFIX);
      assert.deepEqual(placement, { container: true, frameInside: true, slotted: true, otherLightChildren: 0, pay: '12,50 € bezahlen' });
      assert.equal(await harness.sdkFrames(), 1);
      const render = await harness.hostedFrame().then((frame) =>
        frame.evaluate(() => (window as unknown as { hosted: { received: Array<Record<string, unknown>> } }).hosted.received.find((m) => m['event'] === 'renderComponent')),
      );
      assert.deepEqual(render, {
        event: 'renderComponent',
        appearance: { themeType: 'default', showLoading: false },
        notRedirectAfterComplete: true,
        merchantAppointParam: undefined,
      });
    } finally {
      await harness.close();
    }
  });

  test('prod loads the card page without the sandbox switch; theme, accent colour and saved-card CVC reach the SDK', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    try {
      await harness.page.evaluate(() => document.documentElement.style.setProperty('--antom-color-primary', '#0a7d32'));
      await ready(harness, { environment: 'prod', theme: 'dark', locale: 'pt-BR', 'saved-card-cvc': '' });
      const cardPage = harness.outsideRequests.find((url) => url.startsWith(`${ANTOM_COMPONENT_PREFIX}CASHIER_PAYMENT_CARD/`) && !url.includes('isPreload=true'))!;
      const query = new URL(cardPage).searchParams;
      assert.equal(query.get('shadow'), null);
      assert.equal(query.get('locale'), 'pt_BR');
      const render = await harness.hostedFrame().then((frame) =>
        frame.evaluate(() => (window as unknown as { hosted: { received: Array<Record<string, unknown>> } }).hosted.received.find((m) => m['event'] === 'renderComponent')),
      );
      assert.deepEqual(render?.['appearance'], { themeType: 'night', accentColor: '#0a7d32', showLoading: false });
      assert.deepEqual(render?.['merchantAppointParam'], { storedCard: { needCVV: true } });
    } finally {
      await harness.close();
    }
  });

  test('refusing Antom’s hosts ends in antom-error with the SDK’s code and a visible, localized message; reload() retries', async () => {
    const harness = await AntomSdkPage.open(browser, site, 'refused');
    try {
      await harness.page.evaluate(() => document.documentElement.setAttribute('lang', 'de'));
      await harness.mount({ environment: 'sandbox' }, antomAnswer());
      const { detail } = await harness.event('antom-error');
      assert.equal(detail['code'], 'SDK_CREATECOMPONENT_ERROR');
      assert.equal(detail['reason'], 'COMPONENT_LOAD_FAILED');
      assert.equal(detail['recoverable'], false);
      const shown = await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.shadowRoot!.querySelector('[part~="error"]')?.textContent?.trim());
      assert.equal(shown, detail['message']);
      assert.match(String(shown), /Karten|Verbindung|erreicht/, 'German text');
      assert.equal(await harness.status(), 'error');
      assert.ok(harness.outsideRequests.some((url) => url.startsWith(ANTOM_COMPONENT_PREFIX)), 'the SDK asked for Antom’s page');
      harness.outside = 'stand-in';
      await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.reload());
      await harness.event('antom-ready');
      assert.equal(await harness.status(), 'ready');
      assert.equal(await harness.sdkFrames(), 1);
    } finally {
      await harness.close();
    }
  });

  test('every code of the table, reported by the hosted page through the SDK, gives the element’s event and state', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    const expected: Record<SdkReaction['kind'], { event: string | null; status: string; reason?: string }> = {
      loading: { event: 'antom-loading', status: 'submitting' },
      ready: { event: null, status: 'submitting' },
      authorized: { event: 'antom-authorized', status: 'authorized' },
      declined: { event: 'antom-failed', status: 'failed' },
      processing: { event: 'antom-processing', status: 'submitting' },
      challenge: { event: 'antom-challenge', status: 'challenge' },
      cancel: { event: 'antom-cancel', status: 'ready' },
      invalid: { event: 'antom-error', status: 'ready', reason: 'FORM_INVALID' },
      'network-error': { event: 'antom-error', status: 'ready', reason: 'SUBMIT_NETWORK_ERROR' },
      duplicate: { event: 'antom-error', status: 'submitting', reason: 'DUPLICATE_SUBMISSION' },
      error: { event: 'antom-error', status: 'error' },
      ignore: { event: null, status: 'submitting' },
    };
    try {
      await ready(harness);
      for (const [code, reaction] of Object.entries(SDK_REACTIONS) as Array<[string, SdkReaction]>) {
        const before = (await harness.events()).length;
        // Each code arrives while a payment is being submitted, as it would in a real checkout.
        await harness.page.evaluate(() => {
          // Not awaited: the outcome comes later, from the hosted page.
          void document.querySelector('antom-card-checkout')!.submit();
        });
        await waitFor(async () => (await harness.status()) === 'submitting', { message: `${code}: not submitting` });
        const outcome = reaction.kind === 'declined' ? sdkResult('DO_NOT_HONOR', 'F', 'FAIL') : sdkResult('SUCCESS', 'S', 'SUCCESS');
        await harness.hostedReports(code, outcome);
        const want = expected[reaction.kind];
        await waitFor(async () => (await harness.status()) === want.status, {
          message: async () => `${code}: status ${await harness.status()}, expected ${want.status}`,
        });
        await settle(150);
        const fresh = (await harness.events()).slice(before).filter((event) => event.type !== 'antom-submit');
        if (want.event === null) {
          assert.deepEqual(fresh.map((event) => event.type), [], `${code} is not about a card form: no event`);
        } else {
          assert.deepEqual(fresh.map((event) => event.type), [want.event], code);
          const detail = fresh[0]!.detail;
          if (want.event !== 'antom-loading' && want.event !== 'antom-challenge' && want.event !== 'antom-cancel') {
            assert.equal(detail['code'], code, `${code}: detail.code`);
          }
          if (reaction.kind === 'error') assert.equal(detail['reason'], reaction.reason, code);
          else if (want.reason) assert.equal(detail['reason'], want.reason, code);
          if (reaction.kind === 'authorized') {
            assert.deepEqual(detail['result'], { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success', paymentResultCode: 'SUCCESS', paymentStatus: 'SUCCESS' });
            assert.equal(detail['paymentId'], 'antom_pay_0001');
          }
          if (reaction.kind === 'declined') assert.equal(detail['resultCode'], 'DO_NOT_HONOR');
        }
        // Back to a usable form for the next code: the buyer leaving the payment (Antom's own code)
        // where the checkout still runs, the element's reload (a new SDK instance) where it ended.
        const now = await harness.status();
        if (now === 'submitting' || now === 'challenge') {
          await harness.hostedReports('SDK_PAYMENT_CANCEL');
          await waitFor(async () => (await harness.status()) === 'ready', { message: `${code}: cancel did not free the form` });
        } else if (now === 'authorized' || now === 'error') {
          await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.reload());
          await waitFor(async () => (await harness.status()) === 'ready', { timeout: 20000, message: `${code}: no fresh form` });
        }
        assert.equal(await harness.sdkFrames(), 1, `${code}: one SDK frame`);
      }
    } finally {
      await harness.close();
    }
  });

  test('a code Antom does not document changes nothing and is named once in the console', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    const warnings: string[] = [];
    harness.page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    try {
      await ready(harness);
      const before = (await harness.events()).length;
      await harness.hostedReports('SDK_SOMETHING_NEW');
      await harness.hostedReports('SDK_SOMETHING_NEW');
      await waitFor(() => warnings.some((text) => text.includes('SDK_SOMETHING_NEW')), { message: 'no console warning' });
      await settle(150);
      assert.equal((await harness.events()).length, before);
      assert.equal(warnings.filter((text) => text.includes('SDK_SOMETHING_NEW')).length, 1);
      assert.equal(await harness.status(), 'ready');
    } finally {
      await harness.close();
    }
  });

  test('validate() asks the hosted form; submit() drives the payment and the outcome comes back through the SDK', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    try {
      await ready(harness);
      const frame = await harness.hostedFrame();
      await frame.evaluate(() => ((window as unknown as { hosted: { valid: boolean } }).hosted.valid = false));
      const invalid = await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.validate());
      assert.deepEqual(invalid, { isValid: false, invalidFields: [] });
      await frame.evaluate(() => ((window as unknown as { hosted: { valid: boolean } }).hosted.valid = true));
      const valid = await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.validate());
      assert.deepEqual(valid, { isValid: true, invalidFields: [] });
      await frame.evaluate((answer) => {
        (window as unknown as { hosted: { submitAnswer: unknown } }).hosted.submitAnswer = { code: 'SDK_PAYMENT_SUCCESSFUL', result: answer };
      }, sdkResult('SUCCESS', 'S', 'SUCCESS'));
      await harness.page.evaluate(() => {
        const pay = document.querySelector('antom-card-checkout')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="pay-button"]')!;
        pay.click();
      });
      const { detail } = await harness.event('antom-authorized');
      assert.deepEqual(detail, {
        code: 'SDK_PAYMENT_SUCCESSFUL',
        paymentId: 'antom_pay_0001',
        brand: null,
        last4: null,
        expiryMonth: null,
        expiryYear: null,
        result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success', paymentResultCode: 'SUCCESS', paymentStatus: 'SUCCESS' },
      });
      const received = await frame.evaluate(() => (window as unknown as { hosted: { received: Array<{ event: string }> } }).hosted.received.map((m) => m.event));
      assert.ok(received.includes('submitPay'), received.join(', '));
      assert.equal(await harness.status(), 'authorized');
    } finally {
      await harness.close();
    }
  });

  test('vault mode binds a card through AMSVaulting and fires antom-card-saved', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    try {
      await harness.mount({ environment: 'sandbox', mode: 'vault' }, antomAnswer('VAULTING'));
      assert.equal((await harness.event('antom-ready')).detail['amount'], null);
      assert.ok(harness.outsideRequests.some((url) => url.startsWith(`${ANTOM_COMPONENT_PREFIX}VAULTING_CARD/`)), 'the vaulting card page');
      await harness.page.evaluate(() => {
          // Not awaited: the outcome comes later, from the hosted page.
          void document.querySelector('antom-card-checkout')!.submit();
        });
      await harness.hostedReports('SDK_PAYMENT_SUCCESSFUL', sdkResult('SUCCESS', 'S', 'SUCCESS'));
      const { detail } = await harness.event('antom-card-saved');
      assert.equal(detail['code'], 'SDK_CARD_SAVED');
      assert.equal(await harness.status(), 'authorized');
    } finally {
      await harness.close();
    }
  });

  test('without environment an Antom session is refused by name, and nothing of Antom loads', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    const warnings: string[] = [];
    harness.page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    try {
      await harness.mount({}, antomAnswer());
      const { detail } = await harness.event('antom-error');
      assert.deepEqual(
        { code: detail['code'], reason: detail['reason'], recoverable: detail['recoverable'] },
        { code: 'SDK_INIT_PARAMETER_ERROR', reason: 'ENVIRONMENT_REQUIRED', recoverable: false },
      );
      const shown = await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.shadowRoot!.querySelector('[part~="error"]')?.textContent?.trim());
      assert.equal(shown, detail['message']);
      await waitFor(() => warnings.some((text) => text.includes('environment="sandbox"')), {
        message: () => `the environment warning among ${JSON.stringify(warnings)}`,
      });
      await settle(300);
      assert.deepEqual(harness.outsideRequests, []);
      assert.deepEqual(harness.localRequests.filter((url) => /antom-sdk-driver|ams-checkout/.test(url)), []);
    } finally {
      await harness.close();
    }
  });

  test('a sandbox session never loads the SDK driver or Antom’s SDK', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    try {
      const sandboxSession = await harness.page.evaluate(() => {
        const json = {
          clientId: 'SANDBOX_DEMO',
          paymentSessionConfig: { productScene: 'CASHIER_PAYMENT', paymentMethodCategoryType: 'CARD', productSceneVersion: '1.0' },
          paymentSessionId: 'ps_sandbox_0001',
          gatewayOrigin: 'http://127.0.0.1:9',
          mode: 'payment',
        };
        return `sandbox_token_0123456789&&SG&&1&&${btoa(JSON.stringify(json))}`;
      });
      await harness.mount({ 'frame-timeout': '1500' }, sandboxSession);
      // The frame's gateway is not there: the element gives up on it, having never touched Antom.
      assert.equal((await harness.event('antom-error')).detail['reason'], 'FRAME_LOAD_TIMEOUT');
      assert.deepEqual(harness.localRequests.filter((url) => /antom-sdk-driver|ams-checkout/.test(url)), []);
      assert.deepEqual(harness.outsideRequests, []);
    } finally {
      await harness.close();
    }
  });

  test('StrictMode-style remounts, a move and a disconnect leave one or zero SDK frames and no listeners of ours', async () => {
    const harness = await AntomSdkPage.open(browser, site);
    try {
      // The SDK registers some window listeners for good when it is first imported; count from there.
      await ready(harness);
      await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.remove());
      await waitFor(async () => (await harness.sdkFrames()) === 0, { message: 'the frame stayed after disconnect' });
      await settle(300);
      const baseline = await harness.windowListeners();

      // Mount, unmount, mount in one task, as React StrictMode does.
      await harness.page.evaluate((answer) => {
        const element = document.createElement('antom-card-checkout');
        element.setAttribute('environment', 'sandbox');
        element.session = answer as unknown as HTMLElementTagNameMap['antom-card-checkout']['session'];
        const shop = document.querySelector('#shop')!;
        shop.append(element);
        element.remove();
        shop.append(element);
      }, antomAnswer());
      await harness.event('antom-ready', 2);
      await settle(500);
      assert.equal(await harness.sdkFrames(), 1, 'one frame after mount, unmount, mount');
      assert.deepEqual(await harness.windowListeners(), { message: baseline.message + 1, resize: baseline.resize + 1 });

      // Moving the element is a disconnect and a connect: a fresh SDK, still one frame.
      await harness.page.evaluate(() => document.querySelector('#elsewhere')!.append(document.querySelector('antom-card-checkout')!));
      await harness.event('antom-ready', 3);
      await settle(500);
      assert.equal(await harness.sdkFrames(), 1, 'one frame after a move');
      assert.deepEqual(await harness.windowListeners(), { message: baseline.message + 1, resize: baseline.resize + 1 });

      await harness.page.evaluate(() => document.querySelector('antom-card-checkout')!.remove());
      await waitFor(async () => (await harness.sdkFrames()) === 0, { message: 'the frame stayed after disconnect' });
      await settle(300);
      assert.deepEqual(await harness.windowListeners(), baseline);
      const leftovers = await harness.page.evaluate(() => ({
        containers: document.querySelectorAll('[slot="antom-sdk-form"]').length,
        overflow: document.body.style.overflow,
      }));
      assert.deepEqual(leftovers, { containers: 0, overflow: '' });
    } finally {
      await harness.close();
    }
  });
});

/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import { encodeSessionData } from '../../src/shared/session-data.js';

failOnLitWarnings();

interface TestConfig {
  gatewayOrigin: string;
}

async function config(): Promise<TestConfig> {
  const response = await fetch('/test-api/config');
  return (await response.json()) as TestConfig;
}

async function createSession(body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch('/api/checkout/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).to.equal(200);
  return (await response.json()) as Record<string, unknown>;
}

function part(el: AntomCardCheckout, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

async function readyCheckout(): Promise<AntomCardCheckout> {
  const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
  const ready = oneEvent(el, 'antom-ready');
  el.sessionUrl = '/api/checkout/session';
  await ready;
  await el.updateComplete;
  return el;
}

describe('<antom-card-checkout> loading', () => {
  it('shows a skeleton that reserves the frame height and is accessible', async () => {
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout session-url="/test-api/slow-session"></antom-card-checkout>`,
    );
    expect(el.state.status).to.equal('loading');
    const area = el.shadowRoot!.querySelector('.frame-area') as HTMLElement;
    const skeleton = el.shadowRoot!.querySelector('.skeleton') as HTMLElement;
    expect(skeleton).to.not.equal(null);
    const loadingHeight = area.getBoundingClientRect().height;
    expect(loadingHeight).to.be.greaterThan(200);
    await expect(el).to.be.accessible();
    await oneEvent(el, 'antom-ready');
    await el.updateComplete;
    expect(area.getBoundingClientRect().height).to.equal(loadingHeight);
  });
});

describe('<antom-card-checkout> ready', () => {
  it('renders the frame from the gateway origin with only public values in its URL', async () => {
    const { gatewayOrigin } = await config();
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    el.sessionRequest = { amount: { currency: 'USD', value: '1999' } };
    const ready = oneEvent(el, 'antom-ready');
    el.sessionUrl = '/api/checkout/session';
    const event = await ready;
    await el.updateComplete;
    expect(event.detail.code).to.equal('SDK_END_OF_LOADING');
    expect(event.detail.amount).to.deep.equal({ currency: 'USD', value: '1999' });
    const frame = part(el, 'card-frame') as HTMLIFrameElement;
    const url = new URL(frame.src);
    expect(url.origin).to.equal(gatewayOrigin);
    expect(url.pathname).to.equal('/sdk/v1/frame');
    expect([...url.searchParams.keys()].sort()).to.deep.equal(['locale', 'sessionId']);
    expect(frame.src).not.to.contain('&&');
    expect(part(el, 'pay-button')!.textContent!.trim()).to.equal('Pay $19.99');
    expect(el.state).to.deep.equal({ status: 'ready', brand: null, complete: false });
    await expect(el).to.be.accessible();
  });

  it('localizes the pay button from the nearest lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="de-DE"><antom-card-checkout></antom-card-checkout></div>`,
    );
    const el = wrapper.querySelector('antom-card-checkout')!;
    el.sessionRequest = { amount: { currency: 'EUR', value: '1250' } };
    const ready = oneEvent(el, 'antom-ready');
    el.sessionUrl = '/api/checkout/session';
    await ready;
    await el.updateComplete;
    expect(part(el, 'pay-button')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('12,50 € bezahlen');
  });

  it('accepts a createPaymentSession answer through the session property', async () => {
    const session = await createSession();
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    const ready = oneEvent(el, 'antom-ready');
    el.session = session as { paymentSessionData: string };
    const event = await ready;
    expect(event.detail.paymentSessionId).to.equal(session['paymentSessionId']);
  });

  it('validate() reports empty required fields as invalid', async () => {
    const el = await readyCheckout();
    const result = await el.validate();
    expect(result.isValid).to.equal(false);
    expect(result.invalidFields).to.include.members(['number', 'expiry', 'cvc']);
  });

  it('ignores window messages that do not come over the channel port', async () => {
    const { gatewayOrigin } = await config();
    const el = await readyCheckout();
    const frame = part(el, 'card-frame') as HTMLIFrameElement;
    const forged = {
      type: 'result',
      attemptId: 'attempt_forged_1',
      outcome: { status: 'SUCCESS', resultCode: 'SUCCESS', resultMessage: 'ok', paymentId: 'pay_forged_123', card: null },
    };
    let authorized = false;
    el.addEventListener('antom-authorized', () => (authorized = true));
    for (const origin of [gatewayOrigin, 'http://127.0.0.1.evil.test', location.origin]) {
      window.dispatchEvent(new MessageEvent('message', { data: forged, origin, source: frame.contentWindow }));
      window.dispatchEvent(new MessageEvent('message', { data: forged, origin, source: window }));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(authorized).to.equal(false);
    expect(el.state.status).to.equal('ready');
  });

  it('pays with the keyboard and reaches an accessible authorized state', async () => {
    const el = await readyCheckout();
    const authorized = oneEvent(el, 'antom-authorized');
    el.focus();
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'card-frame'), 'frame did not take focus');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sendKeys({ type: '4054695723100768' });
    await sendKeys({ type: '1230' });
    await sendKeys({ type: '123' });
    await waitUntil(() => el.state.complete, 'form did not become complete', { timeout: 5000 });
    await sendKeys({ press: 'Enter' });
    const event = await authorized;
    expect(event.detail.code).to.equal('SDK_PAYMENT_SUCCESSFUL');
    expect(event.detail.brand).to.equal('VISA');
    expect(event.detail.last4).to.equal('0768');
    expect(JSON.stringify(event.detail)).not.to.contain('4054695723100768');
    await el.updateComplete;
    expect(el.state.status).to.equal('authorized');
    await expect(el).to.be.accessible();
  });
});

describe('<antom-card-checkout> errors', () => {
  const cases: Array<[string, string]> = [
    ['/test-api/bad/500', 'SESSION_HTTP_ERROR'],
    ['/test-api/bad/not-json', 'SESSION_RESPONSE_INVALID'],
    ['/test-api/bad/no-data', 'SESSION_RESPONSE_INVALID'],
    ['/test-api/bad/failed-result', 'SESSION_RESPONSE_INVALID'],
    ['http://127.0.0.1:9/session', 'SESSION_REQUEST_FAILED'],
    ['javascript:alert(1)', 'INVALID_ATTRIBUTE'],
  ];
  for (const [url, reason] of cases) {
    it(`session-url ${url} -> ${reason} with a visible message`, async () => {
      const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
      const failed = oneEvent(el, 'antom-error');
      el.sessionUrl = url;
      const event = await failed;
      await el.updateComplete;
      expect(event.detail.reason).to.equal(reason);
      expect(event.detail.code).to.equal('SDK_INIT_PARAMETER_ERROR');
      expect(event.detail.recoverable).to.equal(false);
      expect(el.state.status).to.equal('error');
      const error = part(el, 'error')!;
      expect(error.textContent!.trim()).to.equal(event.detail.message);
      expect(error.textContent!.trim().length).to.be.greaterThan(10);
      expect(part(el, 'card-frame')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  }

  it('refuses a session from a gateway other than the pinned one', async () => {
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout gateway-origin="http://127.0.0.1:1"></antom-card-checkout>`,
    );
    const failed = oneEvent(el, 'antom-error');
    el.sessionUrl = '/api/checkout/session';
    expect((await failed).detail.reason).to.equal('GATEWAY_ORIGIN_MISMATCH');
  });

  it('rejects a gateway-origin attribute that is not an origin', async () => {
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    const failed = oneEvent(el, 'antom-error');
    el.setAttribute('gateway-origin', 'https://example.com/path');
    el.sessionUrl = '/api/checkout/session';
    expect((await failed).detail.reason).to.equal('INVALID_ATTRIBUTE');
  });

  it('reports an unreachable gateway after frame-timeout', async () => {
    const session = encodeSessionData('unreachable_token_0123456789', 'SG', {
      clientId: 'SANDBOX_DEMO',
      paymentSessionConfig: { productScene: 'CASHIER_PAYMENT', paymentMethodCategoryType: 'CARD', productSceneVersion: '1.0' },
      paymentSessionId: 'ps_unreachable_1',
      gatewayOrigin: 'http://127.0.0.1:9',
      mode: 'payment',
    });
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout frame-timeout="800"></antom-card-checkout>`);
    const failed = oneEvent(el, 'antom-error');
    el.session = session;
    const event = await failed;
    await el.updateComplete;
    expect(event.detail.reason).to.equal('FRAME_LOAD_TIMEOUT');
    expect(part(el, 'error')!.textContent).to.contain('could not be reached');
    expect(part(el, 'card-frame')).to.equal(null);
  });

  it('an expired session gives antom-session-expired, clears the frame and blocks submit', async () => {
    const session = await createSession();
    await fetch('/test-api/advance-clock?ms=7200000', { method: 'POST' });
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    const expired = oneEvent(el, 'antom-session-expired');
    let submitted = false;
    el.addEventListener('antom-submit', () => (submitted = true));
    el.session = session as { paymentSessionData: string };
    const event = await expired;
    await el.updateComplete;
    expect(event.detail.paymentSessionId).to.equal(session['paymentSessionId']);
    expect(part(el, 'card-frame')).to.equal(null);
    expect(part(el, 'error')!.textContent).to.contain('expired');
    el.submit();
    expect(submitted).to.equal(false);
    await expect(el).to.be.accessible();
  });
});

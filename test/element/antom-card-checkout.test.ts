/// <reference types="mocha" />
/**
 * The element against fake frames (test/element/support/fake-frame.ts) on another origin: what it
 * loads, renders, sends over the channel and makes of each answer. Typing into the real frame, the
 * gateway's clock and the demo shop are the end-to-end suite's part (test/e2e/).
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import { encodeSessionData } from '../../src/shared/session-data.js';
import {
  cardFrameOf,
  formState,
  frameOrigin,
  mintSession,
  outcome,
  sessionView,
  type FakeFrame,
} from './support/fake-frame.js';

failOnLitWarnings();

function part(el: AntomCardCheckout, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

/** Loads `session-url`, lets the fake frame say hello and answers ready with `view` overrides. */
async function readyCheckout(
  el?: AntomCardCheckout,
  view: Parameters<typeof sessionView>[1] = {},
): Promise<{ el: AntomCardCheckout; frame: FakeFrame }> {
  el ??= await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
  const ready = oneEvent(el, 'antom-ready');
  el.sessionUrl = '/test-api/session';
  const frame = await cardFrameOf(el);
  await frame.hello();
  await frame.ready(sessionView(frame.sessionId, view));
  await ready;
  await el.updateComplete;
  return { el, frame };
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
    const ready = oneEvent(el, 'antom-ready');
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.ready();
    await ready;
    await el.updateComplete;
    expect(area.getBoundingClientRect().height).to.equal(loadingHeight);
  });
});

describe('<antom-card-checkout> loading with the gateway pinned', () => {
  it('loads the card frame while the session is fetched, then hands the session to that same frame', async () => {
    await fetch('/test-api/hold-session', { method: 'POST' });
    const gatewayOrigin = await frameOrigin();
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout gateway-origin=${gatewayOrigin} session-url="/test-api/held-session"></antom-card-checkout>`,
    );
    const frame = await cardFrameOf(el);
    const iframe = part(el, 'card-frame') as HTMLIFrameElement;
    expect([...new URL(iframe.src).searchParams.keys()].sort()).to.deep.equal(['locale', 'origin']);
    await frame.hello();
    // Connected, and still nothing to hand over: the session has not come.
    expect(frame.received).to.deep.equal([]);
    expect(el.state.status).to.equal('loading');
    await expect(el).to.be.accessible();
    const ready = oneEvent(el, 'antom-ready');
    await fetch('/test-api/release-session', { method: 'POST' });
    await frame.ready();
    await ready;
    expect(part(el, 'card-frame')).to.equal(iframe, 'the frame that loaded early is the one used');
    expect(frame.received.map((message) => message.type)).to.deep.equal(['init']);
    expect(el.state.status).to.equal('ready');
  });

  it('drops the early frame when the session cannot be loaded', async () => {
    const gatewayOrigin = await frameOrigin();
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout gateway-origin=${gatewayOrigin} session-url="/test-api/bad/500"></antom-card-checkout>`,
    );
    const error = await oneEvent(el, 'antom-error');
    await el.updateComplete;
    expect(error.detail.reason).to.equal('SESSION_HTTP_ERROR');
    expect(part(el, 'card-frame')).to.equal(null);
    expect(part(el, 'error')!.textContent!.trim()).to.not.equal('');
  });
});

describe('<antom-card-checkout> ready', () => {
  it('renders the frame from the gateway origin with only public values in its URL', async () => {
    const gatewayOrigin = await frameOrigin();
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    el.sessionRequest = { amount: { currency: 'USD', value: '1999' } };
    const ready = oneEvent(el, 'antom-ready');
    el.sessionUrl = '/test-api/session';
    const fake = await cardFrameOf(el);
    await fake.hello();
    await fake.ready(sessionView(fake.sessionId, { amount: { currency: 'USD', value: '1999' } }));
    const event = await ready;
    await el.updateComplete;
    expect(event.detail.code).to.equal('SDK_END_OF_LOADING');
    expect(event.detail.amount).to.deep.equal({ currency: 'USD', value: '1999' });
    const frame = part(el, 'card-frame') as HTMLIFrameElement;
    const url = new URL(frame.src);
    expect(url.origin).to.equal(gatewayOrigin);
    expect(url.pathname).to.equal('/sdk/v1/frame');
    expect([...url.searchParams.keys()].sort()).to.deep.equal(['locale', 'origin']);
    expect(url.searchParams.get('origin')).to.equal(location.origin);
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
    await readyCheckout(el, { amount: { currency: 'EUR', value: '1250' } });
    // The German texts are a chunk of their own: the label follows when it arrives.
    const label = (): string => part(el, 'pay-button')!.textContent!.replace(/\s+/g, ' ').trim();
    await waitUntil(() => label() === '12,50 € bezahlen', `the German label, not "${label()}"`);
  });

  for (const [tag, locale, lang] of [
    ['ar', 'ar_SA', 'ar-SA'],
    ['iw', 'he_IL', 'he-IL'],
  ] as const) {
    it(`speaks ${locale} right to left from lang="${tag}", the frame opening in it`, async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang=${tag}><antom-card-checkout></antom-card-checkout></div>`,
      );
      const el = wrapper.querySelector('antom-card-checkout')!;
      el.sessionRequest = { amount: { currency: 'SAR', value: '2500' } };
      el.sessionUrl = '/test-api/session';
      const frame = await cardFrameOf(el);
      // The frame is asked for in the buyer's language: the element waited for the locale's chunk.
      expect(frame.params.get('locale')).to.equal(locale);
      await frame.hello();
      expect((await frame.next('init')).locale).to.equal(locale);
      const ready = oneEvent(el, 'antom-ready');
      await frame.ready(sessionView(frame.sessionId, { amount: { currency: 'SAR', value: '2500' } }));
      await ready;
      await el.updateComplete;
      const checkout = el.shadowRoot!.querySelector('.checkout') as HTMLElement;
      expect(checkout.getAttribute('dir')).to.equal('rtl');
      expect(checkout.getAttribute('lang')).to.equal(lang);
      expect(getComputedStyle(part(el, 'pay-button')!).direction).to.equal('rtl');
      // The amount through Intl: Arabic writes it in Arabic-Indic digits, Hebrew in Latin ones.
      const label = part(el, 'pay-button')!.textContent!.trim();
      expect(/[٠-٩]/.test(label)).to.equal(locale === 'ar_SA', label);
      expect(el.shadowRoot!.textContent).to.not.contain('Pay');
      await expect(el).to.be.accessible();
    });
  }

  it('shows the merchant’s texts over the catalogue and hands the frame its own', async () => {
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout locale="de_DE"></antom-card-checkout>`);
    el.messages = {
      pay: 'Jetzt {amount} zahlen',
      'frame.number': 'Nummer Ihrer Karte',
      'frame.error.REQUIRED': 'Fehlt',
    };
    el.sessionRequest = { amount: { currency: 'EUR', value: '1250' } };
    el.sessionUrl = '/test-api/session';
    const frame = await cardFrameOf(el);
    await frame.hello();
    const init = await frame.next('init');
    expect(init.messages).to.deep.equal({ number: 'Nummer Ihrer Karte', 'error.REQUIRED': 'Fehlt' });
    const ready = oneEvent(el, 'antom-ready');
    await frame.ready(sessionView(frame.sessionId, { amount: { currency: 'EUR', value: '1250' } }));
    await ready;
    await el.updateComplete;
    expect(part(el, 'pay-button')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Jetzt 12,50 € zahlen');
    el.messages = null;
    await el.updateComplete;
    expect(part(el, 'pay-button')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('12,50 € bezahlen');
  });

  it('accepts a createPaymentSession answer through the session property', async () => {
    const session = await mintSession();
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    const ready = oneEvent(el, 'antom-ready');
    el.session = session;
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.ready();
    const event = await ready;
    expect(event.detail.paymentSessionId).to.equal(session.paymentSessionId);
  });

  it('hands the session data, locale and appearance to the frame over the port, never in its address', async () => {
    const session = await mintSession();
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout locale="fr-FR" style="--antom-color-primary: #123456"></antom-card-checkout>`,
    );
    el.session = session;
    const frame = await cardFrameOf(el);
    expect([...frame.params.keys()].sort()).to.deep.equal(['locale', 'origin']);
    expect(frame.params.get('locale')).to.equal('fr_FR');
    await frame.hello();
    const init = await frame.next('init');
    expect(frame.sessionId).to.equal(session.paymentSessionId);
    expect(init.sessionData).to.equal(session.paymentSessionData);
    expect(init.locale).to.equal('fr_FR');
    expect(init.appearance['--antom-color-primary']).to.equal('#123456');
    expect(frame.received[0]).to.equal(init);
  });

  it('validate() reports empty required fields as invalid', async () => {
    const { el, frame } = await readyCheckout();
    frame.answer('validate', ({ requestId }) => [
      { type: 'validation', requestId, valid: false, invalidFields: ['number', 'expiry', 'cvc'] },
    ]);
    const result = await el.validate();
    expect(result.isValid).to.equal(false);
    expect(result.invalidFields).to.include.members(['number', 'expiry', 'cvc']);
  });

  it('ignores window messages that do not come over the channel port', async () => {
    const gatewayOrigin = await frameOrigin();
    const { el } = await readyCheckout();
    const frame = part(el, 'card-frame') as HTMLIFrameElement;
    const forged = {
      type: 'result',
      attemptId: 'attempt_forged_1',
      outcome: {
        status: 'SUCCESS',
        resultCode: 'SUCCESS',
        resultMessage: 'ok',
        paymentId: 'pay_forged_123',
        card: null,
      },
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

  it('focus() moves into the frame; Enter there (submit-request) pays and reaches an accessible authorized state', async () => {
    const { el, frame } = await readyCheckout();
    const authorized = oneEvent(el, 'antom-authorized');
    el.focus();
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'card-frame'), 'frame did not take focus');
    await frame.next('focus');
    frame.send({ type: 'state', state: formState(true, 'VISA') });
    await waitUntil(() => el.state.complete, 'form did not become complete', { timeout: 5000 });
    frame.send({ type: 'submit-request' });
    const { attemptId } = await frame.next('submit');
    frame.send({
      type: 'result',
      attemptId,
      outcome: outcome('SUCCESS', 'SUCCESS', { paymentId: 'pay_harness_0001' }),
    });
    const event = await authorized;
    expect(event.detail.code).to.equal('SDK_PAYMENT_SUCCESSFUL');
    expect(event.detail.paymentId).to.equal('pay_harness_0001');
    expect(event.detail.brand).to.equal('VISA');
    expect(event.detail.last4).to.equal('0768');
    await el.updateComplete;
    expect(el.state.status).to.equal('authorized');
    await expect(el).to.be.accessible();
  });
});

describe('<antom-card-checkout> what the frame answers a submission', () => {
  it('relays brand and validity as antom-change, never more', async () => {
    const { el, frame } = await readyCheckout();
    const change = oneEvent(el, 'antom-change');
    const state = formState(false, 'MASTERCARD');
    frame.send({ type: 'state', state });
    expect((await change).detail).to.deep.equal({ code: 'SDK_FORM_CHANGE', ...state });
    expect(el.state).to.deep.equal({ status: 'ready', brand: 'MASTERCARD', complete: false });
  });

  it('a decline shows the message, leaves the form usable, and the next submit is a new attempt', async () => {
    const { el, frame } = await readyCheckout();
    const failed = oneEvent(el, 'antom-failed');
    el.submit();
    const first = await frame.next('submit');
    frame.send({ type: 'result', attemptId: first.attemptId, outcome: outcome('FAIL', 'DO_NOT_HONOR') });
    const { detail } = await failed;
    await el.updateComplete;
    expect(detail).to.deep.equal({
      code: 'SDK_PAYMENT_FAIL',
      resultCode: 'DO_NOT_HONOR',
      message: 'Your card was declined. Try another card or contact your bank.',
      paymentId: null,
      // The sandbox's answer in the shape of the Web SDK's callback result.
      result: {
        resultCode: 'DO_NOT_HONOR',
        resultStatus: 'F',
        resultMessage: '',
        paymentResultCode: 'DO_NOT_HONOR',
        paymentStatus: 'FAIL',
      },
    });
    expect(part(el, 'error')!.textContent).to.equal(detail.message);
    expect(el.state.status).to.equal('failed');
    expect((part(el, 'pay-button') as HTMLButtonElement).disabled).to.equal(false);
    await expect(el).to.be.accessible();
    el.submit();
    const second = await frame.next('submit', 1);
    expect(second.attemptId).not.to.equal(first.attemptId);
  });

  it('after a network error the retry resends the same attempt (one idempotency key)', async () => {
    const { el, frame } = await readyCheckout();
    const errored = oneEvent(el, 'antom-error');
    el.submit();
    const first = await frame.next('submit');
    frame.send({ type: 'network-error', attemptId: first.attemptId });
    const { detail } = await errored;
    await el.updateComplete;
    expect(detail).to.deep.include({
      code: 'SDK_SUBMIT_NETWORK_ERROR',
      reason: 'SUBMIT_NETWORK_ERROR',
      recoverable: true,
    });
    expect(part(el, 'error')!.textContent).to.equal(detail.message);
    expect(el.state.status).to.equal('ready');
    el.submit();
    expect((await frame.next('submit', 1)).attemptId).to.equal(first.attemptId);
  });

  it('invalid fields give a recoverable FORM_INVALID error and a usable form', async () => {
    const { el, frame } = await readyCheckout();
    const errored = oneEvent(el, 'antom-error');
    el.submit();
    const { attemptId } = await frame.next('submit');
    frame.send({ type: 'invalid', attemptId, invalidFields: ['number', 'cvc'] });
    const { detail } = await errored;
    await el.updateComplete;
    expect(detail).to.deep.include({ code: 'SDK_FORM_VERIFICATION_FAILED', reason: 'FORM_INVALID', recoverable: true });
    expect(part(el, 'error')!.textContent).to.equal(detail.message);
    expect(el.state.status).to.equal('ready');
    await expect(el).to.be.accessible();
  });

  it('the pay button keeps its look for a quick answer and shows the wait after 100 ms; clicks meanwhile do nothing', async () => {
    const { el, frame } = await readyCheckout();
    const button = part(el, 'pay-button') as HTMLButtonElement;
    const label = button.textContent!.trim();
    const errors: string[] = [];
    el.addEventListener('antom-error', (event) => errors.push(event.detail.reason));
    const started = performance.now();
    button.click();
    await el.updateComplete;
    // Busy for assistive technology at once, and inert; the look is unchanged, so nothing flashes.
    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.textContent!.trim()).to.equal(label);
    expect(button.querySelector('.spinner')).to.equal(null);
    button.click();
    await frame.next('submit');
    await waitUntil(() => button.querySelector('.spinner'), 'the spinner', { timeout: 3000 });
    expect(performance.now() - started).to.be.at.least(100);
    expect(button.disabled).to.equal(true);
    expect(button.textContent!.trim()).to.equal('Processing…');
    await expect(el).to.be.accessible();
    expect(errors).to.deep.equal([], 'a second click on the button is not a duplicate submission');
    expect(frame.received.filter((message) => message.type === 'submit')).to.have.length(1);
  });

  it('many submits send one; a payment still in process keeps the checkout locked', async () => {
    const { el, frame } = await readyCheckout();
    const processing = oneEvent(el, 'antom-processing');
    const duplicates: string[] = [];
    el.addEventListener('antom-error', (event) => duplicates.push(`${event.detail.code} ${event.detail.reason}`));
    for (let i = 0; i < 5; i++) el.submit();
    // Like Antom's SDK, each extra submission is reported, and changes nothing.
    expect(duplicates).to.deep.equal(Array(4).fill('SDK_DUPLICATE_SUBMISSION_BEHAVIOR DUPLICATE_SUBMISSION'));
    const { attemptId } = await frame.next('submit');
    const pending = outcome('PROCESSING', 'PAYMENT_IN_PROCESS', { paymentId: 'pay_pending_harness_1' });
    frame.send({ type: 'result', attemptId, outcome: pending });
    expect((await processing).detail).to.deep.equal({
      code: 'SDK_PAYMENT_PROCESSING',
      resultCode: 'PAYMENT_IN_PROCESS',
      paymentId: 'pay_pending_harness_1',
      result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: '', paymentStatus: 'PROCESSING' },
    });
    await el.updateComplete;
    expect(el.state.status).to.equal('submitting');
    el.submit();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(frame.received.filter((message) => message.type === 'submit')).to.have.length(1);
  });
});

describe('<antom-card-checkout> following a payment in process', () => {
  it('resends the attempt until the frame reports it final, with a notice that is not an error', async () => {
    const { el, frame } = await readyCheckout();
    const events: string[] = [];
    for (const type of ['antom-processing', 'antom-authorized', 'antom-failed', 'antom-error']) {
      el.addEventListener(type, () => events.push(type));
    }
    el.submit();
    const { attemptId } = await frame.next('submit');
    const pending = outcome('PROCESSING', 'PAYMENT_IN_PROCESS', { paymentId: 'pay_pending_harness_2' });
    frame.send({ type: 'result', attemptId, outcome: pending });
    await waitUntil(() => part(el, 'notice'), 'the in-process notice', { timeout: 3000 });
    expect(part(el, 'notice')!.textContent).to.match(/being processed/);
    expect(part(el, 'error')).to.equal(null);
    await expect(el).to.be.accessible();
    // The frame asks the gateway when the same attempt comes again; the card is not sent twice.
    expect((await frame.next('submit', 1)).attemptId).to.equal(attemptId);
    const authorized = oneEvent(el, 'antom-authorized');
    frame.send({
      type: 'result',
      attemptId,
      outcome: outcome('SUCCESS', 'SUCCESS', { paymentId: 'pay_pending_harness_2' }),
    });
    expect((await authorized).detail.paymentId).to.equal('pay_pending_harness_2');
    await el.updateComplete;
    expect(part(el, 'notice')).to.equal(null);
    expect(el.state.status).to.equal('authorized');
    expect(events).to.deep.equal(['antom-processing', 'antom-authorized']);
  });

  it('past the deadline tells the buyer to check the order, never that the payment failed', async () => {
    const { follow } = await import('../../src/element/follow.js');
    const host = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    const announced: string[] = [];
    let asked = 0;
    await follow(
      host,
      { locale: 'fr_FR' },
      () => asked++,
      () => true,
      (text) => announced.push(text),
      1,
    );
    const notice = host.shadowRoot!.querySelector('[part~="notice"]');
    expect(notice?.textContent).to.match(/^Nous confirmons encore ce paiement\. Consultez votre commande/);
    expect(announced).to.deep.equal([notice?.textContent]);
    expect(asked).to.be.at.most(1);
  });
});

describe('<antom-card-checkout> errors', () => {
  // Antom's codes: no usable session data is SDK_CREATEPAYMENT_PARAMETER_ERROR, a bad attribute SDK_INIT_PARAMETER_ERROR.
  const cases: Array<[string, string, string]> = [
    ['/test-api/bad/500', 'SESSION_HTTP_ERROR', 'SDK_CREATEPAYMENT_PARAMETER_ERROR'],
    ['/test-api/bad/not-json', 'SESSION_RESPONSE_INVALID', 'SDK_CREATEPAYMENT_PARAMETER_ERROR'],
    ['/test-api/bad/no-data', 'SESSION_RESPONSE_INVALID', 'SDK_CREATEPAYMENT_PARAMETER_ERROR'],
    ['/test-api/bad/failed-result', 'SESSION_RESPONSE_INVALID', 'SDK_CREATEPAYMENT_PARAMETER_ERROR'],
    ['http://127.0.0.1:9/session', 'SESSION_REQUEST_FAILED', 'SDK_CREATEPAYMENT_PARAMETER_ERROR'],
    ['javascript:alert(1)', 'INVALID_ATTRIBUTE', 'SDK_INIT_PARAMETER_ERROR'],
  ];
  for (const [url, reason, code] of cases) {
    it(`session-url ${url} -> ${reason} with a visible message`, async () => {
      const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
      const failed = oneEvent(el, 'antom-error');
      el.sessionUrl = url;
      const event = await failed;
      await el.updateComplete;
      expect(event.detail.reason).to.equal(reason);
      expect(event.detail.code).to.equal(code);
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
    el.sessionUrl = '/test-api/session';
    expect((await failed).detail.reason).to.equal('GATEWAY_ORIGIN_MISMATCH');
  });

  it('rejects a gateway-origin attribute that is not an origin', async () => {
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    const failed = oneEvent(el, 'antom-error');
    el.setAttribute('gateway-origin', 'https://example.com/path');
    el.sessionUrl = '/test-api/session';
    expect((await failed).detail.reason).to.equal('INVALID_ATTRIBUTE');
  });

  it('reports an unreachable gateway after frame-timeout', async () => {
    const session = encodeSessionData('unreachable_token_0123456789', 'SG', {
      clientId: 'SANDBOX_DEMO',
      paymentSessionConfig: {
        productScene: 'CASHIER_PAYMENT',
        paymentMethodCategoryType: 'CARD',
        productSceneVersion: '1.0',
      },
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

  it('reports a frame that loads but never says hello (or only with a stale nonce) after frame-timeout', async () => {
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout frame-timeout="1500"></antom-card-checkout>`);
    const failed = oneEvent(el, 'antom-error');
    el.session = await mintSession();
    const frame = await cardFrameOf(el);
    frame.helloWithNonce('stale_nonce_0123456789_abcdefgh');
    const event = await failed;
    await el.updateComplete;
    expect(event.detail.reason).to.equal('FRAME_LOAD_TIMEOUT');
    expect(frame.isConnected).to.equal(false);
    expect(frame.received).to.deep.equal([]);
    expect(part(el, 'error')!.textContent).to.contain('could not be reached');
    expect(part(el, 'card-frame')).to.equal(null);
  });

  it('an expired session gives antom-session-expired, clears the frame and blocks submit', async () => {
    const session = await mintSession();
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    const expired = oneEvent(el, 'antom-session-expired');
    let submitted = false;
    el.addEventListener('antom-submit', () => (submitted = true));
    el.session = session;
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.next('init');
    // What the frame says when the gateway answers its session fetch with SESSION_EXPIRED.
    frame.send({ type: 'session-error', code: 'SESSION_EXPIRED' });
    const event = await expired;
    await el.updateComplete;
    expect(event.detail.paymentSessionId).to.equal(session.paymentSessionId);
    expect(part(el, 'card-frame')).to.equal(null);
    expect(part(el, 'error')!.textContent).to.contain('expired');
    el.submit();
    expect(submitted).to.equal(false);
    await expect(el).to.be.accessible();
  });
});

/// <reference types="mocha" />
/**
 * No silent misconfiguration: each mistake a merchant can make with the element's attributes gets a
 * named `antom-error`, a visible message and one console warning that says what to change; a
 * `sessionRequest` set late is honoured; `submit()` tells its outcome. Against the fake frames.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import { cardFrameOf, outcome, sessionView } from './support/fake-frame.js';

failOnLitWarnings();

const part = (el: AntomCardCheckout, name: string): HTMLElement | null =>
  el.shadowRoot!.querySelector(`[part~="${name}"]`);

/**
 * Console warnings while `run` runs (the element's own ones start with its tag). The element prints
 * them once its lazy texts (diagnostics.ts) are loaded: the same import here, then one more task,
 * lets every warning asked for during `run` arrive.
 */
async function warningsDuring(run: () => Promise<void>): Promise<string[]> {
  const original = console.warn;
  const seen: string[] = [];
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (text.startsWith('<antom-card-checkout>')) seen.push(text);
    else original(...args);
  };
  try {
    await run();
    await import('../../src/element/diagnostics.js');
    await new Promise((done) => setTimeout(done, 0));
  } finally {
    console.warn = original;
  }
  return seen;
}

async function sessionBodies(): Promise<unknown[]> {
  const response = await fetch('/test-api/session-bodies');
  return ((await response.json()) as string[]).map((body) => JSON.parse(body) as unknown);
}

describe('<antom-card-checkout> misconfiguration', () => {
  const attributes: Array<[string, string, RegExp]> = [
    ['mode', 'vaulting', /mode "vaulting" is neither "payment" nor "vault"/],
    ['theme', 'purple', /theme "purple" is not "light", "dark" or "auto"/],
    ['environment', 'production', /environment "production" is neither "sandbox" nor "prod"/],
    ['gateway-origin', 'https://example.com/path', /gateway-origin "https:\/\/example.com\/path" is not an origin/],
    ['frame-timeout', 'soon', /frame-timeout "NaN" is not a number of milliseconds/],
    ['locale', 'klingon!', /locale "klingon!" is not a language tag/],
  ];
  for (const [name, value, warning] of attributes) {
    it(`${name}="${value}" is refused by name, visibly, with one warning saying what to change`, async () => {
      let event: CustomEvent | undefined;
      const warnings = await warningsDuring(async () => {
        const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
        const failed = oneEvent(el, 'antom-error');
        el.setAttribute(name, value);
        el.sessionUrl = '/test-api/session';
        event = await failed;
        await el.updateComplete;
        expect(el.state.status).to.equal('error');
        expect(part(el, 'error')!.textContent!.trim()).to.equal(event.detail.message);
        expect(part(el, 'card-frame')).to.equal(null);
        await expect(el).to.be.accessible();
      });
      expect(event!.detail).to.include({
        reason: 'INVALID_ATTRIBUTE',
        code: 'SDK_INIT_PARAMETER_ERROR',
        recoverable: false,
      });
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(warning);
    });
  }

  it('with neither session-url nor session it says so after a grace period, and recovers when one is set', async () => {
    let event: CustomEvent | undefined;
    let el: AntomCardCheckout | undefined;
    const warnings = await warningsDuring(async () => {
      const element = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
      el = element;
      const failed = oneEvent(element, 'antom-error');
      event = await failed;
      await el.updateComplete;
    });
    expect(event!.detail).to.include({ reason: 'MISSING_SESSION_SOURCE', code: 'SDK_INIT_PARAMETER_ERROR' });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/set session-url .* or the session property/);
    expect(part(el!, 'error')!.textContent!.trim()).to.equal(event!.detail.message);
    const ready = oneEvent(el!, 'antom-ready');
    el!.sessionUrl = '/test-api/session';
    const frame = await cardFrameOf(el!);
    await frame.hello();
    await frame.ready();
    await ready;
    expect(el!.state.status).to.equal('ready');
  });

  it('a session source set right after the element connects is no error', async () => {
    let errors = 0;
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    el.addEventListener('antom-error', () => errors++);
    await new Promise((resolve) => setTimeout(resolve, 300));
    el.sessionUrl = '/test-api/session';
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.ready();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(errors).to.equal(0);
    expect(el.state.status).to.equal('ready');
  });
});

describe('<antom-card-checkout> sessionRequest', () => {
  it('set while the session is still loading: the fetch starts again with it', async () => {
    await sessionBodies();
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout session-url="/test-api/slow-session"></antom-card-checkout>`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    el.sessionRequest = { cart: 'cart_2' };
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.ready();
    await oneEvent(el, 'antom-ready');
    expect(await sessionBodies()).to.deep.equal([{}, { cart: 'cart_2' }]);
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
  });

  it('changed after ready: a new session; set to an equal object: nothing happens', async () => {
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout></antom-card-checkout>`);
    el.sessionRequest = { cart: 'cart_1' };
    el.sessionUrl = '/test-api/session';
    const first = await cardFrameOf(el);
    await first.hello();
    await first.ready();
    await oneEvent(el, 'antom-ready');
    await sessionBodies();
    el.sessionRequest = { cart: 'cart_1' };
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await sessionBodies()).to.deep.equal([]);
    el.sessionRequest = { cart: 'cart_3' };
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.querySelector('iframe[part="card-frame"]'), 'no new frame');
    const second = await cardFrameOf(el);
    await second.hello();
    await second.ready();
    await oneEvent(el, 'antom-ready');
    expect(second.sessionId).not.to.equal(first.sessionId);
    expect(await sessionBodies()).to.deep.equal([{ cart: 'cart_3' }]);
  });

  it('changed while a payment runs: refused with a warning, the payment goes on', async () => {
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout session-url="/test-api/session"></antom-card-checkout>`,
    );
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.ready(sessionView(frame.sessionId));
    await oneEvent(el, 'antom-ready');
    const warnings = await warningsDuring(async () => {
      void el.submit();
      await frame.next('submit');
      el.sessionRequest = { cart: 'cart_changed' };
      await el.updateComplete;
    });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/sessionRequest changed while a payment was running: ignored/);
    expect(el.state.status).to.equal('submitting');
  });
});

describe('<antom-card-checkout> submit() tells its outcome', () => {
  it('resolves with the authorization; a second call while it runs returns the same promise', async () => {
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout session-url="/test-api/session"></antom-card-checkout>`,
    );
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.ready(sessionView(frame.sessionId));
    await oneEvent(el, 'antom-ready');
    const first = el.submit();
    const second = el.submit();
    expect(second).to.equal(first);
    const { attemptId } = await frame.next('submit');
    frame.send({
      type: 'result',
      attemptId,
      outcome: outcome('SUCCESS', 'SUCCESS', { paymentId: 'pay_promise_0001' }),
    });
    const result = await first;
    expect(result.outcome).to.equal('authorized');
    expect(result.outcome === 'authorized' && result.detail.paymentId).to.equal('pay_promise_0001');
  });

  it('resolves with a decline, an invalid form, or nothing submitted', async () => {
    const el = await fixture<AntomCardCheckout>(
      html`<antom-card-checkout session-url="/test-api/session"></antom-card-checkout>`,
    );
    expect(await el.submit()).to.deep.equal({ outcome: 'not-submitted', detail: null }, 'not ready yet');
    const frame = await cardFrameOf(el);
    await frame.hello();
    await frame.ready(sessionView(frame.sessionId));
    await oneEvent(el, 'antom-ready');

    const invalid = el.submit();
    const first = await frame.next('submit');
    frame.send({ type: 'invalid', attemptId: first.attemptId, invalidFields: ['cvc'] });
    const invalidResult = await invalid;
    expect(invalidResult.outcome).to.equal('error');
    expect(invalidResult.outcome === 'error' && invalidResult.detail.reason).to.equal('FORM_INVALID');

    const declined = el.submit();
    const second = await frame.next('submit', 1);
    frame.send({ type: 'result', attemptId: second.attemptId, outcome: outcome('FAIL', 'DO_NOT_HONOR') });
    const declinedResult = await declined;
    expect(declinedResult.outcome).to.equal('failed');
    expect(declinedResult.outcome === 'failed' && declinedResult.detail.resultCode).to.equal('DO_NOT_HONOR');

    el.addEventListener('antom-submit', (event) => event.preventDefault(), { once: true });
    expect(await el.submit()).to.deep.equal({ outcome: 'not-submitted', detail: null }, 'cancelled by a listener');
  });
});

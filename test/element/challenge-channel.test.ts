/// <reference types="mocha" />
/**
 * The element's side of a 3-D Secure challenge against scripted frames: the session names this
 * test page's own origin as its gateway, so the test itself plays the card frame and the gateway's
 * container page (same-origin documents it can script), speaking the real handshake and messages.
 * This reaches what the real gateway cannot produce on demand: a container result for another
 * challenge, a container that never says hello.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import type { PaymentOutcome } from '../../src/shared/types.js';
import { encodeSessionData } from '../../src/shared/session-data.js';

failOnLitWarnings();

const SESSION_ID = 'ps_scripted_challenge_1';
const CHALLENGE_ID = 'chl_scripted_0123456789';

/** One scripted frame: its port and the messages the element sent over it. */
interface ScriptedFrame {
  port: MessagePort;
  received: unknown[];
}

/** Says hello from inside `frame` (its own realm, so the element sees the frame's window as source). */
async function playFrame(frame: HTMLIFrameElement): Promise<ScriptedFrame> {
  await waitUntil(
    () =>
      frame.contentWindow?.location.pathname.startsWith('/sdk/v1/') && frame.contentDocument?.readyState === 'complete',
    'scripted frame did not load',
  );
  const nonce = new URLSearchParams(new URL(frame.src).hash.slice(1)).get('nonce');
  const win = frame.contentWindow as Window & typeof globalThis;
  const received: unknown[] = [];
  const connected = new Promise<MessagePort>((resolve) => {
    win.addEventListener('message', (event: MessageEvent) => {
      const port = event.ports[0];
      if (!port) return;
      port.onmessage = (message: MessageEvent) => received.push(message.data);
      resolve(port);
    });
  });
  const hello = new win.Function(
    'nonce',
    'origin',
    'parent.postMessage({ v: 1, type: "antom:hello", nonce }, origin);',
  );
  (hello as (nonce: string | null, origin: string) => void)(nonce, location.origin);
  return { port: await connected, received };
}

const part = (el: AntomCardCheckout, name: string): HTMLElement | null =>
  el.shadowRoot!.querySelector(`[part~="${name}"]`);

const dialog = (el: AntomCardCheckout): HTMLDialogElement | null => el.shadowRoot!.querySelector('dialog');

const outcome = (status: PaymentOutcome['status'], resultCode: string): PaymentOutcome => ({
  status,
  resultCode,
  resultMessage: '',
  paymentId: null,
  card: status === 'SUCCESS' ? { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' } : null,
});

/** A vault checkout whose card frame is scripted, submitted until the dialog shows the scripted container. */
async function challenged(frameTimeout = 15000): Promise<{ el: AntomCardCheckout; card: ScriptedFrame }> {
  const session = encodeSessionData('scripted_token_0123456789', 'SG', {
    clientId: 'SANDBOX_DEMO',
    paymentSessionConfig: {
      productScene: 'CARD_VAULTING',
      paymentMethodCategoryType: 'CARD',
      productSceneVersion: '1.0',
    },
    paymentSessionId: SESSION_ID,
    gatewayOrigin: location.origin,
    mode: 'vault',
  });
  const el = await fixture<AntomCardCheckout>(
    html`<antom-card-checkout mode="vault" frame-timeout=${frameTimeout}></antom-card-checkout>`,
  );
  el.session = session;
  await el.updateComplete;
  const card = await playFrame(part(el, 'card-frame') as HTMLIFrameElement);
  const ready = oneEvent(el, 'antom-ready');
  card.port.postMessage({
    type: 'ready',
    view: {
      paymentSessionId: SESSION_ID,
      mode: 'vault',
      amount: null,
      merchantName: 'Scripted shop',
      expiresAt: new Date(Date.now() + 3600000).toISOString(),
      brands: ['VISA'],
      captureMode: 'AUTOMATIC',
    },
  });
  await ready;
  const challenge = oneEvent(el, 'antom-challenge');
  el.submit();
  await waitUntil(
    () => card.received.some((m) => (m as { type: string }).type === 'submit'),
    'no submit reached the frame',
  );
  const { attemptId } = card.received.find((m) => (m as { type: string }).type === 'submit') as { attemptId: string };
  card.port.postMessage({
    type: 'result',
    attemptId,
    outcome: { ...outcome('PROCESSING', 'VERIFICATION_IN_PROCESS'), challenge: { id: CHALLENGE_ID } },
  });
  expect((await challenge).detail).to.deep.equal({ code: 'SDK_PAYMENT_CHALLENGE' });
  await waitUntil(() => dialog(el)?.open, 'the dialog did not open');
  return { el, card };
}

describe('<antom-card-checkout> 3-D Secure container channel', () => {
  it('opens the gateway container for the challenge with only ids and the channel nonce in its address', async () => {
    const { el } = await challenged();
    expect(el.state.status).to.equal('challenge');
    const container = dialog(el)!.querySelector('iframe')!;
    const url = new URL(container.src);
    expect(url.origin).to.equal(location.origin);
    expect(url.pathname).to.equal('/sdk/v1/challenge');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ id: CHALLENGE_ID, locale: 'en_US' });
    expect([...new URLSearchParams(url.hash.slice(1)).keys()].sort()).to.deep.equal(['nonce', 'origin']);
    expect(dialog(el)!.getAttribute('aria-labelledby')).to.equal('challenge-title');
    expect(el.shadowRoot!.getElementById('challenge-title')!.textContent).to.equal('Verify with your bank');
    expect(container.title).to.equal('Your bank’s verification page');
  });

  it('asks the container for focus, ignores results for another challenge or still in process, then takes the gateway’s verdict', async () => {
    const { el } = await challenged();
    const container = await playFrame(dialog(el)!.querySelector('iframe')!);
    await waitUntil(() => container.received.length > 0, 'the container got no first message');
    expect(container.received[0]).to.deep.equal({ type: 'focus' });

    let failedEvents = 0;
    el.addEventListener('antom-failed', () => (failedEvents += 1));
    container.port.postMessage({
      type: 'result',
      attemptId: 'chl_someone_else_01234',
      outcome: outcome('FAIL', 'USER_PAYMENT_VERIFICATION_FAILED'),
    });
    container.port.postMessage({
      type: 'result',
      attemptId: CHALLENGE_ID,
      outcome: outcome('PROCESSING', 'VERIFICATION_IN_PROCESS'),
    });
    container.port.postMessage({
      type: 'result',
      attemptId: CHALLENGE_ID,
      outcome: { ...outcome('FAIL', 'X'), card: 'forged' },
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(failedEvents).to.equal(0);
    expect(el.state.status).to.equal('challenge');
    expect(dialog(el)!.open).to.equal(true);

    const failed = oneEvent(el, 'antom-failed');
    container.port.postMessage({
      type: 'result',
      attemptId: CHALLENGE_ID,
      outcome: outcome('FAIL', 'USER_PAYMENT_VERIFICATION_FAILED'),
    });
    const { detail } = await failed;
    await el.updateComplete;
    expect(detail.resultCode).to.equal('USER_PAYMENT_VERIFICATION_FAILED');
    expect(detail.message).to.equal('Your bank could not verify it’s you. Try again or use another card.');
    expect(part(el, 'error')!.textContent).to.equal(detail.message);
    expect(el.state.status).to.equal('failed');
    expect(dialog(el)).to.equal(null);
    await waitUntil(
      () => el.shadowRoot!.activeElement === part(el, 'pay-button'),
      'focus did not return to the button',
    );

    // The channel to that container is closed: a late result changes nothing.
    container.port.postMessage({ type: 'result', attemptId: CHALLENGE_ID, outcome: outcome('SUCCESS', 'SUCCESS') });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(el.state.status).to.equal('failed');
  });

  it('binds the card when the container reports the gateway’s success, and locks the card frame', async () => {
    const { el, card } = await challenged();
    const container = await playFrame(dialog(el)!.querySelector('iframe')!);
    const saved = oneEvent(el, 'antom-card-saved');
    container.port.postMessage({ type: 'result', attemptId: CHALLENGE_ID, outcome: outcome('SUCCESS', 'SUCCESS') });
    expect((await saved).detail).to.deep.equal({
      code: 'SDK_CARD_SAVED',
      brand: 'VISA',
      last4: '0768',
      expiryMonth: '12',
      expiryYear: '30',
    });
    await el.updateComplete;
    expect(el.state.status).to.equal('authorized');
    expect(dialog(el)).to.equal(null);
    await waitUntil(
      () => card.received.some((m) => (m as { type: string }).type === 'close'),
      'the card frame was not told to lock',
    );
  });

  it('reports a payment the acquirer left in process after the check, and stays locked', async () => {
    const { el } = await challenged();
    const container = await playFrame(dialog(el)!.querySelector('iframe')!);
    const processing = oneEvent(el, 'antom-processing');
    container.port.postMessage({
      type: 'result',
      attemptId: CHALLENGE_ID,
      outcome: { ...outcome('PROCESSING', 'PAYMENT_IN_PROCESS'), paymentId: 'pay_pending_0123456' },
    });
    expect((await processing).detail).to.deep.equal({
      code: 'SDK_PAYMENT_PROCESSING',
      resultCode: 'PAYMENT_IN_PROCESS',
      paymentId: 'pay_pending_0123456',
    });
    await el.updateComplete;
    expect(dialog(el)).to.equal(null);
    expect(el.state.status).to.equal('submitting');
  });

  it('names a container that never says hello: the dialog closes with a visible message', async () => {
    const { el } = await challenged(1500);
    let cancelled = false;
    el.addEventListener('antom-cancel', () => (cancelled = true));
    const { detail } = await oneEvent(el, 'antom-failed');
    await el.updateComplete;
    expect(detail.resultCode).to.equal('CHALLENGE_UNAVAILABLE');
    expect(part(el, 'error')!.textContent).to.equal('Your bank’s verification page could not be opened. Try again.');
    expect(dialog(el)).to.equal(null);
    expect(el.state.status).to.equal('failed');
    expect(cancelled).to.equal(false);
  });

  it('reset() cancels an open challenge', async () => {
    const { el } = await challenged();
    const cancel = oneEvent(el, 'antom-cancel');
    el.reset();
    expect((await cancel).detail).to.deep.equal({ code: 'SDK_PAYMENT_CANCEL' });
    await el.updateComplete;
    expect(el.state.status).to.equal('ready');
    expect(dialog(el)).to.equal(null);
  });
});

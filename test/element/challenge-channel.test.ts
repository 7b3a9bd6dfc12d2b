/// <reference types="mocha" />
/**
 * The element's side of a 3-D Secure challenge against fake frames on another origin (the
 * session names the fake frames' origin as its gateway): the test plays the card frame and the
 * gateway's container page over the real handshake and messages. This reaches what the real
 * gateway cannot produce on demand: a container result for another challenge, a container that
 * never says hello.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import {
  cardFrameOf,
  challengeFrameOf,
  frameOrigin,
  mintSession,
  outcome,
  sessionView,
  type FakeFrame,
} from './support/fake-frame.js';

failOnLitWarnings();

const CHALLENGE_ID = 'chl_scripted_0123456789';

const part = (el: AntomCardCheckout, name: string): HTMLElement | null =>
  el.shadowRoot!.querySelector(`[part~="${name}"]`);

const dialog = (el: AntomCardCheckout): HTMLDialogElement | null => el.shadowRoot!.querySelector('dialog');

/** A vault checkout whose card frame is scripted, submitted until the dialog shows the fake container. */
async function challenged(frameTimeout = 15000): Promise<{ el: AntomCardCheckout; card: FakeFrame }> {
  const el = await fixture<AntomCardCheckout>(
    html`<antom-card-checkout mode="vault" frame-timeout=${frameTimeout}></antom-card-checkout>`,
  );
  el.session = await mintSession('vault');
  const card = await cardFrameOf(el);
  await card.hello();
  const ready = oneEvent(el, 'antom-ready');
  await card.ready(
    sessionView(card.sessionId, { mode: 'vault', amount: null, merchantName: 'Scripted shop', brands: ['VISA'] }),
  );
  await ready;
  const challenge = oneEvent(el, 'antom-challenge');
  el.submit();
  const { attemptId } = await card.next('submit');
  card.send({
    type: 'result',
    attemptId,
    outcome: { ...outcome('PROCESSING', 'VERIFICATION_IN_PROCESS'), challenge: { id: CHALLENGE_ID } },
  });
  expect((await challenge).detail).to.deep.equal({ code: 'SDK_PAYMENT_CHALLENGE' });
  // The first challenge of a run waits for the dialog's and the outcomes' chunks to be compiled.
  await waitUntil(() => dialog(el)?.open, 'the dialog did not open', { timeout: 5000 });
  return { el, card };
}

/** The fake container in the dialog, connected. */
async function container(el: AntomCardCheckout): Promise<FakeFrame> {
  const frame = await challengeFrameOf(el);
  await frame.hello();
  return frame;
}

describe('<antom-card-checkout> 3-D Secure container channel', () => {
  it('opens the gateway container for the challenge with only ids and the channel nonce in its address', async () => {
    const { el } = await challenged();
    expect(el.state.status).to.equal('challenge');
    const iframe = dialog(el)!.querySelector('iframe')!;
    const url = new URL(iframe.src);
    expect(url.origin).to.equal(await frameOrigin());
    expect(url.pathname).to.equal('/sdk/v1/challenge');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ id: CHALLENGE_ID, locale: 'en_US' });
    expect([...new URLSearchParams(url.hash.slice(1)).keys()].sort()).to.deep.equal(['nonce', 'origin']);
    expect(dialog(el)!.getAttribute('aria-labelledby')).to.equal('challenge-title');
    expect(el.shadowRoot!.getElementById('challenge-title')!.textContent).to.equal('Verify with your bank');
    expect(iframe.title).to.equal('Your bank’s verification page');
  });

  it('asks the container for focus, ignores results for another challenge or still in process, then takes the gateway’s verdict', async () => {
    const { el } = await challenged();
    const box = await container(el);
    expect(await box.next('focus')).to.deep.equal({ type: 'focus' });
    // The tokens come first, so the container's status texts are painted right from the start.
    expect(box.received.map((message) => message.type).slice(0, 2)).to.deep.equal(['appearance', 'focus']);

    let failedEvents = 0;
    el.addEventListener('antom-failed', () => (failedEvents += 1));
    box.send({
      type: 'result',
      attemptId: 'chl_someone_else_01234',
      outcome: outcome('FAIL', 'USER_PAYMENT_VERIFICATION_FAILED'),
    });
    box.send({
      type: 'result',
      attemptId: CHALLENGE_ID,
      outcome: outcome('PROCESSING', 'VERIFICATION_IN_PROCESS'),
    });
    box.sendUnchecked({
      type: 'result',
      attemptId: CHALLENGE_ID,
      outcome: { ...outcome('FAIL', 'X'), card: 'forged' },
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(failedEvents).to.equal(0);
    expect(el.state.status).to.equal('challenge');
    expect(dialog(el)!.open).to.equal(true);

    const failed = oneEvent(el, 'antom-failed');
    box.send({
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
    // The decline's message takes focus (a screen reader reads it there); Pay is the next stop.
    await waitUntil(
      () => el.shadowRoot!.activeElement === part(el, 'error'),
      'focus did not move to the decline message',
    );

    // The channel to that container is closed: a late result changes nothing.
    box.send({ type: 'result', attemptId: CHALLENGE_ID, outcome: outcome('SUCCESS', 'SUCCESS') });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(el.state.status).to.equal('failed');
  });

  it('binds the card when the container reports the gateway’s success, and locks the card frame', async () => {
    const { el, card } = await challenged();
    const box = await container(el);
    const saved = oneEvent(el, 'antom-card-saved');
    box.send({ type: 'result', attemptId: CHALLENGE_ID, outcome: outcome('SUCCESS', 'SUCCESS') });
    expect((await saved).detail).to.deep.equal({
      code: 'SDK_CARD_SAVED',
      brand: 'VISA',
      last4: '0768',
      expiryMonth: '12',
      expiryYear: '30',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: '', paymentStatus: 'SUCCESS' },
    });
    await el.updateComplete;
    expect(el.state.status).to.equal('authorized');
    expect(dialog(el)).to.equal(null);
    expect(await card.next('close')).to.deep.equal({ type: 'close' });
  });

  it('reports a payment the acquirer left in process after the check, and stays locked', async () => {
    const { el } = await challenged();
    const box = await container(el);
    const processing = oneEvent(el, 'antom-processing');
    box.send({
      type: 'result',
      attemptId: CHALLENGE_ID,
      outcome: { ...outcome('PROCESSING', 'PAYMENT_IN_PROCESS'), paymentId: 'pay_pending_0123456' },
    });
    expect((await processing).detail).to.deep.equal({
      code: 'SDK_PAYMENT_PROCESSING',
      resultCode: 'PAYMENT_IN_PROCESS',
      paymentId: 'pay_pending_0123456',
      result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: '', paymentStatus: 'PROCESSING' },
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

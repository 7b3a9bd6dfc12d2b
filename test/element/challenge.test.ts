/// <reference types="mocha" />
/**
 * The 3-D Secure dialog: a vault checkout whose fake card frame answers a submit with a challenge,
 * and whose dialog frames the fake 3-D Secure container (on the fake frames' origin, as the
 * gateway's container is on the gateway's). The real container and the bank's page behind it are
 * the end-to-end suite's part (test/e2e/vault-3ds.test.ts, checkout-3ds.test.ts).
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/element/define.js';
import { LEAVE_TIMEOUT_MS } from '../../src/element/controllers/challenge.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import {
  cardFrameOf,
  challengeFrameOf,
  formState,
  mintSession,
  outcome,
  sessionView,
  type FakeFrame,
} from './support/fake-frame.js';

failOnLitWarnings();

/** A ready vault checkout whose fake card frame is complete and answers every submit with a new challenge. */
async function mount(theme: 'light' | 'dark' = 'light'): Promise<{ el: AntomCardCheckout; card: FakeFrame }> {
  const el = await fixture<AntomCardCheckout>(
    html`<antom-card-checkout mode="vault" theme=${theme}></antom-card-checkout>`,
  );
  const ready = oneEvent(el, 'antom-ready');
  el.session = await mintSession('vault');
  const card = await cardFrameOf(el);
  let challenges = 0;
  card.answer('submit', ({ attemptId }) => {
    challenges += 1;
    const challenge = { id: `chl_harness_${challenges}_${Date.now()}` };
    return [{ type: 'result', attemptId, outcome: { ...outcome('PROCESSING', 'VERIFICATION_IN_PROCESS'), challenge } }];
  });
  await card.hello();
  await card.ready(sessionView(card.sessionId, { mode: 'vault', amount: null }));
  await ready;
  card.send({ type: 'state', state: formState(true, 'VISA') });
  await waitUntil(() => el.state.complete, 'the card form did not become complete', { timeout: 5000 });
  await el.updateComplete;
  return { el, card };
}

const dialog = (el: AntomCardCheckout): HTMLDialogElement | null => el.shadowRoot!.querySelector('dialog');
const challengeId = (el: AntomCardCheckout): string =>
  new URL(dialog(el)!.querySelector('iframe')!.src).searchParams.get('id') ?? '';
const cancelButton = (el: AntomCardCheckout): HTMLButtonElement =>
  dialog(el)!.querySelector<HTMLButtonElement>('button.cancel')!;
/** Counts the element's events of `type` from now on. */
function counter(el: AntomCardCheckout, type: string): () => number {
  let count = 0;
  el.addEventListener(type, () => (count += 1));
  return () => count;
}
const payButton = (el: AntomCardCheckout): HTMLButtonElement =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="pay-button"]')!;

/** Submits and waits until the dialog is open in the top layer. */
async function challenge(el: AntomCardCheckout): Promise<void> {
  const opened = oneEvent(el, 'antom-challenge');
  el.submit();
  expect((await opened).detail).to.deep.equal({ code: 'SDK_PAYMENT_CHALLENGE' });
  await waitUntil(() => dialog(el)?.open, 'the dialog did not open', { timeout: 5000 });
  expect(dialog(el)!.matches(':modal')).to.equal(true);
  expect(el.state.status).to.equal('challenge');
}

describe('<antom-card-checkout mode="vault"> 3-D Secure dialog', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('opens the bank’s check in an accessible modal dialog and moves focus into it', async () => {
    await setViewport({ width: 1024, height: 800 });
    const { el } = await mount();
    await challenge(el);
    const container = dialog(el)!.querySelector('iframe')!;
    expect(new URL(container.src).pathname).to.equal('/sdk/v1/challenge');
    // Focus starts on the title (in this document, so Escape works); focus() moves into the bank's page.
    await waitUntil(
      () => el.shadowRoot!.activeElement === el.shadowRoot!.getElementById('challenge-title'),
      'focus did not move into the dialog',
    );
    expect(payButton(el).disabled).to.equal(true);
    const rect = container.getBoundingClientRect();
    expect(rect.width).to.be.within(480, 502);
    expect(rect.height).to.be.within(560, 620);
    await expect(el).to.be.accessible();
    const fakeContainer = await challengeFrameOf(el);
    await fakeContainer.hello();
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(container);
  });

  it('is accessible in the dark theme and fills a 375 px wide screen', async () => {
    await setViewport({ width: 375, height: 667 });
    const { el } = await mount('dark');
    await challenge(el);
    const box = dialog(el)!.getBoundingClientRect();
    expect(box.width).to.equal(375);
    expect(box.height).to.equal(667);
    await expect(el).to.be.accessible();
  });

  it('Escape cancels: the dialog closes, antom-cancel fires, the form is ready and focus is back on the button', async () => {
    const { el } = await mount();
    await challenge(el);
    let failed = false;
    el.addEventListener('antom-failed', () => (failed = true));
    const cancelled = oneEvent(el, 'antom-cancel');
    await sendKeys({ press: 'Escape' });
    expect((await cancelled).detail).to.deep.equal({ code: 'SDK_PAYMENT_CANCEL' });
    await el.updateComplete;
    expect(el.state.status).to.equal('ready');
    expect(dialog(el)).to.equal(null);
    await waitUntil(() => el.shadowRoot!.activeElement === payButton(el), 'focus did not return to the button');
    expect(failed).to.equal(false);
  });

  it('a new submit after Cancel opens a new challenge', async () => {
    const { el, card } = await mount();
    await challenge(el);
    const first = new URL(dialog(el)!.querySelector('iframe')!.src).searchParams.get('id');
    const cancelled = oneEvent(el, 'antom-cancel');
    dialog(el)!.querySelector<HTMLButtonElement>('button.cancel')!.click();
    await cancelled;
    await el.updateComplete;
    expect(el.state.status).to.equal('ready');
    await challenge(el);
    const second = new URL(dialog(el)!.querySelector('iframe')!.src).searchParams.get('id');
    expect(second).to.match(/^[A-Za-z0-9_-]{8,128}$/);
    expect(second).not.to.equal(first);
    // A new attempt, not a resend of the one the challenge ended.
    const [one, two] = [await card.next('submit', 0), await card.next('submit', 1)];
    expect(two.attemptId).not.to.equal(one.attemptId);
  });
  it('Cancel with the bank’s page open asks the container to end the check, and closes once it is cancelled', async () => {
    const { el } = await mount();
    await challenge(el);
    const container = await challengeFrameOf(el);
    await container.hello();
    const cancels = counter(el, 'antom-cancel');
    cancelButton(el).click();
    await container.next('close');
    // The gateway ends the check first, as the bank's own Cancel does: the dialog waits for its word.
    expect(el.state.status).to.equal('challenge');
    expect(dialog(el)).not.to.equal(null);
    container.send({ type: 'cancelled', attemptId: challengeId(el) });
    await waitUntil(() => cancels() === 1, 'antom-cancel did not fire');
    await el.updateComplete;
    expect(el.state.status).to.equal('ready');
    expect(dialog(el)).to.equal(null);
    await waitUntil(() => el.shadowRoot!.activeElement === payButton(el), 'focus did not return to the button');
  });

  it('the bank’s Cancel (the container says cancelled) ends like the dialog’s: antom-cancel, no failure', async () => {
    const { el } = await mount();
    await challenge(el);
    const container = await challengeFrameOf(el);
    await container.hello();
    const [cancels, failures] = [counter(el, 'antom-cancel'), counter(el, 'antom-failed')];
    container.send({ type: 'cancelled', attemptId: 'chl_someone_else_1' });
    container.send({ type: 'cancelled', attemptId: challengeId(el) });
    await waitUntil(() => cancels() === 1, 'antom-cancel did not fire');
    expect(failures()).to.equal(0);
    expect(el.state.status).to.equal('ready');
    expect(container.received.filter((message) => message.type === 'close')).to.deep.equal([]);
  });

  it('a verdict the bank gave before the buyer left stands; no answer at all closes as cancelled', async () => {
    const { el } = await mount();
    await challenge(el);
    const container = await challengeFrameOf(el);
    await container.hello();
    const [cancels, saved] = [counter(el, 'antom-cancel'), counter(el, 'antom-card-saved')];
    cancelButton(el).click();
    await container.next('close');
    container.send({ type: 'result', attemptId: challengeId(el), outcome: outcome('SUCCESS', 'SUCCESS') });
    await waitUntil(() => saved() === 1, 'the bank’s verdict was not reported');
    expect(cancels()).to.equal(0);

    const again = await mount();
    await challenge(again.el);
    const silent = await challengeFrameOf(again.el);
    await silent.hello();
    const cancelled = oneEvent(again.el, 'antom-cancel');
    cancelButton(again.el).click();
    await silent.next('close');
    expect(dialog(again.el)).not.to.equal(null);
    await cancelled;
    expect(again.el.state.status).to.equal('ready');
  }).timeout(LEAVE_TIMEOUT_MS + 10_000);
});

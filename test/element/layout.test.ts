/// <reference types="mocha" />
/**
 * Every width and where focus goes: at 280, 375 and 1280 px, in English and German (long words), no
 * part of the element is wider than the element, with a saved card listed, with the new-card form,
 * after a decline and after a payment; the 3-D Secure dialog stays inside the viewport. After an
 * authorized, failed or error outcome, focus is on the outcome's message inside the checkout, and the
 * message is not also put in the live region (a screen reader would read it twice).
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import type { SavedCardView } from '../../src/shared/types.js';
import {
  cardFrameOf,
  challengeFrameOf,
  formState,
  outcome,
  sessionView,
  type FakeFrame,
} from './support/fake-frame.js';

failOnLitWarnings();

const SAVED: SavedCardView = {
  id: 'saved-0',
  index: 0,
  brand: 'CARTES_BANCAIRES',
  last4: '0768',
  expiryMonth: '12',
  expiryYear: '30',
  expired: false,
};

async function mount(width: number, locale: string, savedCards: SavedCardView[] = [SAVED]) {
  await setViewport({ width: Math.max(width + 40, 320), height: 900 });
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px"><antom-card-checkout locale=${locale}></antom-card-checkout></div>`,
  );
  const el = wrapper.querySelector<AntomCardCheckout>('antom-card-checkout')!;
  const ready = oneEvent(el, 'antom-ready');
  el.sessionUrl = '/test-api/session';
  const frame = await cardFrameOf(el);
  frame.answer('select', ({ savedCardId }) => [
    { type: 'resize', height: savedCardId === null ? 308 : 0 },
    // Complete either way: the buyer's typing in the frame is the frame tests' part.
    { type: 'state', state: formState(true, 'VISA') },
  ]);
  await frame.hello();
  await frame.ready(sessionView(frame.sessionId, { savedCards, amount: { currency: 'EUR', value: '123456789' } }));
  await ready;
  await el.updateComplete;
  return { el, frame };
}

/** Every rendered part of the element that sticks out of it, sideways. */
function overflowing(el: HTMLElement): string[] {
  const host = el.getBoundingClientRect();
  const out: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>('*')) {
    if (node.closest('dialog, style, .visually-hidden')) continue;
    const box = node.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < host.left - 0.5 || box.right > host.right + 0.5)
      out.push(
        `${node.tagName.toLowerCase()}.${node.className} ${box.left}..${box.right} outside ${host.left}..${host.right}`,
      );
  }
  if (el.shadowRoot!.firstElementChild!.scrollWidth > host.width + 0.5) out.push('the checkout scrolls sideways');
  return out;
}

const activeMessage = (el: AntomCardCheckout): string | null => {
  const active = el.shadowRoot!.activeElement as HTMLElement | null;
  return active?.hasAttribute('data-outcome') ? active.textContent!.trim() : null;
};
const liveRegion = (el: AntomCardCheckout): string =>
  el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

describe('<antom-card-checkout> at every width', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of [280, 375, 1280]) {
    for (const locale of ['en_US', 'de_DE']) {
      it(`${width} px, ${locale}: nothing wider than the element, listed, new card, declined, paid`, async () => {
        const { el, frame } = await mount(width, locale);
        await waitUntil(() => el.shadowRoot!.querySelector('.logo svg'), 'the brand mark was not drawn');
        expect(overflowing(el), 'saved card listed').to.deep.equal([]);
        const remove = el.shadowRoot!.querySelector('[part~="remove-card"]')!.getBoundingClientRect();
        expect(remove.right).to.be.at.most(el.getBoundingClientRect().right + 0.5);

        el.shadowRoot!.querySelector<HTMLInputElement>('input[value="new"]')!.click();
        await waitUntil(() => el.shadowRoot!.querySelector('iframe')!.getBoundingClientRect().height === 308);
        expect(overflowing(el), 'new-card form').to.deep.equal([]);

        await waitUntil(() => el.state.complete);
        el.submit();
        const first = await frame.next('submit');
        frame.send({ type: 'result', attemptId: first.attemptId, outcome: outcome('FAIL', 'CARD_NOT_SUPPORTED') });
        await waitUntil(() => el.state.status === 'failed');
        await el.updateComplete;
        expect(overflowing(el), 'declined').to.deep.equal([]);

        el.submit();
        const second = await frame.next('submit', 1);
        frame.send({ type: 'result', attemptId: second.attemptId, outcome: outcome('SUCCESS', 'SUCCESS') });
        await waitUntil(() => el.state.status === 'authorized');
        await el.updateComplete;
        expect(overflowing(el), 'paid').to.deep.equal([]);
      });
    }
  }

  it('280 px: the 3-D Secure dialog fits the viewport, its bar and Cancel inside', async () => {
    const { el, frame } = await mount(280, 'de_DE', []);
    await setViewport({ width: 280, height: 640 });
    frame.send({ type: 'state', state: formState(true, 'VISA') });
    await waitUntil(() => el.state.complete);
    el.submit();
    const { attemptId } = await frame.next('submit');
    const challenge = { id: `chl_layout_${Date.now()}` };
    frame.send({
      type: 'result',
      attemptId,
      outcome: { ...outcome('PROCESSING', 'VERIFICATION_IN_PROCESS'), challenge },
    });
    await challengeFrameOf(el);
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    for (const part of [dialog, ...dialog.querySelectorAll('*')]) {
      const box = part.getBoundingClientRect();
      expect(box.left, part.tagName).to.be.at.least(-0.5);
      expect(box.right, part.tagName).to.be.at.most(280.5);
    }
  });
});

describe('<antom-card-checkout> focus after an outcome', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  async function submitWith(el: AntomCardCheckout, frame: FakeFrame, answer: (attemptId: string) => void) {
    frame.send({ type: 'state', state: formState(true, 'VISA') });
    await waitUntil(() => el.state.complete);
    const pay = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="pay-button"]')!;
    pay.focus();
    pay.click();
    const { attemptId } = await frame.next('submit');
    answer(attemptId);
  }

  it('authorized: focus on the success message, said once', async () => {
    const { el, frame } = await mount(375, 'en_US', []);
    const authorized = oneEvent(el, 'antom-authorized');
    await submitWith(el, frame, (attemptId) =>
      frame.send({ type: 'result', attemptId, outcome: outcome('SUCCESS', 'SUCCESS') }),
    );
    await authorized;
    await waitUntil(() => activeMessage(el), 'focus did not move to the outcome');
    expect(activeMessage(el)).to.equal(el.shadowRoot!.querySelector('.success')!.textContent!.trim());
    expect(document.activeElement).to.equal(el);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(liveRegion(el)).to.not.contain(activeMessage(el));
    await expect(el).to.be.accessible();
  });

  it('failed: focus on the decline message, said once', async () => {
    const { el, frame } = await mount(375, 'en_US', []);
    const failed = oneEvent(el, 'antom-failed');
    await submitWith(el, frame, (attemptId) =>
      frame.send({ type: 'result', attemptId, outcome: outcome('FAIL', 'CARD_NOT_SUPPORTED') }),
    );
    const { detail } = await failed;
    await waitUntil(() => activeMessage(el), 'focus did not move to the outcome');
    expect(activeMessage(el)).to.equal(detail.message);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(liveRegion(el)).to.not.contain(detail.message);
    await expect(el).to.be.accessible();
  });

  it('error: focus on the error message after a network error', async () => {
    const { el, frame } = await mount(375, 'en_US', []);
    const errored = oneEvent(el, 'antom-error');
    await submitWith(el, frame, (attemptId) => frame.send({ type: 'network-error', attemptId }));
    const { detail } = await errored;
    await waitUntil(() => activeMessage(el), 'focus did not move to the outcome');
    expect(activeMessage(el)).to.equal(detail.message);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(liveRegion(el)).to.not.contain(detail.message);
  });

  it('an outcome leaves focus on the merchant’s own control where the buyer put it, and says it instead', async () => {
    const { el, frame } = await mount(375, 'en_US', []);
    const own = document.createElement('button');
    own.textContent = 'Merchant';
    document.body.append(own);
    try {
      frame.send({ type: 'state', state: formState(true, 'VISA') });
      await waitUntil(() => el.state.complete);
      own.focus();
      el.submit();
      const { attemptId } = await frame.next('submit');
      const failed = oneEvent(el, 'antom-failed');
      frame.send({ type: 'result', attemptId, outcome: outcome('FAIL', 'CARD_NOT_SUPPORTED') });
      const { detail } = await failed;
      await waitUntil(() => liveRegion(el) === detail.message, 'the decline was not announced');
      expect(document.activeElement).to.equal(own);
    } finally {
      own.remove();
    }
  });
});

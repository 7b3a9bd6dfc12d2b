/// <reference types="mocha" />
/**
 * Saved cards and vault mode against a fake frame that answers like the real one: a saved card
 * with no CVC to ask collapses the frame and is complete, one with the CVC policy shows only its
 * CVC, "Use a new card" opens the card form. Paying with the real frame, the demo wallet and the
 * gateway's clock are the end-to-end suite's part (test/e2e/saved-cards.test.ts, vault.test.ts).
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import { BRAND_NAMES } from '../../src/shared/card/brand-names.js';
import { CARD_BRANDS, type SavedCardView, type SessionView } from '../../src/shared/types.js';
import { cardFrameOf, formState, mintSession, outcome, sessionView, type FakeFrame } from './support/fake-frame.js';

failOnLitWarnings();

/** Heights the fake frame reports: the new-card form, a CVC-only saved card, nothing. */
const NEW_CARD_HEIGHT = 352;
const CVC_ONLY_HEIGHT = 112;

const VISA: SavedCardView = {
  id: 'saved-0',
  index: 0,
  brand: 'VISA',
  last4: '0768',
  expiryMonth: '12',
  expiryYear: '30',
  expired: false,
};
const MASTERCARD: SavedCardView = {
  id: 'saved-1',
  index: 1,
  brand: 'MASTERCARD',
  last4: '4622',
  expiryMonth: '08',
  expiryYear: '29',
  expired: false,
};

/** Answers `select` as the real frame does: one resize and one state for the chosen card or form. */
function answerSelect(frame: FakeFrame, savedCardCvc: boolean): void {
  frame.answer('select', ({ savedCardId }) => {
    if (savedCardId === null)
      return [
        { type: 'resize', height: NEW_CARD_HEIGHT },
        { type: 'state', state: formState(false) },
      ];
    return [
      { type: 'resize', height: savedCardCvc ? CVC_ONLY_HEIGHT : 0 },
      { type: 'state', state: formState(!savedCardCvc) },
    ];
  });
}

async function mount(
  view: Partial<SessionView>,
  mode: 'payment' | 'vault' = 'payment',
): Promise<{ el: AntomCardCheckout; frame: FakeFrame }> {
  const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout mode=${mode}></antom-card-checkout>`);
  const ready = oneEvent(el, 'antom-ready');
  el.session = await mintSession(mode);
  const frame = await cardFrameOf(el);
  answerSelect(frame, view.policies?.savedCardCvc === true);
  await frame.hello();
  await frame.ready(sessionView(frame.sessionId, { mode, ...view }));
  await ready;
  await el.updateComplete;
  return { el, frame };
}

const radios = (el: AntomCardCheckout): HTMLInputElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"][name="saved-card"]'),
];

const frameHeight = (el: AntomCardCheckout): number =>
  el.shadowRoot!.querySelector('iframe')!.getBoundingClientRect().height;

describe('<antom-card-checkout> saved cards', () => {
  it('lists saved cards as logo, brand, masked number and expiry, first one selected', async () => {
    const { el } = await mount({ savedCards: [VISA, MASTERCARD] });
    const group = el.shadowRoot!.querySelector('[part~="saved-cards"]')!;
    expect(group.tagName).to.equal('FIELDSET');
    const cards = [...group.querySelectorAll('[part~="saved-card"]')].map((c) =>
      c.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(cards[0]).to.contain('Visa •••• 0768').and.contain('Expires 12/30');
    await waitUntil(() => group.querySelectorAll('.logo svg').length === 2, 'brand marks not drawn');
    expect([...group.querySelectorAll('.logo svg')].map((svg) => svg.getAttribute('data-brand'))).to.deep.equal([
      'VISA',
      'MASTERCARD',
    ]);
    expect(cards[1]).to.contain('Mastercard •••• 4622').and.contain('Expires 08/29');
    expect(cards[2]).to.contain('Use a new card');
    expect(radios(el).map((r) => r.checked)).to.deep.equal([true, false, false]);
    expect(JSON.stringify(el.shadowRoot!.innerHTML)).not.to.contain('ALIPAY');
    await expect(el).to.be.accessible();
    // No CVC asked: the frame has nothing to show for a saved card.
    await waitUntil(() => frameHeight(el) === 0, 'frame did not collapse for a saved card');
    expect(el.state.complete).to.equal(true);
  });

  it('draws the mark of every accepted brand beside its name, hidden from screen readers', async () => {
    const cards = CARD_BRANDS.map((brand, index) => ({ ...VISA, id: `saved-${index}`, index, brand }));
    const { el } = await mount({ savedCards: cards });
    const rows = (): Element[] => [...el.shadowRoot!.querySelectorAll('[part~="saved-card"]')].slice(0, -1);
    await waitUntil(() => rows().every((row) => row.querySelector('.logo svg')), 'brand marks not drawn');
    for (const [index, row] of rows().entries()) {
      const brand = CARD_BRANDS[index]!;
      const svg = row.querySelector('.logo svg')!;
      expect(svg.getAttribute('data-brand')).to.equal(brand);
      expect(svg.closest('[aria-hidden="true"]')).to.not.equal(null);
      expect(svg.querySelectorAll('path, rect, circle').length).to.be.greaterThan(1);
      expect(svg.querySelector('text')).to.equal(null);
      const box = svg.getBoundingClientRect();
      expect([box.width, box.height]).to.deep.equal([40, 26]);
      expect(row.querySelector('.card-name')!.textContent).to.contain(`${BRAND_NAMES[brand]} •••• 0768`);
    }
    await expect(el).to.be.accessible();
  });

  it('moves the selection with arrow keys and shows the new-card form for "Use a new card"', async () => {
    const { el, frame } = await mount({ savedCards: [VISA] });
    radios(el)[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(radios(el).map((r) => r.checked)).to.deep.equal([false, true]);
    expect(el.shadowRoot!.activeElement).to.equal(radios(el)[1]);
    await waitUntil(() => frameHeight(el) >= 300, 'new-card form did not open');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => frameHeight(el) === 0, 'frame did not collapse again');
    expect(frame.received.filter((m) => m.type === 'select')).to.deep.equal([
      { type: 'select', savedCardId: 'saved-0' },
      { type: 'select', savedCardId: null },
      { type: 'select', savedCardId: 'saved-0' },
    ]);
  });

  it('asks for the CVC in the frame when the session requires it, and pays with it', async () => {
    const { el, frame } = await mount({
      savedCards: [VISA],
      policies: { savedCardCvc: true, askToSave: false },
    });
    await waitUntil(() => frameHeight(el) > 60 && frameHeight(el) < 200, 'CVC-only frame not shown');
    expect(el.state.complete).to.equal(false);
    await expect(el).to.be.accessible();
    const authorized = oneEvent(el, 'antom-authorized');
    el.focus();
    await frame.next('focus');
    // The buyer typed the CVC in the frame: the element only hears that the form is complete.
    frame.send({ type: 'state', state: formState(true, 'VISA') });
    await waitUntil(() => el.state.complete, 'CVC not accepted');
    el.submit();
    const { attemptId } = await frame.next('submit');
    frame.send({ type: 'result', attemptId, outcome: outcome('SUCCESS', 'SUCCESS', { paymentId: 'pay_saved_0001' }) });
    const event = await authorized;
    expect(event.detail.last4).to.equal('0768');
    expect(event.detail.brand).to.equal('VISA');
  });

  it('shows an expired card as expired and it cannot be chosen', async () => {
    const { el } = await mount({ savedCards: [VISA, { ...MASTERCARD, expired: true }] });
    const expired = radios(el)[1]!;
    expect(expired.disabled).to.equal(true);
    expect(expired.closest('label')!.textContent).to.contain('Expired');
    expect(radios(el)[0]!.checked).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('asks the merchant to remove a card with its index, never its token', async () => {
    const { el } = await mount({ savedCards: [VISA, MASTERCARD] });
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="remove-card"]')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      'Remove Visa ending in 0768',
      'Remove Mastercard ending in 4622',
    ]);
    const removal = oneEvent(el, 'antom-remove-card');
    buttons[1]!.click();
    const { detail } = await removal;
    expect(detail).to.deep.include({
      code: 'SDK_REMOVE_CARD',
      savedCardId: 'saved-1',
      index: 1,
      brand: 'MASTERCARD',
      last4: '4622',
    });
    expect(JSON.stringify(detail)).not.to.contain('ALIPAY');
  });
});

describe('<antom-card-checkout mode="vault">', () => {
  it('binds a card without paying and fires antom-card-saved', async () => {
    const { el, frame } = await mount({ amount: null }, 'vault');
    const button = el.shadowRoot!.querySelector('[part~="pay-button"]')!;
    expect(button.textContent!.trim()).to.equal('Save card');
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'antom-card-saved');
    el.focus();
    await frame.next('focus');
    frame.send({ type: 'state', state: formState(true, 'MASTERCARD') });
    await waitUntil(() => el.state.complete, 'vault form not complete', { timeout: 5000 });
    el.submit();
    const { attemptId } = await frame.next('submit');
    const card = { brand: 'MASTERCARD', last4: '4622', expiryMonth: '12', expiryYear: '29' } as const;
    frame.send({ type: 'result', attemptId, outcome: outcome('SUCCESS', 'SUCCESS', { card }) });
    const { detail } = await saved;
    expect(detail).to.deep.equal({
      code: 'SDK_CARD_SAVED',
      brand: 'MASTERCARD',
      last4: '4622',
      expiryMonth: '12',
      expiryYear: '29',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: '', paymentStatus: 'SUCCESS' },
    });
  });

  it('refuses a payment session in vault mode', async () => {
    const session = await mintSession('payment');
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout mode="vault"></antom-card-checkout>`);
    const failed = oneEvent(el, 'antom-error');
    el.session = session;
    expect((await failed).detail.reason).to.equal('SESSION_RESPONSE_INVALID');
  });
});

/// <reference types="mocha" />
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';

failOnLitWarnings();

async function savedSession(
  cards: Array<{ number: string; expiry: string }>,
  needCvv = false,
  advanceMs = 0,
): Promise<Record<string, unknown>> {
  const response = await fetch('/test-api/saved-session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ cards, needCvv, advanceMs }),
  });
  expect(response.status).to.equal(200);
  return (await response.json()) as Record<string, unknown>;
}

async function mount(session: Record<string, unknown>, mode: 'payment' | 'vault' = 'payment'): Promise<AntomCardCheckout> {
  const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout mode=${mode}></antom-card-checkout>`);
  const ready = oneEvent(el, 'antom-ready');
  el.session = session as { paymentSessionData: string };
  await ready;
  await el.updateComplete;
  return el;
}

const radios = (el: AntomCardCheckout): HTMLInputElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"][name="saved-card"]'),
];

const frameHeight = (el: AntomCardCheckout): number =>
  el.shadowRoot!.querySelector('iframe')!.getBoundingClientRect().height;

describe('<antom-card-checkout> saved cards', () => {
  it('lists saved cards as logo, brand, masked number and expiry, first one selected', async () => {
    const el = await mount(await savedSession([{ number: '4054695723100768', expiry: '12/30' }, { number: '5162774114974622', expiry: '08/29' }]));
    const group = el.shadowRoot!.querySelector('[part~="saved-cards"]')!;
    expect(group.tagName).to.equal('FIELDSET');
    const cards = [...group.querySelectorAll('[part~="saved-card"]')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim());
    expect(cards[0]).to.contain('VISA').and.contain('Visa •••• 0768').and.contain('Expires 12/30');
    expect(cards[1]).to.contain('Mastercard •••• 4622').and.contain('Expires 08/29');
    expect(cards[2]).to.contain('Use a new card');
    expect(radios(el).map((r) => r.checked)).to.deep.equal([true, false, false]);
    expect(JSON.stringify(el.shadowRoot!.innerHTML)).not.to.contain('ALIPAY');
    await expect(el).to.be.accessible();
    // No CVC asked: the frame has nothing to show for a saved card.
    await waitUntil(() => frameHeight(el) === 0, 'frame did not collapse for a saved card');
    expect(el.state.complete).to.equal(true);
  });

  it('moves the selection with arrow keys and shows the new-card form for "Use a new card"', async () => {
    const el = await mount(await savedSession([{ number: '4054695723100768', expiry: '12/30' }]));
    radios(el)[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(radios(el).map((r) => r.checked)).to.deep.equal([false, true]);
    expect(el.shadowRoot!.activeElement).to.equal(radios(el)[1]);
    await waitUntil(() => frameHeight(el) >= 300, 'new-card form did not open');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => frameHeight(el) === 0, 'frame did not collapse again');
  });

  it('asks for the CVC in the frame when the session requires it, and pays with it', async () => {
    const el = await mount(await savedSession([{ number: '4054695723100768', expiry: '12/30' }], true));
    await waitUntil(() => frameHeight(el) > 60 && frameHeight(el) < 200, 'CVC-only frame not shown');
    expect(el.state.complete).to.equal(false);
    await expect(el).to.be.accessible();
    const authorized = oneEvent(el, 'antom-authorized');
    el.focus();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sendKeys({ type: '123' });
    await waitUntil(() => el.state.complete, 'CVC not accepted');
    el.submit();
    const event = await authorized;
    expect(event.detail.last4).to.equal('0768');
    expect(event.detail.brand).to.equal('VISA');
  });

  it('shows an expired card as expired and it cannot be chosen', async () => {
    // A card valid until next month, then 75 days pass on the gateway's clock.
    const next = new Date();
    next.setUTCDate(1);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const soon = `${String(next.getUTCMonth() + 1).padStart(2, '0')}/${String(next.getUTCFullYear() % 100).padStart(2, '0')}`;
    const session = await savedSession(
      [
        { number: '4054695723100768', expiry: '12/30' },
        { number: '5162774114974622', expiry: soon },
      ],
      false,
      75 * 24 * 3600 * 1000,
    );
    const el = await mount(session);
    const expired = radios(el)[1]!;
    expect(expired.disabled).to.equal(true);
    expect(expired.closest('label')!.textContent).to.contain('Expired');
    expect(radios(el)[0]!.checked).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('asks the merchant to remove a card with its index, never its token', async () => {
    const el = await mount(await savedSession([{ number: '4054695723100768', expiry: '12/30' }, { number: '5162774114974622', expiry: '08/29' }]));
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="remove-card"]')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      'Remove Visa ending in 0768',
      'Remove Mastercard ending in 4622',
    ]);
    const removal = oneEvent(el, 'antom-remove-card');
    buttons[1]!.click();
    const { detail } = await removal;
    expect(detail).to.deep.include({ code: 'SDK_REMOVE_CARD', savedCardId: 'saved-1', index: 1, brand: 'MASTERCARD', last4: '4622' });
    expect(JSON.stringify(detail)).not.to.contain('ALIPAY');
  });
});

describe('<antom-card-checkout mode="vault">', () => {
  it('binds a card without paying and fires antom-card-saved', async () => {
    const response = await fetch('/test-api/vault-session', { method: 'POST' });
    const session = (await response.json()) as Record<string, unknown>;
    const el = await mount(session, 'vault');
    const button = el.shadowRoot!.querySelector('[part~="pay-button"]')!;
    expect(button.textContent!.trim()).to.equal('Save card');
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'antom-card-saved');
    el.focus();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sendKeys({ type: '5162774114974622' });
    await sendKeys({ type: '1229' });
    await sendKeys({ type: '123' });
    await waitUntil(() => el.state.complete, 'vault form not complete', { timeout: 5000 });
    el.submit();
    const { detail } = await saved;
    expect(detail).to.deep.equal({ code: 'SDK_CARD_SAVED', brand: 'MASTERCARD', last4: '4622', expiryMonth: '12', expiryYear: '29' });
  });

  it('refuses a payment session in vault mode', async () => {
    const session = await savedSession([]);
    const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout mode="vault"></antom-card-checkout>`);
    const failed = oneEvent(el, 'antom-error');
    el.session = session as { paymentSessionData: string };
    expect((await failed).detail.reason).to.equal('SESSION_RESPONSE_INVALID');
  });
});

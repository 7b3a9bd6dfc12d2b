/// <reference types="mocha" />
/**
 * Themes: `auto` follows the page's `color-scheme` (the system's preference only where the page
 * allows both); a dark checkout paints its own surface; the theme and the `--antom-*` tokens reach
 * the card frame and the 3-D Secure container at load and again whenever they change; axe finds no
 * contrast problem in light, dark, and `auto` with a dark system on a light page.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/element/define.js';
import { failOnLitWarnings } from './lit-warnings.js';
import type { AntomCardCheckout } from '../../src/element/antom-card-checkout.js';
import type { ElementToFrame } from '../../src/shared/channel/messages.js';
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

const DARK_TEXT = '#f1f5f9';

async function mount(theme: string, pageScheme: string): Promise<{ el: AntomCardCheckout; frame: FakeFrame }> {
  document.documentElement.style.colorScheme = pageScheme;
  const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout theme=${theme}></antom-card-checkout>`);
  const ready = oneEvent(el, 'antom-ready');
  el.session = await mintSession('payment');
  const frame = await cardFrameOf(el);
  await frame.hello();
  await frame.ready(sessionView(frame.sessionId));
  await ready;
  await el.updateComplete;
  return { el, frame };
}

const scheme = (el: AntomCardCheckout): string | undefined =>
  el.shadowRoot!.querySelector<HTMLElement>('.checkout')!.dataset['scheme'];
const initText = async (frame: FakeFrame): Promise<string | undefined> =>
  (await frame.next('init')).appearance['--antom-color-text'];
const restyles = (frame: FakeFrame): Extract<ElementToFrame, { type: 'appearance' }>[] =>
  frame.received.filter((m): m is Extract<ElementToFrame, { type: 'appearance' }> => m.type === 'appearance');

describe('<antom-card-checkout> themes', () => {
  afterEach(async () => {
    document.documentElement.style.colorScheme = '';
    await emulateMedia({ colorScheme: 'light' });
  });

  it('auto on a light page stays light on a dark system, and axe finds no contrast problem', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { el, frame } = await mount('auto', 'light');
    expect(scheme(el)).to.equal('light');
    expect(await initText(frame)).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('auto on a page that allows both follows the system; on a dark page it is dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const both = await mount('auto', 'light dark');
    expect(scheme(both.el)).to.equal('dark');
    expect(await initText(both.frame)).to.equal(DARK_TEXT);

    await emulateMedia({ colorScheme: 'light' });
    const dark = await mount('auto', 'dark');
    expect(scheme(dark.el)).to.equal('dark');
    expect(await initText(dark.frame)).to.equal(DARK_TEXT);
  });

  it('dark paints its own surface, so a light page behind it changes nothing, and is accessible', async () => {
    const { el } = await mount('dark', '');
    const checkout = el.shadowRoot!.querySelector<HTMLElement>('.checkout')!;
    expect(getComputedStyle(checkout).backgroundColor).to.equal('rgb(15, 23, 42)');
    expect(getComputedStyle(checkout).color).to.equal('rgb(241, 245, 249)');
    await expect(el).to.be.accessible();
  });

  it('a later change of theme, of a token or of the page scheme reaches the card frame', async () => {
    const { el, frame } = await mount('auto', 'light');
    expect(restyles(frame)).to.deep.equal([]);

    el.style.setProperty('--antom-color-field', '#fafafa');
    await waitUntil(() => restyles(frame).length === 1, 'the token change did not reach the frame');
    expect(restyles(frame)[0]!.appearance['--antom-color-field']).to.equal('#fafafa');

    document.documentElement.style.colorScheme = 'dark';
    await waitUntil(() => restyles(frame).length === 2, 'the page scheme change did not reach the frame');
    expect(restyles(frame)[1]!.appearance['--antom-color-text']).to.equal(DARK_TEXT);
    await waitUntil(() => scheme(el) === 'dark');

    el.theme = 'light';
    await waitUntil(() => restyles(frame).length === 3, 'the theme change did not reach the frame');
    expect(restyles(frame)[2]!.appearance['--antom-color-text']).to.equal(undefined);
    expect(restyles(frame)[2]!.appearance['--antom-color-field']).to.equal('#fafafa');
  });

  it('auto follows a page whose color-scheme comes from a media query when the system scheme changes', async () => {
    const sheet = document.createElement('style');
    sheet.textContent = '@media (prefers-color-scheme: dark) { :root { color-scheme: dark } }';
    document.head.append(sheet);
    try {
      await emulateMedia({ colorScheme: 'light' });
      const { el, frame } = await mount('auto', '');
      expect(scheme(el)).to.equal('light');
      // The watcher (a lazy chunk) is in place once the element has restyled for a change it saw.
      el.style.setProperty('--antom-color-field', '#fafafa');
      await waitUntil(() => restyles(frame).length === 1, 'the watcher did not start');

      await emulateMedia({ colorScheme: 'dark' });
      await waitUntil(() => scheme(el) === 'dark', 'auto did not follow the media query to dark');
      await waitUntil(() => restyles(frame).length === 2, 'the dark scheme did not reach the frame');
      expect(restyles(frame)[1]!.appearance['--antom-color-text']).to.equal(DARK_TEXT);

      await emulateMedia({ colorScheme: 'light' });
      await waitUntil(() => scheme(el) === 'light', 'auto did not follow the media query back to light');
      await waitUntil(() => restyles(frame).length === 3, 'the light scheme did not reach the frame');
      expect(restyles(frame)[2]!.appearance['--antom-color-text']).to.equal(undefined);
    } finally {
      sheet.remove();
    }
  });

  it('a system scheme change while the form loads still reaches the card frame', async () => {
    const sheet = document.createElement('style');
    sheet.textContent = '@media (prefers-color-scheme: dark) { :root { color-scheme: dark } }';
    document.head.append(sheet);
    try {
      await emulateMedia({ colorScheme: 'light' });
      const el = await fixture<AntomCardCheckout>(html`<antom-card-checkout theme="auto"></antom-card-checkout>`);
      const ready = oneEvent(el, 'antom-ready');
      el.session = await mintSession('payment');
      const frame = await cardFrameOf(el);
      await frame.hello();
      expect(await initText(frame)).to.equal(undefined);
      // The frame was told light at init; the system turns dark before the form is ready.
      await emulateMedia({ colorScheme: 'dark' });
      await frame.ready(sessionView(frame.sessionId));
      await ready;
      await waitUntil(() => restyles(frame).length === 1, 'the frame kept the light scheme it loaded with');
      expect(restyles(frame)[0]!.appearance['--antom-color-text']).to.equal(DARK_TEXT);
      expect(scheme(el)).to.equal('dark');
    } finally {
      sheet.remove();
    }
  });

  it('the 3-D Secure container gets the tokens first, and again when they change', async () => {
    const { el, frame } = await mount('dark', '');
    frame.answer('submit', ({ attemptId }) => [
      {
        type: 'result',
        attemptId,
        outcome: { ...outcome('PROCESSING', 'VERIFICATION_IN_PROCESS'), challenge: { id: `chl_theme_${Date.now()}` } },
      },
    ]);
    frame.send({ type: 'state', state: formState(true, 'VISA') });
    await waitUntil(() => el.state.complete);
    el.submit();
    const container = await challengeFrameOf(el);
    await container.hello();
    const first = await container.next('appearance');
    expect(first.appearance['--antom-color-text']).to.equal(DARK_TEXT);
    expect(container.received.map((m) => m.type).slice(0, 2)).to.deep.equal(['appearance', 'focus']);
    el.theme = 'light';
    const second = await container.next('appearance', 1);
    expect(second.appearance['--antom-color-text']).to.equal(undefined);
  });
});

describe('<antom-card-checkout> colours a buyer cannot read (ours)', () => {
  let warnings: string[] = [];
  let original: typeof console.warn;
  beforeEach(() => {
    warnings = [];
    original = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      original.apply(console, args);
    };
  });
  afterEach(() => {
    console.warn = original;
    document.documentElement.style.colorScheme = '';
  });

  it("warns once per surface when a page's light text colour meets the dark theme", async () => {
    const { el } = await mount('dark', 'light');
    el.style.setProperty('--antom-color-text', '#1b1f25');
    const said = (): string[] => warnings.filter((line) => line.includes('low-contrast'));
    // The watcher loads after ready and checks again when the style changes.
    await waitUntil(() => said().length === 2, 'a warning for the field and one for the surface', { timeout: 3000 });
    expect(said()[0]).to.equal(
      '<antom-card-checkout> low-contrast: the text colour #1b1f25 on --antom-color-field #0f172a has a contrast of ' +
        '1.1:1 in the dark theme, under the 4.5:1 buyers need to read it: set --antom-color-field as well, or a theme ' +
        'that matches your --antom-* colours.',
    );
    expect(said()[1]).to.include('on --antom-color-background #0f172a');
    const { checkContrast } = await import('../../src/element/watch.js');
    expect(checkContrast(el), 'said once').to.deep.equal([]);
  });

  it('says nothing for the themes as they come, nor for light tokens on the light theme', async () => {
    const { checkContrast } = await import('../../src/element/watch.js');
    const dark = (await mount('dark', 'light')).el;
    expect(checkContrast(dark)).to.deep.equal([]);
    const light = (await mount('light', 'light')).el;
    light.style.setProperty('--antom-color-text', '#1b1f26');
    expect(checkContrast(light)).to.deep.equal([]);
    light.style.setProperty('--antom-color-field', '#202020');
    expect(checkContrast(light)).to.deep.equal(['--antom-color-field']);
  });
});

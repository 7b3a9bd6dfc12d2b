/**
 * Accessibility and layout of the frame document: axe in every visible state, the fixed ready
 * height the element's skeleton reserves, field semantics, locales, appearance tokens, reduced
 * motion and forced colours.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame } from 'playwright-core';
import { SUPPORTED_LOCALES } from '../../../src/shared/i18n/locales.js';
import type { SessionView } from '../../../src/shared/types.js';
import { BRAND_NAMES } from '../../../src/shared/card/brand-names.js';
import { eventually, settle } from '../../support/waits.js';
import { catalogue, errorTexts, launchBrowser, savedCard, startFixture, type FrameFixture } from './fixture.js';

/**
 * Height of the ready payment form in px, with or without errors, at any width from 320 px: what the
 * element reserves while it loads. No row is kept for a consent box the session does not ask for.
 */
const READY_HEIGHT = 308;
/** The same with the consent box, 44 px more. */
const CONSENT_HEIGHT = READY_HEIGHT + 44;
/** Height of the CVC-only form of a saved card (its label has room for two lines). */
const SAVED_CVC_HEIGHT = 128;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

async function withFixture(
  run: (fixture: FrameFixture) => Promise<void>,
  view: Partial<SessionView> = {},
): Promise<void> {
  const fixture = await startFixture(browser);
  try {
    Object.assign(fixture.view, view);
    await run(fixture);
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, [], 'no CSP violation or other console message');
  } finally {
    await fixture.close();
  }
}

/** Runs axe inside the frame (its CSP blocks script tags; evaluation by the driver is not blocked). */
async function axeViolations(frame: Frame): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
          ): Promise<{ passes: unknown[]; violations: { id: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    if (result.passes.length === 0) return ['axe checked nothing'];
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

const documentHeight = (frame: Frame): Promise<number> =>
  frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));

async function lastResize(fixture: FrameFixture): Promise<number | undefined> {
  const resizes = (await fixture.messages()).flatMap((m) => (m.type === 'resize' ? [m.height] : []));
  return resizes.at(-1);
}

test('axe finds no violation in the empty, error and filled states', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready({ width: 360 });
    assert.deepEqual(await axeViolations(frame), [], 'empty');
    await fixture.send({ type: 'validate', requestId: 'request_0001' });
    await fixture.waitForMessage('validation');
    await frame.click('#expiry');
    await fixture.page.keyboard.type('13');
    assert.deepEqual(await axeViolations(frame), [], 'errors shown');
    await frame.fill('#number', '');
    await frame.click('#number');
    await fixture.page.keyboard.type('4054695723100768');
    await fixture.page.keyboard.type('1230');
    await fixture.page.keyboard.type('123');
    await frame.click('#holder');
    await fixture.page.keyboard.type('Ada Lovelace');
    await frame.fill('#expiry', '');
    await frame.click('#expiry');
    await fixture.page.keyboard.type('1230');
    assert.deepEqual(await axeViolations(frame), [], 'filled');
  });
});

test('the ready height is the same with and without errors, from 280 to 480 px, nothing sideways', async () => {
  for (const [width, locale] of [
    [280, 'de_DE'],
    [360, 'en_US'],
    [480, 'en_US'],
    [320, 'de_DE'],
    [360, 'ja_JP'],
  ] as const) {
    await withFixture(async (fixture) => {
      const frame = await fixture.ready({ width, locale });
      await settle(50);
      assert.equal(await documentHeight(frame), READY_HEIGHT, `${width} ${locale} empty`);
      assert.equal(await lastResize(fixture), READY_HEIGHT);
      await frame.click('#holder');
      await fixture.page.keyboard.type('4');
      await fixture.send({ type: 'validate', requestId: 'request_0001' });
      await fixture.waitForMessage('validation');
      const shown = await frame.$$eval('.err', (lines) => lines.filter((line) => line.textContent).length);
      assert.equal(shown, 4, 'every field shows an error');
      assert.equal(await documentHeight(frame), READY_HEIGHT, `${width} ${locale} with errors`);
      const sideways = await frame.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(sideways <= 0, `${width} ${locale}: nothing wider than the frame`);
      await settle(50);
      assert.deepEqual(
        (await fixture.messages()).filter((m) => m.type === 'resize'),
        [{ type: 'resize', height: READY_HEIGHT }],
        'one resize message, never another',
      );
    });
  }
});

test('labels and errors of the half-width fields fit on their line at 320 px in every locale', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready({ width: 320 });
    for (const locale of SUPPORTED_LOCALES) {
      const { expiry, cvc } = catalogue(locale);
      const errors = errorTexts(catalogue(locale));
      const lines = {
        expiry: [
          expiry,
          errors.REQUIRED,
          errors.INVALID_EXPIRATION_DATE,
          errors.INCOMPLETE_EXPIRATION_DATE,
          errors.CARD_EXPIRED,
        ],
        cvc: [cvc, errors.REQUIRED, errors.INVALID_CVV, errors.INCOMPLETE_CVV],
      };
      const clipped = await frame.evaluate((all) => {
        const out: string[] = [];
        for (const [id, texts] of Object.entries(all)) {
          for (const element of [document.querySelector(`label[for=${id}]`), document.getElementById(`${id}-err`)]) {
            if (!element) return ['missing element'];
            const before = element.textContent;
            for (const text of texts) {
              element.textContent = text;
              if (element.scrollWidth > element.clientWidth) out.push(text);
            }
            element.textContent = before;
          }
        }
        return out;
      }, lines);
      assert.deepEqual(clipped, [], locale);
    }
  });
});

test('fields have labels, autocomplete, numeric keyboards, described errors and 16 px text', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready();
    const fields = await frame.$$eval('input', (inputs) =>
      inputs.map((el) => {
        const input = el as HTMLInputElement;
        return {
          id: input.id,
          label: input.labels?.[0]?.textContent,
          autocomplete: input.getAttribute('autocomplete'),
          inputmode: input.getAttribute('inputmode'),
          required: input.getAttribute('aria-required'),
          describedby: input.getAttribute('aria-describedby'),
          fontSize: getComputedStyle(input).fontSize,
        };
      }),
    );
    assert.deepEqual(fields, [
      {
        id: 'number',
        label: 'Card number',
        autocomplete: 'cc-number',
        inputmode: 'numeric',
        required: 'true',
        describedby: 'number-brand number-err',
        fontSize: '16px',
      },
      {
        id: 'expiry',
        label: 'Expiration date',
        autocomplete: 'cc-exp',
        inputmode: 'numeric',
        required: 'true',
        describedby: 'expiry-err',
        fontSize: '16px',
      },
      {
        id: 'cvc',
        label: 'Security code',
        autocomplete: 'cc-csc',
        inputmode: 'numeric',
        required: 'true',
        describedby: 'cvc-hint cvc-err',
        fontSize: '16px',
      },
      {
        id: 'holder',
        label: 'Name on card (optional)',
        autocomplete: 'cc-name',
        inputmode: null,
        required: 'false',
        describedby: 'holder-err',
        fontSize: '16px',
      },
    ]);
    assert.equal(await frame.getAttribute('#expiry', 'placeholder'), 'MM / YY');
    assert.equal(await frame.getAttribute('#cvc', 'placeholder'), '3 digits');
    assert.equal(await frame.textContent('#cvc-hint'), '3 digits');
    assert.equal(await frame.getAttribute('html', 'lang'), 'en-US');
    assert.equal(await frame.title(), 'Card details');
  });
});

test('German texts and lang, even when init names a locale other than the URL', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready({ locale: 'en_US', initLocale: 'de-DE' });
    assert.equal(await frame.getAttribute('html', 'lang'), 'de-DE');
    assert.deepEqual(await frame.$$eval('label', (labels) => labels.map((label) => label.textContent)), [
      'Kartennummer',
      'Ablaufdatum',
      'Prüfnummer',
      'Karteninhaber (optional)',
    ]);
    assert.equal(await frame.getAttribute('#expiry', 'placeholder'), 'MM / JJ');
    await frame.click('#number');
    await fixture.page.keyboard.type('7');
    assert.equal(await frame.textContent('#number-err'), 'Ungültige Kartennummer');
    assert.equal(await frame.title(), 'Kartendaten');
  });
});

test('appearance tokens restyle the fields, a new set replaces the old one, 16 px stays the floor', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.mount();
    await fixture.connect();
    await fixture.send({
      type: 'init',
      sessionData: fixture.sessionData,
      locale: 'en_US',
      appearance: { '--antom-color-text': '#112233', '--antom-color-focus': '#aa0055', '--antom-font-size': '12px' },
    });
    await fixture.waitForMessage('ready');
    const style = (selector: string, property: string): Promise<string> =>
      frame.$eval(selector, (el, name) => getComputedStyle(el).getPropertyValue(name), property);
    assert.equal(await style('label', 'color'), 'rgb(17, 34, 51)');
    assert.equal(await style('#number', 'font-size'), '16px');
    await frame.click('#number');
    assert.equal(await style('#number', 'outline-color'), 'rgb(170, 0, 85)');
    assert.notEqual(await style('#number', 'outline-width'), '0px');

    await fixture.send({
      type: 'appearance',
      appearance: { '--antom-color-text': '#445566', '--antom-font-size': '20px' },
    });
    await eventually(async () => assert.equal(await style('label', 'color'), 'rgb(68, 85, 102)'));
    assert.equal(await style('#number', 'font-size'), '20px');
    assert.equal(
      await style('#number', 'outline-color'),
      'rgb(10, 98, 201)',
      'a token left out falls back to the default',
    );
    assert.equal(await documentHeight(frame), READY_HEIGHT, 'tokens do not change the height');
  });
});

test('reduced motion drops transitions; forced colours keep errors and focus visible', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready();
    const duration = (): Promise<string> => frame.$eval('#number', (el) => getComputedStyle(el).transitionDuration);
    assert.equal(await duration(), '0.15s');
    await fixture.page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await duration(), '0s');
    await fixture.page.emulateMedia({ forcedColors: 'active' });
    await frame.click('#number');
    await fixture.page.keyboard.type('7');
    const look = await frame.$eval('#number', (el) => ({
      border: getComputedStyle(el).borderTopWidth,
      outline: getComputedStyle(el).outlineStyle,
    }));
    assert.deepEqual(look, { border: '2px', outline: 'solid' });
  });
});

const SAVED_CVC: Partial<SessionView> = {
  savedCards: [savedCard(0, 'AMEX', '0005'), savedCard(1, 'CARTES_BANCAIRES', '0007')],
  policies: { savedCardCvc: true, askToSave: false },
};
const CONSENT: Partial<SessionView> = { policies: { savedCardCvc: false, askToSave: true } };

test('axe finds no violation in the CVC-only state of a saved card, empty and with an error', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready({ width: 360 });
    assert.deepEqual(await axeViolations(frame), [], 'empty');
    await fixture.send({ type: 'validate', requestId: 'request_0001' });
    await fixture.waitForMessage('validation');
    assert.equal(await frame.getAttribute('#cvc', 'aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(frame), [], 'error shown');
    await fixture.page.keyboard.type('1234');
    assert.deepEqual(await axeViolations(frame), [], 'filled');
    assert.equal(await frame.getAttribute('#cvc', 'aria-describedby'), 'cvc-hint cvc-err');
    assert.equal(await frame.textContent('#cvc-hint'), '4 digits');
  }, SAVED_CVC);
});

test('axe finds no violation with the consent box, unticked, ticked and focused', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready({ width: 360 });
    assert.deepEqual(await axeViolations(frame), [], 'unticked');
    await frame.focus('#save');
    await fixture.page.keyboard.press('Space');
    assert.deepEqual(await axeViolations(frame), [], 'ticked');
    const ring = await frame.$eval('#save', (el) => getComputedStyle(el).outlineStyle);
    assert.equal(ring, 'solid', 'a visible focus ring');
  }, CONSENT);
});

test('heights: the consent box adds one 44 px row, the CVC-only form is one field, in every locale', async () => {
  for (const [width, locale] of [
    [320, 'en_US'],
    [480, 'en_US'],
    [320, 'de_DE'],
    [320, 'fr_FR'],
    [360, 'ja_JP'],
  ] as const) {
    await withFixture(async (fixture) => {
      const frame = await fixture.ready({ width, locale });
      await settle(50);
      assert.equal(await documentHeight(frame), CONSENT_HEIGHT, `${width} ${locale} consent`);
      assert.equal(await lastResize(fixture), CONSENT_HEIGHT);
      const label = await frame.$eval('label.check', (el) => ({ height: el.clientHeight, text: el.scrollHeight }));
      assert.deepEqual(label, { height: 44, text: 44 }, `${width} ${locale}: the label fits its row`);
    }, CONSENT);
    await withFixture(async (fixture) => {
      const frame = await fixture.ready({ width, locale });
      await settle(50);
      assert.equal(await documentHeight(frame), SAVED_CVC_HEIGHT, `${width} ${locale} CVC only`);
      assert.equal(await lastResize(fixture), SAVED_CVC_HEIGHT);
      await fixture.send({ type: 'validate', requestId: 'request_0001' });
      await fixture.waitForMessage('validation');
      assert.equal(await documentHeight(frame), SAVED_CVC_HEIGHT, `${width} ${locale} CVC only with error`);
    }, SAVED_CVC);
  }
});

test('the saved card CVC label names the longest brands within its two lines at 320 px in every locale', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready({ width: 320 });
    for (const locale of SUPPORTED_LOCALES) {
      const texts = ['AMEX', 'CARTES_BANCAIRES'].map((brand) =>
        catalogue(locale).savedCvc.replace('{card}', `${BRAND_NAMES[brand as 'AMEX']} ••••\u00a00005`),
      );
      const clipped = await frame.$eval(
        'label[for=cvc]',
        (label, all) =>
          all.filter((text) => {
            label.textContent = text;
            return label.scrollWidth > label.clientWidth || label.scrollHeight > label.clientHeight;
          }),
        texts,
      );
      assert.deepEqual(clipped, [], locale);
    }
  }, SAVED_CVC);
});

for (const locale of ['ar_SA', 'he_IL'] as const) {
  test(`${locale}: the frame reads right to left, the card number, expiry and CVC left to right`, async () => {
    await withFixture(async (fixture) => {
      const frame = await fixture.ready({ locale, width: 320 });
      assert.equal(await frame.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await frame.getAttribute('html', 'lang'), locale.replace('_', '-'));
      const fields = await frame.$$eval('input:not([type=checkbox])', (inputs) =>
        inputs.map((input) => {
          const box = input.getBoundingClientRect();
          // Where the label's text is drawn, not its (full-width) box.
          const text = document.createRange();
          text.selectNodeContents(document.querySelector(`label[for="${input.id}"]`)!);
          const label = text.getBoundingClientRect();
          return {
            id: input.id,
            dir: input.getAttribute('dir'),
            direction: getComputedStyle(input).direction,
            // A right-to-left form starts at the right: each label sits at its field's right edge.
            labelAtRight: Math.abs(label.right - box.right) <= 2,
          };
        }),
      );
      assert.deepEqual(fields, [
        { id: 'number', dir: 'ltr', direction: 'ltr', labelAtRight: true },
        { id: 'expiry', dir: 'ltr', direction: 'ltr', labelAtRight: true },
        { id: 'cvc', dir: 'ltr', direction: 'ltr', labelAtRight: true },
        { id: 'holder', dir: null, direction: 'rtl', labelAtRight: true },
      ]);
      // The expiry and CVC columns are mirrored: the expiry (first) is on the right.
      const [expiry, cvc] = await Promise.all(
        ['#expiry', '#cvc'].map((selector) => frame.$eval(selector, (el) => el.getBoundingClientRect().left)),
      );
      assert.ok(expiry! > cvc!, `expiry at ${expiry}, CVC at ${cvc}`);
      await frame.click('#number');
      await fixture.page.keyboard.type('4242');
      assert.equal(await frame.inputValue('#number'), '4242');
      assert.equal(await frame.title(), catalogue(locale).title);
      assert.deepEqual(await axeViolations(frame), []);
    });
  });
}

test('the merchant’s texts in init replace the catalogue’s; unknown keys change nothing', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready({
      locale: 'fr_FR',
      initMessages: { number: 'N° de carte bancaire', 'error.REQUIRED': 'À remplir', 'no.such': 'x' },
    });
    const labels = await frame.$$eval('label', (all) => all.map((label) => label.textContent));
    assert.deepEqual(labels.slice(0, 2), ['N° de carte bancaire', catalogue('fr_FR').expiry]);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('invalid');
    assert.equal(await frame.textContent('#number-err'), 'À remplir');
  });
});

/**
 * The card number field shows the detected brand's mark as the buyer types: a drawing (an `<svg>` of
 * shapes, no text in it), hidden from screen readers, with the brand's name as text in the badge (the field's description); while
 * no brand is known, the neutral card outline. The marks load when the buyer first comes to the fields, not before ready. Cartes Bancaires is left out: its numbers read as Visa
 * or Mastercard (shared/card/rules.ts), so only a saved card shows its mark.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame } from 'playwright-core';
import { BRAND_NAMES } from '../../../src/shared/card/brand-names.js';
import { BRAND_TABLE } from '../../../src/shared/card/rules.js';
import { eventually } from '../../support/waits.js';
import { launchBrowser, startFixture } from './fixture.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

/** What the badge shows: the mark's brand, whether it is a visible drawing, and the name in text. */
function badge(frame: Frame): Promise<{ brand: string; drawing: boolean; hidden: string | null; name: string }> {
  return frame.$eval('#number-brand', (badge) => {
    const svg = badge.querySelector('svg');
    const box = svg?.getBoundingClientRect();
    return {
      brand: svg?.dataset['brand'] ?? '',
      drawing:
        !!svg &&
        svg.querySelectorAll('path, rect, circle').length > 0 &&
        svg.querySelector('text') === null &&
        box!.width >= 30 &&
        box!.height >= 20,
      hidden: svg?.getAttribute('aria-hidden') ?? null,
      name: badge.textContent ?? '',
    };
  });
}

test('the number field shows each detected brand as a drawn mark, named in text', async () => {
  const fixture = await startFixture(browser);
  try {
    const frame = await fixture.ready({ width: 360 });
    // The marks are not part of the frame's first load: they come when the buyer comes to the fields.
    assert.deepEqual(await badge(frame), { brand: '', drawing: false, hidden: null, name: '' });
    await frame.click('#number');
    await eventually(async () =>
      assert.deepEqual(await badge(frame), { brand: 'unknown', drawing: true, hidden: 'true', name: '' }),
    );
    for (const [, brand, prefix] of BRAND_TABLE) {
      await frame.fill('#number', '');
      await frame.click('#number');
      await fixture.page.keyboard.type(prefix);
      await eventually(async () =>
        assert.deepEqual(await badge(frame), { brand, drawing: true, hidden: 'true', name: BRAND_NAMES[brand] }, brand),
      );
    }
    assert.deepEqual(fixture.pageErrors, []);
  } finally {
    await fixture.close();
  }
});

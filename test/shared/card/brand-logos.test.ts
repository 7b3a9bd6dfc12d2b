/**
 * The brand marks: one per brand the protocol accepts, each a drawing of shapes (no `<text>`), and
 * the JSON the frame fetches is the one brand-logos.ts makes (`npm run logos` after a change).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BRAND_LOGO_SHAPES } from '../../../src/shared/card/brand-logos.js';
import type { Shape } from '../../../src/shared/card/brand-logo-draw.js';
import { CARD_BRANDS } from '../../../src/shared/types.js';

const tags = (shape: Shape): string[] => [shape[0], ...(shape[2] ?? []).flatMap(tags)];

test('every accepted brand has its own drawn mark, a 40 x 26 decorative svg of shapes', () => {
  assert.deepEqual(Object.keys(BRAND_LOGO_SHAPES).sort(), [...CARD_BRANDS, 'unknown'].sort());
  const drawings = new Set<string>();
  for (const [brand, shape] of Object.entries(BRAND_LOGO_SHAPES)) {
    const [tag, attributes, children = []] = shape;
    assert.equal(tag, 'svg', brand);
    assert.equal(attributes['viewBox'], '0 0 40 26', brand);
    assert.equal(attributes['aria-hidden'], 'true', brand);
    assert.equal(attributes['data-brand'], brand);
    assert.ok(children.length >= 2, `${brand} is drawn with shapes`);
    assert.ok(!tags(shape).includes('text'), `${brand} has no text in it`);
    drawings.add(JSON.stringify(children));
  }
  assert.equal(drawings.size, CARD_BRANDS.length + 1, 'no two brands share a drawing');
});

test('brand-logos.json is current with brand-logos.ts (run npm run logos)', () => {
  const file = readFileSync(new URL('../../../src/shared/card/brand-logos.json', import.meta.url), 'utf8');
  assert.deepEqual(JSON.parse(file), JSON.parse(JSON.stringify(BRAND_LOGO_SHAPES)));
});

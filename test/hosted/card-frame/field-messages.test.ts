/**
 * The frame's catalogues: every supported locale has one, with exactly the keys of `en_US`,
 * non-empty texts and the placeholders the frame fills in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EN_US_FIELD_MESSAGES, loadFieldMessages } from '../../../src/shared/i18n/field-messages.js';
import { SUPPORTED_LOCALES } from '../../../src/shared/i18n/locale.js';
import { FIELD_ERROR_CODES } from '../../../src/shared/types.js';
import { catalogue } from './fixture.js';

function shapeOf(value: unknown): unknown {
  if (typeof value === 'string') return 'text';
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, shapeOf(inner)]),
  );
}

function texts(value: unknown): string[] {
  return typeof value === 'string' ? [value] : Object.values(value as Record<string, unknown>).flatMap(texts);
}

test('every supported locale has a complete catalogue', () => {
  const expected = shapeOf(EN_US_FIELD_MESSAGES);
  assert.deepEqual(Object.keys(EN_US_FIELD_MESSAGES.errors).sort(), [...FIELD_ERROR_CODES].sort());
  for (const locale of SUPPORTED_LOCALES) {
    const messages = catalogue(locale);
    assert.deepEqual(shapeOf(messages), expected, locale);
    for (const text of texts(messages))
      assert.ok(text.trim().length > 0 && text === text.trim(), `${locale}: "${text}"`);
    assert.match(messages.cvcHint, /\{n\}/, locale);
    assert.match(messages.brand, /\{brand\}/, locale);
    assert.match(messages.savedCvc, /\{card\}/, locale);
  }
});

test('en_US needs no download; a catalogue that cannot be fetched falls back to en_US', async () => {
  assert.equal(await loadFieldMessages('en_US'), EN_US_FIELD_MESSAGES);
  const original = globalThis.fetch;
  globalThis.fetch = () => Promise.reject(new TypeError('offline'));
  try {
    assert.equal(await loadFieldMessages('de_DE'), EN_US_FIELD_MESSAGES);
  } finally {
    globalThis.fetch = original;
  }
});

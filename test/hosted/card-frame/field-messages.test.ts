/**
 * The frame's catalogue loading: English is built in; another locale is one JSON file fetched next
 * to the frame's script, merged over English; a file that cannot be fetched leaves English.
 * (Completeness of every catalogue: test/shared/i18n.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EN_US_FIELD_MESSAGES, loadFieldMessages } from '../../../src/shared/i18n/field-messages.js';
import { catalogue } from './fixture.js';

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

test('a fetched catalogue is one file named by surface and locale, its texts in English key order; extra and empty texts are dropped', async () => {
  const original = globalThis.fetch;
  const asked: string[] = [];
  globalThis.fetch = (input) => {
    asked.push(String(input));
    // As the frame build sends it (vite.config.ts): the texts in the order of English's keys.
    const hebrew = { ...catalogue('he_IL'), number: '' } as Record<string, string>;
    const body = [...Object.keys(EN_US_FIELD_MESSAGES).map((key) => hebrew[key]), 'an extra text'];
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
  try {
    const loaded = await loadFieldMessages('he_IL');
    assert.match(asked[0] ?? '', /\/frame-he_IL-[\w]+\.json$/);
    assert.equal(loaded.cvc, catalogue('he_IL').cvc);
    assert.equal(loaded.number, EN_US_FIELD_MESSAGES.number, 'an empty text keeps English');
    assert.equal('no.such.key' in loaded, false);
  } finally {
    globalThis.fetch = original;
  }
});

/**
 * The React component knows every property and every event of the element: its lists are checked
 * against custom-elements.json, which the analyzer writes from the element's sources (and
 * test/build/manifest.test.ts keeps fresh). The type-level twin of this check is the `satisfies`
 * clause in src/react/index.ts and the `Listed` check in src/frameworks/element-api.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_PROP_NAMES } from 'antom-card-checkout/react';
import { ELEMENT_PROPERTIES, ELEMENT_TAG } from '../../src/frameworks/element-api.js';

interface Member {
  name: string;
  kind: string;
  privacy?: string;
  readonly?: boolean;
  static?: boolean;
}

interface ElementDeclaration {
  tagName?: string;
  customElement?: boolean;
  members?: Member[];
  events?: { name: string }[];
}

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../custom-elements.json'), 'utf8')) as {
  modules: { declarations?: ElementDeclaration[] }[];
};
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.customElement === true);

test('the element is found in custom-elements.json under the tag the bindings use', () => {
  assert.ok(element, 'custom-elements.json declares a custom element');
  assert.equal(element.tagName, ELEMENT_TAG);
});

test('every settable property of the element is a prop, and nothing else is', () => {
  const settable = (element?.members ?? [])
    .filter((member) => member.kind === 'field' && !member.static && !member.readonly)
    .filter((member) => member.privacy === undefined || member.privacy === 'public')
    .map((member) => member.name);
  assert.ok(settable.length >= 10, 'the manifest lists the properties');
  assert.deepEqual([...ELEMENT_PROPERTIES].sort(), settable.sort());
});

test('every event of the element has its onX prop, named after the event', () => {
  const events = (element?.events ?? []).map((event) => event.name);
  assert.equal(events.length, 13);
  assert.deepEqual(Object.values(EVENT_PROP_NAMES).sort(), [...events].sort());
  for (const [prop, event] of Object.entries(EVENT_PROP_NAMES)) {
    const expected = `on${event
      .replace(/^antom-/, '')
      .split('-')
      .map((word) => word[0]!.toUpperCase() + word.slice(1))
      .join('')}`;
    assert.equal(prop, expected, event);
  }
});

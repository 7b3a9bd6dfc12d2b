/**
 * The built React and Vue bindings (dist/lib/react.js, dist/lib/vue.js), as a merchant's bundler
 * and server meet them: the React entry stays a client module ('use client', for React Server
 * Components), imports only React and @lit/react before it runs (the element loads on mount, by a
 * dynamic import of the library's own `define` entry, so there is one element class), and both stay
 * small. Needs `npm run build` first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIB = join(import.meta.dirname, '../../dist/lib');
const KB = 1024;

function built(file: string): string {
  const path = join(LIB, file);
  assert.ok(existsSync(path), `${file}: run npm run build first`);
  return readFileSync(path, 'utf8');
}

/** Specifiers of the static imports and re-exports of an ES module's text. */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s*(?:[\w*{}$,\s]+from\s*)?["']([^"']+)["']/gm)].map((m) => m[1]!);
}

test('react.js is a client module that loads only React and @lit/react before it runs', () => {
  const text = built('react.js');
  assert.match(text, /^["']use client["'];/, "the first statement is 'use client'");
  assert.deepEqual(staticImports(text).sort(), ['@lit/react', 'react']);
  assert.match(text, /\bimport\(["']\.\/define\.js["']\)/, 'the element is imported on mount, from the define entry');
});

test('vue.js registers through the define entry, the one that defines the element', () => {
  assert.deepEqual(staticImports(built('vue.js')), ['./define.js']);
});

test('the bindings stay small: react.js at most 2 KB gzip, vue.js at most 0.5 KB (the element not counted)', () => {
  const size = (file: string): number => gzipSync(built(file), { level: 9 }).length;
  console.log(`react.js ${(size('react.js') / KB).toFixed(2)} KB gzip, vue.js ${(size('vue.js') / KB).toFixed(2)} KB gzip`);
  assert.ok(size('react.js') <= 2 * KB, `react.js is ${size('react.js')} bytes gzip`);
  assert.ok(size('vue.js') <= 0.5 * KB, `vue.js is ${size('vue.js')} bytes gzip`);
});

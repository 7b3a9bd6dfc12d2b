/**
 * Bundle budgets (quality-bars.md): the page-side script-tag bundle, Lit included, <= 20 KB gzip;
 * the frame document with its CSS and script <= 12 KB gzip. Measured on the built files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('../../', import.meta.url).pathname;
const gz = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;
const KB = 1024;

test('page-side bundle (ESM, Lit included, minified) is at most 20 KB gzip', () => {
  const entry = join(root, 'dist/cdn/antom-card-checkout.js');
  assert.ok(existsSync(entry), 'run npm run build first');
  const text = readFileSync(entry, 'utf8');
  assert.match(text, /customElements\.define/, 'the bundle registers the element');
  assert.doesNotMatch(text, /from\s*["']lit/, 'Lit is bundled, not imported');
  const size = gz(entry);
  console.log(`page-side bundle: ${(size / KB).toFixed(2)} KB gzip`);
  assert.ok(size <= 20 * KB, `${size} bytes > 20 KB`);
});

test('frame document, CSS and script are at most 12 KB gzip together', () => {
  const dir = join(root, 'dist/frame');
  const html = join(dir, 'frame.html');
  assert.ok(existsSync(html), 'run npm run build first');
  const page = readFileSync(html, 'utf8');
  const referenced = [...page.matchAll(/(?:src|href)="\/sdk\/v1\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(referenced.some((f) => f.endsWith('.js')), 'the frame page loads a script');
  const assets = readdirSync(join(dir, 'assets')).map((f) => `assets/${f}`);
  for (const file of referenced) assert.ok(assets.includes(file), `${file} exists`);
  const size = gz(html) + assets.reduce((sum, file) => sum + gz(join(dir, file)), 0);
  console.log(`frame: ${(size / KB).toFixed(2)} KB gzip (${assets.length} assets)`);
  assert.ok(size <= 12 * KB, `${size} bytes > 12 KB`);
});

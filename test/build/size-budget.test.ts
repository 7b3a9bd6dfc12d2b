/**
 * Bundle budgets (docs/quality-bars.md), on the built files at gzip level 9: everything the element
 * downloads on the merchant's origin before antom-ready, Lit included, <= 20 KB, for a first-time
 * buyer and for a returning buyer whose saved-card list comes before ready; everything the card frame
 * downloads before ready (its page and every stylesheet, script, font or icon the page or its CSS
 * names) <= 12 KB for an English buyer, a catalogue reported on top; what loads after ready (the
 * outcome code and texts, the brand marks, the watcher) reported, the marks within their own budget
 * (ours: 2 KB frame, 2.5 KB page). test/e2e/bytes-before-ready.test.ts checks the same bars on what
 * Chromium actually fetched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cdnIntegrity } from '../support/cdn.js';

const root = new URL('../../', import.meta.url).pathname;
const gz = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;
const KB = 1024;

/** Chunks a module loads before it runs: its static imports, transitively (dynamic `import()` excluded). */
function staticGraph(dir: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(join(dir, entry), 'utf8');
  for (const match of text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}$,\s]+from\s*)?["']\.\/([^"']+)["']/g)) {
    staticGraph(dir, match[1]!, seen);
  }
  return seen;
}

/** The chunks the page needs before antom-ready: the entry's static graph, plus the saved-card list's for a returning buyer. */
function beforeReady(dir: string, savedCards: boolean): Set<string> {
  const needed = staticGraph(dir, cdnIntegrity().module);
  const list = readdirSync(dir).find((file) => /^saved-cards-[\w-]{8}\.js$/.test(file));
  assert.ok(list, 'the saved-card list is a chunk of its own');
  assert.equal(needed.has(list), false, 'a first-time buyer does not download the list');
  return savedCards ? new Set([...needed, ...staticGraph(dir, list)]) : needed;
}

test('page side before antom-ready (ESM, Lit included): at most 20 KB gzip, with or without the saved-card list', () => {
  const dir = join(root, 'dist/cdn');
  const entry = join(dir, cdnIntegrity().module);
  assert.ok(existsSync(entry), 'run npm run build first');
  const text = readFileSync(entry, 'utf8');
  assert.match(text, /customElements\.define/, 'the bundle registers the element');
  assert.doesNotMatch(text, /from\s*["']lit/, 'Lit is bundled, not imported');
  const classic = cdnIntegrity().classic;
  for (const savedCards of [false, true]) {
    const needed = [...beforeReady(dir, savedCards)];
    const size = needed.reduce((sum, file) => sum + gz(join(dir, file)), 0);
    console.log(
      `page side before ready, ${savedCards ? 'returning buyer with saved cards' : 'first-time buyer'}: ` +
        `${(size / KB).toFixed(2)} KB gzip in ${needed.length} file(s)`,
    );
    assert.ok(size <= 20 * KB, `${savedCards ? 'with' : 'without'} saved cards: ${size} bytes > 20 KB`);
  }
  const needed = beforeReady(dir, true);
  const later = readdirSync(dir).filter((file) => file.endsWith('.js') && !needed.has(file) && file !== classic);
  console.log(
    'page side, loaded later: ' +
      later.map((file) => `${file.replace(/-[\w-]{8}\.js$/, '')} ${(gz(join(dir, file)) / KB).toFixed(2)} KB`).join(', '),
  );
  // What the element fetches at ready, not before: the code and texts of outcomes, the look watcher.
  for (const chunk of ['outcomes', 'watch']) assert.ok(later.some((file) => file.startsWith(`${chunk}-`)), chunk);
});

test('the classic script is one self-contained file: no chunk to fetch, so its one integrity value covers all', () => {
  const dir = join(root, 'dist/cdn');
  const { classic } = cdnIntegrity();
  const text = readFileSync(join(dir, classic), 'utf8');
  assert.match(text, /customElements\.define/, 'the classic script registers the element');
  assert.doesNotMatch(
    text,
    /\bimport\s*\(\s*["'`]/,
    'no import() of a fixed path (only sdk-url, which the page names)',
  );
  assert.doesNotMatch(text, /^\s*(import|export)\b/m, 'a classic script, not a module');
  console.log(
    `classic script: ${(gz(join(dir, classic)) / KB).toFixed(2)} KB gzip (every language and 3-D Secure inside)`,
  );
});

/** Files a stylesheet names with `url(...)` (fonts, icons), relative to the frame's assets. */
function cssReferences(css: string): string[] {
  return [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)]
    .map((m) => m[1]!)
    .filter((ref) => !ref.startsWith('data:'))
    .map((ref) => `assets/${ref.replace(/^.*\//, '')}`);
}

test('the card frame before ready, English: its page and every file it names, CSS, fonts and icons included, at most 12 KB gzip', () => {
  const dir = join(root, 'dist/frame');
  const html = join(dir, 'frame.html');
  assert.ok(existsSync(html), 'run npm run build first');
  const page = readFileSync(html, 'utf8');
  const referenced = [...page.matchAll(/(?:src|href)="\/sdk\/v1\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const assets = readdirSync(join(dir, 'assets')).map((f) => `assets/${f}`);
  const files = new Set<string>();
  for (const file of referenced) {
    assert.ok(assets.includes(file), `${file} exists`);
    files.add(file);
    if (file.endsWith('.css')) for (const ref of cssReferences(readFileSync(join(dir, file), 'utf8'))) files.add(ref);
    if (file.endsWith('.js')) for (const chunk of staticGraph(join(dir, 'assets'), file.slice('assets/'.length))) files.add(`assets/${chunk}`);
  }
  assert.equal(referenced.filter((f) => f.endsWith('.js')).length, 1, 'the frame page loads one script');
  assert.ok([...files].some((f) => f.endsWith('.css')), 'its stylesheet is counted');
  for (const file of files) assert.ok(existsSync(join(dir, file)), `${file} exists`);
  const size = gz(html) + [...files].reduce((sum, file) => sum + gz(join(dir, file)), 0);
  // A buyer in another language downloads one catalogue more (none for English).
  const catalogues = assets
    .filter((f) => f.endsWith('.json') && !f.startsWith('assets/brand-logos-') && !f.startsWith('assets/challenge-'))
    .map((f) => gz(join(dir, f)));
  console.log(
    `card frame before ready, English: ${(size / KB).toFixed(2)} KB gzip in ${files.size + 1} files ` +
      `(${[...files].map((f) => f.replace(/^assets\//, '')).join(', ')}); the largest catalogue adds ${(Math.max(0, ...catalogues) / KB).toFixed(2)} KB`,
  );
  assert.ok(size <= 12 * KB, `${size} bytes > 12 KB`);
});

test('brand marks load after ready, on both sides, within their own budget (ours: 2 KB frame, 2.5 KB page)', () => {
  const frameAssets = join(root, 'dist/frame/assets');
  const json = readdirSync(frameAssets).filter((file) => /^brand-logos-[\w-]{8}\.json$/.test(file));
  assert.equal(json.length, 1, 'the frame fetches one file of marks');
  const frameSize = gz(join(frameAssets, json[0]!));
  const frame = readFileSync(join(root, 'dist/frame/frame.html'), 'utf8');
  assert.doesNotMatch(frame, /brand-logos/, 'the frame page does not load the marks itself');

  const dir = join(root, 'dist/cdn');
  const chunks = readdirSync(dir).filter((file) => /^brand-logos?(-draw)?-[\w-]{8}\.js$/.test(file));
  assert.ok(chunks.length >= 1, 'the marks and their drawing code are a chunk of their own');
  const needed = beforeReady(dir, true);
  for (const chunk of chunks) assert.equal(needed.has(chunk), false, `${chunk} is not loaded before ready`);
  const pageSize = chunks.reduce((sum, file) => sum + gz(join(dir, file)), 0);
  console.log(`brand marks: frame ${(frameSize / KB).toFixed(2)} KB gzip, page ${(pageSize / KB).toFixed(2)} KB gzip`);
  assert.ok(frameSize <= 2 * KB, `frame marks ${frameSize} bytes > 2 KB`);
  assert.ok(pageSize <= 2.5 * KB, `page marks ${pageSize} bytes > 2.5 KB`);
});

#!/usr/bin/env node
// `npm run bench:sizes`: what a buyer's browser downloads, gzip level 9 of the built files in dist/
// (as test/build/size-budget.test.ts counts them; that test holds the budgets, this part reports them
// next to the others):
//  - the page-side bundle before `antom-ready` (the script-tag module and every chunk it imports
//    statically), for a new buyer and for a returning one (plus the saved-card list);
//  - the frame before ready: its document and every asset it references, with their static imports
//    and the files their CSS points at (English: no catalogue);
//  - reported only: the official-SDK chunks (the driver and Antom's ams-checkout, loaded for live
//    sessions only), the 3-D Secure chunk of the page and the gateway's 3-D Secure page.
// Each chunk counts once: what the entry already loaded is not counted again. `--json <file>` writes
// the figures for scripts/bench.ts.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { cdnIntegrity, CDN_DIR } from '../test/support/cdn.js';
import type { Measured, PartReport } from './bench-report.js';

const { values } = parseArgs({ options: { json: { type: 'string' } } });
const FRAME_DIR = join(import.meta.dirname, '..', 'dist', 'frame');
const KB = 1024;

if (!existsSync(join(FRAME_DIR, 'frame.html')) || !existsSync(join(CDN_DIR, 'integrity.json'))) {
  console.error('bench:sizes: the build is missing; run `npm run build` first');
  process.exit(2);
}

const gz = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

/** A chunk and what it imports statically (not `import()`), transitively, as file names in `dir`. */
function staticGraph(dir: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  if (!entry.endsWith('.js')) return seen;
  const text = readFileSync(join(dir, entry), 'utf8');
  for (const match of text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}$,\s]+from\s*)?["']\.\/([^"']+)["']/g)) {
    staticGraph(dir, match[1]!, seen);
  }
  return seen;
}

/** A built page on the gateway: the document, what it references under /sdk/v1/, their static imports and CSS urls. */
function hostedPage(page: string): { files: string[]; bytes: number } {
  const assets = join(FRAME_DIR, 'assets');
  const html = readFileSync(join(FRAME_DIR, page), 'utf8');
  const files = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="\/sdk\/v1\/assets\/([^"]+)"/g)) {
    const file = match[1]!;
    staticGraph(assets, file, files);
    if (file.endsWith('.css')) {
      for (const url of readFileSync(join(assets, file), 'utf8').matchAll(/url\(\s*["']?\.?\/?([\w.-]+)["']?\s*\)/g)) {
        if (existsSync(join(assets, url[1]!))) files.add(url[1]!);
      }
    }
  }
  const list = [...files];
  return {
    files: [page, ...list],
    bytes: gz(join(FRAME_DIR, page)) + list.reduce((sum, f) => sum + gz(join(assets, f)), 0),
  };
}

/** The chunks matching `pattern` in dist/cdn with their static imports, less what `loaded` already holds. */
function lazyChunks(pattern: RegExp, loaded: Set<string>): { files: string[]; bytes: number } {
  const files = new Set<string>();
  for (const file of readdirSync(CDN_DIR).filter((name) => pattern.test(name))) staticGraph(CDN_DIR, file, files);
  const list = [...files].filter((file) => !loaded.has(file));
  return { files: list, bytes: list.reduce((sum, file) => sum + gz(join(CDN_DIR, file)), 0) };
}

const entry = cdnIntegrity().module;
const first = staticGraph(CDN_DIR, entry);
const list = readdirSync(CDN_DIR).find((file) => /^saved-cards-[\w-]{8}\.js$/.test(file));
const returning = new Set([...first, ...(list ? staticGraph(CDN_DIR, list) : [])]);
const sum = (files: Iterable<string>): number => [...files].reduce((total, file) => total + gz(join(CDN_DIR, file)), 0);

const frame = hostedPage('frame.html');
const sdk = lazyChunks(/^(antom-sdk-driver|ams-checkout)-[\w-]{8}\.js$/, first);
const challengePage = lazyChunks(/^challenge-[\w-]{8}\.js$/, first);
const challengeFrame = hostedPage('challenge.html');

const figures: Measured[] = [
  { id: 'size.page', value: sum(first) / KB, details: { files: [...first] } },
  ...(list ? [{ id: 'size.page-saved', value: sum(returning) / KB, details: { files: [...returning] } }] : []),
  { id: 'size.frame', value: frame.bytes / KB, details: { files: frame.files } },
  { id: 'size.sdk', value: sdk.bytes / KB, details: { files: sdk.files } },
  { id: 'size.3ds-page', value: challengePage.bytes / KB, details: { files: challengePage.files } },
  { id: 'size.3ds-frame', value: challengeFrame.bytes / KB, details: { files: challengeFrame.files } },
];
for (const figure of figures) {
  const files = (figure.details?.['files'] as string[]).join(', ');
  console.log(`sizes: ${figure.id} ${figure.value.toFixed(2)} KB gzip (${files})`);
}
if (values.json) {
  const report: PartReport = { part: 'sizes', figures };
  writeFileSync(values.json, JSON.stringify(report));
}

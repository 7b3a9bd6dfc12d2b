#!/usr/bin/env node
// After the script-tag builds: writes dist/cdn/integrity.json (the sha384 of every file a script
// tag can load, lazy chunks included) and dist/cdn/script-tag.html (the snippet the README shows
// and the demo's /script-tag page serves). A browser refuses any file whose bytes differ from
// its value, so a tampered or stale copy on a CDN registers nothing.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'dist', 'cdn');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The folder the snippet loads from; the demo serves dist/cdn there. Change it to where you serve the files. */
export const BASE = '/assets/';

const moduleEntry = `antom-card-checkout-${version}.js`;
const classicEntry = `antom-card-checkout-${version}.classic.js`;
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.js'))
  .sort();
for (const entry of [moduleEntry, classicEntry]) {
  if (!files.includes(entry)) throw new Error(`cdn-integrity: ${entry} is missing; build the cdn and classic modes first`);
}
const sri = (name) => `sha384-${createHash('sha384').update(readFileSync(join(dir, name))).digest('base64')}`;
const integrity = Object.fromEntries(files.map((name) => [name, sri(name)]));

writeFileSync(
  join(dir, 'integrity.json'),
  `${JSON.stringify({ version, module: moduleEntry, classic: classicEntry, files: integrity }, null, 2)}\n`,
);

// The module tag checks its own file; the import map's `integrity` checks every chunk it imports
// later (3-D Secure, languages, Antom's SDK), so no lazy file escapes the check.
const chunks = files.filter((name) => name !== moduleEntry && name !== classicEntry);
const importMap = { integrity: Object.fromEntries(chunks.map((name) => [`${BASE}${name}`, integrity[name]])) };
const snippet = [
  `<!-- antom-card-checkout ${version}: serve every file of dist/cdn from ${BASE} (the names never change content). -->`,
  `<script type="importmap">${JSON.stringify(importMap)}</script>`,
  `<script type="module" src="${BASE}${moduleEntry}" integrity="${integrity[moduleEntry]}" crossorigin="anonymous"></script>`,
  '',
].join('\n');
writeFileSync(join(dir, 'script-tag.html'), snippet);

const classic = [
  `<!-- antom-card-checkout ${version}, classic script: one file, no lazy chunks, no Antom SDK inside (set sdk-url for Antom sessions). -->`,
  `<script src="${BASE}${classicEntry}" integrity="${integrity[classicEntry]}" crossorigin="anonymous" defer></script>`,
  '',
].join('\n');
writeFileSync(join(dir, 'script-tag-classic.html'), classic);
console.log(`cdn-integrity: ${files.length} files, snippets in dist/cdn/script-tag.html and script-tag-classic.html`);

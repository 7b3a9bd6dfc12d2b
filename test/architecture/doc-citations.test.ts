/**
 * Every document a comment cites is in the repository: code that says "docs/antom-api.md section 7"
 * must point a reader at a file they have, with that section in it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

function files(folder: string): string[] {
  return readdirSync(join(ROOT, folder)).flatMap((entry) => {
    const path = `${folder}/${entry}`;
    if (statSync(join(ROOT, path)).isDirectory()) return entry === 'node_modules' ? [] : files(path);
    return /\.(ts|mts|mjs|js|css|html)$/.test(entry) ? [path] : [];
  });
}

const sources = ['src', 'gateway', 'demo', 'test', 'scripts'].flatMap(files);

test('comments cite documents that exist in the repository, by path', () => {
  const missing: string[] = [];
  for (const file of sources) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    // A bare document name is a citation of a file the reader cannot find.
    for (const match of text.matchAll(/(?<![\w/.-])(antom-api|quality-bars|architecture|style|toolchain)\.md\b/g)) {
      missing.push(`${file}: cites ${match[0]} without its path`);
    }
    for (const match of text.matchAll(/\bdocs\/([\w-]+\.md)(?: sections? (\d+))?/g)) {
      const doc = join(ROOT, 'docs', match[1]!);
      if (!existsSync(doc)) {
        missing.push(`${file}: cites docs/${match[1]}, which does not exist`);
        continue;
      }
      const section = match[2];
      if (section && !new RegExp(`^## ${section}\\. `, 'm').test(readFileSync(doc, 'utf8'))) {
        missing.push(`${file}: cites docs/${match[1]} section ${section}, which it does not have`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('the scan sees the citations that are there', () => {
  const citing = sources.filter((file) => readFileSync(join(ROOT, file), 'utf8').includes('docs/antom-api.md'));
  assert.ok(citing.length >= 10, `only ${citing.length} files cite docs/antom-api.md`);
});

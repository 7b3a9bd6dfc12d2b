/**
 * What `npm install antom-card-checkout` puts on a merchant's disk: the element (ESM and script-tag
 * builds), the pages the sandbox serves, the Node client and the sandbox, their types and the
 * manifest. Never the demo shop, the tests or the TypeScript sources. Needs `npm run build` first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^docs\/[\w-]+\.md$/,
  /^(gateway|src\/server)\/README\.md$/,
  /^custom-elements\.json$/,
  /^dist\/lib\/[^/]+\.js$/,
  /^dist\/cdn\/[^/]+\.js$/,
  /^dist\/cdn\/(integrity\.json|script-tag(-classic)?\.html)$/,
  /^dist\/frame\/(frame|challenge)\.html$/,
  /^dist\/frame\/assets\/[^/]+\.(js|css|json|svg)$/,
  /^dist\/node\/(src\/(server|shared)|gateway)\/.+\.js$/,
  // The catalogues shared code imports (the sandbox's issuer page reads its own at run time).
  /^dist\/node\/src\/shared\/i18n\/catalogues\/(element|outcome|frame|challenge|issuer)\/[a-z]{2}_[A-Z]{2}\.json$/,
  /^dist\/types\/(src\/(element|server|shared|frameworks|react|vue)|gateway)\/.+\.d\.ts$/,
];

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  const [pack] = JSON.parse(out) as [{ files: { path: string }[] }];
  return pack.files.map((file) => file.path).sort();
}

/** Every file path named by package.json's entry points (exports, bin, main, types). */
function entryTargets(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const targets: string[] = [];
  const walk = (value: unknown, condition: string): void => {
    if (typeof value === 'string') {
      // The source condition points at TypeScript for this repository's own tests; it is not installed.
      if (condition !== 'antom-source') targets.push(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, key);
    }
  };
  walk(manifest['exports'], '');
  walk(manifest['imports'], '');
  walk(manifest['bin'], '');
  for (const field of ['main', 'module', 'types']) walk(manifest[field], field);
  return targets;
}

test('the package holds only what a merchant installs', () => {
  const files = packedFiles();
  assert.ok(files.length > 50, `only ${files.length} files: run npm run build first`);
  const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
  assert.deepEqual(unexpected, []);
  for (const forbidden of [/^demo\//, /^dist\/demo\//, /^dist\/demo-apps\//, /^test\//, /^src\/.*\.[jt]sx?$/, /\.test\./]) {
    assert.deepEqual(
      files.filter((file) => forbidden.test(file)),
      [],
      String(forbidden),
    );
  }
});

test('every entry point of package.json is in the package', () => {
  const files = new Set(packedFiles());
  const targets = entryTargets();
  assert.ok(targets.length >= 10, 'exports, imports, bin and types were read');
  assert.deepEqual(
    targets.filter((target) => !files.has(target)),
    [],
  );
});

test('every file the README links to is in the package (a merchant reads it in node_modules too)', () => {
  const files = new Set(packedFiles());
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
    .map((link) => link.replace(/#.*$/, '').replace(/^\.\//, ''));
  assert.ok(links.length >= 3, `the README's relative links were read: ${links.join(', ')}`);
  assert.deepEqual(
    [...new Set(links)].filter((link) => !files.has(link)),
    [],
  );
});

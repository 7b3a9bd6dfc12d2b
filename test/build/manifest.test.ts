/**
 * custom-elements.json is committed and shipped: it must describe the element as the sources do
 * now. The test regenerates it into a temporary folder and compares; `npm run manifest` refreshes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

interface Manifest {
  modules: { path: string; declarations?: { name: string; members?: { name: string; privacy?: string }[] }[] }[];
}

function generate(): Manifest {
  // The analyzer resolves --outdir against the working directory, so the folder lives in the repository.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'manifest-'));
  try {
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
        'analyze',
        '--config',
        'scripts/custom-elements.config.mjs',
        '--outdir',
        dir.slice(ROOT.length + 1),
        '--quiet',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8')) as Manifest;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('custom-elements.json is up to date with the sources (npm run manifest)', () => {
  const committed = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as Manifest;
  assert.deepEqual(committed, generate(), 'custom-elements.json is stale: run `npm run manifest` and commit it');
});

test('custom-elements.json documents the public element only', () => {
  const manifest = generate();
  assert.deepEqual(manifest.modules.map((module) => module.path).sort(), [
    'src/element/antom-card-checkout.ts',
    'src/element/define.ts',
  ]);
  const element = manifest.modules[0]!.declarations!.find((declaration) => declaration.name === 'AntomCardCheckout');
  const members = element!.members!;
  assert.ok(
    members.some((member) => member.name === 'submit'),
    'public methods are documented',
  );
  assert.deepEqual(
    members.filter((member) => member.privacy !== undefined && member.privacy !== 'public'),
    [],
  );
});

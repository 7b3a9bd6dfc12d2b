#!/usr/bin/env node
// Builds everything `npm run demo` and the tests need:
// the frame page, the ESM library, the script-tag bundle, the Node parts (client, gateway,
// demo) and type declarations. Stops at the first failure. custom-elements.json is written by
// `npm run manifest` and committed; a test fails when it is stale.
//
// `--if-changed` (what `prepare`, `npm run demo` and `npm test` use) skips the build when
// dist/.build-stamp holds the hash of every input file as they are now: `npm install` builds once
// (a git dependency gets its exports built this way), and the commands after it do not again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const steps = [
  ['frame page', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'frame']],
  ['ESM library', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'lib']],
  ['script-tag bundle', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'cdn']],
  ['classic script-tag bundle', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'classic']],
  ['script-tag integrity values and snippets', ['scripts/cdn-integrity.mjs']],
  // One `tsc -b` over the runtime projects: Node code to dist/node (the demo to dist/demo), the
  // package's declarations to dist/types. Tests are type-checked by `npm run typecheck`, not built.
  ['Node client, gateway, demo and type declarations', ['node_modules/typescript/bin/tsc', '-b', 'src/element', 'src/hosted', 'demo']],
  // antom-card-checkout/react and /vue: their code is in the ESM library; these are their types.
  // Then the demo's React and Vue shops (/react, /vue), in dist/demo-apps, which is not packed.
  ['React and Vue bindings type declarations', ['node_modules/typescript/bin/tsc', '-b', 'src/react', 'src/vue']],
  ['React and Vue demo shops', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'apps']],
];

/** Everything the build reads: sources, build scripts and configuration (not tests, not dist). */
const INPUT_DIRS = ['src', 'gateway', 'demo', 'scripts'];
const INPUT_FILES = /^(vite\.config\.ts|tsconfig[\w.]*\.json|package(-lock)?\.json|index\.html)$/;
const STAMP = 'dist/.build-stamp';

function inputs(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...inputs(path));
    else out.push(path);
  }
  return out;
}

function inputHash() {
  const files = [
    ...readdirSync('.').filter((name) => INPUT_FILES.test(name)),
    ...INPUT_DIRS.filter((dir) => existsSync(dir)).flatMap(inputs),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const hash = inputHash();
if (process.argv.includes('--if-changed') && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash) {
  console.log('build: dist is up to date with the sources (dist/.build-stamp); nothing to do');
  process.exit(0);
}
rmSync(STAMP, { force: true });
for (const dir of ['dist/node', 'dist/types', 'dist/demo', '.tmp/tsc']) rmSync(dir, { recursive: true, force: true });
for (const [name, args] of steps) {
  const started = Date.now();
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`build: ${name} failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
  console.log(`build: ${name} ok (${Date.now() - started} ms)`);
}
mkdirSync('dist', { recursive: true });
writeFileSync(STAMP, `${hash}\n`);

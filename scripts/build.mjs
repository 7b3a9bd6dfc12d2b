#!/usr/bin/env node
// Builds everything `npm run demo` and the tests need:
// the frame page, the ESM library, the script-tag bundle, the Node parts (client, gateway,
// demo), type declarations and custom-elements.json. Stops at the first failure.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const steps = [
  ['frame page', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'frame']],
  ['ESM library', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'lib']],
  ['script-tag bundle', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'cdn']],
  ['Node client, gateway and demo', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node.json']],
  ['type declarations', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json']],
  ['custom-elements.json', ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--litelement', '--globs', 'src/**/*.ts', '--exclude', 'src/server/**', '--exclude', 'src/frame/**', '--exclude', 'src/card/**', '--quiet']],
];

rmSync('dist/node', { recursive: true, force: true });
rmSync('dist/types', { recursive: true, force: true });
for (const [name, args] of steps) {
  const started = Date.now();
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`build: ${name} failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
  console.log(`build: ${name} ok (${Date.now() - started} ms)`);
}

#!/usr/bin/env node
// Builds everything `npm run demo` and the tests need:
// the frame page, the ESM library, the script-tag bundle, the Node parts (client, gateway,
// demo) and type declarations. Stops at the first failure. custom-elements.json is written by
// `npm run manifest` and committed; a test fails when it is stale.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const steps = [
  ['frame page', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'frame']],
  ['ESM library', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'lib']],
  ['script-tag bundle', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'cdn']],
  // One `tsc -b` over the runtime projects: Node code to dist/node (the demo to dist/demo), the
  // package's declarations to dist/types. Tests are type-checked by `npm run typecheck`, not built.
  ['Node client, gateway, demo and type declarations', ['node_modules/typescript/bin/tsc', '-b', 'src/element', 'src/hosted', 'demo']],
  // antom-card-checkout/react and /vue: their code is in the ESM library; these are their types.
  // Then the demo's React and Vue shops (/react, /vue), in dist/demo-apps, which is not packed.
  ['React and Vue bindings type declarations', ['node_modules/typescript/bin/tsc', '-b', 'src/react', 'src/vue']],
  ['React and Vue demo shops', ['node_modules/vite/bin/vite.js', 'build', '--mode', 'apps']],
];

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

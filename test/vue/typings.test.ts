/**
 * `<antom-card-checkout>` is typed in Vue templates: vue-tsc checks a merchant's single-file
 * component (typings/Checkout.vue) with strict templates. Each `@vue-expect-error` there must meet
 * its error (a wrong mode, a handler for the wrong event, an unknown event or property), so the
 * check fails both when the typings reject good code and when they stop rejecting bad code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

test('vue-tsc accepts the typed template and rejects every mistake in it', () => {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vue-tsc/bin/vue-tsc.js'), '--noEmit', '-p', 'test/vue/typings/tsconfig.json'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `vue-tsc failed:\n${run.stdout}${run.stderr}`);
});

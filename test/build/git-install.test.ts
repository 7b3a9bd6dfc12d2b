/**
 * A merchant who installs the repository as a git dependency gets a built package: npm clones it,
 * installs its dev dependencies, runs `prepare` (our build), packs it and installs the tarball.
 * Those steps, offline: a fresh copy of the working tree with no dist/, `npm run prepare`, `npm
 * pack`, the tarball unpacked into another package's node_modules. That package then resolves
 * `./define` and imports `./server` and `./sandbox`. (npm fetching the dev dependencies is npm's
 * part; the clone borrows this checkout's node_modules, installed from the same lockfile.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The working tree as git would check it out: tracked and new files, nothing ignored (no dist/). */
function freshCopy(into: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    writeFileSync(join(into, file), readFileSync(join(ROOT, file)));
  }
}

test('installed from the repository, the package builds itself and its exports resolve', { timeout: 240_000 }, () => {
  const temp = mkdtempSync(join(tmpdir(), 'git-install-'));
  try {
    const clone = join(temp, 'clone');
    freshCopy(clone);
    assert.equal(existsSync(join(clone, 'dist')), false, 'the copy starts without a build');
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    execFileSync(NPM, ['run', 'prepare', '--silent'], { cwd: clone, stdio: 'pipe' });
    const tarball = execFileSync(NPM, ['pack', '--silent'], { cwd: clone, encoding: 'utf8' }).trim().split('\n').at(-1)!;

    const shop = join(temp, 'shop');
    const installed = join(shop, 'node_modules', 'antom-card-checkout');
    mkdirSync(installed, { recursive: true });
    writeFileSync(join(shop, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
    execFileSync('tar', ['-xzf', join(clone, tarball), '-C', installed, '--strip-components=1']);
    assert.equal(existsSync(join(installed, 'src', 'element')), false, 'no TypeScript sources were packed');
    // The package's own dependencies, as npm would install them next to it.
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of [...Object.keys(manifest.dependencies), 'lit-html', 'lit-element', '@lit/reactive-element']) {
      mkdirSync(dirname(join(shop, 'node_modules', name)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), join(shop, 'node_modules', name));
    }

    const script = `
      import { existsSync, readFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      const define = fileURLToPath(import.meta.resolve('antom-card-checkout/define'));
      const text = readFileSync(define, 'utf8');
      const server = await import('antom-card-checkout/server');
      const sandbox = await import('antom-card-checkout/sandbox');
      console.log(JSON.stringify({
        define: existsSync(define) && text.includes('customElements'),
        client: typeof server.AntomClient,
        gateway: typeof sandbox.startGateway,
      }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: shop, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1)!), { define: true, client: 'function', gateway: 'function' });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
});

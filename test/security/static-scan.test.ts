/**
 * Quality bars 5 and 8: no `postMessage(..., '*')` anywhere, and no innerHTML, unsafeHTML,
 * eval or new Function in shipped code. Checked twice: the lint rule must fire on a sample
 * (so the rule itself cannot silently stop working), and a scan of the sources and the built
 * frame finds none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = new URL('../../', import.meta.url).pathname;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const FORBIDDEN: Array<[string, RegExp]> = [
  ["postMessage to '*'", /postMessage\([^)]*['"`]\*['"`]/],
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML assignment', /\bouterHTML\s*=/],
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['unsafeHTML', /unsafeHTML/],
  ['eval', /(?<![\w.])eval\s*\(/],
  ['new Function', /new\s+Function\s*\(/],
  ['document.write', /document\.write/],
];

test('lint rejects postMessage to "*" and HTML sinks', async () => {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(
    "window.parent.postMessage({ a: 1 }, '*');\ndocument.body.innerHTML = '<b>x</b>';\nnew Function('return 1');\n",
    { filePath: join(root, 'src/hosted/card-frame/lint-sample.ts') },
  );
  const messages = result!.messages.map((m) => m.message);
  assert.ok(messages.some((m) => m.includes("never '*'")), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('innerHTML')), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('new Function')), messages.join('\n'));
});

test('shipped sources use no wildcard postMessage and no HTML or code sinks', () => {
  const files = walk(join(root, 'src')).filter((f) => /\.(ts|js|html)$/.test(f));
  assert.ok(files.length > 20);
  const hits: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .join('\n');
    for (const [name, pattern] of FORBIDDEN) if (pattern.test(text)) hits.push(`${file.slice(root.length)}: ${name}`);
  }
  assert.deepEqual(hits, []);
});

test('the built frame (no Lit, all ours) has no HTML or code sinks', () => {
  const dir = join(root, 'dist/frame');
  assert.ok(existsSync(dir), 'run npm run build first');
  const hits: string[] = [];
  for (const file of walk(dir).filter((f) => /\.(js|html)$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    for (const [name, pattern] of FORBIDDEN) if (pattern.test(text)) hits.push(`${file.slice(root.length)}: ${name}`);
  }
  assert.deepEqual(hits, []);
});

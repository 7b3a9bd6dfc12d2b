/**
 * The tree's runtime boundaries, checked on every import of every source file:
 * - merchant-page code (src/element, and the React and Vue bindings: src/frameworks, src/react,
 *   src/vue) and gateway-origin pages (src/hosted) import no Node module;
 * - shared code (src/shared) imports nothing from a runtime folder, and no Node module either;
 * - the merchant page and the gateway's pages share nothing but src/shared (the page must never
 *   bundle the code that holds card data, and the reverse);
 * - the gateway and the demo reach the package only through its entries (`#shared`,
 *   `antom-card-checkout/...`), never through relative paths into src/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** One import of one file: the specifier as written. */
interface ImportRef {
  file: string;
  specifier: string;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The import specifiers in a source text (comments are not imports). */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return IMPORT_PATTERNS.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!));
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function isNodeModule(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

/** The repository folder a relative import lands in, e.g. `src/shared`. */
function target(ref: ImportRef): string | undefined {
  if (!ref.specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(ref.file), ref.specifier));
}

const within = (path: string | undefined, folder: string): boolean =>
  path !== undefined && (path === folder || path.startsWith(`${folder}/`));

/** Code that runs in the merchant's page: the element and its framework bindings. */
const MERCHANT_PAGE = ['src/element', 'src/frameworks', 'src/react', 'src/vue'];
const inMerchantPage = (path: string | undefined): boolean => MERCHANT_PAGE.some((folder) => within(path, folder));

/** Every boundary broken by `refs`, one line each. */
function violations(refs: readonly ImportRef[]): string[] {
  const out: string[] = [];
  for (const ref of refs) {
    const where = `${ref.file} imports ${ref.specifier}`;
    const to = target(ref);
    const browser = inMerchantPage(ref.file) || within(ref.file, 'src/hosted');
    if ((browser || within(ref.file, 'src/shared')) && isNodeModule(ref.specifier)) {
      out.push(`${where}: a Node module in browser or shared code`);
    }
    if (within(ref.file, 'src/shared') && to !== undefined && !within(to, 'src/shared')) {
      out.push(`${where}: shared code imports from a runtime folder`);
    }
    if (inMerchantPage(ref.file) && (within(to, 'src/hosted') || within(to, 'src/server'))) {
      out.push(`${where}: the merchant page imports gateway-origin or Node code`);
    }
    if (within(ref.file, 'src/hosted') && (inMerchantPage(to) || within(to, 'src/server'))) {
      out.push(`${where}: a gateway-origin page imports merchant-page or Node code`);
    }
    for (const product of ['gateway', 'demo']) {
      if (within(ref.file, product) && to !== undefined && !within(to, product)) {
        out.push(`${where}: ${product} reaches outside its folder by a relative path (use the package's entries)`);
      }
    }
  }
  return out;
}

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder))) {
    const path = `${folder}/${entry}`;
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|js|mjs|vue)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function refsOf(folders: readonly string[]): ImportRef[] {
  return folders
    .flatMap(sourceFiles)
    .flatMap((file) => importsOf(readFileSync(join(ROOT, file), 'utf8')).map((specifier) => ({ file, specifier })));
}

test('the import scanner finds static, re-exported, type-only and dynamic imports, not comments', () => {
  const text = [
    "import { a } from './a.js';",
    "import type { B } from '../b.js';",
    "import './side-effect.js';",
    "export * from './c.js';",
    "export { d } from './d.js';",
    "const e = await import('./e.js');",
    "// import { f } from 'node:fs';",
    "/* import { g } from 'node:path'; */",
  ].join('\n');
  assert.deepEqual(importsOf(text).sort(), ['../b.js', './a.js', './c.js', './d.js', './e.js', './side-effect.js']);
});

test('each boundary is reported when broken', () => {
  const broken: ImportRef[] = [
    { file: 'src/element/x.ts', specifier: 'node:crypto' },
    { file: 'src/hosted/card-frame/x.ts', specifier: 'fs' },
    { file: 'src/shared/x.ts', specifier: '../element/events.js' },
    { file: 'src/shared/card/x.ts', specifier: 'node:buffer' },
    { file: 'src/element/x.ts', specifier: '../hosted/card-frame/form.js' },
    { file: 'src/hosted/x.ts', specifier: '../element/state.js' },
    { file: 'src/element/x.ts', specifier: '../server/index.js' },
    { file: 'gateway/src/x.ts', specifier: '../../src/shared/types.js' },
    { file: 'demo/x.ts', specifier: '../src/server/index.js' },
    { file: 'src/react/x.ts', specifier: 'node:fs' },
    { file: 'src/vue/x.ts', specifier: '../hosted/card-frame/form.js' },
    { file: 'demo/apps/react/x.tsx', specifier: '../../../src/react/index.js' },
  ];
  assert.equal(violations(broken).length, broken.length, violations(broken).join('\n'));
  const fine: ImportRef[] = [
    { file: 'src/element/x.ts', specifier: '../shared/types.js' },
    { file: 'src/hosted/card-frame/x.ts', specifier: '../../shared/card/index.js' },
    { file: 'src/server/x.ts', specifier: 'node:crypto' },
    { file: 'gateway/src/x.ts', specifier: '#shared' },
    { file: 'demo/x.ts', specifier: 'antom-card-checkout/server' },
    { file: 'src/react/x.ts', specifier: '../element/define.js' },
    { file: 'demo/apps/vue/x.vue', specifier: 'antom-card-checkout/vue' },
  ];
  assert.deepEqual(violations(fine), []);
});

test('no source file crosses a runtime boundary', () => {
  const refs = refsOf(['src', 'gateway', 'demo']);
  assert.ok(refs.length > 300, `only ${refs.length} imports found: the scanner is broken`);
  assert.deepEqual(violations(refs), []);
});

test('the scan covers every runtime folder', () => {
  const folders = new Set(refsOf(['src']).map((ref) => relative('src', dirname(ref.file)).split('/')[0]));
  for (const folder of ['element', 'hosted', 'shared', 'server', 'frameworks', 'react', 'vue']) assert.ok(folders.has(folder), folder);
});

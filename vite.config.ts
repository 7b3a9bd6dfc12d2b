/**
 * Separate builds (Vite externals apply to every output format, so each is its own run):
 *   --mode lib     ESM library for bundlers, Lit and Antom's SDK external -> dist/lib/
 *   --mode cdn     self-registering script-tag module, Lit in, lazy chunks
 *                  -> dist/cdn/antom-card-checkout-<version>.js
 *   --mode classic the same as one classic script, no chunks, no Antom SDK
 *                  -> dist/cdn/antom-card-checkout-<version>.classic.js
 *                  (scripts/cdn-integrity.mjs then writes the sha384 values and snippets)
 *   --mode frame  the secure card frame page and the 3-D Secure container page, served by the gateway
 *                 at /sdk/v1/ -> dist/frame/
 *   --mode apps   the demo's React and Vue shops, served by the demo at /react and /vue -> dist/demo-apps/
 */
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';
import { minifyTemplates } from './scripts/minify-templates.mjs';

const root = import.meta.dirname;

/** The package version: the script-tag files carry it in their names, so a URL never changes content. */
const version = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;

// antom-card-checkout/react and /vue: built with the library, so they share its chunks and load the
// one element class the `define` entry registers. The merchant's app brings the frameworks.
const FRAMEWORK_ENTRIES = {
  react: resolve(root, 'src/react/index.ts'),
  vue: resolve(root, 'src/vue/index.ts'),
};
const FRAMEWORK_EXTERNALS = [/^react($|\/)/, /^react-dom($|\/)/, /^vue($|\/)/];

/** Rolldown keeps an entry's `'use client'` (React Server Components need it) but warns that it may not. */
const keepUseClient: NonNullable<NonNullable<UserConfig['build']>['rollupOptions']>['onLog'] = (level, log, handler) => {
  if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.id === FRAMEWORK_ENTRIES.react) return;
  handler(level, log);
};

/** The catalogues the gateway's pages fetch (the card frame's, the 3-D Secure container's), by file name. */
function hostedCatalogues(): Map<string, string> {
  const files = new Map<string, string>();
  for (const surface of ['frame', 'challenge']) {
    const dir = resolve(root, 'src/shared/i18n/catalogues', surface);
    const keys = Object.keys(JSON.parse(readFileSync(resolve(dir, 'en_US.json'), 'utf8')) as object);
    for (const name of readdirSync(dir).sort()) {
      // English is built into each page's script.
      if (!name.endsWith('.json') || name === 'en_US.json') continue;
      // On the wire a catalogue is its texts in the order of English's keys: the page knows the
      // keys, so each buyer downloads only the words of their language.
      const texts = JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as Record<string, string>;
      files.set(`${surface}-${name.replace(/\.json$/, '')}`, JSON.stringify(keys.map((key) => texts[key] ?? '')));
    }
  }
  return files;
}

/**
 * Emits each hosted catalogue as `assets/<surface>-<locale>-<version>.json` and tells the pages the
 * version: a page builds the one URL it needs without a table of 40 hashed names, and the
 * gateway's year-long cache of assets still never serves an old text.
 */
function hostedCatalogueFiles(): Plugin {
  const files = hostedCatalogues();
  const version = createHash('sha256')
    .update([...files].map(([name, text]) => `${name}\0${text}`).join('\0'))
    .digest('hex')
    .slice(0, 10);
  return {
    name: 'antom-hosted-catalogues',
    config: () => ({ define: { __ANTOM_I18N_VERSION__: JSON.stringify(version) } }),
    generateBundle() {
      for (const [name, text] of files)
        this.emitFile({ type: 'asset', fileName: `assets/${name}-${version}.json`, source: text });
    },
  };
}

const shared: UserConfig = {
  logLevel: 'warn',
  esbuild: { legalComments: 'none' },
  build: { target: 'es2022', minify: 'esbuild', reportCompressedSize: false, emptyOutDir: true },
};

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'lib') {
    return {
      ...shared,
      build: {
        ...shared.build,
        outDir: resolve(root, 'dist/lib'),
        lib: {
          entry: {
            index: resolve(root, 'src/element/index.ts'),
            define: resolve(root, 'src/element/define.ts'),
            ...FRAMEWORK_ENTRIES,
          },
          formats: ['es'],
        },
        // Antom's Web SDK stays a bare import too: the merchant's bundler splits it out of their app.
        rollupOptions: {
          external: [/^lit($|\/)/, /^@lit\//, /^@alipay\/ams-checkout($|\/)/, ...FRAMEWORK_EXTERNALS],
          onLog: keepUseClient,
        },
        minify: false,
      },
    };
  }
  if (mode === 'cdn') {
    // For script tags: Lit bundled, fully minified (Vite keeps whitespace and comments in ES library
    // output unless told), Lit's template indentation collapsed. A library build, so no preload
    // helper rides along with the lazy chunks (the 3-D Secure dialog, catalogues, Antom's SDK), and
    // shared modules stay in the entry file (its signature may grow), so the page loads one file.
    return {
      ...shared,
      plugins: [minifyTemplates()],
      build: {
        ...shared.build,
        outDir: resolve(root, 'dist/cdn'),
        // Antom's SDK chunk (about 1.5 MB, 420 KB gzip) loads only for sessions Antom minted.
        chunkSizeWarningLimit: 2000,
        lib: { entry: resolve(root, 'src/element/define.ts'), formats: ['es'], fileName: () => `antom-card-checkout-${version}.js` },
        rollupOptions: {
          preserveEntrySignatures: 'allow-extension',
          output: {
            minify: true,
            comments: false,
            // Antom's Web SDK (its package's entry is esm/index.js) gets a name that says what it is.
            // The outcome texts of a locale are named apart from its catalogue (both are `<locale>.json`).
            chunkFileNames: (chunk) =>
              chunk.name === 'esm'
                ? 'ams-checkout-[hash].js'
                : chunk.facadeModuleId?.includes('/catalogues/outcome/')
                  ? 'outcome-[name]-[hash].js'
                  : '[name]-[hash].js',
          },
        },
      },
    };
  }
  if (mode === 'classic') {
    // A classic (non-module) script next to the module: one file, no lazy chunks, so one integrity
    // value covers everything. Antom's SDK is not in it (it would add 1.4 MB for every page):
    // sessions Antom minted need `sdk-url` with this build.
    return {
      ...shared,
      plugins: [minifyTemplates()],
      resolve: { alias: { '@alipay/ams-checkout': resolve(root, 'src/element/drivers/antom-sdk/classic-no-sdk.js') } },
      build: {
        ...shared.build,
        outDir: resolve(root, 'dist/cdn'),
        emptyOutDir: false,
        lib: {
          entry: resolve(root, 'src/element/define.ts'),
          formats: ['iife'],
          name: 'AntomCardCheckout',
          fileName: () => `antom-card-checkout-${version}.classic.js`,
        },
        rollupOptions: { output: { minify: true, comments: false, codeSplitting: false } },
      },
    };
  }
  if (mode === 'frame') {
    // Two pages, each built on its own so neither shares a chunk with the other: the card frame
    // keeps its one script, and the 3-D Secure container loads only when a bank asks for it. The
    // output folder is set once, at the top, so `--outDir` (used by the frame tests) moves both.
    const page = (name: string, emptyOutDir: boolean) => ({
      consumer: 'client' as const,
      build: { emptyOutDir, rollupOptions: { input: resolve(root, `src/hosted/${name}.html`) } },
    });
    return {
      ...shared,
      plugins: [
        hostedCatalogueFiles(),
        {
          // The page is counted in the frame's budget byte for byte: no indentation between tags.
          name: 'antom-compact-html',
          enforce: 'post',
          transformIndexHtml: (html: string) => html.replace(/>\s+</g, '><').trim(),
        },
      ],
      root: resolve(root, 'src/hosted'),
      base: '/sdk/v1/',
      build: {
        ...shared.build,
        outDir: resolve(root, 'dist/frame'),
        // Oxc, Vite 8's own minifier, makes the frame's script about 500 bytes gzip smaller than
        // esbuild does: the frame's 12 KB budget needs them since its channel parser runs on the
        // shared schema combinators (src/shared/schema.ts).
        minify: 'oxc',
        modulePreload: { polyfill: false },
        assetsInlineLimit: 0,
      },
      environments: { client: page('frame', true), challenge: page('challenge', false) },
      builder: {
        async buildApp(builder) {
          for (const name of ['client', 'challenge']) {
            const environment = builder.environments[name];
            if (environment) await builder.build(environment);
          }
        },
      },
    };
  }
  if (mode === 'apps' || mode === 'apps-development') {
    // The demo's React and Vue shops (/react, /vue), built as a merchant's bundler would build
    // them, from this package's framework entries (their sources). `apps-development` keeps React's
    // and Vue's development builds, where StrictMode mounts every component twice: the framework
    // tests use it. The output is the demo's, never packed.
    const development = mode === 'apps-development';
    return {
      logLevel: shared.logLevel,
      root: resolve(root, 'demo/apps'),
      base: '/apps/',
      plugins: [
        vue({
          template: {
            // The one Vue set-up the element needs (README, "Vue"): it is not a Vue component.
            compilerOptions: { isCustomElement: (tag) => tag === 'antom-card-checkout' },
            // The shop's images are the demo server's (/product.svg), not the app's to bundle.
            transformAssetUrls: { includeAbsolute: false },
          },
        }),
      ],
      resolve: {
        alias: [{ find: /^antom-card-checkout\/(react|vue)$/, replacement: resolve(root, 'src/$1/index.ts') }],
      },
      define: { 'process.env.NODE_ENV': JSON.stringify(development ? 'development' : 'production') },
      // TSX without a React plugin: Vite's own transform, with React 17+'s automatic runtime.
      oxc: { jsx: { runtime: 'automatic', development } },
      build: {
        ...shared.build,
        outDir: resolve(root, 'dist/demo-apps'),
        minify: !development,
        // Antom's Web SDK chunk (about 1.5 MB) loads only for sessions Antom minted.
        chunkSizeWarningLimit: 2000,
        rollupOptions: {
          input: { react: resolve(root, 'demo/apps/react/index.html'), vue: resolve(root, 'demo/apps/vue/index.html') },
          onLog: keepUseClient,
        },
      },
    };
  }
  throw new Error(`vite.config.ts: unknown mode "${mode}" (use lib, cdn, classic, frame, apps or apps-development)`);
});

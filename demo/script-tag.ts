/**
 * The demo's `/script-tag` page: `demo/pages/script-tag.html` with the README's snippet
 * (`dist/cdn/script-tag.html`, written by the build) put in as it is, and the CSP source its
 * inline import map needs. A merchant adds the same `'sha256-...'` to their own `script-src`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the snippet goes in the page template. */
const PLACEHOLDER = '<!-- antom-card-checkout:script-tag -->';

/** The page, ready to send, and the CSP source that allows its inline import map. */
export interface ScriptTagPage {
  /** The HTML with the snippet in its head. */
  html: string;
  /** `'sha256-...'` of the import map's text, for `script-src`; `undefined` for the classic script. */
  importMapSource: string | undefined;
}

/** What `dist/cdn/integrity.json` holds (scripts/cdn-integrity.mjs). */
interface CdnIntegrity {
  module: string;
  classic: string;
  files: Record<string, string>;
}

async function integrity(assetsDir: string): Promise<CdnIntegrity | null> {
  try {
    return JSON.parse(await readFile(join(assetsDir, 'integrity.json'), 'utf8')) as CdnIntegrity;
  } catch {
    return null;
  }
}

/** The versioned name of the module build, e.g. `antom-card-checkout-0.1.0.js`; `null` before a build. */
export async function moduleEntry(assetsDir: string): Promise<string | null> {
  return (await integrity(assetsDir))?.module ?? null;
}

/**
 * Builds the page with the module snippet, or with the classic script's (`classic`); `null` when
 * the build has not written the snippet yet.
 */
export async function scriptTagPage(pagesDir: string, assetsDir: string, classic = false): Promise<ScriptTagPage | null> {
  let snippet: string;
  let template: string;
  try {
    snippet = await readFile(join(assetsDir, classic ? 'script-tag-classic.html' : 'script-tag.html'), 'utf8');
    template = await readFile(join(pagesDir, 'script-tag.html'), 'utf8');
  } catch {
    return null;
  }
  if (!template.includes(PLACEHOLDER)) return null;
  const html = template.replace(PLACEHOLDER, snippet.trim());
  if (classic) return { html, importMapSource: undefined };
  const importMap = /<script type="importmap">([^<]*)<\/script>/.exec(snippet)?.[1];
  if (importMap === undefined) return null;
  const hash = createHash('sha256').update(importMap).digest('base64');
  return { html, importMapSource: `'sha256-${hash}'` };
}

/** The script-tag build as the tests find it: `dist/cdn` and what `integrity.json` says about it. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `dist/cdn` of this checkout. */
export const CDN_DIR = join(import.meta.dirname, '../../dist/cdn');

/** What scripts/cdn-integrity.mjs writes. */
export interface CdnIntegrity {
  version: string;
  /** The module entry's file name, e.g. `antom-card-checkout-0.1.0.js`. */
  module: string;
  /** The classic script's file name. */
  classic: string;
  /** `sha384-...` of every `.js` file in the folder. */
  files: Record<string, string>;
}

/** Reads `dist/cdn/integrity.json`; throws with the fix when the build has not run. */
export function cdnIntegrity(): CdnIntegrity {
  const path = join(CDN_DIR, 'integrity.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return JSON.parse(readFileSync(path, 'utf8')) as CdnIntegrity;
}

/**
 * The element's table of Antom Web SDK codes (src/element/sdk-events.ts) covers every code Antom
 * documents for its card components (docs/antom-api.md sections 8 and 10) and every code the
 * installed `@alipay/ams-checkout` declares in its `eventCodeEnum`: a code nobody mapped would be
 * dropped on a merchant's real payment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SDK_REACTIONS } from '../../src/element/sdk-events.js';
import type { AntomSdkEventCode } from '../../src/element/events.js';

const ROOT = join(import.meta.dirname, '../..');

function section(markdown: string, number: number): string {
  const start = markdown.indexOf(`\n## ${number}. `);
  const end = markdown.indexOf('\n## ', start + 1);
  assert.ok(start >= 0, `docs/antom-api.md has a section ${number}`);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function codesIn(text: string): string[] {
  return [...new Set(text.match(/\bSDK_[A-Z_]+[A-Z]\b/g) ?? [])].sort();
}

test('every code Antom documents for its card components is in the table', () => {
  const docs = readFileSync(join(ROOT, 'docs/antom-api.md'), 'utf8');
  const documented = codesIn(section(docs, 8) + section(docs, 10));
  assert.ok(documented.length >= 15, `only ${documented.length} codes found in the docs`);
  assert.deepEqual(documented.filter((code) => !(code in SDK_REACTIONS)), []);
});

test('every code the installed Antom SDK declares is in the table', () => {
  const require = createRequire(import.meta.url);
  const typings = readFileSync(join(require.resolve('@alipay/ams-checkout/package.json'), '..', 'esm/types/index.d.ts'), 'utf8');
  const enumBody = /export declare enum eventCodeEnum \{([\s\S]*?)\n\}/.exec(typings)?.[1];
  assert.ok(enumBody, 'the package still declares eventCodeEnum');
  const declared = [...enumBody.matchAll(/^\s*(SDK_[A-Z_]+) =/gm)].map((match) => match[1]!);
  assert.ok(declared.length >= 15, `only ${declared.length} codes declared`);
  assert.deepEqual(declared.filter((code) => !(code in SDK_REACTIONS)), []);
});

test('the codes the element may put in detail.code are all in the table', () => {
  // A compile-time list: adding a code to AntomSdkEventCode without a reaction fails here.
  const codes: Record<AntomSdkEventCode, true> = {
    SDK_START_OF_LOADING: true,
    SDK_END_OF_LOADING: true,
    SDK_PAYMENT_SUCCESSFUL: true,
    SDK_PAYMENT_AUTHORIZATION_SUCCESSFUL: true,
    SDK_PAYMENT_FAIL: true,
    SDK_PAYMENT_RETRY: true,
    SDK_PAYMENT_PROCESSING: true,
    SDK_PAYMENT_CANCEL: true,
    SDK_PAYMENT_ERROR: true,
    SDK_PAYMENT_CHALLENGE: true,
    SDK_FORM_VERIFICATION_FAILED: true,
    SDK_DUPLICATE_SUBMISSION_BEHAVIOR: true,
    SDK_SUBMIT_NETWORK_ERROR: true,
    SDK_INIT_PARAMETER_ERROR: true,
    SDK_CREATEPAYMENT_PARAMETER_ERROR: true,
    SDK_CREATECOMPONENT_ERROR: true,
    SDK_INTERNAL_ERROR: true,
  };
  assert.deepEqual(Object.keys(codes).filter((code) => !(code in SDK_REACTIONS)), []);
});

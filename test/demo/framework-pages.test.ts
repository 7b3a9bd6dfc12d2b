/**
 * The demo server's React and Vue shops (/react, /vue): their pages and built assets, under the
 * pages' strict CSP (with the Trusted Types policy Vue creates on /vue only), and in live mode with
 * Antom's environment for the app to hand to the element. Served from a stand-in build folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AntomClient } from '../../src/server/index.js';
import { startDemo, type DemoOptions } from '../../demo/server.js';
import { KEYS } from '../support/keys.js';
import { openTestDatabase } from '../support/demo-db.js';

const STRICT =
  "default-src 'self'; script-src 'self'; style-src 'self'; frame-src http://127.0.0.1:8787; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'self'; object-src 'none'; " +
  "require-trusted-types-for 'script'; trusted-types";

const PAGE = (name: string): string =>
  `<!doctype html>\n<html lang="en">\n  <head>\n    <title>${name}</title>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n`;

async function withApps(options: Partial<DemoOptions>, run: (base: string) => Promise<void>): Promise<void> {
  const appsDir = mkdtempSync(join(tmpdir(), 'demo-apps-'));
  for (const app of ['react', 'vue']) {
    mkdirSync(join(appsDir, app));
    writeFileSync(join(appsDir, app, 'index.html'), PAGE(app));
  }
  mkdirSync(join(appsDir, 'assets'));
  writeFileSync(join(appsDir, 'assets', 'react-AbC123.js'), 'export const app = "react";\n');
  writeFileSync(join(appsDir, 'assets', 'shop-AbC123.css'), 'body { margin: 0 }\n');
  const client = new AntomClient({
    clientId: 'SANDBOX_TEST',
    privateKey: KEYS.merchant.privateKey,
    antomPublicKey: KEYS.antom.publicKey,
    endpoint: 'http://127.0.0.1:8787',
  });
  const database = await openTestDatabase();
  const demo = await startDemo({ port: 0, client, appsDir, database, log: () => undefined, ...options });
  try {
    await run(`http://127.0.0.1:${demo.port}`);
  } finally {
    await demo.close();
    await database.close();
    rmSync(appsDir, { recursive: true, force: true });
  }
}

describe('the framework shops’ pages', () => {
  it('serves /react under the strict CSP, Lit’s policy the only one', async () => {
    await withApps({}, async (base) => {
      const response = await fetch(`${base}/react`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(response.headers.get('content-security-policy'), `${STRICT} lit-html`);
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.equal(
        await response.text(),
        PAGE('react').replace(
          '<head>',
          '<head>\n    <meta name="antom-gateway-origin" content="http://127.0.0.1:8787" />',
        ),
        'the page as built, with the sandbox gateway the app pins the element to',
      );
    });
  });

  it('serves /vue under the same CSP plus the policy Vue’s runtime creates', async () => {
    await withApps({}, async (base) => {
      const response = await fetch(`${base}/vue`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-security-policy'), `${STRICT} lit-html vue`);
    });
  });

  it('serves the built scripts and styles, and nothing else from the build folder', async () => {
    await withApps({}, async (base) => {
      const script = await fetch(`${base}/apps/assets/react-AbC123.js`);
      assert.equal(script.status, 200);
      assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(await script.text(), 'export const app = "react";\n');
      const style = await fetch(`${base}/apps/assets/shop-AbC123.css`);
      assert.equal(style.headers.get('content-type'), 'text/css; charset=utf-8');
      assert.equal((await fetch(`${base}/apps/assets/missing-AbC123.js`)).status, 404);
      assert.equal((await fetch(`${base}/apps/react/index.html`)).status, 404);
      assert.equal((await fetch(`${base}/apps/assets/..%2Freact%2Findex.html`)).status, 404);
      assert.equal((await fetch(`${base}/react`, { method: 'POST' })).status, 405);
    });
  });

  it('says so when the shops are not built', async () => {
    await withApps({ appsDir: join(tmpdir(), 'no-such-demo-apps') }, async (base) => {
      const response = await fetch(`${base}/react`);
      assert.equal(response.status, 404);
      assert.match(await response.text(), /npm run build/);
    });
  });

  it('live, the page carries Antom’s environment for the element, under the live CSP', async () => {
    await withApps({ antomEnvironment: 'sandbox' }, async (base) => {
      const response = await fetch(`${base}/vue`);
      const html = await response.text();
      assert.match(html, /<head>\n {4}<meta name="antom-environment" content="sandbox" \/>/);
      assert.doesNotMatch(response.headers.get('content-security-policy') ?? '', /trusted-types/);
    });
  });
});

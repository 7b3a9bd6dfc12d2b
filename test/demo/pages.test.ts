import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AntomClient } from '../../src/server/index.js';
import { startDemo, type RunningDemo } from '../../demo/server.js';
import { KEYS } from '../support/keys.js';
import { openTestDatabase } from '../support/demo-db.js';

const pagesDir = fileURLToPath(new URL('../../demo/pages/', import.meta.url));

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; frame-src http://127.0.0.1:8787; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'self'; object-src 'none'; " +
  "require-trusted-types-for 'script'; trusted-types lit-html";

async function withDemo(run: (base: string, demo: RunningDemo) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'demo-static-'));
  mkdirSync(join(root, 'demo'));
  symlinkSync(pagesDir, join(root, 'demo', 'pages'));
  symlinkSync(join(pagesDir, '..', '..', 'index.html'), join(root, 'index.html'));
  mkdirSync(join(root, 'dist', 'cdn'), { recursive: true });
  writeFileSync(join(root, 'dist', 'cdn', 'antom-card-checkout-9.9.9.js'), 'export const built = true;\n');
  writeFileSync(
    join(root, 'dist', 'cdn', 'integrity.json'),
    JSON.stringify({
      module: 'antom-card-checkout-9.9.9.js',
      classic: 'antom-card-checkout-9.9.9.classic.js',
      files: {},
    }),
  );
  writeFileSync(join(root, 'package.json'), '{"secret":true}');
  const client = new AntomClient({
    clientId: 'SANDBOX_TEST',
    privateKey: KEYS.merchant.privateKey,
    antomPublicKey: KEYS.antom.publicKey,
    endpoint: 'http://127.0.0.1:8787',
  });
  const database = await openTestDatabase();
  const demo = await startDemo({ port: 0, client, staticRoot: root, database, log: () => undefined });
  try {
    await run(`http://127.0.0.1:${demo.port}`, demo);
  } finally {
    await demo.close();
    await database.close();
    rmSync(root, { recursive: true, force: true });
  }
}

describe('demo pages', () => {
  it('serves the checkout page with the strict CSP, framing only the gateway', async () => {
    await withDemo(async (base) => {
      const response = await fetch(`${base}/`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(response.headers.get('content-security-policy'), CSP);
      const html = await response.text();
      assert.match(html, /<antom-card-checkout[^>]*session-url="\/api\/checkout\/session"/);
      assert.match(
        html,
        /<antom-card-checkout gateway-origin="http:\/\/127\.0\.0\.1:8787" /,
        'the element is pinned to the sandbox gateway: a tampered session cannot move the card frame',
      );
      assert.match(html, /<script type="module" src="\/assets\/antom-card-checkout-9\.9\.9\.js"><\/script>/);
      assert.match(html, /role="status" aria-live="polite"/);
    });
  });

  it('has no inline script, inline style or innerHTML', () => {
    for (const file of ['index.html', 'result.html', 'orders.html', 'cards.html', 'api-checkout.html']) {
      const html = readFileSync(join(pagesDir, file), 'utf8');
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: inline script`);
      assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, `${file}: inline style or handler`);
    }
    for (const file of ['checkout.js', 'result.js', 'orders.js', 'cards.js', 'shared.js', 'money.js']) {
      const script = readFileSync(join(pagesDir, file), 'utf8');
      assert.doesNotMatch(script, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/, file);
    }
  });

  it('serves the orders console under the same CSP, with a captioned table and a polite live region', async () => {
    await withDemo(async (base) => {
      const response = await fetch(`${base}/orders`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-security-policy'), CSP);
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      const html = await response.text();
      assert.match(html, /<table[^>]*>\s*<caption[^>]*>\s*Orders, newest first\s*<\/caption>/);
      assert.equal(html.match(/<th scope="col">/g)?.length, 10);
      assert.match(html, /id="action-result"[^>]*role="status"[^>]*aria-live="polite"/);
      assert.match(html, /no sign-in/i);
      assert.match(html, /<script type="module" src="\/orders\.js"><\/script>/);
    });
  });

  it('names every console button after its order and links the checkout to the console', () => {
    const script = readFileSync(join(pagesDir, 'orders.js'), 'utf8');
    assert.match(script, /setAttribute\('aria-label', `\$\{action\.label\} order \$\{order\.id\}`\)/);
    assert.match(script, /scope = 'row'/);
    assert.match(readFileSync(join(pagesDir, 'index.html'), 'utf8'), /<a href="\/orders">/);
    assert.match(readFileSync(join(pagesDir, 'result.html'), 'utf8'), /<a href="\/orders">/);
  });

  it('serves "My cards" under the same CSP: the wallet list, a vault-mode element and a polite live region', async () => {
    await withDemo(async (base) => {
      const response = await fetch(`${base}/cards`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-security-policy'), CSP);
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      const html = await response.text();
      assert.match(html, /<h1[^>]*>My cards<\/h1>/);
      assert.match(html, /<antom-card-checkout[^>]*mode="vault"[^>]*session-url="\/api\/vault\/session"/);
      assert.match(html, /id="wallet-list"/);
      assert.match(html, /id="wallet-status"[^>]*role="status"[^>]*aria-live="polite"/);
      assert.match(html, /<a href="\/cards" aria-current="page">My cards<\/a>/);
      assert.match(html, /<script type="module" src="\/cards\.js"><\/script>/);
    });
  });

  it('links the checkout to "My cards" and offers the saved-card CVC choice', () => {
    const html = readFileSync(join(pagesDir, 'index.html'), 'utf8');
    assert.match(html, /<header[\s\S]*<a href="\/cards">My cards<\/a>[\s\S]*<\/header>/);
    assert.match(html, /<input type="checkbox" id="saved-card-cvc" name="savedCardCvc" \/>/);
    assert.match(html, /Ask for the security code of saved cards/);
    const script = readFileSync(join(pagesDir, 'cards.js'), 'utf8');
    assert.match(script, /setAttribute\('aria-label', `Remove \$\{cardName\(card\)\}`\)/);
  });

  it('lists the Antom test cards', () => {
    const html = readFileSync(join(pagesDir, 'index.html'), 'utf8');
    for (const number of [
      '4054 6957 2310 0768',
      '5162 7741 1497 4622',
      '4054 6927 6017 4822',
      '5162 7704 7256 1357',
      '4035 5010 0000 0008',
    ]) {
      assert.ok(html.includes(number), number);
    }
  });

  it('serves the page assets and the built element bundle', async () => {
    await withDemo(async (base) => {
      for (const [path, type] of [
        ['/checkout.js', /^text\/javascript/],
        ['/checkout.css', /^text\/css/],
        ['/result.js', /^text\/javascript/],
        ['/orders.js', /^text\/javascript/],
        ['/orders.css', /^text\/css/],
        ['/cards.js', /^text\/javascript/],
        ['/cards.css', /^text\/css/],
        ['/product.svg', /^image\/svg\+xml/],
        ['/design', /^text\/html/],
        ['/design.css', /^text\/css/],
        ['/assets/antom-card-checkout-9.9.9.js', /^text\/javascript/],
      ] as const) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', type, path);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      }
      // The pages load the versioned file the build wrote, under the one name its chunks import.
      const home = await (await fetch(`${base}/`)).text();
      assert.match(home, /<script type="module" src="\/assets\/antom-card-checkout-9\.9\.9\.js"><\/script>/);
      assert.equal((await fetch(`${base}/assets/antom-card-checkout.js`)).status, 404, 'no second name for the entry');
      const result = await fetch(`${base}/checkout/result?order=ord_1`);
      assert.equal(result.status, 200);
      assert.equal(result.headers.get('content-security-policy'), CSP);
    });
  });

  it('formats amounts in minor units per currency with the package table (JPY 0, USD 2, KWD 3 decimals)', async () => {
    await withDemo(async (base) => {
      const table = await fetch(`${base}/minor-units.js`);
      assert.equal(table.status, 200);
      assert.match(table.headers.get('content-type') ?? '', /^text\/javascript/);
      const tableSource = await table.text();
      const moneySource = await (await fetch(`${base}/money.js`)).text();
      const asModule = (source: string): string => `data:text/javascript,${encodeURIComponent(source)}`;
      const money = (await import(
        asModule(moneySource.replace("'/minor-units.js'", `'${asModule(tableSource)}'`))
      )) as { formatMoney: (amount: { currency: string; value: string }) => string };
      assert.equal(money.formatMoney({ currency: 'JPY', value: '2500' }), '¥2,500');
      assert.equal(money.formatMoney({ currency: 'USD', value: '2500' }), '$25.00');
      assert.equal(money.formatMoney({ currency: 'KWD', value: '2500' }), 'KWD\u00a02.500');
      assert.equal(money.formatMoney({ currency: 'HUF', value: '250050' }), 'HUF\u00a02,500.50');
    });
    for (const file of ['checkout.js', 'result.js', 'orders.js']) {
      const script = readFileSync(join(pagesDir, file), 'utf8');
      assert.match(script, /from '\/money\.js'/, `${file} formats with the table`);
      assert.doesNotMatch(script, /\/ 100\b|maximumFractionDigits/, `${file} assumes no decimals of its own`);
    }
  });

  it('serves nothing outside the pages and the bundle folder', async () => {
    await withDemo(async (base) => {
      for (const path of [
        '/assets/..%2Fpackage.json',
        '/assets/../package.json',
        '/package.json',
        '/assets/x.map',
        '/demo/server.ts',
      ]) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 404, path);
        assert.doesNotMatch(await response.text(), /secret/);
      }
      assert.equal((await fetch(`${base}/`, { method: 'POST' })).status, 405);
    });
  });
});

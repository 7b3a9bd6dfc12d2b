import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ensureSandbox } from 'antom-card-checkout/sandbox';
import { demoDatabaseOptions, describeDatabase, portFromEnv, startDemoStack } from '../../demo/start.js';
import { openTestDatabase } from '../support/demo-db.js';
import { at, post } from '../support/http.js';

describe('demo start', () => {
  it('starts the gateway and the shop wired together with the SANDBOX_DEMO merchant', async () => {
    const sandboxDir = mkdtempSync(join(tmpdir(), 'demo-stack-'));
    const lines: string[] = [];
    const database = await openTestDatabase();
    const stack = await startDemoStack({
      gatewayPort: 0,
      demoPort: 0,
      sandboxDir,
      database,
      log: (line) => lines.push(line),
    });
    try {
      assert.equal(stack.demo.origin, `http://localhost:${stack.demo.port}`);
      const base = `http://127.0.0.1:${stack.demo.port}`;
      const page = await fetch(`${base}/`);
      assert.match(page.headers.get('content-security-policy') ?? '', new RegExp(`frame-src ${stack.gateway.origin};`));
      const session = await post(`${base}/api/checkout/session`, {});
      assert.equal(session.status, 200, session.text);
      assert.ok(
        lines.some((line) => line.startsWith('[gateway] POST /ams/sandbox/api/v1/payments/createPaymentSession')),
      );
      assert.ok(lines.some((line) => line.startsWith('[demo] POST /api/checkout/session 200')));
    } finally {
      await stack.close();
      await database.close();
      rmSync(sandboxDir, { recursive: true, force: true });
    }
  });

  it('with the shop on another port, only that origin may frame the card page and notifications go there', async () => {
    const sandboxDir = mkdtempSync(join(tmpdir(), 'demo-stack-'));
    ensureSandbox(sandboxDir); // a first run on the default port 4173 wrote merchants.json
    const database = await openTestDatabase();
    const stack = await startDemoStack({ gatewayPort: 0, demoPort: 0, sandboxDir, database, log: () => undefined });
    try {
      const shop = `http://localhost:${stack.demo.port}`;
      assert.notEqual(stack.demo.port, 4173);
      const session = await post(`http://127.0.0.1:${stack.demo.port}/api/checkout/session`, {});
      const sessionData = String((session.json as { paymentSessionData?: unknown }).paymentSessionData);
      const framePage = (origin: string): Promise<Response> =>
        fetch(`${stack.gateway.origin}/sdk/v1/frame?origin=${encodeURIComponent(origin)}`);
      const page = await framePage(shop);
      assert.equal(page.status, 200);
      const ancestors = /frame-ancestors ([^;]+)/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
      assert.equal(ancestors, shop, 'the card page names the shop that runs');
      const view = (origin: string): Promise<unknown> =>
        fetch(`${stack.gateway.origin}/sdk/v1/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: stack.gateway.origin, 'Sec-Fetch-Site': 'same-origin' },
          body: JSON.stringify({ paymentSessionData: sessionData, origin }),
        }).then((answer) => answer.json());
      assert.equal(at(await view(shop), 'result.resultCode'), 'SUCCESS');
      assert.equal(
        at(await view('http://localhost:4173'), 'result.resultCode'),
        'SESSION_INVALID',
        'a page on port 4173 gets no card form for the shop',
      );
      const merchants = JSON.parse(readFileSync(join(sandboxDir, 'merchants.json'), 'utf8')) as {
        merchants: Array<{ allowedOrigins: string[]; notifyUrl: string }>;
      };
      assert.deepEqual(merchants.merchants[0]?.allowedOrigins, [shop], 'the stale default entry was rewritten');
      assert.equal(merchants.merchants[0]?.notifyUrl, `${shop}/api/antom/notify`);
    } finally {
      await stack.close();
      await database.close();
      rmSync(sandboxDir, { recursive: true, force: true });
    }
  });

  it('leaves a demo merchant entry someone edited as it is', async () => {
    const sandboxDir = mkdtempSync(join(tmpdir(), 'demo-stack-'));
    try {
      ensureSandbox(sandboxDir);
      const path = join(sandboxDir, 'merchants.json');
      const edited = readFileSync(path, 'utf8').replace('"http://localhost:4173"', '"https://shop.example"');
      writeFileSync(path, edited);
      ensureSandbox(sandboxDir, { demoOrigin: 'http://localhost:9173' });
      assert.equal(readFileSync(path, 'utf8'), edited);
    } finally {
      rmSync(sandboxDir, { recursive: true, force: true });
    }
  });

  it('reads ports from the environment and names a bad variable', () => {
    assert.equal(portFromEnv('DEMO_PORT', 4173, {}), 4173);
    assert.equal(portFromEnv('DEMO_PORT', 4173, { DEMO_PORT: '5000' }), 5000);
    assert.equal(portFromEnv('DEMO_PORT', 4173, { DEMO_PORT: '0' }), 0);
    assert.throws(() => portFromEnv('GATEWAY_PORT', 8787, { GATEWAY_PORT: 'http' }), /GATEWAY_PORT/);
    assert.throws(() => portFromEnv('GATEWAY_PORT', 8787, { GATEWAY_PORT: '70000' }), /GATEWAY_PORT/);
  });

  it('keeps its data under the sandbox folder unless DATABASE_URL names a server, and never prints a password', () => {
    assert.deepEqual(demoDatabaseOptions('/x/.sandbox', {}), { dataDir: join('/x/.sandbox', 'demo-db') });
    const url = 'postgres://shop:s3cret@db.internal:5432/shop';
    assert.deepEqual(demoDatabaseOptions('/x/.sandbox', { DATABASE_URL: url }), { url });
    assert.equal(describeDatabase({ url }), 'PostgreSQL at db.internal:5432/shop (DATABASE_URL)');
    assert.equal(describeDatabase({ dataDir: '/x/.sandbox/demo-db' }), 'PGlite in /x/.sandbox/demo-db');
  });
});

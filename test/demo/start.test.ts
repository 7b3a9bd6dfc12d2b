import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { demoDatabaseOptions, describeDatabase, portFromEnv, startDemoStack } from '../../demo/start.js';
import { openTestDatabase } from '../support/demo-db.js';
import { post } from '../support/http.js';

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

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_CLIENT_ID, ensureSandbox, GATEWAY_HEAP_GROWING_PERCENT, startGateway } from '../../gateway/src/index.js';
import { KEYS } from '../support/keys.js';
import { startTestGateway, testMerchant } from '../support/servers.js';
import { waitFor } from '../support/waits.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'antom-sandbox-files-'));

describe('ensureSandbox', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the gateway and demo merchant key pairs and merchants.json on the first run', () => {
    const sandbox = ensureSandbox(join(dir, '.sandbox'));
    assert.equal(sandbox.created.length, 5);
    assert.equal(statSync(sandbox.gateway.privateKeyPath).mode & 0o777, 0o600);
    assert.equal(statSync(sandbox.demoMerchant.privateKeyPath).mode & 0o777, 0o600);
    assert.match(sandbox.gateway.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.match(sandbox.gateway.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(createPrivateKey(sandbox.gateway.privateKeyPem).asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(sandbox.demoMerchant.clientId, DEMO_CLIENT_ID);
    assert.deepEqual(
      sandbox.merchants.map((merchant) => [
        merchant.clientId,
        merchant.name,
        merchant.notifyUrl,
        merchant.allowedOrigins,
      ]),
      [['SANDBOX_DEMO', 'Demo Shop', 'http://localhost:4173/api/antom/notify', ['http://localhost:4173']]],
    );
    assert.equal(sandbox.merchants[0]?.publicKeyPem, sandbox.demoMerchant.publicKeyPem);
  });

  it('loads the same keys on later runs and creates nothing', () => {
    const first = ensureSandbox(join(dir, '.sandbox'));
    const second = ensureSandbox(join(dir, '.sandbox'));
    assert.deepEqual(second.created, []);
    assert.equal(second.gateway.privateKeyPem, first.gateway.privateKeyPem);
    assert.equal(second.demoMerchant.privateKeyPem, first.demoMerchant.privateKeyPem);
  });

  it('derives a missing public key from its private key', () => {
    const sandbox = ensureSandbox(join(dir, '.sandbox'));
    unlinkSync(sandbox.gateway.publicKeyPath);
    const again = ensureSandbox(join(dir, '.sandbox'));
    assert.deepEqual(again.created, [sandbox.gateway.publicKeyPath]);
    assert.equal(readFileSync(sandbox.gateway.publicKeyPath, 'utf8'), sandbox.gateway.publicKeyPem);
  });

  it('names the file and field of a bad merchants.json', () => {
    const sandboxDir = join(dir, '.sandbox');
    const path = join(sandboxDir, 'merchants.json');
    const original = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, '{ not json');
      assert.throws(() => ensureSandbox(sandboxDir), /merchants\.json: not valid JSON/);
      writeFileSync(
        path,
        JSON.stringify({
          merchants: [
            { clientId: 'X', name: 'X', publicKeyPem: KEYS.merchant.publicKey, allowedOrigins: ['localhost'] },
          ],
        }),
      );
      assert.throws(
        () => ensureSandbox(sandboxDir),
        /merchants\.json: merchants\[0\]\.allowedOrigins\[0\] must be an origin/,
      );
      writeFileSync(
        path,
        JSON.stringify({ merchants: [{ clientId: 'X', name: 'X', publicKeyFile: 'nope.pem', allowedOrigins: [] }] }),
      );
      assert.throws(() => ensureSandbox(sandboxDir), /merchants\[0\]\.publicKeyFile: .*nope\.pem does not exist/);
    } finally {
      writeFileSync(path, original);
    }
  });
});

describe('startGateway configuration', () => {
  it('refuses a bad merchant configuration, naming the field', async () => {
    await assert.rejects(
      startTestGateway({ merchants: [testMerchant({ brands: ['VISA', 'NOPE' as 'VISA'] })] }),
      /merchants\[1\]\.brands\[1\] must be one of/,
    );
    await assert.rejects(
      startTestGateway({ merchants: [testMerchant({ publicKeyPem: 'not a key' })] }),
      /publicKeyPem is not a readable public key/,
    );
  });

  it('refuses gateway keys that do not belong together', async () => {
    await assert.rejects(
      startTestGateway({
        gatewayKeys: { privateKeyPem: KEYS.antom.privateKey, publicKeyPem: KEYS.stranger.publicKey },
      }),
      /gatewayKeys\.publicKeyPem does not match/,
    );
  });

  it('uses given gateway keys and lets options override merchants.json entries', async () => {
    // Any pair but the sandbox folder's (KEYS.antom) shows which one the gateway took.
    const t = await startTestGateway({
      gatewayKeys: { privateKeyPem: KEYS.stranger.privateKey, publicKeyPem: KEYS.stranger.publicKey },
      merchants: [testMerchant({ clientId: 'SANDBOX_DEMO', name: 'Overridden Demo' })],
    });
    try {
      const expected = createPublicKey(KEYS.stranger.publicKey).export({ type: 'spki', format: 'pem' });
      assert.equal(t.gateway.publicKeyPem, expected);
      assert.equal(t.gateway.engine.merchant('SANDBOX_DEMO')?.name, 'Overridden Demo');
      assert.match(t.gateway.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(t.gateway.port, 0);
    } finally {
      await t.close();
    }
  });

  it('reports a port in use clearly', async () => {
    const t = await startTestGateway();
    try {
      await assert.rejects(
        startGateway({ port: t.gateway.port, sandboxDir: join(t.dir, 'sandbox'), log: () => undefined }),
        /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/,
      );
    } finally {
      await t.close();
    }
  });

  it('close() is idempotent', async () => {
    const t = await startTestGateway();
    await Promise.all([t.gateway.close(), t.gateway.close()]);
    await t.close();
  });
});

describe('antom-sandbox bin', () => {
  it('starts on the given port, prints the origin and key locations, and stops on SIGTERM', async () => {
    const dir = tempDir();
    const bin = join(import.meta.dirname, '..', '..', 'gateway', 'bin', 'antom-sandbox.ts');
    const spy = join(import.meta.dirname, '..', 'support', 'v8-flags-spy.ts');
    const args = ['--port', '0', '--issuer-port', '0', '--sandbox-dir', join(dir, 'sb')];
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', spy, bin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // The first start creates the keys and the gateway's database: seconds on a busy machine.
      await waitFor(() => output.includes('Ctrl-C'), {
        timeout: 60_000,
        interval: 50,
        message: () => `the bin to start; it printed: ${output}`,
      });
      assert.match(output, /Antom sandbox gateway on http:\/\/127\.0\.0\.1:\d+/);
      // The process is the gateway's: it lets its heap grow further between full collections.
      assert.ok(
        output.includes(`v8.setFlagsFromString(--heap-growing-percent=${GATEWAY_HEAP_GROWING_PERCENT})`),
        output,
      );
      assert.match(output, /gateway-public\.pem/);
      assert.match(output, /merchant-SANDBOX_DEMO-private\.pem/);
      assert.match(output, /Data \(kept\): +\S+gateway-db \(start with --reset for an empty one\)/);
      const issuer = /Issuer \(3DS ACS\): +(http:\/\/127\.0\.0\.1:\d+)\/acs\/challenge \(sandbox code 123456\)/.exec(
        output,
      )?.[1];
      assert.ok(issuer, output);
      assert.equal((await fetch(`${issuer}/acs/acs.css`)).status, 200);
      const origin = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const answer = await fetch(`${origin}/ams/api/v1/payments/createPaymentSession`, { method: 'GET' });
      assert.equal(
        ((await answer.json()) as { result: { resultCode: string } }).result.resultCode,
        'METHOD_NOT_SUPPORTED',
      );
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exit, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad port', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'gateway', 'bin', 'antom-sandbox.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', bin, '--port', 'eighty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(errors, /invalid port "eighty"/);
  });

  it('refuses a bad issuer port', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'gateway', 'bin', 'antom-sandbox.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', bin, '--issuer-port', '99999'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(errors, /invalid port "99999"/);
  });
});

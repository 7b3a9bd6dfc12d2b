import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OrderView } from '../../demo/server.js';
import { openTestDatabase, TEST_ENGINE, testDatabaseUrl, type TestDatabase } from '../support/demo-db.js';
import { startFakeAntom, SUCCESS, type FakeAntom } from '../support/fake-antom.js';
import { post } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { paymentResult, signNotification } from '../support/notifications.js';

const NOTIFY = '/api/antom/notify';
const CHILD = join(import.meta.dirname, '..', 'support', 'demo-child.ts');

interface Shop {
  child: ChildProcess;
  base: string;
}

/** Starts the shop in a child process and waits for its `READY` line. */
async function startShop(env: NodeJS.ProcessEnv): Promise<Shop> {
  const child = spawn(process.execPath, ['--conditions=antom-source', '--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\d+)/.exec(out);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the shop exited (${code}) before it listened: ${errors}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** `kill -9`: the shop gets no chance to flush or close anything. */
async function killHard(shop: Shop): Promise<void> {
  const exited = new Promise((resolve) => shop.child.once('exit', resolve));
  shop.child.kill('SIGKILL');
  await exited;
}

async function notify(base: string, payload: object): Promise<number> {
  const signed = signNotification(payload, {
    path: NOTIFY,
    clientId: 'SANDBOX_TEST',
    privateKey: KEYS.antom.privateKey,
  });
  return (await post(`${base}${NOTIFY}`, signed.body, signed.headers)).status;
}

describe('the shop killed with SIGKILL and restarted on the same database', () => {
  let antom: FakeAntom;
  let dataDir: string;
  let database: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    antom = await startFakeAntom(() => ({
      body: {
        result: SUCCESS,
        paymentSessionData: 'token&&SG&&111&&eyJ9',
        paymentSessionId: 'ps_restart',
        paymentSessionExpiryTime: '2030-01-01T00:00:00Z',
      },
    }));
    dataDir = mkdtempSync(join(tmpdir(), 'demo-restart-'));
    if (TEST_ENGINE === 'postgres') {
      // The schema is made here; the shop processes use it through their own connections.
      database = await openTestDatabase();
      env = { DEMO_CHILD_DATABASE_URL: testDatabaseUrl(), DEMO_CHILD_SCHEMA: database.schema };
    } else {
      env = { DEMO_CHILD_DATA_DIR: join(dataDir, 'demo-db') };
    }
    env['ANTOM_ORIGIN'] = antom.origin;
  });

  after(async () => {
    await antom.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'still has the order, its history, the wallet and the notifications it processed',
    { timeout: 120_000 },
    async () => {
      const first = await startShop(env);
      let orderId: string;
      let payload: Record<string, unknown>;
      try {
        const created = await post(`${first.base}/api/checkout/session`, { captureMode: 'MANUAL' });
        assert.equal(created.status, 200, created.text);
        orderId = String((created.json as { orderId: string }).orderId);
        const before = (await (await fetch(`${first.base}/api/orders/${orderId}`)).json()) as OrderView;
        payload = {
          ...paymentResult({ paymentRequestId: before.paymentRequestId }),
          paymentResultInfo: {
            cardBrand: 'MASTERCARD',
            lastFour: '4622',
            cardNo: '************4622',
            cardToken: 'ALIPAYRESTART01',
            expiryMonth: '12',
            expiryYear: '30',
          },
        };
        assert.equal(await notify(first.base, payload), 200);
      } finally {
        await killHard(first);
      }

      const second = await startShop(env);
      try {
        const order = (await (await fetch(`${second.base}/api/orders/${orderId}`)).json()) as OrderView;
        assert.equal(order.status, 'AUTHORIZED');
        assert.deepEqual(order.card, { brand: 'MASTERCARD', last4: '4622' });
        assert.deepEqual(
          order.history.map((event) => [event.type, event.outcome, event.deliveries]),
          [['PAYMENT_RESULT', 'applied', 1]],
        );
        assert.deepEqual(order.allowedActions, ['CAPTURE', 'CANCEL']);
        const wallet = (await (await fetch(`${second.base}/api/wallet`)).json()) as { cards: { last4: string }[] };
        assert.deepEqual(
          wallet.cards.map((card) => card.last4),
          ['4622'],
        );
        // Antom retries the same notification: the restarted shop knows it processed it.
        assert.equal(await notify(second.base, payload), 200);
        const again = (await (await fetch(`${second.base}/api/orders/${orderId}`)).json()) as OrderView;
        assert.deepEqual(
          again.history.map((event) => [event.type, event.deliveries]),
          [['PAYMENT_RESULT', 2]],
        );
        assert.equal(again.status, 'AUTHORIZED');
      } finally {
        await killHard(second);
      }
    },
  );
});

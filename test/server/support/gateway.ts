/** Starts the real sandbox gateway with the fixed test keys, for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from '../../../gateway/src/index.js';
import { AntomClient, type AntomClientOptions } from '../../../src/server/index.js';
import { keys } from './fake-antom.js';

/** Client id of the test merchant the gateway registers. */
export const TEST_CLIENT_ID = 'SANDBOX_TEST';

/** A live-style (non-sandbox) client id, registered too. */
export const LIVE_CLIENT_ID = 'LIVETEST01';

/** A running gateway and its temporary sandbox folder. */
export interface GatewayFixture {
  gateway: RunningGateway;
  client(overrides?: Partial<AntomClientOptions>): AntomClient;
  close(): Promise<void>;
}

/** Starts the gateway on 127.0.0.1, ephemeral port, signing with the fixture "Antom" key. */
export async function startTestGateway(): Promise<GatewayFixture> {
  const sandboxDir = mkdtempSync(join(tmpdir(), 'antom-sandbox-test-'));
  const merchant = (clientId: string) => ({
    clientId,
    name: 'Test Shop',
    publicKeyPem: keys.merchantPublic,
    allowedOrigins: ['http://localhost:4173'],
  });
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    sandboxDir,
    gatewayKeys: { privateKeyPem: keys.antomPrivate, publicKeyPem: keys.antomPublic },
    merchants: [merchant(TEST_CLIENT_ID), merchant(LIVE_CLIENT_ID)],
    notificationTimeScale: 0.0001,
    log: () => undefined,
  });
  return {
    gateway,
    client: (overrides = {}) =>
      new AntomClient({
        clientId: TEST_CLIENT_ID,
        privateKey: keys.merchantPrivate,
        antomPublicKey: gateway.publicKeyPem,
        endpoint: gateway.origin,
        timeoutMs: 5_000,
        ...overrides,
      }),
    close: async () => {
      await gateway.close();
      rmSync(sandboxDir, { recursive: true, force: true });
    },
  };
}

/** Test card data: typed only here and in the gateway, never logged. */
export function card(number: string): {
  number: string;
  expiryMonth: string;
  expiryYear: string;
  cvc: string;
  holderName: string;
} {
  return { number, expiryMonth: '12', expiryYear: '30', cvc: '123', holderName: 'Ada Lovelace' };
}

export { waitFor } from './wait.js';

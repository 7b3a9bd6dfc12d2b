/**
 * Real servers for end-to-end tests: the sandbox gateway on 127.0.0.1 and the demo merchant,
 * with fresh keys in a temporary sandbox folder and a clock tests can move.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, ensureSandbox, startGateway, type RunningGateway } from '../../gateway/src/index.js';
import { startDemo, type RunningDemo } from '../../demo/server.js';
import { AntomClient } from '../../src/server/index.js';

const root = new URL('../../', import.meta.url).pathname;

/** The running servers. */
export interface TestServers {
  gateway: RunningGateway;
  demo: RunningDemo;
  /** A client for SANDBOX_DEMO, to check results on the gateway. */
  client: AntomClient;
  /** The gateway's clock. */
  clock: ManualClock;
  gatewayOrigin: string;
  /** Origin the browser uses for the shop (`http://localhost:<port>`). */
  demoOrigin: string;
  /** Every log line of both servers. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the gateway and the demo. */
export async function startTestServers(): Promise<TestServers> {
  const sandboxDir = mkdtempSync(join(tmpdir(), 'antom-e2e-'));
  const sandbox = ensureSandbox(sandboxDir);
  const logs: string[] = [];
  const clock = new ManualClock();
  const gateway = await startGateway({
    port: 0,
    sandboxDir,
    frameDir: join(root, 'dist/frame'),
    clock,
    notificationTimeScale: 0.001,
    log: (line) => logs.push(`[gateway] ${line}`),
    seed: 7,
  });
  const client = new AntomClient({
    clientId: sandbox.demoMerchant.clientId,
    privateKey: sandbox.demoMerchant.privateKeyPem,
    antomPublicKey: gateway.publicKeyPem,
    endpoint: gateway.origin,
  });
  const demo = await startDemo({
    port: 0,
    client,
    staticRoot: root,
    gatewayOrigin: gateway.origin,
    log: (line) => logs.push(`[demo] ${line}`),
  });

  return {
    gateway,
    demo,
    client,
    clock,
    gatewayOrigin: gateway.origin,
    demoOrigin: demo.origin,
    logs,
    close: async () => {
      await demo.close();
      await gateway.close();
      rmSync(sandboxDir, { recursive: true, force: true });
    },
  };
}

/** Runs `run` against freshly started servers, closed afterwards whatever happens. */
export async function withTestServers(run: (servers: TestServers) => Promise<void>): Promise<void> {
  const servers = await startTestServers();
  try {
    await run(servers);
  } finally {
    await servers.close();
  }
}

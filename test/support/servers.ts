/**
 * The project's servers for tests, each on a free loopback port with a temporary sandbox folder
 * seeded with the fixture keys (no RSA generation), and closed with everything they hold:
 *
 * - `startTestGateway`: the sandbox gateway with a manual clock, one test merchant, captured log
 *   lines and a dummy frame build (the gateway's own tests); `startClientTestGateway`: the same
 *   gateway on the wall clock with the merchants the client's and the demo's tests sign as;
 * - `startTestServers` / `withTestServers`: the gateway with the real frame build and the demo
 *   shop wired to it (end-to-end tests);
 * - `startDemoFixture`: the demo shop wired to the scripted fake Antom (demo tests);
 * - ports: `freePort`, an endpoint that never answers (`startUnreachableEndpoint`) and an origin
 *   that refuses connections (`REFUSING_ORIGIN`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_CLIENT_ID,
  ManualClock,
  ensureSandbox,
  startGateway,
  type GatewayOptions,
  type MerchantConfig,
  type RunningGateway,
} from '../../gateway/src/index.js';
import type { Database } from '../../demo/db.js';
import { startDemo, type DemoOptions, type RunningDemo } from '../../demo/server.js';
import { openTestDatabase } from './demo-db.js';
import { AntomClient, type AntomClientOptions } from '../../src/server/index.js';
import { startFakeAntom, type FakeAntom, type FakeReply } from './fake-antom.js';
import { listen } from './http.js';
import { KEYS, keyFile } from './keys.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A free TCP port on 127.0.0.1, for a server that must be told its port before it starts. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An origin nothing listens on, so connections are refused. Port 2 is privileged and below the
 * ephemeral range, so no test server is ever handed it (unlike a port a test just closed), and it
 * is not on the ports `fetch` blocks.
 */
export const REFUSING_ORIGIN = 'http://127.0.0.1:2';

/** An endpoint that accepts connections and resets them before any answer. */
export interface UnreachableEndpoint {
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * Starts an endpoint that never answers: it holds its port for as long as the test runs (so no
 * other process can take it and answer instead) and resets every connection at once.
 */
export async function startUnreachableEndpoint(): Promise<UnreachableEndpoint> {
  const server = createNetServer((socket) => socket.resetAndDestroy());
  const port = await listen(server);
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A temporary folder holding a sandbox folder seeded with the fixture keys. */
export interface TempSandbox {
  /** The temporary folder. */
  dir: string;
  /** The sandbox folder inside it (`gateway-private.pem` is KEYS.antom, the demo merchant's is KEYS.sandboxDemo). */
  sandboxDir: string;
  remove(): void;
}

/** Makes a temporary sandbox folder whose keys are the fixture keys (so no test generates RSA keys). */
export function tempSandbox(prefix = 'antom-test-'): TempSandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sandboxDir = join(dir, 'sandbox');
  mkdirSync(sandboxDir, { mode: 0o700 });
  copyFileSync(keyFile('antom', 'private'), join(sandboxDir, 'gateway-private.pem'));
  copyFileSync(keyFile('sandboxDemo', 'private'), join(sandboxDir, `merchant-${DEMO_CLIENT_ID}-private.pem`));
  return { dir, sandboxDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Client id of the gateway tests' merchant (sandbox-style id). */
export const MERCHANT_ID = 'SANDBOX_TEST_SHOP';

/** An origin configured as allowed for the gateway tests' merchant. */
export const MERCHANT_ORIGIN = 'http://localhost:4999';

/** The merchant account id the token calls send (Antom's doc example; the gateway accepts any). */
export const MERCHANT_ACCOUNT_ID = '2188116129848784';

/** Start time of the gateway tests' manual clock. */
export const START_TIME = '2030-01-15T10:00:00.000Z';

/** Contents of the dummy frame page `startTestGateway` serves. */
export const DUMMY_FRAME_HTML =
  '<!doctype html><title>frame</title><script type="module" src="/sdk/v1/assets/frame-AbC123.js"></script>';

/** The gateway tests' merchant, signing with KEYS.merchant; `overrides` make another one. */
export function testMerchant(overrides: Partial<MerchantConfig> = {}): MerchantConfig {
  return {
    clientId: MERCHANT_ID,
    name: 'Test Shop',
    publicKeyPem: KEYS.merchant.publicKey,
    allowedOrigins: [MERCHANT_ORIGIN],
    ...overrides,
  };
}

/**
 * Each running test gateway's clock by origin, so a signed call made with only the origin signs at
 * the gateway's own time, as a merchant whose clock agrees with Antom's (the gateway refuses a
 * Request-Time more than 5 minutes off its clock, and the test clock starts in 2030).
 */
export const gatewayClocks = new Map<string, { now(): Date }>();

/** Epoch ms on the clock of the test gateway at `origin`, or the wall clock for any other origin. */
export function gatewayNow(origin: string): number {
  return gatewayClocks.get(origin)?.now().getTime() ?? Date.now();
}

/** A started test gateway. */
export interface TestGateway {
  /** The gateway. */
  gateway: RunningGateway;
  /** The ManualClock at START_TIME the gateway runs on, unless the options gave it another (`gateway.clock`). */
  clock: ManualClock;
  /** Every log line. */
  logs: string[];
  /** Temporary folder (sandbox files and dummy frame build). */
  dir: string;
  /** Folder of the dummy frame build. */
  frameDir: string;
  /** A client of the first merchant (signing with KEYS.merchant, verifying with the gateway's key). */
  client(overrides?: Partial<AntomClientOptions>): AntomClient;
  /** Closes the gateway and deletes the folder. */
  close(): Promise<void>;
}

/**
 * Starts the gateway on free ports with the fixture keys, a ManualClock at START_TIME, the test
 * merchant, seed 7, captured log lines and a dummy frame build; `options` override any of them.
 */
export async function startTestGateway(options: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const sandbox = tempSandbox('antom-gateway-test-');
  const frameDir = join(sandbox.dir, 'frame');
  mkdirSync(join(frameDir, 'assets'), { recursive: true });
  writeFileSync(join(frameDir, 'frame.html'), DUMMY_FRAME_HTML);
  writeFileSync(join(frameDir, 'assets', 'frame-AbC123.js'), 'console.log("frame");');
  writeFileSync(join(frameDir, 'assets', 'frame-AbC123.css'), 'body{margin:0}');
  const clock = new ManualClock(START_TIME);
  const logs: string[] = [];
  const merchants = options.merchants ?? [testMerchant()];
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      port: 0,
      sandboxDir: sandbox.sandboxDir,
      frameDir,
      clock,
      seed: 7,
      log: (line) => logs.push(line),
      // Every test call comes from 127.0.0.1: the per-address limit would stop a suite that tries
      // each decline card; the card-testing tests set their own limits.
      attemptLimits: { perAddress: 10_000, perCard: 10_000 },
      ...options,
      merchants,
    });
  } catch (error) {
    sandbox.remove();
    throw error;
  }
  gatewayClocks.set(gateway.origin, gateway.clock);
  return {
    gateway,
    clock,
    logs,
    dir: sandbox.dir,
    frameDir,
    client: (overrides = {}) =>
      new AntomClient({
        clientId: merchants[0]?.clientId ?? MERCHANT_ID,
        privateKey: KEYS.merchant.privateKey,
        antomPublicKey: gateway.publicKeyPem,
        endpoint: gateway.origin,
        timeoutMs: 5_000,
        now: () => gateway.clock.now().getTime(),
        ...overrides,
      }),
    async close() {
      gatewayClocks.delete(gateway.origin);
      await gateway.close();
      sandbox.remove();
    },
  };
}

/** Client id the client's and the demo's tests sign as. */
export const CLIENT_TEST_ID = 'SANDBOX_TEST';

/** A live-style (non-sandbox) client id that `startClientTestGateway` registers too (served on /ams/api/v1). */
export const LIVE_CLIENT_ID = 'LIVETEST01';

/**
 * The gateway as a merchant's backend meets it, for the client's and the demo's tests: on its
 * default clock (the wall clock, which `/sandbox/clock/advance` moves), with CLIENT_TEST_ID and LIVE_CLIENT_ID registered,
 * and fast notification retries.
 */
export function startClientTestGateway(): Promise<TestGateway> {
  const merchant = (clientId: string): MerchantConfig =>
    testMerchant({ clientId, allowedOrigins: ['http://localhost:4173'] });
  return startTestGateway({
    // The gateway's own default: the wall clock plus what /sandbox/clock/advance adds.
    clock: undefined,
    merchants: [merchant(CLIENT_TEST_ID), merchant(LIVE_CLIENT_ID)],
    notificationTimeScale: 0.0001,
  });
}

/** The gateway with the real frame build and the demo shop wired to it. */
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

/** What `startTestServers` may change: where the demo's pages and its React and Vue shops come from. */
export interface TestServersOptions {
  /** Build of the framework shops (default `dist/demo-apps`): a development build shows StrictMode at work. */
  appsDir?: string;
  /** Serves the shop's pages and `dist/cdn` from another folder (a tampered copy, say). */
  staticRoot?: string;
  /** Mounts the gateway's fault injection admin (`/sandbox/faults`). */
  faultInjection?: boolean;
  /** The gateway's port (its issuer pages take the next one); default a free one. */
  gatewayPort?: number;
  /** The shop's port; default a free one. */
  demoPort?: number;
}

/** Starts the gateway (real frame build from `dist/frame`) and the demo shop as SANDBOX_DEMO. */
export async function startTestServers(options: TestServersOptions = {}): Promise<TestServers> {
  const temp = tempSandbox('antom-e2e-');
  const sandbox = ensureSandbox(temp.sandboxDir);
  const logs: string[] = [];
  const clock = new ManualClock();
  let gateway: RunningGateway | undefined;
  let database: Database | undefined;
  try {
    gateway = await startGateway({
      port: options.gatewayPort ?? 0,
      sandboxDir: temp.sandboxDir,
      frameDir: join(ROOT, 'dist/frame'),
      clock,
      notificationTimeScale: 0.001,
      // Long enough for a console to show a capture or refund in process before it settles.
      asyncSettlementDelayMs: 3_000,
      log: (line) => logs.push(`[gateway] ${line}`),
      seed: 7,
      ...(options.faultInjection === true ? { faultInjection: true } : {}),
    });
    const client = new AntomClient({
      clientId: sandbox.demoMerchant.clientId,
      privateKey: sandbox.demoMerchant.privateKeyPem,
      antomPublicKey: gateway.publicKeyPem,
      endpoint: gateway.origin,
      now: () => clock.now().getTime(),
    });
    database = await openTestDatabase();
    const demo = await startDemo({
      port: options.demoPort ?? 0,
      client,
      database,
      // Other tests' sessions come from one address and a clock that barely moves; the limit has its own tests.
      sessionLimit: { max: 10_000, windowMs: 60_000 },
      staticRoot: options.staticRoot ?? ROOT,
      ...(options.appsDir ? { appsDir: options.appsDir } : {}),
      gatewayOrigin: gateway.origin,
      now: () => clock.now(),
      releaseCheckIntervalMs: 250,
      log: (line) => logs.push(`[demo] ${line}`),
      // The design review arms its faults on this gateway only when it has them.
      ...(options.faultInjection === true ? { designFaultsOrigin: gateway.origin } : {}),
    });
    const started = gateway;
    const opened = database;
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
        await started.close();
        await opened.close();
        temp.remove();
      },
    };
  } catch (error) {
    await gateway?.close();
    await database?.close();
    temp.remove();
    throw error;
  }
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

/** A demo shop wired to a fake Antom. */
export interface DemoFixture {
  demo: RunningDemo;
  antom: FakeAntom;
  /** Base URL to call the demo (the bound address, not the public origin). */
  base: string;
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the demo shop, signing as CLIENT_TEST_ID, against a fake Antom; `reply` answers each Open
 * API call; `options` (the shop's clock, its release check interval) go to `startDemo`.
 */
export async function startDemoFixture(
  reply: (path: string, body: string) => FakeReply,
  options: Omit<DemoOptions, 'client' | 'port' | 'log'> = {},
): Promise<DemoFixture> {
  const antom = await startFakeAntom((request) => reply(request.path, request.body));
  const client = new AntomClient({
    clientId: CLIENT_TEST_ID,
    privateKey: KEYS.merchant.privateKey,
    antomPublicKey: KEYS.antom.publicKey,
    endpoint: antom.origin,
    timeoutMs: 2_000,
  });
  const logs: string[] = [];
  const database = options.database ?? (await openTestDatabase());
  const demo = await startDemo({ database, ...options, port: 0, client, log: (line) => logs.push(line) });
  return {
    demo,
    antom,
    base: `http://127.0.0.1:${demo.port}`,
    logs,
    close: async () => {
      await demo.close();
      await antom.close();
      if (!options.database) await database.close();
    },
  };
}

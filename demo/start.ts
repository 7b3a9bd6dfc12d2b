/**
 * `npm run demo`: the sandbox gateway and the demo shop together, until Ctrl-C.
 * Paths resolve from the package root found from this file, so it runs from `demo/` (tsx) and from
 * `dist/node/demo/` alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ensureSandbox,
  GATEWAY_DB_DIR,
  startGateway,
  tuneHeapForGateway,
  type RunningGateway,
} from 'antom-card-checkout/sandbox';
import { AntomClient } from 'antom-card-checkout/server';
import { openDatabase, type Database, type DatabaseOptions } from './db.js';
import { packageRoot } from './paths.js';
import { startDemo, type RunningDemo } from './server.js';

/** Port of the demo shop unless `DEMO_PORT` says otherwise. */
export const DEFAULT_DEMO_PORT = 4173;

/** Port of the sandbox gateway unless `GATEWAY_PORT` says otherwise; its issuer pages use the next one. */
export const DEFAULT_GATEWAY_PORT = 8787;

/** Ports and folders of `startDemoStack`; both ports may be `0` in tests. */
export interface DemoStackOptions {
  /** Gateway port (0 = ephemeral). */
  gatewayPort: number;
  /** Demo shop port (0 = ephemeral). */
  demoPort: number;
  /** Package root (built files, pages). Default: found from this file. */
  root?: string;
  /** Folder of the sandbox keys. Default `<root>/.sandbox`. */
  sandboxDir?: string;
  /** Log sink for both servers. Default `console.log`. */
  log?: (line: string) => void;
  /** The shop's database, which the caller closes. Default: `demoDatabaseOptions(sandboxDir)`, closed with the stack. */
  database?: Database;
  /**
   * (ours) Starts the gateway with fault injection (loopback admin) and lets the design review arm
   * it, to show submitting and processing (`DEMO_DESIGN_FAULTS=1` for `npm run demo`). Default false.
   */
  designFaults?: boolean;
}

/**
 * Where `npm run demo` keeps the shop's data: the PostgreSQL server `DATABASE_URL` names, else
 * PGlite (embedded PostgreSQL) in `<sandboxDir>/demo-db`, created on first start.
 */
export function demoDatabaseOptions(sandboxDir: string, env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  const url = env['DATABASE_URL'];
  return url ? { url } : { dataDir: join(sandboxDir, 'demo-db') };
}

/** Says where the data lives, without the password a URL may carry. */
export function describeDatabase(options: DatabaseOptions): string {
  if (!options.url) return `PGlite in ${options.dataDir ?? 'memory'}`;
  try {
    const url = new URL(options.url);
    return `PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL)`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** The sandbox gateway and the demo shop, started together and wired to each other. */
export interface DemoStack {
  /** The sandbox gateway the shop's Antom client talks to. */
  gateway: RunningGateway;
  /** The demo shop, whose pages embed the gateway's card frame. */
  demo: RunningDemo;
  /** Closes the shop first, then the gateway. */
  close(): Promise<void>;
}

/** Reads a port from the environment, naming the variable when it is not one. */
export function portFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || port > 65535) throw new RangeError(`${name} must be a port number from 0 to 65535`);
  return port;
}

/** What live mode needs, read from the environment: the merchant's own Antom account. */
export interface LiveConfig {
  /** `ANTOM_CLIENT_ID`: `SANDBOX_...` ids use Antom's sandbox path. */
  clientId: string;
  /** `ANTOM_PRIVATE_KEY`: the merchant's private key, PEM text or a path to a PEM file. */
  privateKey: string;
  /** `ANTOM_PUBLIC_KEY`: Antom's public key for this client, PEM text or a path to a PEM file. */
  antomPublicKey: string;
  /** `ANTOM_ENDPOINT`: Antom's origin for the account (default the client's default, `open-sea-global`). */
  endpoint: string | undefined;
  /** `ANTOM_ENVIRONMENT`, else `sandbox` for `SANDBOX_` client ids and `prod` for the others. */
  environment: 'sandbox' | 'prod';
  /** `PUBLIC_ORIGIN`: where Antom reaches the shop's notify URL (default `http://localhost:<DEMO_PORT>`). */
  publicOrigin: string | undefined;
  /** `ANTOM_MERCHANT_ACCOUNT_ID`: the account id Antom's token calls name (default the client id). */
  merchantAccountId: string | undefined;
}

const LIVE_VARIABLES = ['ANTOM_CLIENT_ID', 'ANTOM_PRIVATE_KEY', 'ANTOM_PUBLIC_KEY'] as const;

function pem(name: string, value: string): string {
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return readFileSync(value, 'utf8');
  } catch {
    throw new Error(`${name} is neither PEM text nor a readable file: ${value}`);
  }
}

/**
 * Live mode's settings, `undefined` when none of `ANTOM_CLIENT_ID`, `ANTOM_PRIVATE_KEY` and
 * `ANTOM_PUBLIC_KEY` is set (the offline sandbox then runs); names what is missing when only some are.
 */
export function liveConfig(env: NodeJS.ProcessEnv = process.env): LiveConfig | undefined {
  const set = LIVE_VARIABLES.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  const missing = LIVE_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new Error(`live mode needs ${missing.join(', ')} too (or none of ${LIVE_VARIABLES.join(', ')})`);
  const clientId = env['ANTOM_CLIENT_ID']!;
  const environment = env['ANTOM_ENVIRONMENT'] || (clientId.startsWith('SANDBOX_') ? 'sandbox' : 'prod');
  if (environment !== 'sandbox' && environment !== 'prod') throw new Error('ANTOM_ENVIRONMENT must be sandbox or prod');
  return {
    clientId,
    privateKey: pem('ANTOM_PRIVATE_KEY', env['ANTOM_PRIVATE_KEY']!),
    antomPublicKey: pem('ANTOM_PUBLIC_KEY', env['ANTOM_PUBLIC_KEY']!),
    endpoint: env['ANTOM_ENDPOINT'] || undefined,
    environment,
    publicOrigin: env['PUBLIC_ORIGIN'] || undefined,
    merchantAccountId: env['ANTOM_MERCHANT_ACCOUNT_ID'] || undefined,
  };
}

/** Starts the shop alone against Antom itself: its sessions go to Antom's Web SDK in the browser. */
export async function startLiveDemo(
  config: LiveConfig,
  options: Omit<DemoStackOptions, 'gatewayPort'>,
): Promise<RunningDemo> {
  const client = new AntomClient({
    clientId: config.clientId,
    privateKey: config.privateKey,
    antomPublicKey: config.antomPublicKey,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  return startDemo({
    host: '127.0.0.1',
    port: options.demoPort,
    client,
    antomEnvironment: config.environment,
    ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}),
    ...(config.merchantAccountId ? { merchantAccountId: config.merchantAccountId } : {}),
    staticRoot: options.root ?? packageRoot(import.meta.url),
    ...(options.database ? { database: options.database } : {}),
    log: options.log ?? ((line: string) => console.log(line)),
  });
}

/** A port nobody listens on now, for a shop asked to take any port (tests). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the gateway, then the shop with a `SANDBOX_DEMO` client pointed at it. */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const root = options.root ?? packageRoot(import.meta.url);
  const log = options.log ?? ((line: string) => console.log(line));
  const sandboxDir = options.sandboxDir ?? join(root, '.sandbox');
  // The gateway must know the shop's origin before the shop listens: the card page lets only it
  // frame the card form, and the demo merchant's notifications go there.
  const demoPort = options.demoPort === 0 ? await freeLoopbackPort() : options.demoPort;
  const sandbox = ensureSandbox(sandboxDir, { demoOrigin: `http://localhost:${demoPort}` });
  const database = options.database ?? (await openDatabase(demoDatabaseOptions(sandboxDir)));
  const closeDatabase = async (): Promise<void> => {
    if (options.database === undefined) await database.close();
  };
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      host: '127.0.0.1',
      port: options.gatewayPort,
      sandboxDir,
      // The sandbox keeps its payments, tokens and queued notifications across restarts of the demo.
      dataDir: join(sandboxDir, GATEWAY_DB_DIR),
      frameDir: join(root, 'dist', 'frame'),
      log: (line) => log(`[gateway] ${line}`),
      ...(options.designFaults === true ? { faultInjection: true } : {}),
    });
  } catch (error) {
    await closeDatabase();
    throw error;
  }
  try {
    const client = new AntomClient({
      clientId: sandbox.demoMerchant.clientId,
      privateKey: sandbox.demoMerchant.privateKeyPem,
      antomPublicKey: gateway.publicKeyPem,
      endpoint: gateway.origin,
      // The gateway reads Request-Time on its own clock, which the sandbox admin may have moved.
      now: () => gateway.clock.now().getTime(),
    });
    const demo = await startDemo({
      host: '127.0.0.1',
      port: demoPort,
      client,
      staticRoot: root,
      database,
      // The shop reads authExpiryTime on the sandbox's clock, so advancing it reaches the shop too.
      now: () => gateway.clock.now(),
      log: (line) => log(`[demo] ${line}`),
      ...(options.designFaults === true ? { designFaultsOrigin: gateway.origin } : {}),
    });
    return {
      gateway,
      demo,
      close: async () => {
        await demo.close();
        await gateway.close();
        await closeDatabase();
      },
    };
  } catch (error) {
    await gateway.close();
    await closeDatabase();
    throw error;
  }
}

async function main(): Promise<void> {
  // `npm run demo` runs the gateway in this process, as `antom-sandbox` runs it (heap-tuning.ts).
  tuneHeapForGateway();
  const root = packageRoot(import.meta.url);
  for (const built of [join('dist', 'cdn', 'integrity.json'), join('dist', 'frame')]) {
    if (!existsSync(join(root, built))) console.warn(`demo: ${built} is missing; run "npm run build" first`);
  }
  const live = liveConfig();
  const databaseOptions = demoDatabaseOptions(join(root, '.sandbox'));
  const database = await openDatabase(databaseOptions);
  console.log(`Demo shop data: ${describeDatabase(databaseOptions)}`);
  if (live) {
    const demo = await startLiveDemo(live, { root, demoPort: portFromEnv('DEMO_PORT', DEFAULT_DEMO_PORT), database });
    console.log(`Demo shop (live: Antom ${live.environment}, client ${live.clientId}): ${demo.origin}/`);
    console.log(
      `Antom must reach ${live.publicOrigin ?? demo.origin}/api/antom/notify for notifications (PUBLIC_ORIGIN).`,
    );
    console.log('Press Ctrl-C to stop.');
    const stop = (): void =>
      void demo
        .close()
        .then(() => database.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  const stack = await startDemoStack({
    root,
    gatewayPort: portFromEnv('GATEWAY_PORT', DEFAULT_GATEWAY_PORT),
    demoPort: portFromEnv('DEMO_PORT', DEFAULT_DEMO_PORT),
    database,
    designFaults: process.env['DEMO_DESIGN_FAULTS'] === '1',
  });
  console.log(`Demo shop: ${stack.demo.origin}/`);
  console.log(`Sandbox gateway: ${stack.gateway.origin}/`);
  console.log(`Sandbox issuer (3-D Secure pages, code 123456): ${stack.gateway.issuerOrigin}/ (gateway port + 1)`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`demo: ${signal}, stopping`);
    stack
      .close()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  main().catch((error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

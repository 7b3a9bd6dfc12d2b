/**
 * The Antom sandbox gateway: a local stand-in for Antom's Open API (signed requests and answers),
 * the browser-facing SDK endpoints and the secure card frame, simulated acquiring, and signed
 * notifications with Antom's retry schedule.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REQUEST_TIME_WINDOW_MS } from 'antom-card-checkout/server';
import type { GatewayContext } from './context.js';
import { DEFAULT_ATTEMPT_LIMITS, type AttemptLimits } from './engine/attempt-guard.js';
import { isAdjustableClock, ManualClock, OffsetClock, type Clock } from './engine/clock.js';
import { PaymentEngine } from './engine/engine.js';
import { Journal, JournaledMap } from './engine/journal.js';
import { MerchantRegistry } from './engine/merchants.js';
import { NotificationLog } from './engine/notification-log.js';
import { createRandom } from './engine/random.js';
import type { MerchantConfig } from './engine/types.js';
import { Router } from './http/router.js';
import { createRequestListener } from './http/server.js';
import { registerAcsRoutes } from './issuer/acs.js';
import { Notifier } from './notifier.js';
import { registerPaymentRoutes } from './open-api/payments.js';
import { openApiNotFound } from './open-api/signed-call.js';
import { registerVaultRoutes } from './open-api/vaults.js';
import { openGatewayDb } from './gateway-db.js';
import { ensureSandbox } from './sandbox-files.js';
import { isLoopbackHost } from './sandbox-api/admin.js';
import { clockAdvanceEndpoint, clockEndpoint } from './sandbox-api/clock.js';
import {
  FaultDesk,
  faultsClearEndpoint,
  faultsEndpoint,
  faultsReleaseEndpoint,
  settleEndpoint,
} from './sandbox-api/faults.js';
import { notificationLogEndpoint, notificationPageRoutes } from './sandbox-api/notifications.js';
import { registerSdkRoutes } from './sdk-api/routes.js';

export type { CardBrand } from '#shared';
export {
  ManualClock,
  OffsetClock,
  isAdjustableClock,
  systemClock,
  type AdjustableClock,
  type Clock,
} from './engine/clock.js';
export { DEFAULT_ATTEMPT_LIMITS, type AttemptLimits } from './engine/attempt-guard.js';
export { AUTHORIZATION_VALIDITY_MS, PaymentEngine, type EngineStats } from './engine/engine.js';
export { EXPIRED_SESSION_RETENTION_MS } from './engine/sessions.js';
export {
  CAPTURE_IN_PROCESS_THEN_FAIL,
  CAPTURE_IN_PROCESS_THEN_SUCCESS,
  DEFAULT_ASYNC_SETTLEMENT_DELAY_MS,
  REFUND_IN_PROCESS_THEN_FAIL,
  REFUND_IN_PROCESS_THEN_SUCCESS,
} from './engine/settlement.js';
export {
  CHALLENGE_LIFETIME_MS,
  ENDED_CHALLENGE_RETENTION_MS,
  MAX_WRONG_CODES,
  SANDBOX_CHALLENGE_CODE,
  type Challenge,
  type ChallengeDesk,
  type ChallengeState,
} from './engine/challenges.js';
export type { Fault, FaultKind, HeldAnswer } from './sandbox-api/faults.js';
export type { NotificationRecord, NotificationAttempt } from './engine/notification-log.js';
export type { CardTokenStore, StoredCardToken, TokenStatus } from './engine/tokens.js';
export type { VaultingDesk } from './engine/vaulting.js';
export type {
  CaptureRecord,
  EngineEvent,
  MerchantConfig,
  Payment,
  PaymentSession,
  RefundRecord,
  Transaction,
  Vaulting,
} from './engine/types.js';
export { TEST_CARDS, type TestCard } from './engine/test-cards.js';
export { NOTIFICATION_SCHEDULE_MS } from './notifier.js';
export { GATEWAY_DB_DIR, resetGatewayDb } from './gateway-db.js';
export { GATEWAY_HEAP_GROWING_PERCENT, tuneHeapForGateway } from './heap-tuning.js';
export {
  ensureSandbox,
  DEMO_CLIENT_ID,
  type EnsureSandboxOptions,
  type SandboxFiles,
  type KeyPairFiles,
} from './sandbox-files.js';

/** Port `startGateway` listens on when `port` is not given; the issuer takes the next one. */
export const DEFAULT_PORT = 8787;

/** Default port of the simulated issuer's ACS (3-D Secure pages, its own origin). */
export const DEFAULT_ISSUER_PORT = 8788;

/** How often the gateway looks for authorizations due for release when nobody moves the clock. */
export const DUE_JOBS_INTERVAL_MS = 30_000;

/** Everything `startGateway` can be told; every field has a default. */
export interface GatewayOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port (default 8787; 0 picks a free port). */
  port?: number;
  /**
   * Port of the simulated issuer's ACS on the same host (default: the gateway's port + 1, so 8788
   * by default; 0, a free port, when `port` is 0).
   */
  issuerPort?: number;
  /** Folder of the generated keys and `merchants.json` (default `.sandbox` in the working directory). */
  sandboxDir?: string;
  /** Merchants added to (or replacing, by client id) those of `merchants.json`. */
  merchants?: MerchantConfig[];
  /** The gateway's key pair (default: the one in the sandbox folder). */
  gatewayKeys?: { privateKeyPem: string; publicKeyPem: string };
  /** Folder of the built frame page (default `dist/frame` of this package). */
  frameDir?: string;
  /**
   * Time source of the engine (default: an `OffsetClock`, the wall clock that `POST
   * /sandbox/clock/advance` can move forward; a `ManualClock` moves only when told).
   */
  clock?: Clock;
  /** Multiplies Antom's notification retry waits (default 1; e.g. 0.001 in tests). */
  notificationTimeScale?: number;
  /** Receives one line per request and per notification attempt (default: stdout). */
  log?: (line: string) => void;
  /** Seed of the sandbox's randomness, for reproducible runs. */
  seed?: number;
  /**
   * (ours) How long, in wall-clock milliseconds, a capture or refund of a test amount (7001-7004
   * minor units) stays in process before it settles and is notified (default 2000; a moved clock
   * settles it at once).
   */
  asyncSettlementDelayMs?: number;
  /**
   * (ours) How far a signed request's `Request-Time` may be from the gateway's clock, either way,
   * before it is refused as `INVALID_SIGNATURE` (default 5 minutes; the sandbox clock counts).
   */
  requestTimeWindowMs?: number;
  /**
   * (ours) The card-testing guard's limits on failed attempts: per session (then the session
   * closes), per card number and per client address within a window (defaults in `DEFAULT_ATTEMPT_LIMITS`).
   */
  attemptLimits?: Partial<AttemptLimits>;
  /** (ours) How long a client may take to send a request (default `REQUEST_TIMEOUTS_MS`). */
  requestTimeoutsMs?: RequestTimeouts;
  /**
   * (ours) Mounts the fault injection admin (`/sandbox/faults`, `/sandbox/payments/settle`) for
   * tests (default false). Refused unless `host` is a loopback address.
   */
  faultInjection?: boolean;
  /**
   * Folder of the gateway's database (PGlite). Given, sessions, payments, captures, refunds,
   * tokens, vaultings, challenges, idempotent answers, the notification queue and the clock's
   * offset are stored there as they change, and a gateway started on the same folder carries on
   * from them. Not given (the default), everything is kept in memory only. The CLI and the demo
   * use `<sandboxDir>/gateway-db`.
   */
  dataDir?: string;
}

/** A started gateway: its origins and public key for clients, its engine and clock for tests. */
export interface RunningGateway {
  /** Origin, e.g. `http://127.0.0.1:8787`. */
  origin: string;
  /** The port it listens on: the OS's pick when `port` was 0. */
  port: number;
  /** Origin of the simulated issuer's ACS, e.g. `http://127.0.0.1:8788`. */
  issuerOrigin: string;
  /** Bound port of the issuer's ACS. */
  issuerPort: number;
  /** The gateway public key merchants verify answers and notifications with (SPKI PEM). */
  publicKeyPem: string;
  /** The engine, for tests and inspection (`engine.notifications` is the delivery log). */
  engine: PaymentEngine;
  /** The engine's clock: an `OffsetClock` unless `GatewayOptions.clock` gave another. */
  clock: Clock;
  /** Stops both servers, closes connections and cancels pending notification retries. */
  close(): Promise<void>;
}

/**
 * Keeps the clock's position in the journal: an `OffsetClock`'s offset, a `ManualClock`'s time.
 * A clock restored this way does not go back to the wall clock after a restart. Returns the
 * function that stops following the clock.
 */
function keepClock(journal: Journal, clock: Clock): () => void {
  if (!journal.persistent || !isAdjustableClock(clock)) return () => undefined;
  const kept = new JournaledMap<number>(journal, 'clock');
  const stored = kept.get(clock.mode);
  if (stored !== undefined) {
    if (clock instanceof OffsetClock && stored > clock.offsetMs) clock.advance(stored - clock.offsetMs);
    if (clock instanceof ManualClock && stored > clock.now().getTime()) clock.set(stored);
  }
  const save = (): void => {
    if (clock instanceof OffsetClock) kept.set(clock.mode, clock.offsetMs);
    else if (clock instanceof ManualClock) kept.set(clock.mode, clock.now().getTime());
  };
  save();
  return clock.subscribe(save);
}

/** The folder holding this package's `package.json`, found from this file (works from sources and from `dist/node`). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'antom-card-checkout')
          return dir;
      } catch {
        // An unreadable manifest is not ours; keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The origin browsers use for a bound address. */
function originOf(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

const validPort = (port: number): boolean => Number.isInteger(port) && port >= 0 && port <= 65535;

/** A server that answers a malformed request line with a bare 400 instead of crashing. */
/** (ours) Open connections one client address may hold; more are closed at once. */
export const MAX_CONNECTIONS_PER_ADDRESS = 64;

/** (ours) Default time a client has to send its request headers, then its whole request, in ms. */
export const REQUEST_TIMEOUTS_MS: Readonly<RequestTimeouts> = { headers: 10_000, request: 30_000 };

/** How long a client may take to send a request: its headers, then all of it, in ms. */
export interface RequestTimeouts {
  /** Until the last header line arrived. */
  headers: number;
  /** Until the whole request, body included, arrived. */
  request: number;
}

/**
 * An HTTP server one bad client cannot exhaust: malformed requests get a 400, headers and bodies
 * sent slowly are cut off, and each address holds a bounded number of connections.
 */
function createGuardedServer(timeouts: RequestTimeouts = REQUEST_TIMEOUTS_MS): Server {
  const server = createServer({
    headersTimeout: timeouts.headers,
    requestTimeout: timeouts.request,
    // How often Node looks for requests over those times (its default, 30 s, would let them run long).
    connectionsCheckingInterval: Math.min(1_000, timeouts.headers),
  });
  server.maxConnections = 4096;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > MAX_CONNECTIONS_PER_ADDRESS) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException): void =>
      reject(new Error(`antom-sandbox: cannot listen on ${host}:${port} (${error.code ?? error.message})`));
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolvePromise();
    });
  });
}

function gatewayKeyPair(
  options: GatewayOptions,
  sandboxKeys: { privateKeyPem: string },
): { privateKeyPem: string; publicKeyPem: string } {
  const privateKeyPem = options.gatewayKeys?.privateKeyPem ?? sandboxKeys.privateKeyPem;
  let publicKeyPem: string;
  try {
    publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new Error('antom-sandbox: gatewayKeys.privateKeyPem is not a readable private key');
  }
  if (options.gatewayKeys) {
    let given: string;
    try {
      given = createPublicKey(options.gatewayKeys.publicKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    } catch {
      throw new Error('antom-sandbox: gatewayKeys.publicKeyPem is not a readable public key');
    }
    if (given !== publicKeyPem)
      throw new Error('antom-sandbox: gatewayKeys.publicKeyPem does not match gatewayKeys.privateKeyPem');
  }
  return { privateKeyPem, publicKeyPem };
}

/** Starts the gateway and its issuer's ACS; creates the sandbox keys and `merchants.json` when missing. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_PORT;
  if (!validPort(port)) throw new RangeError('antom-sandbox: port must be an integer from 0 to 65535');
  const issuerPort = options.issuerPort ?? (port === 0 || port === 65535 ? 0 : port + 1);
  if (!validPort(issuerPort)) throw new RangeError('antom-sandbox: issuerPort must be an integer from 0 to 65535');
  if (options.faultInjection === true && !isLoopbackHost(host)) {
    throw new Error('antom-sandbox: fault injection is only available on a loopback host');
  }
  const log = options.log ?? ((line: string) => console.log(line));
  const sandbox = ensureSandbox(options.sandboxDir ?? '.sandbox');
  const keys = gatewayKeyPair(options, sandbox.gateway);
  const merchants = new MerchantRegistry([...sandbox.merchants, ...(options.merchants ?? [])]);
  const privateKey = createPrivateKey(keys.privateKeyPem);
  const opened = options.dataDir === undefined ? undefined : await openGatewayDb(options.dataDir);
  const journal = opened
    ? new Journal(opened.store, opened.rows, {
        onError: (error) =>
          log(`gateway database: write failed (${error instanceof Error ? error.message : String(error)})`),
      })
    : new Journal();
  const clock = options.clock ?? new OffsetClock();
  const forgetClock = keepClock(journal, clock);
  const notificationLog = new NotificationLog(journal);
  const requestTimeWindowMs = options.requestTimeWindowMs ?? REQUEST_TIME_WINDOW_MS;
  if (!Number.isFinite(requestTimeWindowMs) || requestTimeWindowMs <= 0) {
    throw new RangeError('startGateway: requestTimeWindowMs must be a positive number of milliseconds');
  }
  const notifier = new Notifier({
    log: notificationLog,
    privateKey,
    ...(options.notificationTimeScale !== undefined ? { timeScale: options.notificationTimeScale } : {}),
    logLine: log,
    clock,
    stored: () => journal.flushed(),
  });

  const server = createGuardedServer(options.requestTimeoutsMs);
  try {
    await listen(server, port, host);
  } catch (error) {
    forgetClock();
    await journal.close();
    throw error;
  }
  const boundPort = (server.address() as AddressInfo).port;
  const origin = originOf(host, boundPort);
  const issuerServer = createGuardedServer(options.requestTimeoutsMs);
  try {
    await listen(issuerServer, issuerPort, host);
  } catch (error) {
    await closeServer(server);
    forgetClock();
    await journal.close();
    throw error;
  }
  const boundIssuerPort = (issuerServer.address() as AddressInfo).port;
  const issuerOrigin = originOf(host, boundIssuerPort);

  const faults = options.faultInjection === true ? new FaultDesk() : undefined;
  const engine = new PaymentEngine({
    attemptLimits: { ...DEFAULT_ATTEMPT_LIMITS, ...options.attemptLimits },
    gatewayOrigin: origin,
    merchants,
    clock,
    random: createRandom(options.seed),
    notifications: notificationLog,
    journal,
    ...(options.asyncSettlementDelayMs !== undefined ? { asyncSettlementDelayMs: options.asyncSettlementDelayMs } : {}),
    ...(faults ? { holdAuthorization: faults.holdAuthorization } : {}),
  });
  const unsubscribe = engine.subscribe((event) => notifier.handle(event));
  notifier.resume();
  // Releases authorizations whose window passed in real time; a moved clock releases at once.
  // runDueJobs never rejects, so the timer need not wait for it.
  const dueJobs = setInterval(() => void engine.runDueJobs(), DUE_JOBS_INTERVAL_MS);
  dueJobs.unref();

  const context: GatewayContext = {
    engine,
    privateKey,
    origin,
    issuerOrigin,
    frameDir: resolve(options.frameDir ?? join(packageRoot(), 'dist', 'frame')),
    boundToLoopback: isLoopbackHost(host),
    requestTimeWindowMs,
  };
  const router = new Router();
  registerPaymentRoutes(router, context);
  registerVaultRoutes(router, context);
  router.onPrefix('/ams/', openApiNotFound(context));
  registerSdkRoutes(router, context);
  router.on('/sandbox/notifications', notificationLogEndpoint(context));
  for (const [path, handler] of notificationPageRoutes()) router.on(path, handler);
  router.on('/sandbox/clock', clockEndpoint(context));
  router.on('/sandbox/clock/advance', clockAdvanceEndpoint(context));
  if (faults) {
    router.on('/sandbox/faults', faultsEndpoint(context, faults));
    router.on('/sandbox/faults/release', faultsReleaseEndpoint(context, faults));
    router.on('/sandbox/faults/clear', faultsClearEndpoint(context, faults));
    router.on('/sandbox/payments/settle', settleEndpoint(context));
  }
  // An answered request is stored: the answer waits for the journal's write.
  const stored = (): Promise<void> => journal.flushed();
  server.on('request', createRequestListener(faults ? faults.wrap(router) : router, log, stored));
  const issuerRouter = new Router();
  registerAcsRoutes(issuerRouter, context);
  issuerServer.on(
    'request',
    createRequestListener(issuerRouter, (line) => log(`[issuer] ${line}`), stored),
  );

  let closing: Promise<void> | undefined;
  return {
    origin,
    port: boundPort,
    issuerOrigin,
    issuerPort: boundIssuerPort,
    publicKeyPem: keys.publicKeyPem,
    engine,
    clock,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        clearInterval(dueJobs);
        faults?.clear();
        engine.close();
        unsubscribe();
        notifier.close();
        forgetClock();
        // Cannot reject: closeServer only ever resolves, and journal.close reports a failed write to the log.
        void Promise.all([closeServer(server), closeServer(issuerServer)])
          .then(() => journal.close())
          .catch((error: unknown) => log(`gateway database: close failed (${String(error)})`))
          .then(() => resolveClose());
      });
      return closing;
    },
  };
}

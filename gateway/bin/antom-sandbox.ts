#!/usr/bin/env node
/**
 * `antom-sandbox`: runs the sandbox gateway alone, for merchants developing their own backend
 * offline. Flags: `--port <n>` (or env `GATEWAY_PORT`), `--issuer-port <n>` (the simulated
 * issuer's 3-D Secure pages, default the port + 1), `--host <h>`, `--sandbox-dir <dir>`,
 * `--clock=manual` (time stands still until `POST /sandbox/clock/advance` moves it), `--faults`
 * (ours: the fault injection admin for tests, loopback hosts only), `--settle-after <ms>` (ours: how
 * long the test amounts' captures and refunds stay in process, default 2000), `--reset`
 * (starts with an empty database: the gateway keeps its payments, tokens and pending
 * notifications in `<sandbox-dir>/gateway-db` across restarts).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import {
  GATEWAY_DB_DIR,
  ManualClock,
  SANDBOX_CHALLENGE_CODE,
  ensureSandbox,
  resetGatewayDb,
  startGateway,
  tuneHeapForGateway,
} from '../src/index.js';

const USAGE =
  'usage: antom-sandbox [--port <n>] [--issuer-port <n>] [--host <host>] [--sandbox-dir <dir>] [--clock=system|manual] [--faults] [--settle-after <ms>] [--reset]';

function fail(message: string): never {
  console.error(`antom-sandbox: ${message}\n${USAGE}`);
  process.exit(2);
}

/** A port number from a flag or variable; `undefined` when not given. */
function portOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) fail(`invalid port "${text}"`);
  return port;
}

async function main(): Promise<void> {
  let values: {
    port?: string;
    'issuer-port'?: string;
    host?: string;
    'sandbox-dir'?: string;
    clock?: string;
    faults?: boolean;
    'settle-after'?: string;
    reset?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'issuer-port': { type: 'string' },
        host: { type: 'string' },
        'sandbox-dir': { type: 'string' },
        clock: { type: 'string' },
        faults: { type: 'boolean' },
        'settle-after': { type: 'string' },
        reset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = portOption(values.port ?? process.env['GATEWAY_PORT']);
  const issuerPort = portOption(values['issuer-port']);
  const sandboxDir = values['sandbox-dir'] ?? '.sandbox';
  const clockMode = values.clock ?? 'system';
  if (clockMode !== 'system' && clockMode !== 'manual') fail(`invalid clock "${clockMode}" (system or manual)`);

  const settleAfter = values['settle-after'];
  if (settleAfter !== undefined && !/^\d{1,9}$/.test(settleAfter)) {
    fail(`invalid --settle-after "${settleAfter}" (milliseconds, 0 or more)`);
  }

  // This process is the gateway: fewer, not longer, full garbage collections (heap-tuning.ts).
  tuneHeapForGateway();
  const sandbox = ensureSandbox(sandboxDir);
  const dataDir = join(sandboxDir, GATEWAY_DB_DIR);
  if (values.reset) resetGatewayDb(dataDir);
  console.log(`Opening the gateway's data in ${dataDir} (the first start creates it: a few seconds)...`);
  const gateway = await startGateway({
    sandboxDir,
    dataDir,
    ...(port !== undefined ? { port } : {}),
    ...(issuerPort !== undefined ? { issuerPort } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(clockMode === 'manual' ? { clock: new ManualClock() } : {}),
    ...(values.faults === true ? { faultInjection: true } : {}),
    ...(settleAfter !== undefined ? { asyncSettlementDelayMs: Number(settleAfter) } : {}),
  });
  console.log(`Antom sandbox gateway on ${gateway.origin}`);
  console.log(`  Open API:            ${gateway.origin}/ams/api/v1/... and ${gateway.origin}/ams/sandbox/api/v1/...`);
  console.log(`  Gateway public key:  ${sandbox.gateway.publicKeyPath}`);
  console.log(
    `  Demo merchant:       ${sandbox.demoMerchant.clientId}, private key ${sandbox.demoMerchant.privateKeyPath}`,
  );
  console.log(`  Merchants:           ${sandbox.merchantsPath}`);
  console.log(`  Data (kept):         ${dataDir} (start with --reset for an empty one)`);
  console.log(`  Issuer (3DS ACS):    ${gateway.issuerOrigin}/acs/challenge (sandbox code ${SANDBOX_CHALLENGE_CODE})`);
  console.log(`  Notification log:    ${gateway.origin}/sandbox/notifications.html`);
  console.log(`  ${`Clock (${clockMode}):`.padEnd(21)}${gateway.origin}/sandbox/clock (POST /sandbox/clock/advance)`);
  if (values.faults === true) console.log(`  Faults (ours):       ${gateway.origin}/sandbox/faults`);
  console.log('Press Ctrl-C to stop.');

  const stop = (): void => {
    // Cannot reject: close() only waits for both servers to stop.
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

/**
 * A demo shop in a process of its own, for restart tests: its Antom is the fake at `ANTOM_ORIGIN`,
 * its data the PostgreSQL server `DEMO_CHILD_DATABASE_URL` (schema `DEMO_CHILD_SCHEMA`) or PGlite in
 * `DEMO_CHILD_DATA_DIR`. Prints `READY <port>` once it listens; runs until killed.
 */
import { openDatabase } from '../../demo/db.js';
import { startDemo } from '../../demo/server.js';
import { AntomClient } from '../../src/server/index.js';
import { KEYS } from './keys.js';

const url = process.env['DEMO_CHILD_DATABASE_URL'];
const schema = process.env['DEMO_CHILD_SCHEMA'];
const database = await openDatabase(
  url ? { url, ...(schema ? { schema } : {}) } : { dataDir: process.env['DEMO_CHILD_DATA_DIR'] ?? '' },
);
const client = new AntomClient({
  clientId: 'SANDBOX_TEST',
  privateKey: KEYS.merchant.privateKey,
  antomPublicKey: KEYS.antom.publicKey,
  endpoint: process.env['ANTOM_ORIGIN'] ?? '',
  timeoutMs: 2_000,
});
const demo = await startDemo({ port: 0, client, database, log: () => undefined });
process.stdout.write(`READY ${demo.port}\n`);

/**
 * The database the demo shop's tests run against. By default PGlite in memory: one engine per test
 * process (loaded from a template data folder made once per machine, which is much faster than a
 * fresh `initdb`), each shop in a schema of its own. With `DEMO_TEST_DB=postgres` the same tests
 * run against the PostgreSQL server `DEMO_TEST_DATABASE_URL` names (`scripts/test.mjs` runs that
 * pass when the variable is set; `.ci/run` starts the server), each shop again in its own schema.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../demo/db.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** `postgres` when the tests run against a PostgreSQL server, else `pglite`. */
export const TEST_ENGINE: 'pglite' | 'postgres' = process.env['DEMO_TEST_DB'] === 'postgres' ? 'postgres' : 'pglite';

/** The server of the PostgreSQL pass. */
export function testDatabaseUrl(): string {
  const url = process.env['DEMO_TEST_DATABASE_URL'];
  if (!url) throw new Error('DEMO_TEST_DB=postgres needs DEMO_TEST_DATABASE_URL (a postgres:// URL)');
  return url;
}

let shared: Promise<PGlite> | undefined;
let users = 0;
let closeTimer: NodeJS.Timeout | undefined;

async function templateBlob(): Promise<Blob> {
  const { PGlite: Engine } = await import('@electric-sql/pglite');
  const { version } = JSON.parse(
    readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  const dir = join(ROOT, '.tmp');
  const file = join(dir, `pglite-template-${version}.tar`);
  if (!existsSync(file)) {
    const fresh = await Engine.create();
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.part`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

async function sharedPglite(): Promise<PGlite> {
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = undefined;
  shared ??= (async () => {
    const { PGlite: Engine } = await import('@electric-sql/pglite');
    return Engine.create({ loadDataDir: await templateBlob() });
  })();
  return shared;
}

/** PGlite keeps the process alive while open: closed shortly after its last shop, reopened if another comes. */
function release(): void {
  users -= 1;
  if (users > 0) return;
  closeTimer = setTimeout(() => {
    const engine = shared;
    shared = undefined;
    void engine?.then((pglite) => pglite.close());
  }, 300);
}

/** A test database and the schema its tables are in. */
export type TestDatabase = Database & { schema: string };

/** A fresh, migrated, empty database for one shop (its own schema); close it when done. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (TEST_ENGINE === 'postgres') {
    const db = await openDatabase({ url: testDatabaseUrl(), schema, maxConnections: 4 });
    return {
      ...db,
      schema,
      close: async () => {
        await db.query(`DROP SCHEMA "${schema}" CASCADE`);
        await db.close();
      },
    };
  }
  users += 1;
  try {
    const db = await openDatabase({ pglite: await sharedPglite(), schema });
    let closed = false;
    return {
      ...db,
      schema,
      close: async () => {
        if (closed) return;
        closed = true;
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * A second handle on the data of `db`, as another shop process would have: its own connection pool
 * on a server; on PGlite, which one process owns, the same engine. Close it before `db`.
 */
export async function openSecondHandle(db: TestDatabase): Promise<Database> {
  if (TEST_ENGINE === 'postgres') return openDatabase({ url: testDatabaseUrl(), schema: db.schema, maxConnections: 4 });
  return openDatabase({ pglite: await sharedPglite(), schema: db.schema });
}

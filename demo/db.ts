/**
 * The demo shop's database: PostgreSQL, either embedded (PGlite, a WebAssembly build of PostgreSQL
 * that keeps its files under `.sandbox/demo-db`, nothing to install) or a real server named by
 * `DATABASE_URL` (through `pg`). Both speak the same SQL: one schema, one set of migrations and one
 * set of queries; this module is the only place that knows which one runs.
 *
 * Every change goes through `transaction`, which the stores use with row locks (`SELECT ... FOR
 * UPDATE`) and unique keys, so that two shop processes on one PostgreSQL server stay correct.
 */
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

/** Something that runs one SQL statement with `$1`-style parameters and returns its rows. */
export interface Sql {
  /** Runs `text` with `params` (strings, numbers, booleans or null) and returns the rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (a migration). */
  exec(text: string): Promise<void>;
}

/** An open database: statements, transactions, and the engine behind them. */
export interface Database extends Sql {
  /** `pglite` (embedded) or `postgres` (a server). */
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction (READ COMMITTED, PostgreSQL's default): committed when it
   * resolves, rolled back when it throws. A deadlock or serialization failure reruns it once.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Closes the connections (the embedded engine: flushes and closes its files). */
  close(): Promise<void>;
}

/** Where `openDatabase` finds the data. */
export interface DatabaseOptions {
  /** A PostgreSQL connection string (`postgres://...`): the shop uses that server. */
  url?: string;
  /** Otherwise PGlite's folder; `undefined` keeps the data in memory. */
  dataDir?: string;
  /** An open PGlite to use (and not close), instead of opening one. */
  pglite?: PGlite;
  /** A PostgreSQL schema to keep the tables in (created if missing); tests give each shop its own. */
  schema?: string;
  /** Most connections to a server. Default 10. */
  maxConnections?: number;
}

/** One step of the schema; steps run once each, in order, recorded in `demo_migrations`. */
export interface Migration {
  /** Increasing from 1; never reused or edited once released. */
  version: number;
  /** What the step does, for the migrations table. */
  name: string;
  /** The statements, run in one transaction. */
  sql: string;
}

/** The shop's schema, step by step. New steps go at the end; released steps never change. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'orders, their history, parked notifications, wallet',
    sql: `
      CREATE TABLE demo_orders (
        id                  text PRIMARY KEY,
        payment_request_id  text NOT NULL UNIQUE,
        payment_session_id  text,
        payment_id          text UNIQUE,
        status              text NOT NULL CHECK (status IN ('CREATED', 'PROCESSING', 'AUTHORIZED', 'CAPTURED',
                              'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELLED', 'FAILED')),
        capture_mode        text NOT NULL CHECK (capture_mode IN ('AUTOMATIC', 'MANUAL')),
        currency            text NOT NULL,
        amount_value        bigint NOT NULL CHECK (amount_value > 0),
        captured_value      bigint,
        refunded_value      bigint,
        card_brand          text,
        card_last4          text,
        acquirer            text,
        auth_expiry_time    text,
        failure_code        text,
        failure_message     text,
        actions             jsonb NOT NULL DEFAULT '[]',
        notified_in_flight  jsonb NOT NULL DEFAULT '{}',
        client_address      text,
        expires_at          timestamptz,
        created_at          timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL,
        seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE
      );
      CREATE INDEX demo_orders_unpaid ON demo_orders (expires_at) WHERE payment_id IS NULL AND status = 'CREATED';
      CREATE INDEX demo_orders_client ON demo_orders (client_address, created_at);
      CREATE INDEX demo_orders_authorized ON demo_orders (status) WHERE status = 'AUTHORIZED';

      CREATE TABLE demo_order_events (
        order_id          text NOT NULL REFERENCES demo_orders (id) ON DELETE CASCADE,
        seq               integer NOT NULL,
        notification_key  text,
        source            text NOT NULL CHECK (source IN ('NOTIFICATION', 'INQUIRY')),
        type              text NOT NULL,
        result_status     text NOT NULL,
        result_code       text NOT NULL,
        summary           text NOT NULL,
        outcome           text NOT NULL,
        status_after      text NOT NULL,
        received_at       timestamptz NOT NULL,
        deliveries        integer NOT NULL DEFAULT 1,
        PRIMARY KEY (order_id, seq),
        CONSTRAINT demo_order_events_once UNIQUE (order_id, notification_key)
      );

      CREATE TABLE demo_parked_notifications (
        payment_id        text NOT NULL,
        notification_key  text NOT NULL,
        body              jsonb NOT NULL,
        seq               bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (payment_id, notification_key)
      );

      CREATE TABLE demo_wallet_cards (
        id            text PRIMARY KEY,
        token         text NOT NULL UNIQUE,
        brand         text NOT NULL,
        last4         text NOT NULL,
        expiry_month  text NOT NULL,
        expiry_year   text NOT NULL,
        source        text NOT NULL CHECK (source IN ('PAYMENT', 'VAULTING')),
        added_at      timestamptz NOT NULL,
        seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE
      );
      CREATE TABLE demo_removed_tokens (
        token       text PRIMARY KEY,
        removed_at  timestamptz NOT NULL
      );
      CREATE TABLE demo_wallet_sessions (
        payment_session_id  text PRIMARY KEY,
        tokens              jsonb NOT NULL,
        seq                 bigint NOT NULL
      );
      CREATE SEQUENCE demo_wallet_sessions_seq;
      CREATE TABLE demo_vaulting_requests (
        id          text PRIMARY KEY,
        created_at  timestamptz NOT NULL,
        seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE
      );
    `,
  },
];

/** Rerun-worthy PostgreSQL errors: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

async function retrying<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!RETRYABLE.has(String(codeOf(error)))) throw error;
    return run();
  }
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new TypeError(`openDatabase: schema must match [a-z_][a-z0-9_]*`);
  return `"${name}"`;
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const { PGlite: Engine } = await import('@electric-sql/pglite');
  let engine = options.pglite;
  const owned = engine === undefined;
  if (!engine) {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    engine = await Engine.create(options.dataDir);
    // New WAL files are created sparse, not filled with 16 MB of zeros from the shop's own thread
    // (as in gateway/src/gateway-db.ts, where the fill stalled every request for 50-90 ms).
    await engine.exec('set wal_init_zero = off');
  }
  const pglite = engine;
  // One PGlite may hold several schemas (tests): every statement runs in a transaction that names its own.
  const searchPath = options.schema ? `SET LOCAL search_path TO ${quoteIdentifier(options.schema)}` : undefined;
  const transaction = <T>(work: (tx: Sql) => Promise<T>): Promise<T> =>
    retrying(() =>
      pglite.transaction(async (tx) => {
        if (searchPath) await tx.query(searchPath);
        return work({
          query: async <Row>(text: string, params?: readonly unknown[]) =>
            (await tx.query<Row>(text, params ? [...params] : undefined)).rows,
          exec: async (text: string) => {
            await tx.exec(text);
          },
        });
      }),
    );
  return {
    engine: 'pglite',
    transaction,
    query: (text, params) => transaction((tx) => tx.query(text, params)),
    exec: (text) => transaction((tx) => tx.exec(text)),
    close: async () => {
      if (owned) await pglite.close();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const { default: pg } = await import('pg');
  const pool: Pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection the server dropped must not end the process; the next query reconnects.
  pool.on('error', () => undefined);
  const transaction = <T>(work: (tx: Sql) => Promise<T>): Promise<T> =>
    retrying(async () => {
      const client: PoolClient = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(text: string, params?: readonly unknown[]) =>
            (await client.query(text, params ? [...params] : undefined)).rows as Row[],
          exec: async (text: string) => {
            await client.query(text);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  return {
    engine: 'postgres',
    transaction,
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      (await pool.query(text, params ? [...params] : undefined)).rows as Row[],
    exec: async (text: string) => {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}

/**
 * Runs the migrations not yet recorded in `demo_migrations`. An advisory lock makes processes that
 * start together take turns, so each step runs once.
 */
export async function migrate(db: Database, schema?: string): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (schema) await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('antom-demo-migrations'))`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS demo_migrations (
         version     integer PRIMARY KEY,
         name        text NOT NULL,
         applied_at  timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM demo_migrations')).map((row) => Number(row.version)),
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO demo_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/** Opens the shop's database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const db = options.url ? await openPostgres(options.url, options) : await openPglite(options);
  try {
    if (options.schema && db.engine === 'postgres') {
      // The pool's connections name the schema in their search_path; it must exist before the tables.
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`);
    }
    await migrate(db, options.schema);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** An ISO-8601 string of a `timestamptz` value as either engine returns it. */
export function isoOf(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

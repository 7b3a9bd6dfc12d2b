/**
 * The gateway's embedded database: PGlite (PostgreSQL compiled to WebAssembly, nothing to install)
 * in a folder of its own, by default `.sandbox/gateway-db`. One table holds every record the engine
 * journals as a JSON document keyed by (kind, id); see `engine/journal.ts` for what is written when.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { JournalStore, StoredRow } from './engine/journal.js';

/** The folder, inside the sandbox folder, that the CLI and the demo keep the gateway's data in. */
export const GATEWAY_DB_DIR = 'gateway-db';

const SCHEMA = `
create table if not exists gateway_records (
  seq bigserial not null,
  kind text not null,
  id text not null,
  doc text not null,
  primary key (kind, id)
)`;

/** Ids are JSON strings in the table: the engine's keys join their parts with NUL, which PostgreSQL text cannot hold. */
const storedId = (id: string): string => JSON.stringify(id);

/** An open gateway database and the rows it held when opened. */
export interface OpenedGatewayDb {
  /** Where the journal writes. */
  store: JournalStore;
  /** Every stored record, in the order each was first written. */
  rows: StoredRow[];
}

/** Opens (creating when missing) the database in `dir` and reads every record. */
export async function openGatewayDb(dir: string): Promise<OpenedGatewayDb> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let db: PGlite;
  try {
    // Loaded only by a gateway that keeps data: one kept in memory (the tests') never pays for it.
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create(dir);
  } catch (error) {
    throw new Error(
      `antom-sandbox: cannot open the gateway database in ${dir} (${error instanceof Error ? error.message : String(error)}); ` +
        'start with --reset to begin with an empty one',
    );
  }
  // A new WAL file (16 MB) is created with one byte at its end instead of 16 MB of zeros. PGlite
  // writes from the gateway's own thread, and the zero fill blocked every request for 50-90 ms each
  // time a WAL file filled (every few seconds under load). PostgreSQL's documentation offers this
  // setting for file systems that gain nothing from the fill; WAL records carry their own checksums.
  await db.exec(`${SCHEMA}; set wal_init_zero = off`);
  const result = await db.query<StoredRow>('select kind, id, doc from gateway_records order by seq');
  // One statement per batch: PostgreSQL runs a single statement atomically, so the batch needs no
  // BEGIN and COMMIT of its own (two round trips into the database less per batch).
  const upsert = `insert into gateway_records (kind, id, doc)
    select * from unnest($1::text[], $2::text[], $3::text[])
    on conflict (kind, id) do update set doc = excluded.doc`;
  const remove = (kinds: string, ids: string) =>
    `delete from gateway_records where (kind, id) in (select * from unnest(${kinds}::text[], ${ids}::text[]))`;
  const store: JournalStore = {
    async write(upserts, deletes) {
      const upsertParams = [
        upserts.map((row) => row.kind),
        upserts.map((row) => storedId(row.id)),
        upserts.map((row) => row.doc),
      ];
      const deleteParams = [deletes.map((row) => row.kind), deletes.map((row) => storedId(row.id))];
      if (deletes.length === 0) await db.query(upsert, upsertParams);
      else if (upserts.length === 0) await db.query(remove('$1', '$2'), deleteParams);
      // A batch holds each record once, so the deleted and the written rows never overlap.
      else await db.query(`with deleted as (${remove('$4', '$5')}) ${upsert}`, [...upsertParams, ...deleteParams]);
    },
    close: () => db.close(),
  };
  return { store, rows: result.rows.map((row) => ({ ...row, id: JSON.parse(row.id) as string })) };
}

/** Deletes the gateway database in `dir` (`antom-sandbox --reset`). */
export function resetGatewayDb(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The gateway database's own thread (ours). PGlite runs PostgreSQL compiled to WebAssembly on the
 * thread that calls it, file writes and checkpoints included; here that is this worker, so a slow
 * write or a checkpoint holds no HTTP request of the gateway's. `gateway-db.ts` starts it, sends it
 * each batch and waits for the answer; see `DbRequest` and `DbReply` there for the messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import type { StoredKey, StoredRow } from './engine/journal.js';
import type { DbRead, DbReadReply, DbReply, DbRequest, GatewayDbThreadData } from './gateway-db.js';

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

// One statement per batch: PostgreSQL runs a single statement atomically, so the batch needs no
// BEGIN and COMMIT of its own (two round trips into the database less per batch).
const UPSERT = `insert into gateway_records (kind, id, doc)
  select * from unnest($1::text[], $2::text[], $3::text[])
  on conflict (kind, id) do update set doc = excluded.doc`;
const remove = (kinds: string, ids: string): string =>
  `delete from gateway_records where (kind, id) in (select * from unnest(${kinds}::text[], ${ids}::text[]))`;

const port = parentPort;
if (!port) throw new Error('gateway-db-worker: run it as a worker thread (gateway-db.ts starts it)');
const post = (reply: DbReply): void => port.postMessage(reply);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function open(dir: string): Promise<PGlite> {
  const { PGlite: Engine } = await import('@electric-sql/pglite');
  const db = await Engine.create(dir);
  // A new WAL file (16 MB) is created with one byte at its end instead of 16 MB of zeros: the fill
  // took 50-90 ms each time a WAL file filled (every few seconds under load). PostgreSQL's
  // documentation offers this setting for file systems that gain nothing from it; WAL records carry
  // their own checksums.
  await db.exec(`${SCHEMA}; set wal_init_zero = off`);
  return db;
}

async function write(db: PGlite, upserts: StoredRow[], deletes: Array<{ kind: string; id: string }>): Promise<void> {
  const upsertParams = [
    upserts.map((row) => row.kind),
    upserts.map((row) => storedId(row.id)),
    upserts.map((row) => row.doc),
  ];
  const deleteParams = [deletes.map((row) => row.kind), deletes.map((row) => storedId(row.id))];
  if (deletes.length === 0) await db.query(UPSERT, upsertParams);
  else if (upserts.length === 0) await db.query(remove('$1', '$2'), deleteParams);
  // A batch holds each record once, so the deleted and the written rows never overlap.
  else await db.query(`with deleted as (${remove('$4', '$5')}) ${UPSERT}`, [...upsertParams, ...deleteParams]);
}

const { dir, reads, signal } = workerData as GatewayDbThreadData;
const opening = open(dir);
opening.then(
  async (db) => {
    // Keys only: the journal reads the documents of a kind when its map takes them, and none of the
    // kinds kept in the database only (ours: a restart holds no payment it does not use).
    const result = await db.query<StoredKey>('select kind, id from gateway_records order by seq');
    post({ type: 'opened', rows: result.rows.map((row) => ({ kind: row.kind, id: JSON.parse(row.id) as string })) });
  },
  (error: unknown) => post({ type: 'failed', message: message(error) }),
).catch((error: unknown) => post({ type: 'failed', message: message(error) }));

const READ = 'select id, doc from gateway_records where kind = $1 and id = any($2::text[])';

/** Answers a read the gateway is waiting for: posts the answer, then sets the signal and wakes it. */
async function answer(read: DbRead): Promise<void> {
  let reply: DbReadReply;
  try {
    const db = await opening;
    const ids = read.ids.map(storedId);
    const result = await db.query<{ id: string; doc: string }>(READ, [read.kind, ids]);
    const docs = new Map(result.rows.map((row) => [row.id, row.doc]));
    reply = { seq: read.seq, docs: ids.map((id) => docs.get(id) ?? null) };
  } catch (error) {
    reply = { seq: read.seq, message: message(error) };
  }
  reads.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

// A read does not wait for the batches queued before it: what it reads was written by a batch
// that has ended (PGlite runs one query at a time).
reads.on('message', (read: DbRead) => void answer(read));

// Requests come one at a time (the journal writes a batch after the one before it), but a close
// may follow a write at once: each waits for the one before it.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: DbRequest) => {
  queue = queue.then(async () => {
    const db = await opening;
    if (request.type === 'write') {
      try {
        await write(db, request.upserts, request.deletes);
        post({ type: 'written', seq: request.seq });
      } catch (error) {
        post({ type: 'write-failed', seq: request.seq, message: message(error) });
      }
      return;
    }
    await db.close().catch(() => undefined);
    post({ type: 'closed' });
    reads.close();
    port.close();
  });
  // A database that never opened has said so ('failed'); the gateway stops this thread.
  queue = queue.catch(() => undefined);
});

/**
 * The gateway's embedded database: PGlite (PostgreSQL compiled to WebAssembly, nothing to install)
 * in a folder of its own, by default `.sandbox/gateway-db`. One table holds every record the engine
 * journals as a JSON document keyed by (kind, id); see `engine/journal.ts` for what is written when.
 * PGlite runs in a worker thread of its own (`gateway-db-worker.ts`, ours), so its writes and
 * checkpoints never hold the gateway's event loop.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { JournalStore, StoredKey, StoredRow } from './engine/journal.js';

/** The folder, inside the sandbox folder, that the CLI and the demo keep the gateway's data in. */
export const GATEWAY_DB_DIR = 'gateway-db';

/** What the gateway asks its database thread: write one batch, or close. */
export type DbRequest =
  | { type: 'write'; seq: number; upserts: StoredRow[]; deletes: Array<{ kind: string; id: string }> }
  | { type: 'close' };

/** What the database thread answers: opened (with every row's key) or not, a batch written or not, closed. */
export type DbReply =
  | { type: 'opened'; rows: StoredKey[] }
  | { type: 'failed'; message: string }
  | { type: 'written'; seq: number }
  | { type: 'write-failed'; seq: number; message: string }
  | { type: 'closed' };

/** A read the gateway waits for (see `GatewayDbThreadData.reads`). */
export interface DbRead {
  /** Numbers the reads, so an answer that came too late is told from the next one's. */
  seq: number;
  /** The kind of the records read. */
  kind: string;
  /** Their ids. */
  ids: readonly string[];
}

/** The answer to a `DbRead`: each id's document, `null` where none is stored, or why it failed. */
export type DbReadReply = { seq: number; docs: Array<string | null> } | { seq: number; message: string };

/** What the database thread is started with. */
export interface GatewayDbThreadData {
  /** The database folder. */
  dir: string;
  /**
   * Where reads come (ours): the gateway waits for each answer with `Atomics.wait` on `signal`,
   * which the thread sets to 1 once the answer is posted, and takes it with `receiveMessageOnPort`.
   */
  reads: MessagePort;
  /** One `Int32` the thread sets to 1 and notifies when a read's answer is on `reads`. */
  signal: Int32Array;
}

/** How long a read waits for the database thread before it fails. */
export const READ_TIMEOUT_MS = 10_000;

/** The database thread's first answer: opened, or not. */
type OpenReply = Extract<DbReply, { type: 'opened' | 'failed' }>;

/** An open gateway database and the keys of the rows it held when opened. */
export interface OpenedGatewayDb {
  /** Where the journal writes. */
  store: JournalStore;
  /** Every stored record's kind and id (not its document), in the order each was first written. */
  rows: StoredKey[];
}

/**
 * Starts the database thread. Run from TypeScript source (the tests, the benchmarks), the thread
 * registers tsx itself: a worker does not inherit the loader hooks of `--import tsx`.
 */
function startWorker(data: GatewayDbThreadData): Worker {
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './gateway-db-worker.ts' : './gateway-db-worker.js', import.meta.url);
  const options = { workerData: data, transferList: [data.reads] };
  if (!source) return new Worker(url, options);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, ...options });
}

/** Opens (creating when missing) the database in `dir` and reads every record. */
export async function openGatewayDb(dir: string): Promise<OpenedGatewayDb> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const reads = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = startWorker({ dir, reads: reads.port2, signal });
  // Answers are taken with receiveMessageOnPort, never by a listener; the port keeps nothing alive.
  reads.port1.unref();
  let readSeq = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let onOpen: ((reply: OpenReply) => void) | undefined;
  let onClosed: (() => void) | undefined;
  let stopped: Error | undefined;
  let seq = 0;
  // The thread keeps the process alive only while it owes an answer: an open gateway idles like
  // any server, and a write in flight at shutdown still lands.
  const settleRef = (): void => {
    if (pending.size > 0 || onClosed) worker.ref();
    else worker.unref();
  };
  const stop = (error: Error): void => {
    stopped ??= error;
    for (const waiting of pending.values()) waiting.reject(stopped);
    pending.clear();
    onOpen?.({ type: 'failed', message: stopped.message });
    onClosed?.();
    settleRef();
  };
  worker.on('message', (reply: DbReply) => {
    if (reply.type === 'opened' || reply.type === 'failed') onOpen?.(reply);
    else if (reply.type === 'closed') onClosed?.();
    else {
      const waiting = pending.get(reply.seq);
      pending.delete(reply.seq);
      if (reply.type === 'written') waiting?.resolve();
      else waiting?.reject(new Error(reply.message));
      settleRef();
    }
  });
  worker.on('error', (error) => stop(new Error(`the database thread failed (${error.message})`)));
  worker.on('exit', (code) => stop(new Error(`the database thread stopped (exit code ${code})`)));

  const opened = await new Promise<OpenReply>((resolve) => {
    onOpen = resolve;
  });
  onOpen = undefined;
  if (opened.type === 'failed') {
    await worker.terminate();
    throw new Error(
      `antom-sandbox: cannot open the gateway database in ${dir} (${opened.message}); ` +
        'start with --reset to begin with an empty one',
    );
  }
  settleRef();

  const store: JournalStore = {
    write(upserts, deletes) {
      if (stopped) return Promise.reject(stopped);
      seq += 1;
      const request: DbRequest = { type: 'write', seq, upserts, deletes };
      const written = new Promise<void>((resolve, reject) => pending.set(request.seq, { resolve, reject }));
      settleRef();
      worker.postMessage(request);
      return written;
    },
    readSync(kind, ids) {
      if (stopped) throw stopped;
      readSeq += 1;
      const seq = readSeq;
      Atomics.store(signal, 0, 0);
      reads.port1.postMessage({ seq, kind, ids } satisfies DbRead);
      // The thread posts an answer, then sets the signal: once it is set, the answer is on the port.
      for (;;) {
        if (Atomics.wait(signal, 0, 0, READ_TIMEOUT_MS) === 'timed-out') {
          throw new Error(`the database thread did not answer a read of ${kind} in ${READ_TIMEOUT_MS} ms`);
        }
        Atomics.store(signal, 0, 0);
        // An answer to a read that timed out before is dropped; this one's is on the port or still to come.
        for (let received = receiveMessageOnPort(reads.port1); received; received = receiveMessageOnPort(reads.port1)) {
          const reply = received.message as DbReadReply;
          if (reply.seq !== seq) continue;
          if ('message' in reply) throw new Error(`the database could not read ${kind} (${reply.message})`);
          return reply.docs.map((doc) => doc ?? undefined);
        }
      }
    },
    async close() {
      if (stopped) return;
      const closed = new Promise<void>((resolve) => {
        onClosed = resolve;
      });
      settleRef();
      worker.postMessage({ type: 'close' } satisfies DbRequest);
      await closed;
      onClosed = undefined;
      reads.port1.close();
      stopped = new Error('the gateway database is closed');
      await worker.terminate();
    },
  };
  return { store, rows: opened.rows };
}

/** Deletes the gateway database in `dir` (`antom-sandbox --reset`). */
export function resetGatewayDb(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

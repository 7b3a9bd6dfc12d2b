/**
 * Write-through persistence of the engine's working state. The desks keep their records in memory
 * as before; their maps are `JournaledMap`s that note which entries were read or changed, and the
 * journal writes those entries to its store in one batch (one transaction) soon after. The HTTP
 * layer waits for `flushed()` before answering, so an answered request survives a crash. An entry
 * that is only read is written only when its stored form changed.
 *
 * Records are stored as JSON documents keyed by (kind, id); dates, byte strings, maps and sets are
 * tagged so they read back as they were. An engine without a store uses `MEMORY_JOURNAL`, which
 * does nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * A digest of a stored document, to tell whether a record changed since it was written. Keeping
 * digests rather than the documents themselves keeps the gateway's heap from holding a second copy
 * of every record (ours).
 */
const digestOf = (doc: string): string => createHash('sha1').update(doc).digest('base64');

/** How long a batch that a request waits for (`flushed()`) gathers changes before it is written. */
export const GROUP_COMMIT_MS = 2;

/**
 * How long a change that no request waits for (a timer's: a notification acknowledged, a capture
 * settled) may wait for a batch (ours). It usually rides in the next request's batch: a write costs
 * the database thread about the same for one row as for twenty, and under load the gateway then
 * writes about one batch per payment rather than two. A crash in that window loses the change as a
 * crash before the write always could: a notification is sent again (Antom resends one it holds no
 * acknowledgement for), a settlement runs again from its stored state.
 */
export const BACKGROUND_COMMIT_MS = 25;

/** How a journal batches its writes. */
export interface JournalOptions {
  /** Reports a batch the store refused (it is written again with the next one). */
  onError?: (error: unknown) => void;
  /** The longest a change no request waits for stays unwritten, in ms (default `BACKGROUND_COMMIT_MS`). */
  backgroundCommitMs?: number;
}

/** What the journal writes to: a batch of upserts and deletes in one transaction, and rows read back. */
export interface JournalStore {
  /** Writes one batch atomically; rows keep their first insertion order. */
  write(upserts: StoredRow[], deletes: Array<{ kind: string; id: string }>): Promise<void>;
  /**
   * The stored documents of `kind` with these ids (`undefined` for one not stored), read before
   * returning: the engine's reads are synchronous. A cold entry (`JournaledMapOptions.cold`) is read
   * back from here when asked for, and a kind the store listed by its keys only when its map is built.
   */
  readSync(kind: string, ids: readonly string[]): Array<string | undefined>;
  /** Closes the store (after the last write). */
  close(): Promise<void>;
}

/** One stored record: its kind (which map), its id (the map key) and its JSON document. */
export interface StoredRow {
  /** Which desk map the record belongs to, e.g. `payment`. */
  kind: string;
  /** The map key. */
  id: string;
  /** The encoded record (see `encodeDocument`). */
  doc: string;
}

/** A stored record's kind and id, and its document when it was read with them (else read when its map takes the kind). */
export interface StoredKey {
  /** Which desk map the record belongs to. */
  kind: string;
  /** The map key. */
  id: string;
  /** The encoded record, when it was read with its key. */
  doc?: string;
}

/** Read by a source for an entry that must not be written yet (an answer still being computed). */
export const NOT_READY: unique symbol = Symbol('not ready');

/** Where the journal reads the current value of an entry it must write. */
interface JournalSource {
  /** The entry's document to store, `undefined` when it no longer exists, `NOT_READY` to write it later. */
  read(id: string): unknown;
  /** Told, after a batch, of each entry it read (written or unchanged) and no change has marked since: the store has it as it is. */
  written?(id: string): void;
}

/**
 * A document a codec encoded itself (ours): the journal stores its text as it is. Lets a codec
 * splice a part already kept as JSON into the document instead of decoding and encoding it again.
 */
export class EncodedDocument {
  /** The document's JSON text, as `encodeDocument` would have written it. */
  readonly text: string;
  /** The value it encodes is never changed in place: written whenever it is set, and no digest kept. */
  readonly fixed: boolean;

  /** Wraps JSON text that `decodeDocument` reads back; `fixed` for a value never changed in place. */
  constructor(text: string, fixed = false) {
    this.text = text;
    this.fixed = fixed;
  }
}

/** Encodes a record as JSON, tagging what JSON cannot say (dates, bytes, maps, sets). */
export function encodeDocument(value: unknown): string {
  if (value instanceof EncodedDocument) return value.text;
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, encoded: unknown) {
    const raw = key === '' ? value : this[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw).toString('base64') };
    if (raw instanceof Map) return { $map: [...raw.entries()] };
    if (raw instanceof Set) return { $set: [...raw.values()] };
    return encoded;
  });
}

/**
 * `text` as one flat string. JSON.stringify with a replacer returns a rope of pieces, nine heap
 * objects for a kept payment answer, kept as long as the text is; reading a string as a number
 * makes V8 flatten it in place, and the collector then drops the rope (ours).
 */
export function flatText(text: string): string {
  void Number(text);
  return text;
}

/** Reads back what `encodeDocument` wrote. */
export function decodeDocument(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const tagged = value as Record<string, unknown>;
    const keys = Object.keys(tagged);
    if (keys.length !== 1) return value;
    if (typeof tagged['$date'] === 'number') return new Date(tagged['$date']);
    if (typeof tagged['$bytes'] === 'string') return Buffer.from(tagged['$bytes'], 'base64');
    if (Array.isArray(tagged['$map'])) return new Map(tagged['$map'] as Array<[unknown, unknown]>);
    if (Array.isArray(tagged['$set'])) return new Set(tagged['$set'] as unknown[]);
    return value;
  });
}

/** Batches changed records into store writes; `MEMORY_JOURNAL` for an engine that keeps nothing. */
export class Journal {
  /** Whether records are written anywhere (`false` for `MEMORY_JOURNAL`). */
  readonly persistent: boolean;
  private readonly store: JournalStore | undefined;
  /** The stored records by kind (their documents when read with them), until the map of that kind takes them. */
  private readonly loaded: Map<string, Array<[string, string | undefined]>>;
  private readonly sources = new Map<string, JournalSource>();
  private dirty = new Map<string, Set<string>>();
  /**
   * Per kind, per id: the digest of the document last written, so re-reading an unchanged record
   * writes nothing; `''` for a value that is never changed in place (a string, a byte string),
   * which is written whenever it is set. Kept per kind so no key string is built per entry: with a
   * few entries per payment, this map is a large share of what the gateway's heap holds (ours).
   */
  private readonly written = new Map<string, Map<string, string>>();
  private running: Promise<void> | undefined;
  /** The batch being gathered: written when its window closes, which `flushed()` may bring forward. */
  private gathering: Gathering | undefined;
  private closed = false;
  private readonly onError: (error: unknown) => void;
  private readonly backgroundCommitMs: number;

  /**
   * A journal over `store` (none: memory only), starting from `rows` (what the store held: a row
   * without its document is read from the store when its map takes its kind, and not at all when
   * that map keeps its entries in the store only).
   */
  constructor(store?: JournalStore, rows: readonly StoredKey[] = [], options: JournalOptions = {}) {
    this.store = store;
    this.persistent = store !== undefined;
    this.onError = options.onError ?? (() => undefined);
    this.backgroundCommitMs = options.backgroundCommitMs ?? BACKGROUND_COMMIT_MS;
    this.loaded = new Map();
    for (const row of rows) {
      let list = this.loaded.get(row.kind);
      if (!list) this.loaded.set(row.kind, (list = []));
      list.push([row.id, row.doc]);
    }
  }

  /** What was last written of `kind`, by id. */
  private writtenOf(kind: string): Map<string, string> {
    let written = this.written.get(kind);
    if (!written) this.written.set(kind, (written = new Map<string, string>()));
    return written;
  }

  /** The stored records of `kind` in insertion order, decoded, read once by the map that owns the kind. */
  take(kind: string): Array<[string, unknown]> {
    const written = this.writtenOf(kind);
    const rows = this.takeRows(kind);
    // Documents not read with their keys are read now, in one read.
    const unread = rows.filter(([, doc]) => doc === undefined).map(([id]) => id);
    const read = unread.length === 0 ? [] : this.readBack(kind, unread);
    let next = 0;
    return rows.map(([id, known]) => {
      const doc = known ?? read[next++];
      if (doc === undefined) throw new Error(`journal: ${kind} ${JSON.stringify(id)} is listed but not stored`);
      const value = decodeDocument(doc);
      written.set(id, changeable(value) ? digestOf(doc) : '');
      return [id, value];
    });
  }

  /**
   * The ids of the stored records of `kind` in insertion order, read once by a map whose entries
   * are cold (`JournaledMapOptions.cold`): none is decoded at start, and no digest is kept for them.
   */
  takeIds(kind: string): string[] {
    return this.takeRows(kind).map(([id]) => id);
  }

  /** The stored documents of `kind` with these ids, read from the store before returning (cold entries). */
  readBack(kind: string, ids: readonly string[]): Array<string | undefined> {
    if (!this.store) throw new Error(`journal: ${kind} entries cannot be read back without a store`);
    return this.store.readSync(kind, ids);
  }

  /**
   * Notes an entry read back from the store and held in memory again: `doc` is what the store has
   * (`changeable`: the digest to compare with when it is read again; else written whenever it is set).
   */
  heldAgain(kind: string, id: string, doc: string, changeable: boolean): void {
    this.writtenOf(kind).set(id, changeable ? digestOf(doc) : '');
  }

  /** Notes an entry kept in the store only: no digest kept, but a delete of it is still written. */
  storeOnly(kind: string, id: string): void {
    this.written.get(kind)?.delete(id);
  }

  /** Notes that the store holds `id` of `kind` (a cold entry about to be deleted: the delete is written). */
  stored(kind: string, id: string): void {
    const written = this.writtenOf(kind);
    if (!written.has(id)) written.set(id, '');
  }

  private takeRows(kind: string): Array<[string, string | undefined]> {
    const rows = this.loaded.get(kind) ?? [];
    this.loaded.delete(kind);
    return rows;
  }

  /**
   * Drops the digest read with an entry whose value, once decoded, is never changed in place (a
   * codec may keep a record as text): like a new one, it is written whenever it is set.
   */
  keepNoDigest(kind: string, id: string): void {
    const written = this.written.get(kind);
    if (written?.has(id)) written.set(id, '');
  }

  /** Registers where the current value of each entry of `kind` is read from. */
  register(kind: string, source: JournalSource): void {
    if (!this.store) return;
    if (this.sources.has(kind)) throw new Error(`journal: kind ${kind} is registered twice`);
    this.sources.set(kind, source);
  }

  /**
   * Notes that an entry may have changed; it is written with the next batch: a request's, which
   * `flushed()` closes `GROUP_COMMIT_MS` after the batch began, or at the latest `backgroundCommitMs` from now.
   */
  touch(kind: string, id: string): void {
    if (!this.store || this.closed) return;
    this.markDirty(kind, id);
    // Changes made by timers (notification attempts, settlements) are written without a request.
    this.gather(this.backgroundCommitMs).catch(this.onError);
  }

  private markDirty(kind: string, id: string): void {
    let ids = this.dirty.get(kind);
    if (!ids) this.dirty.set(kind, (ids = new Set()));
    ids.add(id);
  }

  /** Resolves when everything touched so far is in the store (at once for `MEMORY_JOURNAL`). */
  flushed(): Promise<void> {
    if (!this.store) return Promise.resolve();
    if (this.dirty.size === 0) return this.gathering?.written ?? this.running ?? Promise.resolve();
    return this.gather(GROUP_COMMIT_MS);
  }

  /**
   * The batch that will hold what is dirty now, written at the latest `windowMs` after it began
   * gathering (a window already closing sooner stays), after the batch before it: one write costs
   * about the same for one request's rows as for twenty, so concurrent requests share it.
   */
  private gather(windowMs: number): Promise<void> {
    const now = performance.now();
    const open = this.gathering;
    if (open) {
      // Counted from when the batch began gathering: a request whose changes began it more than
      // GROUP_COMMIT_MS ago (its handler awaited an acquirer, say) has it written at once.
      const due = Math.max(now, open.opened + windowMs);
      if (due < open.due) {
        clearTimeout(open.timer);
        open.due = due;
        open.timer = setTimeout(open.close, due - now);
      }
      return open.written;
    }
    let close = (): void => undefined;
    const closed = new Promise<void>((resolve) => (close = resolve));
    const written = closed.then(() => {
      if (this.gathering === gathering) this.gathering = undefined;
      const run = (this.running ?? Promise.resolve()).catch(() => undefined).then(() => this.writeDirty());
      this.running = run;
      const clear = (): void => {
        if (this.running === run) this.running = undefined;
      };
      run.then(clear, clear);
      return run;
    });
    const gathering: Gathering = {
      written,
      opened: now,
      due: now + windowMs,
      close,
      timer: setTimeout(close, windowMs),
    };
    this.gathering = gathering;
    return written;
  }

  /** Writes what is left and closes the store. */
  async close(): Promise<void> {
    if (!this.store || this.closed) return;
    await this.flushed().catch(this.onError);
    this.closed = true;
    await this.store.close();
  }

  private async writeDirty(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const batch = this.dirty;
    this.dirty = new Map();
    const upserts: StoredRow[] = [];
    const deletes: Array<{ kind: string; id: string }> = [];
    const staged: Array<[Map<string, string>, string, string | undefined]> = [];
    const told: Array<[JournalSource, string, string]> = [];
    for (const [kind, ids] of batch) {
      const source = this.sources.get(kind);
      if (!source) continue;
      const written = this.writtenOf(kind);
      for (const id of ids) {
        const value = source.read(id);
        if (value === NOT_READY) continue;
        if (value === undefined) {
          if (written.has(id)) {
            deletes.push({ kind, id });
            staged.push([written, id, undefined]);
          }
          continue;
        }
        const doc = encodeDocument(value);
        // A value that cannot change in place was touched by `set`: written without comparing.
        const digest = changeable(value) ? digestOf(doc) : '';
        // A source is told of an entry read and found unchanged too: what is stored is `doc` all the same.
        if (source.written) told.push([source, kind, id]);
        if (digest !== '' && written.get(id) === digest) continue;
        upserts.push({ kind, id, doc });
        staged.push([written, id, digest]);
      }
    }
    if (upserts.length > 0 || deletes.length > 0) {
      try {
        await store.write(upserts, deletes);
      } catch (error) {
        // Not written: the entries go with the next batch (the next request's, or the next change's).
        for (const [kind, ids] of batch) for (const id of ids) this.markDirty(kind, id);
        throw error;
      }
    }
    for (const [written, id, digest] of staged) {
      if (digest === undefined) written.delete(id);
      else written.set(id, digest);
    }
    // An entry changed again while the batch was written is read again with the next one.
    for (const [source, kind, id] of told) if (!this.dirty.get(kind)?.has(id)) source.written?.(id);
  }
}

/** A batch being gathered: when its window closes, and how to close it sooner. */
interface Gathering {
  /** Settles when the batch is written (rejects when the store refused it). */
  written: Promise<void>;
  /** When the first change it holds was made (`performance.now()` time). */
  opened: number;
  /** When the window closes (`performance.now()` time). */
  due: number;
  /** Closes the window: the batch is written after the one before it. */
  close: () => void;
  /** The timer that closes the window at `due`. */
  timer: ReturnType<typeof setTimeout>;
}

/** The journal of an engine that keeps everything in memory only. */
export const MEMORY_JOURNAL = new Journal();

/**
 * Whether a value read from a map may be changed in place (records); strings, numbers, byte strings
 * and fixed encoded documents are replaced, never changed.
 */
function changeable(value: unknown): boolean {
  if (value instanceof EncodedDocument) return !value.fixed;
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array);
}

/** How a `JournaledMap` stores its values, when they are not plain records. */
export interface JournaledMapCodec<V> {
  /** The stored form of a value, or `NOT_READY` while it cannot be stored yet. */
  encode(value: V): unknown;
  /** A value from its stored form. */
  decode(stored: unknown): V;
  /** A promise to wait for before the value can be stored (the entry is written again when it settles). */
  settles?(value: V): Promise<unknown> | undefined;
}

/** How a `JournaledMap` keeps its entries in memory. */
export interface JournaledMapOptions {
  /**
   * Keep an entry the store holds, unchanged, and that nothing else holds, in the store only (ours):
   * the map keeps its key, and reads it back from the store, synchronously, when it is asked for.
   * For records the gateway keeps for good and rarely reads again (payments, their idempotency
   * entries): every full garbage collection walked each of them again, and the heap only grew.
   * While anything still holds a record (a desk across an acquirer call or a timer), reads get
   * that same record and the journal writes from it, so no change to it is lost. Without a store
   * (`MEMORY_JOURNAL`) entries stay in memory.
   */
  cold?: boolean;
}

/** An entry kept in the store only (see `JournaledMapOptions.cold`); one object shared by every such entry. */
const STORE_ONLY: unique symbol = Symbol('store only');

/**
 * A written record of a cold map that the map holds no more: kept for as long as anything else
 * holds it, so reads get that same object; in the store only once nothing does.
 */
class WeaklyHeld {
  /** The record, until nothing holds it. */
  readonly record: WeakRef<object>;

  constructor(record: object) {
    this.record = new WeakRef(record);
  }
}

/**
 * A `Map` whose entries the journal persists: `set` and `delete` mark an entry changed, and so
 * does `get` and iteration, because the desks change the records they read in place. Built, it
 * holds what the store had for its kind. With `cold`, an entry written and held by nothing else is
 * kept in the store only and read back when asked for.
 */
export class JournaledMap<V> extends Map<string, V> {
  private readonly journal: Journal;
  private readonly kind: string;
  private readonly codec: JournaledMapCodec<V> | undefined;
  private readonly cold: boolean;
  /** Keeps a written record in the store only once nothing holds it any more (`cold`). */
  private readonly released: FinalizationRegistry<string> | undefined;

  /** A map of `kind` in `journal`, holding the stored entries of that kind. */
  constructor(journal: Journal, kind: string, codec?: JournaledMapCodec<V>, options: JournaledMapOptions = {}) {
    super();
    this.journal = journal;
    this.kind = kind;
    this.codec = codec;
    this.cold = options.cold === true && journal.persistent;
    this.released = this.cold
      ? new FinalizationRegistry<string>((id) => {
          const raw: unknown = super.get(id);
          if (raw instanceof WeaklyHeld && raw.record.deref() === undefined) this.toStoreOnly(id);
        })
      : undefined;
    // Cold entries stay in the store until they are asked for.
    if (this.cold) for (const id of journal.takeIds(kind)) this.hold(id, STORE_ONLY);
    for (const [id, stored] of this.cold ? [] : journal.take(kind)) {
      const value = codec ? codec.decode(stored) : (stored as V);
      super.set(id, value);
      if (!changeable(value)) journal.keepNoDigest(kind, id);
    }
    journal.register(kind, {
      read: (id) => {
        const value = this.inMemory(id);
        if (value === STORE_ONLY) return NOT_READY;
        if (value === undefined || value instanceof EncodedDocument) return value;
        return codec ? codec.encode(value) : value;
      },
      ...(this.cold ? { written: (id: string) => this.written(id) } : {}),
    });
  }

  /** Sets the raw entry, bypassing `set` (which marks it changed). */
  private hold(key: string, raw: V | WeaklyHeld | typeof STORE_ONLY): void {
    Map.prototype.set.call(this, key, raw);
  }

  /** The entry's value while it is in memory (held by the map or anything else), else `STORE_ONLY`. */
  private inMemory(key: string): V | typeof STORE_ONLY | undefined {
    const raw: unknown = super.get(key);
    if (!(raw instanceof WeaklyHeld)) return raw as V | typeof STORE_ONLY | undefined;
    const record = raw.record.deref() as V | undefined;
    if (record !== undefined) return record;
    // Collected, and not finalised yet: in the store only from now.
    this.toStoreOnly(key);
    return STORE_ONLY;
  }

  /** The journal stored `id` as it is now: the map lets go of it (see `JournaledMapOptions.cold`). */
  private written(id: string): void {
    const raw: unknown = super.get(id);
    if (raw === STORE_ONLY || raw instanceof WeaklyHeld || raw === undefined) return;
    if (!changeable(raw)) {
      this.toStoreOnly(id);
      return;
    }
    this.hold(id, new WeaklyHeld(raw as object));
    this.released?.register(raw as object, id);
  }

  private toStoreOnly(id: string): void {
    this.hold(id, STORE_ONLY);
    this.journal.storeOnly(this.kind, id);
  }

  /** Reads entries kept in the store only back from it; held by the map again when `hold`, else copies. */
  private readBack(keys: string[], hold: boolean): V[] {
    const docs = this.journal.readBack(this.kind, keys);
    return keys.map((key, index) => {
      const doc = docs[index];
      if (doc === undefined) throw new Error(`journal: ${this.kind} ${JSON.stringify(key)} is not in the store`);
      const stored = decodeDocument(doc);
      const value = this.codec ? this.codec.decode(stored) : (stored as V);
      if (hold) {
        this.hold(key, value);
        this.journal.heldAgain(this.kind, key, doc, changeable(value));
      }
      return value;
    });
  }

  /** The value of `key`; one in the store only is read back (and held by the map again when `hold`, else a copy). */
  private live(key: string, hold: boolean): V | undefined {
    if (!this.cold) return super.get(key);
    const value = this.inMemory(key);
    if (value === STORE_ONLY) return this.readBack([key], hold)[0];
    // Held by the map again: a change made through it is written from it, whoever lets go of it.
    if (hold && value !== undefined && super.get(key) !== value) this.hold(key, value);
    return value;
  }

  /** Every entry, those in the store only read back in one read (held again when `hold`, else copies). */
  private liveEntries(hold: boolean): Array<[string, V]> {
    const entries: Array<[string, V | typeof STORE_ONLY]> = [];
    const missing: string[] = [];
    for (const key of super.keys()) {
      const value = this.inMemory(key)!;
      if (value === STORE_ONLY) missing.push(key);
      else if (hold && super.get(key) !== value) this.hold(key, value);
      entries.push([key, value]);
    }
    const read = missing.length === 0 ? [] : this.readBack(missing, hold);
    let next = 0;
    return entries.map(([key, value]) => [key, value === STORE_ONLY ? read[next++]! : value]);
  }

  override get(key: string): V | undefined {
    const value = this.live(key, true);
    if (changeable(value)) this.journal.touch(this.kind, key);
    return value;
  }

  override set(key: string, value: V): this {
    super.set(key, value);
    // Map's constructor calls set before the fields exist.
    if (!this.journal) return this;
    this.journal.touch(this.kind, key);
    const settles = this.codec?.settles?.(value);
    if (settles) {
      const retouch = (): void => {
        if (super.get(key) === value) this.journal.touch(this.kind, key);
      };
      settles.then(retouch, retouch);
    }
    return this;
  }

  override delete(key: string): boolean {
    // An entry in the store only has no digest kept: the journal is told it is stored, to delete it.
    if (this.cold && super.has(key)) this.journal.stored(this.kind, key);
    const deleted = super.delete(key);
    if (deleted) this.journal.touch(this.kind, key);
    return deleted;
  }

  override values(): MapIterator<V> {
    if (!this.cold) {
      this.touchChangeable();
      return super.values();
    }
    return this.touchedEntries()
      .map(([, value]) => value)
      [Symbol.iterator]();
  }

  override entries(): MapIterator<[string, V]> {
    if (!this.cold) {
      this.touchChangeable();
      return super.entries();
    }
    return this.touchedEntries()[Symbol.iterator]();
  }

  /** Marks every changeable entry changed. */
  private touchChangeable(): void {
    for (const [key, value] of super.entries()) if (changeable(value)) this.journal.touch(this.kind, key);
  }

  /** Of a cold map: every entry held again (those in the store only read back) and marked changed. */
  private touchedEntries(): Array<[string, V]> {
    const entries = this.liveEntries(true);
    for (const [key, value] of entries) if (changeable(value)) this.journal.touch(this.kind, key);
    return entries;
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** The values, without marking them changed (for readers that copy them). */
  peekValues(): V[] {
    if (!this.cold) return [...super.values()];
    return this.liveEntries(false).map(([, value]) => value);
  }

  /** The entries, without marking them changed (sweeps that only read most of them). */
  peekEntries(): Array<[string, V]> {
    if (!this.cold) return [...super.entries()];
    return this.liveEntries(false);
  }

  /** The value of `key` without marking it changed (one in the store only: a copy read back from it). */
  peek(key: string): V | undefined {
    return this.live(key, false);
  }

  /** Whether `key` is kept in the store only (`cold`): reading it reads the store. */
  inStoreOnly(key: string): boolean {
    return this.cold && this.inMemory(key) === STORE_ONLY;
  }

  /** Marks the entries whose value matches changed, without marking the others. */
  touchWhere(matches: (value: V) => boolean): void {
    for (const [key, value] of this.peekEntries()) {
      if (!matches(value)) continue;
      if (this.cold) this.live(key, true);
      this.journal.touch(this.kind, key);
    }
  }

  /** Marks an entry changed without reading it (a desk that changed a record it held on to). */
  touch(key: string): void {
    if (!this.cold) {
      if (super.has(key)) this.journal.touch(this.kind, key);
      return;
    }
    // One in the store only is unchanged (nothing held it); one still held is held by the map again,
    // so the change is written from it even if its holder lets go of it first.
    const value = this.inMemory(key);
    if (value === undefined || value === STORE_ONLY) return;
    this.live(key, true);
    this.journal.touch(this.kind, key);
  }
}

/**
 * The value a promise settled with, once it has: lets a map store an idempotent answer that was
 * computed asynchronously. `NOT_READY` until then.
 */
export function settledValue<T>(promise: Promise<T>): T | typeof NOT_READY {
  const known = settled.get(promise);
  if (known) return known.value as T;
  if (!watched.has(promise)) {
    watched.add(promise);
    promise.then(
      (value) => settled.set(promise, { value }),
      () => undefined,
    );
  }
  return NOT_READY;
}

/** Starts watching a promise so `settledValue` knows its value once it settles. */
export function watchSettled<T>(promise: Promise<T>): Promise<T> {
  settledValue(promise);
  return promise;
}

const settled = new WeakMap<Promise<unknown>, { value: unknown }>();
const watched = new WeakSet<Promise<unknown>>();

/**
 * A random 32-byte key kept in the journal (a new one when it holds none), so the fingerprints
 * of stored idempotency entries still match after a restart.
 */
export function keptSecret(journal: Journal, name: string): Buffer {
  const secrets = new JournaledMap<Buffer>(journal, `secret-${name}`);
  let secret = secrets.get('key');
  if (!secret) {
    secret = randomBytes(32);
    secrets.set('key', secret);
  }
  return secret;
}

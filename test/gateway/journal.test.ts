/**
 * The engine's journal against a recording store: what is written, when, and how it reads back.
 * The gateway's restart tests (restart.test.ts) run it against the real database.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Journal,
  JournaledMap,
  decodeDocument,
  encodeDocument,
  type JournalStore,
  type StoredRow,
} from '../../gateway/src/engine/journal.js';
import { ManualClock } from '../../gateway/src/engine/clock.js';
import { AUTHORIZATION_VALIDITY_MS, outcomeCodec, PaymentEngine } from '../../gateway/src/engine/engine.js';
import { MerchantRegistry } from '../../gateway/src/engine/merchants.js';
import { createRandom } from '../../gateway/src/engine/random.js';
import type { PayInput } from '../../gateway/src/engine/types.js';
import { KeptAnswer, keptAnswerCodec } from '../../gateway/src/engine/kept-answer.js';
import { NotificationLog, type NotificationRecord } from '../../gateway/src/engine/notification-log.js';
import { openGatewayDb } from '../../gateway/src/gateway-db.js';
import { card, CARDS } from '../support/cards.js';
import { collectGarbage } from '../support/gc.js';
import { MERCHANT_ID, START_TIME, tempSandbox, testMerchant } from '../support/servers.js';

/** A store that keeps its rows in a map and records every batch and every read. */
function recordingStore(
  stored: StoredRow[] = [],
): JournalStore & { batches: StoredRow[][]; reads: string[]; rows: () => StoredRow[] } {
  const rows = new Map(stored.map((row) => [`${row.kind}\u0000${row.id}`, row]));
  const batches: StoredRow[][] = [];
  const reads: string[] = [];
  return {
    batches,
    reads,
    rows: () => [...rows.values()],
    async write(upserts, deletes) {
      batches.push(upserts);
      for (const row of upserts) rows.set(`${row.kind}\u0000${row.id}`, row);
      for (const row of deletes) rows.delete(`${row.kind}\u0000${row.id}`);
    },
    readSync(kind, ids) {
      reads.push(...ids);
      return ids.map((id) => rows.get(`${kind}\u0000${id}`)?.doc);
    },
    async close() {},
  };
}

/** Collects garbage until `done()` holds (a record is finalised in a task of its own after a collection). */
async function collectedUntil(done: () => boolean): Promise<boolean> {
  for (let tries = 0; !done() && tries < 20; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    collectGarbage();
  }
  return done();
}

/** Runs `use` with a database folder in a fresh temporary sandbox, removed afterwards. */
async function inDatabaseFolder(use: (dir: string) => Promise<void>): Promise<void> {
  const sandbox = tempSandbox('antom-journal-db-');
  try {
    await use(`${sandbox.dir}/db`);
  } finally {
    sandbox.remove();
  }
}

/** The rows the database in `dir` holds, read by opening it again (keys) and reading their documents. */
async function rowsIn(dir: string): Promise<StoredRow[]> {
  const reopened = await openGatewayDb(dir);
  const rows = reopened.rows.map(({ kind, id }) => ({ kind, id, doc: reopened.store.readSync(kind, [id])[0]! }));
  await reopened.store.close();
  return rows;
}

describe('journal', () => {
  it('reads back dates, byte strings, maps and sets as they were', () => {
    const value = {
      at: new Date('2030-01-15T10:00:00.123Z'),
      bytes: Buffer.from([0, 1, 254, 255]),
      map: new Map([['a', 1]]),
      set: new Set(['x']),
      nested: [{ when: new Date(0) }],
      text: 'a\u0000b',
    };
    assert.deepEqual(decodeDocument(encodeDocument(value)), value);
  });

  it('writes a changed record once per batch, an unchanged one never, and a deleted one away', async () => {
    const store = recordingStore();
    const journal = new Journal(store);
    const map = new JournaledMap<{ n: number }>(journal, 'thing');
    map.set('k\u00001', { n: 1 });
    map.get('k\u00001')!.n = 2;
    await journal.flushed();
    assert.deepEqual(store.batches.at(-1), [{ kind: 'thing', id: 'k\u00001', doc: '{"n":2}' }]);
    const batches = store.batches.length;
    map.get('k\u00001');
    await journal.flushed();
    assert.equal(store.batches.length, batches, 'read but not changed: nothing written');
    map.get('k\u00001')!.n = 3;
    map.set('k\u00002', { n: 9 });
    await journal.flushed();
    assert.equal(store.batches.length, batches + 1, 'both changes in one batch');
    map.delete('k\u00002');
    await journal.flushed();
    assert.deepEqual(
      store.rows().map((row) => [row.id, row.doc]),
      [['k\u00001', '{"n":3}']],
    );

    const reopened = new Journal(recordingStore(store.rows()), store.rows());
    const restored = new JournaledMap<{ n: number }>(reopened, 'thing');
    assert.deepEqual([...restored.entries()], [['k\u00001', { n: 3 }]]);
  });

  it('writes a change no request waits for with the next request batch, or alone when its window closes', async () => {
    const store = recordingStore();
    // A window no test outlasts: only a request (`flushed()`) can close it.
    const journal = new Journal(store, [], { backgroundCommitMs: 60_000 });
    const map = new JournaledMap<{ n: number }>(journal, 'thing');
    try {
      map.set('timer', { n: 1 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(store.batches.length, 0, 'a change no request waits for is not written at once');
      map.set('request', { n: 2 });
      await journal.flushed();
      assert.deepEqual(
        store.batches.map((batch) => batch.map((row) => row.id)),
        [['timer', 'request']],
        'one batch holds both',
      );
    } finally {
      await journal.close();
    }

    const alone = recordingStore();
    const short = new Journal(alone, [], { backgroundCommitMs: 5 });
    new JournaledMap<{ n: number }>(short, 'thing').set('timer', { n: 3 });
    for (let waited = 0; alone.batches.length === 0 && waited < 2_000; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepEqual(alone.rows(), [{ kind: 'thing', id: 'timer', doc: '{"n":3}' }], 'written without a request');
    await short.close();
  });

  it('keeps a written record in the store only once nothing holds it, and reads it back when asked for', async () => {
    const store = recordingStore();
    const journal = new Journal(store);
    const map = new JournaledMap<{ n: number; at: Date }>(journal, 'thing', undefined, { cold: true });
    const held = { n: 1, at: new Date(0) };
    map.set('k', held);
    await journal.flushed();
    held.n = 2;
    map.touch('k');
    await journal.flushed();
    assert.equal(store.rows().at(-1)?.doc, '{"n":2,"at":{"$date":0}}', 'a change to the held record is written');
    assert.equal(map.get('k'), held, 'a read gets the record that is held');

    // Another, which nothing holds once written: after a collection only its key is kept.
    (() => map.set('free', { n: 3, at: new Date(5) }))();
    await journal.flushed();
    assert.ok(await collectedUntil(() => map.inStoreOnly('free')), 'kept in the store only');
    assert.equal(map.inStoreOnly('k'), false, 'still held: kept in memory');
    assert.deepEqual(store.reads, [], 'nothing read back yet');
    assert.deepEqual(map.peek('free'), { n: 3, at: new Date(5) }, 'read back as it was');
    assert.deepEqual(store.reads, ['free']);
    assert.equal(map.inStoreOnly('free'), true, 'a peek reads a copy');
    const batches = store.batches.length;
    map.get('free')!.n = 4;
    await journal.flushed();
    assert.equal(store.batches.length, batches + 1);
    assert.deepEqual(store.batches.at(-1), [{ kind: 'thing', id: 'free', doc: '{"n":4,"at":{"$date":5}}' }]);
    assert.ok(await collectedUntil(() => map.inStoreOnly('free')), 'changed, written, and back to the store only');
    // Read without a change: not written, and back to the store only once a batch has looked at it.
    assert.equal(map.get('free')?.n, 4);
    assert.equal(map.inStoreOnly('free'), false, 'held again by the read');
    await journal.flushed();
    assert.equal(store.batches.length, batches + 1, 'unchanged: not written');
    assert.ok(await collectedUntil(() => map.inStoreOnly('free')), 'read, unchanged: back to the store only');
    assert.deepEqual(
      map.peekEntries(),
      [
        ['k', { n: 2, at: new Date(0) }],
        ['free', { n: 4, at: new Date(5) }],
      ],
      'iterated in order, those in the store read back',
    );

    // After a restart, stored records are kept in the store only from the start.
    const restored = new JournaledMap<{ n: number }>(
      new Journal(recordingStore(store.rows()), store.rows()),
      'thing',
      undefined,
      {
        cold: true,
      },
    );
    assert.equal(restored.inStoreOnly('free'), true);
    assert.equal(restored.size, 2);
    void held;
  });

  it('writes a change to a record only its holder held, even when the holder lets go before the batch', async () => {
    const store = recordingStore();
    // A window no test outlasts: the batch is written when the test asks for it.
    const journal = new Journal(store, [], { backgroundCommitMs: 60_000 });
    const map = new JournaledMap<{ n: number }>(journal, 'thing', undefined, { cold: true });
    // A desk holds the record across a timer: the map holds it weakly once it is written.
    let holder: { n: number } | undefined = { n: 1 };
    map.set('k', holder);
    await journal.flushed();
    holder.n = 2;
    map.touch('k');
    holder = undefined;
    // Collections before the batch: the change must not be collected with the record.
    await collectedUntil(() => false);
    await journal.flushed();
    assert.equal(store.rows().at(-1)?.doc, '{"n":2}');
    assert.deepEqual(map.peek('k'), { n: 2 });
    await journal.close();
  });

  it('deletes a record kept in the store only, and reads it back with its codec', async () => {
    const store = recordingStore();
    const journal = new Journal(store);
    const map = new JournaledMap(journal, 'request', outcomeCodec<{ outcome: Promise<string> }>(), { cold: true });
    (() => {
      map.set('a', { outcome: Promise.resolve('one') });
      map.set('b', { outcome: Promise.resolve('two') });
    })();
    for (let tries = 0; store.rows().length < 2 && tries < 20; tries++) await journal.flushed();
    assert.ok(await collectedUntil(() => map.inStoreOnly('a') && map.inStoreOnly('b')), 'both in the store only');
    assert.equal(await map.get('a')?.outcome, 'one', 'decoded with the codec');
    assert.equal(map.delete('b'), true);
    await journal.flushed();
    assert.deepEqual(
      store.rows().map((row) => row.id),
      ['a'],
      'the delete of a record in the store only is written',
    );
  });

  it('reads a record kept in the store only back from the database, as the gateway does', async () => {
    await inDatabaseFolder(async (dir) => {
      const first = await openGatewayDb(dir);
      const journal = new Journal(first.store, first.rows);
      const map = new JournaledMap<{ id: string; at: Date }>(journal, 'thing', undefined, { cold: true });
      (() => {
        for (const id of ['a\u00001', 'b', 'c']) map.set(id, { id, at: new Date(7) });
      })();
      await journal.flushed();
      assert.ok(await collectedUntil(() => map.inStoreOnly('b')), 'kept in the store only');
      assert.deepEqual(map.peek('b'), { id: 'b', at: new Date(7) });
      assert.deepEqual(
        first.store.readSync('thing', ['c', 'missing', 'a\u00001']),
        ['{"id":"c","at":{"$date":7}}', undefined, '{"id":"a\\u00001","at":{"$date":7}}'],
        'in the order asked, none for an id not stored',
      );
      new JournaledMap<number>(journal, 'plain').set('p', 1);
      await journal.close();
      const reopened = await openGatewayDb(dir);
      assert.deepEqual(
        reopened.rows,
        [
          { kind: 'thing', id: 'a\u00001' },
          { kind: 'thing', id: 'b' },
          { kind: 'thing', id: 'c' },
          { kind: 'plain', id: 'p' },
        ],
        'opened with the keys only',
      );
      const reopenedJournal = new Journal(reopened.store, reopened.rows);
      const restored = new JournaledMap<{ id: string; at: Date }>(reopenedJournal, 'thing', undefined, {
        cold: true,
      });
      assert.equal(restored.inStoreOnly('c'), true);
      assert.deepEqual(restored.get('c'), { id: 'c', at: new Date(7) });
      const plain = new JournaledMap<number>(reopenedJournal, 'plain');
      assert.deepEqual([...plain.entries()], [['p', 1]], 'a map kept in memory reads its documents when it is built');
      await reopened.store.close();
      assert.throws(() => reopened.store.readSync('thing', ['c']), /the gateway database is closed/);
    });
  });

  it('reads no stored payment in a release pass until its authorization window has closed', async () => {
    const engineOver = (journal: Journal, clock: ManualClock): PaymentEngine =>
      new PaymentEngine({
        gatewayOrigin: 'http://127.0.0.1:9',
        merchants: new MerchantRegistry([testMerchant()]),
        clock,
        random: createRandom(1),
        journal,
      });
    const store = recordingStore();
    const journal = new Journal(store);
    const clock = new ManualClock(START_TIME);
    const paid = await engineOver(journal, clock).pay(MERCHANT_ID, {
      paymentRequestId: 'pay-open',
      amount: { currency: 'USD', value: '1000' },
      captureMode: 'MANUAL',
      method: { kind: 'CARD', card: card(CARDS.visa.approved), tokenize: false },
    });
    assert.ok(paid.ok && paid.value.result.resultStatus === 'S', JSON.stringify(paid));
    await journal.flushed();
    // After a restart every stored payment is in the store only.
    const restartedStore = recordingStore(store.rows());
    const restarted = engineOver(new Journal(restartedStore, store.rows()), clock);
    clock.advance(AUTHORIZATION_VALIDITY_MS - 1);
    await restarted.runDueJobs();
    assert.equal(restartedStore.reads.length, 0, 'an open authorization before its window closes: nothing read');
    clock.advance(1);
    await restarted.runDueJobs();
    assert.ok(restartedStore.reads.includes(paid.value.payment.paymentId), 'read once its window has closed');
    const after = restarted.inquiryPayment(MERCHANT_ID, { paymentId: paid.value.payment.paymentId });
    assert.ok(after.ok && after.value.payment.state === 'CANCELLED', JSON.stringify(after));
  });

  it('writes an idempotency entry only once its answer is known', async () => {
    const store = recordingStore();
    const journal = new Journal(store);
    let answer: (value: string) => void = () => undefined;
    const outcome = new Promise<string>((resolve) => (answer = resolve));
    const map = new JournaledMap(journal, 'request', outcomeCodec<{ outcome: Promise<string> }>());
    map.set('r', { outcome });
    await journal.flushed();
    assert.deepEqual(store.rows(), [], 'not written while the answer is being computed');
    answer('done');
    await outcome;
    await journal.flushed();
    assert.deepEqual(
      store.rows().map((row) => row.doc),
      ['{"outcome":"done"}'],
    );
    const restored = new JournaledMap(
      new Journal(recordingStore(store.rows()), store.rows()),
      'request',
      outcomeCodec<{ outcome: Promise<string> }>(),
    );
    assert.equal(await restored.get('r')?.outcome, 'done');
  });

  it('stores a kept answer as one document with the answer spliced in, the same as encoding it whole', async () => {
    const store = recordingStore();
    const journal = new Journal(store);
    type Entry = { amount: { value: string }; method: Buffer; answer: KeptAnswer<unknown> };
    const map = new JournaledMap<Entry>(journal, 'pay', keptAnswerCodec<Entry>());
    const bare = new JournaledMap<{ answer: KeptAnswer<unknown> }>(journal, 'bare', keptAnswerCodec());
    const answer = { ok: true, value: { when: new Date(0), note: 'a "quoted" \u2028 text', list: [1, null] } };
    const entry: Entry = {
      amount: { value: '10' },
      method: Buffer.from([1, 2]),
      answer: KeptAnswer.running(Promise.resolve(answer)),
    };
    map.set('r', entry);
    bare.set('b', { answer: KeptAnswer.running(Promise.resolve('x')) });
    await entry.answer.kept;
    await journal.flushed();
    const docs = new Map(store.rows().map((row) => [row.kind, row.doc]));
    assert.equal(
      docs.get('pay'),
      encodeDocument({ amount: { value: '10' }, method: Buffer.from([1, 2]), outcome: answer }),
    );
    assert.equal(docs.get('bare'), '{"outcome":"x"}');
    const reopened = new Journal(recordingStore(store.rows()), store.rows());
    const restored = new JournaledMap<Entry>(reopened, 'pay', keptAnswerCodec<Entry>());
    assert.deepEqual(await restored.get('r')?.answer.get(), answer);
    assert.deepEqual(restored.get('r')?.method, Buffer.from([1, 2]));
  });

  it('keeps a finished notification as its stored text, read back whole and after a restart', async () => {
    const store = recordingStore();
    const journal = new Journal(store);
    const log = new NotificationLog(journal);
    const record = (id: string, paymentId: string): NotificationRecord => ({
      notificationId: id,
      notifyType: 'PAYMENT_RESULT',
      clientId: 'client',
      paymentId,
      paymentRequestId: `request-${paymentId}`,
      url: 'http://127.0.0.1:9/notify',
      createdAt: '2030-01-01T00:00:00.000Z',
      status: 'PENDING',
      attempts: [],
      nextAttemptAt: null,
      body: `{"paymentId":"${paymentId}"}`,
    });
    // An id with a character JSON escapes: found in the finished record's text all the same.
    const done = record('n1', 'p1 "quoted"');
    const waiting = record('n2', 'p2');
    log.add(done);
    log.add(waiting);
    done.attempts.push({
      attempt: 1,
      scheduledAt: '2030-01-01T00:00:00.000Z',
      sentAt: '2030-01-01T00:00:00.001Z',
      durationMs: 3,
      httpStatus: 200,
      acknowledged: true,
    });
    done.status = 'ACKNOWLEDGED';
    log.changed(done);
    const expected = structuredClone(done);
    // The notifier lets go of a finished record: changing it now changes nothing kept.
    done.status = 'PENDING';
    done.attempts.length = 0;
    await journal.flushed();
    const stored = store.rows().find((row) => row.kind === 'notification' && row.id === 'n1');
    const { body: _body, ...withoutBody } = expected;
    assert.equal(stored?.doc, encodeDocument(withoutBody), 'stored as before, without the body');
    assert.deepEqual(log.forPayment('p1 "quoted"'), [expected]);
    assert.deepEqual(log.forPayment('p2'), [waiting]);
    assert.deepEqual(log.forPayment('request-p1 "quoted"'), [], 'a value elsewhere in the text is not a match');
    assert.deepEqual(log.list(), [expected, waiting]);
    assert.deepEqual(log.unfinished(), [waiting], 'only the unfinished record is live');
    assert.equal(log.unfinished()[0], waiting);
    const copy = log.list()[0]!;
    copy.attempts.length = 0;
    assert.deepEqual(log.list()[0], expected, 'a copy, not the record kept');

    const restarted = new NotificationLog(new Journal(recordingStore(store.rows()), store.rows()));
    assert.deepEqual(restarted.list(), [expected, waiting]);
    assert.deepEqual(restarted.unfinished(), [waiting]);
  });

  it('reads back a payments/pay entry whose card hash was stored as bytes, as entries were before', async () => {
    const engineOver = (journal: Journal): PaymentEngine =>
      new PaymentEngine({
        gatewayOrigin: 'http://127.0.0.1:9',
        merchants: new MerchantRegistry([testMerchant()]),
        clock: new ManualClock(START_TIME),
        random: createRandom(1),
        journal,
      });
    const input = (number: string): PayInput => ({
      paymentRequestId: 'pay-1',
      amount: { currency: 'USD', value: '1000' },
      captureMode: 'MANUAL',
      method: { kind: 'CARD', card: card(number), tokenize: false },
    });
    const store = recordingStore();
    const journal = new Journal(store);
    const first = await engineOver(journal).pay(MERCHANT_ID, input(CARDS.visa.approved));
    assert.ok(first.ok && first.value.result.resultStatus === 'S', JSON.stringify(first));
    await journal.flushed();
    let converted = 0;
    const before = store.rows().map((row) => {
      if (row.kind !== 'pay-request') return row;
      const doc = row.doc.replace(/"method":"([A-Za-z0-9+/=]+)"/, (_whole, hash: string) => {
        converted += 1;
        return `"method":${encodeDocument(Buffer.from(hash, 'base64'))}`;
      });
      return { ...row, doc };
    });
    assert.equal(converted, 1, 'the entry keeps its card hash as base64 text');

    const restarted = engineOver(new Journal(recordingStore(before), before));
    const replay = await restarted.pay(MERCHANT_ID, input(CARDS.visa.approved));
    assert.ok(replay.ok, JSON.stringify(replay));
    assert.equal(replay.value.payment.paymentId, first.value.payment.paymentId, 'the same card: the kept answer');
    assert.deepEqual(replay.value.result, first.value.result);
    const other = await restarted.pay(MERCHANT_ID, input(CARDS.mastercard.approved));
    assert.ok(!other.ok && other.error.resultCode === 'REPEAT_REQ_INCONSISTENT', JSON.stringify(other));
  });

  it('writes upserts and deletes of one batch to the database together, ids with NUL included', async () => {
    await inDatabaseFolder(async (dir) => {
      const first = await openGatewayDb(dir);
      await first.store.write(
        [
          { kind: 'k', id: 'a\u00001', doc: '"one"' },
          { kind: 'k', id: 'b', doc: '"two"' },
        ],
        [],
      );
      await first.store.write([{ kind: 'k', id: 'c', doc: '"three"' }], [{ kind: 'k', id: 'a\u00001' }]);
      await first.store.write([], [{ kind: 'k', id: 'b' }]);
      await first.store.write([{ kind: 'k', id: 'c', doc: '"four"' }], []);
      await first.store.close();
      assert.deepEqual(await rowsIn(dir), [{ kind: 'k', id: 'c', doc: '"four"' }]);
    });
  });

  it('rejects a batch the database refuses with its reason, writes nothing of it, and goes on', async () => {
    await inDatabaseFolder(async (dir) => {
      const db = await openGatewayDb(dir);
      // PostgreSQL text cannot hold NUL: the whole statement fails, the good row with it.
      await assert.rejects(
        db.store.write(
          [
            { kind: 'k', id: 'good', doc: '"kept?"' },
            { kind: 'k', id: 'bad', doc: '"a\u0000b"' },
          ],
          [],
        ),
        (error: unknown) => error instanceof Error && /0x00|null|nul/i.test(error.message),
      );
      await db.store.write([{ kind: 'k', id: 'after', doc: '"yes"' }], []);
      await db.store.close();
      assert.deepEqual(await rowsIn(dir), [{ kind: 'k', id: 'after', doc: '"yes"' }]);
    });
  });

  it('names a database it cannot open and how to start over', async () => {
    await inDatabaseFolder(async (dir) => {
      const db = await openGatewayDb(dir);
      await db.store.close();
      // A data folder of a PostgreSQL version this PGlite cannot read.
      writeFileSync(join(dir, 'PG_VERSION'), '9\n');
      await assert.rejects(openGatewayDb(dir), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(
          error.message,
          /^antom-sandbox: cannot open the gateway database in .*db \(.+\); start with --reset/,
        );
        return true;
      });
    });
  });
});

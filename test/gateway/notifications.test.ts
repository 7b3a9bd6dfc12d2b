import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { verify } from '../../src/server/signing.js';
import { NOTIFICATION_SCHEDULE_MS } from '../../gateway/src/index.js';
import { CARDS, card } from '../support/cards.js';
import { closeServer, listen, send } from '../support/http.js';
import { ACK, startReceiver } from '../support/notifications.js';
import {
  MERCHANT_ID,
  START_TIME,
  startTestGateway,
  startUnreachableEndpoint,
  testMerchant,
  type TestGateway,
} from '../support/servers.js';
import { settle, waitFor } from '../support/waits.js';
import { newSessionData, pay, resultCode } from './calls.js';
import { assertNoCardSecrets } from '../support/card-secrets.js';
import { createPrivateKey } from 'node:crypto';
import { ManualClock } from '../../gateway/src/engine/clock.js';
import { PaymentEngine } from '../../gateway/src/engine/engine.js';
import { MerchantRegistry } from '../../gateway/src/engine/merchants.js';
import { NotificationLog } from '../../gateway/src/engine/notification-log.js';
import { createRandom } from '../../gateway/src/engine/random.js';
import type { EngineEvent } from '../../gateway/src/engine/types.js';
import { Notifier } from '../../gateway/src/notifier.js';
import { KEYS } from '../support/keys.js';

/** MANUAL capture: one notification per payment (AUTOMATIC adds a CAPTURE_RESULT). */
const MANUAL = { paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' } };

async function withGateway(scale: number, run: (t: TestGateway) => Promise<void>): Promise<void> {
  const t = await startTestGateway({ notificationTimeScale: scale });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

describe('notifyPayment', () => {
  it('delivers a signed PAYMENT_RESULT that verifies with the gateway public key', async () => {
    const receiver = await startReceiver(() => ({ status: 200, body: ACK }));
    try {
      await withGateway(0.001, async (t) => {
        const { data, requestId } = await newSessionData(t.gateway.origin, {
          ...MANUAL,
          paymentNotifyUrl: receiver.url('/antom/notify?shop=1'),
        });
        const payment = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
        await waitFor(() => t.gateway.engine.notifications.list()[0]?.status === 'ACKNOWLEDGED', {
          timeout: 3000,
          message: 'acknowledgement',
        });
        await settle(150);
        assert.equal(receiver.receipts.length, 1, 'an acknowledged notification is not sent again');
        const receipt = receiver.receipts[0]!;
        assert.equal(receipt.path, '/antom/notify?shop=1');
        for (const name of ['client-id', 'request-time', 'signature', 'content-type'])
          assert.ok(receipt.rawHeaderNames.includes(name), name);
        assert.equal(receipt.headers['content-type'], 'application/json; charset=UTF-8');
        assert.equal(receipt.headers['client-id'], MERCHANT_ID);
        const header = String(receipt.headers['signature']);
        assert.match(header, /^algorithm=RSA256,keyVersion=1,signature=/);
        const value = header.slice(header.indexOf('signature=') + 'signature='.length);
        const signed = {
          method: 'POST',
          path: receipt.path,
          clientId: MERCHANT_ID,
          time: String(receipt.headers['request-time']),
          body: receipt.body,
        };
        assert.ok(
          verify(signed, value, t.gateway.publicKeyPem),
          'signature verifies over the merchant path incl. query',
        );
        assert.equal(verify({ ...signed, path: '/antom/notify' }, value, t.gateway.publicKeyPem), false);
        assert.equal(verify({ ...signed, body: `${receipt.body} ` }, value, t.gateway.publicKeyPem), false);

        const body = JSON.parse(receipt.body) as Record<string, unknown>;
        assert.equal(body['notifyType'], 'PAYMENT_RESULT');
        assert.deepEqual(body['result'], { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success.' });
        assert.equal(body['paymentRequestId'], requestId);
        assert.equal(body['paymentId'], payment.json['paymentId']);
        assert.deepEqual(body['paymentAmount'], { currency: 'USD', value: '1000' });
        for (const field of ['paymentCreateTime', 'paymentTime', 'paymentResultInfo', 'acquirerInfo'])
          assert.ok(body[field], field);

        const [record] = t.gateway.engine.notifications.list();
        assert.equal(record?.attempts.length, 1);
        assert.equal(record?.attempts[0]?.httpStatus, 200);
        assert.equal(record?.attempts[0]?.acknowledged, true);
        assert.equal(record?.nextAttemptAt, null);
      });
    } finally {
      await receiver.close();
    }
  });

  it('notifies declines too, with the decline code', async () => {
    const receiver = await startReceiver(() => ({ status: 200, body: ACK }));
    try {
      await withGateway(0.001, async (t) => {
        const { data } = await newSessionData(t.gateway.origin, { paymentNotifyUrl: receiver.url('/n') });
        await pay(t.gateway.origin, data, card(CARDS.mastercard.declined));
        await waitFor(() => receiver.receipts.length === 1, { timeout: 3000, message: 'delivery' });
        const body = JSON.parse(receiver.receipts[0]!.body) as Record<string, unknown>;
        assert.deepEqual(body['result'], {
          resultCode: 'DO_NOT_HONOR',
          resultStatus: 'F',
          resultMessage: 'The payment is declined by the issuing bank.',
        });
      });
    } finally {
      await receiver.close();
    }
  });

  it('retries an unacknowledging receiver 8 times in schedule order (scaled), then gives up', async () => {
    // "Success" with a capital S is not Antom's acknowledgement.
    const receiver = await startReceiver(() => ({
      status: 200,
      body: '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"Success"}}',
    }));
    const scale = 0.00002;
    try {
      await withGateway(scale, async (t) => {
        const { data } = await newSessionData(t.gateway.origin, {
          ...MANUAL,
          paymentNotifyUrl: receiver.url('/notify'),
        });
        await pay(t.gateway.origin, data, card(CARDS.visa.approved));
        await waitFor(() => t.gateway.engine.notifications.list()[0]?.status === 'EXHAUSTED', {
          timeout: 15_000,
          message: 'all tries',
        });
        await settle(100);
        assert.equal(receiver.receipts.length, NOTIFICATION_SCHEDULE_MS.length);
        for (let index = 1; index < receiver.receipts.length; index++) {
          const gap = receiver.receipts[index]!.at - receiver.receipts[index - 1]!.at;
          const scheduled = NOTIFICATION_SCHEDULE_MS[index]! * scale;
          assert.ok(
            gap >= scheduled - 2,
            `try ${index + 1} came ${gap.toFixed(1)} ms after the previous one; expected >= ${scheduled} ms`,
          );
        }
        const bodies = new Set(receiver.receipts.map((receipt) => receipt.body));
        assert.equal(bodies.size, 1, 'every try carries the same body');

        const [record] = t.gateway.engine.notifications.list();
        assert.deepEqual(
          record?.attempts.map((attempt) => attempt.attempt),
          [1, 2, 3, 4, 5, 6, 7, 8],
        );
        assert.ok(record?.attempts.every((attempt) => attempt.httpStatus === 200 && !attempt.acknowledged));
        const sent = record!.attempts.map((attempt) => Date.parse(attempt.sentAt));
        assert.deepEqual(
          [...sent].sort((a, b) => a - b),
          sent,
          'attempts are logged in order',
        );

        const admin = await send(`${t.gateway.origin}/sandbox/notifications`);
        assert.equal(admin.status, 200);
        const listed = (admin.json['notifications'] as Array<Record<string, unknown>>)[0]!;
        assert.equal(listed['status'], 'EXHAUSTED');
        assert.equal((listed['attempts'] as unknown[]).length, 8);
        assert.equal(admin.headers['access-control-allow-origin'], undefined);
        assert.equal(t.logs.filter((line) => line.startsWith('notify PAYMENT_RESULT')).length, 8);
      });
    } finally {
      await receiver.close();
    }
  });

  it('stops retrying once a later try is acknowledged; HTTP errors and wrong bodies count as failures', async () => {
    const replies = [
      { status: 500, body: 'oops' },
      { status: 200, body: 'OK' },
      { status: 200, body: ACK },
    ];
    const receiver = await startReceiver((n) => replies[n - 1] ?? { status: 200, body: ACK });
    try {
      await withGateway(0.0001, async (t) => {
        const { data } = await newSessionData(t.gateway.origin, {
          ...MANUAL,
          paymentNotifyUrl: receiver.url('/notify'),
        });
        await pay(t.gateway.origin, data, card(CARDS.visa.approved));
        await waitFor(() => t.gateway.engine.notifications.list()[0]?.status === 'ACKNOWLEDGED', {
          timeout: 5000,
          message: 'acknowledgement',
        });
        const [record] = t.gateway.engine.notifications.list();
        assert.deepEqual(
          record?.attempts.map((attempt) => [attempt.httpStatus, attempt.acknowledged]),
          [
            [500, false],
            [200, false],
            [200, true],
          ],
        );
      });
    } finally {
      await receiver.close();
    }
  });

  it('records an unreachable endpoint as an attempt without status', async () => {
    // The endpoint keeps its port for the whole test, so no other process can take it and answer.
    const endpoint = await startUnreachableEndpoint();
    try {
      await withGateway(0.00001, async (t) => {
        const { data } = await newSessionData(t.gateway.origin, { paymentNotifyUrl: endpoint.url('/gone') });
        await pay(t.gateway.origin, data, card(CARDS.visa.approved));
        await waitFor(() => (t.gateway.engine.notifications.list()[0]?.attempts.length ?? 0) >= 2, {
          timeout: 5000,
          message: 'two tries',
        });
        const attempt = t.gateway.engine.notifications.list()[0]!.attempts[0]!;
        assert.equal(attempt.httpStatus, null);
        assert.equal(attempt.acknowledged, false);
        assert.ok(attempt.error);
      });
    } finally {
      await endpoint.close();
    }
  });

  it('keeps one connection to the merchant for successive notifications, and replaces one closed under it', async () => {
    // The merchant's server closes the kept connection as the third notification arrives on it, as a
    // server does when its keep-alive timeout ends at that moment. The gateway posts it again at
    // once on a new connection: it is still the first try, not a retry two minutes later.
    let connections = 0;
    const requestsPerSocket = new Map<Socket, number>();
    const received: string[] = [];
    const server = createServer((req, res) => {
      const count = (requestsPerSocket.get(req.socket) ?? 0) + 1;
      requestsPerSocket.set(req.socket, count);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (count === 3) {
          req.socket.destroy();
          return;
        }
        received.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(ACK);
      });
    });
    server.on('connection', () => connections++);
    const port = await listen(server);
    try {
      await withGateway(0.001, async (t) => {
        for (let index = 1; index <= 3; index++) {
          const { data } = await newSessionData(t.gateway.origin, {
            ...MANUAL,
            paymentNotifyUrl: `http://127.0.0.1:${port}/notify`,
          });
          await pay(t.gateway.origin, data, card(CARDS.visa.approved));
          await waitFor(
            () =>
              t.gateway.engine.notifications.list().filter((record) => record.status === 'ACKNOWLEDGED').length ===
              index,
            { timeout: 3000, message: `notification ${index} acknowledged` },
          );
          if (index === 2) assert.equal(connections, 1, "the second notification came on the first one's connection");
        }
        assert.equal(received.length, 3);
        assert.equal(connections, 2, 'one new connection, for the notification whose connection was closed');
        for (const record of t.gateway.engine.notifications.list()) {
          assert.equal(record.attempts.length, 1, 'every notification acknowledged at its first try');
          assert.equal(record.attempts[0]?.acknowledged, true);
        }
      });
    } finally {
      await closeServer(server);
    }
  });

  it('sends every try that falls due at once, each once and in the order they were planned', async () => {
    const receiver = await startReceiver(() => ({ status: 500, body: '' }));
    try {
      await withGateway(1, async (t) => {
        const count = 24;
        for (let index = 0; index < count; index++) {
          const { data } = await newSessionData(t.gateway.origin, {
            ...MANUAL,
            paymentNotifyUrl: receiver.url('/notify'),
          });
          await pay(t.gateway.origin, data, card(CARDS.visa.approved));
        }
        const records = (): ReturnType<typeof t.gateway.engine.notifications.list> =>
          t.gateway.engine.notifications.list();
        await waitFor(() => records().length === count && records().every((record) => record.attempts.length === 1), {
          timeout: 5000,
          message: 'the first tries',
        });
        const planned = [...records()].sort((a, b) => Date.parse(a.nextAttemptAt!) - Date.parse(b.nextAttemptAt!));
        const firstTries = receiver.receipts.length;
        // Moving the sandbox clock past the 2-minute wait makes every second try due at once: they
        // leave a few per turn of the event loop (answers the gateway owes go first), all of them.
        t.clock.advance(NOTIFICATION_SCHEDULE_MS[1]!);
        await waitFor(() => records().every((record) => record.attempts.length === 2), {
          timeout: 5000,
          message: 'every second try',
        });
        await settle(100);
        assert.equal(receiver.receipts.length - firstTries, count, 'each due try is sent once');
        const secondTries = receiver.receipts.slice(firstTries).map((receipt) => JSON.parse(receipt.body).paymentId);
        assert.deepEqual([...new Set(secondTries)].sort(), planned.map((record) => record.paymentId).sort());
        const now = new Map(records().map((record) => [record.paymentId, record]));
        const started = planned.map((record) => Date.parse(now.get(record.paymentId)!.attempts[1]!.sentAt));
        assert.deepEqual(
          [...started].sort((a, b) => a - b),
          started,
          'started in the order they were planned',
        );
      });
    } finally {
      await receiver.close();
    }
  });

  it('cancels pending retries on close', async () => {
    const receiver = await startReceiver(() => ({ status: 500, body: '' }));
    try {
      const t = await startTestGateway({ notificationTimeScale: 1 });
      const { data } = await newSessionData(t.gateway.origin, { paymentNotifyUrl: receiver.url('/notify') });
      await pay(t.gateway.origin, data, card(CARDS.visa.approved));
      await waitFor(() => t.gateway.engine.notifications.list()[0]?.attempts.length === 1, {
        timeout: 3000,
        message: 'first try',
      });
      assert.ok(t.gateway.engine.notifications.list()[0]?.nextAttemptAt, 'a retry is planned in 2 minutes');
      await t.close();
      const record = t.gateway.engine.notifications.list()[0];
      assert.equal(record?.status, 'STOPPED');
      assert.equal(record?.nextAttemptAt, null);
    } finally {
      await receiver.close();
    }
  });

  it('posts a try only once the store holds what it reports', async () => {
    const receiver = await startReceiver(() => ({ status: 200, body: ACK }));
    let notifier: Notifier | undefined;
    try {
      const engine = new PaymentEngine({
        gatewayOrigin: 'http://127.0.0.1:9',
        merchants: new MerchantRegistry([testMerchant()]),
        clock: new ManualClock(START_TIME),
        random: createRandom(1),
      });
      const events: EngineEvent[] = [];
      engine.subscribe((event) => events.push(event));
      const paid = await engine.pay(MERCHANT_ID, {
        paymentRequestId: 'pay-stored',
        amount: { currency: 'USD', value: '1000' },
        captureMode: 'MANUAL',
        method: { kind: 'CARD', card: card(CARDS.visa.approved), tokenize: false },
        notifyUrl: receiver.url('/notify'),
      });
      assert.ok(paid.ok, JSON.stringify(paid));
      assert.equal(events.length, 1);
      let storing = 0;
      let store = (): void => undefined;
      const held = new Promise<void>((resolve) => (store = resolve));
      notifier = new Notifier({
        log: new NotificationLog(),
        privateKey: createPrivateKey(KEYS.antom.privateKey),
        stored: () => {
          storing += 1;
          return held;
        },
      });
      notifier.handle(events[0]!);
      await waitFor(() => storing === 1, { timeout: 3000, message: 'the try asked for the store' });
      await settle(100);
      assert.equal(receiver.receipts.length, 0, 'not posted while the store has not written');
      store();
      await waitFor(() => receiver.receipts.length === 1, { timeout: 3000, message: 'posted once stored' });
    } finally {
      notifier?.close();
      await receiver.close();
    }
  });

  it('sends nothing for a payment still in process, nor without a notify URL', async () => {
    const receiver = await startReceiver(() => ({ status: 200, body: ACK }));
    try {
      await withGateway(0.001, async (t) => {
        const pending = await newSessionData(t.gateway.origin, { paymentNotifyUrl: receiver.url('/notify') });
        assert.equal(
          resultCode(await pay(t.gateway.origin, pending.data, card(CARDS.visa.pending))),
          'PAYMENT_IN_PROCESS',
        );
        const silent = await newSessionData(t.gateway.origin);
        assert.equal(resultCode(await pay(t.gateway.origin, silent.data, card(CARDS.visa.approved))), 'SUCCESS');
        await settle(100);
        assert.equal(receiver.receipts.length, 0);
        assert.deepEqual(t.gateway.engine.notifications.list(), []);
        assert.ok(t.logs.some((line) => /^notify PAYMENT_RESULT \d+ skipped: no paymentNotifyUrl$/.test(line)));
      });
    } finally {
      await receiver.close();
    }
  });
});

describe('card data never leaks', () => {
  it('the PAN and CVC appear in no log line, notification, delivery log or stored payment', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? { status: 500, body: '' } : { status: 200, body: ACK }));
    const pans = [CARDS.visa.frictionless, CARDS.visa.declined, CARDS.amex.approved];
    const cvcs = ['987', '654', '3141'];
    try {
      await withGateway(0.0001, async (t) => {
        const paymentIds: string[] = [];
        for (const [index, pan] of pans.entries()) {
          const { data } = await newSessionData(t.gateway.origin, {
            paymentNotifyUrl: receiver.url(`/notify/${index}`),
          });
          const answer = await pay(t.gateway.origin, data, card(pan, { cvc: cvcs[index]! }));
          assert.ok(!answer.text.includes(pan));
          paymentIds.push(String(answer.json['paymentId']));
        }
        // A malformed card body is refused without echoing it either.
        const { data } = await newSessionData(t.gateway.origin);
        const refused = await pay(t.gateway.origin, data, card(CARDS.visa.approved, { cvc: 'abc' }));
        assert.equal(resultCode(refused), 'PARAM_ILLEGAL');
        assert.ok(!refused.text.includes(CARDS.visa.approved));

        // Two approvals (each PAYMENT_RESULT + CAPTURE_RESULT) and one decline.
        await waitFor(
          () => t.gateway.engine.notifications.list().filter((record) => record.status === 'ACKNOWLEDGED').length === 5,
          { timeout: 5000, message: 'deliveries' },
        );
        const admin = await send(`${t.gateway.origin}/sandbox/notifications`);
        const stored = paymentIds.map((id) => JSON.stringify(t.gateway.engine.payment(id)));
        const texts = [...t.logs, ...receiver.receipts.map((receipt) => receipt.body), admin.text, ...stored];
        assertNoCardSecrets(texts, { pans: [...pans, CARDS.visa.approved], cvcs });
        assert.ok(receiver.receipts.length >= 4, 'retries happened and were checked too');
      });
    } finally {
      await receiver.close();
    }
  });
});

describe('notifyCapture, notifyRefund and the release notice', () => {
  it('sends PAYMENT_RESULT before CAPTURE_RESULT for an automatic capture, even when the first is slow', async () => {
    const receiver = await startReceiver((n) => ({ status: 200, body: ACK, delayMs: n === 1 ? 150 : 0 }));
    try {
      await withGateway(0.001, async (t) => {
        const { data } = await newSessionData(t.gateway.origin, { paymentNotifyUrl: receiver.url('/notify') });
        const answer = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
        await waitFor(() => receiver.receipts.length === 2, { timeout: 3000, message: 'two notifications' });
        const [payment, capture] = receiver.bodies();
        assert.equal(payment?.['notifyType'], 'PAYMENT_RESULT');
        assert.equal(capture?.['notifyType'], 'CAPTURE_RESULT');
        const gap = receiver.receipts[1]!.at - receiver.receipts[0]!.at;
        assert.ok(gap >= 140, `CAPTURE_RESULT left ${gap.toFixed(0)} ms after PAYMENT_RESULT, before its answer`);
        assert.equal(capture?.['paymentId'], answer.json['paymentId']);
        assert.deepEqual(capture?.['captureAmount'], { currency: 'USD', value: '1000' });
        for (const receipt of receiver.receipts) {
          const header = String(receipt.headers['signature']);
          const value = header.slice(header.indexOf('signature=') + 'signature='.length);
          const signed = {
            method: 'POST',
            path: receipt.path,
            clientId: MERCHANT_ID,
            time: String(receipt.headers['request-time']),
            body: receipt.body,
          };
          assert.ok(verify(signed, value, t.gateway.publicKeyPem), 'every notification kind is signed');
        }
      });
    } finally {
      await receiver.close();
    }
  });

  it('redelivers an unacknowledged CAPTURE_RESULT on the same schedule while the PAYMENT_RESULT was acknowledged', async () => {
    const receiver = await startReceiver((_n, body) =>
      body.includes('"CAPTURE_RESULT"') ? { status: 200, body: '{"ok":true}' } : { status: 200, body: ACK },
    );
    const scale = 0.00002;
    try {
      await withGateway(scale, async (t) => {
        const { data } = await newSessionData(t.gateway.origin, { paymentNotifyUrl: receiver.url('/notify') });
        await pay(t.gateway.origin, data, card(CARDS.visa.approved));
        const captureRecord = () =>
          t.gateway.engine.notifications.list().find((record) => record.notifyType === 'CAPTURE_RESULT');
        await waitFor(() => captureRecord()?.status === 'EXHAUSTED', { timeout: 15_000, message: 'all capture tries' });
        const captures = receiver.receipts.filter((receipt) => receipt.body.includes('"CAPTURE_RESULT"'));
        assert.equal(captures.length, NOTIFICATION_SCHEDULE_MS.length);
        for (let index = 1; index < captures.length; index++) {
          const gap = captures[index]!.at - captures[index - 1]!.at;
          assert.ok(gap >= NOTIFICATION_SCHEDULE_MS[index]! * scale - 2, `try ${index + 1} after ${gap.toFixed(1)} ms`);
        }
        const paymentRecord = t.gateway.engine.notifications
          .list()
          .find((record) => record.notifyType === 'PAYMENT_RESULT');
        assert.equal(paymentRecord?.status, 'ACKNOWLEDGED');
        assert.equal(paymentRecord?.attempts.length, 1);
      });
    } finally {
      await receiver.close();
    }
  });

  it('lists every kind in GET /sandbox/notifications, filtered by paymentId on request', async () => {
    const receiver = await startReceiver();
    try {
      await withGateway(0.001, async (t) => {
        const first = await newSessionData(t.gateway.origin, { paymentNotifyUrl: receiver.url('/a') });
        const paid = await pay(t.gateway.origin, first.data, card(CARDS.visa.approved));
        const paymentId = String(paid.json['paymentId']);
        const other = await newSessionData(t.gateway.origin, { paymentNotifyUrl: receiver.url('/b') });
        await pay(t.gateway.origin, other.data, card(CARDS.mastercard.declined));
        const refunded = await t.gateway.engine.refund(MERCHANT_ID, {
          refundRequestId: 'refund-1',
          paymentId,
          amount: { currency: 'USD', value: '100' },
        });
        assert.ok(refunded.ok);
        await waitFor(() => receiver.receipts.length === 4, { timeout: 3000, message: 'four notifications' });
        const all = await send(`${t.gateway.origin}/sandbox/notifications`);
        const types = (all.json['notifications'] as Array<Record<string, unknown>>).map(
          (record) => record['notifyType'],
        );
        assert.deepEqual([...types].sort(), ['CAPTURE_RESULT', 'PAYMENT_RESULT', 'PAYMENT_RESULT', 'REFUND_RESULT']);
        const one = await send(`${t.gateway.origin}/sandbox/notifications?paymentId=${paymentId}`);
        const listed = one.json['notifications'] as Array<Record<string, unknown>>;
        assert.deepEqual(
          listed.map((record) => record['notifyType']),
          ['PAYMENT_RESULT', 'CAPTURE_RESULT', 'REFUND_RESULT'],
        );
        assert.ok(listed.every((record) => record['paymentId'] === paymentId));
      });
    } finally {
      await receiver.close();
    }
  });
});

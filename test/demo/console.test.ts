import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Order } from '../../demo/orders.js';
import { sessionReply, SUCCESS, type FakeReply } from '../support/fake-antom.js';
import { post } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { captureResult, paymentResult, refundResult, signNotification } from '../support/notifications.js';
import { startDemoFixture, type DemoFixture } from '../support/servers.js';

/** The order as the shop's database holds it now. */
async function stored(
  fixture: { demo: { orders: { get(id: string): Promise<Order | undefined> } } },
  order: { id: string },
): Promise<Order> {
  const found = await fixture.demo.orders.get(order.id);
  assert.ok(found, `order ${order.id} is stored`);
  return found;
}

type Answer = {
  ok: boolean;
  source: string;
  resultCode: string;
  resultStatus: string | null;
  resultMessage: string;
  order: Order | null;
};

const USD_25 = { currency: 'USD', value: '2500' };

/** A demo shop whose fake Antom answers each endpoint from `replies` (mutable by the test). */
async function withAuthorizedOrder(
  run: (fixture: DemoFixture, order: Order, replies: Map<string, () => FakeReply>) => Promise<void>,
  options: { authorize?: boolean } = {},
): Promise<void> {
  const replies = new Map<string, () => FakeReply>([['createPaymentSession', sessionReply]]);
  const fixture = await startDemoFixture((path) => {
    const endpoint = path.split('/').at(-1) ?? '';
    const reply = replies.get(endpoint);
    return reply
      ? reply()
      : { body: { result: { resultCode: 'NOT_SCRIPTED', resultStatus: 'F', resultMessage: path } } };
  });
  try {
    const created = await post(`${fixture.base}/api/checkout/session`, { captureMode: 'MANUAL' });
    assert.equal(created.status, 200, created.text);
    const order = await fixture.demo.orders.get(String((created.json as { orderId: string }).orderId));
    assert.ok(order);
    if (options.authorize !== false) {
      const signed = signNotification(paymentResult({ paymentRequestId: order.paymentRequestId }), {
        path: '/api/antom/notify',
        clientId: 'SANDBOX_TEST',
        privateKey: KEYS.antom.privateKey,
      });
      const acked = await post(`${fixture.base}/api/antom/notify`, signed.body, signed.headers);
      assert.equal(acked.status, 200);
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
    }
    await run(fixture, order, replies);
  } finally {
    await fixture.close();
  }
}

async function act(
  fixture: DemoFixture,
  order: Order,
  verb: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; answer: Answer }> {
  const response = await post(`${fixture.base}/api/orders/${order.id}/${verb}`, body ?? '', headers);
  return { status: response.status, answer: response.json as Answer };
}

function sentTo(fixture: DemoFixture, endpoint: string): Record<string, unknown>[] {
  return fixture.antom.requests
    .filter((request) => request.path.endsWith(`/${endpoint}`))
    .map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

describe('orders console API: capture', () => {
  it('captures the full amount with a fresh request id and waits for the notification to move the order', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      replies.set('capture', () => ({
        body: { result: SUCCESS, captureRequestId: 'x', captureId: 'cap_1', paymentId: 'pay_1', captureAmount: USD_25 },
      }));
      const { status, answer } = await act(fixture, order, 'capture');
      assert.equal(status, 200);
      assert.equal(answer.ok, true);
      assert.equal(answer.source, 'ANTOM');
      assert.equal(answer.resultCode, 'SUCCESS');
      assert.equal(answer.order?.status, 'AUTHORIZED', 'the answer alone does not move the order');
      const [sent] = sentTo(fixture, 'capture');
      assert.match(String(sent?.captureRequestId), /^cap_/);
      assert.equal(sent?.paymentId, 'pay_1');
      assert.deepEqual(sent?.captureAmount, USD_25);
      assert.equal((await stored(fixture, order)).actions[0]?.requestId, sent?.captureRequestId);
      assert.equal((await stored(fixture, order)).actions[0]?.state, 'SUCCEEDED');

      const signed = signNotification(captureResult({ captureRequestId: String(sent?.captureRequestId) }), {
        path: '/api/antom/notify',
        clientId: 'SANDBOX_TEST',
        privateKey: KEYS.antom.privateKey,
      });
      await post(`${fixture.base}/api/antom/notify`, signed.body, signed.headers);
      assert.equal((await stored(fixture, order)).status, 'CAPTURED');
    });
  });

  it('passes a partial amount and shows a refusal verbatim', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      const refusal = {
        resultCode: 'PROCESS_FAIL',
        resultStatus: 'F',
        resultMessage: 'partial capture is not enabled for this merchant',
      };
      replies.set('capture', () => ({ body: { result: refusal } }));
      const { status, answer } = await act(fixture, order, 'capture', { amount: { currency: 'USD', value: '1000' } });
      assert.equal(status, 200);
      assert.deepEqual(
        { ok: answer.ok, source: answer.source, code: answer.resultCode, message: answer.resultMessage },
        { ok: false, source: 'ANTOM', code: 'PROCESS_FAIL', message: refusal.resultMessage },
      );
      assert.deepEqual(sentTo(fixture, 'capture')[0]?.captureAmount, { currency: 'USD', value: '1000' });
      assert.equal((await stored(fixture, order)).actions[0]?.state, 'FAILED');
      assert.equal((await stored(fixture, order)).actions[0]?.resultMessage, refusal.resultMessage);
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
    });
  });

  it('retries a capture whose outcome is unknown with the same request id', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      replies.set('capture', () => ({ body: { result: SUCCESS }, delayMs: 3_000 }));
      const timedOut = await act(fixture, order, 'capture');
      assert.equal(timedOut.status, 502);
      assert.equal(timedOut.answer.source, 'CLIENT');
      assert.equal(timedOut.answer.resultCode, 'TIMEOUT');
      assert.equal(timedOut.answer.resultStatus, null);
      replies.set('capture', () => ({
        body: { result: SUCCESS, captureRequestId: 'x', captureId: 'cap_1', paymentId: 'pay_1', captureAmount: USD_25 },
      }));
      const retried = await act(fixture, order, 'capture');
      assert.equal(retried.answer.ok, true);
      const [first, second] = sentTo(fixture, 'capture');
      assert.equal(second?.captureRequestId, first?.captureRequestId);
      assert.equal((await stored(fixture, order)).actions.length, 1);
      assert.equal((await stored(fixture, order)).actions[0]?.attempts, 2);
    });
  });

  it('refuses a second call while one is in flight', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      replies.set('capture', () => ({
        body: { result: SUCCESS, captureRequestId: 'x', captureId: 'cap_1', paymentId: 'pay_1', captureAmount: USD_25 },
        delayMs: 300,
      }));
      replies.set('cancel', () => ({
        body: { result: SUCCESS, paymentId: 'pay_1', paymentRequestId: 'x', cancelTime: 'x' },
      }));
      const [capture, cancel] = await Promise.all([act(fixture, order, 'capture'), act(fixture, order, 'cancel')]);
      assert.equal(capture.answer.ok, true);
      assert.equal(cancel.status, 409);
      assert.equal(cancel.answer.resultCode, 'ACTION_IN_FLIGHT');
      assert.equal(sentTo(fixture, 'cancel').length, 0);
    });
  });
});

describe('orders console API: cancel and refund', () => {
  it('cancels, then confirms CANCELLED with its own inquiry', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      replies.set('cancel', () => ({
        body: { result: SUCCESS, paymentId: 'pay_1', paymentRequestId: order.paymentRequestId, cancelTime: 'x' },
      }));
      replies.set('inquiryPayment', () => ({
        body: {
          result: SUCCESS,
          paymentStatus: 'CANCELLED',
          paymentId: 'pay_1',
          paymentRequestId: order.paymentRequestId,
          transactions: [],
        },
      }));
      const { answer } = await act(fixture, order, 'cancel');
      assert.equal(answer.ok, true);
      assert.equal(answer.order?.status, 'CANCELLED');
      assert.deepEqual(sentTo(fixture, 'cancel'), [{ paymentId: 'pay_1' }]);
      assert.equal((await stored(fixture, order)).history.at(-1)?.source, 'INQUIRY');
    });
  });

  it('refunds with amount and reason; the refund notification moves the order', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      const notify = async (payload: Record<string, unknown>): Promise<void> => {
        const signed = signNotification(payload, {
          path: '/api/antom/notify',
          clientId: 'SANDBOX_TEST',
          privateKey: KEYS.antom.privateKey,
        });
        await post(`${fixture.base}/api/antom/notify`, signed.body, signed.headers);
      };
      await notify(captureResult({}));
      replies.set('refund', () => ({
        body: { result: SUCCESS, refundRequestId: 'x', refundId: 'r1', paymentId: 'pay_1', refundAmount: USD_25 },
      }));
      const { answer } = await act(fixture, order, 'refund', {
        amount: { currency: 'USD', value: '1000' },
        reason: '  Box arrived damaged ',
      });
      assert.equal(answer.ok, true);
      const [sent] = sentTo(fixture, 'refund');
      assert.match(String(sent?.refundRequestId), /^ref_/);
      assert.deepEqual(sent?.refundAmount, { currency: 'USD', value: '1000' });
      assert.equal(sent?.refundReason, 'Box arrived damaged');
      assert.equal((await stored(fixture, order)).status, 'CAPTURED');
      await notify(refundResult({ value: '1000', refundRequestId: String(sent?.refundRequestId) }));
      assert.equal((await stored(fixture, order)).status, 'PARTIALLY_REFUNDED');
    });
  });

  it('validates bodies and names the bad field', async () => {
    await withAuthorizedOrder(async (fixture, order) => {
      const cases: [string, unknown, RegExp][] = [
        ['refund', undefined, /refund needs/],
        ['refund', { reason: 'x' }, /amount/],
        ['refund', { amount: { currency: 'EUR', value: '100' } }, /amount\.currency must be USD/],
        ['capture', { amount: { currency: 'USD', value: '0' } }, /amount\.value/],
        ['capture', { amount: { currency: 'USD', value: '1', extra: 1 } }, /amount\.extra/],
        ['capture', { captureRequestId: 'mine' }, /captureRequestId is not an accepted field/],
        ['cancel', { amount: USD_25 }, /amount is not an accepted field of a cancel/],
        ['refund', { amount: USD_25, reason: 'a\u0000b' }, /reason/],
        ['capture', [], /JSON object/],
      ];
      for (const [verb, body, message] of cases) {
        const { status, answer } = await act(fixture, order, verb, body === undefined ? '' : body);
        assert.equal(status, 400, `${verb} ${JSON.stringify(body)}`);
        assert.equal(answer.resultCode, 'INVALID_REQUEST');
        assert.match(answer.resultMessage, message);
      }
      const notJson = await act(fixture, order, 'capture', '{', { 'content-type': 'application/json' });
      assert.equal(notJson.status, 400);
      const plain = await act(fixture, order, 'capture', 'amount=1', { 'content-type': 'text/plain' });
      assert.equal(plain.status, 415);
      assert.equal(fixture.antom.requests.filter((r) => !r.path.endsWith('createPaymentSession')).length, 0);
    });
  });
});

describe('orders console API: answers in process (U), settled by notification', () => {
  const notifier =
    (fixture: DemoFixture) =>
    async (payload: Record<string, unknown>): Promise<void> => {
      const signed = signNotification(payload, {
        path: '/api/antom/notify',
        clientId: 'SANDBOX_TEST',
        privateKey: KEYS.antom.privateKey,
      });
      const answer = await post(`${fixture.base}/api/antom/notify`, signed.body, signed.headers);
      assert.equal(answer.status, 200);
    };
  const captureInProcess = {
    resultCode: 'CAPTURE_IN_PROCESS',
    resultStatus: 'U',
    resultMessage: 'The capture is being processed.',
  };
  const refundInProcess = {
    resultCode: 'REFUND_IN_PROCESS',
    resultStatus: 'U',
    resultMessage: 'The refund is being processed.',
  };

  it('shows a capture in process, then CAPTURED from the capture notification', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      replies.set('capture', () => ({ body: { result: captureInProcess } }));
      const { status, answer } = await act(fixture, order, 'capture');
      assert.equal(status, 200);
      assert.deepEqual(
        { ok: answer.ok, source: answer.source, status: answer.resultStatus, code: answer.resultCode },
        { ok: false, source: 'ANTOM', status: 'U', code: 'CAPTURE_IN_PROCESS' },
      );
      const action = (await stored(fixture, order)).actions[0];
      assert.equal((await stored(fixture, order)).actions[0]?.state, 'PROCESSING');
      assert.equal((await stored(fixture, order)).actions[0]?.settledBy, null);
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
      await notifier(fixture)(captureResult({ captureRequestId: action?.requestId ?? '' }));
      assert.equal((await stored(fixture, order)).status, 'CAPTURED');
      assert.equal((await stored(fixture, order)).actions[0]?.state, 'SUCCEEDED');
      assert.equal((await stored(fixture, order)).actions[0]?.settledBy, 'NOTIFICATION');
    });
  });

  it('keeps the order AUTHORIZED when the capture in process fails, and lets a new capture go', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      replies.set('capture', () => ({ body: { result: captureInProcess } }));
      await act(fixture, order, 'capture');
      const action = (await stored(fixture, order)).actions[0];
      await notifier(fixture)(
        captureResult({ captureRequestId: action?.requestId ?? '', status: 'F', captureId: 'cap_f' }),
      );
      assert.equal((await stored(fixture, order)).status, 'AUTHORIZED');
      assert.equal((await stored(fixture, order)).actions[0]?.state, 'FAILED');
      assert.equal((await stored(fixture, order)).actions[0]?.settledBy, 'NOTIFICATION');
      assert.equal((await stored(fixture, order)).captured, null);
      await act(fixture, order, 'capture');
      const [first, second] = sentTo(fixture, 'capture');
      assert.notEqual(second?.captureRequestId, first?.captureRequestId, 'a failed capture is final: a new one is new');
    });
  });

  it('shows a failed refund as failed, with the order still CAPTURED and nothing refunded', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      const notify = notifier(fixture);
      await notify(captureResult({}));
      replies.set('refund', () => ({ body: { result: refundInProcess } }));
      const { answer } = await act(fixture, order, 'refund', { amount: { currency: 'USD', value: '1000' } });
      assert.equal(answer.resultCode, 'REFUND_IN_PROCESS');
      const action = (await stored(fixture, order)).actions[0];
      assert.equal((await stored(fixture, order)).actions[0]?.state, 'PROCESSING');
      await notify(refundResult({ value: '1000', refundRequestId: action?.requestId ?? '', status: 'FAIL' }));
      assert.equal((await stored(fixture, order)).status, 'CAPTURED');
      assert.equal((await stored(fixture, order)).refunded, null);
      assert.equal((await stored(fixture, order)).actions[0]?.state, 'FAILED');
      assert.equal((await stored(fixture, order)).actions[0]?.settledBy, 'NOTIFICATION');
      assert.equal((await stored(fixture, order)).actions[0]?.resultCode, 'PROCESS_FAIL');
      assert.match((await stored(fixture, order)).history.at(-1)?.summary ?? '', /^refund failed/);
    });
  });
});

describe('orders console API: refusals', () => {
  it('refuses cross-site requests by Sec-Fetch-Site or Origin, and changes nothing', async () => {
    await withAuthorizedOrder(async (fixture, order) => {
      const cases: Record<string, string>[] = [
        { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
        { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
        { 'content-type': 'application/json', origin: 'https://evil.example' },
        { 'content-type': 'application/json', origin: 'null' },
        { 'content-type': 'application/json', origin: `http://rebound.example:${fixture.demo.port}` },
      ];
      for (const headers of cases) {
        for (const verb of ['capture', 'cancel', 'refund', 'inquiry']) {
          const response = await post(`${fixture.base}/api/orders/${order.id}/${verb}`, { amount: USD_25 }, headers);
          assert.equal(response.status, 403, `${verb} ${JSON.stringify(headers)}`);
          assert.match(response.text, /CROSS_SITE_REQUEST/);
        }
      }
      const session = await post(
        `${fixture.base}/api/checkout/session`,
        {},
        {
          'content-type': 'application/json',
          origin: 'https://evil.example',
        },
      );
      assert.equal(session.status, 403);
      assert.equal((await stored(fixture, order)).actions.length, 0);
      assert.equal(fixture.antom.requests.length, 1);
    });
  });

  it('accepts the shop’s own origins', async () => {
    await withAuthorizedOrder(async (fixture, order, replies) => {
      replies.set('inquiryPayment', () => ({
        body: {
          result: SUCCESS,
          paymentStatus: 'SUCCESS',
          paymentId: 'pay_1',
          paymentRequestId: order.paymentRequestId,
        },
      }));
      for (const origin of [fixture.demo.origin, `http://127.0.0.1:${fixture.demo.port}`]) {
        const response = await post(`${fixture.base}/api/orders/${order.id}/inquiry`, '', {
          origin,
          'sec-fetch-site': 'same-origin',
        });
        assert.equal(response.status, 200, origin);
      }
    });
  });

  it('answers 404 for an unknown order, 409 before the payment exists, 405 for GET', async () => {
    await withAuthorizedOrder(
      async (fixture, order) => {
        const missing = await post(`${fixture.base}/api/orders/ord_missing/capture`, '');
        assert.equal(missing.status, 404);
        assert.equal((missing.json as Answer).resultCode, 'ORDER_NOT_FOUND');
        const early = await act(fixture, order, 'capture');
        assert.equal(early.status, 409);
        assert.equal(early.answer.resultCode, 'NO_PAYMENT_YET');
        assert.equal((await fetch(`${fixture.base}/api/orders/${order.id}/capture`)).status, 405);
      },
      { authorize: false },
    );
  });
});

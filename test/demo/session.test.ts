import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionReply, SUCCESS } from '../support/fake-antom.js';
import { post } from '../support/http.js';
import { startDemoFixture } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import type { Order } from '../../demo/orders.js';

/** The order as the shop's database holds it now. */
async function stored(
  fixture: { demo: { orders: { get(id: string): Promise<Order | undefined> } } },
  order: { id: string },
): Promise<Order> {
  const found = await fixture.demo.orders.get(order.id);
  assert.ok(found, `order ${order.id} is stored`);
  return found;
}

type ErrorBody = { error: { code: string; message: string } };

describe('POST /api/checkout/session', () => {
  it('creates an order and a CASHIER_PAYMENT card session with the default order, asking for consent to save the card', async () => {
    const fixture = await startDemoFixture(() => sessionReply());
    try {
      const { status, json } = await post(`${fixture.base}/api/checkout/session`, undefined, {});
      assert.equal(status, 200);
      const body = json as Record<string, string>;
      assert.equal(body.paymentSessionData, 'token&&SG&&111&&eyJ9');
      assert.equal(body.paymentSessionId, 'ps_1');
      assert.equal(body.paymentSessionExpiryTime, '2030-01-01T00:00:00Z');
      const [request] = fixture.antom.requests;
      assert.ok(request?.signatureValid);
      assert.equal(request.path, '/ams/sandbox/api/v1/payments/createPaymentSession');
      const sent = JSON.parse(request.body) as Record<string, unknown>;
      const order = await fixture.demo.orders.get(String(body.orderId));
      assert.ok(order);
      const origin = fixture.demo.origin;
      assert.equal(origin, `http://localhost:${fixture.demo.port}`);
      assert.deepEqual(sent, {
        productCode: 'CASHIER_PAYMENT',
        paymentRequestId: order.paymentRequestId,
        paymentAmount: { currency: 'USD', value: '2500' },
        order: {
          referenceOrderId: order.id,
          orderDescription: 'Demo Shop order',
          orderAmount: { currency: 'USD', value: '2500' },
          buyer: { referenceBuyerId: 'demo_buyer_1' },
        },
        paymentMethod: { paymentMethodType: 'CARD' },
        paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
        paymentRedirectUrl: `${origin}/checkout/result?order=${order.id}`,
        paymentNotifyUrl: `${origin}/api/antom/notify`,
        env: { terminalType: 'WEB' },
        settlementStrategy: { settlementCurrency: 'USD' },
        availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT', isCardOnFile: true } },
        merchantAppointParam: { storedCard: { needCVV: false } },
      });
      assert.match(order.paymentRequestId, /^demo_[A-Za-z0-9_-]+$/);
      assert.equal((await stored(fixture, order)).status, 'CREATED');
      assert.equal(order.paymentSessionId, 'ps_1');
    } finally {
      await fixture.close();
    }
  });

  it('(ours) a session may leave the saved cards out and expire sooner, for the design review', async () => {
    const fixture = await startDemoFixture(() => sessionReply());
    try {
      await fixture.demo.wallet.add({
        token: 'tok_design_1',
        brand: 'VISA',
        last4: '0768',
        expiryMonth: '12',
        expiryYear: '30',
        source: 'PAYMENT',
      });
      const before = Date.now();
      const { status } = await post(`${fixture.base}/api/checkout/session`, { savedCards: false, expiresInSeconds: 5 });
      assert.equal(status, 200);
      const sent = JSON.parse(fixture.antom.requests[0]?.body ?? '{}') as Record<string, unknown>;
      assert.equal(sent['savedPaymentMethods'], undefined, 'no saved card offered');
      const expiry = String(sent['paymentSessionExpiryTime']);
      assert.match(expiry, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      const inMs = Date.parse(expiry) - before;
      assert.ok(inMs >= 3_000 && inMs <= 7_000, `expires in about 5 s (${inMs} ms)`);

      await post(`${fixture.base}/api/checkout/session`, {});
      const second = JSON.parse(fixture.antom.requests[1]?.body ?? '{}') as Record<string, unknown>;
      assert.deepEqual(second['savedPaymentMethods'], [{ paymentMethodType: 'CARD', paymentMethodId: 'tok_design_1' }]);
      assert.equal(second['paymentSessionExpiryTime'], undefined, "Antom's default expiry");

      const tooSoon = await post(`${fixture.base}/api/checkout/session`, { expiresInSeconds: 1 });
      assert.equal(tooSoon.status, 400);
      assert.match((tooSoon.json as ErrorBody).error.message, /expiresInSeconds must be at least 5/);
    } finally {
      await fixture.close();
    }
  });

  it('passes the requested amount and manual capture through', async () => {
    const fixture = await startDemoFixture(() => sessionReply());
    try {
      const request = { amount: { currency: 'EUR', value: '1999' }, captureMode: 'MANUAL' };
      const { status } = await post(`${fixture.base}/api/checkout/session`, request);
      assert.equal(status, 200);
      const sent = JSON.parse(fixture.antom.requests[0]?.body ?? '{}') as Record<string, Record<string, unknown>>;
      assert.deepEqual(sent.paymentAmount, { currency: 'EUR', value: '1999' });
      assert.deepEqual(sent.paymentFactor, { isAuthorization: true, captureMode: 'MANUAL' });
      assert.deepEqual(sent.settlementStrategy, { settlementCurrency: 'EUR' });
      assert.equal((await fixture.demo.orders.list())[0]?.captureMode, 'MANUAL');
    } finally {
      await fixture.close();
    }
  });

  it('asks Antom for 3-D Secure only when the page asks', async () => {
    const fixture = await startDemoFixture(() => sessionReply());
    try {
      for (const body of [{ threeDS: true }, { threeDS: false }, {}]) {
        const { status } = await post(`${fixture.base}/api/checkout/session`, body);
        assert.equal(status, 200, JSON.stringify(body));
      }
      const sent = fixture.antom.requests.map(
        (request) =>
          (JSON.parse(request.body) as { availablePaymentMethod: { paymentMethodMetaData: Record<string, unknown> } })
            .availablePaymentMethod.paymentMethodMetaData,
      );
      assert.deepEqual(
        sent.map((meta) => meta['is3DSAuthentication']),
        [true, undefined, undefined],
      );
      assert.equal(sent[0]?.['tokenizeMode'], 'ASKFORCONSENT', 'the other card options stay');
    } finally {
      await fixture.close();
    }
  });

  it('answers 400 naming the bad field, without calling Antom', async () => {
    const fixture = await startDemoFixture(() => sessionReply());
    const cases: [unknown, RegExp][] = [
      [[], /body must be a JSON object/],
      [{ amount: 'USD 25' }, /^amount must be/],
      [{ amount: { currency: 'usd', value: '2500' } }, /^amount\.currency/],
      [{ amount: { currency: 'USD', value: 2500 } }, /^amount\.value/],
      [{ amount: { currency: 'USD', value: '0' } }, /^amount\.value/],
      [{ amount: { currency: 'USD', value: '25.00' } }, /^amount\.value/],
      [{ amount: { currency: 'USD', value: '-1' } }, /^amount\.value/],
      [{ amount: { currency: 'USD', value: '1234567890123' } }, /^amount\.value/],
      [{ amount: { currency: 'USD', value: '1', extra: 1 } }, /^amount\.extra/],
      [{ captureMode: 'LATER' }, /^captureMode/],
      [{ paymentRequestId: 'mine' }, /^paymentRequestId is not an accepted field/],
      [{ savedCardCvc: 'yes' }, /^savedCardCvc must be true or false/],
      [{ threeDS: 'on' }, /^threeDS must be true or false/],
      [{ savedPaymentMethods: [] }, /^savedPaymentMethods is not an accepted field/],
    ];
    try {
      for (const [body, message] of cases) {
        const { status, json } = await post(`${fixture.base}/api/checkout/session`, body);
        assert.equal(status, 400, JSON.stringify(body));
        const { error } = json as ErrorBody;
        assert.equal(error.code, 'INVALID_REQUEST');
        assert.match(error.message, message);
      }
      const broken = await post(`${fixture.base}/api/checkout/session`, '{"amount":');
      assert.equal(broken.status, 400);
      assert.equal(fixture.antom.requests.length, 0);
      assert.equal((await fixture.demo.orders.list()).length, 0);
    } finally {
      await fixture.close();
    }
  });

  it('answers 415 for a body that is not JSON and 413 for an oversized one', async () => {
    const fixture = await startDemoFixture(() => sessionReply());
    try {
      const text = await post(`${fixture.base}/api/checkout/session`, 'amount=1', { 'content-type': 'text/plain' });
      assert.equal(text.status, 415);
      const big = await post(`${fixture.base}/api/checkout/session`, { captureMode: 'x'.repeat(10_000) });
      assert.equal(big.status, 413);
      assert.equal(fixture.antom.requests.length, 0);
    } finally {
      await fixture.close();
    }
  });

  it('answers 502 with the Antom result code and keeps no order when Antom refuses', async () => {
    const result = { resultCode: 'CURRENCY_NOT_SUPPORT', resultStatus: 'F', resultMessage: 'currency not supported' };
    const fixture = await startDemoFixture(() => ({ body: { result } }));
    try {
      const { status, json } = await post(`${fixture.base}/api/checkout/session`, {});
      assert.equal(status, 502);
      assert.equal((json as ErrorBody).error.code, 'CURRENCY_NOT_SUPPORT');
      assert.equal((await fixture.demo.orders.list()).length, 0);
    } finally {
      await fixture.close();
    }
  });

  it('answers 502 with the error kind for a badly signed answer or a U result', async () => {
    let reply = 0;
    const fixture = await startDemoFixture(() =>
      reply++ === 0
        ? { ...sessionReply(), signing: 'wrong-key' }
        : { body: { result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'unknown' } } },
    );
    try {
      const bad = await post(`${fixture.base}/api/checkout/session`, {});
      assert.equal(bad.status, 502);
      assert.equal((bad.json as ErrorBody).error.code, 'INVALID_RESPONSE_SIGNATURE');
      const unknown = await post(`${fixture.base}/api/checkout/session`, {});
      assert.equal(unknown.status, 502);
      assert.equal((unknown.json as ErrorBody).error.code, 'UNKNOWN_EXCEPTION');
    } finally {
      await fixture.close();
    }
  });

  it('logs one line per request without bodies', async () => {
    const fixture = await startDemoFixture(() => ({
      body: {
        result: SUCCESS,
        paymentSessionData: 'secret-data',
        paymentSessionId: 'ps',
        paymentSessionExpiryTime: 'x',
      },
    }));
    try {
      await post(`${fixture.base}/api/checkout/session`, { amount: { currency: 'USD', value: '777' } });
      await (await fetch(`${fixture.base}/api/orders`)).text();
      await waitFor(() => fixture.logs.length >= 2);
      assert.equal(fixture.logs.length, 2);
      assert.match(fixture.logs[0] ?? '', /^POST \/api\/checkout\/session 200 \d+\.\dms$/);
      assert.match(fixture.logs[1] ?? '', /^GET \/api\/orders 200 \d+\.\dms$/);
      assert.doesNotMatch(fixture.logs.join('\n'), /777|secret-data/);
    } finally {
      await fixture.close();
    }
  });
});

describe('cross-site requests', () => {
  it('refuses a session request another site makes from a browser', async () => {
    const fixture = await startDemoFixture(() => sessionReply());
    try {
      const answer = await post(
        `${fixture.base}/api/checkout/session`,
        {},
        {
          'content-type': 'application/json',
          'sec-fetch-site': 'cross-site',
        },
      );
      assert.equal(answer.status, 403);
      assert.equal(fixture.antom.requests.length, 0);
      const same = await post(
        `${fixture.base}/api/checkout/session`,
        {},
        {
          'content-type': 'application/json',
          'sec-fetch-site': 'same-origin',
        },
      );
      assert.equal(same.status, 200);
    } finally {
      await fixture.close();
    }
  });
});

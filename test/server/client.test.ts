import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AntomClient, AntomError, isSucceeded, type AntomClientOptions } from '../../src/server/index.js';
import { CARDS } from '../support/cards.js';
import { sessionReply, startFakeAntom, SUCCESS, type FakeReply } from '../support/fake-antom.js';
import { KEYS } from '../support/keys.js';
import { REFUSING_ORIGIN } from '../support/servers.js';

/** What a successful inquiryPayment carries besides `result`. */
const INQUIRY = { paymentStatus: 'SUCCESS', paymentId: 'p1', paymentRequestId: 'demo_abc' };

function client(origin: string, overrides: Partial<AntomClientOptions> = {}): AntomClient {
  return new AntomClient({
    clientId: 'SANDBOX_TEST',
    privateKey: KEYS.merchant.privateKey,
    antomPublicKey: KEYS.antom.publicKey,
    endpoint: origin,
    now: () => 1_700_000_000_000,
    ...overrides,
  });
}

async function withFake(
  reply: FakeReply | (() => FakeReply),
  run: (origin: string, fake: Awaited<ReturnType<typeof startFakeAntom>>) => Promise<void>,
): Promise<void> {
  const fake = await startFakeAntom(typeof reply === 'function' ? reply : () => reply);
  try {
    await run(fake.origin, fake);
  } finally {
    await fake.close();
  }
}

const sessionRequest = {
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: 'demo_abc',
  paymentAmount: { currency: 'USD', value: '2500' },
  order: {
    referenceOrderId: 'ord_1',
    orderDescription: 'Demo Shop order',
    orderAmount: { currency: 'USD', value: '2500' },
  },
  paymentMethod: { paymentMethodType: 'CARD' },
  paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
  paymentRedirectUrl: 'http://localhost:4173/checkout/result?order=ord_1',
  env: { terminalType: 'WEB' },
} as const;

async function rejectsWith(promise: Promise<unknown>, kind: AntomError['kind']): Promise<AntomError> {
  const error = await promise.then(
    () => assert.fail(`expected an AntomError of kind ${kind}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof AntomError, `expected AntomError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  return error;
}

describe('AntomClient requests', () => {
  it('signs a sandbox request with the right headers and sandbox path', async () => {
    await withFake(sessionReply(), async (origin, fake) => {
      const response = await client(origin).createPaymentSession({ ...sessionRequest });
      assert.ok(isSucceeded(response));
      assert.equal(response.paymentSessionId, 'ps_1');
      const [request] = fake.requests;
      assert.ok(request);
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/ams/sandbox/api/v1/payments/createPaymentSession');
      assert.equal(request.headers['content-type'], 'application/json; charset=UTF-8');
      assert.equal(request.headers['client-id'], 'SANDBOX_TEST');
      assert.equal(request.headers['request-time'], '1700000000000');
      assert.match(String(request.headers['signature']), /^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%]+$/);
      assert.equal(request.signatureValid, true);
      assert.deepEqual(JSON.parse(request.body), sessionRequest);
    });
  });

  it('uses /ams/api/v1 and the configured key version for a live client id', async () => {
    const reply: FakeReply = { body: { result: SUCCESS, ...INQUIRY } };
    await withFake(reply, async (origin, fake) => {
      const response = await client(origin, { clientId: 'LIVE123', keyVersion: '2' }).inquiryPayment({
        paymentRequestId: 'demo_abc',
      });
      assert.equal(response.paymentStatus, 'SUCCESS');
      const [request] = fake.requests;
      assert.equal(request?.path, '/ams/api/v1/payments/inquiryPayment');
      assert.equal(request?.headers['client-id'], 'LIVE123');
      assert.match(String(request?.headers['signature']), /keyVersion=2,/);
      assert.equal(request?.signatureValid, true);
    });
  });

  it('returns U responses to the caller instead of failing', async () => {
    const reply: FakeReply = {
      body: { result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'in process' } },
    };
    await withFake(reply, async (origin) => {
      const response = await client(origin).inquiryPayment({ paymentId: 'p1' });
      assert.equal(isSucceeded(response), false);
      assert.equal(response.result.resultCode, 'PAYMENT_IN_PROCESS');
    });
  });

  it('sends any endpoint through the typed generic call', async () => {
    await withFake({ body: { result: SUCCESS, vaultingStatus: 'SUCCESS' } }, async (origin, fake) => {
      const response = await client(origin).call<{ vaultingRequestId: string }, { vaultingStatus: string }>(
        'vaults/inquireVaulting',
        { vaultingRequestId: 'v1' },
      );
      assert.equal(response.vaultingStatus, 'SUCCESS');
      assert.equal(fake.requests[0]?.path, '/ams/sandbox/api/v1/vaults/inquireVaulting');
    });
  });

  it('refuses malformed endpoint names and missing payment references before sending', async () => {
    const antom = client('http://127.0.0.1:9');
    await assert.rejects(antom.call('../payments/pay', {}), TypeError);
    await assert.rejects(antom.call('payments/pay?x=1', {}), TypeError);
    await assert.rejects(antom.inquiryPayment({} as { paymentId: string }), /paymentId or paymentRequestId/);
  });
});

describe('AntomClient response verification', () => {
  it('rejects a response signed with the wrong key', async () => {
    await withFake({ ...sessionReply(), signing: 'wrong-key' }, async (origin) => {
      await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'INVALID_RESPONSE_SIGNATURE');
    });
  });

  it('rejects a signed response whose body changed', async () => {
    await withFake({ ...sessionReply(), signing: 'tampered' }, async (origin) => {
      await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'INVALID_RESPONSE_SIGNATURE');
    });
  });

  it('rejects a response without signature headers', async () => {
    await withFake({ ...sessionReply(), signing: 'none' }, async (origin) => {
      await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'INVALID_RESPONSE_SIGNATURE');
    });
  });

  it('reads an unsigned F envelope as a refusal only, never as a result', async () => {
    const refused = {
      body: { result: { resultCode: 'INVALID_SIGNATURE', resultStatus: 'F', resultMessage: 'signature invalid' } },
      signing: 'none' as const,
    };
    await withFake(refused, async (origin) => {
      await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'REQUEST_REFUSED');
    });
    // An unsigned answer in process or successful is not believed: no REQUEST_REFUSED shortcut for it.
    const pending = { body: { result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'in process' } }, signing: 'none' as const };
    await withFake(pending, async (origin) => {
      await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'INVALID_RESPONSE_SIGNATURE');
    });
  });

  it('rejects a response signed for another client id', async () => {
    await withFake({ ...sessionReply(), clientId: 'SANDBOX_OTHER' }, async (origin) => {
      await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'INVALID_RESPONSE_SIGNATURE');
    });
  });

  it('rejects a signed body that is not JSON or has no result envelope', async () => {
    await withFake({ body: 'not json' }, async (origin) => {
      await rejectsWith(client(origin).inquiryPayment({ paymentId: 'p1' }), 'INVALID_RESPONSE');
    });
    await withFake({ body: { result: { resultCode: 'SUCCESS', resultStatus: 'X' } } }, async (origin) => {
      await rejectsWith(client(origin).inquiryPayment({ paymentId: 'p1' }), 'INVALID_RESPONSE');
    });
  });

  it('verifies the raw bytes, a leading byte-order mark included', async () => {
    const body = `\uFEFF${JSON.stringify({ result: SUCCESS, ...INQUIRY })}`;
    await withFake({ body }, async (origin) => {
      const response = await client(origin).inquiryPayment({ paymentId: 'p1' });
      assert.equal(response.paymentStatus, 'SUCCESS');
    });
  });

  it('refuses a response larger than 4 MiB', async () => {
    const body = JSON.stringify({ result: SUCCESS, paymentStatus: 'SUCCESS', padding: 'x'.repeat(4 * 1024 * 1024) });
    await withFake({ body }, async (origin) => {
      const error = await rejectsWith(client(origin).inquiryPayment({ paymentId: 'p1' }), 'INVALID_RESPONSE');
      assert.match(error.message, /larger than/);
    });
  });

  it('rejects an S inquiry without the payment it reports (Antom answers ORDER_NOT_EXIST when there is none)', async () => {
    await withFake({ body: { result: SUCCESS, paymentStatus: 'PENDING' } }, async (origin) => {
      const error = await rejectsWith(client(origin).inquiryPayment({ paymentRequestId: 'r1' }), 'INVALID_RESPONSE');
      assert.match(error.message, /paymentId/);
    });
  });

  it('rejects an S session response without paymentSessionData', async () => {
    await withFake({ body: { result: SUCCESS, paymentSessionId: 'ps_1' } }, async (origin) => {
      const error = await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'INVALID_RESPONSE');
      assert.match(error.message, /paymentSessionData/);
    });
  });
});

describe('AntomClient failures', () => {
  it('maps F results to RESULT_FAILED with the three result fields', async () => {
    const result = { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'paymentAmount is illegal' };
    await withFake({ body: { result } }, async (origin) => {
      const error = await rejectsWith(client(origin).createPaymentSession({ ...sessionRequest }), 'RESULT_FAILED');
      assert.equal(error.resultCode, 'PARAM_ILLEGAL');
      assert.equal(error.resultStatus, 'F');
      assert.equal(error.resultMessage, 'paymentAmount is illegal');
      assert.equal(error.httpStatus, 200);
      assert.equal(error.endpoint, 'payments/createPaymentSession');
    });
  });

  it('maps a 500 to HTTP_STATUS, even when signed', async () => {
    await withFake({ status: 500, body: { result: SUCCESS } }, async (origin) => {
      const error = await rejectsWith(client(origin).inquiryPayment({ paymentId: 'p1' }), 'HTTP_STATUS');
      assert.equal(error.httpStatus, 500);
    });
  });

  it('maps a refused connection to TRANSPORT', async () => {
    const error = await rejectsWith(client(REFUSING_ORIGIN).inquiryPayment({ paymentId: 'p1' }), 'TRANSPORT');
    assert.match(error.message, /ECONNREFUSED/);
  });

  it('maps a slow server to TIMEOUT', async () => {
    await withFake({ ...sessionReply(), delayMs: 2_000 }, async (origin) => {
      const started = Date.now();
      await rejectsWith(client(origin, { timeoutMs: 100 }).createPaymentSession({ ...sessionRequest }), 'TIMEOUT');
      assert.ok(Date.now() - started < 1_500);
    });
  });

  it('keeps request bodies out of error messages', async () => {
    const result = { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'bad' };
    await withFake({ body: { result } }, async (origin) => {
      const error = await rejectsWith(
        client(origin).pay({
          ...sessionRequest,
          paymentMethod: {
            paymentMethodType: 'CARD',
            paymentMethodMetaData: { cardNo: CARDS.visa.approved, cvv: '123', expiryMonth: '12', expiryYear: '30' },
          },
        }),
        'RESULT_FAILED',
      );
      assert.doesNotMatch(`${error.message} ${error.stack ?? ''}`, new RegExp(`${CARDS.visa.approved}|demo_abc`));
    });
  });
});

describe('AntomClient options', () => {
  it('names the option that is wrong', () => {
    const base = {
      clientId: 'SANDBOX_TEST',
      privateKey: KEYS.merchant.privateKey,
      antomPublicKey: KEYS.antom.publicKey,
    };
    assert.throws(() => new AntomClient({ ...base, clientId: '' }), /clientId/);
    assert.throws(() => new AntomClient({ ...base, privateKey: 'nope' }), /privateKey/);
    assert.throws(() => new AntomClient({ ...base, privateKey: KEYS.merchant.publicKey }), /privateKey/);
    assert.throws(() => new AntomClient({ ...base, antomPublicKey: '-----BEGIN junk' }), /antomPublicKey/);
    assert.throws(() => new AntomClient({ ...base, endpoint: 'ftp://x' }), /endpoint/);
    assert.throws(() => new AntomClient({ ...base, endpoint: 'https://x/ams/api' }), /endpoint/);
    assert.throws(() => new AntomClient({ ...base, timeoutMs: 0 }), /timeoutMs/);
  });

  it('defaults to Antom global origin and accepts the bare Base64 keys Antom Dashboard shows', () => {
    const bare = (pem: string): string => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const antom = new AntomClient({
      clientId: 'LIVE123',
      privateKey: bare(KEYS.merchant.privateKey),
      antomPublicKey: bare(KEYS.antom.publicKey),
    });
    assert.equal(antom.endpoint, 'https://open-sea-global.alipay.com');
    assert.equal(antom.timeoutMs, 15_000);
  });

  it('does not expose the private key when logged or serialized', () => {
    const antom = client('http://127.0.0.1:9');
    assert.doesNotMatch(JSON.stringify(antom), /PRIVATE|MII/);
  });
});

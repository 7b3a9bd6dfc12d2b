import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MerchantRegistry } from '../../gateway/src/engine/merchants.js';
import { formatSignatureHeader, sign } from '../../src/server/signing.js';
import { at, send } from '../support/http.js';
import { KEYS } from '../support/keys.js';
import { gatewayNow, MERCHANT_ID, startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import { SANDBOX_API, answerSignatureValid, resultCode, sessionRequest, signedCall } from './calls.js';

const CREATE = 'payments/createPaymentSession';

describe('Open API signing and request checks', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  for (const prefix of ['/ams/api/v1', '/ams/sandbox/api/v1']) {
    it(`round-trips a signed createPaymentSession under ${prefix} and signs the answer`, async () => {
      const path = `${prefix}/${CREATE}`;
      const answer = await signedCall(t.gateway.origin, path, sessionRequest());
      assert.equal(answer.status, 200);
      assert.equal(resultCode(answer), 'SUCCESS');
      assert.equal(at(answer.json, 'result.resultStatus'), 'S');
      assert.equal(at(answer.json, 'result.resultMessage'), 'success.');
      for (const name of ['client-id', 'response-time', 'signature']) {
        assert.ok(answer.rawHeaderNames.includes(name), `header ${name} must be sent in lower case`);
      }
      assert.equal(answer.headers['client-id'], MERCHANT_ID);
      assert.match(String(answer.headers['signature']), /^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%]+$/);
      assert.ok(answerSignatureValid(answer, 'POST', path, t.gateway.publicKeyPem));
      assert.ok(
        answerSignatureValid(answer, 'POST', path, KEYS.antom.publicKey),
        'the gateway signs with the configured key',
      );
      assert.equal(answerSignatureValid(answer, 'POST', path, KEYS.stranger.publicKey), false);
      assert.equal(answerSignatureValid(answer, 'POST', `${path}?x=1`, t.gateway.publicKeyPem), false);
    });
  }

  it('signs over the request target including the query', async () => {
    const path = `${SANDBOX_API}/${CREATE}?trace=abc`;
    const answer = await signedCall(t.gateway.origin, path, sessionRequest());
    assert.equal(resultCode(answer), 'SUCCESS');
    assert.ok(answerSignatureValid(answer, 'POST', path, t.gateway.publicKeyPem));
  });

  it('accepts an ISO-8601 Request-Time (Python SDK) and spaces after commas in Signature', async () => {
    const path = `${SANDBOX_API}/${CREATE}`;
    const body = JSON.stringify(sessionRequest());
    const time = '2030-01-15T18:00:00+08:00'; // START_TIME, written in UTC+8
    const value = sign({ method: 'POST', path, clientId: MERCHANT_ID, time, body }, KEYS.merchant.privateKey);
    const answer = await signedCall(t.gateway.origin, path, body, {
      requestTime: time,
      signatureHeader: `algorithm=RSA256, keyVersion=1, signature=${value}`,
    });
    assert.equal(resultCode(answer), 'SUCCESS');
  });

  it('refuses a body signed with another key: INVALID_SIGNATURE, signed answer', async () => {
    const path = `${SANDBOX_API}/${CREATE}`;
    const answer = await signedCall(t.gateway.origin, path, sessionRequest(), { privateKey: KEYS.stranger.privateKey });
    assert.equal(resultCode(answer), 'INVALID_SIGNATURE');
    assert.equal(at(answer.json, 'result.resultStatus'), 'F');
    assert.ok(answerSignatureValid(answer, 'POST', path, t.gateway.publicKeyPem));
  });

  it('refuses a body changed by one byte after signing: INVALID_SIGNATURE', async () => {
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest(), {
      tamper: (body) => body.replace('"1000"', '"1001"'),
    });
    assert.equal(resultCode(answer), 'INVALID_SIGNATURE');
  });

  it('refuses a signature made for another path: INVALID_SIGNATURE', async () => {
    const body = JSON.stringify(sessionRequest());
    const time = String(gatewayNow(t.gateway.origin));
    const value = sign(
      { method: 'POST', path: `/ams/api/v1/${CREATE}`, clientId: MERCHANT_ID, time, body },
      KEYS.merchant.privateKey,
    );
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, body, {
      requestTime: time,
      signatureHeader: formatSignatureHeader(value),
    });
    assert.equal(resultCode(answer), 'INVALID_SIGNATURE');
  });

  it('refuses a missing or malformed Signature header: INVALID_SIGNATURE', async () => {
    for (const header of [
      '',
      'RSA256 abc',
      'algorithm=RSA256,keyVersion=1',
      'algorithm=HS256,keyVersion=1,signature=abc',
    ]) {
      const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest(), {
        signatureHeader: header,
      });
      assert.equal(resultCode(answer), 'INVALID_SIGNATURE', `Signature: "${header}"`);
    }
  });

  it('refuses an unknown client id: CLIENT_INVALID, unsigned', async () => {
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest(), {
      clientId: 'SANDBOX_NOBODY',
    });
    assert.equal(resultCode(answer), 'CLIENT_INVALID');
    assert.equal(answer.headers['signature'], undefined);
  });

  it("accepts a Signature without keyVersion (Antom: the client's newest key), signed and verified as usual", async () => {
    const path = `${SANDBOX_API}/${CREATE}`;
    const body = JSON.stringify(sessionRequest());
    const time = String(gatewayNow(t.gateway.origin));
    const value = sign({ method: 'POST', path, clientId: MERCHANT_ID, time, body }, KEYS.merchant.privateKey);
    const answer = await signedCall(t.gateway.origin, path, body, {
      requestTime: time,
      signatureHeader: `algorithm=RSA256,signature=${value}`,
    });
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    const forged = await signedCall(t.gateway.origin, path, body, {
      requestTime: time,
      signatureHeader: `algorithm=RSA256,signature=${sign({ method: 'POST', path, clientId: MERCHANT_ID, time, body }, KEYS.stranger.privateKey)}`,
    });
    assert.equal(resultCode(forged), 'INVALID_SIGNATURE', 'the signature is still checked');
  });

  it('refuses an unknown key version: KEY_NOT_FOUND', async () => {
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest(), {
      keyVersion: '2',
    });
    assert.equal(resultCode(answer), 'KEY_NOT_FOUND');
  });

  it('refuses GET: METHOD_NOT_SUPPORTED, still signed for a known client', async () => {
    const path = `${SANDBOX_API}/${CREATE}`;
    const answer = await send(`${t.gateway.origin}${path}`, { headers: { 'Client-Id': MERCHANT_ID } });
    assert.equal(resultCode(answer), 'METHOD_NOT_SUPPORTED');
    assert.ok(answerSignatureValid(answer, 'GET', path, t.gateway.publicKeyPem));
  });

  it('refuses text/plain: MEDIA_TYPE_NOT_ACCEPTABLE', async () => {
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest(), {
      contentType: 'text/plain',
    });
    assert.equal(resultCode(answer), 'MEDIA_TYPE_NOT_ACCEPTABLE');
  });

  it('refuses malformed JSON (validly signed): PARAM_ILLEGAL', async () => {
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, '{"productCode": ');
    assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
    assert.match(String(at(answer.json, 'result.resultMessage')), /not valid JSON/);
  });

  it('refuses a JSON body that is not an object: PARAM_ILLEGAL', async () => {
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, '[1,2]');
    assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
    assert.match(String(at(answer.json, 'result.resultMessage')), /request body must be a JSON object/);
  });

  it('answers an unknown Open API path with a signed 404 envelope, and any other path with a 404 envelope', async () => {
    const path = `${SANDBOX_API}/payments/nothingHere`;
    const answer = await signedCall(t.gateway.origin, path, {});
    assert.equal(answer.status, 404);
    assert.equal(resultCode(answer), 'NOT_FOUND');
    assert.ok(answerSignatureValid(answer, 'POST', path, t.gateway.publicKeyPem));
    const other = await send(`${t.gateway.origin}/nowhere`);
    assert.equal(other.status, 404);
    assert.equal(resultCode(other), 'NOT_FOUND');
  });

  it('answers a body over 64 KB with an error envelope and keeps serving', async () => {
    const huge = JSON.stringify(
      sessionRequest({ order: { orderDescription: 'x'.repeat(70 * 1024), referenceOrderId: 'order-1' } }),
    );
    const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, huge);
    assert.equal(answer.status, 413);
    assert.equal(resultCode(answer), 'PARAM_ILLEGAL');
    const veryHuge = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, 'y'.repeat(3 * 1024 * 1024)).catch(
      (error: Error) => error,
    );
    if (!(veryHuge instanceof Error)) assert.equal(veryHuge.status, 413);
    const next = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest());
    assert.equal(resultCode(next), 'SUCCESS');
  });

  it('logs one line per request with method, path, status, duration and result code', async () => {
    const before = t.logs.length;
    await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest(), { keyVersion: '9' });
    const lines = t.logs.slice(before);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^POST \/ams\/sandbox\/api\/v1\/payments\/createPaymentSession 200 \d+\.\dms KEY_NOT_FOUND$/,
    );
  });

  it('refuses a malformed Request-Time, such as a dot-joined prefix, naming it: INVALID_SIGNATURE', async () => {
    const now = String(gatewayNow(t.gateway.origin));
    for (const requestTime of [`EVIL.${now}`, '2030-01-15 10:00:00', 'now']) {
      const answer = await signedCall(t.gateway.origin, `${SANDBOX_API}/${CREATE}`, sessionRequest(), { requestTime });
      assert.equal(resultCode(answer), 'INVALID_SIGNATURE', requestTime);
      assert.match(String(at(answer.json, 'result.resultMessage')), /^REQUEST_TIME_MALFORMED/, requestTime);
    }
  });

  it('refuses a Request-Time more than 5 minutes from its clock, either way, and a replay once the clock moves on', async () => {
    const path = `${SANDBOX_API}/${CREATE}`;
    const now = gatewayNow(t.gateway.origin);
    for (const offset of [-301_000, 301_000]) {
      const answer = await signedCall(t.gateway.origin, path, sessionRequest(), { requestTime: String(now + offset) });
      assert.equal(resultCode(answer), 'INVALID_SIGNATURE', `offset ${offset}`);
      assert.match(String(at(answer.json, 'result.resultMessage')), /^REQUEST_TIME_OUTSIDE_WINDOW/);
    }
    const body = JSON.stringify(sessionRequest());
    const first = await signedCall(t.gateway.origin, path, body, { requestTime: String(now) });
    assert.equal(resultCode(first), 'SUCCESS', 'the same request, fresh');
    t.clock.advance(6 * 60_000);
    const replayed = await signedCall(t.gateway.origin, path, body, { requestTime: String(now) });
    assert.equal(resultCode(replayed), 'INVALID_SIGNATURE', 'replayed 6 minutes later');
  });

  it('registers no client id with a dot, which would make the signed text ambiguous', () => {
    assert.throws(() => new MerchantRegistry([testMerchant({ clientId: 'SHOP.EVIL' })]), /clientId.*no dot/);
    assert.doesNotThrow(() => new MerchantRegistry([testMerchant({ clientId: 'SANDBOX_5YBX3N2Z-01' })]));
  });
});

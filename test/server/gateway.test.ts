import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AntomError, isSucceeded, type CreatePaymentSessionRequest } from '../../src/server/index.js';
import { CARDS, card } from '../support/cards.js';
import { KEYS } from '../support/keys.js';
import { LIVE_CLIENT_ID, startClientTestGateway, type TestGateway } from '../support/servers.js';

function sessionRequest(paymentRequestId: string, value = '2500'): CreatePaymentSessionRequest {
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId,
    paymentAmount: { currency: 'USD', value },
    order: {
      referenceOrderId: paymentRequestId,
      orderDescription: 'Test order',
      orderAmount: { currency: 'USD', value },
    },
    paymentMethod: { paymentMethodType: 'CARD' },
    paymentFactor: { isAuthorization: true, captureMode: 'AUTOMATIC' },
    paymentRedirectUrl: 'http://localhost:4173/checkout/result',
    env: { terminalType: 'WEB' },
    settlementStrategy: { settlementCurrency: 'USD' },
  };
}

async function failure(promise: Promise<unknown>): Promise<AntomError> {
  const error = await promise.then(
    () => assert.fail('expected an AntomError'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof AntomError, String(error));
  return error;
}

let fixture: TestGateway;
let counter = 0;
const nextId = (): string => `it_${process.pid}_${++counter}`;

describe('AntomClient against the sandbox gateway', () => {
  before(async () => {
    fixture = await startClientTestGateway();
  });
  after(async () => {
    await fixture.close();
  });

  it('creates a payment session with a verified, signed answer', async () => {
    const response = await fixture.client().createPaymentSession(sessionRequest(nextId()));
    assert.ok(isSucceeded(response));
    assert.equal(response.result.resultCode, 'SUCCESS');
    assert.equal(response.paymentSessionData.split('&&').length, 4);
    assert.ok(response.paymentSessionData.length <= 4096);
    assert.match(response.paymentSessionId, /\S/);
    assert.ok(Date.parse(response.paymentSessionExpiryTime) > Date.now());
  });

  it('also works for a live-style client id on /ams/api/v1', async () => {
    const response = await fixture.client({ clientId: LIVE_CLIENT_ID }).createPaymentSession(sessionRequest(nextId()));
    assert.ok(isSucceeded(response));
  });

  it('inquires a paid payment: SUCCESS with masked card facts', async () => {
    const id = nextId();
    const client = fixture.client();
    const session = await client.createPaymentSession(sessionRequest(id));
    assert.ok(isSucceeded(session));
    const paid = await fixture.gateway.engine.submitPayment({
      paymentSessionData: session.paymentSessionData,
      idempotencyKey: `key_${id}`,
      method: { kind: 'CARD', card: card(CARDS.visa.approved), saveCard: undefined },
    });
    assert.ok(paid.ok);
    const inquiry = await client.inquiryPayment({ paymentRequestId: id });
    assert.ok(isSucceeded(inquiry));
    assert.equal(inquiry.paymentStatus, 'SUCCESS');
    assert.equal(inquiry.paymentRequestId, id);
    assert.equal(inquiry.paymentResultInfo?.lastFour, '0768');
    assert.equal(inquiry.paymentResultInfo?.cardBrand, 'VISA');
    assert.doesNotMatch(JSON.stringify(inquiry), new RegExp(CARDS.visa.approved));
  });

  it('inquires a declined payment: FAIL with the decline code', async () => {
    const id = nextId();
    const client = fixture.client();
    const session = await client.createPaymentSession(sessionRequest(id));
    assert.ok(isSucceeded(session));
    await fixture.gateway.engine.submitPayment({
      paymentSessionData: session.paymentSessionData,
      idempotencyKey: `key_${id}`,
      method: { kind: 'CARD', card: card(CARDS.visa.declined), saveCard: undefined },
    });
    const inquiry = await client.inquiryPayment({ paymentRequestId: id });
    assert.ok(isSucceeded(inquiry));
    assert.equal(inquiry.paymentStatus, 'FAIL');
    assert.match(inquiry.paymentResultCode ?? '', /^[A-Z_]+$/);
  });

  it('maps a refused field to RESULT_FAILED PARAM_ILLEGAL', async () => {
    const error = await failure(fixture.client().createPaymentSession(sessionRequest(nextId(), '-5')));
    assert.equal(error.kind, 'RESULT_FAILED');
    assert.equal(error.resultCode, 'PARAM_ILLEGAL');
    assert.equal(error.resultStatus, 'F');
  });

  it('maps the same request id with another amount to REPEAT_REQ_INCONSISTENT', async () => {
    const id = nextId();
    await fixture.client().createPaymentSession(sessionRequest(id, '100'));
    const error = await failure(fixture.client().createPaymentSession(sessionRequest(id, '200')));
    assert.equal(error.resultCode, 'REPEAT_REQ_INCONSISTENT');
  });

  it('gets INVALID_SIGNATURE when signing with a key the gateway does not know', async () => {
    const error = await failure(
      fixture.client({ privateKey: KEYS.stranger.privateKey }).createPaymentSession(sessionRequest(nextId())),
    );
    assert.equal(error.kind, 'RESULT_FAILED');
    assert.equal(error.resultCode, 'INVALID_SIGNATURE');
  });

  it('refuses the gateway answer when verifying with the wrong public key', async () => {
    const error = await failure(
      fixture.client({ antomPublicKey: KEYS.merchant.publicKey }).createPaymentSession(sessionRequest(nextId())),
    );
    assert.equal(error.kind, 'INVALID_RESPONSE_SIGNATURE');
  });

  it('reports the gateway’s own refusal of an unknown client id, which comes unsigned', async () => {
    const error = await failure(
      fixture.client({ clientId: 'SANDBOX_NOBODY' }).createPaymentSession(sessionRequest(nextId())),
    );
    assert.equal(error.kind, 'REQUEST_REFUSED');
    assert.equal(error.resultCode, 'CLIENT_INVALID');
    assert.equal(error.resultStatus, 'F');
    assert.match(error.message, /CLIENT_INVALID.*check the client id and keys/);
  });
});

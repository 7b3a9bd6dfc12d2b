/**
 * The card-testing guard (ours; gateway/README.md "Card testing"): a script posting card after
 * card to the SDK endpoints, with the `Origin` header set by hand as any script outside a browser
 * can, is stopped per session, per card number and per address, and learns no precise decline.
 * The merchant still reads the precise code in inquiries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CARDS, card } from '../support/cards.js';
import { at } from '../support/http.js';
import { startTestGateway, type TestGateway } from '../support/servers.js';
import { inquire, newRequestId, newSessionData, pay, resultCode, sdkPost, vaultApi } from './calls.js';

describe('card testing', () => {
  let t: TestGateway;
  before(async () => {
    // Five failures per session; the card and address limits have tests of their own below.
    t = await startTestGateway({ attemptLimits: { perSession: 5, perCard: 1000, perAddress: 1000 } });
  });
  after(() => t.close());

  it('a payment session refuses the 6th attempt after five declines and stays closed; the merchant sees the codes', async () => {
    const { data, requestId } = await newSessionData(t.gateway.origin);
    const declines = [CARDS.visa.stolen, CARDS.visa.lost, CARDS.visa.declined, CARDS.mastercard.declined, CARDS.visa.insufficientFunds];
    const seen = [];
    for (const number of declines) seen.push(resultCode(await pay(t.gateway.origin, data, card(number))));
    assert.deepEqual(seen, ['DO_NOT_HONOR', 'DO_NOT_HONOR', 'DO_NOT_HONOR', 'DO_NOT_HONOR', 'USER_BALANCE_NOT_ENOUGH']);
    const sixth = await pay(t.gateway.origin, data, card(CARDS.visa.approved));
    assert.equal(resultCode(sixth), 'ORDER_IS_CLOSED', 'even a good card: the session is closed');
    assert.match(String(at(sixth.json, 'result.resultMessage')), /closed after 5 failed attempts/);
    assert.equal(resultCode(await pay(t.gateway.origin, data, card(CARDS.mastercard.approved))), 'ORDER_IS_CLOSED');
    const inquiry = await inquire(t.gateway.origin, { paymentRequestId: requestId });
    assert.equal(inquiry.json['paymentStatus'], 'FAIL', 'nothing was authorized');
    assert.equal(inquiry.json['paymentResultCode'], 'USER_BALANCE_NOT_ENOUGH', 'the last decline, as it was');
  });

  it('gives a script no precise decline code: lost, stolen and risk-rejected all read DO_NOT_HONOR', async () => {
    const lost = await newSessionData(t.gateway.origin);
    assert.equal(resultCode(await pay(t.gateway.origin, lost.data, card(CARDS.visa.lost))), 'DO_NOT_HONOR');
    const inquiry = await inquire(t.gateway.origin, { paymentRequestId: lost.requestId });
    assert.equal(inquiry.json['paymentResultCode'], 'LOST_CARD', 'the merchant reads the precise code');
    const risky = await newSessionData(t.gateway.origin, { paymentAmount: { currency: 'USD', value: '11' } });
    const answer = await pay(t.gateway.origin, risky.data, card(CARDS.visa.approved));
    assert.equal(resultCode(answer), 'DO_NOT_HONOR');
    assert.doesNotMatch(answer.text, /RISK|LOST|STOLEN/);
  });

  it('a vaulting session closes the same way', async () => {
    const created = await vaultApi(t.gateway.origin, 'createVaultingSession', {
      paymentMethodType: 'CARD',
      vaultingRequestId: newRequestId('vault'),
      vaultingNotificationUrl: 'http://127.0.0.1:9/notify',
      redirectUrl: 'https://shop.example/cards',
    });
    const data = String(created.json['vaultingSessionData']);
    const bind = (number: string) => sdkPost(t.gateway.origin, '/sdk/v1/vaults', { paymentSessionData: data, card: card(number) });
    const codes = [];
    for (const number of [CARDS.visa.stolen, CARDS.visa.declined, CARDS.mastercard.declined, CARDS.visa.lost, CARDS.visa.declined]) {
      codes.push(resultCode(await bind(number)));
    }
    assert.deepEqual(codes, Array(5).fill('DO_NOT_HONOR'));
    assert.equal(resultCode(await bind(CARDS.visa.approved)), 'ORDER_IS_CLOSED');
  });
});

describe('card testing across sessions', () => {
  it('one card number declined five times is refused in the next session before it reaches the acquirer', async () => {
    const t = await startTestGateway({ attemptLimits: { perSession: 5, perCard: 5, perAddress: 1000 } });
    try {
      for (let i = 0; i < 5; i += 1) {
        const { data } = await newSessionData(t.gateway.origin);
        assert.equal(resultCode(await pay(t.gateway.origin, data, card(CARDS.visa.stolen))), 'DO_NOT_HONOR');
      }
      const { data, requestId } = await newSessionData(t.gateway.origin);
      assert.equal(resultCode(await pay(t.gateway.origin, data, card(CARDS.visa.stolen))), 'DO_NOT_HONOR');
      const inquiry = await inquire(t.gateway.origin, { paymentRequestId: requestId });
      assert.equal(resultCode(inquiry), 'ORDER_NOT_EXIST', 'refused before any payment was made');
      const fresh = await newSessionData(t.gateway.origin);
      assert.equal(resultCode(await pay(t.gateway.origin, fresh.data, card(CARDS.visa.approved))), 'SUCCESS', 'other cards pay');
      t.clock.advance(60 * 60_000);
      const later = await newSessionData(t.gateway.origin);
      assert.equal(resultCode(await pay(t.gateway.origin, later.data, card(CARDS.visa.stolen))), 'DO_NOT_HONOR');
      const laterInquiry = await inquire(t.gateway.origin, { paymentRequestId: later.requestId });
      assert.equal(laterInquiry.json['paymentResultCode'], 'STOLEN_CARD', 'an hour later the card reaches the acquirer again');
    } finally {
      await t.close();
    }
  });

  it('one address with eight failures is refused further attempts, in any session, with any card', async () => {
    const t = await startTestGateway({ attemptLimits: { perSession: 5, perCard: 1000, perAddress: 8 } });
    try {
      for (let i = 0; i < 8; i += 1) {
        const { data } = await newSessionData(t.gateway.origin);
        await pay(t.gateway.origin, data, card(CARDS.visa.declined));
      }
      const { data, requestId } = await newSessionData(t.gateway.origin);
      assert.equal(resultCode(await pay(t.gateway.origin, data, card(CARDS.visa.approved))), 'DO_NOT_HONOR');
      assert.equal(resultCode(await inquire(t.gateway.origin, { paymentRequestId: requestId })), 'ORDER_NOT_EXIST');
    } finally {
      await t.close();
    }
  });
});

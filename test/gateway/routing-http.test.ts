import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MerchantConfigError } from '../../gateway/src/engine/merchants.js';
import { CARDS, card } from '../support/cards.js';
import { at } from '../support/http.js';
import { MERCHANT_ID, startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import { SANDBOX_API, pay, resultCode, sessionRequest, signedCall } from './calls.js';

const VISA_SG = CARDS.visa.approved;
const VISA_SG_DECLINE = CARDS.visa.declined;
const MASTERCARD_SG = CARDS.mastercard.approved;
const VISA_GB = CARDS.visa.frictionless;
const FIXED_MERCHANT = 'SANDBOX_FIXED_ROUTING';

describe('routing through the gateway: acquirerInfo names the chosen acquirer', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({
      merchants: [
        testMerchant({
          routing: { rules: [{ brand: 'MASTERCARD', currency: 'USD', acquirer: 'SANDBOX_ACQ_US' }] },
        }),
        testMerchant({
          clientId: FIXED_MERCHANT,
          name: 'Fixed routing',
          routing: { intelligentRouting: false, defaultAcquirer: 'SANDBOX_ACQ_EU' },
        }),
      ],
    });
  });
  after(() => t.close());

  /** Creates a session for `clientId`, pays it with `number`, and inquires it. */
  async function payAs(clientId: string, number: string, amount = { currency: 'USD', value: '1000' }) {
    const body = sessionRequest({ paymentAmount: amount });
    const created = await signedCall(t.gateway.origin, `${SANDBOX_API}/payments/createPaymentSession`, body, {
      clientId,
    });
    assert.equal(resultCode(created), 'SUCCESS', created.text);
    const payment = await pay(t.gateway.origin, String(created.json['paymentSessionData']), card(number));
    const inquiry = await signedCall(
      t.gateway.origin,
      `${SANDBOX_API}/payments/inquiryPayment`,
      { paymentRequestId: body['paymentRequestId'] },
      { clientId },
    );
    assert.equal(resultCode(inquiry), 'SUCCESS', inquiry.text);
    return { payment, inquiry };
  }

  it('a custom rule routes to its acquirer', async () => {
    const { payment, inquiry } = await payAs(MERCHANT_ID, MASTERCARD_SG);
    assert.equal(resultCode(payment), 'SUCCESS');
    assert.deepEqual(
      [
        at(inquiry.json, 'acquirerInfo.acquirerName'),
        at(inquiry.json, 'acquirerInfo.acquirerMerchantId'),
        at(inquiry.json, 'acquirerInfo.acquirerResultCode'),
      ],
      ['SANDBOX_ACQ_US', 'SBXUS0000000001', '00'],
    );
    assert.match(String(at(inquiry.json, 'acquirerInfo.acquirerTransactionId')), /^\d{20}$/);
  });

  it('a test card keeps its outcome whatever the acquirer', async () => {
    const { payment, inquiry } = await payAs(MERCHANT_ID, VISA_SG_DECLINE);
    assert.equal(resultCode(payment), 'DO_NOT_HONOR');
    assert.equal(inquiry.json['paymentStatus'], 'FAIL');
    assert.ok(['SANDBOX_ACQ_SG', 'SANDBOX_ACQ_US'].includes(String(at(inquiry.json, 'acquirerInfo.acquirerName'))));
    for (let i = 0; i < 4; i++) {
      const approved = await payAs(MERCHANT_ID, VISA_SG);
      assert.equal(resultCode(approved.payment), 'SUCCESS', 'no simulated declines unless the merchant asks');
    }
  });

  it('a transaction no rule matches goes to intelligent routing, among eligible acquirers only', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const { inquiry } = await payAs(MERCHANT_ID, VISA_SG, { currency: 'SGD', value: '2500' });
      assert.equal(inquiry.json['paymentStatus'], 'SUCCESS');
      names.add(String(at(inquiry.json, 'acquirerInfo.acquirerName')));
    }
    // SANDBOX_ACQ_EU does not serve cards issued in Singapore.
    for (const name of names) assert.ok(['SANDBOX_ACQ_SG', 'SANDBOX_ACQ_US'].includes(name), name);
  });

  it('with intelligent routing off, the default acquirer takes the payment (the first eligible one when it cannot)', async () => {
    const gb = await payAs(FIXED_MERCHANT, VISA_GB, { currency: 'EUR', value: '4200' });
    assert.equal(resultCode(gb.payment), 'SUCCESS');
    assert.equal(at(gb.inquiry.json, 'acquirerInfo.acquirerName'), 'SANDBOX_ACQ_EU');
    const sg = await payAs(FIXED_MERCHANT, VISA_SG, { currency: 'EUR', value: '4200' });
    assert.equal(at(sg.inquiry.json, 'acquirerInfo.acquirerName'), 'SANDBOX_ACQ_SG');
  });

  it('the payment record and each of its transactions name the acquirer', async () => {
    const { inquiry } = await payAs(FIXED_MERCHANT, VISA_GB, { currency: 'EUR', value: '100' });
    const payment = t.gateway.engine.payment(String(inquiry.json['paymentId']));
    assert.equal(payment?.acquirer?.acquirerName, 'SANDBOX_ACQ_EU');
    assert.ok(payment?.transactions.every((row) => row.acquirer?.acquirerName === 'SANDBOX_ACQ_EU'));
  });
});

describe('routing configuration at startup', () => {
  it('a bad routing rule stops the gateway with an error naming the rule and field', async () => {
    await assert.rejects(
      startTestGateway({
        merchants: [testMerchant({ routing: { rules: [{ acquirer: 'SANDBOX_ACQ_SG' }, { acquirer: 'ACQ_X' }] } })],
      }),
      (error: unknown) => {
        assert.ok(error instanceof MerchantConfigError);
        assert.match(error.message, /merchants\[\d+\]\.routing\.rules\[1\]\.acquirer must name an acquirer/);
        return true;
      },
    );
  });
});

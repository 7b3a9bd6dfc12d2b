/**
 * Brand names and card field names on the Open API and in notifications, checked against Antom's
 * SDK models (docs/antom-api.md section 5): `paymentResultInfo` is J `PaymentResultInfo.java`, the
 * vaulted card is J `CardPaymentMethodDetail.java`, whose `brand` is the `CardBrand` enum (`CUP` for
 * UnionPay, no `HIPER`). The browser side keeps the card rules' names (`UNIONPAY`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openApiBrand } from '../../gateway/src/open-api/payment-json.js';
import { CARD_BRANDS } from '../../src/shared/types.js';
import { CARDS, card, cardMetaData } from '../support/cards.js';
import { at, type Answer } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/notifications.js';
import { startTestGateway, testMerchant, type TestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';
import {
  inquire,
  newRequestId,
  newSessionData,
  openApi,
  pay,
  payRequest,
  resultCode,
  sessionView,
  vaultApi,
} from './calls.js';

/** J `model/ams/CardBrand.java` (release 2.2.8): every value Antom's `brand` may take. */
const ANTOM_CARD_BRANDS = (
  'AMEX BC CARNET CARTES_BANCAIRES CITI CUP DINERS DISCOVER ELO GWANGJUBANK HIPERCARD HYUNDAI IBK_BC ' +
  'JCB JEJUBANK JEONBUKBANK KAKAOBANK KBANK KDBBANK KEBHANA KOOKMIN LOTTE MAESTRO MASTERCARD MIR ' +
  'NONGHYUP POST SAEMAUL SAMSUNG SAVINGBANK SHINHAN SHINHYEOP SUHYEOP TOSSBANK TROY VISA WOORI'
).split(' ');

/** Field names of J `model/ams/PaymentResultInfo.java`. */
const PAYMENT_RESULT_INFO_FIELDS = (
  'issuerName refusalCodeRaw refusalReasonRaw merchantAdviceCode acquirerInfo cardNo cardBrand ' +
  'cardToken issuingCountry funding paymentMethodRegion threeDSResult avsResultRaw cvvResultRaw ' +
  'networkTransactionId creditPayPlan cardholderName cardBin lastFour expiryMonth expiryYear ' +
  'cardCategory accountNo exemptionRequested credentialTypeUsed rrn userAuthorizationStatus ' +
  'authorizationCode incrementalAuthorizationAvailable extendedAuthorizationAvailable ' +
  'refundOnAuthorizationAvailable'
).split(' ');

/** Field names of J `model/ams/CardPaymentMethodDetail.java`. */
const CARD_PAYMENT_METHOD_DETAIL_FIELDS = (
  'supportedBrands cardToken cardNo brand selectedCardBrand cardIssuer countryIssue instUserName ' +
  'expiryYear expiryMonth billingAddress mask last4 paymentMethodDetailMetadata maskedCardNo ' +
  'fingerprint authenticationFlow funding avsResultRaw cvvResultRaw bin issuerName issuingCountry ' +
  'lastFour cardholderName cvv dateOfBirth businessNo cardPasswordDigest cpf payerEmail ' +
  'networkTransactionId is3DSAuthentication request3DS scaExemptionIndicator ' +
  'enableAuthenticationUpgrade mpiData'
).split(' ');

/** A Luhn-valid Hiper number (card-validator's `hiper` type), not in the sandbox catalogue: approved. */
const HIPER_CARD = '6370950000000005';

const keysOf = (value: unknown): string[] => Object.keys(value as Record<string, unknown>);

function assertModelFields(actual: unknown, model: readonly string[], where: string): void {
  const unknown = keysOf(actual).filter((key) => !model.includes(key));
  assert.deepEqual(unknown, [], `${where} carries fields the SDK model does not have`);
}

describe('brand names and card fields as Antom spells them', () => {
  let t: TestGateway;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    t = await startTestGateway({
      notificationTimeScale: 0.001,
      merchants: [
        testMerchant({ brands: ['VISA', 'MASTERCARD', 'UNIONPAY', 'HIPER'], notifyUrl: receiver.url('/notify') }),
      ],
    });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it("maps every brand the sandbox knows into Antom's CardBrand enum", () => {
    for (const brand of CARD_BRANDS) {
      assert.ok(ANTOM_CARD_BRANDS.includes(openApiBrand(brand)), `${brand} -> ${openApiBrand(brand)}`);
    }
    assert.equal(openApiBrand('UNIONPAY'), 'CUP');
    assert.equal(openApiBrand('HIPER'), 'HIPERCARD');
    assert.equal(openApiBrand('VISA'), 'VISA');
  });

  it('reports a UnionPay payment as CUP in pay, inquiryPayment and notifyPayment, with PaymentResultInfo fields', async () => {
    const paid = await openApi(t.gateway.origin, 'pay', payRequest(CARDS.unionpay.approved));
    assert.equal(resultCode(paid), 'SUCCESS', paid.text);
    assert.equal(at(paid.json, 'paymentResultInfo.cardBrand'), 'CUP');
    assertModelFields(paid.json['paymentResultInfo'], PAYMENT_RESULT_INFO_FIELDS, 'pay paymentResultInfo');

    const inquiry = await inquire(t.gateway.origin, { paymentId: String(paid.json['paymentId']) });
    assert.equal(at(inquiry.json, 'paymentResultInfo.cardBrand'), 'CUP');
    assertModelFields(inquiry.json['paymentResultInfo'], PAYMENT_RESULT_INFO_FIELDS, 'inquiry paymentResultInfo');

    await waitFor(() => receiver.bodies().some((body) => at(body, 'paymentId') === paid.json['paymentId']));
    const notified = receiver.bodies().find((body) => at(body, 'paymentId') === paid.json['paymentId']);
    assert.equal(at(notified, 'paymentResultInfo.cardBrand'), 'CUP');
  });

  it('reports a Hiper payment as HIPERCARD, which the enum has', async () => {
    const paid = await openApi(t.gateway.origin, 'pay', payRequest(HIPER_CARD));
    assert.equal(resultCode(paid), 'SUCCESS', paid.text);
    assert.equal(at(paid.json, 'paymentResultInfo.cardBrand'), 'HIPERCARD');
  });

  it('vaults a UnionPay card as CardPaymentMethodDetail: brand CUP, bin and last4, no cardBin', async () => {
    const body = {
      vaultingRequestId: newRequestId('vault'),
      vaultingNotificationUrl: receiver.url('/vaulting'),
      redirectUrl: 'https://shop.example/cards',
      paymentMethodDetail: { paymentMethodType: 'CARD', card: cardMetaData(CARDS.unionpay.approved) },
    };
    const answer: Answer = await vaultApi(t.gateway.origin, 'vaultPaymentMethod', body);
    assert.equal(resultCode(answer), 'SUCCESS', answer.text);
    const vaulted = at(answer.json, 'paymentMethodDetail.card') as Record<string, unknown>;
    assert.equal(vaulted['brand'], 'CUP');
    assert.equal(vaulted['bin'], CARDS.unionpay.approved.slice(0, 6));
    assert.equal(vaulted['last4'], CARDS.unionpay.approved.slice(-4));
    assert.equal(vaulted['cardBin'], undefined);
    assertModelFields(vaulted, CARD_PAYMENT_METHOD_DETAIL_FIELDS, 'vaultPaymentMethod card');

    const inquiry = await vaultApi(t.gateway.origin, 'inquireVaulting', { vaultingRequestId: body.vaultingRequestId });
    assert.deepEqual(at(inquiry.json, 'paymentMethodDetail.card'), vaulted);
    await waitFor(() => receiver.receipts.some((receipt) => receipt.path === '/vaulting'));
    const notified = JSON.parse(receiver.receipts.find((receipt) => receipt.path === '/vaulting')!.body) as unknown;
    assert.deepEqual(at(notified, 'paymentMethodDetail.card'), vaulted);
  });

  it("keeps the card rules' UNIONPAY on the browser side (the frame's session view and card answer)", async () => {
    const { data } = await newSessionData(t.gateway.origin);
    const view = await sessionView(t.gateway.origin, data);
    assert.deepEqual(at(view.json, 'view.brands'), ['VISA', 'MASTERCARD', 'UNIONPAY', 'HIPER']);
    const answer = await pay(t.gateway.origin, data, card(CARDS.unionpay.approved));
    assert.equal(at(answer.json, 'card.brand'), 'UNIONPAY');
  });
});

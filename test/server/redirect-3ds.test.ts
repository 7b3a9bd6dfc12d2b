/**
 * The client against the real sandbox gateway for 3-D Secure on server-to-server calls: `pay` and
 * `vaultPaymentMethod` resolve `U` (never reject) with the issuer's page in the typed `normalUrl` /
 * `redirectActionForm`; once the buyer answered there, the verified notification tells the result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  isSucceeded,
  NOTIFICATION_ACK,
  parseNotification,
  type AntomClient,
  type AntomNotification,
} from '../../src/server/index.js';
import { CARDS } from '../support/cards.js';
import { startReceiver, type Receiver } from '../support/notifications.js';
import { startClientTestGateway, type TestGateway } from '../support/servers.js';
import { waitFor } from '../support/waits.js';

const USD_25 = { currency: 'USD', value: '2500' };
const RETURN = 'http://localhost:4173/checkout/result?order=ord_1';

let fixture: TestGateway;
let client: AntomClient;
let receiver: Receiver;
const received: AntomNotification[] = [];
let counter = 0;
const nextId = (prefix: string): string => `${prefix}_${process.pid}_${++counter}`;

/** What the buyer's browser does at the issuer: open the page, type the code; returns where it is sent next. */
async function answerIssuer(url: string, code: string): Promise<string | null> {
  const page = await fetch(url);
  assert.equal(page.status, 200);
  const html = await page.text();
  const acsTransID = /name="acsTransID" value="([0-9a-f-]{36})"/.exec(html)?.[1] ?? '';
  const submitted = await fetch(new URL('/acs/challenge/submit', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ acsTransID, code, action: 'verify' }).toString(),
    redirect: 'manual',
  });
  assert.equal(submitted.status, 303);
  return submitted.headers.get('location');
}

describe('AntomClient: 3-D Secure of pay and vaultPaymentMethod by a redirect', () => {
  before(async () => {
    fixture = await startClientTestGateway();
    client = fixture.client();
    receiver = await startReceiver((_n, body, receipt) => {
      if (!client.verifyNotification({ method: receipt.method, path: receipt.path, headers: receipt.headers, body })) {
        return { status: 401, body: '' };
      }
      const notification = parseNotification(body);
      if (notification) received.push(notification);
      return { status: 200, body: NOTIFICATION_ACK };
    });
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  it('pay resolves U with normalUrl and redirectActionForm; the notification after the issuer says S', async () => {
    const paymentRequestId = nextId('pay3ds');
    const paid = await client.pay({
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId,
      paymentAmount: USD_25,
      order: { referenceOrderId: paymentRequestId, orderDescription: 'Test order', orderAmount: USD_25 },
      paymentMethod: {
        paymentMethodType: 'CARD',
        paymentMethodMetaData: {
          cardNo: CARDS.visa.approved,
          cvv: '123',
          expiryMonth: '12',
          expiryYear: '30',
          is3DSAuthentication: true,
        },
      },
      paymentFactor: { isAuthorization: true, captureMode: 'MANUAL' },
      paymentRedirectUrl: RETURN,
      paymentNotifyUrl: receiver.url('/antom/notify'),
      env: { terminalType: 'WEB' },
    });
    assert.equal(isSucceeded(paid), false);
    assert.equal(paid.result.resultCode, 'PAYMENT_IN_PROCESS');
    assert.equal(paid.redirectActionForm?.method, 'GET');
    assert.equal(paid.redirectActionForm?.redirectUrl, paid.normalUrl);
    assert.ok(paid.normalUrl?.startsWith(fixture.gateway.issuerOrigin));
    const inquiry = await client.inquiryPayment({ paymentRequestId });
    assert.equal(inquiry.paymentStatus, 'PROCESSING');
    assert.equal(inquiry.redirectActionForm?.redirectUrl, paid.normalUrl);

    assert.equal(await answerIssuer(paid.normalUrl ?? '', '123456'), RETURN);
    await waitFor(() =>
      received.some((n) => n.notifyType === 'PAYMENT_RESULT' && n.paymentRequestId === paymentRequestId),
    );
    const notified = received.find((n) => n.notifyType === 'PAYMENT_RESULT' && n.paymentRequestId === paymentRequestId);
    assert.equal(notified?.result.resultStatus, 'S');
    assert.equal(
      notified?.notifyType === 'PAYMENT_RESULT' && notified.paymentResultInfo?.threeDSResult?.challenged,
      'true',
    );
  });

  it('vaultPaymentMethod resolves U with normalUrl; the vaulting notification after the issuer carries the token', async () => {
    const vaultingRequestId = nextId('vault3ds');
    const vaulting = await client.vaultPaymentMethod({
      vaultingRequestId,
      vaultingNotificationUrl: receiver.url('/antom/notify'),
      redirectUrl: 'http://localhost:4173/cards',
      paymentMethodDetail: {
        paymentMethodType: 'CARD',
        card: { cardNo: CARDS.mastercard.approved, expiryMonth: '12', expiryYear: '30', is3DSAuthentication: true },
      },
    });
    assert.equal(vaulting.result.resultCode, 'VERIFICATION_IN_PROCESS');
    assert.equal(vaulting.paymentMethodDetail, undefined);
    const inquiry = await client.inquireVaulting({ vaultingRequestId });
    assert.equal(inquiry.vaultingStatus, 'PROCESSING');
    assert.equal(inquiry.normalUrl, vaulting.normalUrl);
    assert.equal(await answerIssuer(vaulting.normalUrl ?? '', '123456'), 'http://localhost:4173/cards');
    await waitFor(() =>
      received.some((n) => n.notifyType === 'VAULTING_RESULT' && n.vaultingRequestId === vaultingRequestId),
    );
    const notified = received.find(
      (n) => n.notifyType === 'VAULTING_RESULT' && n.vaultingRequestId === vaultingRequestId,
    );
    assert.match(
      (notified?.notifyType === 'VAULTING_RESULT' && notified.paymentMethodDetail?.card?.cardToken) || '',
      /^ALIPAY/,
    );
  });
});

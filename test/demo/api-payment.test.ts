/**
 * The demo shop's API integration path (PCI DSS merchants only) against a scripted Antom: the page
 * posts the card to the shop's server, which calls `pay` with it once and says where the buyer goes
 * next (the issuer's 3-D Secure page, or the result page); the card never reaches a log or a record.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoCardSecrets } from '../support/card-secrets.js';
import { CARDS } from '../support/cards.js';
import { SUCCESS, type FakeReply } from '../support/fake-antom.js';
import { post } from '../support/http.js';
import { startDemoFixture, type DemoFixture } from '../support/servers.js';

const PAN = CARDS.visa.approved;
const CVC = '737';
const SECRETS = { pans: [PAN], cvcs: [CVC] };
const ISSUER_PAGE = 'http://127.0.0.1:8788/acs/challenge?creq=abc';

type Answer = {
  ok: boolean;
  orderId: string;
  next?: string;
  redirectUrl?: string;
  error?: { code: string; message: string };
};

const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  captureMode: 'MANUAL',
  card: {
    number: `${PAN.slice(0, 4)} ${PAN.slice(4)}`,
    expiryMonth: '12',
    expiryYear: '34',
    cvc: CVC,
    holderName: 'Ada Lovelace',
  },
  ...overrides,
});

async function withPay(reply: () => FakeReply, run: (fixture: DemoFixture) => Promise<void>): Promise<void> {
  const fixture = await startDemoFixture((path) =>
    path.endsWith('/pay')
      ? reply()
      : { body: { result: { resultCode: 'NOT_SCRIPTED', resultStatus: 'F', resultMessage: path } } },
  );
  try {
    await run(fixture);
    assertNoCardSecrets([...fixture.logs, JSON.stringify(await fixture.demo.orders.list())], SECRETS);
  } finally {
    await fixture.close();
  }
}

const sentPay = (fixture: DemoFixture): Record<string, unknown> =>
  JSON.parse(fixture.antom.requests.find((request) => request.path.endsWith('/pay'))?.body ?? '{}') as Record<
    string,
    unknown
  >;

describe('POST /api/checkout/pay (API path, PCI DSS merchants only)', () => {
  it('calls pay with the card and 3-D Secure, and sends the buyer to the issuer page Antom names', async () => {
    await withPay(
      () => ({
        body: {
          result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'in process' },
          paymentId: 'pay_3ds',
          normalUrl: ISSUER_PAGE,
          redirectActionForm: { method: 'GET', redirectUrl: ISSUER_PAGE, actionFormType: 'RedirectActionForm' },
        },
      }),
      async (fixture) => {
        const answer = await post(`${fixture.base}/api/checkout/pay`, body());
        assert.equal(answer.status, 200, answer.text);
        const json = answer.json as Answer;
        assert.deepEqual(
          { next: json.next, redirectUrl: json.redirectUrl },
          { next: 'REDIRECT', redirectUrl: ISSUER_PAGE },
        );
        const order = await fixture.demo.orders.get(json.orderId);
        assert.equal(order?.paymentId, 'pay_3ds', 'the order knows its payment');
        assert.equal(order?.status, 'CREATED', 'only the notification moves it');
        const sent = sentPay(fixture);
        assert.equal(sent['paymentRequestId'], order?.paymentRequestId);
        assert.deepEqual(sent['paymentMethod'], {
          paymentMethodType: 'CARD',
          paymentMethodMetaData: {
            cardNo: PAN,
            cvv: CVC,
            expiryMonth: '12',
            expiryYear: '34',
            cardholderName: { firstName: 'Ada', lastName: 'Lovelace', fullName: 'Ada Lovelace' },
            is3DSAuthentication: true,
          },
        });
        assert.equal(sent['paymentRedirectUrl'], `${fixture.demo.origin}/checkout/result?order=${json.orderId}`);
        assert.deepEqual(sent['paymentFactor'], { isAuthorization: true, captureMode: 'MANUAL' });
      },
    );
  });

  it('sends the buyer to the result page on S, and without 3-D Secure when the page unticks it', async () => {
    await withPay(
      () => ({
        body: {
          result: SUCCESS,
          paymentId: 'pay_s',
          paymentRequestId: 'x',
          paymentAmount: { currency: 'USD', value: '2500' },
        },
      }),
      async (fixture) => {
        const answer = await post(`${fixture.base}/api/checkout/pay`, body({ threeDS: false }));
        assert.equal((answer.json as Answer).next, 'RESULT');
        const meta = (sentPay(fixture)['paymentMethod'] as { paymentMethodMetaData: Record<string, unknown> })
          .paymentMethodMetaData;
        assert.equal(meta['is3DSAuthentication'], undefined);
      },
    );
  });

  it('never redirects the buyer to a URL that is not http(s)', async () => {
    await withPay(
      () => ({
        body: {
          result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'in process' },
          paymentId: 'pay_u',
          normalUrl: 'javascript:alert(1)',
        },
      }),
      async (fixture) => {
        const answer = await post(`${fixture.base}/api/checkout/pay`, body());
        assert.equal((answer.json as Answer).next, 'RESULT');
        assert.equal((answer.json as Answer).redirectUrl, undefined);
      },
    );
  });

  it("shows Antom's refusal (402) and refuses bad bodies and other sites, naming fields, never values", async () => {
    await withPay(
      () => ({ body: { result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'declined' } } }),
      async (fixture) => {
        const declined = await post(`${fixture.base}/api/checkout/pay`, body());
        assert.equal(declined.status, 402);
        assert.deepEqual((declined.json as Answer).error, { code: 'DO_NOT_HONOR', message: 'declined' });

        const bad = await post(
          `${fixture.base}/api/checkout/pay`,
          body({ card: { number: PAN, expiryMonth: '13', expiryYear: '34', cvc: CVC, holderName: '' } }),
        );
        assert.equal(bad.status, 400);
        assert.match(bad.text, /card\.expiryMonth must be two digits from 01 to 12/);
        const extra = await post(`${fixture.base}/api/checkout/pay`, { ...body(), pan: PAN });
        assert.equal(extra.status, 400);
        assert.match(extra.text, /pan is not an accepted field/);
        const crossSite = await post(`${fixture.base}/api/checkout/pay`, body(), {
          'content-type': 'application/json',
          'sec-fetch-site': 'cross-site',
        });
        assert.equal(crossSite.status, 403);
        assertNoCardSecrets([bad.text, extra.text, declined.text], SECRETS);
        assert.equal(fixture.antom.requests.filter((request) => request.path.endsWith('/pay')).length, 1);
      },
    );
  });

  it('serves the API checkout page labelled for PCI DSS merchants, under the strict CSP', async () => {
    await withPay(
      () => ({ body: { result: SUCCESS } }),
      async (fixture) => {
        const page = await fetch(`${fixture.base}/checkout/api`);
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
        const html = await page.text();
        assert.match(html, /API integration path: for PCI DSS merchants only/);
        assert.match(html, /<form id="api-form" method="post" action="\/api\/checkout\/pay"/);
      },
    );
  });
});

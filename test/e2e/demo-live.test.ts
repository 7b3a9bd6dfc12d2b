/**
 * The demo shop in live mode (ANTOM_CLIENT_ID, ANTOM_PRIVATE_KEY, ANTOM_PUBLIC_KEY set): its server
 * creates sessions on "Antom" (here a signed stand-in for Antom's Open API on loopback) and its
 * checkout page drives Antom's Web SDK (the real package; its hosted card page is a local stand-in).
 * Nothing reaches the internet. Needs `npm run build`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { liveConfig, startLiveDemo } from '../../demo/start.js';
import { startFakeAntom, type FakeAntom } from '../support/fake-antom.js';
import { openTestDatabase, type TestDatabase } from '../support/demo-db.js';
import { KEYS } from '../support/keys.js';
import { AntomSdkPage, antomSessionData } from './support/antom-sdk-page.js';
import { launchBrowser } from './support/checkout-page.js';
import type { RunningDemo } from '../../demo/server.js';

let browser: Browser;
let antom: FakeAntom;
let demo: RunningDemo;
let database: TestDatabase;
const logs: string[] = [];

before(async () => {
  browser = await launchBrowser();
  antom = await startFakeAntom((request) =>
    request.path.endsWith('/payments/createPaymentSession')
      ? {
          body: {
            result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
            paymentSessionData: antomSessionData(),
            paymentSessionId: 'ps_live_0001',
            paymentSessionExpiryTime: new Date(Date.now() + 3600000).toISOString(),
          },
        }
      : { body: { result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'not scripted' } } },
  );
  const config = liveConfig({
    ANTOM_CLIENT_ID: 'SANDBOX_LIVE_TEST',
    ANTOM_PRIVATE_KEY: KEYS.merchant.privateKey,
    ANTOM_PUBLIC_KEY: KEYS.antom.publicKey,
    ANTOM_ENDPOINT: antom.origin,
  });
  assert.ok(config);
  database = await openTestDatabase();
  demo = await startLiveDemo(config, { demoPort: 0, database, log: (line) => logs.push(line) });
});

after(async () => {
  await browser.close();
  await demo.close();
  await database.close();
  await antom.close();
});

test('live mode reads the three variables, guesses the environment from the client id, and names what is missing', () => {
  assert.equal(liveConfig({}), undefined, 'no variables: the offline sandbox runs');
  const keys = { ANTOM_PRIVATE_KEY: KEYS.merchant.privateKey, ANTOM_PUBLIC_KEY: KEYS.antom.publicKey };
  assert.equal(liveConfig({ ...keys, ANTOM_CLIENT_ID: 'SANDBOX_ABC' })?.environment, 'sandbox');
  assert.equal(liveConfig({ ...keys, ANTOM_CLIENT_ID: '2188120000000000' })?.environment, 'prod');
  assert.equal(liveConfig({ ...keys, ANTOM_CLIENT_ID: 'X' })?.merchantAccountId, undefined);
  assert.equal(
    liveConfig({ ...keys, ANTOM_CLIENT_ID: 'X', ANTOM_MERCHANT_ACCOUNT_ID: '2188116129848784' })?.merchantAccountId,
    '2188116129848784',
  );
  assert.throws(() => liveConfig({ ANTOM_CLIENT_ID: 'SANDBOX_ABC' }), /ANTOM_PRIVATE_KEY, ANTOM_PUBLIC_KEY/);
  assert.throws(() => liveConfig({ ...keys, ANTOM_CLIENT_ID: 'X', ANTOM_ENVIRONMENT: 'staging' }), /sandbox or prod/);
});

test('the checkout page names Antom’s environment, widens its CSP for the SDK, and pays through Antom’s Web SDK', async () => {
  const harness = await AntomSdkPage.open(browser, `http://localhost:${demo.port}/`);
  const violations: string[] = [];
  harness.page.on(
    'console',
    (message) => /Content Security Policy/i.test(message.text()) && violations.push(message.text()),
  );
  try {
    const response = await harness.page.request.get(`http://localhost:${demo.port}/`);
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.match(csp, /frame-src https:\/\/ac\.alipay\.com/);
    assert.doesNotMatch(csp, /require-trusted-types-for/, 'Antom’s SDK writes innerHTML');
    assert.equal(await harness.page.getAttribute('antom-card-checkout', 'environment'), 'sandbox');
    const ready = await harness.event('antom-ready');
    assert.equal(ready.detail['paymentSessionId'], 'ps_live_0001');
    const created = antom.requests.find((request) => request.path.endsWith('/payments/createPaymentSession'));
    assert.ok(created?.signatureValid, 'the shop signed its request with its own key');
    assert.match(created.path, /^\/ams\/sandbox\/api\/v1\//, 'a SANDBOX_ client id uses Antom’s sandbox path');
    assert.equal(await harness.sdkFrames(), 1);
    const frame = await harness.hostedFrame();
    await frame.evaluate(() => {
      (window as unknown as { hosted: { submitAnswer: unknown } }).hosted.submitAnswer = {
        code: 'SDK_PAYMENT_SUCCESSFUL',
        result: {
          result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
          paymentStatus: 'SUCCESS',
        },
      };
    });
    await harness.page.locator('antom-card-checkout').locator('[part~="pay-button"]').click();
    await harness.event('antom-authorized');
    assert.deepEqual(violations, []);
  } finally {
    await harness.close();
  }
});

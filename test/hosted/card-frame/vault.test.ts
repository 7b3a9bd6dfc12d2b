/**
 * A vault session binds a card without paying: the new-card form only (saved cards and the
 * consent box ignored), `POST /sdk/v1/vaults` with the attempt id as idempotency key, and an
 * outcome without a payment id. Session data and view must agree on the mode.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame } from 'playwright-core';
import { settle } from '../../support/waits.js';
import {
  field,
  launchBrowser,
  savedCard,
  startFixture,
  VAULT_SUCCESS,
  visibleInputs,
  type FrameFixture,
} from './fixture.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

async function withVault(run: (fixture: FrameFixture, frame: Frame) => Promise<void>): Promise<void> {
  const fixture = await startFixture(browser, { mode: 'vault' });
  try {
    // A vault view never needs these; the frame must ignore them if they come.
    fixture.view.savedCards = [savedCard(0, 'VISA', '0768')];
    fixture.view.policies = { savedCardCvc: true, askToSave: true };
    const frame = await fixture.ready();
    await run(fixture, frame);
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
    assert.deepEqual(fixture.violations, []);
  } finally {
    await fixture.close();
  }
}

async function fillCard(fixture: FrameFixture, frame: Frame): Promise<void> {
  await frame.click('#number');
  await fixture.page.keyboard.type('4054695723100768');
  await fixture.page.keyboard.type('1230');
  await fixture.page.keyboard.type('123');
  await frame.click('#holder');
  await fixture.page.keyboard.type('Ada Lovelace');
}

const disabled = (frame: Frame): Promise<boolean[]> =>
  frame.$$eval('input', (inputs) => inputs.map((input) => (input as HTMLInputElement).disabled));

test('a vault session shows the new-card form only and ignores select', async () => {
  await withVault(async (fixture, frame) => {
    assert.deepEqual(await visibleInputs(frame), ['number', 'expiry', 'cvc', 'holder']);
    await fixture.send({ type: 'select', savedCardId: 'saved-0' });
    await settle();
    assert.deepEqual(await visibleInputs(frame), ['number', 'expiry', 'cvc', 'holder']);
    assert.equal((await fixture.messages()).filter((m) => m.type === 'state').length, 1, 'no state after select');
  });
});

test('submit binds the card at /sdk/v1/vaults and reports the card facts without a payment id', async () => {
  await withVault(async (fixture, frame) => {
    // Even if a gateway sent one, a binding has no payment.
    fixture.vaultAnswer = () => ({ status: 200, body: { ...VAULT_SUCCESS, paymentId: 'pay_0001_test' } });
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.send({ type: 'submit', attemptId: 'attempt_0002' });
    const [result] = await fixture.waitForMessage('result');
    assert.deepEqual(result, {
      type: 'result',
      attemptId: 'attempt_0001',
      outcome: {
        status: 'SUCCESS',
        resultCode: 'SUCCESS',
        resultMessage: 'success',
        paymentId: null,
        card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' },
      },
    });
    assert.equal(fixture.paymentCalls.length, 0, 'nothing is paid');
    assert.deepEqual(fixture.vaultCalls, [
      {
        idempotencyKey: 'attempt_0001',
        body: {
          paymentSessionData: fixture.sessionData,
          card: {
            number: '4054695723100768',
            expiryMonth: '12',
            expiryYear: '30',
            cvc: '123',
            holderName: 'Ada Lovelace',
          },
        },
      },
    ]);
    assert.equal((await field(frame, 'cvc')).value, '');
    assert.deepEqual(await disabled(frame), [true, true, true, true], 'a bound card stays bound');
    await fixture.send({ type: 'reset' });
    await fixture.send({ type: 'submit', attemptId: 'attempt_0003' });
    await settle();
    assert.equal(fixture.vaultCalls.length, 1);
    assert.deepEqual(await disabled(frame), [true, true, true, true]);
  });
});

test('a refused binding re-enables the form with the CVC cleared; a network failure keeps it', async () => {
  await withVault(async (fixture, frame) => {
    const answers = [
      'drop' as const,
      {
        status: 200,
        body: { result: { resultCode: 'CARD_NOT_SUPPORTED', resultStatus: 'F', resultMessage: 'Not supported.' } },
      },
    ];
    fixture.vaultAnswer = () => answers.shift() ?? { status: 200, body: VAULT_SUCCESS };
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('network-error');
    assert.equal((await field(frame, 'cvc')).value, '123');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [result] = await fixture.waitForMessage('result');
    assert.deepEqual(result?.type === 'result' && result.outcome, {
      status: 'FAIL',
      resultCode: 'CARD_NOT_SUPPORTED',
      resultMessage: 'Not supported.',
      paymentId: null,
      card: null,
    });
    assert.equal((await field(frame, 'cvc')).value, '');
    assert.deepEqual(await disabled(frame), [false, false, false, false]);
    assert.deepEqual(
      fixture.vaultCalls.map((call) => call.idempotencyKey),
      ['attempt_0001', 'attempt_0001'],
    );
  });
});

test('session data and session view that disagree on the mode are refused', async () => {
  for (const mode of ['payment', 'vault'] as const) {
    const fixture = await startFixture(browser, { mode });
    try {
      fixture.view.mode = mode === 'vault' ? 'payment' : 'vault';
      await fixture.mount();
      await fixture.connect();
      await fixture.send({ type: 'init', sessionData: fixture.sessionData, locale: 'en_US', appearance: {} });
      assert.deepEqual(await fixture.waitForMessage('session-error'), [
        { type: 'session-error', code: 'SESSION_INVALID' },
      ]);
      assert.ok(!(await fixture.messages()).some((m) => m.type === 'ready'), mode);
    } finally {
      await fixture.close();
    }
  }
});

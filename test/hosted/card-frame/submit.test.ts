/**
 * Submission: one authorization at a time with the attempt id as idempotency key, the outcome
 * mapping, what happens to the form and the CVC after each kind of answer, validate, reset,
 * focus, and session errors.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame } from 'playwright-core';
import { EN_US_FIELD_MESSAGES } from '../../../src/shared/i18n/field-messages.js';
import type { FrameToElement } from '../../../src/shared/channel/messages.js';
import { encodeSessionData } from '../../../src/shared/session-data.js';
import { eventually, settle } from '../../support/waits.js';
import {
  errorTexts,
  expectState,
  field,
  launchBrowser,
  PAYMENT_SUCCESS,
  startFixture,
  type FrameFixture,
} from './fixture.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

async function withFixture(run: (fixture: FrameFixture) => Promise<void>): Promise<void> {
  const fixture = await startFixture(browser);
  try {
    await run(fixture);
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
    assert.deepEqual(fixture.violations, []);
  } finally {
    await fixture.close();
  }
}

const CARD = { number: '4054695723100768', expiry: '1230', cvc: '123' };

async function fillCard(fixture: FrameFixture, frame: Frame, card = CARD): Promise<void> {
  await frame.click('#number');
  await fixture.page.keyboard.type(card.number);
  await frame.click('#expiry');
  await fixture.page.keyboard.type(card.expiry);
  await frame.click('#cvc');
  await fixture.page.keyboard.type(card.cvc);
  await frame.click('#holder');
  await fixture.page.keyboard.type('Ada Lovelace');
}

const disabled = (frame: Frame): Promise<boolean[]> =>
  frame.$$eval('input', (inputs) => inputs.map((input) => (input as HTMLInputElement).disabled));

const results = async (fixture: FrameFixture): Promise<FrameToElement[]> =>
  (await fixture.messages()).filter((m) => ['result', 'network-error', 'invalid', 'session-error'].includes(m.type));

test('many submits make exactly one payments request with the attempt id as idempotency key', async () => {
  await withFixture(async (fixture) => {
    fixture.paymentAnswer = () => ({ status: 200, body: PAYMENT_SUCCESS, delayMs: 300 });
    const frame = await fixture.ready();
    await fillCard(fixture, frame);
    for (const attemptId of ['attempt_0001', 'attempt_0001', 'attempt_0002', 'attempt_0001', 'attempt_0003']) {
      await fixture.send({ type: 'submit', attemptId });
    }
    const [result] = await fixture.waitForMessage('result');
    await settle(400);
    assert.equal(fixture.paymentCalls.length, 1);
    const call = fixture.paymentCalls[0]!;
    assert.equal(call.idempotencyKey, 'attempt_0001');
    assert.deepEqual(call.body, {
      paymentSessionData: fixture.sessionData,
      card: { number: CARD.number, expiryMonth: '12', expiryYear: '30', cvc: CARD.cvc, holderName: 'Ada Lovelace' },
    });
    assert.deepEqual(result, {
      type: 'result',
      attemptId: 'attempt_0001',
      outcome: {
        status: 'SUCCESS',
        resultCode: 'SUCCESS',
        resultMessage: 'success',
        paymentId: 'pay_0001_test',
        card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' },
      },
    });
    assert.equal((await results(fixture)).length, 1, 'one answer only');
    // After success: the CVC is gone, the form stays disabled, later submits do nothing.
    assert.equal((await field(frame, 'cvc')).value, '');
    assert.equal((await field(frame, 'number')).value, '4054 6957 2310 0768');
    assert.deepEqual(await disabled(frame), [true, true, true, true]);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0004' });
    await fixture.send({ type: 'reset' });
    await fixture.send({ type: 'submit', attemptId: 'attempt_0005' });
    await settle(300);
    assert.equal(fixture.paymentCalls.length, 1);
    assert.deepEqual(await disabled(frame), [true, true, true, true]);
  });
});

test('a bank check keeps the card for a retry; close then locks the form and forgets the CVC', async () => {
  await withFixture(async (fixture) => {
    fixture.paymentAnswer = () => ({
      status: 200,
      body: {
        result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'In process.' },
        paymentId: 'pay_0003_test',
        paymentStatus: 'PROCESSING',
        challenge: { id: 'chl_0003_test_id' },
      },
    });
    const frame = await fixture.ready();
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [result] = await fixture.waitForMessage('result');
    assert.deepEqual((result as { outcome: unknown }).outcome, {
      status: 'PROCESSING',
      resultCode: 'PAYMENT_IN_PROCESS',
      resultMessage: 'In process.',
      paymentId: 'pay_0003_test',
      card: null,
      challenge: { id: 'chl_0003_test_id' },
    });
    // The buyer may cancel the bank's page and pay again: the card, CVC included, stays usable.
    assert.equal((await field(frame, 'cvc')).value, CARD.cvc);
    assert.deepEqual(await disabled(frame), [false, false, false, false]);

    await fixture.send({ type: 'close' });
    await eventually(async () => {
      assert.equal((await field(frame, 'cvc')).value, '');
      assert.deepEqual(await disabled(frame), [true, true, true, true]);
    });
    await fixture.send({ type: 'reset' });
    await fixture.send({ type: 'submit', attemptId: 'attempt_0002' });
    await settle(300);
    assert.equal(fixture.paymentCalls.length, 1, 'a closed frame sends no second payment');
    assert.deepEqual(await disabled(frame), [true, true, true, true]);
  });
});

test('a decline re-enables the form with the number kept and the CVC cleared', async () => {
  await withFixture(async (fixture) => {
    fixture.paymentAnswer = () => ({
      status: 200,
      body: {
        result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'Do not honor.' },
        paymentId: 'pay_0002_test',
        paymentStatus: 'FAIL',
        card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' },
      },
    });
    const frame = await fixture.ready();
    await fillCard(fixture, frame);
    await frame.click('#cvc');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [result] = await fixture.waitForMessage('result');
    assert.deepEqual(result, {
      type: 'result',
      attemptId: 'attempt_0001',
      outcome: {
        status: 'FAIL',
        resultCode: 'DO_NOT_HONOR',
        resultMessage: 'Do not honor.',
        paymentId: 'pay_0002_test',
        card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' },
      },
    });
    assert.deepEqual(await disabled(frame), [false, false, false, false]);
    assert.equal((await field(frame, 'number')).value, '4054 6957 2310 0768');
    assert.equal((await field(frame, 'cvc')).value, '');
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'cvc', 'focus is back where it was');
    await expectState(fixture, (state) =>
      assert.deepEqual(state.fields.cvc, { empty: true, valid: false, error: null }),
    );
    // The buyer corrects and retries: a new attempt, a new request.
    await fixture.page.keyboard.type('456');
    fixture.paymentAnswer = () => ({ status: 200, body: PAYMENT_SUCCESS });
    await fixture.send({ type: 'submit', attemptId: 'attempt_0002' });
    await fixture.waitForMessage('result', 2);
    assert.deepEqual(
      fixture.paymentCalls.map((call) => call.idempotencyKey),
      ['attempt_0001', 'attempt_0002'],
    );
    assert.equal((fixture.paymentCalls[1]!.body as { card: { cvc: string } }).card.cvc, '456');
  });
});

test('a network failure keeps the CVC and a resend of the same attempt reuses its key', async () => {
  await withFixture(async (fixture) => {
    let calls = 0;
    fixture.paymentAnswer = () =>
      ++calls === 1
        ? { status: 502, body: { error: 'bad gateway' } }
        : calls === 2
          ? 'drop'
          : { status: 200, body: PAYMENT_SUCCESS };
    const frame = await fixture.ready();
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    assert.deepEqual(await fixture.waitForMessage('network-error'), [
      { type: 'network-error', attemptId: 'attempt_0001' },
    ]);
    assert.deepEqual(await disabled(frame), [false, false, false, false]);
    assert.equal((await field(frame, 'cvc')).value, CARD.cvc);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('network-error', 2);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [result] = await fixture.waitForMessage('result');
    assert.equal(result?.type === 'result' && result.outcome.status, 'SUCCESS');
    assert.deepEqual(
      fixture.paymentCalls.map((call) => call.idempotencyKey),
      ['attempt_0001', 'attempt_0001', 'attempt_0001'],
    );
  });
});

test('an unknown outcome is reported as processing and keeps the form disabled', async () => {
  await withFixture(async (fixture) => {
    fixture.paymentAnswer = () => ({
      status: 200,
      body: {
        result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'in process' },
        paymentId: 'pay_0003_test',
      },
    });
    const frame = await fixture.ready();
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [result] = await fixture.waitForMessage('result');
    assert.deepEqual(result?.type === 'result' && result.outcome, {
      status: 'PROCESSING',
      resultCode: 'PAYMENT_IN_PROCESS',
      resultMessage: 'in process',
      paymentId: 'pay_0003_test',
      card: null,
    });
    assert.deepEqual(await disabled(frame), [true, true, true, true]);
    assert.equal((await field(frame, 'cvc')).value, '');
  });
});

test('a resent in-process attempt asks where the payment stands and passes on only a final answer', async () => {
  await withFixture(async (fixture) => {
    const inProcess = {
      result: { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'in process' },
      paymentId: 'pay_0004_test',
      paymentStatus: 'PROCESSING',
    };
    fixture.paymentAnswer = () => ({ status: 200, body: inProcess });
    const answers = [
      { status: 200, body: inProcess },
      { status: 503, body: {} },
    ];
    fixture.inquiryAnswer = () =>
      answers.shift() ?? {
        status: 200,
        body: {
          result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'declined' },
          paymentId: 'pay_0004_test',
          paymentStatus: 'FAIL',
        },
      };
    const frame = await fixture.ready();
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('result');
    // Still in process, then no answer: nothing is passed on, and the card is never sent again.
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await eventually(() => assert.equal(fixture.inquiryCalls.length, 1));
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await eventually(() => assert.equal(fixture.inquiryCalls.length, 2));
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const results = await fixture.waitForMessage('result', 2);
    assert.deepEqual(
      results.map((message) => message.type === 'result' && [message.attemptId, message.outcome.status]),
      [
        ['attempt_0001', 'PROCESSING'],
        ['attempt_0001', 'FAIL'],
      ],
    );
    assert.equal(fixture.paymentCalls.length, 1);
    assert.equal(fixture.inquiryCalls.length, 3);
    // After the decline the buyer may try again: the form is usable.
    assert.deepEqual(await disabled(frame), [false, false, false, false]);
  });
});

test('an unreadable answer is a network error; malformed card facts are left out', async () => {
  await withFixture(async (fixture) => {
    const answers = [
      { status: 200, body: { result: { resultStatus: 'X' } } },
      { status: 200, body: 'not an object' },
      {
        status: 200,
        body: {
          result: { resultCode: 'bad code!', resultStatus: 'F', resultMessage: 42 },
          paymentId: 'x',
          card: { brand: 'NOPE', last4: '0768', expiryMonth: '12', expiryYear: '30' },
        },
      },
    ];
    fixture.paymentAnswer = () => answers.shift() ?? { status: 500, body: {} };
    const frame = await fixture.ready();
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('network-error');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('network-error', 2);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [result] = await fixture.waitForMessage('result');
    assert.deepEqual(result?.type === 'result' && result.outcome, {
      status: 'FAIL',
      resultCode: 'UNKNOWN_EXCEPTION',
      resultMessage: '',
      paymentId: null,
      card: null,
    });
  });
});

test('submit with missing or wrong fields shows every error, focuses the first and sends nothing', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready();
    await frame.click('#expiry');
    await fixture.page.keyboard.type('12');
    await frame.click('#holder');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [invalid] = await fixture.waitForMessage('invalid');
    assert.deepEqual(invalid, {
      type: 'invalid',
      attemptId: 'attempt_0001',
      invalidFields: ['number', 'expiry', 'cvc'],
    });
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'number');
    assert.equal((await field(frame, 'number')).error, errorTexts(EN_US_FIELD_MESSAGES).REQUIRED);
    assert.equal((await field(frame, 'expiry')).error, errorTexts(EN_US_FIELD_MESSAGES).INCOMPLETE_EXPIRATION_DATE);
    assert.equal((await field(frame, 'cvc')).invalid, 'true');
    assert.equal((await field(frame, 'holder')).invalid, null, 'the optional name is fine empty');
    await expectState(fixture, (state) =>
      assert.deepEqual(state.fields.expiry, {
        empty: false,
        valid: false,
        error: 'INCOMPLETE_EXPIRATION_DATE',
      }),
    );
    assert.equal(fixture.paymentCalls.length, 0);
  });
});

test('validate answers with the invalid fields; reset clears; focus goes to the first error', async () => {
  await withFixture(async (fixture) => {
    const frame = await fixture.ready();
    await frame.click('#number');
    await fixture.page.keyboard.type('4242424242424242');
    await frame.click('#holder');
    await fixture.send({ type: 'validate', requestId: 'request_0001' });
    const [validation] = await fixture.waitForMessage('validation');
    assert.deepEqual(validation, {
      type: 'validation',
      requestId: 'request_0001',
      valid: false,
      invalidFields: ['expiry', 'cvc'],
    });
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'expiry');
    await frame.click('#holder');
    await fixture.send({ type: 'focus' });
    await eventually(async () => assert.equal(await frame.evaluate(() => document.activeElement?.id), 'expiry'));

    await fixture.send({ type: 'reset' });
    await eventually(async () => {
      for (const id of ['number', 'expiry', 'cvc', 'holder']) {
        const { value, invalid, error } = await field(frame, id);
        assert.deepEqual({ value, invalid: invalid === 'true', error }, { value: '', invalid: false, error: '' }, id);
      }
    });
    await expectState(fixture, (state) =>
      assert.deepEqual(state, {
        brand: null,
        complete: false,
        fields: {
          number: { empty: true, valid: false, error: null },
          expiry: { empty: true, valid: false, error: null },
          cvc: { empty: true, valid: false, error: null },
          holder: { empty: true, valid: true, error: null },
        },
      }),
    );
    await fixture.send({ type: 'focus' });
    await eventually(async () => assert.equal(await frame.evaluate(() => document.activeElement?.id), 'number'));

    await fillCard(fixture, frame);
    await fixture.send({ type: 'validate', requestId: 'request_0002' });
    const all = await fixture.waitForMessage('validation', 2);
    assert.deepEqual(all[1], { type: 'validation', requestId: 'request_0002', valid: true, invalidFields: [] });
  });
});

test('session errors: unknown or foreign session data, expired or missing session, unreachable gateway', async () => {
  const cases: { name: string; code: string; setup: (fixture: FrameFixture) => string; calls: number }[] = [
    {
      // The URL names no session: the frame asks, and uses no view but the one of the session it holds.
      name: 'session data of another session',
      code: 'SESSION_INVALID',
      calls: 1,
      setup: (fixture) =>
        encodeSessionData('tok_abcdefghijklmnopqrstuvwxyz', 'SG', {
          clientId: 'SANDBOX_FRAME_TEST',
          paymentSessionConfig: {
            productScene: 'CASHIER_PAYMENT',
            paymentMethodCategoryType: 'CARD',
            productSceneVersion: '1.0',
          },
          paymentSessionId: 'ps_someone_else',
          gatewayOrigin: fixture.gatewayOrigin,
          mode: 'payment',
        }),
    },
    {
      name: 'session data naming another gateway',
      code: 'SESSION_INVALID',
      calls: 0,
      setup: (fixture) =>
        encodeSessionData('tok_abcdefghijklmnopqrstuvwxyz', 'SG', {
          clientId: 'SANDBOX_FRAME_TEST',
          paymentSessionConfig: {
            productScene: 'CASHIER_PAYMENT',
            paymentMethodCategoryType: 'CARD',
            productSceneVersion: '1.0',
          },
          paymentSessionId: fixture.sessionId,
          gatewayOrigin: 'https://evil.example',
          mode: 'payment',
        }),
    },
    { name: 'garbage session data', code: 'SESSION_INVALID', calls: 0, setup: () => 'not&&session&&data' },
    {
      name: 'expired',
      code: 'SESSION_EXPIRED',
      calls: 1,
      setup: (fixture) => {
        fixture.sessionAnswer = () => ({
          status: 200,
          body: { result: { resultCode: 'SESSION_EXPIRED', resultStatus: 'F', resultMessage: 'expired' } },
        });
        return fixture.sessionData;
      },
    },
    {
      name: 'not found',
      code: 'SESSION_NOT_FOUND',
      calls: 1,
      setup: (fixture) => {
        fixture.sessionAnswer = () => ({
          status: 404,
          body: { result: { resultCode: 'SESSION_NOT_FOUND', resultStatus: 'F', resultMessage: 'no such session' } },
        });
        return fixture.sessionData;
      },
    },
    {
      name: 'another gateway refusal',
      code: 'SESSION_INVALID',
      calls: 1,
      setup: (fixture) => {
        fixture.sessionAnswer = () => ({
          status: 200,
          body: { result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'bad' } },
        });
        return fixture.sessionData;
      },
    },
    {
      name: 'server error',
      code: 'NETWORK_ERROR',
      calls: 1,
      setup: (fixture) => {
        fixture.sessionAnswer = () => ({ status: 503, body: {} });
        return fixture.sessionData;
      },
    },
    {
      name: 'dropped connection',
      code: 'NETWORK_ERROR',
      calls: 1,
      setup: (fixture) => {
        fixture.sessionAnswer = () => 'drop';
        return fixture.sessionData;
      },
    },
  ];
  for (const { name, code, setup, calls } of cases) {
    const fixture = await startFixture(browser);
    try {
      const sessionData = setup(fixture);
      const frame = await fixture.mount();
      await fixture.connect();
      await fixture.send({ type: 'init', sessionData, locale: 'en_US', appearance: {} });
      const [error] = await fixture.waitForMessage('session-error');
      assert.deepEqual(error, { type: 'session-error', code }, name);
      assert.equal(fixture.sessionCalls.length, calls, name);
      assert.equal(await frame.evaluate(() => document.body.childElementCount), 0, name);
      assert.ok(!(await fixture.messages()).some((m) => m.type === 'ready'), name);
      assert.deepEqual(fixture.pageErrors, [], name);
    } finally {
      await fixture.close();
    }
  }
});

test('a payment answered with an expired session clears the form and blocks submits', async () => {
  await withFixture(async (fixture) => {
    fixture.paymentAnswer = () => ({
      status: 200,
      body: { result: { resultCode: 'SESSION_EXPIRED', resultStatus: 'F', resultMessage: 'expired' } },
    });
    const frame = await fixture.ready({ locale: 'de_DE' });
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [error] = await fixture.waitForMessage('session-error');
    // The message is for developers, in English; the element localizes the code for the buyer.
    assert.deepEqual(error, {
      type: 'session-error',
      code: 'SESSION_EXPIRED',
    });
    assert.equal((await field(frame, 'number')).value, '');
    assert.deepEqual(await disabled(frame), [true, true, true, true]);
    await fixture.send({ type: 'reset' });
    await fixture.send({ type: 'submit', attemptId: 'attempt_0002' });
    await settle();
    assert.equal(fixture.paymentCalls.length, 1);
    assert.ok(!(await fixture.messages()).some((m) => m.type === 'result'));
  });
});

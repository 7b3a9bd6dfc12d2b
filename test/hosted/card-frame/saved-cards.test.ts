/**
 * Saved cards in the frame: which mode it starts in, what `select` switches to (and what it
 * ignores), the CVC-only mode with its brand's length and error rule, the saved card that needs
 * no input, and the request a saved card makes (its id, the CVC when asked, never a card field).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame } from 'playwright-core';
import { EN_US_FIELD_MESSAGES } from '../../../src/shared/i18n/field-messages.js';
import type { FrameToElement } from '../../../src/shared/channel/messages.js';
import type { SessionPolicies } from '../../../src/shared/types.js';
import { eventually, settle } from '../../support/waits.js';
import {
  errorTexts,
  expectState,
  field,
  launchBrowser,
  PAYMENT_SUCCESS,
  savedCard,
  startFixture,
  states,
  visibleInputs,
  type FrameFixture,
} from './fixture.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

const UNUSED = { empty: true, valid: false, error: null };
/** An expired card, a Visa and an Amex: the Visa is the first one the buyer can use. */
const CARDS = [savedCard(0, 'MASTERCARD', '4444', true), savedCard(1, 'VISA', '0768'), savedCard(2, 'AMEX', '0005')];

async function withSavedCards(
  policies: SessionPolicies | undefined,
  run: (fixture: FrameFixture, frame: Frame) => Promise<void>,
  cards = CARDS,
): Promise<void> {
  const fixture = await startFixture(browser);
  try {
    fixture.view.savedCards = cards;
    if (policies) fixture.view.policies = policies;
    const frame = await fixture.ready();
    await run(fixture, frame);
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
    assert.deepEqual(fixture.violations, []);
  } finally {
    await fixture.close();
  }
}

const CVC_AGAIN: SessionPolicies = { savedCardCvc: true, askToSave: false };

/** Sends `message` and returns what the frame posted in answer (after a bounded wait). */
async function answerTo(fixture: FrameFixture, message: unknown): Promise<FrameToElement[]> {
  // Messages still on their way from what came before (the state after a payment clears the CVC) are
  // not answers to this one: CI once counted one.
  await settle();
  const before = (await fixture.messages()).length;
  await fixture.send(message);
  await settle();
  return (await fixture.messages()).slice(before);
}

const cvcLabel = (frame: Frame): Promise<string | null> => frame.textContent('label[for=cvc]');

test('without a usable saved card the new-card form shows and an expired card cannot be chosen', async () => {
  await withSavedCards(
    CVC_AGAIN,
    async (fixture, frame) => {
      assert.deepEqual(await visibleInputs(frame), ['number', 'expiry', 'cvc', 'holder']);
      assert.equal(await cvcLabel(frame), EN_US_FIELD_MESSAGES.cvc);
      assert.deepEqual(await answerTo(fixture, { type: 'select', savedCardId: 'saved-0' }), []);
      assert.deepEqual(await visibleInputs(frame), ['number', 'expiry', 'cvc', 'holder']);
    },
    [CARDS[0]!],
  );
});

test('with a usable saved card the frame starts on the first one, like the element', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    assert.deepEqual(await visibleInputs(frame), ['cvc']);
    assert.equal(await cvcLabel(frame), 'Security code for Visa ••••\u00a00768');
    // Its accessible name leaves out the dots a screen reader would read as "bullet".
    assert.equal(await frame.getAttribute('#cvc', 'aria-label'), 'Security code for Visa 0768');
    await expectState(fixture, (state) =>
      assert.deepEqual(state, {
        brand: 'VISA',
        complete: false,
        fields: { number: UNUSED, expiry: UNUSED, cvc: { empty: true, valid: false, error: null }, holder: UNUSED },
      }),
    );
    // The element confirms the same card right after ready: nothing changes.
    assert.deepEqual(await answerTo(fixture, { type: 'select', savedCardId: 'saved-1' }), []);
  });
});

test('select switches between saved cards and a new card, posting one state and one resize each time', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    const toAmex = await answerTo(fixture, { type: 'select', savedCardId: 'saved-2' });
    assert.deepEqual(
      toAmex.map((m) => m.type),
      ['state', 'resize'],
    );
    assert.equal(await cvcLabel(frame), 'Security code for American Express ••••\u00a00005');
    assert.equal(await frame.getAttribute('#cvc', 'placeholder'), '4 digits');
    await expectState(fixture, (state) => assert.equal(state.brand, 'AMEX'));

    const toNew = await answerTo(fixture, { type: 'select', savedCardId: null });
    assert.deepEqual(
      toNew.map((m) => m.type),
      ['state', 'resize'],
    );
    assert.deepEqual(await visibleInputs(frame), ['number', 'expiry', 'cvc', 'holder']);
    assert.equal(await cvcLabel(frame), EN_US_FIELD_MESSAGES.cvc);
    assert.equal(await frame.getAttribute('#cvc', 'aria-label'), null, 'back to a new card: no saved-card name');
    assert.equal(await frame.getAttribute('#cvc', 'aria-label'), null, 'a new card: the visible label names the field');
    assert.equal(await frame.getAttribute('#cvc', 'placeholder'), '3 digits');
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
    const [newHeight, savedHeight] = [toNew.at(-1), toAmex.at(-1)].map((m) => (m?.type === 'resize' ? m.height : 0));
    assert.ok(newHeight! > savedHeight!, `new card ${newHeight} px, saved card ${savedHeight} px`);
  });
});

test('unknown, expired and malformed saved card ids are ignored', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    await frame.click('#cvc');
    await fixture.page.keyboard.type('12');
    for (const savedCardId of ['saved-0', 'saved-9', 'saved-99', 'saved-x', 'card-1', '', 1, true, {}, ['saved-2']]) {
      assert.deepEqual(await answerTo(fixture, { type: 'select', savedCardId }), [], String(savedCardId));
    }
    assert.deepEqual(await answerTo(fixture, { type: 'select' }), []);
    assert.deepEqual(await answerTo(fixture, { type: 'select', savedCardId: null, extra: 1 }), []);
    assert.equal(await cvcLabel(frame), 'Security code for Visa ••••\u00a00768');
    assert.equal((await field(frame, 'cvc')).value, '12', 'what was typed stays');
    assert.deepEqual(fixture.pageErrors, []);
  });
});

test('switching modes clears what was typed in the mode left', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    await frame.click('#cvc');
    await fixture.page.keyboard.type('123');
    await fixture.send({ type: 'select', savedCardId: 'saved-2' });
    await eventually(async () => assert.equal((await field(frame, 'cvc')).value, '', 'another card, another code'));

    await fixture.send({ type: 'select', savedCardId: null });
    await expectState(fixture, (state) => assert.equal(state.brand, null, 'the new-card form is back'));
    await frame.click('#number');
    await fixture.page.keyboard.type('4242424242424242');
    await fixture.page.keyboard.type('1230');
    await fixture.page.keyboard.type('123');
    await frame.click('#holder');
    await fixture.page.keyboard.type('Ada Lovelace');
    await fixture.send({ type: 'select', savedCardId: 'saved-1' });
    await fixture.send({ type: 'select', savedCardId: null });
    // The state of the last select comes after the DOM it describes: once it is here, both selects are done.
    await expectState(fixture, (state) => assert.equal(state.brand, null));
    for (const id of ['number', 'expiry', 'cvc', 'holder']) assert.equal((await field(frame, id)).value, '', id);
  });
});

test('the CVC of a saved card follows its brand length and the error rule', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    const messages = errorTexts(EN_US_FIELD_MESSAGES);
    await frame.click('#cvc');
    await fixture.page.keyboard.type('1a2');
    assert.deepEqual(await field(frame, 'cvc'), { value: '12', caret: 2, invalid: null, error: '' });
    await expectState(fixture, (state) => {
      assert.equal(state.fields.cvc.empty, false, 'the state of the typed digits');
      assert.equal(state.fields.cvc.error, null, 'no error while typing');
    });
    await fixture.page.keyboard.press('Shift+Tab');
    assert.equal((await field(frame, 'cvc')).error, messages.INCOMPLETE_CVV, 'incomplete shows on blur');
    assert.equal(await frame.textContent('[role=status]'), `${EN_US_FIELD_MESSAGES.cvc}: ${messages.INCOMPLETE_CVV}`);
    await frame.click('#cvc');
    await fixture.page.keyboard.press('End');
    await fixture.page.keyboard.type('34');
    assert.equal((await field(frame, 'cvc')).value, '123', 'a Visa code has three digits');
    await expectState(fixture, (state) =>
      assert.deepEqual(state, {
        brand: 'VISA',
        complete: true,
        fields: { number: UNUSED, expiry: UNUSED, cvc: { empty: false, valid: true, error: null }, holder: UNUSED },
      }),
    );

    await fixture.send({ type: 'select', savedCardId: 'saved-2' });
    await expectState(fixture, (state) => assert.equal(state.brand, 'AMEX', 'the Amex is chosen before typing'));
    await frame.click('#cvc');
    await fixture.page.keyboard.type('123456');
    assert.equal((await field(frame, 'cvc')).value, '1234', 'an Amex code has four digits');
    await expectState(fixture, (state) => assert.equal(state.complete, true));
  });
});

test('validate and submit list only the CVC, and focus it', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    await fixture.send({ type: 'validate', requestId: 'request_0001' });
    const [validation] = await fixture.waitForMessage('validation');
    assert.deepEqual(validation, {
      type: 'validation',
      requestId: 'request_0001',
      valid: false,
      invalidFields: ['cvc'],
    });
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'cvc');
    assert.equal((await field(frame, 'cvc')).error, errorTexts(EN_US_FIELD_MESSAGES).REQUIRED);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    assert.deepEqual(await fixture.waitForMessage('invalid'), [
      { type: 'invalid', attemptId: 'attempt_0001', invalidFields: ['cvc'] },
    ]);
    assert.equal(fixture.paymentCalls.length, 0);
  });
});

test('keyboard only: focus, type the CVC, Enter asks to pay; the request carries the id and the CVC, no card', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    await fixture.send({ type: 'focus' });
    await eventually(async () => assert.equal(await frame.evaluate(() => document.activeElement?.id), 'cvc'));
    await fixture.page.keyboard.type('987');
    await fixture.page.keyboard.press('Enter');
    await fixture.waitForMessage('submit-request');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    const [result] = await fixture.waitForMessage('result');
    assert.equal(result?.type === 'result' && result.outcome.status, 'SUCCESS');
    assert.equal(fixture.paymentCalls.length, 1);
    const [call] = fixture.paymentCalls;
    assert.equal(call!.idempotencyKey, 'attempt_0001');
    assert.deepEqual(call!.body, {
      paymentSessionData: fixture.sessionData,
      savedCard: { id: 'saved-1', cvc: '987' },
    });
    assert.ok(!('card' in (call!.body as object)) && !('saveCard' in (call!.body as object)));
    assert.equal((await field(frame, 'cvc')).value, '', 'the CVC is gone after the answer');
    assert.deepEqual(await frame.$$eval('input', (inputs) => inputs.map((i) => (i as HTMLInputElement).disabled)), [
      true,
      true,
      true,
      true,
    ]);
    // After the payment nothing switches any more.
    assert.deepEqual(await answerTo(fixture, { type: 'select', savedCardId: null }), []);
    // No message but the session view carries a digit, and none carries the CVC.
    for (const message of await fixture.messages()) {
      if (message.type === 'state') assert.doesNotMatch(JSON.stringify(message), /\d/);
      assert.ok(!JSON.stringify(message).includes('987'), message.type);
    }
  });
});

test('a declined saved card keeps the mode, clears the CVC and can be paid again', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    fixture.paymentAnswer = () => ({
      status: 200,
      body: {
        result: { resultCode: 'INVALID_CVV', resultStatus: 'F', resultMessage: 'Invalid CVV.' },
        paymentId: 'pay_0002_test',
        paymentStatus: 'FAIL',
      },
    });
    await frame.click('#cvc');
    await fixture.page.keyboard.type('111');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('result');
    assert.equal((await field(frame, 'cvc')).value, '');
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'cvc');
    assert.deepEqual(await visibleInputs(frame), ['cvc']);
    await fixture.page.keyboard.type('222');
    fixture.paymentAnswer = () => ({ status: 200, body: PAYMENT_SUCCESS });
    await fixture.send({ type: 'submit', attemptId: 'attempt_0002' });
    await fixture.waitForMessage('result', 2);
    assert.deepEqual(
      fixture.paymentCalls.map((call) => call.body),
      [
        { paymentSessionData: fixture.sessionData, savedCard: { id: 'saved-1', cvc: '111' } },
        { paymentSessionData: fixture.sessionData, savedCard: { id: 'saved-1', cvc: '222' } },
      ],
    );
  });
});

test('a saved card that needs no CVC shows nothing, is complete, and pays with its id alone', async () => {
  for (const policies of [undefined, { savedCardCvc: false, askToSave: true }]) {
    await withSavedCards(policies, async (fixture, frame) => {
      assert.deepEqual(await visibleInputs(frame), []);
      const resizes = (await fixture.messages()).filter((m) => m.type === 'resize');
      assert.deepEqual(resizes, [{ type: 'resize', height: 0 }]);
      await expectState(fixture, (state) =>
        assert.deepEqual(state, {
          brand: 'VISA',
          complete: true,
          fields: { number: UNUSED, expiry: UNUSED, cvc: UNUSED, holder: UNUSED },
        }),
      );
      await fixture.send({ type: 'validate', requestId: 'request_0001' });
      assert.deepEqual(await fixture.waitForMessage('validation'), [
        { type: 'validation', requestId: 'request_0001', valid: true, invalidFields: [] },
      ]);
      await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
      await fixture.waitForMessage('result');
      assert.deepEqual(
        fixture.paymentCalls.map((call) => call.body),
        [{ paymentSessionData: fixture.sessionData, savedCard: { id: 'saved-1' } }],
      );
    });
  }
});

test('select is ignored while a payment is in flight', async () => {
  await withSavedCards(CVC_AGAIN, async (fixture, frame) => {
    fixture.paymentAnswer = () => ({
      status: 200,
      delayMs: 300,
      body: {
        result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'Do not honor.' },
        paymentStatus: 'FAIL',
      },
    });
    await frame.click('#cvc');
    await fixture.page.keyboard.type('123');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.send({ type: 'select', savedCardId: null });
    await fixture.waitForMessage('result');
    await settle();
    assert.deepEqual(await visibleInputs(frame), ['cvc']);
    assert.deepEqual(
      (await states(fixture)).map((state) => state.fields.number),
      (await states(fixture)).map(() => UNUSED),
      'the number never came into use',
    );
  });
});

/**
 * Typing in the frame like a buyer: formatting with the caret kept, auto-advance, when errors
 * show, Enter, and state messages that never carry a value.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame } from 'playwright-core';
import { EN_US_FIELD_MESSAGES } from '../../../src/shared/i18n/field-messages.js';
import { settle } from '../../support/waits.js';
import { errorTexts, expectState, field, launchBrowser, startFixture, states, type FrameFixture } from './fixture.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

async function withReadyFrame(run: (fixture: FrameFixture, frame: Frame) => Promise<void>): Promise<void> {
  const fixture = await startFixture(browser);
  try {
    const frame = await fixture.ready();
    await run(fixture, frame);
    assert.deepEqual(fixture.pageErrors, []);
    assert.deepEqual(fixture.consoleMessages, []);
  } finally {
    await fixture.close();
  }
}

const focused = (frame: Frame): Promise<string> => frame.evaluate(() => document.activeElement?.id ?? '');

async function press(fixture: FrameFixture, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await fixture.page.keyboard.press(key);
}

test('formats 4-4-4-4 and Amex 4-6-5 as typed, and jumps to the expiry once complete', async () => {
  await withReadyFrame(async (fixture, frame) => {
    await frame.click('#number');
    await fixture.page.keyboard.type('4242424242424242');
    assert.deepEqual(await field(frame, 'number'), {
      value: '4242 4242 4242 4242',
      caret: 19,
      invalid: null,
      error: '',
    });
    assert.equal(await focused(frame), 'expiry');
    await expectState(fixture, (state) => assert.equal(state.brand, 'VISA'));

    await fixture.page.keyboard.type('1');
    assert.equal((await field(frame, 'expiry')).value, '1');
    await fixture.page.keyboard.type('2');
    assert.equal((await field(frame, 'expiry')).value, '12 / ');
    await fixture.page.keyboard.type('35');
    assert.equal((await field(frame, 'expiry')).value, '12 / 35');
    assert.equal(await focused(frame), 'cvc');

    await frame.fill('#number', '');
    await frame.click('#number');
    await fixture.page.keyboard.type('378282246310005');
    assert.deepEqual(await field(frame, 'number'), { value: '3782 822463 10005', caret: 17, invalid: null, error: '' });
    await expectState(fixture, (state) => assert.equal(state.brand, 'AMEX'));
    assert.equal(await frame.getAttribute('#cvc', 'placeholder'), '4 digits');
    assert.equal(await frame.textContent('#number-brand'), 'American Express');
  });
});

test('keeps the caret after the same digit on insert, delete and paste in the middle', async () => {
  await withReadyFrame(async (fixture, frame) => {
    await frame.click('#number');
    await fixture.page.keyboard.type('42424242');
    assert.deepEqual(await field(frame, 'number'), { value: '4242 4242', caret: 9, invalid: null, error: '' });
    // Insert after the 4th digit ("4242| 4242").
    await press(fixture, 'ArrowLeft', 5);
    await fixture.page.keyboard.type('1');
    assert.equal((await field(frame, 'number')).value, '4242 1424 2');
    assert.equal((await field(frame, 'number')).caret, 6, 'after the inserted 1');
    // Backspace right after a space removes the digit before it ("4242 |1424 2").
    await press(fixture, 'ArrowLeft');
    await press(fixture, 'Backspace');
    assert.deepEqual(await field(frame, 'number'), { value: '4241 4242', caret: 3, invalid: null, error: '' });
    // Delete in the middle.
    await press(fixture, 'Delete');
    assert.deepEqual(await field(frame, 'number'), { value: '4244 242', caret: 3, invalid: null, error: '' });

    // Paste in the middle: the caret lands after the last pasted digit.
    await fixture.page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fixture.parentOrigin });
    await fixture.page.evaluate(() => navigator.clipboard.writeText('5555 55'));
    await frame.focus('#number');
    await press(fixture, 'Control+V');
    assert.deepEqual(await field(frame, 'number'), { value: '4245 5555 5424 2', caret: 11, invalid: null, error: '' });
  });
});

test('does not jump ahead when a middle edit completes the number', async () => {
  await withReadyFrame(async (fixture, frame) => {
    await frame.click('#number');
    // 4242 4242 4242 4242 without its third digit.
    await fixture.page.keyboard.type('422424242424242');
    await expectState(fixture, (state) => assert.equal(state.fields.number.valid, false));
    await press(fixture, 'Home');
    await press(fixture, 'ArrowRight', 2);
    await fixture.page.keyboard.type('4');
    assert.equal((await field(frame, 'number')).value, '4242 4242 4242 4242');
    await expectState(fixture, (state) => assert.equal(state.fields.number.valid, true));
    assert.equal(await focused(frame), 'number');
  });
});

test('shows no error while a valid prefix is typed, at once for an impossible one, and on blur when incomplete', async () => {
  await withReadyFrame(async (fixture, frame) => {
    const messages = errorTexts(EN_US_FIELD_MESSAGES);
    await frame.click('#number');
    await fixture.page.keyboard.type('4242 42');
    assert.deepEqual(await field(frame, 'number'), { value: '4242 42', caret: 7, invalid: null, error: '' });
    await expectState(fixture, (state) => assert.equal(state.fields.number.error, null));

    // Incomplete shows on blur...
    await press(fixture, 'Tab');
    assert.equal((await field(frame, 'number')).error, messages.INCOMPLETE_CARD_NUMBER);
    assert.equal((await field(frame, 'number')).invalid, 'true');
    await expectState(fixture, (state) => assert.equal(state.fields.number.error, 'INCOMPLETE_CARD_NUMBER'));
    // ...and hides again while the buyer goes on typing.
    await frame.click('#number');
    await press(fixture, 'End');
    await fixture.page.keyboard.type('4');
    assert.deepEqual(await field(frame, 'number'), { value: '4242 424', caret: 8, invalid: 'false', error: '' });

    // Impossible input shows at once, while typing.
    await frame.fill('#number', '');
    await frame.click('#number');
    await fixture.page.keyboard.type('7');
    assert.equal((await field(frame, 'number')).error, messages.INVALID_CARD_NUMBER);
    await expectState(fixture, (state) => assert.equal(state.fields.number.error, 'INVALID_CARD_NUMBER'));

    await frame.click('#expiry');
    await fixture.page.keyboard.type('1');
    assert.equal((await field(frame, 'expiry')).error, '');
    await fixture.page.keyboard.type('3');
    assert.equal((await field(frame, 'expiry')).error, messages.INVALID_EXPIRATION_DATE);
    await frame.fill('#expiry', '');
    await frame.click('#expiry');
    await fixture.page.keyboard.type('1220');
    assert.equal((await field(frame, 'expiry')).error, messages.CARD_EXPIRED);

    await frame.click('#cvc');
    await fixture.page.keyboard.type('12');
    assert.equal((await field(frame, 'cvc')).error, '');
    await press(fixture, 'Tab');
    assert.equal((await field(frame, 'cvc')).error, messages.INCOMPLETE_CVV);
    await expectState(fixture, (state) => assert.equal(state.fields.cvc.error, 'INCOMPLETE_CVV'));
    // An empty field left behind shows nothing until submit or validate.
    await frame.click('#holder');
    await press(fixture, 'Tab');
    assert.equal((await field(frame, 'holder')).error, '');
  });
});

test('a brand the merchant does not accept shows at once', async () => {
  const fixture = await startFixture(browser);
  try {
    fixture.view.brands = ['VISA', 'MASTERCARD'];
    const frame = await fixture.ready();
    await frame.click('#number');
    await fixture.page.keyboard.type('37');
    assert.equal((await field(frame, 'number')).error, errorTexts(EN_US_FIELD_MESSAGES).CARD_NOT_SUPPORTED);
    await expectState(fixture, (state) =>
      assert.deepEqual(state.fields.number, {
        empty: false,
        valid: false,
        error: 'CARD_NOT_SUPPORTED',
      }),
    );
    await expectState(fixture, (state) => assert.equal(state.brand, 'AMEX'));
  } finally {
    await fixture.close();
  }
});

test('announces the detected brand and shown errors in the live region', async () => {
  await withReadyFrame(async (fixture, frame) => {
    await frame.click('#number');
    await fixture.page.keyboard.type('5555');
    assert.equal(await frame.textContent('[role=status]'), 'Card brand: Mastercard');
    await frame.fill('#number', '');
    await frame.click('#number');
    await fixture.page.keyboard.type('7');
    assert.equal(await frame.textContent('[role=status]'), 'Card number: Invalid card number');
  });
});

test('Enter in any field asks the element to submit', async () => {
  await withReadyFrame(async (fixture, frame) => {
    for (const [index, id] of ['number', 'expiry', 'cvc', 'holder'].entries()) {
      await frame.click(`#${id}`);
      await press(fixture, 'Enter');
      const requests = await fixture.waitForMessage('submit-request', index + 1);
      assert.deepEqual(requests.at(-1), { type: 'submit-request' });
    }
    assert.equal(fixture.paymentCalls.length, 0, 'the frame itself does not submit');
  });
});

test('state messages carry validity and no digit of the card', async () => {
  await withReadyFrame(async (fixture, frame) => {
    await frame.click('#number');
    await fixture.page.keyboard.type('4242424242424242');
    await fixture.page.keyboard.type('1235');
    await fixture.page.keyboard.type('123');
    await frame.click('#holder');
    await fixture.page.keyboard.type('Ada Lovelace');
    await settle();
    const all = await states(fixture);
    assert.ok(all.length >= 5, 'a state after the changes');
    for (const state of all) assert.doesNotMatch(JSON.stringify(state), /\d|Ada/);
    assert.deepEqual(all.at(-1), {
      brand: 'VISA',
      complete: true,
      fields: {
        number: { empty: false, valid: true, error: null },
        expiry: { empty: false, valid: true, error: null },
        cvc: { empty: false, valid: true, error: null },
        holder: { empty: false, valid: true, error: null },
      },
    });
    const everything = JSON.stringify(await fixture.messages());
    assert.ok(!everything.includes('4242'), 'no part of the number in any message');
  });
});

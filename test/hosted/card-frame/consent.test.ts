/**
 * The "Save this card" box of a session that asks for consent: a real checkbox, unticked by
 * default, usable with the keyboard, sent as `saveCard` only when it is shown.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Frame } from 'playwright-core';
import { EN_US_FIELD_MESSAGES } from '../../../src/shared/i18n/field-messages.js';
import type { SessionPolicies } from '../../../src/shared/types.js';
import { eventually } from '../../support/waits.js';
import { expectState, launchBrowser, savedCard, startFixture, visibleInputs, type FrameFixture } from './fixture.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser.close());

const ASK: SessionPolicies = { savedCardCvc: false, askToSave: true };

async function withConsent(
  run: (fixture: FrameFixture, frame: Frame) => Promise<void>,
  setup: (fixture: FrameFixture) => void = () => undefined,
): Promise<void> {
  const fixture = await startFixture(browser);
  try {
    fixture.view.policies = ASK;
    setup(fixture);
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
}

const results = async (fixture: FrameFixture): Promise<string[]> =>
  (await fixture.messages()).map((message) => message.type).filter((type) => type === 'result');

const ticked = (frame: Frame): Promise<boolean> => frame.$eval('#save', (box) => (box as HTMLInputElement).checked);

const DECLINE = {
  status: 200,
  body: {
    result: { resultCode: 'DO_NOT_HONOR', resultStatus: 'F', resultMessage: 'Do not honor.' },
    paymentStatus: 'FAIL',
  },
};

test('the box is a labelled checkbox, unticked, and an unticked box is sent as saveCard: false', async () => {
  await withConsent(async (fixture, frame) => {
    assert.deepEqual(await visibleInputs(frame), ['number', 'expiry', 'cvc', 'holder', 'save']);
    const box = await frame.$eval('#save', (input) => ({
      type: (input as HTMLInputElement).type,
      checked: (input as HTMLInputElement).checked,
      label: (input as HTMLInputElement).labels?.[0]?.textContent,
    }));
    assert.deepEqual(box, { type: 'checkbox', checked: false, label: EN_US_FIELD_MESSAGES.saveCard });
    await fillCard(fixture, frame);
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('result');
    const body = fixture.paymentCalls[0]?.body as Record<string, unknown>;
    assert.equal(body['saveCard'], false);
    assert.deepEqual(Object.keys(body).sort(), ['card', 'paymentSessionData', 'saveCard']);
  });
});

test('keyboard only: Tab reaches the box, Space ticks it, Enter asks to pay, and the request says saveCard: true', async () => {
  await withConsent(async (fixture, frame) => {
    fixture.paymentAnswer = () => DECLINE;
    await fillCard(fixture, frame);
    await fixture.page.keyboard.press('Tab');
    await fixture.page.keyboard.press('Tab');
    assert.equal(await frame.evaluate(() => document.activeElement?.id), 'save');
    await fixture.page.keyboard.press('Space');
    assert.equal(await ticked(frame), true);
    await fixture.page.keyboard.press('Enter');
    await fixture.waitForMessage('submit-request');
    assert.equal(await ticked(frame), true, 'Enter does not toggle the box');
    await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
    await fixture.waitForMessage('result');
    assert.equal((fixture.paymentCalls[0]?.body as { saveCard?: unknown }).saveCard, true);
    assert.equal(await ticked(frame), true, 'a decline keeps the choice');
    // Clicking anywhere on the 44 px row toggles it back.
    const row = await frame.$eval('label.check', (label) => {
      const { x, y, width, height } = label.getBoundingClientRect();
      return { x, y, width, height };
    });
    assert.equal(row.height, 44);
    await frame.click('label.check', { position: { x: row.width - 10, y: 40 } });
    assert.equal(await ticked(frame), false);
  });
});

test('reset and a switch to a saved card untick the box; a saved card sends no saveCard', async () => {
  await withConsent(
    async (fixture, frame) => {
      await fixture.send({ type: 'select', savedCardId: null });
      await expectState(fixture, (state) => assert.equal(state.brand, null, 'a new card'));
      await frame.check('#save');
      await fixture.send({ type: 'reset' });
      await eventually(async () => assert.equal(await ticked(frame), false, 'reset'));
      await frame.check('#save');
      await fixture.send({ type: 'select', savedCardId: 'saved-0' });
      await eventually(async () => assert.deepEqual(await visibleInputs(frame), []));
      await fixture.send({ type: 'select', savedCardId: null });
      await expectState(fixture, (state) => assert.equal(state.brand, null, 'a new card again'));
      assert.equal(await ticked(frame), false, 'back to a new card');
      await fixture.send({ type: 'select', savedCardId: 'saved-0' });
      await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
      await fixture.waitForMessage('result');
      assert.deepEqual(fixture.paymentCalls[0]?.body, {
        paymentSessionData: fixture.sessionData,
        savedCard: { id: 'saved-0' },
      });
    },
    (fixture) => (fixture.view.savedCards = [savedCard(0, 'VISA', '0768')]),
  );
});

test('without the consent policy there is no box and no saveCard', async () => {
  await withConsent(
    async (fixture, frame) => {
      assert.deepEqual(await visibleInputs(frame), ['number', 'expiry', 'cvc', 'holder']);
      assert.equal(await frame.$('#save'), null);
      await fillCard(fixture, frame);
      await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
      await fixture.waitForMessage('result');
      assert.ok(!('saveCard' in (fixture.paymentCalls[0]?.body as object)));
    },
    (fixture) => (fixture.view.policies = { savedCardCvc: true, askToSave: false }),
  );
});

test('while the card is with the gateway, what was sent stays on screen: read-only, box fixed, focus and look kept', async () => {
  await withConsent(
    async (fixture, frame) => {
      await fillCard(fixture, frame);
      await frame.click('#save');
      await frame.click('#cvc');
      const look = (): Promise<string[]> =>
        frame.$$eval('input', (inputs) => inputs.map((input) => getComputedStyle(input).opacity));
      const before = await look();
      await fixture.send({ type: 'submit', attemptId: 'attempt_0001' });
      await eventually(() => assert.equal(fixture.paymentCalls.length, 1));
      assert.deepEqual(
        await frame.$$eval('input', (inputs) => inputs.map((i) => [(i as HTMLInputElement).readOnly, i.ariaDisabled])),
        [
          [true, null],
          [true, null],
          [true, null],
          [true, null],
          [false, 'true'],
        ],
      );
      await fixture.page.keyboard.type('9');
      await fixture.page.keyboard.press('Enter');
      // A real click (Playwright would otherwise wait for the aria-disabled box to be enabled).
      await frame.click('#save', { force: true });
      await fixture.page.keyboard.press('Space');
      assert.deepEqual(await results(fixture), [], 'still waiting for the answer');
      assert.ok(
        !(await fixture.messages()).some((message) => message.type === 'submit-request'),
        'Enter in a field asks for no second payment',
      );
      assert.equal(await frame.$eval('#cvc', (input) => (input as HTMLInputElement).value), '123');
      assert.equal(await ticked(frame), true, 'the box stays as sent');
      assert.equal(await frame.evaluate(() => document.activeElement?.id), 'save', 'focus moves, nothing changes');
      assert.deepEqual(await look(), before, 'no dimming while waiting');
      // The decline comes: the form is the buyer's again, the CVC emptied.
      await fixture.waitForMessage('result');
      await frame.click('#cvc');
      await fixture.page.keyboard.type('456');
      assert.equal(await frame.$eval('#cvc', (input) => (input as HTMLInputElement).value), '456');
      await frame.click('#save');
      assert.equal(await ticked(frame), false);
    },
    (fixture) => {
      fixture.paymentAnswer = () => ({ ...DECLINE, delayMs: 2000 });
    },
  );
});

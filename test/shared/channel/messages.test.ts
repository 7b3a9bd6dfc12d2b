/**
 * The channel parsers accept exactly the known messages and drop everything else without
 * throwing: property-based fuzzing (fast-check) in both directions, plus hand-picked hostile
 * shapes (`__proto__`, class instances, oversized, extra keys).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isHandshake, parseElementMessage, parseFrameMessage, MAX_MESSAGE_CHARS } from '../../../src/shared/channel/messages.js';
import { encodeSessionData, parseSessionData } from '../../../src/shared/session-data.js';
import { isAppearanceValue, sanitizeAppearance } from '../../../src/shared/appearance.js';

const emptyField = { empty: true, valid: false, error: null };
const validState = {
  type: 'state',
  state: { brand: 'VISA', complete: false, fields: { number: emptyField, expiry: emptyField, cvc: emptyField, holder: emptyField } },
};
const validResult = {
  type: 'result',
  attemptId: 'attempt_0001',
  outcome: {
    status: 'SUCCESS',
    resultCode: 'SUCCESS',
    resultMessage: 'success.',
    paymentId: 'pay_0001abcd',
    card: { brand: 'VISA', last4: '0768', expiryMonth: '12', expiryYear: '30' },
  },
};
const validReady = {
  type: 'ready',
  view: {
    paymentSessionId: 'ps_abcdef12',
    mode: 'payment',
    amount: { currency: 'USD', value: '2500' },
    merchantName: 'Demo Shop',
    expiresAt: '2026-11-26T16:00:00.000Z',
    brands: ['VISA', 'MASTERCARD'],
    captureMode: 'AUTOMATIC',
  },
};

describe('parseFrameMessage', () => {
  test('accepts every known message shape', () => {
    for (const message of [
      validState,
      validResult,
      validReady,
      { type: 'resize', height: 262 },
      { type: 'submit-request' },
      { type: 'validation', requestId: 'request_01', valid: false, invalidFields: ['number', 'cvc'] },
      { type: 'invalid', attemptId: 'attempt_0001', invalidFields: ['expiry'] },
      { type: 'network-error', attemptId: 'attempt_0001' },
      { type: 'session-error', code: 'SESSION_EXPIRED' },
    ]) {
      assert.deepEqual(parseFrameMessage(structuredClone(message)), message, JSON.stringify(message));
    }
  });

  test('rejects hostile and malformed shapes', () => {
    const proto = JSON.parse('{"type":"resize","height":10,"__proto__":{"polluted":true}}');
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'result',
      [],
      proto,
      Object.assign(Object.create({ inherited: 1 }), { type: 'submit-request' }),
      new (class Message { type = 'submit-request'; })(),
      { type: 'submit-request', extra: 1 },
      { type: 'resize', height: Infinity },
      { type: 'resize', height: '10' },
      { ...validResult, outcome: { ...validResult.outcome, card: { ...validResult.outcome.card, last4: '4054695723100768' } } },
      { ...validResult, outcome: { ...validResult.outcome, status: 'MAYBE' } },
      { ...validResult, outcome: { ...validResult.outcome, resultMessage: 'x'.repeat(MAX_MESSAGE_CHARS) } },
      { ...validReady, view: { ...validReady.view, brands: ['VISA', 'EVIL'] } },
      { ...validState, state: { ...validState.state, fields: { ...validState.state.fields, pan: emptyField } } },
      { type: 'session-error', code: 'SESSION_EXPIRED', [Symbol('s')]: 1 },
    ];
    for (const message of bad) assert.equal(parseFrameMessage(message), undefined, String(JSON.stringify(message)).slice(0, 80));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  test('fuzz: never throws, and accepts only what round-trips to a known type', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true }), (value) => {
        const parsed = parseFrameMessage(value);
        if (parsed !== undefined) assert.ok(['state', 'result', 'ready', 'resize', 'submit-request', 'validation', 'invalid', 'network-error', 'session-error'].includes(parsed.type));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.record({ type: fc.constantFrom('result', 'state', 'ready', 'resize'), height: fc.anything(), outcome: fc.anything(), state: fc.anything(), view: fc.anything() }, { requiredKeys: ['type'] }), (value) => {
        parseFrameMessage(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseElementMessage', () => {
  test('init may carry the merchant’s frame texts: short strings under catalogue-like keys only', () => {
    const init = { type: 'init', sessionData: 'x&&SG&&1&&e30=', locale: 'he_IL', appearance: {} };
    const messages = { number: 'מספר', 'error.REQUIRED': 'חובה' };
    assert.deepEqual(parseElementMessage({ ...init, messages }), { ...init, messages });
    const many = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`key${String.fromCharCode(97 + (i % 26))}${i > 25 ? 'x' : ''}`, 'x']));
    for (const bad of [{ number: 1 }, { number: 'x'.repeat(201) }, { '<img>': 'x' }, { ['a'.repeat(41)]: 'x' }, many, null, ['number']]) {
      assert.equal(parseElementMessage({ ...init, messages: bad }), undefined, JSON.stringify(bad));
    }
  });

  test('accepts known messages and rejects look-alikes', () => {
    const init = { type: 'init', sessionData: 'x&&SG&&1&&e30=', locale: 'en_US', appearance: { '--antom-color-primary': '#112233' } };
    assert.deepEqual(parseElementMessage(structuredClone(init)), init);
    assert.deepEqual(parseElementMessage({ type: 'submit', attemptId: 'attempt_0001' }), { type: 'submit', attemptId: 'attempt_0001' });
    assert.deepEqual(parseElementMessage({ type: 'reset' }), { type: 'reset' });
    assert.deepEqual(parseElementMessage({ type: 'close' }), { type: 'close' });
    assert.equal(parseElementMessage({ type: 'close', extra: 1 }), undefined);
    for (const bad of [
      { ...init, appearance: { '--antom-color-primary': 'red; background: url(https://evil)' } },
      { ...init, appearance: { 'background-image': 'none' } },
      { type: 'submit', attemptId: '../../x' },
      { type: 'submit', attemptId: 'attempt_0001', card: '4054695723100768' },
      { type: 'focus', field: 'number' },
      JSON.parse('{"type":"reset","__proto__":{"x":1}}'),
    ]) {
      assert.equal(parseElementMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  test('fuzz: never throws', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (value) => {
        const parsed = parseElementMessage(value);
        if (parsed !== undefined) assert.ok(['init', 'submit', 'validate', 'reset', 'close', 'focus', 'appearance', 'select'].includes(parsed.type));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('handshake and session data', () => {
  test('isHandshake needs the exact type, version and nonce', () => {
    const nonce = 'n'.repeat(32);
    assert.equal(isHandshake({ v: 1, type: 'antom:hello', nonce }, 'antom:hello', nonce), true);
    assert.equal(isHandshake({ v: 1, type: 'antom:hello', nonce: 'stale'.repeat(7) }, 'antom:hello', nonce), false);
    assert.equal(isHandshake({ v: 2, type: 'antom:hello', nonce }, 'antom:hello', nonce), false);
    assert.equal(isHandshake({ v: 1, type: 'antom:connect', nonce }, 'antom:hello', nonce), false);
    assert.equal(isHandshake({ v: 1, type: 'antom:hello', nonce, x: 1 }, 'antom:hello', nonce), false);
  });

  test('session data round-trips in Antom four-part shape and rejects junk', () => {
    const config = {
      clientId: 'SANDBOX_DEMO',
      paymentSessionConfig: { productScene: 'CASHIER_PAYMENT', paymentMethodCategoryType: 'CARD' as const, productSceneVersion: '1.0' },
      paymentSessionId: 'ps_123456',
      gatewayOrigin: 'http://127.0.0.1:8787',
      mode: 'payment' as const,
    };
    const data = encodeSessionData('secret_token_abcdefghijkl', 'SG', config);
    assert.equal(data.split('&&').length, 4);
    assert.deepEqual(parseSessionData(data)?.config, config);
    for (const bad of ['', 'a&&b', data + '&&x', data.replace('SG', 's'), 'x'.repeat(5000), 42, null]) {
      assert.equal(parseSessionData(bad), undefined);
    }
    fc.assert(fc.property(fc.string(), (s) => void parseSessionData(s)), { numRuns: 2000 });
    const evil = encodeSessionData('secret_token_abcdefghijkl', 'SG', { ...config, gatewayOrigin: 'http://evil.test/path' });
    assert.equal(parseSessionData(evil), undefined);
  });

  test('appearance keeps allowlisted tokens with safe values only', () => {
    assert.deepEqual(
      sanitizeAppearance({
        '--antom-color-primary': ' #1d4ed8 ',
        '--antom-radius': '8px',
        '--antom-font-family': 'Inter, sans-serif',
        '--antom-color-text': 'red;}body{display:none',
        '--antom-spacing': 'calc(1px + 1px)',
        '--other': 'blue',
      }),
      { '--antom-color-primary': '#1d4ed8', '--antom-radius': '8px', '--antom-font-family': 'Inter, sans-serif' },
    );
    assert.equal(isAppearanceValue('--antom-color-primary', 'url(x)'), false);
  });
});

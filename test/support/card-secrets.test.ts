import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoCardSecrets, cardSecretIn } from './card-secrets.js';

const secrets = { pans: ['4035501000000008'], cvcs: ['987'], holders: ['Grace Hopper'] };

describe('cardSecretIn', () => {
  it('finds a PAN, a holder name and a CVC written as a value, a word, after "=" or under a CVC field', () => {
    const leaks = [
      '{"cardNo":"4035501000000008"}',
      'card 4035501000000008 paid',
      '{"cardholderName":{"fullName":"Grace Hopper"}}',
      '{"x":"987"}',
      'pay card 987 ok',
      'GET /pay?cvc=987',
      '{"cvv": 12}',
      '{"securityCode":"1"}',
    ];
    for (const text of leaks) assert.ok(cardSecretIn(text, secrets), text);
  });

  it('does not mistake random ids, timestamps, durations or the INVALID_CVV code for the CVC', () => {
    const clean = [
      '{"notificationId":"5d1e987a-0c4f-4b8e-9a87-1b2c3d4e5f60"}',
      '{"cardToken":"ALIPAY9873A1B2"}',
      '{"sentAt":"2026-11-26T17:15:25.987Z","durationMs":987}',
      'POST /sdk/v1/payments 200 987.0ms SUCCESS',
      'notify PAYMENT_RESULT 202611261987 attempt 1/8 -> http://127.0.0.1:39870/notify 200 acknowledged',
      '{"resultCode":"INVALID_CVV"}',
    ];
    for (const text of clean) assert.equal(cardSecretIn(text, secrets), undefined, text);
  });

  it('throws naming what it found', () => {
    assert.throws(() => assertNoCardSecrets(['ok', '{"x":"987"}'], secrets), /the CVC 987 as a JSON value/);
    assert.doesNotThrow(() => assertNoCardSecrets(['ok'], secrets));
  });
});

import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  apiPrefix,
  formatSignatureHeader,
  parseSignatureHeader,
  sign,
  signAsync,
  stringToSign,
  verify,
} from '../../src/server/index.js';
import { KEYS } from '../support/keys.js';

const input = {
  method: 'POST',
  path: '/ams/sandbox/api/v1/payments/inquiryPayment',
  clientId: 'SANDBOX_TEST',
  time: '1700000000000',
  body: '{"paymentRequestId":"demo_1"}',
};

// Computed independently with `openssl dgst -sha256 -sign test/fixtures/keys/merchant-private.pem | base64`.
const OPENSSL_SIGNATURE =
  'ssQabZk9MWfeh3Zzuu2xYRKikWWKXhY/P3mH+9An/WT3Q49u/GPz8P5hI/Kn26olYmtco4R2j9JKJofFBaQMRU7AVSPAKQrlrhoA2bROy5zJUHNRJckizrijK6E9yWRW5ryL8N5F00qjI8QzLMDJ02/VdCsWcHh4AxJjmk3MB8GCZApvxcU3Gs3bMKz7hbA2icRixgFUhAf6HXycRY4KWLQkqFupsiW43lWHYz0hrsCAVOj7A8jPGr5H6cmkvg39oiMieL0tZ4DSt6T0JjdMF11fI0bFRUlXX2y7NFYcE0usmZQm0anlgglR6ffMeX60XHg9gdPspupKDJskdfPkpg==';

describe('signing', () => {
  it('builds the exact string to sign', () => {
    assert.equal(
      stringToSign(input),
      'POST /ams/sandbox/api/v1/payments/inquiryPayment\nSANDBOX_TEST.1700000000000.{"paymentRequestId":"demo_1"}',
    );
  });

  it('matches an OpenSSL signature of the same string, URL-encoded', () => {
    assert.equal(sign(input, KEYS.merchant.privateKey), encodeURIComponent(OPENSSL_SIGNATURE));
  });

  it('signs the same off the event loop (signAsync), from PEM or a key object, and rejects a bad key', async () => {
    assert.equal(await signAsync(input, KEYS.merchant.privateKey), encodeURIComponent(OPENSSL_SIGNATURE));
    const keyObject = createPrivateKey(KEYS.merchant.privateKey);
    assert.equal(await signAsync(input, keyObject), encodeURIComponent(OPENSSL_SIGNATURE));
    await assert.rejects(signAsync(input, 'not a key'));
  });

  it('round-trips sign and verify with the fixed key pair', () => {
    const value = sign(input, KEYS.merchant.privateKey);
    assert.equal(verify(input, value, KEYS.merchant.publicKey), true);
  });

  it('refuses a changed body, path, time, client id or the wrong key', () => {
    const value = sign(input, KEYS.merchant.privateKey);
    assert.equal(verify({ ...input, body: `${input.body} ` }, value, KEYS.merchant.publicKey), false);
    assert.equal(
      verify({ ...input, path: '/ams/api/v1/payments/inquiryPayment' }, value, KEYS.merchant.publicKey),
      false,
    );
    assert.equal(verify({ ...input, time: '1700000000001' }, value, KEYS.merchant.publicKey), false);
    assert.equal(verify({ ...input, clientId: 'SANDBOX_OTHER' }, value, KEYS.merchant.publicKey), false);
    assert.equal(verify(input, value, KEYS.antom.publicKey), false);
  });

  it('refuses garbage signature values without throwing', () => {
    for (const value of ['', '%', 'not base64!', '%E0%A4%A', 'AAAA']) {
      assert.equal(verify(input, value, KEYS.merchant.publicKey), false, value);
    }
  });

  it('formats and parses the Signature header, with and without spaces after commas', () => {
    const value = sign(input, KEYS.merchant.privateKey);
    const header = formatSignatureHeader(value);
    assert.equal(header, `algorithm=RSA256,keyVersion=1,signature=${value}`);
    const expected = { algorithm: 'RSA256', keyVersion: '1', signature: value };
    assert.deepEqual(parseSignatureHeader(header), expected);
    assert.deepEqual(parseSignatureHeader(`algorithm=RSA256, keyVersion=1, signature=${value}`), expected);
    assert.equal(formatSignatureHeader(value, '2').includes('keyVersion=2,'), true);
  });

  it('parses a Signature header without keyVersion, which Antom reads as the newest key', () => {
    assert.deepEqual(parseSignatureHeader('algorithm=RSA256,signature=abc'), {
      algorithm: 'RSA256',
      keyVersion: undefined,
      signature: 'abc',
    });
    assert.equal(parseSignatureHeader('algorithm=RSA256,keyVersion=,signature=abc'), undefined, 'empty is not absent');
  });

  it('rejects Signature headers with a missing or repeated part', () => {
    assert.equal(parseSignatureHeader(undefined), undefined);
    assert.equal(parseSignatureHeader('algorithm=RSA256,keyVersion=1'), undefined);
    assert.equal(parseSignatureHeader('keyVersion=1,signature=abc'), undefined);
    assert.equal(parseSignatureHeader('algorithm=RSA256,keyVersion=1,signature=a,signature=b'), undefined);
    assert.equal(parseSignatureHeader('garbage'), undefined);
  });

  it('uses the sandbox prefix for SANDBOX_ client ids only', () => {
    assert.equal(apiPrefix('SANDBOX_5YBX2N2ZFGHV'), '/ams/sandbox/api/v1');
    assert.equal(apiPrefix('5YBX2N2ZFGHV'), '/ams/api/v1');
    assert.equal(apiPrefix('sandbox_lower'), '/ams/api/v1');
  });
});

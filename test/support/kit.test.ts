/**
 * The kit's own promises: one distinct key pair per role, card names that mean what the catalogue
 * says, and waits that fail with what the test asked for.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { TEST_CARDS } from '../../gateway/src/index.js';
import { sign, verify } from '../../src/server/signing.js';
import { CARDS, card, cardMetaData, cvcFor } from './cards.js';
import { KEYS } from './keys.js';
import { REFUSING_ORIGIN, startUnreachableEndpoint } from './servers.js';
import { eventually, waitFor } from './waits.js';

/** The public key of a PEM key, private or public, in one form. */
const spki = (pem: string): string => createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();

describe('KEYS', () => {
  it('gives each role its own pair, whose halves belong together', () => {
    const publics = Object.values(KEYS).map((pair) => spki(pair.publicKey));
    assert.equal(new Set(publics).size, publics.length, 'no two roles share a pair');
    for (const [role, pair] of Object.entries(KEYS)) {
      assert.equal(spki(pair.privateKey), spki(pair.publicKey), role);
    }
    const input = { method: 'POST', path: '/x', clientId: 'C', time: '1', body: '{}' };
    assert.equal(verify(input, sign(input, KEYS.stranger.privateKey), KEYS.merchant.publicKey), false);
  });
});

describe('CARDS', () => {
  it('names catalogue cards by what the issuer does with them', () => {
    const entry = (number: string) => TEST_CARDS.find((candidate) => candidate.number === number);
    assert.deepEqual(
      [CARDS.visa.approved, CARDS.visa.declined, CARDS.visa.challenge, CARDS.visa.pending].map((n) => {
        const found = entry(n);
        return [found?.brand, found?.resultCode, found?.threeDS];
      }),
      [
        ['VISA', 'SUCCESS', undefined],
        ['VISA', 'DO_NOT_HONOR', undefined],
        ['VISA', 'SUCCESS', 'challenge'],
        ['VISA', 'PAYMENT_IN_PROCESS', undefined],
      ],
    );
    assert.equal(entry(CARDS.mastercard.declined)?.resultCode, 'DO_NOT_HONOR');
    assert.equal(entry(CARDS.visa.unlisted), undefined);
    assert.equal(entry(CARDS.mastercard.unlisted), undefined);
  });

  it('builds card data with a CVC of the brand length', () => {
    assert.equal(cvcFor(CARDS.amex.approved), '1234');
    assert.equal(card(CARDS.visa.approved).cvc, '123');
    assert.equal(cardMetaData(CARDS.amex.approved)['cvv'], '1234');
  });
});

describe('waits', () => {
  it('waitFor returns the first truthy value and names what it waited for on a timeout', async () => {
    let calls = 0;
    assert.equal(await waitFor(() => (++calls === 3 ? 'ready' : undefined)), 'ready');
    await assert.rejects(
      waitFor(() => false, { timeout: 30, message: () => 'the moon' }),
      /timed out after 30 ms waiting for the moon/,
    );
  });

  it("eventually passes once the assertion does, and fails with the assertion's own error", async () => {
    let value = 0;
    await eventually(() => assert.equal(++value, 3));
    await assert.rejects(
      eventually(() => assert.equal(1, 2, 'one is not two'), { timeout: 30 }),
      /one is not two/,
    );
  });
});

describe('endpoints nobody answers from', () => {
  it('the unreachable endpoint resets connections, the refusing origin refuses them', async () => {
    const endpoint = await startUnreachableEndpoint();
    try {
      await assert.rejects(fetch(endpoint.url('/x')), (error: Error) => {
        assert.match(String((error.cause as { code?: string } | undefined)?.code), /ECONNRESET|UND_ERR_SOCKET/);
        return true;
      });
    } finally {
      await endpoint.close();
    }
    await assert.rejects(fetch(`${REFUSING_ORIGIN}/`), (error: Error) => {
      assert.equal((error.cause as { code?: string } | undefined)?.code, 'ECONNREFUSED');
      return true;
    });
  });
});

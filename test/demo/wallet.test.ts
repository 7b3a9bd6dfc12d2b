import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  isCardExpired,
  MAX_WALLET_CARDS,
  savedCardOfPayment,
  savedCardOfVaulting,
  Wallet,
  type NewWalletCard,
} from '../../demo/wallet.js';
import type { PaymentResultNotification, VaultingResultNotification } from '../../src/server/index.js';
import { openTestDatabase, type TestDatabase } from '../support/demo-db.js';

const opened: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

/** A wallet on a fresh, empty database, closed after the test. */
async function freshWallet(options: { now?: () => Date } = {}): Promise<Wallet> {
  const db = await openTestDatabase();
  opened.push(db);
  return new Wallet(db, options);
}

const NOW = new Date('2026-05-15T12:00:00Z');

function card(token: string, last4 = '0768', overrides: Partial<NewWalletCard> = {}): NewWalletCard {
  return { token, brand: 'VISA', last4, expiryMonth: '12', expiryYear: '30', source: 'PAYMENT', ...overrides };
}

function paymentResult(
  info: PaymentResultNotification['paymentResultInfo'],
  status: 'S' | 'F' = 'S',
): PaymentResultNotification {
  return {
    notifyType: 'PAYMENT_RESULT',
    result: { resultCode: status === 'S' ? 'SUCCESS' : 'DO_NOT_HONOR', resultStatus: status, resultMessage: '' },
    paymentRequestId: 'demo_1',
    paymentId: 'pay_1',
    paymentAmount: { currency: 'USD', value: '2500' },
    ...(info ? { paymentResultInfo: info } : {}),
  };
}

function vaultingResult(
  card: NonNullable<VaultingResultNotification['paymentMethodDetail']>['card'],
  overrides: Partial<VaultingResultNotification> = {},
): VaultingResultNotification {
  return {
    notifyType: 'VAULTING_RESULT',
    result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    vaultingRequestId: 'vault_1',
    vaultingStatus: 'SUCCESS',
    ...(card ? { paymentMethodDetail: { paymentMethodType: 'CARD', card } } : {}),
    ...overrides,
  };
}

describe('Wallet', () => {
  it('keeps one card per token, in the order they arrived, and lists no token', async () => {
    const wallet = await freshWallet({ now: () => NOW });
    const first = await wallet.add(card('ALIPAYAAA'));
    const second = await wallet.add(card('ALIPAYBBB', '4622', { brand: 'MASTERCARD', source: 'VAULTING' }));
    const again = await wallet.add(card('ALIPAYAAA', '9999'));
    assert.equal(first.kind, 'added');
    assert.equal(second.kind, 'added');
    assert.equal(again.kind, 'duplicate');
    assert.equal(again.kind === 'duplicate' && again.card.last4, '0768');
    assert.deepEqual(await wallet.tokens(), ['ALIPAYAAA', 'ALIPAYBBB']);
    const listed = await wallet.list();
    assert.deepEqual(
      listed.map(({ brand, last4, expiryMonth, expiryYear, expired, source }) => [
        brand,
        last4,
        `${expiryMonth}/${expiryYear}`,
        expired,
        source,
      ]),
      [
        ['VISA', '0768', '12/30', false, 'PAYMENT'],
        ['MASTERCARD', '4622', '12/30', false, 'VAULTING'],
      ],
    );
    assert.doesNotMatch(JSON.stringify(listed), /ALIPAY/);
    for (const entry of listed) assert.match(entry.id, /^card_[0-9a-f]{16}$/);
    assert.equal(await wallet.tokenOf(listed[1]!.id), 'ALIPAYBBB');
    assert.equal(await wallet.tokenOf('card_unknown'), undefined);
  });

  it('never stores a removed token again, even when a late notification repeats it', async () => {
    const wallet = await freshWallet();
    await wallet.add(card('ALIPAYAAA'));
    const removed = await wallet.remove('ALIPAYAAA');
    assert.equal(removed?.last4, '0768');
    assert.equal(await wallet.has('ALIPAYAAA'), false);
    assert.deepEqual(await wallet.add(card('ALIPAYAAA')), { kind: 'removed-earlier' });
    assert.deepEqual(await wallet.list(), []);
    assert.equal(await wallet.remove('ALIPAYAAA'), undefined);
  });

  it(`keeps at most ${MAX_WALLET_CARDS} cards, dropping the oldest`, async () => {
    const wallet = await freshWallet();
    for (let i = 0; i <= MAX_WALLET_CARDS; i++) await wallet.add(card(`ALIPAY${i}`, String(1000 + i)));
    assert.equal((await wallet.list()).length, MAX_WALLET_CARDS);
    assert.equal((await wallet.tokens())[0], 'ALIPAY1');
  });

  it(`keeps exactly ${MAX_WALLET_CARDS} cards when more arrive at the same time`, async () => {
    const wallet = await freshWallet();
    await Promise.all(
      Array.from({ length: MAX_WALLET_CARDS + 5 }, (_, i) => wallet.add(card(`ALIPAYX${i}`, String(2000 + i)))),
    );
    assert.equal((await wallet.list()).length, MAX_WALLET_CARDS);
  });

  it('maps a session and a list position to the exact token sent, and names what it does not know', async () => {
    const wallet = await freshWallet();
    await wallet.add(card('ALIPAYAAA'));
    await wallet.add(card('ALIPAYBBB'));
    await wallet.rememberSession('ps_1', await wallet.tokens());
    // A card saved after the session was created does not shift the positions that session showed.
    await wallet.remove('ALIPAYAAA');
    await wallet.add(card('ALIPAYCCC'));
    assert.deepEqual(await wallet.sessionToken('ps_1', 0), { ok: true, token: 'ALIPAYAAA' });
    assert.deepEqual(await wallet.sessionToken('ps_1', 1), { ok: true, token: 'ALIPAYBBB' });
    assert.deepEqual(await wallet.sessionToken('ps_1', 2), { ok: false, reason: 'unknown-index' });
    assert.deepEqual(await wallet.sessionToken('ps_2', 0), { ok: false, reason: 'unknown-session' });
  });

  it('marks a card expired once its expiry month is over', async () => {
    const wallet = await freshWallet({ now: () => NOW });
    await wallet.add(card('ALIPAYOLD', '1111', { expiryMonth: '04', expiryYear: '26' }));
    await wallet.add(card('ALIPAYNOW', '2222', { expiryMonth: '05', expiryYear: '26' }));
    assert.deepEqual(
      (await wallet.list()).map((entry) => entry.expired),
      [true, false],
    );
  });
});

describe('isCardExpired', () => {
  const cases: [string, string, string, boolean][] = [
    ['05', '26', '2026-05-31T23:59:59Z', false],
    ['05', '26', '2026-06-01T00:00:00Z', true],
    ['12', '25', '2026-01-01T00:00:00Z', true],
    ['01', '27', '2026-12-31T00:00:00Z', false],
  ];
  for (const [month, year, at, expired] of cases) {
    it(`${month}/${year} at ${at} is ${expired ? '' : 'not '}expired`, () => {
      assert.equal(isCardExpired(month, year, new Date(at)), expired);
    });
  }
});

describe('cards from notifications', () => {
  it('takes the token and display facts of a successful payment with consent', () => {
    const saved = savedCardOfPayment(
      paymentResult({
        cardToken: 'ALIPAYTOK',
        cardBrand: 'VISA',
        cardNo: '************0768',
        expiryMonth: '12',
        expiryYear: '30',
      }),
    );
    assert.deepEqual(saved, {
      token: 'ALIPAYTOK',
      brand: 'VISA',
      last4: '0768',
      expiryMonth: '12',
      expiryYear: '30',
      source: 'PAYMENT',
    });
  });

  it('takes nothing from a payment without a token, a declined one, or one missing display facts', () => {
    const facts = { cardBrand: 'VISA', lastFour: '0768', expiryMonth: '12', expiryYear: '30' };
    assert.equal(savedCardOfPayment(paymentResult(facts)), undefined);
    assert.equal(savedCardOfPayment(paymentResult({ ...facts, cardToken: 'ALIPAYTOK' }, 'F')), undefined);
    assert.equal(savedCardOfPayment(paymentResult(undefined)), undefined);
    for (const broken of [
      { ...facts, cardToken: 'ALIPAYTOK', cardBrand: undefined },
      { ...facts, cardToken: 'ALIPAYTOK', lastFour: '07' },
      { ...facts, cardToken: 'ALIPAYTOK', expiryMonth: '13' },
      { ...facts, cardToken: 'ALIPAYTOK', expiryYear: '2030' },
      { ...facts, cardToken: 'ALIPAY TOK WITH SPACES' },
    ]) {
      assert.equal(savedCardOfPayment(paymentResult(broken)), undefined, JSON.stringify(broken));
    }
  });

  it('takes the token of a successful vaulting, and nothing from a failed one', () => {
    const bound = {
      cardToken: 'ALIPAYV',
      maskedCardNo: '************4622',
      brand: 'MASTERCARD',
      expiryMonth: '01',
      expiryYear: '29',
    };
    assert.deepEqual(savedCardOfVaulting(vaultingResult(bound)), {
      token: 'ALIPAYV',
      brand: 'MASTERCARD',
      last4: '4622',
      expiryMonth: '01',
      expiryYear: '29',
      source: 'VAULTING',
    });
    assert.equal(
      savedCardOfVaulting(
        vaultingResult(bound, {
          result: { resultCode: 'VERIFY_FAIL', resultStatus: 'F', resultMessage: 'no' },
          vaultingStatus: 'FAIL',
        }),
      ),
      undefined,
    );
    assert.equal(savedCardOfVaulting(vaultingResult(bound, { vaultingStatus: 'PROCESSING' })), undefined);
    assert.equal(savedCardOfVaulting(vaultingResult(undefined)), undefined);
  });

  it("reads a vaulted card's last four from CardPaymentMethodDetail's last4, and keeps Antom's CUP", () => {
    const bound = {
      cardToken: 'ALIPAYU',
      brand: 'CUP',
      bin: '620000',
      last4: '0005',
      expiryMonth: '03',
      expiryYear: '31',
    };
    assert.deepEqual(savedCardOfVaulting(vaultingResult(bound)), {
      token: 'ALIPAYU',
      brand: 'CUP',
      last4: '0005',
      expiryMonth: '03',
      expiryYear: '31',
      source: 'VAULTING',
    });
  });
});

/**
 * Which card form a session needs: sandbox session data (its JSON names the gateway) goes to our
 * secure frame, Antom's own to its Web SDK, and anything else is refused. Also the Antom locale a
 * merchant's `lang` maps to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { antomLocale } from '../../src/shared/i18n/antom-locale.js';
import { classifySessionData, encodeSessionData } from '../../src/shared/session-data.js';

const base64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');
const antom = (json: unknown, token = 'UNvjVWnWPXJA4BgW+vfjsQj7PbOra/fHY19X==', region = 'SG', version = '111'): string =>
  [token, region, version, base64(json)].join('&&');
const CARD = { productScene: 'CASHIER_PAYMENT', paymentMethodCategoryType: 'CARD', productSceneVersion: '1.0' } as const;

test('a session Antom minted is read as Antom’s, with its mode from the product scene', () => {
  assert.deepEqual(classifySessionData(antom({ clientId: 'SANDBOX_5Y00', paymentSessionConfig: CARD })), {
    kind: 'antom',
    parsed: {
      token: 'UNvjVWnWPXJA4BgW+vfjsQj7PbOra/fHY19X==',
      region: 'SG',
      version: '111',
      config: { clientId: 'SANDBOX_5Y00', paymentSessionConfig: { productScene: 'CASHIER_PAYMENT', paymentMethodCategoryType: 'CARD' } },
      mode: 'payment',
    },
  });
  const vaulting = classifySessionData(antom({ paymentSessionConfig: { productScene: 'VAULTING', paymentMethodCategoryType: 'CARD' } }, undefined, 'US'));
  assert.equal(vaulting?.kind, 'antom');
  assert.equal(vaulting?.kind === 'antom' && vaulting.parsed.mode, 'vault');
});

test('a session whose JSON names a gateway is the sandbox’s, and must be well-formed all through', () => {
  const config = {
    clientId: 'SANDBOX_DEMO',
    paymentSessionConfig: CARD,
    paymentSessionId: 'ps_0001_abcdef',
    gatewayOrigin: 'http://127.0.0.1:8787',
    mode: 'payment' as const,
  };
  assert.equal(classifySessionData(encodeSessionData('sandbox_token_0123456789', 'SG', config))?.kind, 'sandbox');
  // A sandbox session that lost a field is not taken for Antom's.
  const broken = antom({ ...config, mode: undefined }, 'sandbox_token_0123456789', 'SG', '1');
  assert.equal(classifySessionData(broken), undefined);
});

test('what neither Antom’s SDK nor the sandbox could use is refused', () => {
  const refused: Array<[string, unknown]> = [
    ['not a string', 42],
    ['three parts', 'a&&SG&&1'],
    ['Base64URL JSON (Antom’s SDK reads standard Base64)', ['tokentoken', 'SG', '1', Buffer.from(JSON.stringify({ paymentSessionConfig: CARD })).toString('base64url').replace(/=+$/, '') + '-_'].join('&&')],
    ['not JSON', ['tokentoken', 'SG', '1', Buffer.from('{').toString('base64')].join('&&')],
    ['a wallet scene', antom({ paymentSessionConfig: { productScene: 'EASY_PAY', paymentMethodCategoryType: 'CARD' } })],
    ['a non-card category', antom({ paymentSessionConfig: { productScene: 'CASHIER_PAYMENT', paymentMethodCategoryType: 'APM' } })],
    ['no scene', antom({ clientId: 'X' })],
    ['a lower-case region', antom({ paymentSessionConfig: CARD }, undefined, 'sg')],
    ['a token with spaces', antom({ paymentSessionConfig: CARD }, 'has spaces in it')],
    ['too long', antom({ paymentSessionConfig: CARD, padding: 'x'.repeat(5000) })],
  ];
  for (const [why, data] of refused) assert.equal(classifySessionData(data), undefined, why);
});

test('the Antom locale follows the merchant’s language, as Antom spells it', () => {
  const cases: Array<[string | null, string]> = [
    ['en-US', 'en_US'],
    ['pt_BR', 'pt_BR'],
    ['pt', 'pt_BR'],
    ['id-ID', 'in_ID'],
    ['ro-RO', 'ro'],
    ['zh-TW', 'zh_TW'],
    ['ar', 'ar_SA'],
    ['sw-KE', 'en_US'],
    ['', 'en_US'],
    [null, 'en_US'],
  ];
  for (const [input, expected] of cases) assert.equal(antomLocale(input), expected, String(input));
});

/**
 * The catalogues of every surface (element, card frame, 3-D Secure container, issuer page) in every
 * supported locale: complete, no empty text, the placeholders English has; and locale resolution
 * from browser and Antom spellings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ANTOM_LOCALES, antomLocale } from '../../src/shared/i18n/antom-locale.js';
import { elementCatalogue } from '../../src/shared/i18n/element-catalogues.js';
import { outcomeCatalogue } from '../../src/shared/i18n/outcome-catalogues.js';
import { withTexts } from '../../src/shared/i18n/hosted-catalogue.js';
import { ISSUER_MESSAGES, localeFromAcceptLanguage } from '../../src/shared/i18n/issuer-messages.js';
import { direction, formatAmount, toBcp47 } from '../../src/shared/i18n/locale.js';
import { resolveLocale, SUPPORTED_LOCALES } from '../../src/shared/i18n/locales.js';
import { frameOverrides, message, preparedLocale, prepareLocale } from '../../src/shared/i18n/messages.js';
import { FIELD_ERROR_CODES } from '../../src/shared/types.js';

const DIR = new URL('../../src/shared/i18n/catalogues/', import.meta.url);
const SURFACES = ['element', 'outcome', 'frame', 'challenge', 'issuer'] as const;

function read(surface: string, locale: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${surface}/${locale}.json`, DIR), 'utf8')) as Record<string, unknown>;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

test('at least 40 locales, every Antom SDK locale among them (Antom’s `ro` as ro_RO)', () => {
  assert.ok(SUPPORTED_LOCALES.length >= 40, `${SUPPORTED_LOCALES.length} locales`);
  for (const antom of ANTOM_LOCALES) {
    const ours = antom === 'ro' ? 'ro_RO' : antom;
    assert.ok((SUPPORTED_LOCALES as readonly string[]).includes(ours), antom);
  }
  for (const locale of ['he_IL', 'ru_RU', 'uk_UA', 'sv_SE', 'da_DK', 'nb_NO', 'fi_FI', 'cs_CZ', 'el_GR', 'hu_HU'])
    assert.ok((SUPPORTED_LOCALES as readonly string[]).includes(locale), locale);
});

for (const surface of SURFACES) {
  test(`${surface}: one file per supported locale, each with exactly English’s keys, texts and placeholders`, () => {
    const files = readdirSync(new URL(`${surface}/`, DIR)).map((name) => name.replace(/\.json$/, ''));
    assert.deepEqual(files.sort(), [...SUPPORTED_LOCALES].sort());
    const english = read(surface, 'en_US');
    for (const locale of SUPPORTED_LOCALES) {
      const texts = read(surface, locale);
      assert.deepEqual(Object.keys(texts).sort(), Object.keys(english).sort(), `${surface}/${locale}: keys`);
      for (const [key, text] of Object.entries(texts)) {
        assert.equal(typeof text, 'string', `${surface}/${locale}.${key}`);
        const value = text as string;
        assert.ok(value.trim() !== '' && value === value.trim(), `${surface}/${locale}.${key} is empty or padded`);
        assert.deepEqual(
          placeholders(value),
          placeholders(english[key] as string),
          `${surface}/${locale}.${key}: placeholders`,
        );
      }
    }
  });
}

test('the frame has an error text for every field error code', () => {
  const keys = Object.keys(read('frame', 'en_US')).filter((key) => key.startsWith('error.'));
  assert.deepEqual(keys.sort(), FIELD_ERROR_CODES.map((code) => `error.${code}`).sort());
});

test('no decline text tells the buyer a card was reported lost or stolen', () => {
  const english = { ...read('element', 'en_US'), ...read('outcome', 'en_US') };
  for (const text of Object.values(english)) assert.doesNotMatch(String(text), /lost|stolen|fraud|pick ?up/i);
  // Every language says the same as English: "declined", with the same keys for every decline.
  for (const locale of SUPPORTED_LOCALES) {
    const texts = { ...read('element', locale), ...read('outcome', locale) };
    assert.doesNotMatch(Object.values(texts).join(' '), /lost|stolen|verloren|gestohlen|perdue|volée|robada/i, locale);
  }
});

test('the element’s lazy catalogue table loads each locale’s own file', async () => {
  for (const locale of SUPPORTED_LOCALES) {
    const expected = locale === 'en_US' ? {} : read('element', locale);
    assert.deepEqual(await elementCatalogue(locale), expected, locale);
  }
});

test('the element’s two surfaces split its keys: the outcome texts load after ready, the rest before', async () => {
  const before = Object.keys(read('element', 'en_US'));
  const after = Object.keys(read('outcome', 'en_US'));
  assert.deepEqual(before.filter((key) => after.includes(key)), [], 'no key in both');
  for (const key of ['authorized', 'declined', 'cardSaved', 'challengeTitle']) assert.ok(after.includes(key), key);
  // Shown before any submission (a busy button, an expired session, a failed load): never late.
  for (const key of ['pay', 'processing', 'pending', 'sessionExpired', 'loadFailed', 'formInvalid']) assert.ok(before.includes(key), key);
  for (const locale of SUPPORTED_LOCALES) assert.deepEqual(await outcomeCatalogue(locale), read('outcome', locale), locale);
});

test('the issuer page has every locale’s texts', () => {
  for (const locale of SUPPORTED_LOCALES) assert.deepEqual(ISSUER_MESSAGES[locale], read('issuer', locale), locale);
});

test('browser and Antom spellings resolve to a supported locale', () => {
  const cases: Array<[string | null | undefined, string]> = [
    ['pt-BR', 'pt_BR'],
    ['pt', 'pt_BR'],
    ['pt-PT', 'pt_PT'],
    ['zh-Hant-TW', 'zh_TW'],
    ['zh-Hant', 'zh_TW'],
    ['zh-Hant-HK', 'zh_HK'],
    ['zh-MO', 'zh_HK'],
    ['zh-Hans', 'zh_CN'],
    ['zh', 'zh_CN'],
    ['he', 'he_IL'],
    ['iw', 'he_IL'],
    ['iw-IL', 'he_IL'],
    ['in', 'in_ID'],
    ['id', 'in_ID'],
    ['id-ID', 'in_ID'],
    ['in_ID', 'in_ID'],
    ['nb', 'nb_NO'],
    ['no', 'nb_NO'],
    ['nn-NO', 'nb_NO'],
    ['fil', 'tl_PH'],
    ['fil-PH', 'tl_PH'],
    ['tl', 'tl_PH'],
    ['ro', 'ro_RO'],
    ['ar', 'ar_SA'],
    ['ar-EG', 'ar_SA'],
    ['en-GB', 'en_GB'],
    ['en', 'en_US'],
    ['de-AT', 'de_DE'],
    ['es-419', 'es_ES'],
    ['ca', 'ca_ES'],
    ['sw-KE', 'en_US'],
    ['english', 'en_US'],
    ['', 'en_US'],
    [null, 'en_US'],
    [undefined, 'en_US'],
  ];
  for (const [input, expected] of cases) assert.equal(resolveLocale(input), expected, String(input));
  for (const locale of SUPPORTED_LOCALES) assert.equal(resolveLocale(locale), locale, locale);
});

test('the element prepares a requested tag in its lazy chunk; English needs no chunk', async () => {
  assert.equal(preparedLocale(null), 'en_US');
  assert.equal(preparedLocale('en-US'), 'en_US');
  assert.equal(preparedLocale('iw-IL'), undefined, 'not prepared yet: the element speaks English meanwhile');
  assert.equal(await prepareLocale('iw-IL'), 'he_IL');
  assert.equal(preparedLocale('iw-IL'), 'he_IL');
  assert.equal(message({ locale: 'he_IL' }, 'remove'), read('element', 'he_IL')['remove']);
});

test('Antom’s SDK gets Antom’s spelling of our locale, en_US where Antom has none', () => {
  for (const locale of SUPPORTED_LOCALES) assert.ok((ANTOM_LOCALES as readonly string[]).includes(antomLocale(locale)));
  assert.equal(antomLocale('in_ID'), 'in_ID');
  assert.equal(antomLocale('ro_RO'), 'ro');
  assert.equal(antomLocale('zh_HK'), 'zh_HK');
  assert.equal(antomLocale('he_IL'), 'en_US');
  assert.equal(antomLocale('nb_NO'), 'en_US');
  assert.equal(antomLocale(resolveLocale('fil')), 'tl_PH');
});

test('Arabic and Hebrew are right to left; BCP 47 tags for lang and Intl', () => {
  assert.deepEqual(
    SUPPORTED_LOCALES.filter((locale) => direction(locale) === 'rtl'),
    ['ar_SA', 'he_IL'],
  );
  assert.equal(toBcp47('in_ID'), 'id-ID');
  assert.equal(toBcp47('pt_BR'), 'pt-BR');
  // Amounts are the locale's: Arabic-Indic digits in Saudi Arabia, a comma in Germany.
  assert.match(formatAmount('2500', 'SAR', 'ar_SA'), /[٠-٩]/);
  assert.match(formatAmount('2500', 'EUR', 'de_DE'), /25,00/);
});

test('the buyer’s browser language picks the issuer page’s locale', () => {
  assert.equal(localeFromAcceptLanguage('de-CH,de;q=0.9,en;q=0.8'), 'de_DE');
  assert.equal(localeFromAcceptLanguage('xx,he;q=0.5'), 'he_IL');
  assert.equal(localeFromAcceptLanguage('en;q=0.2,ar;q=0.9'), 'ar_SA');
  assert.equal(localeFromAcceptLanguage('en-GB'), 'en_GB');
  assert.equal(localeFromAcceptLanguage('*'), 'en_US');
  assert.equal(localeFromAcceptLanguage(undefined), 'en_US');
});

test('a merchant’s text wins over the catalogue, with placeholders filled; frame texts go under their own keys', async () => {
  assert.equal(await prepareLocale('fr-FR'), 'fr_FR');
  const overrides = { pay: 'Régler {amount}', 'frame.number': 'N° de carte', 'frame.error.REQUIRED': 'Obligatoire' };
  assert.equal(message({ locale: 'fr_FR', overrides }, 'pay', { amount: '25,00 €' }), 'Régler 25,00 €');
  assert.equal(message({ locale: 'fr_FR', overrides }, 'payGeneric'), read('element', 'fr_FR')['payGeneric']);
  assert.equal(
    message({ locale: 'fr_FR' }, 'pay', { amount: '1 €' }),
    (read('element', 'fr_FR')['pay'] as string).replace('{amount}', '1 €'),
  );
  assert.deepEqual(frameOverrides(overrides), { number: 'N° de carte', 'error.REQUIRED': 'Obligatoire' });
  assert.deepEqual(frameOverrides(null), {});
  assert.deepEqual(withTexts({ a: 'A', b: 'B' }, { a: 'x', b: '', c: 'y' }), { a: 'x', b: 'B' });
});

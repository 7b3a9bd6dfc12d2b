/**
 * The supported locales and how a browser's or Antom's tag resolves to one. A module of its own:
 * the element loads it in a lazy chunk with the catalogues, so English pages never download the
 * table. Antom writes locales `en_US` (Indonesian `in_ID`); browsers write `en-US`; the canonical
 * form here is Antom's.
 */

/** Locales with full catalogues; others fall back by language, then to `en_US`. */
export const SUPPORTED_LOCALES = [
  'en_US',
  'en_GB',
  'zh_CN',
  'zh_HK',
  'zh_TW',
  'ja_JP',
  'ko_KR',
  'th_TH',
  'ms_MY',
  'in_ID',
  'vi_VN',
  'tl_PH',
  'hi_IN',
  'es_ES',
  'fr_FR',
  'de_DE',
  'it_IT',
  'nl_NL',
  'pt_BR',
  'pt_PT',
  'pl_PL',
  'ro_RO',
  'tr_TR',
  'ar_SA',
  'he_IL',
  'ru_RU',
  'uk_UA',
  'sv_SE',
  'da_DK',
  'nb_NO',
  'fi_FI',
  'cs_CZ',
  'sk_SK',
  'hu_HU',
  'el_GR',
  'bg_BG',
  'hr_HR',
  'sl_SI',
  'lt_LT',
  'lv_LV',
  'et_EE',
  'ca_ES',
] as const;

/** A locale in Antom's spelling with full catalogues, e.g. `ja_JP`. */
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

// Old or alternative language codes browsers still send: Hebrew `iw`, Indonesian `id` (Antom
// writes `in`), Norwegian `no`/`nn` (written Bokmål), Filipino `fil` (Antom's Tagalog page).
const ALIASES: Record<string, string> = { iw: 'he', id: 'in', no: 'nb', nn: 'nb', fil: 'tl' };

/**
 * Turns `en-us`, `pt_BR`, `zh-Hant-TW`, `he` or `iw` into a supported locale (default `en_US`):
 * the exact one, else Chinese by script (Hant: Taiwan, or Hong Kong for `HK`/`MO`), else the
 * language's first.
 */
export function resolveLocale(input: string | null | undefined): SupportedLocale {
  const match = /^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?(?![a-z\d])/i.exec(input?.trim() ?? '');
  if (!match) return 'en_US';
  const raw = match[1]!.toLowerCase();
  const language = ALIASES[raw] ?? raw;
  const region = match[3]?.toUpperCase();
  const script = match[2]?.toLowerCase();
  // Chinese by script first: Simplified is the mainland's; Traditional is Taiwan's unless Hong Kong or Macau.
  const chinese =
    language === 'zh' &&
    (script === 'hans' ? 'CN' : region === 'HK' || region === 'MO' ? 'HK' : script === 'hant' ? 'TW' : region);
  const exact = `${language}_${chinese || region}`;
  return (
    SUPPORTED_LOCALES.find((l) => l === exact) ?? SUPPORTED_LOCALES.find((l) => l.startsWith(`${language}_`)) ?? 'en_US'
  );
}

/**
 * Antom's own locale list, for the pages its Web SDK serves. Its own module: only the Antom SDK
 * driver, which loads with the first Antom session, needs it.
 */
/** The locales Antom's own pages speak (its Web SDK passes the value through to them). */
export const ANTOM_LOCALES = [
  'en_US', 'zh_CN', 'zh_HK', 'zh_TW', 'ja_JP', 'ko_KR', 'th_TH', 'ms_MY', 'in_ID', 'vi_VN', 'tl_PH', 'hi_IN',
  'es_ES', 'fr_FR', 'de_DE', 'it_IT', 'nl_NL', 'pt_BR', 'pt_PT', 'pl_PL', 'ro', 'tr_TR', 'ar_SA',
] as const;

/**
 * The Antom locale for a merchant's `en-US`, `pt_BR` or `ro`: the exact one Antom speaks, else one of
 * the same language (Indonesian is `in` to Antom), else `en_US`.
 */
export function antomLocale(input: string | null | undefined): string {
  const match = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?/.exec(input?.trim() ?? '');
  if (!match) return 'en_US';
  const raw = match[1]!.toLowerCase();
  const language = raw === 'id' ? 'in' : raw;
  const region = match[2]?.toUpperCase();
  const exact = region ? `${language}_${region}` : language;
  const found: string | undefined =
    ANTOM_LOCALES.find((locale) => locale === exact) ??
    ANTOM_LOCALES.find((locale) => locale === language || locale.startsWith(`${language}_`));
  return found ?? 'en_US';
}

/**
 * Locale helpers every page needs: `lang`, `dir` and `Intl` formats. Antom writes locales `en_US`
 * (and Indonesian `in_ID`); browsers write `en-US`. The table of supported locales is `locales.ts`,
 * which the element loads lazily.
 */
import { minorUnits } from '../currency.js';

export type { SupportedLocale } from './locales.js';

/** Antom-style `en_US` to BCP 47 `en-US` (`in_ID` to `id-ID`), for `Intl` and `lang`. */
export function toBcp47(locale: string): string {
  return locale.replace(/^in_/, 'id_').replace('_', '-');
}

/** `rtl` for the right-to-left locales (Arabic, Hebrew), else `ltr`: the value of a `dir` attribute. */
export function direction(locale: string): 'rtl' | 'ltr' {
  return locale === 'ar_SA' || locale === 'he_IL' ? 'rtl' : 'ltr';
}

/**
 * Formats an Antom amount (minor units as a string) for display with its currency's ISO 4217
 * decimals, all of them shown (JPY 2500 is ¥2,500; USD 2500 is $25.00; KWD 2500 is KWD 2.500).
 */
export function formatAmount(value: string, currency: string, locale: string): string {
  const digits = minorUnits(currency);
  try {
    return new Intl.NumberFormat(toBcp47(locale), {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(Number(value) / 10 ** digits);
  } catch {
    return `${value} ${currency}`;
  }
}

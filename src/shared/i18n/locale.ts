/**
 * Locale handling shared by the element and the frame. Antom writes locales `en_US`;
 * browsers write `en-US`. Both are accepted; the canonical form here is Antom's.
 */
import { minorUnits } from '../currency.js';

/** Locales with a full message catalogue; others fall back by language, then to `en_US`. */
export const SUPPORTED_LOCALES = ['en_US', 'zh_CN', 'ja_JP', 'es_ES', 'fr_FR', 'de_DE'] as const;

/** A locale in Antom's spelling with a full catalogue, e.g. `ja_JP`. */
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** Turns `en-us`, `en_US` or `en` into a supported Antom-style locale (default `en_US`). */
export function resolveLocale(input: string | null | undefined): SupportedLocale {
  if (!input) return 'en_US';
  const match = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?/.exec(input.trim());
  if (!match) return 'en_US';
  const language = match[1]!.toLowerCase();
  const region = match[2]?.toUpperCase();
  const exact = `${language}_${region ?? ''}`;
  const found =
    SUPPORTED_LOCALES.find((l) => l === exact) ?? SUPPORTED_LOCALES.find((l) => l.startsWith(`${language}_`));
  return found ?? 'en_US';
}

/** Antom-style `en_US` to BCP 47 `en-US`, for `Intl` and `lang`. */
export function toBcp47(locale: string): string {
  return locale.replace('_', '-');
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


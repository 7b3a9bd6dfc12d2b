import type { FieldErrorCode } from '../types.js';
import { verdict, type FieldCheck } from './check.js';

/** The verdict on an expiry date, with its parts once valid. */
export interface ExpiryCheck extends FieldCheck {
  /** Month `01`-`12` when valid, else null. */
  month: string | null;
  /** Two-digit year when valid, else null. */
  year: string | null;
}

/** How many years ahead of now an expiry year may lie. */
export const EXPIRY_MAX_YEARS_AHEAD = 20;

type Fit = 'ok' | 'expired' | 'far';

const HOUR_MS = 3_600_000;

function failed(error: FieldErrorCode, isPotentiallyValid: boolean): ExpiryCheck {
  return { month: null, year: null, ...verdict(error, isPotentiallyValid) };
}

/**
 * Checks an expiry date typed as `MM/YY`, `MM / YY`, `MMYY`, `MM/YYYY` (or a prefix of one) against
 * `now`. The current month is valid. card-validator's own expiry rules read the system clock, so
 * these take the clock as an argument instead.
 */
export function validateExpiry(text: string, now: Date): ExpiryCheck {
  const compact = text.replace(/\s/g, '');
  if (compact === '') return failed('REQUIRED', true);
  const parts = /^(\d{1,2})\/(\d{0,4})$/.exec(compact) ?? /^(\d{1,2})(\d{0,4})$/.exec(compact);
  if (!parts) return failed('INVALID_EXPIRATION_DATE', false);
  const [, monthText = '', yearText = ''] = parts;
  if (monthText.length === 1 && !compact.includes('/')) return failed('INCOMPLETE_EXPIRATION_DATE', true);
  const month = Number(monthText);
  if (month < 1 || month > 12) return failed('INVALID_EXPIRATION_DATE', false);

  // "Anywhere on Earth" (UTC-12): a card still in its last month somewhere is not called expired
  // here; the issuer has the final word anyway.
  const today = new Date(now.getTime() - 12 * HOUR_MS);
  const thisYear = today.getUTCFullYear();
  const thisMonth = thisYear * 12 + today.getUTCMonth() + 1;
  // A two-digit year is read within fifty years either side of now.
  const latestYear = thisYear + 49;
  const fullYear = (digits: string): number =>
    digits.length === 4 ? Number(digits) : latestYear - ((latestYear - Number(digits)) % 100);
  const fit = (digits: string): Fit => {
    const year = fullYear(digits);
    if (year * 12 + month < thisMonth) return 'expired';
    return year > thisYear + EXPIRY_MAX_YEARS_AHEAD ? 'far' : 'ok';
  };

  if (yearText.length === 2 || yearText.length === 4) {
    const result = fit(yearText);
    if (result === 'expired') return failed('CARD_EXPIRED', false);
    if (result === 'far') return failed('INVALID_EXPIRATION_DATE', false);
    const year = String(fullYear(yearText) % 100).padStart(2, '0');
    return { month: String(month).padStart(2, '0'), year, ...verdict(null, true) };
  }
  // Incomplete year: every way it can still end decides whether it can become valid.
  const endings = yearText.length === 0 ? 100 : 10;
  const fits = Array.from({ length: endings }, (_, i) =>
    fit(yearText + String(i).padStart(yearText.length === 0 ? 2 : 1, '0')),
  );
  if (fits.includes('ok')) return failed('INCOMPLETE_EXPIRATION_DATE', true);
  return failed(fits.every((f) => f === 'expired') ? 'CARD_EXPIRED' : 'INVALID_EXPIRATION_DATE', false);
}

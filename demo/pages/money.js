// Amounts for display. Antom's `value` is an integer of the currency's minor unit, whose decimals
// ISO 4217 sets (JPY 0, USD 2, KWD 3): the table comes from the shop's server, which takes it from
// the package, so the pages agree with the element. Browsers' own defaults differ for some
// currencies (HUF, IDR, COP, IQD...), so they are never asked.
import { MINOR_UNIT_EXCEPTIONS } from '/minor-units.js';

/** Decimals of a currency's minor unit: 2 unless the table lists it. */
export function minorUnits(currency) {
  for (const [digits, codes] of Object.entries(MINOR_UNIT_EXCEPTIONS)) {
    if (codes.match(/.../g)?.includes(currency)) return Number(digits);
  }
  return 2;
}

/** `{ currency, value }` as text with all its decimals, e.g. JPY 2500 as ¥2,500 and USD 2500 as $25.00. */
export function formatMoney(amount, locale = 'en-US') {
  const digits = minorUnits(amount.currency);
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: amount.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(Number(amount.value) / 10 ** digits);
  } catch {
    return `${amount.value} ${amount.currency}`;
  }
}

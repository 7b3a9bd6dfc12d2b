/**
 * Minor units per currency: how many decimals an Antom `value` (an integer of the currency's smallest
 * unit) carries. Antom follows ISO 4217 (D `ref/cc`, docs/antom-api.md section 1), which gives most
 * currencies 2; only the exceptions are listed, as runs of 3-letter codes, because this ships in
 * the element's page bundle. Browsers' `Intl` defaults differ (HUF, IDR, COP, IQD, ...): never ask it.
 */

/** ISO 4217 list one's currencies whose minor unit is not 2 decimals, by number of decimals. */
export const MINOR_UNIT_EXCEPTIONS: Readonly<Record<number, string>> = {
  0: 'BIFCLPDJFGNFISKJPYKMFKRWPYGRWFUGXUYIVNDVUVXAFXOFXPF',
  3: 'BHDIQDJODKWDLYDOMRTND',
  4: 'CLFUYW',
};

/** Decimals of `currency`'s minor unit (ISO 4217): `JPY` 0, `USD` 2, `KWD` 3. */
export function minorUnits(currency: string): number {
  for (const [digits, codes] of Object.entries(MINOR_UNIT_EXCEPTIONS)) {
    if (codes.match(/.../g)?.includes(currency)) return Number(digits);
  }
  return 2;
}

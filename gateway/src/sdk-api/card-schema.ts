/**
 * The card data the frame sends to `/sdk/v1/payments` and `/sdk/v1/vaults`, checked strictly:
 * unknown keys are refused and messages name the field, never its value.
 */
import { object, string } from '#shared';

/** Card data. Lengths are loose on purpose: a wrong length, Luhn digit, CVC length or month is a decline, not a field error. */
export const sdkCard = object(
  {
    number: string({ pattern: /^\d{8,19}$/, rule: 'must be 8 to 19 digits' }),
    expiryMonth: string({ pattern: /^\d{2}$/, rule: 'must be two digits' }),
    expiryYear: string({ pattern: /^\d{2}$/, rule: 'must be two digits' }),
    cvc: string({ pattern: /^\d{1,4}$/, rule: 'must be 1 to 4 digits' }),
    holderName: string({
      min: 0,
      max: 128,
      pattern: /^[^\p{Cc}]*$/u,
      rule: 'must be text without control characters',
    }),
  },
  { strict: true },
);

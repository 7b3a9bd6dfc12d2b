/** Every card type card-validator knows, with public test numbers and the expected rules. */
import type { CardBrand } from '../../../src/shared/types.js';
import { withCheckDigit } from './helpers.js';

/** One card-validator type and what the card rules must say about it. */
export interface BrandCase {
  /** card-validator's type name. */
  type: string;
  /** Antom brand, or null when Antom has none (the card is not supported). */
  brand: CardBrand | null;
  /** Luhn-valid numbers: published test cards where one exists, else generated from a real prefix. */
  numbers: readonly string[];
  /** The shortest prefix that makes the type unambiguous (one digit less is ambiguous). */
  prefix: string;
  /** Prefix used to generate a number of every length. */
  stem: string;
  /** Complete lengths. */
  lengths: readonly number[];
  /** Group sizes of the formatted 16-or-shorter number. */
  groups: readonly number[];
  /** Security code length and name. */
  cvc: number;
  cvcName: string;
  /** card-validator skips the Luhn check for this type. */
  noLuhn?: boolean;
}

/** Every type card-validator 10 detects. */
export const BRAND_CASES: readonly BrandCase[] = [
  {
    type: 'visa',
    brand: 'VISA',
    numbers: [
      '4111111111111111',
      '4012888888881881',
      '4054695723100768',
      '4054692760174822',
      '4035501000000008',
    ],
    prefix: '41',
    stem: '4111',
    lengths: [16, 18, 19],
    groups: [4, 4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVV',
  },
  {
    type: 'mastercard',
    brand: 'MASTERCARD',
    numbers: [
      '5555555555554444',
      '5105105105105100',
      '2223003122003222',
      '5162774114974622',
      '5162770472561357',
    ],
    prefix: '51',
    stem: '5555',
    lengths: [16],
    groups: [4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVC',
  },
  {
    type: 'american-express',
    brand: 'AMEX',
    numbers: ['378282246310005', '371449635398431', '378734493671000'],
    prefix: '37',
    stem: '3782',
    lengths: [15],
    groups: [4, 6, 5],
    cvc: 4,
    cvcName: 'CID',
  },
  {
    type: 'diners-club',
    brand: 'DINERS',
    numbers: ['30569309025904', '38520000023237', '36227206271667', '3056930009020004'],
    prefix: '36',
    stem: '3056',
    lengths: [14, 16, 19],
    groups: [4, 6, 6, 4],
    cvc: 3,
    cvcName: 'CVV',
  },
  {
    type: 'discover',
    brand: 'DISCOVER',
    numbers: ['6011111111111117', '6011000990139424', '6445644564456445'],
    prefix: '6011',
    stem: '6011',
    lengths: [16, 19],
    groups: [4, 4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CID',
  },
  {
    type: 'jcb',
    brand: 'JCB',
    numbers: ['3530111333300000', '3566002020360505'],
    prefix: '35',
    stem: '3530',
    lengths: [16, 17, 18, 19],
    groups: [4, 4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVV',
  },
  {
    type: 'unionpay',
    brand: 'UNIONPAY',
    numbers: ['6200000000000005', '6205500000000000004', '6212345678901232'],
    prefix: '620',
    stem: '6200',
    lengths: [14, 15, 16, 17, 18, 19],
    groups: [4, 4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVN',
    noLuhn: true,
  },
  {
    type: 'maestro',
    brand: 'MAESTRO',
    numbers: ['6759649826438453', '6799990100000000019', '5000000000000611'],
    prefix: '67',
    stem: '6759',
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    groups: [4, 4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVC',
  },
  {
    type: 'mir',
    brand: 'MIR',
    numbers: ['2201382000000013', '2200000000000004'],
    prefix: '220',
    stem: '2200',
    lengths: [16, 17, 18, 19],
    groups: [4, 4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVP2',
  },
  {
    type: 'elo',
    brand: 'ELO',
    numbers: ['5066991111111118', '6362970000457013'],
    prefix: '636297',
    stem: '636297',
    lengths: [16],
    groups: [4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVE',
  },
  {
    type: 'hiper',
    brand: 'HIPER',
    numbers: ['6370950000000005'],
    prefix: '637095',
    stem: '637095',
    lengths: [16],
    groups: [4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVC',
  },
  {
    type: 'hipercard',
    brand: 'HIPERCARD',
    numbers: ['6062828888666688'],
    prefix: '606282',
    stem: '606282',
    lengths: [16],
    groups: [4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVC',
  },
  {
    type: 'troy',
    brand: 'TROY',
    numbers: ['9792030394440796'],
    prefix: '9',
    stem: '9792',
    lengths: [16],
    groups: [4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVV',
  },
  {
    type: 'naranja',
    brand: null,
    numbers: [withCheckDigit('589562', 16)],
    prefix: '589562',
    stem: '589562',
    lengths: [16],
    groups: [4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVV',
  },
  {
    type: 'verve',
    brand: null,
    numbers: ['5060990580000217499'],
    prefix: '506099',
    stem: '506099',
    lengths: [16, 18, 19],
    groups: [4, 4, 4, 4, 4],
    cvc: 3,
    cvcName: 'CVV',
  },
];

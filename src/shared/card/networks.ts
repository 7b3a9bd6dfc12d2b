/**
 * The card networks a number can be recognised as, with the published facts about each: the
 * issuer identification number (BIN) prefixes it owns, its complete number lengths, where the
 * formatted number has gaps, and its security code. The facts agree with the `credit-card-type`
 * package (test/shared/card/differential.test.ts checks every verdict against `card-validator`);
 * the encoding and the code reading it are ours, kept small because the secure frame ships them.
 */
import type { CardBrand } from '../types.js';

/** A card network: its name, Antom brand and the look of its numbers and security codes. */
export interface CardType {
  /** The network's name as `credit-card-type` spells it (`american-express`, `diners-club`...). */
  type: string;
  /** Antom's name for the brand; null for a network Antom has no brand for (read as unsupported). */
  brand: CardBrand | null;
  /** Digit positions after which a space is shown, e.g. `[4, 10]` for Amex. */
  gaps: readonly number[];
  /** Every complete number length, ascending. */
  lengths: readonly number[];
  /** The security code: its name on the card and its number of digits. */
  code: { name: string; size: number };
  /** The network skips the Luhn checksum (UnionPay: many of its cards do not carry one). */
  noLuhn: boolean;
  /** BIN prefixes as inclusive ranges of equal-length digit strings, in the order they are tried. */
  prefixes: ReadonlyArray<readonly [low: string, high: string]>;
}

/**
 * name, Antom brand ('' for none), lengths, gaps, code name and size, prefixes (`a-b`: every prefix
 * from a to b, of one length). The row order breaks ties between equally long matching prefixes,
 * and within a row the first matching prefix is the one that counts, as in `credit-card-type`.
 * Naranja and Verve have no Antom brand; Cartes Bancaires has no row: its cards read as Visa or
 * Mastercard.
 */
const ROWS: ReadonlyArray<readonly [string, string, string, string, string, string]> = [
  ['visa', 'VISA', '16 18 19', '4 8 12', 'CVV3', '4'],
  ['mastercard', 'MASTERCARD', '16', '4 8 12', 'CVC3', '51-55 2221-2229 223-229 23-26 270-271 2720'],
  ['american-express', 'AMEX', '15', '4 10', 'CID4', '34 37'],
  ['diners-club', 'DINERS', '14 16 19', '4 10', 'CVV3', '300-305 36 38 39'],
  ['discover', 'DISCOVER', '16 19', '4 8 12', 'CID3', '6011 644-649 65'],
  [
    'troy',
    'TROY',
    '16',
    '4 8 12',
    'CVV3',
    '9792 650052 650082-650083 650092 650161 650170 650173 650175 650268 650271 650273-650274 ' +
      '650456-650457 650836 650846-650850 650923 650987 650990 654997 657366 657998 658758 658767-658768 ' +
      '65083700-65083704 65085800-65085804 65085900-65085901 65086000 65086100-65086105 65086200-65086203 ' +
      '65875000-65875003 65875009 65875101-65875104 65875200 65875501 65875601 65875900 65876000-65876002 ' +
      '65876100-65876103 65876110 65876115-65876116 65876200-65876201 65876500 65876504-65876505 ' +
      '65876600-65876602 65877100-65877101 65877600-65877602 65877700 65877801-65877802 65878200-65878202 ' +
      '65878300-65878311 65878400-65878405 65878500-65878505 65878600-65878601 65879800 65880800 65880900',
  ],
  ['jcb', 'JCB', '16 17 18 19', '4 8 12', 'CVV3', '2131 1800 3528-3589'],
  [
    'unionpay',
    'UNIONPAY',
    '14 15 16 17 18 19',
    '4 8 12',
    'CVN3',
    '620 62100-62182 62184-62187 62185-62197 62200-62205 622010-622999 622018 62207-62209 623-626 6270 ' +
      '6272 6276 627700-627779 627781-627799 6282-6289 6291 6292 810 8110-8131 8132-8151 8152-8163 8164-8171',
  ],
  ['naranja', '', '16', '4 8 12', 'CVV3', '589562 402918 527572'],
  [
    'verve',
    '',
    '16 18 19',
    '4 8 12',
    'CVV3',
    '506099-506127 506129 506133-506150 506158-506163 506166 506168 506170 506173 506176-506180 506184 ' +
      '506187-506188 506191 506195 506197 507865 507866 507868-507877 507880-507888 507900 507941',
  ],
  [
    'maestro',
    'MAESTRO',
    '12 13 14 15 16 17 18 19',
    '4 8 12',
    'CVC3',
    '493698 500000-504174 504176-506698 506779-508999 56-59 63 67 6',
  ],
  [
    'elo',
    'ELO',
    '16',
    '4 8 12',
    'CVE3',
    '401178 401179 438935 457631 457632 431274 451416 457393 504175 506699-506778 509000-509999 627780 ' +
      '636297 636368 650031-650033 650035-650051 650405-650439 650485-650538 650541-650598 650700-650718 ' +
      '650720-650727 650901-650978 651652-651679 655000-655019 655021-655058',
  ],
  ['mir', 'MIR', '16 17 18 19', '4 8 12', 'CVP23', '2200-2204'],
  ['hiper', 'HIPER', '16', '4 8 12', 'CVC3', '637095 63737423 63743358 637568 637599 637609 637612'],
  ['hipercard', 'HIPERCARD', '16', '4 8 12', 'CVC3', '606282'],
];

const numbers = (list: string): number[] => list.split(' ').map(Number);

/** Every network, in the order detection tries them. */
export const NETWORKS: readonly CardType[] = ROWS.map(([type, brand, lengths, gaps, code, prefixes]) => ({
  type,
  brand: (brand || null) as CardBrand | null,
  gaps: numbers(gaps),
  lengths: numbers(lengths),
  // The code's last character is its size; the rest its name (Mir's is `CVP2`).
  code: { name: code.slice(0, -1), size: +code.slice(-1) },
  noLuhn: type === 'unionpay',
  prefixes: prefixes.split(' ').map((range) => {
    const [low = '', high = low] = range.split('-');
    return [low, high] as const;
  }),
}));

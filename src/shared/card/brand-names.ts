/**
 * Display names and short logo texts of card brands: the one table, for the element's saved-card
 * list, the frame's brand badge and messages, and the gateway's issuer pages.
 */
import type { CardBrand } from '../types.js';

/** How each brand is written for buyers. */
export const BRAND_NAMES: Record<CardBrand, string> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  UNIONPAY: 'UnionPay',
  JCB: 'JCB',
  DINERS: 'Diners Club',
  DISCOVER: 'Discover',
  MAESTRO: 'Maestro',
  CARTES_BANCAIRES: 'Cartes Bancaires',
  ELO: 'Elo',
  HIPERCARD: 'Hipercard',
  HIPER: 'Hiper',
  MIR: 'Mir',
  TROY: 'Troy',
};

/** The text of each brand's small logo badge. */
export const BRAND_SHORT: Record<CardBrand, string> = {
  VISA: 'VISA',
  MASTERCARD: 'MC',
  AMEX: 'AMEX',
  UNIONPAY: 'UP',
  JCB: 'JCB',
  DINERS: 'DC',
  DISCOVER: 'DISC',
  MAESTRO: 'MAES',
  CARTES_BANCAIRES: 'CB',
  ELO: 'ELO',
  HIPERCARD: 'HIPR',
  HIPER: 'HIPR',
  MIR: 'MIR',
  TROY: 'TROY',
};

/**
 * Display names of card brands: the one table, for the element's saved-card
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

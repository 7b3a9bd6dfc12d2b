/**
 * Card brand marks, drawn by this project (licence: ours, MIT like the package): simple shapes and
 * stroked letters in each brand's colours, recognisable at 40 x 26 px, not the brands' artwork.
 * Data only; brand-logo-draw.ts turns it into SVG. The element's saved-card list imports this module
 * after its first render, the frame fetches the same data as JSON: neither first load carries it.
 */
import type { CardBrand } from '../types.js';

import type { Shape } from './brand-logo-draw.js';

/** Letters drawn as strokes on an 8-unit-high cell: [advance, path]. */
const LETTERS: Readonly<Record<string, readonly [number, string]>> = {
  A: [6, 'M0 8 2.5 0 5 8M.9 5.2h3.2'],
  B: [6, 'M0 4h2.6C3.8 4 4.6 3.2 4.6 2S3.8 0 2.6 0H0v8h2.8C4.1 8 5 7.2 5 6S4.1 4 2.8 4'],
  C: [6, 'M5 1.3C4.3.5 3.4 0 2.6 0 1 0 0 1.8 0 4s1 4 2.6 4c.8 0 1.7-.5 2.4-1.3'],
  D: [6, 'M0 0v8h2c1.9 0 3-1.6 3-4S3.9 0 2 0Z'],
  E: [5.5, 'M4.5 0H0v8h4.5M0 4h3.8'],
  H: [6, 'M0 0v8m5-8v8M0 4h5'],
  I: [2, 'M0 0v8'],
  J: [5, 'M4 0v5.5C4 7 3.2 8 2 8S0 7 0 5.8'],
  L: [5, 'M0 0v8h4.5'],
  M: [7, 'M0 8V0l3 5 3-5v8'],
  O: [6, 'M2.5 0C4 0 5 1.8 5 4S4 8 2.5 8 0 6.2 0 4 1 0 2.5 0Z'],
  P: [6, 'M0 8V0h2.8C4.1 0 5 .8 5 2.2S4.1 4.4 2.8 4.4H0'],
  R: [6, 'M0 8V0h2.8C4.1 0 5 .8 5 2.2S4.1 4.4 2.8 4.4H0m2.8 0L5 8'],
  S: [6, 'M5 1.2C4.3.4 3.5 0 2.5 0 1.1 0 .2.8.2 2c0 2.6 4.6 1.4 4.6 4 0 1.3-1 2-2.3 2-1.1 0-2-.5-2.5-1.2'],
  T: [6, 'M0 0h5M2.5 0v8'],
  U: [6, 'M0 0v5.2C0 7 1 8 2.5 8S5 7 5 5.2V0'],
  V: [6, 'M0 0l2.5 8L5 0'],
  X: [6, 'M0 0l5 8m0-8L0 8'],
  Y: [6, 'M0 0l2.5 4L5 0M2.5 4v4'],
  // The Cyrillic И of МИР.
  N: [6, 'M0 0v8l5-8v8'],
};

/** `text` in stroked letters `height` units high, centred on x = `cx`, its top at `top`. */
function word(text: string, cx: number, top: number, height: number, colour: string, slant = 0): Shape {
  const scale = height / 8;
  let x = 0;
  const letters: Shape[] = [];
  for (const letter of text) {
    const [advance, d] = LETTERS[letter] ?? [6, ''];
    letters.push(['path', { d, transform: `translate(${x} 0)` }]);
    x += advance;
  }
  const width = (x - 1) * scale;
  return [
    'g',
    {
      fill: 'none',
      stroke: colour,
      'stroke-width': 1.6 / scale,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      transform: `translate(${+(cx - width / 2).toFixed(2)} ${top})${slant ? ` skewX(${slant})` : ''} scale(${scale})`,
    },
    letters,
  ];
}

const card = (fill: string, stroke?: string): Shape => [
  'rect',
  { width: 40, height: 26, rx: 3, fill, ...(stroke ? { stroke, x: 0.5, y: 0.5, width: 39, height: 25 } : {}) },
];
const circle = (cx: number, cy: number, r: number, fill: string): Shape => ['circle', { cx, cy, r, fill }];
/** The overlap of two circles of radius 7.5 set 8 units apart around x = 20: a lens. */
const lens = (fill: string): Shape => ['path', { d: 'M20 7.3a7.5 7.5 0 0 1 0 11.4 7.5 7.5 0 0 1 0-11.4Z', fill }];
const rings = (left: string, right: string, middle: string): Shape[] => [
  card('#1b1b1b'),
  circle(16, 13, 7.5, left),
  circle(24, 13, 7.5, right),
  lens(middle),
];

/** The drawing of each brand, back to front. */
const LOGOS: Record<CardBrand, readonly Shape[]> = {
  VISA: [
    card('#1a1f71'),
    word('VISA', 20, 8, 10, '#fff', -14),
    ['rect', { x: 6, y: 20, width: 28, height: 1.6, fill: '#f7b600' }],
  ],
  MASTERCARD: rings('#eb001b', '#f79e1b', '#ff5f00'),
  MAESTRO: rings('#eb001b', '#00a2e5', '#7375cf'),
  AMEX: [
    card('#016fd0'),
    ['rect', { x: 3, y: 6, width: 34, height: 14, fill: 'none', stroke: '#fff', 'stroke-width': 1.2 }],
    word('AMEX', 20, 9, 8, '#fff'),
  ],
  DISCOVER: [card('#fff', '#8a96a3'), word('DISC', 15, 9, 8, '#231f20'), circle(31, 13, 4, '#ff6000')],
  DINERS: [
    card('#fff', '#8a96a3'),
    circle(20, 13, 9, '#0079be'),
    circle(20, 13, 6.8, '#fff'),
    ['path', { d: 'M18.6 8.2a5 5 0 0 0 0 9.6ZM21.4 8.2v9.6a5 5 0 0 0 0-9.6Z', fill: '#0079be' }],
  ],
  JCB: [
    card('#fff', '#8a96a3'),
    ['rect', { x: 4, y: 4, width: 10, height: 18, rx: 3, fill: '#0e4c96' }],
    ['rect', { x: 15, y: 4, width: 10, height: 18, rx: 3, fill: '#e21836' }],
    ['rect', { x: 26, y: 4, width: 10, height: 18, rx: 3, fill: '#007b40' }],
    word('J', 9, 9.5, 7, '#fff'),
    word('C', 20, 9.5, 7, '#fff'),
    word('B', 31, 9.5, 7, '#fff'),
  ],
  UNIONPAY: [
    card('#fff', '#8a96a3'),
    ['path', { d: 'M8 4h9l-4 18H4Z', fill: '#e21836' }],
    ['path', { d: 'M16 4h9l-4 18h-9Z', fill: '#00447c' }],
    ['path', { d: 'M24 4h10l-4 18h-10Z', fill: '#007b84' }],
    word('UP', 20, 9.5, 7, '#fff'),
  ],
  CARTES_BANCAIRES: [
    card('#1d4f91'),
    ['rect', { x: 26, y: 4, width: 10, height: 18, rx: 2, fill: '#00a3a6' }],
    word('CB', 15, 7, 12, '#fff'),
  ],
  ELO: [
    card('#000'),
    word('ELO', 18, 8, 10, '#fff'),
    circle(31, 9, 1.8, '#ffcb05'),
    circle(31, 13, 1.8, '#00a4e0'),
    circle(31, 17, 1.8, '#ef4123'),
  ],
  HIPERCARD: [card('#b3131b'), word('HIPER', 20, 9, 8, '#fff')],
  HIPER: [
    card('#f47b20'),
    word('HIPER', 20, 9, 8, '#fff'),
    ['rect', { x: 8, y: 19.5, width: 24, height: 1.5, fill: '#fff' }],
  ],
  MIR: [
    card('#fff', '#8a96a3'),
    word('MNP', 20, 8, 10, '#0f754e'),
    ['path', { d: 'M8 21h22l3-2', fill: 'none', stroke: '#00a0e3', 'stroke-width': 1.6 }],
  ],
  TROY: [card('#0a2a3b'), word('TROY', 20, 9, 8, '#fff'), circle(33.5, 6, 1.6, '#1ac5d4')],
};

/** A neutral card outline, for a number whose brand is not known yet. */
const UNKNOWN: readonly Shape[] = [
  [
    'rect',
    { x: 0.75, y: 0.75, width: 38.5, height: 24.5, rx: 3, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 },
  ],
  ['rect', { x: 0.75, y: 5, width: 38.5, height: 4, fill: 'currentColor' }],
];

/** A decorative 40 x 26 `<svg>` of `shapes` (`aria-hidden`: the caller names the brand in text). */
const logo = (brand: string, shapes: readonly Shape[]): Shape => [
  'svg',
  { viewBox: '0 0 40 26', width: 40, height: 26, 'aria-hidden': 'true', 'data-brand': brand },
  shapes,
];

/**
 * Every mark as a whole `<svg>`, keyed by brand (`unknown`: the neutral outline). The frame fetches
 * it as brand-logos.json (`npm run logos` writes that file from here; a test fails when it is
 * stale), so that its script carries only the small drawing code (brand-logo-draw.ts).
 */
export const BRAND_LOGO_SHAPES = Object.fromEntries(
  Object.entries({ ...LOGOS, unknown: UNKNOWN }).map(([brand, shapes]) => [brand, logo(brand, shapes)]),
) as Readonly<Record<CardBrand | 'unknown', Shape>>;

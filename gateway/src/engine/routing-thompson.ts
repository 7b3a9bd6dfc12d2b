/**
 * Thompson sampling over acquirers, per segment. Each (segment, acquirer) cell keeps a Beta
 * posterior of its approval rate, starting from Beta(1, 1) (no opinion); a choice draws one sample
 * per eligible acquirer and takes the highest, so acquirers are tried in proportion to the chance
 * that they are the best, and exploration fades as evidence accumulates.
 */
import { JournaledMap, MEMORY_JOURNAL, type Journal } from './journal.js';
import type { Random } from './random.js';

/** Approvals and declines observed in one cell. */
export interface CellCounts {
  /** Approved authorizations through this acquirer in this segment. */
  approvals: number;
  /** Declined authorizations that count against the acquirer. */
  declines: number;
}

/** A float in (0, 1]: `Math.log` of it is finite. */
const openUnit = (random: Random): number => 1 - random.next();

/** A standard normal sample (Box-Muller). */
export function sampleNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(openUnit(random))) * Math.cos(2 * Math.PI * random.next());
}

/** A Gamma(shape, 1) sample (Marsaglia and Tsang; shapes below 1 boosted by a uniform power). */
export function sampleGamma(shape: number, random: Random): number {
  if (!(shape > 0)) throw new RangeError('sampleGamma: shape must be positive');
  if (shape < 1) return sampleGamma(shape + 1, random) * openUnit(random) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUnit(random);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(alpha, beta) sample, as the ratio of two Gamma samples. */
export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}

/** Beta posteriors per (segment, acquirer) and the sampling choice between acquirers. */
export class ThompsonSampler {
  private readonly cells: JournaledMap<CellCounts>;

  /** A sampler with no evidence yet, or with what it learned before a restart when `journal` keeps it. */
  constructor(journal: Journal = MEMORY_JOURNAL) {
    this.cells = new JournaledMap(journal, 'routing-cell');
  }

  /** What has been observed for `acquirer` in `segment` (zeros when nothing). */
  counts(segment: string, acquirer: string): CellCounts {
    const cell = this.cells.peek(cellKey(segment, acquirer));
    return cell ? { ...cell } : { approvals: 0, declines: 0 };
  }

  /** Adds one outcome to the cell. */
  record(segment: string, acquirer: string, approved: boolean): void {
    const key = cellKey(segment, acquirer);
    const { approvals, declines } = this.counts(segment, acquirer);
    this.cells.set(key, approved ? { approvals: approvals + 1, declines } : { approvals, declines: declines + 1 });
  }

  /** The candidate whose sampled approval rate is highest (the first on a tie); `undefined` for none. */
  choose(segment: string, candidates: readonly string[], random: Random): string | undefined {
    let best: string | undefined;
    let bestSample = -1;
    for (const acquirer of candidates) {
      const { approvals, declines } = this.counts(segment, acquirer);
      const sample = sampleBeta(1 + approvals, 1 + declines, random);
      if (sample > bestSample) {
        best = acquirer;
        bestSample = sample;
      }
    }
    return best;
  }
}

const cellKey = (segment: string, acquirer: string): string => `${segment}\u0000${acquirer}`;

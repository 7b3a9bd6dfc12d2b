/**
 * Seeded pseudo-random numbers. Everything the sandbox randomizes goes through one generator, so a
 * run started with the same `seed` produces the same ids and outcomes. Secrets (session tokens)
 * never come from here: they use `crypto.randomBytes`.
 */
import { randomInt } from 'node:crypto';

/** A source of pseudo-random numbers. */
export interface Random {
  /** A uniform float in [0, 1), the next draw of the seeded stream. */
  next(): number;
  /** A uniform integer in [0, max), from one draw. */
  int(max: number): number;
  /** A string of `count` decimal digits. */
  digits(count: number): string;
}

/** Creates a generator (mulberry32); without a seed it is seeded from the OS. */
export function createRandom(seed?: number): Random {
  let state = (seed ?? randomInt(0, 2 ** 32 - 1)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  return {
    next,
    int,
    digits(count) {
      // Joined, not appended to: one flat string, where `+=` leaves a chain of pieces that a kept id would keep.
      const digits: string[] = [];
      for (let i = 0; i < count; i++) digits.push(String(int(10)));
      return digits.join('');
    },
  };
}

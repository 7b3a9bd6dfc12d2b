/**
 * One console line for a developer, in words from `diagnostics.ts`, which loads only when there is
 * something to say. The events carry everything a program needs; this is for people.
 */
import type { DIAGNOSTICS } from './diagnostics.js';

/** A diagnostic by name, with the values its text needs. */
export type Diagnostic = {
  [K in keyof typeof DIAGNOSTICS]: [K, ...Parameters<(typeof DIAGNOSTICS)[K]>];
}[keyof typeof DIAGNOSTICS];

/** Prints `<antom-card-checkout> <prefix>: <text>`; the name alone if the texts cannot be loaded. */
export function warn(prefix: string, [key, ...args]: Diagnostic): void {
  const say = (text: string): void => console.warn(`<antom-card-checkout> ${prefix}: ${text}`);
  import('./diagnostics.js').then(
    ({ DIAGNOSTICS }) => {
      // Each text takes the values its Diagnostic tuple carries; TypeScript cannot pair them per key here.
      const text: (...values: string[]) => string = DIAGNOSTICS[key];
      say(text(...args));
    },
    () => say(key),
  );
}

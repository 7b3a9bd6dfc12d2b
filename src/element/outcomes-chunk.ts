/**
 * The `outcomes` chunk (outcomes.ts), loaded once: at ready, or by the first submission. Once it is
 * here, calls go to it at once, not a task later as every `import()` resolves, so a click reaches
 * the card frame and an answer reaches its event without waiting for the next turn of the page.
 */
type Outcomes = typeof import('./outcomes.js');

let loaded: Outcomes | undefined;

/** Calls `use` with the chunk (at once when it is here); `failed` when it cannot be loaded. */
export function withOutcomes(use: (outcomes: Outcomes) => unknown, failed: () => void = () => undefined): void {
  if (loaded) use(loaded);
  else
    import('./outcomes.js').then((outcomes) => {
      loaded = outcomes;
      use(outcomes);
    }, failed);
}

/** Calls `use` with the chunk only if it is here already (it is never loaded for this). */
export function ifOutcomes(use: (outcomes: Outcomes) => unknown): void {
  if (loaded) use(loaded);
}

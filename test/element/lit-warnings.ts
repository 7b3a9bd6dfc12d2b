/// <reference types="mocha" />
/**
 * Fails a test file when Lit's dev mode warns (e.g. a change scheduled during an update), apart
 * from the one notice that dev mode is on. Call at the top of each element test file.
 */
import { expect } from '@open-wc/testing';

export function failOnLitWarnings(): void {
  const warnings: string[] = [];
  const original = console.warn;
  before(() => {
    console.warn = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (text.includes('lit.dev/msg/') && !text.includes('lit.dev/msg/dev-mode')) warnings.push(text);
      original.apply(console, args);
    };
  });
  after(() => {
    console.warn = original;
    expect(warnings, 'Lit dev-mode warnings').to.deep.equal([]);
  });
}

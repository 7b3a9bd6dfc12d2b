import type { Plugin } from 'vite';

/** Collapses the whitespace of Lit html`` and css`` templates in src/element for the script-tag build. */
export function minifyTemplates(): Plugin;

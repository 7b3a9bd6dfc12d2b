#!/usr/bin/env node
// `npm run logos`: writes src/shared/card/brand-logos.json, the brand marks as the card frame
// fetches them, from src/shared/card/brand-logos.ts (the source). Run with tsx: it imports TypeScript.
import { writeFileSync } from 'node:fs';
import { BRAND_LOGO_SHAPES } from '../src/shared/card/brand-logos.ts';

writeFileSync(
  new URL('../src/shared/card/brand-logos.json', import.meta.url),
  `${JSON.stringify(BRAND_LOGO_SHAPES)}\n`,
);

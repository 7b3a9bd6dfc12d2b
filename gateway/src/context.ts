/** What every endpoint module needs from the running gateway. */
import type { KeyObject } from 'node:crypto';
import type { PaymentEngine } from './engine/engine.js';

/** Shared dependencies of the endpoint modules. */
export interface GatewayContext {
  /** The one payment engine every endpoint reads and changes: sessions, payments, tokens, challenges. */
  engine: PaymentEngine;
  /** Gateway private key (signs answers and notifications). */
  privateKey: KeyObject;
  /** The gateway's own origin, e.g. `http://127.0.0.1:8787`. */
  origin: string;
  /** Origin of the simulated issuer's ACS (3-D Secure pages), e.g. `http://127.0.0.1:8788`. */
  issuerOrigin: string;
  /** Folder of the built frame page (`frame.html`, `assets/`). */
  frameDir: string;
  /** Whether the gateway listens on a loopback address only (the clock admin requires it). */
  boundToLoopback: boolean;
  /** How far a signed request's `Request-Time` may be from the engine's clock, either way. */
  requestTimeWindowMs: number;
}

/**
 * The only file that registers `<antom-card-checkout>`. A second copy on the page warns
 * instead of throwing.
 */
import { AntomCardCheckout } from './antom-card-checkout.js';

/** `antom-card-checkout`: the one name it is registered under, by this file only. */
export const TAG_NAME = 'antom-card-checkout';

/** Registers the element once; returns false (and warns) if another definition got there first. */
export function defineAntomCardCheckout(): boolean {
  const existing = customElements.get(TAG_NAME);
  if (existing) {
    if (existing !== AntomCardCheckout) {
      console.warn(`<${TAG_NAME}> is already defined by another copy of antom-card-checkout; keeping that one.`);
    }
    return false;
  }
  customElements.define('antom-card-checkout', AntomCardCheckout);
  return true;
}

defineAntomCardCheckout();

export { AntomCardCheckout };

declare global {
  interface HTMLElementTagNameMap {
    'antom-card-checkout': AntomCardCheckout;
  }
}

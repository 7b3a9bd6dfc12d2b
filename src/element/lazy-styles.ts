/**
 * Style sheets that arrive with a lazily loaded part of the element (the saved-card list, the 3-D
 * Secure dialog): each is adopted once per element, after the element's own styles and any added
 * before, as constructable style sheets, so strict CSPs (no inline styles) hold.
 */
import { adoptStyles, type CSSResultOrNative, type LitElement } from 'lit';

const added = new WeakMap<LitElement, CSSResultOrNative[]>();

/** The signature of `addStyles`, for chunks that get it from the element. */
export type AddStyles = (host: LitElement, style: CSSResultOrNative) => void;

/** Adds `style` to `host`'s shadow root; a second call with the same sheet changes nothing. */
export function addStyles(host: LitElement, style: CSSResultOrNative): void {
  const list = added.get(host) ?? [];
  if (list.includes(style)) return;
  list.push(style);
  added.set(host, list);
  adoptStyles(host.renderRoot as ShadowRoot, [...(host.constructor as typeof LitElement).elementStyles, ...list]);
}

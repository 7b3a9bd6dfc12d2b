/**
 * Watches the page for what may change the checkout's look after it loaded: a chunk of its own,
 * loaded after antom-ready (the card form gets the look at load in its init message).
 */
import { systemDark } from './appearance.js';

/**
 * Calls `changed` (at most once a frame) whenever the host's tokens or the page's colour scheme may
 * have changed: the host's theme, a class or style attribute anywhere in the document or on the host, a style
 * sheet added or edited in `<head>`, or the system's scheme. Returns the function that stops it.
 */
export function watchAppearance(host: HTMLElement, changed: () => void): () => void {
  let frame = 0;
  const later = (): void => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(changed);
  };
  const observer = new MutationObserver(later);
  const attributes = { attributes: true, attributeFilter: ['class', 'style', 'data-theme', 'data-color-scheme'] };
  observer.observe(document.documentElement, { ...attributes, subtree: true });
  // `theme` is reflected: setting the property changes the attribute too.
  observer.observe(host, { attributes: true, attributeFilter: ['class', 'style', 'theme'] });
  observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  const media = systemDark();
  media.addEventListener('change', later);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', later);
    cancelAnimationFrame(frame);
  };
}

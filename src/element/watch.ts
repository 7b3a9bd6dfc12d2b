/**
 * Watches the page for what may change the checkout's look after it loaded: a chunk of its own,
 * loaded after antom-ready (the card form gets the look at load in its init message). It also tells
 * the developer (ours) when the text colour in effect is unreadable on the surface in effect, as
 * when a page's light tokens meet `theme="dark"`.
 */
import { hostAppearance, resolveColorScheme, systemDark } from './appearance.js';
import { warn } from './warn.js';

/** WCAG's minimum contrast for body text. */
const MIN_CONTRAST = 4.5;

/** Clashes already said, so each is said once per page. */
const said = new Set<string>();

/** The sRGB channels (0-255) of an opaque CSS colour, as the browser reads it; `undefined` if it cannot. */
function channels(value: string, context: CanvasRenderingContext2D): number[] | undefined {
  // An invalid colour leaves fillStyle as it was: read it over two different starting values.
  const read = (start: string): string => {
    context.fillStyle = start;
    context.fillStyle = value;
    return String(context.fillStyle);
  };
  const seen = read('#000000');
  const hex = seen === read('#ffffff') ? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(seen) : null;
  return hex ? hex.slice(1).map((part) => parseInt(part, 16)) : undefined;
}

/** WCAG relative luminance of sRGB channels. */
function luminance([r = 0, g = 0, b = 0]: number[]): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * Warns once about each surface on which the text in effect falls below `MIN_CONTRAST`; returns the
 * surfaces (tokens) it warned about now.
 */
export function checkContrast(host: HTMLElement): string[] {
  const warned: string[] = [];
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return warned;
  const scheme = resolveColorScheme(host, host.getAttribute('theme') ?? 'light');
  const tokens = hostAppearance(host, scheme);
  // The light scheme's own text and field colours (the dark scheme's are in `tokens` already).
  const text = tokens['--antom-color-text'] ?? '#1f2933';
  const surfaces = {
    '--antom-color-field': tokens['--antom-color-field'] ?? '#ffffff',
    '--antom-color-background': tokens['--antom-color-background'],
  };
  const ink = channels(text, context);
  for (const [token, surface] of Object.entries(surfaces)) {
    const ground = surface === undefined ? undefined : channels(surface, context);
    if (!ink || !ground || surface === undefined) continue;
    const [light, dark] = [luminance(ink), luminance(ground)].sort((a, b) => b - a) as [number, number];
    const ratio = (light + 0.05) / (dark + 0.05);
    const key = `${scheme} ${text} ${token} ${surface}`;
    if (ratio >= MIN_CONTRAST || said.has(key)) continue;
    said.add(key);
    warned.push(token);
    warn('low-contrast', ['low-contrast', text, token, surface, ratio.toFixed(1), scheme]);
  }
  return warned;
}

/**
 * Calls `changed` (at most once a frame) whenever the host's tokens or the page's colour scheme may
 * have changed: the host's theme, a class or style attribute anywhere in the document or on the host, a style
 * sheet added or edited in `<head>`, or the system's scheme. Returns the function that stops it.
 */
export function watchAppearance(host: HTMLElement, changed: () => void): () => void {
  let frame = 0;
  const later = (): void => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      checkContrast(host);
      changed();
    });
  };
  checkContrast(host);
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

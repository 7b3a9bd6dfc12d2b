/**
 * How the gateway's pages (the card frame, the 3-D Secure container) get a catalogue: English is
 * built into their script; any other locale is one JSON file the frame build emits next to the
 * script as `<surface>-<locale>-<version>.json`, so a buyer downloads one language and the page
 * needs no table of file names (the version changes whenever any catalogue does).
 */

// Replaced by the frame build (vite.config.ts); absent when the sources run under Node.
declare const __ANTOM_I18N_VERSION__: string | undefined;

/** `base` with each non-empty text of `texts` whose key `base` has; anything else is ignored. */
export function withTexts<T extends Record<string, string>>(base: T, texts: unknown): T {
  const out: Record<string, string> = { ...base };
  if (texts && typeof texts === 'object') {
    for (const key of Object.keys(base)) {
      const value: unknown = (texts as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim() !== '') out[key] = value;
    }
  }
  return out as T;
}

/** The texts of `surface` in `locale` over `english` (`english` itself for `en_US` or when the file cannot be loaded). */
export async function fetchCatalogue<T extends Record<string, string>>(
  surface: 'frame' | 'challenge',
  locale: string,
  english: T,
): Promise<T> {
  if (locale === 'en_US') return english;
  const version = typeof __ANTOM_I18N_VERSION__ === 'string' ? __ANTOM_I18N_VERSION__ : 'dev';
  try {
    // By absolute path on the page's origin: the gateway may serve this script inlined in its page,
    // whose URL is not the assets' (and not as `new URL(…, import.meta.url)`, which the build rewrites).
    const response = await fetch(`/sdk/v1/assets/${surface}-${locale}-${version}.json`, {
      credentials: 'omit',
    });
    if (!response.ok) return english;
    // The build sends the texts in the order of English's keys (vite.config.ts).
    const values = (await response.json()) as unknown[];
    return withTexts(english, Object.fromEntries(Object.keys(english).map((key, i) => [key, values[i]])));
  } catch {
    return english;
  }
}

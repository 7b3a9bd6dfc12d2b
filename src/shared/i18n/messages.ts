/**
 * Messages the element shows on the merchant page (the frame has its own field messages).
 * Decline codes map to a few buyer-facing messages: a buyer is never told a card was
 * reported lost or stolen, only that it was declined.
 */
import type { FieldMessages } from './field-messages.js';
import type { SupportedLocale } from './locale.js';
import en_US from './catalogues/element/en_US.json' with { type: 'json' };

/** Keys of the element's message catalogue. */
export type MessageKey =
  | 'pay'
  | 'payGeneric'
  | 'saveCard'
  | 'processing'
  | 'loading'
  | 'frameTitle'
  | 'ready'
  | 'authorized'
  | 'pending'
  | 'declined'
  | 'insufficientFunds'
  | 'cardExpired'
  | 'checkNumber'
  | 'checkCvc'
  | 'checkExpiry'
  | 'notSupported'
  | 'overLimit'
  | 'authRequired'
  | 'orderClosed'
  | 'formInvalid'
  | 'sessionExpired'
  | 'loadFailed'
  | 'unreachable'
  | 'networkRetry'
  | 'configError'
  | 'savedCards'
  | 'newCard'
  | 'cardEnding'
  | 'expires'
  | 'expired'
  | 'remove'
  | 'removeCard'
  | 'cardSaved'
  | 'cardUnavailable'
  | 'challengeTitle'
  | 'challengeFrameTitle'
  | 'cancel'
  | 'challengeCancelled'
  | 'verificationFailed'
  | 'challengeUnavailable';

/** A full set of element messages for one locale. */
export type Catalogue = Record<MessageKey, string>;

/** Keys of the card frame's texts as a merchant overrides them: the frame's own key after `frame.`. */
export type FrameMessageKey = `frame.${keyof FieldMessages}`;

/**
 * Texts a merchant sets in place of the catalogue's, by key: the element's (`pay`, `declined`...)
 * and the card frame's (`frame.number`, `frame.error.CARD_EXPIRED`...). Placeholders such as
 * `{amount}` are filled in the same way.
 */
export type CheckoutMessages = Partial<Record<MessageKey | FrameMessageKey, string>>;

/** The locale an element speaks and the merchant's overrides of its texts. */
export interface Texts {
  /** The locale whose catalogue is used. */
  readonly locale: SupportedLocale;
  /** The merchant's texts, used before the catalogue's. */
  readonly overrides?: CheckoutMessages | null | undefined;
}

/** English: every text falls back to it (the outcome texts once `addTexts` brought them). */
const english: Partial<Catalogue> = { ...en_US };
const loaded: Partial<Record<SupportedLocale, Partial<Catalogue>>> = { en_US: english };

/** Requested tags (`pt-BR`, `iw`...) and the supported locale each resolved to, with its catalogue loaded. */
const prepared = new Map<string, SupportedLocale>();

/** The locale `requested` (a `locale` attribute or `lang`) was prepared as; `undefined` until `prepareLocale` finished. */
export function preparedLocale(requested: string | null): SupportedLocale | undefined {
  return !requested || /^en([-_]us)?$/i.test(requested) ? 'en_US' : prepared.get(requested);
}

/**
 * Resolves `requested` to a supported locale and loads its catalogue: both live in lazy chunks (the
 * table of 40 locales and their 40 catalogues), so a page in English downloads neither. Resolves
 * `undefined` when a chunk could not be loaded (English is used).
 */
export async function prepareLocale(requested: string | null): Promise<SupportedLocale | undefined> {
  const known = preparedLocale(requested);
  if (known || !requested) return known;
  try {
    const { elementCatalogue, resolveLocale } = await import('./element-catalogues.js');
    const locale = resolveLocale(requested);
    addTexts(locale, await elementCatalogue(locale));
    prepared.set(requested, locale);
    return locale;
  } catch {
    return undefined;
  }
}

/**
 * A message in `texts`' locale (English until that locale is loaded), the merchant's text first,
 * with `{name}` placeholders filled.
 */
export function message(texts: Texts, key: MessageKey, params: Record<string, string> = {}): string {
  const text = texts.overrides?.[key] ?? loaded[texts.locale]?.[key] ?? english[key] ?? '';
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** Adds texts loaded on their own (a locale's catalogue, the outcome texts) to `locale`'s. */
export function addTexts(locale: SupportedLocale, texts: Partial<Catalogue>): void {
  Object.assign((loaded[locale] ??= {}), texts);
}

/** The merchant's texts for the card frame, under the frame's own keys (`frame.number` as `number`). */
export function frameOverrides(overrides: CheckoutMessages | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(overrides ?? {}))
    if (key.startsWith('frame.') && typeof value === 'string') out[key.slice(6)] = value;
  return out;
}

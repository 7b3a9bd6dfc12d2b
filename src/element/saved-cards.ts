/**
 * The buyer's saved cards as a radio group: logo, brand, masked number and expiry, then "Use a new
 * card". The browser only ever sees opaque `saved-<index>` ids, never a token. A chunk of its own,
 * with its styles: the element loads it when a session lists saved cards (controllers/checkout.ts).
 */
import { css, html, type LitElement, type TemplateResult } from 'lit';
import { BRAND_NAMES } from '../shared/card/brand-names.js';
import { toBcp47 } from '../shared/i18n/locale.js';
import { message, type Texts } from '../shared/i18n/messages.js';
import type { SavedCardView } from '../shared/types.js';
import type { AddStyles } from './lazy-styles.js';

/** What the list shows and where the buyer's choices go. */
export interface SavedCardList {
  cards: readonly SavedCardView[];
  /** The chosen card's id; `null` for a new card. */
  selected: string | null;
  /** A payment is in flight or done: the choice cannot change. */
  locked: boolean;
  /** The locale and the merchant's texts. */
  locale: Texts;
  select(savedCardId: string | null): void;
  remove(card: SavedCardView): void;
}

/** The list's styles: they come with this chunk, so buyers without saved cards never download them. */
const savedCardStyles = css`
  .saved {
    display: grid;
    gap: 8px;
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }

  .saved legend {
    padding: 0;
    margin-bottom: 8px;
    font-weight: 600;
  }

  /* Remove goes under its card when both do not fit on one line (below about 300 px). */
  .saved-row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }

  .saved-card {
    flex: 1 1 13rem;
    display: flex;
    align-items: center;
    gap: 10px;
    min-height: 48px;
    padding: 0 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }

  .saved-card:has(input:checked) {
    border-color: var(--_primary);
    box-shadow: inset 0 0 0 1px var(--_primary);
  }

  .saved-card:has(input:focus-visible) {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .saved-card[data-expired] {
    cursor: not-allowed;
    color: var(--_muted);
  }

  .saved-card input {
    width: 18px;
    height: 18px;
    margin: 0;
    accent-color: var(--_primary);
  }

  /* The brand's mark (a drawing, loaded after the list) or the "new card" sign, in the same place. */
  .logo {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 40px;
    height: 26px;
    font-weight: 700;
  }

  .card-name {
    flex: 1;
    font-weight: 600;
  }

  .expiry {
    color: var(--_muted);
    font-size: 14px;
  }

  .expiry[data-expired] {
    color: var(--_error);
    font-weight: 600;
  }

  .remove {
    min-width: 44px;
    min-height: 44px;
    padding: 0 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_text);
    font: inherit;
    font-size: 14px;
    cursor: pointer;
  }

  .remove:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    .saved-card:has(input:checked) {
      border-color: Highlight;
      box-shadow: inset 0 0 0 1px Highlight;
    }
    .logo svg {
      forced-color-adjust: none;
    }
  }
`;

/** Draws a card's brand mark, once brand-logo.ts has loaded. */
let logoOf: ((card: SavedCardView) => Element) | undefined;
let loadingLogos: Promise<void> | undefined;

/**
 * Gives `host` the list's styles with `addStyles` (the element's own copy: this chunk then needs no
 * other before it runs); call before the list first renders in it.
 */
export function adoptSavedCardStyles(host: LitElement, addStyles: AddStyles): void {
  addStyles(host, savedCardStyles);
}

/**
 * Fetches the brand marks, a chunk of their own, once the checkout is ready (they are not needed for
 * it: each mark's place is kept), and renders `host` again when they arrive; a failed chunk leaves
 * the places blank (the names are text).
 */
export function loadSavedCardLogos(host: LitElement): void {
  loadingLogos ??= import('./brand-logo.js').then(
    (loaded) => void (logoOf = loaded.logoOf),
    () => (loadingLogos = undefined),
  );
  void loadingLogos.then(() => host.requestUpdate());
}

/** The saved-card fieldset; the element renders it only when the session lists cards. */
export function renderSavedCards(list: SavedCardList): TemplateResult {
  const { locale } = list;
  return html`
    <fieldset part="saved-cards" class="saved" ?disabled=${list.locked}>
      <legend>${message(locale, 'savedCards')}</legend>
      ${list.cards.map((card) => renderSavedCard(card, list))}
      <div class="saved-row">
        <label part="saved-card" class="saved-card">
          <input
            type="radio"
            name="saved-card"
            value="new"
            .checked=${list.selected === null}
            @change=${() => list.select(null)}
          />
          <span class="logo" aria-hidden="true">+</span>
          <span class="card-name">${message(locale, 'newCard')}</span>
        </label>
      </div>
    </fieldset>
  `;
}

/** A card's expiry as the locale writes a month and year: Gregorian (as cards print it), the locale's digits. */
function expiryDate(card: SavedCardView, { locale }: Texts): string {
  return new Date(+`20${card.expiryYear}`, +card.expiryMonth - 1).toLocaleDateString(
    `${toBcp47(locale)}-u-ca-gregory`,
    {
      month: '2-digit',
      year: '2-digit',
    },
  );
}

function renderSavedCard(card: SavedCardView, list: SavedCardList): TemplateResult {
  const { locale } = list;
  const name = message(locale, 'cardEnding', { brand: BRAND_NAMES[card.brand], last4: card.last4 });
  return html`
    <div class="saved-row">
      <label part="saved-card" class="saved-card" ?data-expired=${card.expired}>
        <input
          type="radio"
          name="saved-card"
          .value=${card.id}
          .checked=${list.selected === card.id}
          ?disabled=${card.expired}
          @change=${() => list.select(card.id)}
        />
        <span class="logo" data-brand=${card.brand} aria-hidden="true">${logoOf?.(card)}</span>
        <span class="card-name">
          <span aria-hidden="true">${BRAND_NAMES[card.brand]} •••• ${card.last4}</span>
          <span class="visually-hidden">${name}</span>
        </span>
        <span class="expiry" ?data-expired=${card.expired}>
          ${card.expired ? message(locale, 'expired') : message(locale, 'expires', { date: expiryDate(card, locale) })}
        </span>
      </label>
      <button
        type="button"
        part="remove-card"
        class="remove"
        aria-label=${message(locale, 'removeCard', { card: name })}
        @click=${() => list.remove(card)}
      >
        ${message(locale, 'remove')}
      </button>
    </div>
  `;
}

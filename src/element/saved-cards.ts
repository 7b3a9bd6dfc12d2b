/**
 * The buyer's saved cards as a radio group: logo, brand, masked number and expiry, then "Use a new
 * card". The browser only ever sees opaque `saved-<index>` ids, never a token.
 */
import { html, type TemplateResult } from 'lit';
import { BRAND_NAMES, BRAND_SHORT } from '../shared/card/brand-names.js';
import type { SupportedLocale } from '../shared/i18n/locale.js';
import { message } from '../shared/i18n/messages.js';
import type { SavedCardView } from '../shared/types.js';

/** What the list shows and where the buyer's choices go. */
export interface SavedCardList {
  cards: readonly SavedCardView[];
  /** The chosen card's id; `null` for a new card. */
  selected: string | null;
  /** A payment is in flight or done: the choice cannot change. */
  locked: boolean;
  locale: SupportedLocale;
  select(savedCardId: string | null): void;
  remove(card: SavedCardView): void;
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
        <span class="logo" data-brand=${card.brand} aria-hidden="true">${BRAND_SHORT[card.brand]}</span>
        <span class="card-name">
          <span aria-hidden="true">${BRAND_NAMES[card.brand]} •••• ${card.last4}</span>
          <span class="visually-hidden">${name}</span>
        </span>
        <span class="expiry" ?data-expired=${card.expired}>
          ${
            card.expired
              ? message(locale, 'expired')
              : message(locale, 'expires', { date: `${card.expiryMonth}/${card.expiryYear}` })
          }
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

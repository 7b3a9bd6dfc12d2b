/**
 * The card form: builds the DOM node by node (the CSP and the rules forbid markup strings), wires the four
 * fields to the card rules, keeps the brand badge and the live region up to date, and answers
 * the controller's questions (state, validation, card data) without ever exposing a value
 * except through `payload()`, which only the gateway request uses.
 *
 * Three modes, chosen by the element's `select`: a new card (the four fields, plus the consent box
 * when the session asks for consent), a saved card whose CVC the session wants again (the CVC
 * field alone), and a saved card that needs no input (nothing shown, height 0).
 */
import {
  brandInfo,
  formatCardNumber,
  formatCvc,
  formatExpiry,
  validateCvc,
  validateExpiry,
  validateHolder,
  validateNumber,
} from '../../shared/card/index.js';
import { BRAND_NAMES } from '../../shared/card/brand-names.js';
import type { FieldMessages } from '../../shared/i18n/field-messages.js';
import {
  FIELD_NAMES,
  type CardBrand,
  type FieldErrorCode,
  type FieldName,
  type FieldState,
  type FormState,
  type SavedCardView,
  type SdkPaymentRequest,
  type SessionView,
} from '../../shared/types.js';
import { showBrandBadge } from './brand-icons.js';
import { Field, type FieldRules } from './field.js';

/** What the controller can do with the form. */
export interface CardForm {
  /** Current state for the element (no values). */
  state(): FormState;
  /** Reveals every error, focuses the first invalid field and returns the invalid fields in use. */
  validate(): FieldName[];
  /** Focuses the first field in use showing an error, else the first field in use. */
  focus(): void;
  /** Disables or enables every input; enabling gives focus back to the field that had it. */
  setDisabled(disabled: boolean): void;
  /**
   * Holds what was sent while the card is with the gateway: the fields read-only and the consent
   * box fixed, with focus and look unchanged (the pay button shows the wait; nothing flickers).
   */
  lock(locked: boolean): void;
  /** Empties the CVC (after every gateway answer); `closing`: the form is done, so nothing is announced or posted. */
  clearCvc(closing?: boolean): void;
  /** Empties every field, unticks the consent box and hides every error; the mode stays. */
  reset(): void;
  /**
   * Switches to a usable saved card of the view, or to a new card (`null`); clears what was typed.
   * False, and nothing changes, for the current choice or an unknown or expired card. The caller
   * posts the new state.
   */
  select(savedCardId: string | null): boolean;
  /** What the gateway request carries besides the session data; only call it once `validate()` returned nothing. */
  payload(): Omit<SdkPaymentRequest, 'paymentSessionData'>;
}

/** What the form tells its owner: that its state may have changed, and that Enter was pressed. */
export interface FormHooks {
  /** Something in the state may have changed. */
  changed(): void;
  /** The buyer pressed Enter in a field. */
  enter(): void;
}

const onlyDigits = (value: string): string => value.replace(/\D/g, '');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', id = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (id) node.id = id;
  return node;
}

const INPUT_ATTRIBUTES: Record<FieldName, Record<string, string>> = {
  number: { autocomplete: 'cc-number', inputmode: 'numeric', placeholder: '1234 1234 1234 1234' },
  expiry: { autocomplete: 'cc-exp', inputmode: 'numeric' },
  cvc: { autocomplete: 'cc-csc', inputmode: 'numeric' },
  holder: { autocomplete: 'cc-name', autocapitalize: 'words', maxlength: '64' },
};

/** Where focus jumps once a field is complete. */
const NEXT: Partial<Record<FieldName, FieldName>> = { number: 'expiry', expiry: 'cvc' };

/** How a field the current mode does not use looks to the element. */
const UNUSED: FieldState = { empty: true, valid: false, error: null };

/**
 * Builds the card form into `document.body` for the session `view`. With a usable saved card it
 * starts on the first one, as the element does, so the first height it reports is already right.
 */
export function buildForm(texts: FieldMessages, view: SessionView, hooks: FormHooks): CardForm {
  const { brands, policies } = view;
  // A vault session binds a new card: no saved card to pick, nothing to consent to.
  const usable = view.mode === 'vault' ? [] : (view.savedCards ?? []).filter((card) => !card.expired);
  const cvcAgain = policies?.savedCardCvc === true;
  let saved: SavedCardView | undefined = usable[0];
  /** The brand shown (the saved card's, else the number's); `detected` is the brand of the number as last checked. */
  let brand: CardBrand | null = null;
  let detected: CardBrand | null = null;
  let announced: Partial<Record<FieldName, FieldErrorCode | null>> = {};
  let brandNews = '';
  let focusBeforeDisable: HTMLInputElement | undefined;
  const live = el('div', 'vh');
  live.setAttribute('role', 'status');
  const badge = el('span', 'badge', 'number-brand');
  const cvcHint = el('span', 'vh', 'cvc-hint');
  const form = el('form');
  const fields = {} as Record<FieldName, Field>;
  const list = (): Field[] => FIELD_NAMES.map((name) => fields[name]);
  const used = (): Field[] => list().filter((field) => !saved || (cvcAgain && field.name === 'cvc'));

  const rules: Record<FieldName, FieldRules> = {
    number: {
      format: formatCardNumber,
      check: (value) => {
        const check = validateNumber(value, brands);
        detected = check.brand;
        return check;
      },
      // Most 19-digit cards are UnionPay, whose numbers skip the Luhn check, so 16 of their digits
      // already read as valid: jump early only where that is a 1-in-10 coincidence.
      full: (value) => {
        const length = onlyDigits(value).length;
        return length === Math.max(...brandInfo(detected).lengths) || (length === 16 && detected !== 'UNIONPAY');
      },
      required: true,
    },
    expiry: {
      format: formatExpiry,
      check: (value) => validateExpiry(value, new Date()),
      full: () => true,
      required: true,
    },
    cvc: {
      format: (raw, caret) => formatCvc(raw, brand, caret),
      check: (value) => validateCvc(value, brand),
      full: () => false,
      required: true,
    },
    holder: {
      format: (value, caret) => ({ value, caret }),
      check: (value) => validateHolder(value, false),
      full: () => false,
      required: false,
    },
  };

  const showBrand = (): void => {
    const next = saved?.brand ?? detected;
    if (next === brand && badge.firstChild) return;
    brand = next;
    showBrandBadge(badge, brand, false);
    const cvc = fields.cvc.input;
    cvcHint.textContent = cvc.placeholder = texts.cvcHint.replace('{n}', String(brandInfo(brand).cvcLength));
    fields.cvc.refresh();
    // A saved card's brand is no news: the buyer just chose it.
    brandNews = brand && !saved ? texts.brand.replace('{brand}', BRAND_NAMES[brand]) : '';
  };

  /** Announces the new brand and errors that just appeared (once each), then tells the controller. */
  const afterChange = (): void => {
    const news = brandNews ? [brandNews] : [];
    brandNews = '';
    for (const { name, shown } of list()) {
      if (shown && announced[name] !== shown) news.push(`${texts[name]}: ${texts[`error.${shown}`]}`);
      announced[name] = shown;
    }
    if (news.length) live.textContent = news.join('. ');
    hooks.changed();
  };

  for (const name of FIELD_NAMES) {
    const input = el('input', '', name);
    input.type = 'text';
    input.spellcheck = false;
    for (const [attribute, value] of Object.entries(INPUT_ATTRIBUTES[name])) input.setAttribute(attribute, value);
    input.setAttribute('autocorrect', 'off');
    // Card number, expiry and CVC read left to right in every language, as cards print them.
    if (name !== 'holder') input.dir = 'ltr';
    input.setAttribute('aria-required', String(rules[name].required));
    input.setAttribute(
      'aria-describedby',
      `${{ number: 'number-brand ', cvc: 'cvc-hint ' }[name as string] ?? ''}${name}-err`,
    );
    const label = el('label');
    label.htmlFor = name;
    label.textContent = name === 'holder' ? `${texts.holder} ${texts.optional}` : texts[name];
    const box = el('div', 'box');
    // The brand mark and CVC hint stay where a left-to-right field puts them, in every language.
    if (name !== 'holder') box.dir = 'ltr';
    box.append(input, ...(name === 'number' ? [badge] : name === 'cvc' ? [cvcHint] : []));
    const errorLine = el('div', 'err', `${name}-err`);
    const row = el('div', name === 'expiry' || name === 'cvc' ? 'f half' : 'f');
    row.append(label, box, errorLine);
    form.append(row);
    fields[name] = new Field(
      name,
      input,
      errorLine,
      rules[name],
      (code) => texts[`error.${code}`],
      (field, advance) => {
        if (field.name === 'number') showBrand();
        const target = NEXT[field.name];
        if (advance && target) fields[target].input.focus();
        afterChange();
      },
    );
  }
  // The brand marks come when the buyer comes to the fields (the neutral outline first), not before ready.
  form.addEventListener('focusin', () => showBrandBadge(badge, brand, true), { once: true });
  fields.expiry.input.placeholder = texts.expiryPlaceholder;
  const cvcRow = fields.cvc.input.closest('.f') as HTMLElement;
  const cvcLabel = cvcRow.firstChild as HTMLLabelElement;
  let consent: HTMLInputElement | undefined;
  let locked = false;
  if (view.mode === 'payment' && policies?.askToSave) {
    consent = el('input', '', 'save');
    consent.type = 'checkbox';
    // Fixed while the card is with the gateway: what is shown stays what was sent.
    consent.addEventListener('click', (event) => {
      if (locked) event.preventDefault();
    });
    const label = el('label', 'check');
    label.append(consent, texts.saveCard);
    const row = el('div', 'f');
    row.append(label);
    form.append(row);
  }

  /** Shows the rows of the current mode and names the saved card in the CVC label. */
  const showMode = (): void => {
    // Nothing to type: hide the form but keep the landmark and heading for assistive technology.
    form.hidden = !!saved && !cvcAgain;
    for (const row of form.children) (row as HTMLElement).hidden = !!saved && row !== cvcRow;
    cvcRow.className = saved ? 'f saved' : 'f half';
    const card = saved && `${BRAND_NAMES[saved.brand]} ••••\u00a0${saved.last4}`;
    cvcLabel.textContent = card ? texts.savedCvc.replace('{card}', card) : texts.cvc;
    // Screen readers would read the dots aloud ("bullet bullet…"): the field's name leaves them out.
    fields.cvc.input.ariaLabel = card ? cvcLabel.textContent.replace(/•+\s/, '') : null;
    showBrand();
  };

  const clearAll = (): void => {
    for (const field of list()) field.clear();
    if (consent) consent.checked = false;
    announced = {};
  };

  // Enter never submits the form itself (no submit button, and the CSP forbids form actions).
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    hooks.enter();
  });
  const heading = el('h1', 'vh');
  heading.textContent = texts.title;
  const main = el('main');
  main.append(heading, form, live);
  document.body.replaceChildren(main);
  showMode();

  return {
    state: () => {
      const inUse = used();
      return {
        brand,
        complete: inUse.every((field) => field.valid),
        fields: Object.fromEntries(
          list().map((field) => [field.name, inUse.includes(field) ? field.state : UNUSED]),
        ) as FormState['fields'],
      };
    },
    validate: () => {
      for (const field of used()) field.refresh(true);
      afterChange();
      const invalid = used().filter((field) => !field.valid);
      invalid[0]?.input.focus();
      return invalid.map((field) => field.name);
    },
    focus: () => {
      const inUse = used();
      (inUse.find((field) => field.shown) ?? inUse[0])?.input.focus();
    },
    setDisabled: (disabled) => {
      const inputs = [...form.querySelectorAll('input')];
      if (disabled) focusBeforeDisable ??= inputs.find((input) => input === document.activeElement);
      for (const input of inputs) input.disabled = disabled;
      if (disabled) return;
      // Disabling dropped focus to the body: give it back so a keyboard buyer can go on correcting,
      // unless the buyer has moved on to the merchant page meanwhile.
      if (document.hasFocus() && document.activeElement === document.body) focusBeforeDisable?.focus();
      focusBeforeDisable = undefined;
    },
    lock: (next) => {
      locked = next;
      for (const input of form.querySelectorAll('input')) {
        if (input === consent) input.setAttribute('aria-disabled', String(next));
        else input.readOnly = next;
      }
    },
    clearCvc: (closing = false) => {
      fields.cvc.clear();
      if (!closing) afterChange();
    },
    reset: () => {
      clearAll();
      showBrand();
      afterChange();
    },
    select: (savedCardId) => {
      const next = usable.find((card) => card.id === savedCardId);
      if ((savedCardId !== null && !next) || next === saved) return false;
      clearAll();
      saved = next;
      showMode();
      return true;
    },
    payload: () => {
      const cvc = fields.cvc.input.value;
      if (saved) return { savedCard: cvcAgain ? { id: saved.id, cvc } : { id: saved.id } };
      const expiry = validateExpiry(fields.expiry.input.value, new Date());
      const card = {
        number: onlyDigits(fields.number.input.value),
        expiryMonth: expiry.month ?? '',
        expiryYear: expiry.year ?? '',
        cvc,
        holderName: validateHolder(fields.holder.input.value, false).value,
      };
      return consent ? { card, saveCard: consent.checked } : { card };
    },
  };
}

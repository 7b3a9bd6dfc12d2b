import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { direction, formatAmount, toBcp47, type SupportedLocale } from '../shared/i18n/locale.js';
import { message, preparedLocale, prepareLocale, type CheckoutMessages, type Texts } from '../shared/i18n/messages.js';
import { styles } from './antom-card-checkout.styles.js';
import { hostAppearance, resolveColorScheme } from './appearance.js';
import { ifOutcomes } from './outcomes-chunk.js';
import { CheckoutController, type CheckoutInputs, type SubmitResult } from './controllers/checkout.js';
import type { SessionInput } from './controllers/session-loader.js';
import type { ValidationResult } from './drivers/driver.js';
import { canSubmit, type CheckoutState } from './state.js';

export type { CheckoutState, CheckoutStatus } from './state.js';
export type { ValidationResult } from './drivers/driver.js';
export type { SubmitResult } from './controllers/checkout.js';
export type { CheckoutMessages, FrameMessageKey, MessageKey } from '../shared/i18n/messages.js';

/** Default wait for the card form to come up. */
const DEFAULT_FRAME_TIMEOUT_MS = 15000;

/** The attributes and properties that name the session, or how to show it: a change loads it again. */
const SESSION_INPUTS = [
  'sessionUrl',
  'session',
  'gatewayOrigin',
  'mode',
  'environment',
  'sdkUrl',
  'savedCardCvc',
] as const;

/** Attributes that change how the checkout looks or waits, not its session: checked when they change. */
const CHECKED_INPUTS = ['theme', 'frameTimeout', 'locale'] as const;

/**
 * A card checkout for Antom payments. The card number and CVC are typed into a form served by
 * the payment gateway's own origin (the sandbox's secure frame, or Antom's Web SDK for sessions
 * Antom minted); this element only ever sees validity, brand and, after authorization, the last
 * four digits.
 *
 * @summary Secure card checkout for Antom.
 *
 * @fires antom-loading - The card form for the loaded session starts to load (`SDK_START_OF_LOADING`).
 * @fires antom-ready - The card form is ready (`SDK_END_OF_LOADING`).
 * @fires antom-change - Brand or validity changed; never values.
 * @fires antom-submit - A submission starts; cancelable.
 * @fires antom-authorized - The payment was authorized (`SDK_PAYMENT_SUCCESSFUL`).
 * @fires antom-failed - The payment was declined (`SDK_PAYMENT_FAIL`).
 * @fires antom-processing - The outcome is not known yet (`SDK_PAYMENT_PROCESSING`).
 * @fires antom-error - Something stopped the checkout or a submission; see `detail.reason`.
 * @fires antom-session-expired - The session expired; the form is cleared and submits are blocked (`SDK_SESSION_EXPIRED`, ours).
 * @fires antom-card-saved - Vault mode: the card was bound (brand, last four, expiry).
 * @fires antom-remove-card - The buyer asks to remove a saved card; your server deletes the token.
 * @fires antom-challenge - The bank asks the buyer to verify (3-D Secure); its page opens in a dialog (`SDK_PAYMENT_CHALLENGE`).
 * @fires antom-cancel - The buyer left the payment (closed the bank's check or Antom's form); nothing was paid (`SDK_PAYMENT_CANCEL`).
 *
 * @csspart card-frame - The iframe holding the secure card form.
 * @csspart pay-button - The pay button.
 * @csspart saved-cards - The list of saved cards.
 * @csspart saved-card - One saved card.
 * @csspart remove-card - The remove button of a saved card.
 * @csspart error - The visible error message.
 * @csspart notice - A visible notice that is not an error: a payment still being confirmed (ours).
 * @csspart challenge-dialog - The modal dialog holding the bank's 3-D Secure page.
 *
 * @cssprop --antom-color-primary - Pay button and accent color.
 * @cssprop --antom-color-on-primary - Text on the pay button.
 * @cssprop --antom-color-text - Text color.
 * @cssprop --antom-color-muted - Secondary text color.
 * @cssprop --antom-color-background - Surface of the dark theme and of the card form (painted when set); saved-card fields.
 * @cssprop --antom-color-field - Field background inside the frame.
 * @cssprop --antom-color-border - Field borders.
 * @cssprop --antom-color-error - Error color.
 * @cssprop --antom-color-focus - Focus ring color.
 * @cssprop --antom-radius - Corner radius.
 * @cssprop --antom-spacing - Base spacing.
 * @cssprop --antom-font-family - Font family.
 * @cssprop --antom-font-size - Input font size (16px minimum is kept).
 */
export class AntomCardCheckout extends LitElement {
  /** The element's shadow styles; the 3-D Secure dialog's load with the first challenge. */
  static override styles = styles;

  /** The reactive properties and their attributes (no decorators: smaller, and standard). */
  static override properties = {
    sessionUrl: { attribute: 'session-url' },
    sessionRequest: { attribute: false },
    session: { attribute: false },
    locale: { reflect: true },
    messages: { attribute: false },
    gatewayOrigin: { attribute: 'gateway-origin' },
    environment: { reflect: true },
    sdkUrl: { attribute: 'sdk-url' },
    savedCardCvc: { type: Boolean, attribute: 'saved-card-cvc' },
    hidePayButton: { type: Boolean, attribute: 'hide-pay-button', reflect: true },
    mode: { reflect: true },
    theme: { reflect: true },
    frameTimeout: { type: Number, attribute: 'frame-timeout' },
  };

  /** URL of the merchant endpoint that creates the payment session (POSTed, same-origin credentials). */
  sessionUrl: string | null = null;

  /** JSON body POSTed to `session-url` (amount, capture mode... whatever the merchant server expects). */
  sessionRequest: unknown = undefined;

  /** A createPaymentSession answer or a raw `paymentSessionData` string, instead of `session-url`. */
  session: SessionInput | null = null;

  /** Locale such as `en_US` or `en-US`; defaults to the nearest `lang`. */
  locale: string | null = null;

  /**
   * Your texts in place of the catalogue's, by key, in every locale: the element's (`pay`,
   * `declined`, `savedCards`...) and the card frame's under `frame.` (`frame.number`,
   * `frame.error.CARD_EXPIRED`...); `{amount}`-style placeholders are filled as in the catalogue.
   * The frame takes its texts when the form loads.
   */
  messages: CheckoutMessages | null = null;

  /** Optional pin: the session must name exactly this gateway origin (sandbox sessions only). */
  gatewayOrigin: string | null = null;

  /** Where an Antom session's money moves: `sandbox` or `prod`. Required for sessions Antom minted. */
  environment: string | null = null;

  /** An ES module URL exporting `AMSCashierPayment` and `AMSVaulting`, loaded instead of the bundled Antom SDK. */
  sdkUrl: string | null = null;

  /**
   * Antom sessions: the buyer types a saved card's CVC again (Antom's
   * `merchantAppointParam.storedCard.needCVV`). Sandbox sessions set this on the session instead.
   */
  savedCardCvc = false;

  /** Hides the built-in pay button; call `submit()` from your own. */
  hidePayButton = false;

  /** `payment` (default) or `vault`: bind a card without paying, with a createVaultingSession answer. */
  mode: 'payment' | 'vault' = 'payment';

  /**
   * Color theme: `light`, `dark` or `auto`: the page's `color-scheme` where the element is (the system's
   * preference only where the page allows both). Dark paints the element's own surface.
   */
  theme: 'light' | 'dark' | 'auto' = 'light';

  /** How long to wait for the card form before reporting `FRAME_LOAD_TIMEOUT`, in ms. */
  frameTimeout = DEFAULT_FRAME_TIMEOUT_MS;

  /** Stops watching the page for token and colour-scheme changes (while connected). */
  private stopWatching: (() => void) | undefined;

  /** One checkout's run: status, outcome, events (controllers/checkout.ts). */
  private readonly checkout = new CheckoutController(
    this,
    () => this.inputs(),
    () => this.texts,
  );

  /** Read-only snapshot: status, detected brand and completeness. */
  get state(): CheckoutState {
    return this.checkout.snapshot;
  }

  constructor() {
    super();
    // Changes of the look after load: the watcher is a chunk of its own, loaded once the form is up
    // (the form's init carries the look; a change made meanwhile is caught up with when it starts).
    // Without it (a failed chunk) the look stays as it was at load.
    this.addEventListener('antom-ready', () => {
      import('./watch.js').then(({ watchAppearance }) => {
        if (!this.isConnected || this.stopWatching) return;
        this.stopWatching = watchAppearance(this, () => this.restyle());
        this.restyle();
      }, () => undefined);
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this.checkout.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const checked = CHECKED_INPUTS.some((name) => changed.has(name)) && this.hasUpdated;
    if (SESSION_INPUTS.some((name) => changed.has(name)) && this.isConnected) void this.checkout.load();
    // A bad value stops the checkout with its named error; fixing it (or any change after an error) starts again.
    else if (
      checked &&
      this.isConnected &&
      (this.checkout.status === 'error' || this.checkout.hasAttributeProblem(this.inputs()))
    ) {
      void this.checkout.load();
    } else if (changed.has('sessionRequest') && this.isConnected && this.hasUpdated && this.session === null) {
      // A new object with the same content is no change: the session it would fetch is the same.
      if (JSON.stringify(changed.get('sessionRequest')) !== JSON.stringify(this.sessionRequest))
        this.checkout.requestChanged();
    }
    const requested = this.requestedLocale;
    if (!preparedLocale(requested)) {
      void prepareLocale(requested).then((locale) => {
        if (!locale) return this.checkout.catalogueMissing(requested ?? '');
        this.requestUpdate();
        // Once outcomes can be shown, their texts follow the language too.
        ifOutcomes((outcomes) => outcomes.prepareTexts(locale).then(() => this.requestUpdate()));
      });
    }
  }

  /**
   * Submits the card form and resolves with the outcome (`authorized`, `failed`, `processing`...). Extra
   * calls while a submission runs change nothing (one authorization) and return the same promise.
   */
  submit(): Promise<SubmitResult> {
    return this.checkout.submit();
  }

  /** Shows errors on invalid fields, focuses the first one, and resolves with the validity. */
  validate(): Promise<ValidationResult> {
    return this.checkout.validate();
  }

  /** Clears the card fields and any error; a declined checkout becomes ready again, an open bank check is cancelled. */
  reset(): void {
    this.checkout.reset();
  }

  /** Loads a fresh session (e.g. after changing `sessionRequest`) and a fresh form. */
  reload(): Promise<void> {
    return this.checkout.load();
  }

  /** Moves focus into the card form, or into the bank's page while a 3-D Secure check is open. */
  override focus(options?: FocusOptions): void {
    if (!this.checkout.form.focus(options)) super.focus(options);
  }

  private get requestedLocale(): string | null {
    return this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? (document.documentElement.lang || null);
  }

  /** The locale the element speaks: English until the requested one is prepared (a lazy chunk). */
  private get resolvedLocale(): SupportedLocale {
    return preparedLocale(this.requestedLocale) ?? 'en_US';
  }

  /** The locale the element speaks and the merchant's texts. */
  private get texts(): Texts {
    return { locale: this.resolvedLocale, overrides: this.messages };
  }

  /** Gives the card form (and an open 3-D Secure dialog) the scheme and tokens (the driver drops no-change), and renders the scheme. */
  private restyle(): void {
    const colorScheme = resolveColorScheme(this, this.theme);
    this.checkout.form.restyle(hostAppearance(this, colorScheme), colorScheme);
    this.requestUpdate();
  }

  private inputs(): CheckoutInputs {
    const colorScheme = resolveColorScheme(this, this.theme);
    return {
      session: this.session,
      sessionUrl: this.sessionUrl,
      sessionRequest: this.sessionRequest,
      gatewayOrigin: this.gatewayOrigin,
      mode: this.mode,
      environment: this.environment,
      theme: this.theme,
      frameTimeout: this.frameTimeout,
      locale: this.locale,
      requestedLocale: this.requestedLocale,
      form: {
        locale: this.resolvedLocale,
        messages: this.messages,
        mode: this.mode,
        timeoutMs: this.frameTimeout > 0 ? this.frameTimeout : DEFAULT_FRAME_TIMEOUT_MS,
        appearance: hostAppearance(this, colorScheme),
        colorScheme,
        sdkUrl: this.sdkUrl,
        savedCardCvc: this.savedCardCvc,
      },
    };
  }

  private renderSavedCards(): TemplateResult | typeof nothing {
    const { view, status, selectedCard, savedCardList } = this.checkout;
    const cards = view?.savedCards ?? [];
    if (!savedCardList || this.mode !== 'payment' || cards.length === 0 || status === 'error') return nothing;
    return savedCardList.renderSavedCards({
      cards,
      selected: selectedCard,
      locked: !canSubmit(status),
      locale: this.texts,
      select: (id) => this.checkout.selectCard(id),
      remove: (card) => this.checkout.requestRemoval(card),
    });
  }

  /** The card form's place: reserved at its final height, with a skeleton, until the form is ready. */
  private renderForm(): TemplateResult | typeof nothing {
    const { status } = this.checkout;
    if (status === 'error') return nothing;
    const loading = status === 'loading';
    return html`
      <div
        class="frame-area"
        ?data-loading=${loading}
        ?data-consent=${this.mode === 'payment'}
        aria-busy=${loading ? 'true' : 'false'}
      >
        ${this.checkout.form.render()} ${loading ? this.renderSkeleton() : nothing}
      </div>
    `;
  }

  private renderSkeleton(): TemplateResult {
    return html`
      <div class="skeleton" aria-hidden="true">
        <span></span><span class="half"></span><span class="half"></span><span></span>
      </div>
      <span class="visually-hidden">${message(this.texts, 'loading')}</span>
    `;
  }

  private renderError(): TemplateResult | typeof nothing {
    const { errorText } = this.checkout;
    if (!errorText) return nothing;
    return html`<p part="error" class="error" id="error" tabindex="-1" data-outcome>${errorText}</p>`;
  }

  private renderPayButton(): TemplateResult | typeof nothing {
    const { status, view, errorText } = this.checkout;
    if (this.hidePayButton || status === 'error') return nothing;
    const lang = this.texts;
    const vault = this.mode === 'vault';
    if (status === 'authorized') {
      return html`<p class="success" tabindex="-1" data-outcome>
        ${message(lang, vault ? 'cardSaved' : 'authorized')}
      </p>`;
    }
    const amount = view?.amount;
    const label = vault
      ? message(lang, 'saveCard')
      : amount
        ? message(lang, 'pay', { amount: formatAmount(amount.value, amount.currency, lang.locale) })
        : message(lang, 'payGeneric');
    const busy = status === 'submitting';
    // The wait shows once a submission has run a moment: a quicker answer goes straight from Pay to
    // its outcome, with no spinner flashed (nor painted while the answer comes). Until then the
    // button keeps its look, busy and inert for assistive technology and clicks alike.
    const looksBusy = busy && this.checkout.waitShown;
    return html`
      <button
        part="pay-button"
        class="pay"
        type="button"
        ?disabled=${busy ? looksBusy : !canSubmit(status)}
        aria-disabled=${busy ? 'true' : nothing}
        aria-busy=${busy ? 'true' : 'false'}
        aria-describedby=${errorText ? 'error' : nothing}
        @click=${() => this.checkout.status !== 'submitting' && void this.submit()}
      >
        ${looksBusy ? html`<span class="spinner" aria-hidden="true"></span>${message(lang, 'processing')}` : label}
      </button>
    `;
  }

  protected override render(): TemplateResult {
    const lang = this.resolvedLocale;
    return html`
      <div
        class="checkout"
        lang=${toBcp47(lang)}
        dir=${direction(lang)}
        data-scheme=${resolveColorScheme(this, this.theme)}
      >
        ${this.renderSavedCards()} ${this.renderForm()} ${this.renderError()} ${this.renderPayButton()}
        ${this.checkout.announcer.render()}
      </div>
    `;
  }
}

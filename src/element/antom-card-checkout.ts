import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SessionErrorCode } from '../shared/channel/messages.js';
import { formatAmount, resolveLocale, toBcp47, type SupportedLocale } from '../shared/i18n/locale.js';
import { isCatalogueLoaded, loadCatalogue, message, resultMessageKey } from '../shared/i18n/messages.js';
import { isOrigin } from '../shared/session-data.js';
import type { FormState, PaymentOutcome, SavedCardView, SessionView } from '../shared/types.js';
import { styles } from './antom-card-checkout.styles.js';
import { hostAppearance } from './appearance.js';
import { Announcer } from './controllers/announcer.js';
import type { ChallengeController, ChallengeEvents } from './controllers/challenge.js';
import { SessionController } from './controllers/session.js';
import type { LoadedSession, SessionInput } from './controllers/session-loader.js';
import type { CardFormDriver, DriverEvents, ValidationResult } from './drivers/driver.js';
import { SecureFrameDriver } from './drivers/secure-frame/secure-frame-driver.js';
import { CHALLENGE_UNAVAILABLE, ERROR_MESSAGES } from './errors.js';
import type { AntomErrorDetail, AntomErrorReason, AntomEventDetails, AntomSdkCode } from './events.js';
import { randomId } from './random-id.js';
import { renderSavedCards } from './saved-cards.js';
import { canSubmit, nextStatus, type CheckoutEvent, type CheckoutState, type CheckoutStatus } from './state.js';

export type { CheckoutState, CheckoutStatus } from './state.js';
export type { ValidationResult } from './drivers/driver.js';

/** Default wait for the card form to come up. */
const DEFAULT_FRAME_TIMEOUT_MS = 15000;

const NOT_VALIDATED: ValidationResult = { isValid: false, invalidFields: [] };

/** One of the element's events: bubbling, composed, typed by name. */
function antomEvent<K extends keyof AntomEventDetails>(type: K, detail: AntomEventDetails[K], cancelable: boolean) {
  return new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
}

/**
 * A card checkout for Antom payments. The card number and CVC are typed into a frame served
 * by the gateway; this element only ever sees validity, brand and, after authorization, the
 * last four digits.
 *
 * @summary Secure card checkout for Antom.
 *
 * @fires antom-ready - The card form is ready (`SDK_END_OF_LOADING`).
 * @fires antom-change - Brand or validity changed; never values.
 * @fires antom-submit - A submission starts; cancelable.
 * @fires antom-authorized - The payment was authorized (`SDK_PAYMENT_SUCCESSFUL`).
 * @fires antom-failed - The payment was declined (`SDK_PAYMENT_FAIL`).
 * @fires antom-processing - The outcome is not known yet (`SDK_PAYMENT_PROCESSING`).
 * @fires antom-error - Something stopped the checkout or a submission; see `detail.reason`.
 * @fires antom-session-expired - The session expired; the form is cleared and submits are blocked.
 * @fires antom-card-saved - Vault mode: the card was bound (brand, last four, expiry).
 * @fires antom-remove-card - The buyer asks to remove a saved card; your server deletes the token.
 * @fires antom-challenge - The bank asks the buyer to verify (3-D Secure); its page opens in a dialog (`SDK_PAYMENT_CHALLENGE`).
 * @fires antom-cancel - The buyer closed the bank's verification; nothing was paid or bound (`SDK_PAYMENT_CANCEL`).
 *
 * @csspart card-frame - The iframe holding the secure card form.
 * @csspart pay-button - The pay button.
 * @csspart saved-cards - The list of saved cards.
 * @csspart saved-card - One saved card.
 * @csspart remove-card - The remove button of a saved card.
 * @csspart error - The visible error message.
 * @csspart challenge-dialog - The modal dialog holding the bank's 3-D Secure page.
 *
 * @cssprop --antom-color-primary - Pay button and accent color.
 * @cssprop --antom-color-on-primary - Text on the pay button.
 * @cssprop --antom-color-text - Text color.
 * @cssprop --antom-color-muted - Secondary text color.
 * @cssprop --antom-color-background - Background of fields.
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
  /** Lit styles. */
  static override styles = styles;

  /** URL of the merchant endpoint that creates the payment session (POSTed, same-origin credentials). */
  @property({ attribute: 'session-url' }) sessionUrl: string | null = null;

  /** JSON body POSTed to `session-url` (amount, capture mode... whatever the merchant server expects). */
  @property({ attribute: false }) sessionRequest: unknown = undefined;

  /** A createPaymentSession answer or a raw `paymentSessionData` string, instead of `session-url`. */
  @property({ attribute: false }) session: SessionInput | null = null;

  /** Locale such as `en_US` or `en-US`; defaults to the nearest `lang`. */
  @property({ reflect: true }) locale: string | null = null;

  /** Optional pin: the session must name exactly this gateway origin. */
  @property({ attribute: 'gateway-origin' }) gatewayOrigin: string | null = null;

  /** Hides the built-in pay button; call `submit()` from your own. */
  @property({ type: Boolean, attribute: 'hide-pay-button', reflect: true }) hidePayButton = false;

  /** `payment` (default) or `vault`: bind a card without paying, with a createVaultingSession answer. */
  @property({ reflect: true }) mode: 'payment' | 'vault' = 'payment';

  /** Color theme: `light`, `dark` or `auto` (follows the system). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';

  /** How long to wait for the secure frame before reporting `FRAME_LOAD_TIMEOUT`, in ms. */
  @property({ type: Number, attribute: 'frame-timeout' }) frameTimeout = DEFAULT_FRAME_TIMEOUT_MS;

  @state() private status: CheckoutStatus = 'loading';
  @state() private view: SessionView | null = null;
  @state() private formState: FormState | null = null;
  @state() private errorText = '';
  @state() private selectedCard: string | null = null;

  private readonly sessions = new SessionController(this);
  private readonly announcer = new Announcer(this);
  private readonly driver: CardFormDriver = new SecureFrameDriver(this, this.driverEvents());
  /** The 3-D Secure dialog, loaded with the first challenge (code and styles in one lazy chunk). */
  private challenge: ChallengeController | null = null;

  private loaded: LoadedSession | null = null;
  /** The attempt in flight; a retry after a network error reuses it as the idempotency key. */
  private pendingAttemptId: string | null = null;

  /** Read-only snapshot: status, detected brand and completeness. */
  get state(): CheckoutState {
    return { status: this.status, brand: this.formState?.brand ?? null, complete: this.formState?.complete ?? false };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const sourceChanged =
      changed.has('sessionUrl') || changed.has('session') || changed.has('gatewayOrigin') || changed.has('mode');
    if (sourceChanged && this.isConnected) void this.load();
    const locale = this.resolvedLocale;
    if (!isCatalogueLoaded(locale)) void loadCatalogue(locale).then((ok) => ok && this.requestUpdate());
  }

  /** Submits the card form. Extra calls while a submission runs are ignored (one authorization). */
  submit(): void {
    if (!canSubmit(this.status) || !this.view) return;
    const attemptId = this.pendingAttemptId ?? randomId();
    if (!this.emit('antom-submit', { code: 'SDK_SUBMIT', attemptId }, true)) return;
    this.pendingAttemptId = attemptId;
    this.errorText = '';
    this.go('submit');
    this.announce(message(this.resolvedLocale, 'processing'));
    this.driver.submit(attemptId);
  }

  /** Shows errors on invalid fields, focuses the first one, and resolves with the validity. */
  validate(): Promise<ValidationResult> {
    if (this.status === 'loading' || this.status === 'error') return Promise.resolve(NOT_VALIDATED);
    return this.driver.validate();
  }

  /** Clears the card fields and any error; a declined checkout becomes ready again, an open bank check is cancelled. */
  reset(): void {
    this.challenge?.cancel();
    this.driver.reset();
    this.errorText = '';
    this.pendingAttemptId = null;
    this.go('reset');
  }

  /** Loads a fresh session (e.g. after changing `sessionRequest`) and a fresh frame. */
  reload(): Promise<void> {
    return this.load();
  }

  /** Moves focus into the card form, or into the bank's page while a 3-D Secure check is open. */
  override focus(options?: FocusOptions): void {
    if (!this.challenge?.focus(options) && !this.driver.focus(options)) super.focus(options);
  }

  private get resolvedLocale(): SupportedLocale {
    const fromTree = this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
    return resolveLocale(this.locale ?? fromTree);
  }

  /** How long a frame (card form, bank's page) may take to come up. */
  private get timeoutMs(): number {
    return this.frameTimeout > 0 ? this.frameTimeout : DEFAULT_FRAME_TIMEOUT_MS;
  }

  /** The only place the status changes; events the table does not allow are ignored. */
  private go(event: CheckoutEvent): void {
    this.status = nextStatus(this.status, event) ?? this.status;
  }

  private async load(): Promise<void> {
    this.teardown();
    this.go('load');
    this.view = null;
    this.formState = null;
    this.selectedCard = null;
    this.errorText = '';
    this.pendingAttemptId = null;
    if (this.gatewayOrigin !== null && !isOrigin(this.gatewayOrigin)) {
      const problem = `gateway-origin "${this.gatewayOrigin}" is not an origin.`;
      this.fail('INVALID_ATTRIBUTE', 'SDK_INIT_PARAMETER_ERROR', false, problem);
      return;
    }
    const { session, sessionUrl, sessionRequest, gatewayOrigin, mode } = this;
    const loading = this.sessions.load({ session, sessionUrl, sessionRequest, gatewayOrigin, mode });
    const result = loading instanceof Promise ? await loading : loading;
    if (!result || 'empty' in result) return;
    if ('error' in result) {
      this.fail(result.error.reason, 'SDK_INIT_PARAMETER_ERROR', false, result.error.message);
      return;
    }
    this.loaded = result.session;
    const context = {
      locale: this.resolvedLocale,
      mode,
      timeoutMs: this.timeoutMs,
      appearance: hostAppearance(this, this.theme),
    };
    this.driver.mount(result.session, context);
  }

  private teardown(): void {
    this.sessions.stop();
    this.driver.destroy();
    this.challenge?.close();
    this.loaded = null;
  }

  private driverEvents(): DriverEvents {
    return {
      ready: (view) => this.onReady(view),
      change: (state) => {
        this.formState = state;
        this.emit('antom-change', { code: 'SDK_FORM_CHANGE', ...state });
      },
      submitRequest: () => this.submit(),
      invalid: (attemptId) => {
        if (attemptId !== this.pendingAttemptId) return;
        this.pendingAttemptId = null;
        this.go('form-invalid');
        this.fail('FORM_INVALID', 'SDK_FORM_VERIFICATION_FAILED', true);
      },
      outcome: (attemptId, outcome) => {
        if (attemptId === this.pendingAttemptId) this.onOutcome(outcome);
      },
      networkError: (attemptId) => {
        if (attemptId !== this.pendingAttemptId) return;
        this.go('network-error');
        this.fail('SUBMIT_NETWORK_ERROR', 'SDK_SUBMIT_NETWORK_ERROR', true);
      },
      sessionError: (code) => this.onSessionError(code),
      unreachable: () => this.fail('FRAME_LOAD_TIMEOUT', 'SDK_INTERNAL_ERROR', false),
    };
  }

  private onReady(view: SessionView): void {
    if (!this.loaded || view.paymentSessionId !== this.loaded.parsed.config.paymentSessionId) return;
    this.view = view;
    this.go('form-ready');
    const usable = (view.savedCards ?? []).find((card) => !card.expired);
    if (usable && this.mode === 'payment') this.selectCard(usable.id);
    this.sessions.armExpiry(view.expiresAt, () => this.expire());
    this.announce(message(this.resolvedLocale, 'ready'));
    this.emit('antom-ready', {
      code: 'SDK_END_OF_LOADING',
      paymentSessionId: view.paymentSessionId,
      amount: view.amount,
    });
  }

  private onOutcome(outcome: PaymentOutcome): void {
    const lang = this.resolvedLocale;
    const card = {
      brand: outcome.card?.brand ?? null,
      last4: outcome.card?.last4 ?? null,
      expiryMonth: outcome.card?.expiryMonth ?? null,
      expiryYear: outcome.card?.expiryYear ?? null,
    };
    if (outcome.status === 'SUCCESS' && this.mode === 'vault') {
      this.succeed('cardSaved');
      this.emit('antom-card-saved', { code: 'SDK_CARD_SAVED', ...card });
    } else if (outcome.status === 'SUCCESS' && outcome.paymentId) {
      this.succeed('authorized');
      this.emit('antom-authorized', { code: 'SDK_PAYMENT_SUCCESSFUL', paymentId: outcome.paymentId, ...card });
    } else if (outcome.status === 'PROCESSING' && outcome.challenge) {
      this.openChallenge(outcome.challenge.id);
    } else if (outcome.status === 'PROCESSING') {
      this.go('processing');
      this.errorText = '';
      this.announce(message(lang, 'pending'));
      const { resultCode, paymentId } = outcome;
      this.emit('antom-processing', { code: 'SDK_PAYMENT_PROCESSING', resultCode, paymentId });
    } else {
      this.pendingAttemptId = null;
      this.go('declined');
      const text = message(lang, resultMessageKey(outcome.resultCode));
      this.errorText = text;
      this.announce(text);
      const { resultCode, paymentId } = outcome;
      this.emit('antom-failed', { code: 'SDK_PAYMENT_FAIL', resultCode, message: text, paymentId });
    }
  }

  /** The payment is authorized or the card bound: nothing more to submit, the session's expiry no longer matters. */
  private succeed(announcement: 'authorized' | 'cardSaved'): void {
    this.pendingAttemptId = null;
    this.go('authorized');
    this.sessions.stop();
    this.announce(message(this.resolvedLocale, announcement));
  }

  private openChallenge(id: string): void {
    const loaded = this.loaded;
    if (!loaded) return;
    // The form's attempt is over: whatever happens next, a new submit is a new attempt.
    this.pendingAttemptId = null;
    this.errorText = '';
    this.go('challenge');
    const { gatewayOrigin } = loaded.parsed.config;
    const request = { id, gatewayOrigin, locale: this.resolvedLocale, timeoutMs: this.timeoutMs };
    this.emit('antom-challenge', { code: 'SDK_PAYMENT_CHALLENGE' });
    // Shown only if nothing replaced this session or ended the check while the dialog's code loaded.
    const current = () => this.loaded === loaded && this.status === 'challenge';
    void this.challengeDialog().then(
      (dialog) => current() && dialog.show(request),
      () => current() && this.endChallenge(CHALLENGE_UNAVAILABLE),
    );
  }

  private async challengeDialog(): Promise<ChallengeController> {
    if (this.challenge) return this.challenge;
    const { ChallengeController } = await import('./controllers/challenge.js');
    this.challenge ??= new ChallengeController(this, this.challengeEvents());
    return this.challenge;
  }

  private challengeEvents(): ChallengeEvents {
    return {
      end: (outcome) => this.endChallenge(outcome),
      unavailable: () => this.endChallenge(CHALLENGE_UNAVAILABLE),
      cancel: () => {
        this.go('challenge-cancel');
        this.announce(message(this.resolvedLocale, 'challengeCancelled'));
        this.emit('antom-cancel', { code: 'SDK_PAYMENT_CANCEL' });
      },
      returnFocus: () => this.returnFocus(),
    };
  }

  private endChallenge(outcome: PaymentOutcome): void {
    // The form kept the card for a retry; once paid, bound or pending it locks and forgets the CVC.
    if (outcome.status !== 'FAIL') this.driver.close();
    this.onOutcome(outcome);
  }

  /** Back to the pay button, or into the card form when the merchant hides the button or it is gone. */
  private returnFocus(): void {
    const button = this.renderRoot.querySelector<HTMLButtonElement>('[part~="pay-button"]');
    if (button && !button.disabled) button.focus();
    else this.focus();
  }

  private onSessionError(code: SessionErrorCode): void {
    if (code === 'SESSION_EXPIRED') this.expire();
    else this.fail(code, code === 'NETWORK_ERROR' ? 'SDK_INTERNAL_ERROR' : 'SDK_INIT_PARAMETER_ERROR', false);
  }

  private expire(): void {
    if (!nextStatus(this.status, 'expire')) return;
    const paymentSessionId = this.loaded?.parsed.config.paymentSessionId ?? null;
    this.teardown();
    this.go('expire');
    this.errorText = message(this.resolvedLocale, 'sessionExpired');
    this.announce(this.errorText);
    this.emit('antom-session-expired', { code: 'SDK_PAYMENT_ERROR', paymentSessionId });
  }

  private fail(reason: AntomErrorReason, code: AntomSdkCode, recoverable: boolean, detailMessage?: string): void {
    const text = message(this.resolvedLocale, ERROR_MESSAGES[reason]);
    if (!recoverable) {
      this.teardown();
      this.go('fatal');
    }
    this.errorText = text;
    this.announce(text);
    const detail: AntomErrorDetail = { code, reason, message: text, recoverable };
    if (detailMessage) console.warn(`<antom-card-checkout> ${reason}: ${detailMessage}`);
    this.emit('antom-error', detail);
  }

  private selectCard(savedCardId: string | null): void {
    this.selectedCard = savedCardId;
    this.driver.select(savedCardId);
  }

  private requestRemoval(card: SavedCardView): void {
    if (!this.view) return;
    const { id: savedCardId, index, brand, last4 } = card;
    const paymentSessionId = this.view.paymentSessionId;
    this.emit('antom-remove-card', { code: 'SDK_REMOVE_CARD', paymentSessionId, savedCardId, index, brand, last4 });
  }

  private announce(text: string): void {
    this.announcer.announce(text);
  }

  private emit<K extends keyof AntomEventDetails>(type: K, detail: AntomEventDetails[K], cancelable = false): boolean {
    return this.dispatchEvent(antomEvent(type, detail, cancelable));
  }

  private renderSavedCards(): TemplateResult | typeof nothing {
    const cards = this.view?.savedCards ?? [];
    if (this.mode !== 'payment' || cards.length === 0 || this.status === 'error') return nothing;
    return renderSavedCards({
      cards,
      selected: this.selectedCard,
      locked: !canSubmit(this.status),
      locale: this.resolvedLocale,
      select: (id) => this.selectCard(id),
      remove: (card) => this.requestRemoval(card),
    });
  }

  /** The card form's place: reserved at its final height, with a skeleton, until the form is ready. */
  private renderForm(): TemplateResult | typeof nothing {
    if (this.status === 'error') return nothing;
    const loading = this.status === 'loading';
    return html`
      <div
        class="frame-area"
        ?data-loading=${loading}
        ?data-consent=${this.mode === 'payment'}
        aria-busy=${loading ? 'true' : 'false'}
      >
        ${this.driver.render()} ${loading ? this.renderSkeleton() : nothing}
      </div>
    `;
  }

  private renderSkeleton(): TemplateResult {
    return html`
      <div class="skeleton" aria-hidden="true">
        <span></span><span class="half"></span><span class="half"></span><span></span>
      </div>
      <span class="visually-hidden">${message(this.resolvedLocale, 'loading')}</span>
    `;
  }

  private renderError(): TemplateResult | typeof nothing {
    if (!this.errorText) return nothing;
    return html`<p part="error" class="error" id="error">${this.errorText}</p>`;
  }

  private renderPayButton(): TemplateResult | typeof nothing {
    if (this.hidePayButton || this.status === 'error') return nothing;
    const lang = this.resolvedLocale;
    const vault = this.mode === 'vault';
    if (this.status === 'authorized') {
      return html`<p class="success">${message(lang, vault ? 'cardSaved' : 'authorized')}</p>`;
    }
    const amount = this.view?.amount;
    const label = vault
      ? message(lang, 'saveCard')
      : amount
        ? message(lang, 'pay', { amount: formatAmount(amount.value, amount.currency, lang) })
        : message(lang, 'payGeneric');
    const busy = this.status === 'submitting';
    return html`
      <button
        part="pay-button"
        class="pay"
        type="button"
        ?disabled=${!canSubmit(this.status)}
        aria-busy=${busy ? 'true' : 'false'}
        aria-describedby=${this.errorText ? 'error' : nothing}
        @click=${() => this.submit()}
      >
        ${busy ? html`<span class="spinner" aria-hidden="true"></span>${message(lang, 'processing')}` : label}
      </button>
    `;
  }

  protected override render(): TemplateResult {
    const lang = this.resolvedLocale;
    return html`
      <div class="checkout" lang=${toBcp47(lang)}>
        ${this.renderSavedCards()} ${this.renderForm()} ${this.renderError()} ${this.renderPayButton()}
        ${this.challenge?.render(lang) ?? nothing} ${this.announcer.render()}
      </div>
    `;
  }
}

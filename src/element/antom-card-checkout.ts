import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatAmount, resolveLocale, toBcp47, type SupportedLocale } from '../shared/i18n/locale.js';
import { isCatalogueLoaded, loadCatalogue, message, resultMessageKey } from '../shared/i18n/messages.js';
import { isOrigin } from '../shared/session-data.js';
import type { FormState, SavedCardView } from '../shared/types.js';
import { styles } from './antom-card-checkout.styles.js';
import { hostAppearance } from './appearance.js';
import { Announcer } from './controllers/announcer.js';
import { SessionController } from './controllers/session.js';
import type { LoadedSession, SessionInput } from './controllers/session-loader.js';
import type { CardFormDriver, DriverEvents, DriverReport, FormView, ValidationResult } from './drivers/driver.js';
import { SecureFrameDriver } from './drivers/secure-frame/secure-frame-driver.js';
import { ERROR_MESSAGES } from './errors.js';
import type { AntomErrorDetail, AntomErrorReason, AntomEventDetails, AntomSdkCode, CardFacts } from './events.js';
import { randomId } from './random-id.js';
import { renderSavedCards } from './saved-cards.js';
import { reactionTo } from './sdk-events.js';
import { canSubmit, nextStatus, type CheckoutEvent, type CheckoutState, type CheckoutStatus } from './state.js';

export type { CheckoutState, CheckoutStatus } from './state.js';
export type { ValidationResult } from './drivers/driver.js';

/** Default wait for the card form to come up. */
const DEFAULT_FRAME_TIMEOUT_MS = 15000;

const NOT_VALIDATED: ValidationResult = { isValid: false, invalidFields: [] };

const NO_CARD: CardFacts = { brand: null, last4: null, expiryMonth: null, expiryYear: null };

/** One of the element's events: bubbling, composed, typed by name. */
function antomEvent<K extends keyof AntomEventDetails>(type: K, detail: AntomEventDetails[K], cancelable: boolean) {
  return new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
}

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
  /** The element's shadow styles; the 3-D Secure dialog's load with the first challenge. */
  static override styles = styles;

  /** URL of the merchant endpoint that creates the payment session (POSTed, same-origin credentials). */
  @property({ attribute: 'session-url' }) sessionUrl: string | null = null;

  /** JSON body POSTed to `session-url` (amount, capture mode... whatever the merchant server expects). */
  @property({ attribute: false }) sessionRequest: unknown = undefined;

  /** A createPaymentSession answer or a raw `paymentSessionData` string, instead of `session-url`. */
  @property({ attribute: false }) session: SessionInput | null = null;

  /** Locale such as `en_US` or `en-US`; defaults to the nearest `lang`. */
  @property({ reflect: true }) locale: string | null = null;

  /** Optional pin: the session must name exactly this gateway origin (sandbox sessions only). */
  @property({ attribute: 'gateway-origin' }) gatewayOrigin: string | null = null;

  /** Where an Antom session's money moves: `sandbox` or `prod`. Required for sessions Antom minted. */
  @property({ reflect: true }) environment: string | null = null;

  /** An ES module URL exporting `AMSCashierPayment` and `AMSVaulting`, loaded instead of the bundled Antom SDK. */
  @property({ attribute: 'sdk-url' }) sdkUrl: string | null = null;

  /**
   * Antom sessions: the buyer types a saved card's CVC again (Antom's
   * `merchantAppointParam.storedCard.needCVV`). Sandbox sessions set this on the session instead.
   */
  @property({ type: Boolean, attribute: 'saved-card-cvc' }) savedCardCvc = false;

  /** Hides the built-in pay button; call `submit()` from your own. */
  @property({ type: Boolean, attribute: 'hide-pay-button', reflect: true }) hidePayButton = false;

  /** `payment` (default) or `vault`: bind a card without paying, with a createVaultingSession answer. */
  @property({ reflect: true }) mode: 'payment' | 'vault' = 'payment';

  /** Color theme: `light`, `dark` or `auto` (follows the system). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';

  /** How long to wait for the card form before reporting `FRAME_LOAD_TIMEOUT`, in ms. */
  @property({ type: Number, attribute: 'frame-timeout' }) frameTimeout = DEFAULT_FRAME_TIMEOUT_MS;

  @state() private status: CheckoutStatus = 'loading';
  @state() private view: FormView | null = null;
  @state() private formState: FormState | null = null;
  @state() private errorText = '';
  @state() private selectedCard: string | null = null;

  private readonly sessions = new SessionController(this);
  private readonly announcer = new Announcer(this);
  private readonly frameDriver = new SecureFrameDriver(this, this.driverEvents());
  /** Antom's Web SDK behind the driver seam, loaded with the first Antom session. */
  private sdkDriver: CardFormDriver | null = null;
  /** The form of the current session. */
  private driver: CardFormDriver | null = null;
  private loaded: LoadedSession | null = null;
  /** The attempt in flight; a retry after a network error reuses it as the idempotency key. */
  private pendingAttemptId: string | null = null;
  private readonly warned = new Set<string>();

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
    const sources = ['sessionUrl', 'session', 'gatewayOrigin', 'mode', 'environment', 'sdkUrl', 'savedCardCvc'] as const;
    if (sources.some((name) => changed.has(name)) && this.isConnected) void this.load();
    const locale = this.resolvedLocale;
    if (!isCatalogueLoaded(locale)) void loadCatalogue(locale).then((ok) => ok && this.requestUpdate());
  }

  /** Submits the card form. Extra calls while a submission runs change nothing (one authorization). */
  submit(): void {
    if (this.status === 'submitting' || this.status === 'challenge') {
      this.report({ code: 'SDK_DUPLICATE_SUBMISSION_BEHAVIOR' });
      return;
    }
    if (!canSubmit(this.status) || !this.view || !this.driver) return;
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
    if (this.status === 'loading' || this.status === 'error' || !this.driver) return Promise.resolve(NOT_VALIDATED);
    return this.driver.validate();
  }

  /** Clears the card fields and any error; a declined checkout becomes ready again, an open bank check is cancelled. */
  reset(): void {
    this.driver?.reset();
    this.errorText = '';
    this.pendingAttemptId = null;
    this.go('reset');
  }

  /** Loads a fresh session (e.g. after changing `sessionRequest`) and a fresh form. */
  reload(): Promise<void> {
    return this.load();
  }

  /** Moves focus into the card form, or into the bank's page while a 3-D Secure check is open. */
  override focus(options?: FocusOptions): void {
    if (!this.driver?.focus(options)) super.focus(options);
  }

  private get resolvedLocale(): SupportedLocale {
    return resolveLocale(this.requestedLocale);
  }

  private get requestedLocale(): string | null {
    return this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? (document.documentElement.lang || null);
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
    const problem = this.attributeProblem();
    if (problem) {
      this.fail('INVALID_ATTRIBUTE', 'SDK_INIT_PARAMETER_ERROR', false, problem);
      return;
    }
    const { session, sessionUrl, sessionRequest, gatewayOrigin, mode } = this;
    const loading = this.sessions.load({ session, sessionUrl, sessionRequest, gatewayOrigin, mode });
    const result = loading instanceof Promise ? await loading : loading;
    if (!result || 'empty' in result) return;
    if ('error' in result) {
      this.fail(result.error.reason, this.codeOf(result.error.reason), false, result.error.message);
      return;
    }
    const loaded = result.session;
    const environment = this.environment === 'sandbox' || this.environment === 'prod' ? this.environment : null;
    if (loaded.kind === 'antom' && !environment) {
      const hint = 'set environment="sandbox" (Antom\'s test environment) or environment="prod" (real money).';
      this.fail('ENVIRONMENT_REQUIRED', 'SDK_INIT_PARAMETER_ERROR', false, `this session was minted by Antom: ${hint}`);
      return;
    }
    this.loaded = loaded;
    const driver = loaded.kind === 'sandbox' ? this.frameDriver : await this.antomSdkDriver();
    if (this.loaded !== loaded) return;
    if (!driver) {
      this.fail('COMPONENT_LOAD_FAILED', 'SDK_CREATECOMPONENT_ERROR', false, 'the Antom SDK driver could not be loaded.');
      return;
    }
    this.driver = driver;
    driver.mount(loaded, {
      locale: this.resolvedLocale,
      requestedLocale: this.requestedLocale,
      mode,
      timeoutMs: this.timeoutMs,
      appearance: hostAppearance(this, this.theme),
      colorScheme: this.colorScheme(),
      environment,
      sdkUrl: this.sdkUrl,
      savedCardCvc: this.savedCardCvc,
    });
  }

  /** What is wrong with the attributes, in words a developer can act on; `null` when nothing is. */
  private attributeProblem(): string | null {
    if (this.gatewayOrigin !== null && !isOrigin(this.gatewayOrigin)) {
      return `gateway-origin "${this.gatewayOrigin}" is not an origin.`;
    }
    if (this.environment !== null && this.environment !== 'sandbox' && this.environment !== 'prod') {
      return `environment "${this.environment}" is neither "sandbox" nor "prod".`;
    }
    return null;
  }

  private async antomSdkDriver(): Promise<CardFormDriver | null> {
    if (this.sdkDriver) return this.sdkDriver;
    try {
      const { AntomSdkDriver } = await import('./drivers/antom-sdk/antom-sdk-driver.js');
      this.sdkDriver ??= new AntomSdkDriver(this, this.driverEvents());
      return this.sdkDriver;
    } catch {
      return null;
    }
  }

  private colorScheme(): 'light' | 'dark' {
    if (this.theme === 'dark') return 'dark';
    return this.theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  private teardown(): void {
    this.sessions.stop();
    this.driver?.destroy();
    this.driver = null;
    this.loaded = null;
  }

  private driverEvents(): DriverEvents {
    return {
      report: (report) => this.report(report),
      change: (state) => {
        this.formState = state;
        this.emit('antom-change', { code: 'SDK_FORM_CHANGE', ...state });
      },
      submitRequest: () => this.submit(),
      expired: () => this.expire(),
      returnFocus: () => this.returnFocus(),
    };
  }

  /** Everything a card form reports goes through the one table of Web SDK codes (sdk-events.ts). */
  private report(report: DriverReport): void {
    if (report.attemptId !== undefined && report.attemptId !== this.pendingAttemptId) return;
    const reaction = reactionTo(report.code);
    if (!reaction) {
      this.warnOnce(report.code, `the card form reported ${report.code}, which Antom does not document; ignored.`);
      return;
    }
    const code = report.code as AntomSdkCode;
    switch (reaction.kind) {
      case 'loading':
        this.emit('antom-loading', { code: 'SDK_START_OF_LOADING' });
        return;
      case 'ready':
        if (report.view && nextStatus(this.status, 'form-ready')) this.onReady(report.view);
        return;
      case 'authorized':
      case 'declined':
      case 'processing':
        this.onOutcome(reaction.kind, report);
        return;
      case 'challenge':
        if (!nextStatus(this.status, 'challenge')) return;
        // The attempt is over: whatever happens next, a new submit is a new attempt.
        this.pendingAttemptId = null;
        this.errorText = '';
        this.go('challenge');
        this.emit('antom-challenge', { code: 'SDK_PAYMENT_CHALLENGE' });
        return;
      case 'cancel': {
        const wasChallenge = this.status === 'challenge';
        if (!nextStatus(this.status, 'cancel')) return;
        this.pendingAttemptId = null;
        this.go('cancel');
        this.announce(message(this.resolvedLocale, wasChallenge ? 'challengeCancelled' : 'ready'));
        this.emit('antom-cancel', { code: 'SDK_PAYMENT_CANCEL' });
        return;
      }
      case 'invalid':
        if (!nextStatus(this.status, 'form-invalid')) return;
        this.pendingAttemptId = null;
        this.go('form-invalid');
        this.fail('FORM_INVALID', code, true);
        return;
      case 'network-error':
        if (!nextStatus(this.status, 'network-error')) return;
        this.go('network-error');
        this.fail('SUBMIT_NETWORK_ERROR', code, true);
        return;
      case 'duplicate': {
        // The first submission goes on; the pay button already says so.
        const text = message(this.resolvedLocale, 'processing');
        this.emit('antom-error', { code, reason: 'DUPLICATE_SUBMISSION', message: text, recoverable: true, result: null });
        return;
      }
      case 'error':
        this.fail(report.reason ?? reaction.reason, code, false, report.detail, report.result ?? null);
        return;
      case 'ignore':
        return;
    }
  }

  private onReady(view: FormView): void {
    this.view = view;
    this.go('form-ready');
    const usable = view.savedCards.find((card) => !card.expired);
    if (usable && this.mode === 'payment') this.selectCard(usable.id);
    if (view.expiresAt) this.sessions.armExpiry(view.expiresAt, () => this.expire());
    this.announce(message(this.resolvedLocale, 'ready'));
    this.emit('antom-ready', { code: 'SDK_END_OF_LOADING', paymentSessionId: view.paymentSessionId, amount: view.amount });
  }

  private onOutcome(kind: 'authorized' | 'declined' | 'processing', report: DriverReport): void {
    if (!nextStatus(this.status, kind)) return;
    const lang = this.resolvedLocale;
    const payment = report.payment ?? { paymentId: null, resultCode: report.result?.resultCode ?? '', card: null };
    const { paymentId, resultCode } = payment;
    const result = report.result ?? null;
    if (kind === 'authorized') {
      this.pendingAttemptId = null;
      this.go('authorized');
      this.sessions.stop();
      const card = payment.card ?? NO_CARD;
      if (this.mode === 'vault') {
        this.announce(message(lang, 'cardSaved'));
        this.emit('antom-card-saved', { code: 'SDK_CARD_SAVED', ...card, result });
      } else {
        this.announce(message(lang, 'authorized'));
        const code = report.code === 'SDK_PAYMENT_AUTHORIZATION_SUCCESSFUL' ? report.code : 'SDK_PAYMENT_SUCCESSFUL';
        this.emit('antom-authorized', { code, paymentId, ...card, result });
      }
    } else if (kind === 'processing') {
      this.go('processing');
      this.errorText = '';
      this.announce(message(lang, 'pending'));
      this.emit('antom-processing', { code: 'SDK_PAYMENT_PROCESSING', resultCode: resultCode || 'PAYMENT_IN_PROCESS', paymentId, result });
    } else {
      this.pendingAttemptId = null;
      this.go('declined');
      const declineCode = result?.paymentResultCode ?? (resultCode || 'PAYMENT_FAIL');
      const text = message(lang, resultMessageKey(declineCode));
      this.errorText = text;
      this.announce(text);
      const code = report.code === 'SDK_PAYMENT_RETRY' ? report.code : 'SDK_PAYMENT_FAIL';
      this.emit('antom-failed', { code, resultCode: declineCode, message: text, paymentId, result });
    }
  }

  /** Back to the pay button, or into the card form when the merchant hides the button or it is gone. */
  private returnFocus(): void {
    const button = this.renderRoot.querySelector<HTMLButtonElement>('[part~="pay-button"]');
    if (button && !button.disabled) button.focus();
    else this.focus();
  }

  private expire(): void {
    if (!nextStatus(this.status, 'expire')) return;
    const paymentSessionId = this.view?.paymentSessionId ?? this.loaded?.facts.paymentSessionId ?? null;
    this.teardown();
    this.go('expire');
    this.errorText = message(this.resolvedLocale, 'sessionExpired');
    this.announce(this.errorText);
    this.emit('antom-session-expired', { code: 'SDK_SESSION_EXPIRED', paymentSessionId });
  }

  /** The Web SDK code for one of the element's own reasons. */
  private codeOf(reason: AntomErrorReason): AntomSdkCode {
    if (reason === 'INVALID_ATTRIBUTE' || reason === 'ENVIRONMENT_REQUIRED') return 'SDK_INIT_PARAMETER_ERROR';
    return 'SDK_CREATEPAYMENT_PARAMETER_ERROR';
  }

  private fail(
    reason: AntomErrorReason,
    code: AntomSdkCode,
    recoverable: boolean,
    detailMessage?: string,
    result: AntomErrorDetail['result'] = null,
  ): void {
    const text = message(this.resolvedLocale, ERROR_MESSAGES[reason]);
    if (!recoverable) {
      this.teardown();
      this.go('fatal');
    }
    this.errorText = text;
    this.announce(text);
    if (detailMessage) console.warn(`<antom-card-checkout> ${reason}: ${detailMessage}`);
    this.emit('antom-error', { code, reason, message: text, recoverable, result });
  }

  private warnOnce(key: string, text: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    console.warn(`<antom-card-checkout> ${text}`);
  }

  private selectCard(savedCardId: string | null): void {
    this.selectedCard = savedCardId;
    this.driver?.select(savedCardId);
  }

  private requestRemoval(card: SavedCardView): void {
    const paymentSessionId = this.view?.paymentSessionId;
    if (!paymentSessionId) return;
    const { id: savedCardId, index, brand, last4 } = card;
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
        ${this.driver?.render() ?? nothing} ${loading ? this.renderSkeleton() : nothing}
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
        ${this.announcer.render()}
      </div>
    `;
  }
}

import { LitElement, adoptStyles, html, nothing, unsafeCSS, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { CONSENT_ROW_PX, FRAME_HEIGHT_PX, styles } from './antom-card-checkout.styles.js';
import { FrameChannel } from './controllers/frame-channel.js';
import { randomId } from './random-id.js';
import {
  SessionLoadError,
  fetchSession,
  sessionFromInput,
  type LoadedSession,
  type SessionInput,
} from './controllers/session-loader.js';
import type { AntomErrorDetail, AntomErrorReason, AntomEventDetails, AntomSdkCode } from './events.js';
import { formatAmount, resolveLocale, toBcp47, type SupportedLocale } from '../shared/i18n/locale.js';
import { isCatalogueLoaded, loadCatalogue, message, resultMessageKey, type MessageKey } from '../shared/i18n/messages.js';
import { APPEARANCE_TOKENS, sanitizeAppearance, type Appearance } from '../shared/appearance.js';
import { isOrigin } from '../shared/session-data.js';
import type { FrameToElement, SessionErrorCode } from '../shared/channel/messages.js';
import type { CardBrand, FieldName, FormState, PaymentOutcome, SavedCardView, SessionView } from '../shared/types.js';
import { BRAND_NAMES, BRAND_SHORT } from '../shared/card/brand-names.js';

/** Where the checkout is in its life. */
export type CheckoutStatus = 'loading' | 'ready' | 'submitting' | 'challenge' | 'authorized' | 'failed' | 'error';

/** Read-only snapshot of the checkout. */
export interface CheckoutState {
  /** Life-cycle status. */
  status: CheckoutStatus;
  /** Detected card brand, or null. */
  brand: CardBrand | null;
  /** Every required card field is valid. */
  complete: boolean;
}

/** Result of `validate()`. */
export interface ValidationResult {
  /** All fields are valid. */
  isValid: boolean;
  /** Fields that are not. */
  invalidFields: FieldName[];
}

/** Default wait for the secure frame to say hello. */
const DEFAULT_FRAME_TIMEOUT_MS = 15000;
/** Longest wait for an answer to `validate()`. */
const VALIDATE_TIMEOUT_MS = 3000;
/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The outcome reported when the bank's page cannot be opened (the container never said hello). */
const CHALLENGE_UNAVAILABLE: PaymentOutcome = {
  status: 'FAIL',
  resultCode: 'CHALLENGE_UNAVAILABLE',
  resultMessage: '',
  paymentId: null,
  card: null,
};

const REASON_MESSAGES: Record<AntomErrorReason, MessageKey> = {
  INVALID_ATTRIBUTE: 'configError',
  SESSION_REQUEST_FAILED: 'loadFailed',
  SESSION_HTTP_ERROR: 'loadFailed',
  SESSION_RESPONSE_INVALID: 'loadFailed',
  GATEWAY_ORIGIN_MISMATCH: 'configError',
  FRAME_LOAD_TIMEOUT: 'unreachable',
  SESSION_EXPIRED: 'sessionExpired',
  SESSION_NOT_FOUND: 'loadFailed',
  SESSION_INVALID: 'loadFailed',
  NETWORK_ERROR: 'unreachable',
  SUBMIT_NETWORK_ERROR: 'networkRetry',
  FORM_INVALID: 'formInvalid',
};

/** Builds one of the element's events: bubbling, composed, typed by name. */
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
  @state() private frameUrl: string | null = null;
  @state() private frameHeight = FRAME_HEIGHT_PX;
  @state() private errorText = '';
  @state() private announcement = '';
  @state() private selectedCard: string | null = null;
  @state() private challengeUrl: string | null = null;

  private readonly channel = new FrameChannel(this, {
    onMessage: (msg) => this.onFrameMessage(msg),
    onTimeout: () => this.fail('FRAME_LOAD_TIMEOUT', 'SDK_INTERNAL_ERROR', false),
  });

  /** The channel to the gateway's 3-D Secure container inside the dialog (only ids cross it). */
  private readonly challengeChannel = new FrameChannel(this, {
    onMessage: (msg) => this.onChallengeMessage(msg),
    onTimeout: () => this.endChallenge(CHALLENGE_UNAVAILABLE),
  });

  private loaded: LoadedSession | null = null;
  private channelNonce = '';
  private loadAbort: AbortController | null = null;
  private pendingAttemptId: string | null = null;
  /** The challenge the dialog shows; the container's result must name it. */
  private challengeId: string | null = null;
  private challengeNonce = '';
  /** Focus goes back to the form once the dialog has closed and the form has rendered. */
  private focusAfterChallenge = false;
  /** The dialog's styles arrive with the first challenge; the dialog renders once they are in place. */
  private challengeStylesAdopted = false;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly validations = new Map<string, (result: ValidationResult) => void>();

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

  protected override updated(): void {
    // Set through the CSSOM, not a style attribute, so strict merchant CSPs (no inline styles) hold.
    // While loading, the reserved height rules: a frame still laying itself out must not move the page.
    const height = this.status === 'loading' ? this.reservedHeight() : this.frameHeight;
    this.frame()?.style.setProperty('height', `${height}px`);
    const dialog = this.challengeDialog();
    if (dialog && !dialog.open) {
      // The top layer: the dialog is above every merchant z-index and the page behind it is inert.
      dialog.showModal();
      // Focus stays in this document: browsers do not pass Escape from a cross-origin frame to the
      // dialog. Tab leads on to Cancel and into the bank's page; `focus()` goes there at once.
      dialog.querySelector('h2')?.focus();
    }
    if (this.focusAfterChallenge && !dialog) {
      this.focusAfterChallenge = false;
      this.returnFocus();
    }
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
    if (this.status !== 'ready' && this.status !== 'failed') return;
    if (!this.channel.connected || !this.view) return;
    const attemptId = this.pendingAttemptId ?? randomId();
    if (!this.emit('antom-submit', { code: 'SDK_SUBMIT', attemptId }, true)) return;
    this.pendingAttemptId = attemptId;
    this.errorText = '';
    this.status = 'submitting';
    this.announce(message(this.resolvedLocale, 'processing'));
    this.channel.send({ type: 'submit', attemptId });
  }

  /** Shows errors on invalid fields, focuses the first one, and resolves with the validity. */
  validate(): Promise<ValidationResult> {
    if (!this.channel.connected || this.status === 'loading' || this.status === 'error') {
      return Promise.resolve({ isValid: false, invalidFields: [] });
    }
    const requestId = randomId();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.validations.delete(requestId);
        resolve({ isValid: false, invalidFields: [] });
      }, VALIDATE_TIMEOUT_MS);
      this.validations.set(requestId, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.channel.send({ type: 'validate', requestId });
    });
  }

  /** Clears the card fields and any error; a declined checkout becomes ready again, an open bank check is cancelled. */
  reset(): void {
    this.cancelChallenge();
    this.channel.send({ type: 'reset' });
    this.errorText = '';
    this.pendingAttemptId = null;
    if (this.status === 'failed') this.status = 'ready';
  }

  /** Loads a fresh session (e.g. after changing `sessionRequest`) and a fresh frame. */
  reload(): Promise<void> {
    return this.load();
  }

  /** Moves focus into the card form, or into the bank's page while a 3-D Secure check is open. */
  override focus(options?: FocusOptions): void {
    const container = this.challengeFrame();
    if (container && this.challengeChannel.connected) {
      container.focus(options);
      this.challengeChannel.send({ type: 'focus' });
      return;
    }
    const frame = this.frame();
    if (frame && this.channel.connected) {
      frame.focus(options);
      this.channel.send({ type: 'focus' });
    } else {
      super.focus(options);
    }
  }

  private get resolvedLocale(): SupportedLocale {
    const fromTree = this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
    return resolveLocale(this.locale ?? fromTree);
  }

  /** The height the new-card form will have once ready: payment forms keep a row for the consent box. */
  private reservedHeight(): number {
    return FRAME_HEIGHT_PX + (this.mode === 'payment' ? CONSENT_ROW_PX : 0);
  }

  private frame(): HTMLIFrameElement | null {
    return this.renderRoot.querySelector('iframe[part="card-frame"]');
  }

  private challengeDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private challengeFrame(): HTMLIFrameElement | null {
    return this.renderRoot.querySelector('dialog iframe');
  }

  private async load(): Promise<void> {
    this.teardown();
    this.status = 'loading';
    this.view = null;
    this.formState = null;
    this.selectedCard = null;
    this.errorText = '';
    this.pendingAttemptId = null;
    if (this.gatewayOrigin !== null && !isOrigin(this.gatewayOrigin)) {
      this.fail(
        'INVALID_ATTRIBUTE',
        'SDK_INIT_PARAMETER_ERROR',
        false,
        `gateway-origin "${this.gatewayOrigin}" is not an origin.`,
      );
      return;
    }
    if (this.session === null && !this.sessionUrl) return;
    const abort = new AbortController();
    this.loadAbort = abort;
    try {
      const loaded =
        this.session !== null
          ? sessionFromInput(this.session, this.gatewayOrigin, this.mode)
          : await fetchSession(this.sessionUrl ?? '', this.sessionRequest, this.gatewayOrigin, this.mode, abort.signal);
      if (abort.signal.aborted) return;
      this.openFrame(loaded);
    } catch (error) {
      if (abort.signal.aborted) return;
      if (error instanceof SessionLoadError) {
        this.fail(error.reason, 'SDK_INIT_PARAMETER_ERROR', false, error.message);
      } else {
        this.fail('SESSION_RESPONSE_INVALID', 'SDK_INIT_PARAMETER_ERROR', false);
      }
    }
  }

  private openFrame(loaded: LoadedSession): void {
    this.loaded = loaded;
    const { gatewayOrigin, paymentSessionId } = loaded.parsed.config;
    this.channelNonce = randomId(32);
    this.frameHeight = this.reservedHeight();
    const query = new URLSearchParams({ sessionId: paymentSessionId, locale: this.resolvedLocale });
    const fragment = new URLSearchParams({ nonce: this.channelNonce, origin: location.origin });
    this.frameUrl = `${gatewayOrigin}/sdk/v1/frame?${query.toString()}#${fragment.toString()}`;
    this.channel.open({
      gatewayOrigin,
      nonce: this.channelNonce,
      frame: () => this.frame(),
      init: {
        type: 'init',
        sessionData: loaded.sessionData,
        locale: this.resolvedLocale,
        appearance: this.appearance(),
      },
      timeoutMs: this.frameTimeout > 0 ? this.frameTimeout : DEFAULT_FRAME_TIMEOUT_MS,
    });
  }

  private teardown(): void {
    this.loadAbort?.abort();
    this.loadAbort = null;
    this.channel.close();
    this.closeChallenge();
    this.focusAfterChallenge = false;
    clearTimeout(this.expiryTimer);
    for (const resolve of this.validations.values()) resolve({ isValid: false, invalidFields: [] });
    this.validations.clear();
    this.loaded = null;
    this.frameUrl = null;
  }

  private appearance(): Appearance {
    const computed = getComputedStyle(this);
    const values: Record<string, string> = {};
    for (const token of APPEARANCE_TOKENS) values[token] = computed.getPropertyValue(token);
    if (this.theme === 'dark' || (this.theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches)) {
      values['--antom-color-text'] ||= '#f1f5f9';
      values['--antom-color-muted'] ||= '#cbd5e1';
      values['--antom-color-field'] ||= '#0f172a';
      values['--antom-color-border'] ||= '#94a3b8';
      values['--antom-color-error'] ||= '#fca5a5';
      values['--antom-color-focus'] ||= '#8ab4ff';
    }
    return sanitizeAppearance(values);
  }

  private onFrameMessage(msg: FrameToElement): void {
    switch (msg.type) {
      case 'ready':
        this.onReady(msg.view);
        break;
      case 'state':
        this.formState = msg.state;
        this.emit('antom-change', { code: 'SDK_FORM_CHANGE', ...msg.state });
        break;
      case 'resize':
        this.frameHeight = Math.ceil(msg.height);
        break;
      case 'submit-request':
        this.submit();
        break;
      case 'validation':
        this.validations.get(msg.requestId)?.({ isValid: msg.valid, invalidFields: msg.invalidFields });
        this.validations.delete(msg.requestId);
        break;
      case 'invalid':
        if (msg.attemptId !== this.pendingAttemptId) return;
        this.pendingAttemptId = null;
        this.status = 'ready';
        this.fail('FORM_INVALID', 'SDK_FORM_VERIFICATION_FAILED', true);
        break;
      case 'result':
        if (msg.attemptId === this.pendingAttemptId) this.onOutcome(msg.outcome);
        break;
      case 'network-error':
        if (msg.attemptId !== this.pendingAttemptId) return;
        this.status = 'ready';
        this.fail('SUBMIT_NETWORK_ERROR', 'SDK_SUBMIT_NETWORK_ERROR', true);
        break;
      case 'session-error':
        this.onSessionError(msg.code);
        break;
    }
  }

  private onReady(view: SessionView): void {
    if (!this.loaded || view.paymentSessionId !== this.loaded.parsed.config.paymentSessionId) return;
    this.view = view;
    this.status = 'ready';
    const usable = (view.savedCards ?? []).find((card) => !card.expired);
    if (usable && this.mode === 'payment') this.selectCard(usable.id);
    this.armExpiry(view.expiresAt);
    this.announce(message(this.resolvedLocale, 'ready'));
    this.emit('antom-ready', {
      code: 'SDK_END_OF_LOADING',
      paymentSessionId: view.paymentSessionId,
      amount: view.amount,
    });
  }

  private onOutcome(outcome: PaymentOutcome): void {
    const lang = this.resolvedLocale;
    if (outcome.status === 'SUCCESS' && this.mode === 'vault') {
      this.pendingAttemptId = null;
      this.status = 'authorized';
      clearTimeout(this.expiryTimer);
      this.announce(message(lang, 'cardSaved'));
      this.emit('antom-card-saved', {
        code: 'SDK_CARD_SAVED',
        brand: outcome.card?.brand ?? null,
        last4: outcome.card?.last4 ?? null,
        expiryMonth: outcome.card?.expiryMonth ?? null,
        expiryYear: outcome.card?.expiryYear ?? null,
      });
    } else if (outcome.status === 'SUCCESS' && outcome.paymentId) {
      this.pendingAttemptId = null;
      this.status = 'authorized';
      clearTimeout(this.expiryTimer);
      this.announce(message(lang, 'authorized'));
      this.emit('antom-authorized', {
        code: 'SDK_PAYMENT_SUCCESSFUL',
        paymentId: outcome.paymentId,
        brand: outcome.card?.brand ?? null,
        last4: outcome.card?.last4 ?? null,
        expiryMonth: outcome.card?.expiryMonth ?? null,
        expiryYear: outcome.card?.expiryYear ?? null,
      });
    } else if (outcome.status === 'PROCESSING' && outcome.challenge) {
      this.openChallenge(outcome.challenge.id);
    } else if (outcome.status === 'PROCESSING') {
      this.errorText = '';
      this.announce(message(lang, 'pending'));
      this.emit('antom-processing', {
        code: 'SDK_PAYMENT_PROCESSING',
        resultCode: outcome.resultCode,
        paymentId: outcome.paymentId,
      });
    } else {
      this.pendingAttemptId = null;
      this.status = 'failed';
      const text = message(lang, resultMessageKey(outcome.resultCode));
      this.errorText = text;
      this.announce(text);
      this.emit('antom-failed', {
        code: 'SDK_PAYMENT_FAIL',
        resultCode: outcome.resultCode,
        message: text,
        paymentId: outcome.paymentId,
      });
    }
  }

  /**
   * Opens the dialog with the gateway's container for challenge `id`: the container page, not this
   * element, talks to the bank and reads the verdict from the gateway.
   */
  private openChallenge(id: string): void {
    const gatewayOrigin = this.loaded?.parsed.config.gatewayOrigin;
    if (!gatewayOrigin) return;
    // The frame's attempt is over: whatever happens next, a new submit is a new attempt.
    this.pendingAttemptId = null;
    this.challengeId = id;
    this.challengeNonce = randomId(32);
    this.errorText = '';
    this.status = 'challenge';
    const query = new URLSearchParams({ id, locale: this.resolvedLocale });
    const fragment = new URLSearchParams({ nonce: this.challengeNonce, origin: location.origin });
    this.challengeUrl = `${gatewayOrigin}/sdk/v1/challenge?${query.toString()}#${fragment.toString()}`;
    this.challengeChannel.open({
      gatewayOrigin,
      nonce: this.challengeNonce,
      frame: () => this.challengeFrame(),
      init: { type: 'focus' },
      timeoutMs: this.frameTimeout > 0 ? this.frameTimeout : DEFAULT_FRAME_TIMEOUT_MS,
    });
    this.emit('antom-challenge', { code: 'SDK_PAYMENT_CHALLENGE' });
    void this.adoptChallengeStyles().then(
      () => this.requestUpdate(),
      () => id === this.challengeId && this.endChallenge(CHALLENGE_UNAVAILABLE),
    );
  }

  private async adoptChallengeStyles(): Promise<void> {
    if (this.challengeStylesAdopted) return;
    const { default: text } = await import('./challenge.styles.js');
    adoptStyles(this.renderRoot as ShadowRoot, [...AntomCardCheckout.elementStyles, unsafeCSS(text)]);
    this.challengeStylesAdopted = true;
  }

  /** Only a final outcome naming the open challenge ends it; anything else is dropped. */
  private onChallengeMessage(msg: FrameToElement): void {
    if (msg.type !== 'result' || this.status !== 'challenge' || msg.attemptId !== this.challengeId) return;
    if (msg.outcome.resultCode === 'VERIFICATION_IN_PROCESS') return;
    this.endChallenge(msg.outcome);
  }

  private endChallenge(outcome: PaymentOutcome): void {
    if (this.status !== 'challenge') return;
    this.closeChallenge();
    this.focusAfterChallenge = true;
    // The frame kept the card for a retry; once paid, bound or pending it locks and forgets the CVC,
    // as after any final answer.
    if (outcome.status !== 'FAIL') this.channel.send({ type: 'close' });
    // As after any submission: a pending outcome keeps the checkout locked (one authorization).
    this.status = 'submitting';
    this.onOutcome(outcome);
  }

  /** The buyer closed the dialog (Cancel, Escape) or `reset()` was called: back to the form, nothing bound. */
  private cancelChallenge(): void {
    if (this.status !== 'challenge') return;
    this.closeChallenge();
    this.focusAfterChallenge = true;
    this.status = 'ready';
    this.announce(message(this.resolvedLocale, 'challengeCancelled'));
    this.emit('antom-cancel', { code: 'SDK_PAYMENT_CANCEL' });
  }

  private closeChallenge(): void {
    this.challengeChannel.close();
    this.challengeDialog()?.close();
    this.challengeId = null;
    this.challengeUrl = null;
  }

  /** Back to the pay button, or into the card form when the merchant hides the button or it is gone. */
  private returnFocus(): void {
    const button = this.renderRoot.querySelector<HTMLButtonElement>('[part~="pay-button"]');
    if (button && !button.disabled) button.focus();
    else this.focus();
  }

  private onSessionError(code: SessionErrorCode): void {
    if (code === 'SESSION_EXPIRED') {
      this.expire();
      return;
    }
    this.fail(code, code === 'NETWORK_ERROR' ? 'SDK_INTERNAL_ERROR' : 'SDK_INIT_PARAMETER_ERROR', false);
  }

  private armExpiry(expiresAt: string): void {
    clearTimeout(this.expiryTimer);
    const remaining = Date.parse(expiresAt) - Date.now();
    if (!Number.isFinite(remaining)) return;
    this.expiryTimer = setTimeout(() => this.expire(), Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
  }

  private expire(): void {
    if (this.status === 'authorized') return;
    const paymentSessionId = this.loaded?.parsed.config.paymentSessionId ?? null;
    this.teardown();
    this.status = 'error';
    this.errorText = message(this.resolvedLocale, 'sessionExpired');
    this.announce(this.errorText);
    this.emit('antom-session-expired', { code: 'SDK_PAYMENT_ERROR', paymentSessionId });
  }

  private fail(reason: AntomErrorReason, code: AntomSdkCode, recoverable: boolean, detailMessage?: string): void {
    const text = message(this.resolvedLocale, REASON_MESSAGES[reason]);
    if (!recoverable) {
      this.teardown();
      this.status = 'error';
    }
    this.errorText = text;
    this.announce(text);
    const detail: AntomErrorDetail = { code, reason, message: text, recoverable };
    if (detailMessage) console.warn(`<antom-card-checkout> ${reason}: ${detailMessage}`);
    this.emit('antom-error', detail);
  }

  private selectCard(savedCardId: string | null): void {
    this.selectedCard = savedCardId;
    this.channel.send({ type: 'select', savedCardId });
  }

  private requestRemoval(card: SavedCardView): void {
    if (!this.view) return;
    this.emit('antom-remove-card', {
      code: 'SDK_REMOVE_CARD',
      paymentSessionId: this.view.paymentSessionId,
      savedCardId: card.id,
      index: card.index,
      brand: card.brand,
      last4: card.last4,
    });
  }

  private announce(text: string): void {
    this.announcement = '';
    requestAnimationFrame(() => {
      this.announcement = text;
    });
  }

  private emit<K extends keyof AntomEventDetails>(type: K, detail: AntomEventDetails[K], cancelable = false): boolean {
    return this.dispatchEvent(antomEvent(type, detail, cancelable));
  }

  private renderFrame(): TemplateResult | typeof nothing {
    if (this.status === 'error' && !this.frameUrl) return nothing;
    const loading = this.status === 'loading';
    return html`
      <div
        class="frame-area"
        ?data-loading=${loading}
        ?data-consent=${this.mode === 'payment'}
        aria-busy=${loading ? 'true' : 'false'}
      >
        ${
          this.frameUrl
            ? keyed(
                this.channelNonce,
                html`<iframe
                  part="card-frame"
                  title=${message(this.resolvedLocale, 'frameTitle')}
                  src=${this.frameUrl}
                  allow="payment"
                  referrerpolicy="origin"
                ></iframe>`,
              )
            : nothing
        }
        ${loading ? this.renderSkeleton() : nothing}
      </div>
    `;
  }

  private renderSavedCards(): TemplateResult | typeof nothing {
    const cards = this.view?.savedCards ?? [];
    if (this.mode !== 'payment' || cards.length === 0 || this.status === 'error') return nothing;
    const lang = this.resolvedLocale;
    const locked = this.status !== 'ready' && this.status !== 'failed';
    return html`
      <fieldset part="saved-cards" class="saved" ?disabled=${locked}>
        <legend>${message(lang, 'savedCards')}</legend>
        ${cards.map((card) => this.renderSavedCard(card, lang))}
        <div class="saved-row">
          <label part="saved-card" class="saved-card">
            <input
              type="radio"
              name="saved-card"
              value="new"
              .checked=${this.selectedCard === null}
              @change=${() => this.selectCard(null)}
            />
            <span class="logo" aria-hidden="true">+</span>
            <span class="card-name">${message(lang, 'newCard')}</span>
          </label>
        </div>
      </fieldset>
    `;
  }

  private renderSavedCard(card: SavedCardView, lang: SupportedLocale): TemplateResult {
    const name = message(lang, 'cardEnding', { brand: BRAND_NAMES[card.brand], last4: card.last4 });
    return html`
      <div class="saved-row">
        <label part="saved-card" class="saved-card" ?data-expired=${card.expired}>
          <input
            type="radio"
            name="saved-card"
            .value=${card.id}
            .checked=${this.selectedCard === card.id}
            ?disabled=${card.expired}
            @change=${() => this.selectCard(card.id)}
          />
          <span class="logo" data-brand=${card.brand} aria-hidden="true">${BRAND_SHORT[card.brand]}</span>
          <span class="card-name">
            <span aria-hidden="true">${BRAND_NAMES[card.brand]} •••• ${card.last4}</span>
            <span class="visually-hidden">${name}</span>
          </span>
          <span class="expiry" ?data-expired=${card.expired}>
            ${
              card.expired
                ? message(lang, 'expired')
                : message(lang, 'expires', { date: `${card.expiryMonth}/${card.expiryYear}` })
            }
          </span>
        </label>
        <button
          type="button"
          part="remove-card"
          class="remove"
          aria-label=${message(lang, 'removeCard', { card: name })}
          @click=${() => this.requestRemoval(card)}
        >
          ${message(lang, 'remove')}
        </button>
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

  private renderChallenge(): TemplateResult | typeof nothing {
    const id = this.challengeId;
    if (!this.challengeUrl || !id || !this.challengeStylesAdopted) return nothing;
    const lang = this.resolvedLocale;
    // Escape closes the dialog by itself; `close` then ends the challenge it was opened for.
    return html`${keyed(
      id,
      html`
        <dialog
          part="challenge-dialog"
          class="challenge"
          aria-labelledby="challenge-title"
          @close=${() => id === this.challengeId && this.cancelChallenge()}
        >
          <div class="challenge-bar">
            <h2 id="challenge-title" tabindex="-1">${message(lang, 'challengeTitle')}</h2>
            <button type="button" class="cancel" @click=${() => this.cancelChallenge()}>
              ${message(lang, 'cancel')}
            </button>
          </div>
          <iframe
            title=${message(lang, 'challengeFrameTitle')}
            src=${this.challengeUrl}
            referrerpolicy="origin"
          ></iframe>
        </dialog>
      `,
    )}`;
  }

  private renderError(): TemplateResult | typeof nothing {
    if (!this.errorText) return nothing;
    return html`<p part="error" class="error" id="error">${this.errorText}</p>`;
  }

  private renderPayButton(): TemplateResult | typeof nothing {
    if (this.hidePayButton || this.status === 'error') return nothing;
    const lang = this.resolvedLocale;
    const amount = this.view?.amount;
    const vault = this.mode === 'vault';
    const label = vault
      ? message(lang, 'saveCard')
      : amount
        ? message(lang, 'pay', { amount: formatAmount(amount.value, amount.currency, lang) })
        : message(lang, 'payGeneric');
    if (this.status === 'authorized') {
      return html`<p class="success">${message(lang, vault ? 'cardSaved' : 'authorized')}</p>`;
    }
    const busy = this.status === 'submitting';
    const usable = this.status === 'ready' || this.status === 'failed';
    return html`
      <button
        part="pay-button"
        class="pay"
        type="button"
        ?disabled=${!usable}
        aria-busy=${busy ? 'true' : 'false'}
        aria-describedby=${this.errorText ? 'error' : nothing}
        @click=${() => this.submit()}
      >
        ${busy ? html`<span class="spinner" aria-hidden="true"></span>${message(lang, 'processing')}` : label}
      </button>
    `;
  }

  protected override render(): TemplateResult {
    return html`
      <div class="checkout" lang=${toBcp47(this.resolvedLocale)}>
        ${this.renderSavedCards()} ${this.renderFrame()} ${this.renderError()} ${this.renderPayButton()}
        ${this.renderChallenge()}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </div>
    `;
  }
}

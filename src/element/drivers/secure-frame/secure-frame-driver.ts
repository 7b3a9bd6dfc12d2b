/**
 * The card form as our secure frame: an iframe served by the gateway that minted the session,
 * reached over the nonce-checked channel. The frame URL carries only public values (the page's
 * origin, the locale; the nonce in the fragment); the session data travels over the port. When the
 * bank asks for 3-D Secure, the driver opens the element's dialog with the gateway's container.
 * Everything it learns it reports in Antom's Web SDK codes, as Antom's own SDK would.
 */
import { html, nothing, type LitElement, type TemplateResult } from 'lit';
import type { Appearance } from '../../../shared/appearance.js';
import type { ElementToFrame, FrameToElement, SessionErrorCode } from '../../../shared/channel/messages.js';
import { frameOverrides, message, type Texts } from '../../../shared/i18n/messages.js';
import type { SessionView } from '../../../shared/types.js';
import { CONSENT_ROW_PX, FRAME_HEIGHT_PX } from '../../antom-card-checkout.styles.js';
import type { ChallengeController } from '../../controllers/challenge.js';
import { FrameChannel } from '../../controllers/frame-channel.js';
import type { LoadedSession } from '../../controllers/session-loader.js';
import { withOutcomes } from '../../outcomes-chunk.js';
import { randomId } from '../../random-id.js';
import type { CardFormDriver, DriverEvents, DriverReport, FormView, MountContext, ValidationResult } from '../driver.js';

/** Longest wait for the frame's answer to `validate()`. */
const VALIDATE_TIMEOUT_MS = 3000;

const NOT_VALIDATED: ValidationResult = { isValid: false, invalidFields: [] };

/** What each of the frame's session errors means in Web SDK terms. */
function sessionErrorReport(code: Exclude<SessionErrorCode, 'SESSION_EXPIRED'>): DriverReport {
  return code === 'NETWORK_ERROR'
    ? { code: 'SDK_CREATECOMPONENT_ERROR', reason: 'NETWORK_ERROR' }
    : { code: 'SDK_CREATEPAYMENT_PARAMETER_ERROR', reason: code };
}

/** Drives the gateway's card frame: the iframe, its channel, its height and its 3-D Secure dialog. */
export class SecureFrameDriver implements CardFormDriver {
  /** @internal The element (outcomes.ts opens the 3-D Secure dialog in it). */
  readonly host: LitElement;
  /** @internal What the driver tells the checkout (outcomes.ts reports through it too). */
  readonly events: DriverEvents;
  private readonly channel: FrameChannel;
  /** @internal The session of the frame; `null` while none was handed over. */
  session: Extract<LoadedSession, { kind: 'sandbox' }> | null = null;
  /** The frame of the current nonce: a new nonce is a new iframe, never one reused (nor its history) across sessions. */
  private iframe: HTMLIFrameElement | null = null;
  /** The gateway of the open frame. */
  private gatewayOrigin = '';
  private nonce = '';
  private loading = false;
  /** The locale and the merchant's texts, for the frame's title and the 3-D Secure dialog. */
  texts: Texts = { locale: 'en_US' };
  timeoutMs = 0;
  /** The tokens the frame and the 3-D Secure container get (init, then `appearance` on a change). */
  appearance: Appearance = {};
  /** The frame's init, until the frame says hello: a change of tokens before then goes into it. */
  private init: Extract<ElementToFrame, { type: 'init' }> | null = null;
  /** Height the frame asked for; while loading, the form's final height is reserved instead. */
  private height = FRAME_HEIGHT_PX;
  private reserved = FRAME_HEIGHT_PX;
  private readonly validations = new Map<string, (result: ValidationResult) => void>();
  /** The 3-D Secure dialog, loaded with the first challenge (code and styles in one lazy chunk). */
  challenge: ChallengeController | null = null;
  /** The challenge being opened or shown; a result for any other is dropped. */
  challengeId: string | null = null;
  /** Listens for a CSP that blocks the frame until the frame is up, or gone. */
  private cspWatch: AbortController | undefined;

  constructor(host: LitElement, events: DriverEvents) {
    this.host = host;
    this.events = events;
    this.channel = new FrameChannel(host, {
      onMessage: (msg) => this.onMessage(msg),
      onTimeout: () =>
        events.report({
          code: 'SDK_CREATECOMPONENT_ERROR',
          reason: 'FRAME_LOAD_TIMEOUT',
          detail: ['frame-timeout-hint'],
        }),
    });
    host.addController({ hostUpdated: () => this.applyHeight() });
  }

  /**
   * (ours) Opens the frame of `gatewayOrigin` before the session is known: its page, styles and
   * script load while the element fetches the session, which `mount` then hands over the channel.
   */
  warm(gatewayOrigin: string, context: MountContext): void {
    this.destroy();
    this.open(gatewayOrigin, context);
  }

  mount(session: LoadedSession, context: MountContext): void {
    if (session.kind !== 'sandbox') return this.destroy();
    const { gatewayOrigin } = session.parsed.config;
    // The frame opened for this gateway while the session loaded takes it; any other is replaced.
    if (this.session || !this.iframe || this.gatewayOrigin !== gatewayOrigin) {
      this.destroy();
      this.open(gatewayOrigin, context);
    }
    this.session = session;
    this.texts = { locale: context.locale, overrides: context.messages };
    this.appearance = context.appearance;
    this.channel.deliver(
      (this.init = {
        type: 'init',
        sessionData: session.sessionData,
        locale: context.locale,
        appearance: context.appearance,
        messages: frameOverrides(context.messages),
      }),
    );
    this.events.report({ code: 'SDK_START_OF_LOADING' });
    this.host.requestUpdate();
  }

  /** A new frame for `gatewayOrigin` and a channel waiting for its hello; its URL names no session. */
  private open(gatewayOrigin: string, context: MountContext): void {
    this.gatewayOrigin = gatewayOrigin;
    this.texts = { locale: context.locale, overrides: context.messages };
    this.timeoutMs = context.timeoutMs;
    this.appearance = context.appearance;
    this.nonce = randomId(32);
    this.loading = true;
    // Payment forms reserve the "Save this card" row while they load (the common case asks for it); a
    // session that does not ask has no such row, and the frame's height at ready drops it.
    this.reserved = FRAME_HEIGHT_PX + (context.mode === 'payment' ? CONSENT_ROW_PX : 0);
    this.height = this.reserved;
    const query = new URLSearchParams({ origin: location.origin, locale: context.locale });
    const fragment = new URLSearchParams({ nonce: this.nonce, origin: location.origin });
    const iframe = (this.iframe = document.createElement('iframe'));
    iframe.setAttribute('part', 'card-frame');
    iframe.allow = 'payment';
    iframe.referrerPolicy = 'origin';
    iframe.src = `${gatewayOrigin}/sdk/v1/frame?${query.toString()}#${fragment.toString()}`;
    this.channel.open({ gatewayOrigin, nonce: this.nonce, frame: () => this.iframe, init: [], timeoutMs: context.timeoutMs });
    this.watchCsp(gatewayOrigin);
    this.host.requestUpdate();
  }

  /**
   * A page whose CSP leaves the gateway out of `frame-src` blocks the frame silently: the browser
   * reports it only as a violation event. Naming it at once beats a timeout that blames the network.
   */
  private watchCsp(gatewayOrigin: string): void {
    this.cspWatch = new AbortController();
    const onViolation = (event: SecurityPolicyViolationEvent): void => {
      if (!/^(frame|child|default)-src/.test(event.effectiveDirective) || !event.blockedURI.startsWith(gatewayOrigin)) return;
      this.cspWatch?.abort();
      this.events.report({ code: 'SDK_CREATECOMPONENT_ERROR', reason: 'FRAME_BLOCKED', detail: ['frame-blocked', gatewayOrigin] });
    };
    document.addEventListener('securitypolicyviolation', onViolation, { signal: this.cspWatch.signal });
  }

  submit(attemptId: string): void {
    this.channel.send({ type: 'submit', attemptId });
  }

  validate(): Promise<ValidationResult> {
    if (!this.channel.connected || this.loading) return Promise.resolve(NOT_VALIDATED);
    const requestId = randomId();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.validations.delete(requestId);
        resolve(NOT_VALIDATED);
      }, VALIDATE_TIMEOUT_MS);
      this.validations.set(requestId, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.channel.send({ type: 'validate', requestId });
    });
  }

  reset(): void {
    this.challenge?.cancel();
    this.channel.send({ type: 'reset' });
  }

  select(savedCardId: string | null): void {
    this.channel.send({ type: 'select', savedCardId });
  }

  close(): void {
    this.channel.send({ type: 'close' });
  }

  restyle(appearance: Appearance): void {
    // Most page mutations the element watches change nothing here.
    if (JSON.stringify(appearance) === JSON.stringify(this.appearance)) return;
    this.appearance = appearance;
    if (this.init) this.init.appearance = appearance;
    this.channel.send({ type: 'appearance', appearance });
    this.challenge?.restyle(appearance);
  }

  focus(options?: FocusOptions): boolean {
    if (this.challenge?.focus(options)) return true;
    const frame = this.iframe;
    if (!frame || !this.channel.connected) return false;
    frame.focus(options);
    this.channel.send({ type: 'focus' });
    return true;
  }

  destroy(): void {
    this.cspWatch?.abort();
    this.channel.close();
    this.challenge?.close();
    this.challengeId = null;
    for (const resolve of this.validations.values()) resolve(NOT_VALIDATED);
    this.validations.clear();
    this.session = null;
    this.init = null;
    this.iframe = null;
    this.loading = false;
    this.host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    const iframe = this.iframe;
    if (!iframe) return nothing;
    iframe.title = message(this.texts, 'frameTitle');
    return html`${iframe}${this.challenge?.render(this.texts) ?? nothing}`;
  }

  /** Set through the CSSOM, not a style attribute, so strict merchant CSPs (no inline styles) hold. */
  private applyHeight(): void {
    this.iframe?.style.setProperty('height', `${this.loading ? this.reserved : this.height}px`);
  }

  private onReady(view: SessionView): void {
    if (view.paymentSessionId !== this.session?.parsed.config.paymentSessionId) return;
    this.cspWatch?.abort();
    const { paymentSessionId, amount, expiresAt } = view;
    const ready: FormView = { paymentSessionId, amount, expiresAt, savedCards: view.savedCards ?? [] };
    const session = this.session;
    // The form is shown with the element's list of saved cards, in one layout change.
    void this.events.prepare(ready).then((ok) => {
      if (!ok || this.session !== session) return;
      this.loading = false;
      this.host.requestUpdate();
      this.events.report({ code: 'SDK_END_OF_LOADING', view: ready });
    });
  }

  private onMessage(msg: FrameToElement): void {
    switch (msg.type) {
      case 'ready':
        this.onReady(msg.view);
        break;
      case 'state':
        this.events.change(msg.state);
        break;
      case 'resize':
        this.height = Math.ceil(msg.height);
        this.host.requestUpdate();
        break;
      case 'submit-request':
        this.events.submitRequest();
        break;
      case 'validation':
        this.validations.get(msg.requestId)?.({ isValid: msg.valid, invalidFields: msg.invalidFields });
        this.validations.delete(msg.requestId);
        break;
      case 'invalid':
        this.events.report({ code: 'SDK_FORM_VERIFICATION_FAILED', attemptId: msg.attemptId });
        break;
      case 'result':
        // Code of its own, loaded at ready (a submission waits for it, so it is here by now).
        withOutcomes((outcomes) => outcomes.frameResult(this, msg.attemptId, msg.outcome));
        break;
      case 'network-error':
        this.events.report({ code: 'SDK_SUBMIT_NETWORK_ERROR', attemptId: msg.attemptId });
        break;
      case 'session-error':
        if (msg.code === 'SESSION_EXPIRED') this.events.expired();
        else this.events.report(sessionErrorReport(msg.code));
        break;
    }
  }
}

/**
 * The card form as our secure frame: an iframe served by the gateway that minted the session,
 * reached over the nonce-checked channel. The frame URL carries only public values (session id,
 * locale; the nonce in the fragment); the session data itself travels over the port.
 */
import { html, nothing, type LitElement, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { FrameToElement } from '../../../shared/channel/messages.js';
import type { SupportedLocale } from '../../../shared/i18n/locale.js';
import { message } from '../../../shared/i18n/messages.js';
import { CONSENT_ROW_PX, FRAME_HEIGHT_PX } from '../../antom-card-checkout.styles.js';
import { FrameChannel } from '../../controllers/frame-channel.js';
import type { LoadedSession } from '../../controllers/session-loader.js';
import { randomId } from '../../random-id.js';
import type { CardFormDriver, DriverEvents, MountContext, ValidationResult } from '../driver.js';

/** Longest wait for the frame's answer to `validate()`. */
const VALIDATE_TIMEOUT_MS = 3000;

const NOT_VALIDATED: ValidationResult = { isValid: false, invalidFields: [] };

/** Drives the gateway's card frame: the iframe, its channel and its height. */
export class SecureFrameDriver implements CardFormDriver {
  private readonly host: LitElement;
  private readonly events: DriverEvents;
  private readonly channel: FrameChannel;
  private frameUrl: string | null = null;
  private nonce = '';
  private loading = false;
  private locale: SupportedLocale = 'en_US';
  /** Height the frame asked for; while loading, the form's final height is reserved instead. */
  private height = FRAME_HEIGHT_PX;
  private reserved = FRAME_HEIGHT_PX;
  private readonly validations = new Map<string, (result: ValidationResult) => void>();

  constructor(host: LitElement, events: DriverEvents) {
    this.host = host;
    this.events = events;
    this.channel = new FrameChannel(host, {
      onMessage: (msg) => this.onMessage(msg),
      onTimeout: () => events.unreachable(),
    });
    host.addController({ hostUpdated: () => this.applyHeight() });
  }

  mount(session: LoadedSession, context: MountContext): void {
    this.destroy();
    const { gatewayOrigin, paymentSessionId } = session.parsed.config;
    this.locale = context.locale;
    this.nonce = randomId(32);
    this.loading = true;
    // Payment forms keep a row for the "Save this card" box, so nothing moves when it appears.
    this.reserved = FRAME_HEIGHT_PX + (context.mode === 'payment' ? CONSENT_ROW_PX : 0);
    this.height = this.reserved;
    const query = new URLSearchParams({ sessionId: paymentSessionId, locale: context.locale });
    const fragment = new URLSearchParams({ nonce: this.nonce, origin: location.origin });
    this.frameUrl = `${gatewayOrigin}/sdk/v1/frame?${query.toString()}#${fragment.toString()}`;
    this.channel.open({
      gatewayOrigin,
      nonce: this.nonce,
      frame: () => this.frame(),
      init: { type: 'init', sessionData: session.sessionData, locale: context.locale, appearance: context.appearance },
      timeoutMs: context.timeoutMs,
    });
    this.host.requestUpdate();
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
    this.channel.send({ type: 'reset' });
  }

  select(savedCardId: string | null): void {
    this.channel.send({ type: 'select', savedCardId });
  }

  close(): void {
    this.channel.send({ type: 'close' });
  }

  focus(options?: FocusOptions): boolean {
    const frame = this.frame();
    if (!frame || !this.channel.connected) return false;
    frame.focus(options);
    this.channel.send({ type: 'focus' });
    return true;
  }

  destroy(): void {
    this.channel.close();
    for (const resolve of this.validations.values()) resolve(NOT_VALIDATED);
    this.validations.clear();
    this.frameUrl = null;
    this.loading = false;
    this.host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    if (!this.frameUrl) return nothing;
    // A new nonce is a new frame: never reuse an iframe (and its history) across sessions.
    return html`${keyed(
      this.nonce,
      html`<iframe
        part="card-frame"
        title=${message(this.locale, 'frameTitle')}
        src=${this.frameUrl}
        allow="payment"
        referrerpolicy="origin"
      ></iframe>`,
    )}`;
  }

  private frame(): HTMLIFrameElement | null {
    return this.host.renderRoot.querySelector('iframe[part="card-frame"]');
  }

  /** Set through the CSSOM, not a style attribute, so strict merchant CSPs (no inline styles) hold. */
  private applyHeight(): void {
    this.frame()?.style.setProperty('height', `${this.loading ? this.reserved : this.height}px`);
  }

  private onMessage(msg: FrameToElement): void {
    switch (msg.type) {
      case 'ready':
        this.loading = false;
        this.host.requestUpdate();
        this.events.ready(msg.view);
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
        this.events.invalid(msg.attemptId);
        break;
      case 'result':
        this.events.outcome(msg.attemptId, msg.outcome);
        break;
      case 'network-error':
        this.events.networkError(msg.attemptId);
        break;
      case 'session-error':
        this.events.sessionError(msg.code);
        break;
    }
  }
}

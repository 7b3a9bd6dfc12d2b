/**
 * 3-D Secure for the secure-frame driver: a modal dialog holding the gateway's container page,
 * which frames the bank's page and reads the verdict from the gateway. Only ids cross the channel
 * to the container; a result counts only if it names the challenge this dialog shows.
 *
 * This module and its styles form a chunk the element loads with the first challenge: pages whose
 * buyers are never challenged do not download them.
 */
import { html, nothing, unsafeCSS, type LitElement, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Appearance } from '../../shared/appearance.js';
import type { ElementToFrame, FrameToElement } from '../../shared/channel/messages.js';
import type { SupportedLocale } from '../../shared/i18n/locale.js';
import { message, type Texts } from '../../shared/i18n/messages.js';
import type { PaymentOutcome } from '../../shared/types.js';
import challengeStyles from '../challenge.styles.js';
import { addStyles } from '../lazy-styles.js';
import { randomId } from '../random-id.js';
import { FrameChannel } from './frame-channel.js';

/** What the dialog reports to the element. */
export interface ChallengeEvents {
  /** The gateway's final word on the challenge; the dialog is closed. */
  end(outcome: PaymentOutcome): void;
  /** The container never said hello: the bank's page could not be opened; the dialog is closed. */
  unavailable(): void;
  /**
   * The buyer cancelled the check: the bank's Cancel, the dialog's, or Escape (each ends the attempt
   * at the gateway the same way), or `reset()`; nothing was authorized or bound. The dialog is closed.
   */
  cancel(): void;
  /** The dialog closed and the form is back: where focus should go now. */
  returnFocus(): void;
}

/** What opening a challenge needs. */
export interface ChallengeRequest {
  /** Names the challenge at the gateway; the container's result must name the same one. */
  id: string;
  /** Origin of the gateway that serves the container page. */
  gatewayOrigin: string;
  /** What the container page and its status texts speak, Antom-style (`de_DE`). */
  locale: SupportedLocale;
  /** How long the container may take to say hello. */
  timeoutMs: number;
  /** The host's tokens: the container paints its status texts with them. */
  appearance: Appearance;
}

/** How long the dialog waits for the gateway to end a check the buyer left before it closes anyway. */
export const LEAVE_TIMEOUT_MS = 4000;

/** The dialog's sheet, one for every element on the page. */
const CHALLENGE_STYLES = unsafeCSS(challengeStyles);

/** Owns the dialog, its channel and its lazily loaded styles. */
export class ChallengeController {
  private readonly host: LitElement;
  private readonly events: ChallengeEvents;
  private readonly channel: FrameChannel;
  private request: ChallengeRequest | null = null;
  private url: string | null = null;
  private nonce = '';
  /** The container's first message: the tokens it paints with. */
  private styling: Extract<ElementToFrame, { type: 'appearance' }> = { type: 'appearance', appearance: {} };
  /** Focus goes back to the form once the dialog has closed and the form has rendered. */
  private focusAfterClose = false;
  /** Set while the gateway ends a check the buyer left: closes the dialog if no answer comes. */
  private leaving: ReturnType<typeof setTimeout> | undefined;

  constructor(host: LitElement, events: ChallengeEvents) {
    this.host = host;
    this.events = events;
    this.channel = new FrameChannel(host, {
      onMessage: (msg) => this.onMessage(msg),
      onTimeout: () => {
        if (!this.request) return;
        this.closeAndRefocus();
        this.events.unavailable();
      },
    });
    host.addController({ hostUpdated: () => this.afterUpdate() });
    addStyles(host, CHALLENGE_STYLES);
  }

  /** True from `show()` until the dialog closes for any reason. */
  get open(): boolean {
    return this.request !== null;
  }

  /** Opens the dialog for `request`; the container page, not the element, talks to the bank. */
  show(request: ChallengeRequest): void {
    this.close();
    this.request = request;
    this.nonce = randomId(32);
    const query = new URLSearchParams({ id: request.id, locale: request.locale });
    const fragment = new URLSearchParams({ nonce: this.nonce, origin: location.origin });
    this.url = `${request.gatewayOrigin}/sdk/v1/challenge?${query.toString()}#${fragment.toString()}`;
    this.channel.open({
      gatewayOrigin: request.gatewayOrigin,
      nonce: this.nonce,
      frame: () => this.containerFrame(),
      init: [(this.styling = { type: 'appearance', appearance: request.appearance }), { type: 'focus' }],
      timeoutMs: request.timeoutMs,
    });
    this.host.requestUpdate();
  }

  /**
   * The buyer leaves the bank's page from the dialog (Cancel, Escape): the container asks the
   * gateway to end the check as the bank's own Cancel does, and the dialog closes with the answer
   * (cancelled, or the bank's verdict if it came first); without a container or an answer in time,
   * it closes as cancelled anyway.
   */
  leave(): void {
    if (!this.request || this.leaving !== undefined) return;
    if (!this.channel.connected) return this.cancel();
    this.channel.send({ type: 'close' });
    this.leaving = setTimeout(() => this.cancel(), LEAVE_TIMEOUT_MS);
  }

  /** `reset()`, or a check left without the gateway's answer: closes the dialog as cancelled at once. */
  cancel(): void {
    if (!this.request) return;
    this.closeAndRefocus();
    this.events.cancel();
  }

  /** Closes the dialog without a word to anyone (the session is being torn down). */
  close(): void {
    clearTimeout(this.leaving);
    this.leaving = undefined;
    this.channel.close();
    this.dialog()?.close();
    this.request = null;
    this.url = null;
    this.focusAfterClose = false;
    this.host.requestUpdate();
  }

  /** The host's tokens changed: the open container follows (or gets them when it connects). */
  restyle(appearance: Appearance): void {
    // Before the container connects, the change goes into the message it will get first.
    this.styling.appearance = appearance;
    this.channel.send({ type: 'appearance', appearance });
  }

  /** Moves focus into the bank's page; false when no challenge is connected. */
  focus(options?: FocusOptions): boolean {
    const container = this.containerFrame();
    if (!container || !this.channel.connected) return false;
    container.focus(options);
    this.channel.send({ type: 'focus' });
    return true;
  }

  render(texts: Texts): TemplateResult | typeof nothing {
    const request = this.request;
    if (!request || !this.url) return nothing;
    // Escape leaves like Cancel; where the browser closes the dialog anyway (a second Escape without
    // a click between), `close` cancels the challenge it was opened for at once.
    return html`${keyed(
      request.id,
      html`
        <dialog
          part="challenge-dialog"
          class="challenge"
          aria-labelledby="challenge-title"
          @cancel=${(event: Event) => {
            event.preventDefault();
            this.leave();
          }}
          @close=${() => request === this.request && this.cancel()}
        >
          <div class="challenge-bar">
            <h2 id="challenge-title" tabindex="-1">${message(texts, 'challengeTitle')}</h2>
            <button type="button" class="cancel" @click=${() => this.leave()}>${message(texts, 'cancel')}</button>
          </div>
          <iframe title=${message(texts, 'challengeFrameTitle')} src=${this.url} referrerpolicy="origin"></iframe>
        </dialog>
      `,
    )}`;
  }

  private end(outcome: PaymentOutcome): void {
    if (!this.request) return;
    this.closeAndRefocus();
    this.events.end(outcome);
  }

  private closeAndRefocus(): void {
    this.close();
    this.focusAfterClose = true;
  }

  private onMessage(msg: FrameToElement): void {
    if ((msg.type !== 'result' && msg.type !== 'cancelled') || msg.attemptId !== this.request?.id) return;
    if (msg.type === 'cancelled') return this.cancel();
    if (msg.outcome.resultCode === 'VERIFICATION_IN_PROCESS') return;
    this.end(msg.outcome);
  }

  private afterUpdate(): void {
    const dialog = this.dialog();
    if (dialog && !dialog.open) {
      // The top layer: the dialog is above every merchant z-index and the page behind it is inert.
      dialog.showModal();
      // Focus stays in this document: browsers do not pass Escape from a cross-origin frame to the
      // dialog. Tab leads on to Cancel and into the bank's page; `focus()` goes there at once.
      dialog.querySelector('h2')?.focus();
    }
    if (this.focusAfterClose && !dialog) {
      this.focusAfterClose = false;
      this.events.returnFocus();
    }
  }

  private dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  private containerFrame(): HTMLIFrameElement | null {
    return this.host.renderRoot.querySelector('dialog iframe');
  }
}

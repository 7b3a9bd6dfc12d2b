/**
 * The element's polite live region. Each announcement empties the region first and writes the
 * text a frame later, so a screen reader reads it again even when it repeats the last one.
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** Owns the live region's text. */
export class Announcer {
  private readonly host: ReactiveControllerHost;
  private text = '';
  private pending = 0;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController({ hostDisconnected: () => cancelAnimationFrame(this.pending) });
  }

  /** Says `text` to assistive technology, politely. */
  announce(text: string): void {
    this.text = '';
    this.host.requestUpdate();
    cancelAnimationFrame(this.pending);
    this.pending = requestAnimationFrame(() => {
      this.text = text;
      this.host.requestUpdate();
    });
  }

  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.text}</div>`;
  }
}

import { css } from 'lit';

/** Height of the frame's card form in its ready state without the "Save this card" row. */
export const FRAME_HEIGHT_PX = 308;

/**
 * Height of the "Save this card" row, shown only when the session asks. Payment forms reserve it while
 * they load (the common case asks); a form without it is that much shorter once ready.
 */
export const CONSENT_ROW_PX = 44;

/** The dark scheme's defaults, for `theme="dark"` and `theme="auto"` where the page is dark. */
const darkPalette = css`
  --_primary: var(--antom-color-primary, #8ab4ff);
  --_on-primary: var(--antom-color-on-primary, #0b1220);
  --_text: var(--antom-color-text, #f1f5f9);
  --_muted: var(--antom-color-muted, #cbd5e1);
  --_background: var(--antom-color-background, #0f172a);
  --_border: var(--antom-color-border, #94a3b8);
  --_error: var(--antom-color-error, #fca5a5);
  --_focus: var(--antom-color-focus, #8ab4ff);
  --_skeleton: #334155;
`;

/** Styles of `<antom-card-checkout>`. Public knobs are `--antom-*`; private ones are `--_*`. */
export const styles = css`
  :host {
    --_primary: var(--antom-color-primary, #1d4ed8);
    --_on-primary: var(--antom-color-on-primary, #ffffff);
    --_text: var(--antom-color-text, #1f2933);
    --_muted: var(--antom-color-muted, #52606d);
    --_background: var(--antom-color-background, #ffffff);
    --_border: var(--antom-color-border, #8a96a3);
    --_error: var(--antom-color-error, #b42318);
    --_focus: var(--antom-color-focus, #1d4ed8);
    --_radius: var(--antom-radius, 8px);
    --_spacing: var(--antom-spacing, 16px);
    --_font: var(--antom-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_skeleton: #e4e7eb;
    display: block;
    color: var(--_text);
    font-family: var(--_font);
    font-size: 16px;
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none;
  }


  /* One column that never grows past the host: long words wrap instead of pushing parts out. */
  .checkout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_spacing) * 0.75);
    overflow-wrap: anywhere;
  }

  /*
   * The resolved scheme (theme, or the page's color-scheme for auto): a dark checkout paints its own
   * surface, so its light text never lands on whatever the page has behind it.
   */
  .checkout[data-scheme='dark'] {
    ${darkPalette}
    color-scheme: dark;
    background: var(--_background);
    color: var(--_text);
  }

  .frame-area {
    position: relative;
  }

  .frame-area[data-loading] {
    min-height: ${FRAME_HEIGHT_PX}px;
  }

  .frame-area[data-loading][data-consent] {
    min-height: ${FRAME_HEIGHT_PX + CONSENT_ROW_PX}px;
  }

  iframe {
    display: block;
    width: 100%;
    height: ${FRAME_HEIGHT_PX}px;
    border: 0;
    background: transparent;
    color-scheme: normal;
  }

  .frame-area[data-loading] iframe {
    visibility: hidden;
  }

  .skeleton {
    position: absolute;
    inset: 0;
    display: grid;
    grid-template-columns: 1fr 1fr;
    grid-template-rows: repeat(3, ${FRAME_HEIGHT_PX / 3}px);
    gap: 0 12px;
    pointer-events: none;
  }

  .skeleton span {
    align-self: center;
    height: 46px;
    border-radius: var(--_radius);
    background: var(--_skeleton);
    grid-column: 1 / -1;
  }

  .skeleton span.half {
    grid-column: auto;
  }

  @media (prefers-reduced-motion: no-preference) {
    .skeleton span {
      animation: pulse 1.2s ease-in-out infinite alternate;
    }
  }

  @keyframes pulse {
    from {
      opacity: 1;
    }
    to {
      opacity: 0.55;
    }
  }

  .error {
    margin: 0;
    padding: 10px 12px;
    border: 1px solid var(--_error);
    border-radius: var(--_radius);
    color: var(--_error);
    background: transparent;
  }

  .pay {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 8px;
    width: 100%;
    min-height: 48px;
    padding: 0 var(--_spacing);
    border: 2px solid transparent;
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  .pay:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  .pay:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  @media (forced-colors: active) {
    .pay {
      border-color: ButtonText;
    }
    .skeleton span {
      background: GrayText;
    }
    .error {
      border-color: CanvasText;
    }
  }
`;

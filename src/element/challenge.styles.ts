/**
 * Styles of the 3-D Secure dialog of `<antom-card-checkout>`, as plain CSS text with no imports: the
 * element loads them with the first challenge (pages whose buyers are never challenged do not
 * download them) and adopts them as a constructable style sheet, so strict CSPs hold.
 *
 * The bank's page gets 3-D Secure window size 03 (500 x 600) below a one-line bar; on a small screen
 * the dialog takes the whole viewport.
 */
const challengeStyles = `
  .challenge {
    box-sizing: border-box;
    width: min(calc(100vw - 16px), 502px);
    height: min(calc(100vh - 16px), 660px);
    height: min(calc(100dvh - 16px), 660px);
    max-width: none;
    max-height: none;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    background: var(--_background);
    color: var(--_text);
    font-family: var(--_font);
  }

  .challenge[open] {
    display: flex;
    flex-direction: column;
  }

  .challenge::backdrop {
    background: rgb(15 23 42 / 0.6);
  }

  .challenge-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    padding: 6px 6px 6px 16px;
    border-bottom: 1px solid var(--_border);
  }

  .challenge h2 {
    margin: 0;
    font-size: 18px;
    line-height: 1.3;
  }

  /* Focused on opening so screen readers start at the title; it is not a control, so no ring. */
  .challenge h2:focus {
    outline: none;
  }

  .challenge iframe {
    flex: 1 1 auto;
    height: auto;
    min-height: 0;
    background: #ffffff;
  }

  .cancel {
    flex: none;
    min-width: 44px;
    min-height: 44px;
    padding: 0 14px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_text);
    font: inherit;
    cursor: pointer;
  }

  .cancel:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  @media (max-width: 540px) {
    .challenge {
      width: 100vw;
      height: 100vh;
      height: 100dvh;
      border: 0;
      border-radius: 0;
    }
  }

  @media (prefers-reduced-motion: no-preference) {
    .challenge[open] {
      animation: rise 0.18s ease-out;
    }
  }

  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(12px);
    }
  }

  @media (forced-colors: active) {
    .challenge,
    .challenge-bar,
    .cancel {
      border-color: CanvasText;
    }
  }
`;

export default challengeStyles;

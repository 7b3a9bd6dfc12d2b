/**
 * The simulated issuer's pages: server-rendered HTML without script (its CSP allows none), every
 * dynamic value escaped (the merchant name is merchant input). English only: the container passes
 * no locale to the issuer, as a real ACS would pick its own language.
 */
import { formatAmount } from '#shared';
import { BRAND_NAMES } from '#shared';
import { SANDBOX_CHALLENGE_CODE, type ChallengeDisplay } from '../engine/challenges.js';
import { escapeHtml } from '../http/html.js';

/** Path the container posts the `creq` to. */
export const ACS_CHALLENGE_PATH = '/acs/challenge';

/** Path of the issuer's stylesheet. */
export const ACS_CSS_PATH = '/acs/acs.css';

/** Path the code form posts to. */
export const ACS_SUBMIT_PATH = '/acs/challenge/submit';

/** Name of the sandbox's issuing bank, as its page shows it. */
export const ISSUER_NAME = 'Sandbox Bank';

/** What the code form shows. */
export interface CodeFormView {
  /** The ACS transaction id (a hidden field: it names the challenge on submit). */
  acsTransID: string;
  /** Merchant, purpose and card. */
  display: ChallengeDisplay;
  /** Why the last code was refused, if it was. */
  error: 'EMPTY_CODE' | 'WRONG_CODE' | undefined;
  /** Wrong codes the buyer may still type before the bank refuses. */
  attemptsLeft: number;
}

function errorText(view: CodeFormView): string | undefined {
  if (view.error === 'EMPTY_CODE') return 'Enter the 6-digit code we sent you.';
  if (view.error === 'WRONG_CODE') {
    return `That code is not right. You have ${view.attemptsLeft} ${view.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`;
  }
  return undefined;
}

/** What the buyer is asked to confirm: saving the card (no money taken), or a payment of its amount. */
function purposeText(display: ChallengeDisplay): string {
  const merchant = escapeHtml(display.merchantName);
  if (display.purpose === 'VAULT') return `${merchant} wants to save your card. No money will be taken.`;
  const amount = escapeHtml(formatAmount(display.amount.value, display.amount.currency, 'en_US'));
  return `${merchant} asks you to confirm a payment of ${amount}.`;
}

/** The challenge: merchant, what is confirmed (saving the card, or a payment and its amount), the card, and the one-time code form. */
export function codeFormPage(view: CodeFormView): string {
  const { display } = view;
  const merchant = escapeHtml(display.merchantName);
  const brand = escapeHtml(BRAND_NAMES[display.brand]);
  const error = errorText(view);
  const describedBy = error ? 'code-error code-hint' : 'code-hint';
  return layout(
    'Verify it’s you',
    `<h1>Verify it’s you</h1>
<p>${purposeText(display)}</p>
<dl class="facts">
<div><dt>Merchant</dt><dd>${merchant}</dd></div>
<div><dt>Card</dt><dd>${brand} <span aria-hidden="true">••••</span><span class="visually-hidden">ending</span> ${escapeHtml(display.last4)}</dd></div>
</dl>
<form method="post" action="${ACS_SUBMIT_PATH}" novalidate>
<input type="hidden" name="acsTransID" value="${escapeHtml(view.acsTransID)}">
<label for="code">One-time code</label>
${error ? `<p id="code-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" spellcheck="false" aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ''}>
<p id="code-hint" class="hint">Sandbox: the code is <strong>${SANDBOX_CHALLENGE_CODE}</strong>.</p>
<div class="actions">
<button type="submit" name="action" value="verify">Verify</button>
<button type="submit" name="action" value="cancel" class="secondary">Cancel</button>
</div>
</form>`,
  );
}

/**
 * A page that explains why there is nothing to verify (bad request, unknown or closed challenge),
 * with a link back to the shop when the buyer came by a full-page redirect.
 */
export function messagePage(title: string, text: string, returnUrl?: string): string {
  const back = returnUrl === undefined ? '' : `\n<p><a href="${escapeHtml(returnUrl)}">Return to the shop</a></p>`;
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>${back}`);
}

function layout(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · ${ISSUER_NAME}</title>
<link rel="stylesheet" href="${ACS_CSS_PATH}">
</head>
<body>
<header><p class="bank">${ISSUER_NAME}</p></header>
<main>
${main}
</main>
</body>
</html>
`;
}

/** The issuer's stylesheet: readable at 320 px and in the 500x600 challenge window, visible focus, forced colours. */
export const ACS_CSS = `:root {
  color-scheme: light;
  --ink: #1a1a2e;
  --muted: #4a4a5e;
  --accent: #0b5cad;
  --error: #b00020;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 16px;
  line-height: 1.5;
  color: var(--ink);
  background: #fff;
}
* { box-sizing: border-box; }
body { margin: 0; }
header { background: var(--accent); color: #fff; padding: 8px 16px; }
.bank { margin: 0; font-weight: 700; }
main { max-width: 30rem; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.375rem; margin: 0 0 8px; }
p { margin: 0 0 12px; }
.facts { margin: 0 0 16px; display: grid; gap: 4px; }
.facts div { display: flex; flex-wrap: wrap; gap: 0 8px; }
.facts dt { color: var(--muted); min-width: 6rem; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
label { display: block; font-weight: 600; margin-bottom: 4px; }
input {
  display: block;
  width: 100%;
  max-width: 16rem;
  font: inherit;
  font-size: 16px;
  letter-spacing: 0.15em;
  padding: 10px 12px;
  border: 2px solid var(--muted);
  border-radius: 6px;
  color: var(--ink);
  background: #fff;
}
input[aria-invalid="true"] { border-color: var(--error); }
.error { color: var(--error); font-weight: 600; margin: 0 0 4px; }
.hint { color: var(--muted); margin-top: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
button {
  font: inherit;
  font-size: 16px;
  min-height: 44px;
  padding: 8px 20px;
  border-radius: 6px;
  border: 2px solid var(--accent);
  background: var(--accent);
  color: #fff;
  cursor: pointer;
}
button.secondary { background: #fff; color: var(--accent); }
input:focus-visible, button:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
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
  button, input { border-color: ButtonText; }
  input:focus-visible, button:focus-visible { outline-color: Highlight; }
}
`;

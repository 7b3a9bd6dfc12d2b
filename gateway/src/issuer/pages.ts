/**
 * The simulated issuer's pages: server-rendered HTML without script (its CSP allows none), every
 * dynamic value escaped (the merchant name is merchant input). The code form speaks the browser's
 * language (`Accept-Language`), as a real ACS picks its own; the refusal pages, which explain a
 * broken request rather than ask the buyer anything, stay English.
 */
import { direction, formatAmount, ISSUER_MESSAGES, toBcp47, type SupportedLocale } from '#shared';
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
  /** The language of the page (the browser's first supported one). */
  locale: SupportedLocale;
}

/** `text` with each `{name}` replaced by `values[name]`; the caller escapes both. */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

function errorText(view: CodeFormView): string | undefined {
  const texts = ISSUER_MESSAGES[view.locale];
  if (view.error === 'EMPTY_CODE') return texts.emptyCode;
  if (view.error === 'WRONG_CODE') {
    return view.attemptsLeft === 1 ? texts.wrongCodeLast : fill(texts.wrongCode, { n: String(view.attemptsLeft) });
  }
  return undefined;
}

/** What the buyer is asked to confirm (escaped HTML): saving the card (no money taken), or a payment of its amount. */
function purposeText(display: ChallengeDisplay, locale: SupportedLocale): string {
  const texts = ISSUER_MESSAGES[locale];
  const merchant = display.merchantName;
  if (display.purpose === 'VAULT') return escapeHtml(fill(texts.vault, { merchant }));
  const amount = formatAmount(display.amount.value, display.amount.currency, locale);
  return escapeHtml(fill(texts.payment, { merchant, amount }));
}

/** The challenge: merchant, what is confirmed (saving the card, or a payment and its amount), the card, and the one-time code form. */
export function codeFormPage(view: CodeFormView): string {
  const { display, locale } = view;
  const texts = ISSUER_MESSAGES[locale];
  const merchant = escapeHtml(display.merchantName);
  const brand = escapeHtml(BRAND_NAMES[display.brand]);
  const error = errorText(view);
  const describedBy = error ? 'code-error code-hint' : 'code-hint';
  const [hintBefore = '', hintAfter = ''] = texts.hint.split('{code}');
  return layout(
    texts.title,
    `<h1>${escapeHtml(texts.title)}</h1>
<p>${purposeText(display, locale)}</p>
<dl class="facts">
<div><dt>${escapeHtml(texts.merchant)}</dt><dd>${merchant}</dd></div>
<div><dt>${escapeHtml(texts.card)}</dt><dd dir="ltr">${brand} <span aria-hidden="true">••••</span><span class="visually-hidden">${escapeHtml(texts.ending)}</span> ${escapeHtml(display.last4)}</dd></div>
</dl>
<form method="post" action="${ACS_SUBMIT_PATH}" novalidate>
<input type="hidden" name="acsTransID" value="${escapeHtml(view.acsTransID)}">
<label for="code">${escapeHtml(texts.code)}</label>
${error ? `<p id="code-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" spellcheck="false" dir="ltr" aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ''}>
<p id="code-hint" class="hint">${escapeHtml(hintBefore)}<strong>${SANDBOX_CHALLENGE_CODE}</strong>${escapeHtml(hintAfter)}</p>
<div class="actions">
<button type="submit" name="action" value="verify">${escapeHtml(texts.verify)}</button>
<button type="submit" name="action" value="cancel" class="secondary">${escapeHtml(texts.cancel)}</button>
</div>
</form>`,
    locale,
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

/** The page around `main`; without a locale, the English of the refusal pages. */
function layout(title: string, main: string, locale?: SupportedLocale): string {
  const language = locale ? `lang="${toBcp47(locale)}" dir="${direction(locale)}"` : 'lang="en"';
  return `<!doctype html>
<html ${language}>
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

// Demo checkout page logic. Runs under a strict CSP (no inline code) and writes text only,
// through textContent. The shop's server, not this page, decides an order's fate: the outcome
// shown here after authorization is re-read from /api/orders.
import { formatMoney, minorUnits } from '/money.js';
import { renderOutcome, walletCards } from '/shared.js';

const element = document.getElementById('card-checkout');
const form = document.getElementById('order-options');
const amountInput = document.getElementById('amount');
const savedCardCvc = document.getElementById('saved-card-cvc');
const threeDS = document.getElementById('three-ds');
const paymentSection = document.getElementById('payment');
const amountError = document.getElementById('amount-error');
const outcome = document.getElementById('outcome');
const subtotal = document.getElementById('subtotal');
const total = document.getElementById('total');
const copyStatus = document.getElementById('copy-status');

const CURRENCY = 'USD';
const ELEMENT_TIMEOUT_MS = 8000;
const CONFIRM_ATTEMPTS = 10;
const CONFIRM_INTERVAL_MS = 600;

// What the server uses when the element posts no body; the element's first load uses it.
const DEFAULT_REQUEST = {
  amount: { currency: CURRENCY, value: '2500' },
  captureMode: 'AUTOMATIC',
  savedCardCvc: false,
  threeDS: false,
};

const BRAND_NAMES = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  UNIONPAY: 'UnionPay',
  // The shop's server reports Antom's spelling, CUP; the element its own, UNIONPAY.
  CUP: 'UnionPay',
  JCB: 'JCB',
  DINERS: 'Diners Club',
  DISCOVER: 'Discover',
};

let applied = JSON.stringify(DEFAULT_REQUEST);
let confirmRun = 0;
/** Shown with the next "ready" (e.g. after a saved card was removed and the checkout reloaded). */
let notice = null;
/** Ids of the wallet's cards when the checkout became ready, to tell a newly saved card. */
let walletBefore = null;

function cardName(brand, last4) {
  return `${BRAND_NAMES[brand] ?? brand ?? 'Card'} ending ${last4}`;
}

/** Parses "25", "25.5" or "25.50" into the currency's minor units as a string, or null. */
function toMinorUnits(text) {
  const digits = minorUnits(CURRENCY);
  const fraction = digits === 0 ? '' : `(?:\\.(\\d{1,${digits}}))?`;
  const match = new RegExp(`^\\s*\\$?\\s*(\\d{1,9})${fraction}\\s*$`).exec(text);
  if (!match) return null;
  const minor = Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || '0');
  return minor > 0 ? String(minor) : null;
}

function readRequest() {
  const value = toMinorUnits(amountInput.value);
  if (value === null) return null;
  const captureMode = form.elements.namedItem('captureMode').value === 'MANUAL' ? 'MANUAL' : 'AUTOMATIC';
  return {
    amount: { currency: CURRENCY, value },
    captureMode,
    savedCardCvc: savedCardCvc.checked,
    threeDS: threeDS.checked,
  };
}

function showAmountError(message) {
  amountError.textContent = message;
  amountError.hidden = message === '';
  if (message) amountInput.setAttribute('aria-invalid', 'true');
  else amountInput.removeAttribute('aria-invalid');
}

/** Replaces the outcome panel's content with a title and optional detail lines. */
function showOutcome(tone, title, lines = []) {
  renderOutcome(outcome, tone, title, lines);
}

function appendOutcomeLine(text) {
  const p = document.createElement('p');
  p.className = 'outcome-detail';
  p.textContent = text;
  outcome.append(p);
}

function applyOrder() {
  const request = readRequest();
  if (request === null) {
    showAmountError('Enter an amount of at least $0.01, such as 25.00.');
    return;
  }
  showAmountError('');
  const formatted = formatMoney(request.amount);
  subtotal.textContent = formatted;
  total.textContent = formatted;
  const serialized = JSON.stringify(request);
  if (serialized === applied || !customElements.get('antom-card-checkout')) return;
  applied = serialized;
  confirmRun += 1;
  showOutcome('neutral', 'Updating the order…');
  // A new sessionRequest makes the element fetch a new session by itself (as does the CVC choice,
  // which for Antom's own form is the element's).
  element.sessionRequest = request;
  element.savedCardCvc = request.savedCardCvc;
}

/** Tells the buyer when the payment saved their card (the token reached the shop by notification). */
async function reportSavedCard(run) {
  if (walletBefore === null) return;
  const cards = await walletCards();
  if (run !== confirmRun || cards === null) return;
  const added = cards.find((card) => !walletBefore.has(card.id));
  if (added) {
    appendOutcomeLine(`${cardName(added.brand, added.last4)} is saved: your next checkout offers it (see My cards).`);
  }
}

/** Polls the shop's own order list (bounded) until Antom's notification has reached the server. */
async function confirmWithServer(paymentId) {
  const run = ++confirmRun;
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, CONFIRM_INTERVAL_MS));
    if (run !== confirmRun) return;
    let orders;
    try {
      const response = await fetch('/api/orders', { headers: { Accept: 'application/json' } });
      if (!response.ok) continue;
      orders = await response.json();
    } catch {
      continue;
    }
    const order = Array.isArray(orders) ? orders.find((o) => o && o.paymentId === paymentId) : undefined;
    if (order && order.status !== 'CREATED' && order.status !== 'PROCESSING') {
      if (run !== confirmRun) return;
      appendOutcomeLine(`Shop server: order ${order.id} is ${order.status} (from Antom's signed notification).`);
      if (order.captureMode === 'MANUAL' && order.status === 'AUTHORIZED') {
        appendOutcomeLine('Manual capture: capture or cancel it in the orders console.');
      }
      await reportSavedCard(run);
      return;
    }
  }
  if (run === confirmRun) appendOutcomeLine('Shop server: no notification yet. The order updates when it arrives.');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  applyOrder();
});
amountInput.addEventListener('change', applyOrder);
savedCardCvc.addEventListener('change', applyOrder);
threeDS.addEventListener('change', applyOrder);
for (const radio of form.querySelectorAll('input[name="captureMode"]')) radio.addEventListener('change', applyOrder);

element.addEventListener('antom-ready', async () => {
  const shown = notice;
  notice = null;
  const cards = await walletCards();
  walletBefore = cards === null ? null : new Set(cards.map((card) => card.id));
  // The buyer may already be paying: never overwrite a newer outcome.
  if (element.state?.status !== 'ready') return;
  const ready = cards?.length
    ? 'Ready. Pay with a saved card or use a new one.'
    : 'Ready. Enter the card details and pay.';
  if (shown) showOutcome('success', shown, [ready]);
  else showOutcome('neutral', ready);
});

// The element only asks: the shop's server maps the position in the list it sent for this session
// to the card token, deletes it at Antom and drops it from the wallet; the page never sees tokens.
element.addEventListener('antom-remove-card', async (event) => {
  const { paymentSessionId, index, brand, last4 } = event.detail;
  const name = cardName(brand, last4);
  showOutcome('neutral', `Removing ${name}…`);
  let answer = null;
  try {
    const response = await fetch('/api/wallet/remove', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ paymentSessionId, index }),
    });
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!answer || answer.ok !== true) {
    showOutcome('error', `${name} was not removed.`, [
      answer?.error?.message ?? 'The shop did not answer. Try again.',
      `Code: ${answer?.error?.code ?? 'NETWORK_ERROR'}`,
    ]);
    return;
  }
  notice = `${name} removed.`;
  confirmRun += 1;
  // The remove button goes away with the list: keep keyboard focus in the payment section.
  paymentSection.focus();
  await element.reload();
});

element.addEventListener('antom-authorized', (event) => {
  const { paymentId, brand, last4, expiryMonth, expiryYear } = event.detail;
  const card = [
    brand ?? 'Card',
    last4 ? `ending ${last4}` : '',
    expiryMonth && expiryYear ? `expires ${expiryMonth}/${expiryYear}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  showOutcome('success', 'Payment authorized.', [card, `Payment id: ${paymentId}`]);
  void confirmWithServer(paymentId);
});

element.addEventListener('antom-failed', (event) => {
  const { resultCode, message, paymentId } = event.detail;
  showOutcome('error', 'Payment declined.', [
    message || 'The card was not accepted.',
    `Result code: ${resultCode}`,
    ...(paymentId ? [`Payment id: ${paymentId}`] : []),
  ]);
});

element.addEventListener('antom-challenge', () => {
  showOutcome('neutral', 'Your bank is asking you to confirm it is you.', [
    'Enter the code in the bank’s window (sandbox code: 123456).',
  ]);
});

element.addEventListener('antom-cancel', () => {
  showOutcome('neutral', 'Verification cancelled. Nothing was charged.', ['Select Pay to try again.']);
});

element.addEventListener('antom-processing', (event) => {
  const { resultCode, paymentId } = event.detail ?? {};
  showOutcome('neutral', 'Payment is processing.', [
    `Result code: ${resultCode ?? 'PAYMENT_IN_PROCESS'}`,
    'The shop updates the order when Antom notifies it.',
    ...(paymentId ? [`Payment id: ${paymentId}`] : []),
  ]);
  if (paymentId) void confirmWithServer(paymentId);
});

element.addEventListener('antom-error', async (event) => {
  const { reason, message } = event.detail;
  const lines = [message || 'Please try again.', `Reason: ${reason}`];
  if (!event.detail.recoverable) applied = '';
  if (reason === 'SESSION_HTTP_ERROR') {
    // A refused session's body does not reach the page: the shop says whether its limit was the cause.
    const limit = await fetch('/api/checkout/limit', { headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    if (limit?.limited === true && typeof limit.message === 'string') lines.push(limit.message);
    else
      lines.push(
        'The shop could not open a payment session. If a saved card is no longer valid, remove it on My cards.',
      );
  }
  if (!event.detail.recoverable) lines.push('Select “Update order” to try again.');
  showOutcome('error', 'The checkout hit a problem.', lines);
});

element.addEventListener('antom-session-expired', () => {
  showOutcome('error', 'The payment session expired.', ['Select “Update order” to start a new one.']);
  applied = '';
});

for (const button of document.querySelectorAll('.copy-button')) {
  button.addEventListener('click', async () => {
    const item = button.closest('.test-card');
    const digits = item?.querySelector('.test-card-number')?.textContent?.replace(/\D/g, '') ?? '';
    const label = item?.querySelector('.test-card-label')?.textContent ?? 'Card';
    try {
      await navigator.clipboard.writeText(digits);
      copyStatus.textContent = `${label} number copied.`;
      button.textContent = 'Copied';
      setTimeout(() => {
        button.textContent = 'Copy';
      }, 2000);
    } catch {
      copyStatus.textContent = 'Copying is blocked here; select the number instead.';
    }
  });
}

const defined = customElements.whenDefined('antom-card-checkout');
const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), ELEMENT_TIMEOUT_MS));
Promise.race([defined, timeout]).then((result) => {
  if (result === 'timeout') {
    showOutcome('error', 'The checkout could not load.', [
      'The element bundle /assets/antom-card-checkout.js is missing. Run "npm run build" and reload.',
    ]);
    return;
  }
  if (element.state?.status === 'ready') showOutcome('neutral', 'Ready. Enter the card details and pay.');
  // The browser may have restored form values the element's first load did not use.
  applyOrder();
});

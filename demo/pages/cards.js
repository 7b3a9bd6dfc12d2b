// "My cards" page logic. Runs under a strict CSP (no inline code) and writes text only, through
// textContent. The list comes from the shop's server, which holds the card tokens; this page sees
// display facts (brand, last four, expiry) and the wallet's own card ids, never a token.
import { renderOutcome, walletCards } from '/shared.js';

const list = document.getElementById('wallet-list');
const empty = document.getElementById('wallet-empty');
const loading = document.getElementById('wallet-loading');
const walletStatus = document.getElementById('wallet-status');
const walletTitle = document.getElementById('wallet-title');
const element = document.getElementById('vault-checkout');
const addStatus = document.getElementById('add-status');
const addAnother = document.getElementById('add-another');
const verify = document.getElementById('verify-3ds');

// The bank's 3-D Secure check is on unless the address says `?verify=off` (handy for a quick try).
verify.checked = new URLSearchParams(location.search).get('verify') !== 'off';
element.sessionRequest = { is3DSAuthentication: verify.checked };
verify.addEventListener('change', () => {
  addAnother.hidden = true;
  savedRun += 1;
  setStatus(addStatus, 'neutral', 'Loading the secure card form…');
  // A new sessionRequest makes the element fetch a new vaulting session by itself.
  element.sessionRequest = { is3DSAuthentication: verify.checked };
});

const ELEMENT_TIMEOUT_MS = 8000;
const SAVED_ATTEMPTS = 20;
const SAVED_INTERVAL_MS = 300;

// Short logo text and display name of each brand, as the checkout's saved-card list writes them.
const BRANDS = {
  VISA: ['VISA', 'Visa'],
  MASTERCARD: ['MC', 'Mastercard'],
  AMEX: ['AMEX', 'American Express'],
  UNIONPAY: ['UP', 'UnionPay'],
  // The shop's server reports Antom's spelling, CUP; the element its own, UNIONPAY.
  CUP: ['UP', 'UnionPay'],
  JCB: ['JCB', 'JCB'],
  DINERS: ['DC', 'Diners Club'],
  DISCOVER: ['DISC', 'Discover'],
  MAESTRO: ['MAES', 'Maestro'],
  CARTES_BANCAIRES: ['CB', 'Cartes Bancaires'],
};

/** The ids of the cards listed now. */
let shown = new Set();
let savedRun = 0;

function brandOf(brand) {
  return BRANDS[brand] ?? [String(brand ?? 'CARD').slice(0, 4), String(brand ?? 'Card')];
}

function cardName(card) {
  return `${brandOf(card.brand)[1]} ending ${card.last4}`;
}

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

function setStatus(target, tone, title, lines = []) {
  if (target === walletStatus) {
    target.dataset.tone = tone;
    target.textContent = [title, ...lines].join(' ');
    return;
  }
  renderOutcome(target, tone, title, lines);
}

function cardRow(card) {
  const item = document.createElement('li');
  item.className = 'wallet-card';
  item.dataset.cardId = card.id;
  if (card.expired) item.dataset.expired = '';

  const [short, name] = brandOf(card.brand);
  const logo = span('brand-logo', short);
  logo.dataset.brand = card.brand;
  logo.setAttribute('aria-hidden', 'true');

  const label = span('card-name', '');
  const visible = span('', `${name} •••• ${card.last4}`);
  visible.setAttribute('aria-hidden', 'true');
  label.append(visible, span('visually-hidden', cardName(card)));

  const date = `${card.expiryMonth}/${card.expiryYear}`;
  const expiry = span('card-expiry', card.expired ? `Expired ${date}` : `Expires ${date}`);

  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'button-secondary remove-card';
  remove.textContent = 'Remove';
  remove.setAttribute('aria-label', `Remove ${cardName(card)}`);
  remove.addEventListener('click', () => void removeCard(card, remove));

  item.append(logo, label, expiry, remove);
  return item;
}

function render(cards) {
  list.replaceChildren(...cards.map(cardRow));
  list.hidden = cards.length === 0;
  empty.hidden = cards.length > 0;
  loading.hidden = true;
  shown = new Set(cards.map((card) => card.id));
}

async function refresh() {
  const cards = await walletCards();
  if (cards === null) {
    loading.hidden = true;
    setStatus(walletStatus, 'error', 'Your cards could not be loaded.', ['Reload the page to try again.']);
    return null;
  }
  render(cards);
  return cards;
}

/** Where focus goes when a row goes away: the next row's button, else the previous one, else the heading. */
function focusAfterRemoval(cardId) {
  const rows = [...list.querySelectorAll('.wallet-card')];
  const index = rows.findIndex((row) => row.dataset.cardId === cardId);
  return () => {
    const remaining = [...list.querySelectorAll('.remove-card')];
    const target = remaining[Math.min(Math.max(index, 0), remaining.length - 1)];
    (target ?? walletTitle).focus();
  };
}

async function removeCard(card, button) {
  button.disabled = true;
  setStatus(walletStatus, 'neutral', `Removing ${cardName(card)}…`);
  const restoreFocus = focusAfterRemoval(card.id);
  let answer = null;
  try {
    const response = await fetch(`/api/wallet/cards/${encodeURIComponent(card.id)}/remove`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!answer || answer.ok !== true || !Array.isArray(answer.cards)) {
    button.disabled = false;
    setStatus(walletStatus, 'error', `${cardName(card)} was not removed.`, [
      answer?.error?.message ?? 'The shop did not answer. Try again.',
      `Code: ${answer?.error?.code ?? 'NETWORK_ERROR'}.`,
    ]);
    return;
  }
  render(answer.cards);
  restoreFocus();
  setStatus(walletStatus, 'success', `${cardName(card)} removed.`);
}

/** Polls the wallet (bounded) until the card the bank just confirmed arrives by notification. */
async function waitForSavedCard(detail) {
  const run = ++savedRun;
  const before = new Set(shown);
  for (let attempt = 0; attempt < SAVED_ATTEMPTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, SAVED_INTERVAL_MS));
    if (run !== savedRun) return;
    const cards = await walletCards();
    if (cards === null) continue;
    const added = cards.find((card) => !before.has(card.id) && card.last4 === detail.last4);
    if (added) {
      render(cards);
      setStatus(addStatus, 'success', `${cardName(added)} is in your cards.`, ['Your next checkout offers it.']);
      addAnother.hidden = false;
      return;
    }
  }
  if (run !== savedRun) return;
  setStatus(addStatus, 'neutral', 'The bank confirmed the card.', [
    'It shows up in your list once the payment service notifies the shop. Reload the page in a moment.',
  ]);
  addAnother.hidden = false;
}

element.addEventListener('antom-ready', () => {
  setStatus(addStatus, 'neutral', 'Ready. Enter the card details and select “Save card”.');
});

element.addEventListener('antom-card-saved', (event) => {
  const detail = event.detail;
  const name = cardName({ brand: detail.brand, last4: detail.last4 ?? '' });
  setStatus(addStatus, 'neutral', `${name} confirmed by the bank.`, ['Adding it to your list…']);
  void waitForSavedCard(detail);
});

element.addEventListener('antom-challenge', () => {
  setStatus(addStatus, 'neutral', 'Your bank is asking you to confirm it is you.', [
    'Enter the code in the bank’s window (sandbox code: 123456).',
  ]);
});

element.addEventListener('antom-cancel', () => {
  setStatus(addStatus, 'neutral', 'Verification cancelled. The card was not saved.', [
    'Select “Save card” to try again.',
  ]);
});

element.addEventListener('antom-failed', (event) => {
  const { resultCode, message } = event.detail;
  setStatus(addStatus, 'error', 'The card was not saved.', [
    message || 'The bank did not accept the card.',
    `Result code: ${resultCode}`,
  ]);
});

element.addEventListener('antom-error', (event) => {
  const { reason, message, recoverable } = event.detail;
  setStatus(addStatus, 'error', 'The card form hit a problem.', [message || 'Please try again.', `Reason: ${reason}`]);
  if (!recoverable) addAnother.hidden = false;
});

element.addEventListener('antom-session-expired', () => {
  setStatus(addStatus, 'error', 'The card form expired.', ['Select “Add another card” to start again.']);
  addAnother.hidden = false;
});

addAnother.addEventListener('click', () => {
  addAnother.hidden = true;
  savedRun += 1;
  setStatus(addStatus, 'neutral', 'Loading the secure card form…');
  document.getElementById('add-card').focus();
  void element.reload();
});

void refresh();

const defined = customElements.whenDefined('antom-card-checkout');
const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), ELEMENT_TIMEOUT_MS));
Promise.race([defined, timeout]).then((result) => {
  if (result === 'timeout') {
    setStatus(addStatus, 'error', 'The card form could not load.', [
      'The element bundle /assets/antom-card-checkout.js is missing. Run "npm run build" and reload.',
    ]);
    return;
  }
  if (element.state?.status === 'ready') {
    setStatus(addStatus, 'neutral', 'Ready. Enter the card details and select “Save card”.');
  }
});

// Shows an order as the shop's server knows it (after a redirect back from a 3DS challenge).
// Text only; the status comes from the server, which learned it from Antom, never from the URL.
import { formatMoney } from '/money.js';
// While the order waits for Antom's notification, the page asks the server again for a while.

const status = document.getElementById('order-status');
const refresh = document.getElementById('refresh');
const orderId = new URLSearchParams(location.search).get('order') ?? '';

const TONES = { AUTHORIZED: 'success', CAPTURED: 'success', REFUNDED: 'neutral', FAILED: 'error', CANCELLED: 'error' };
const WAITING = new Set(['CREATED', 'PROCESSING']);
const POLL_MS = 1000;
const POLLS = 30;
let polls = 0;

function show(tone, title, lines) {
  status.dataset.tone = tone;
  const heading = document.createElement('p');
  heading.className = 'outcome-title';
  heading.textContent = title;
  status.replaceChildren(
    heading,
    ...lines.map((line) => {
      const p = document.createElement('p');
      p.className = 'outcome-detail';
      p.textContent = line;
      return p;
    }),
  );
}

function render(order) {
  const lines = [`Amount: ${formatMoney(order.amount)}`, `Order id: ${order.id}`];
  if (order.card) lines.push(`Card: ${order.card.brand} ending ${order.card.last4}`);
  if (order.failure) lines.push(`Reason: ${order.failure.code}`);
  if (WAITING.has(order.status)) lines.push("Waiting for Antom's notification…");
  show(TONES[order.status] ?? 'neutral', `Status: ${order.status}`, lines);
  if (WAITING.has(order.status) && polls < POLLS) {
    polls += 1;
    setTimeout(() => void load('GET'), POLL_MS);
  }
}

async function load(method) {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(orderId)) {
    show('error', 'No order to show.', ['The link has no valid order id.']);
    refresh.hidden = true;
    return;
  }
  const url = method === 'POST' ? `/api/orders/${orderId}/inquiry` : `/api/orders/${orderId}`;
  try {
    const response = await fetch(url, { method, headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) {
      show('error', 'The order could not be read.', [body?.error?.message ?? `HTTP ${response.status}`]);
      return;
    }
    render(body);
  } catch {
    show('error', 'The shop server did not answer.', ['Check your connection and try again.']);
  }
}

refresh.addEventListener('click', () => void load('POST'));
void load('GET');

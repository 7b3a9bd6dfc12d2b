// Orders console. Runs under the shop's strict CSP (no inline code) and writes text only, through
// textContent. It shows what the shop's server knows (GET /api/orders) and asks the server to
// capture, cancel or refund; the server calls Antom and answers with Antom's result, shown verbatim.
// Rows are updated in place, so a poll never moves keyboard focus.
import { formatMoney, minorUnits } from '/money.js';

const body = document.getElementById('orders-body');
const empty = document.getElementById('empty');
const withoutPayment = document.getElementById('without-payment');
const updated = document.getElementById('updated');
const refreshButton = document.getElementById('refresh');
const actionResult = document.getElementById('action-result');
const statusUpdates = document.getElementById('status-updates');
const dialog = document.getElementById('action-dialog');
const form = document.getElementById('action-form');
const dialogTitle = document.getElementById('dialog-title');
const dialogSummary = document.getElementById('dialog-summary');
const amountField = document.getElementById('amount-field');
const amountLabel = document.getElementById('action-amount-label');
const amountInput = document.getElementById('action-amount');
const amountHint = document.getElementById('action-amount-hint');
const amountError = document.getElementById('action-amount-error');
const reasonField = document.getElementById('reason-field');
const reasonInput = document.getElementById('action-reason');
const confirmButton = document.getElementById('dialog-confirm');
const closeButton = document.getElementById('dialog-close');

const POLL_MS = 2000;
const ACTIONS = {
  capture: { label: 'Capture', verb: 'capture', title: 'Capture', confirm: 'Capture' },
  cancel: { label: 'Cancel', verb: 'cancel', title: 'Cancel the payment of', confirm: 'Cancel the payment' },
  refund: { label: 'Refund', verb: 'refund', title: 'Refund', confirm: 'Refund' },
};

/** Order id -> { row, cells, buttons }. */
const rows = new Map();
/** Last known status per order, to announce changes. */
const statuses = new Map();
/** Orders with a request on its way. */
const busy = new Set();
let orders = [];
let dialogState = null;
let pollTimer = 0;
let loading = false;

const digitsOf = minorUnits;

function formatAmount(amount) {
  return amount ? formatMoney(amount) : '—';
}

function minus(a, b) {
  if (!b) return BigInt(a.value);
  return BigInt(a.value) - BigInt(b.value);
}

/** "25", "25.5" or "25.50" into minor units as a string, or null. */
function toMinorUnits(text, currency) {
  const digits = digitsOf(currency);
  const pattern = digits === 0 ? /^\s*(\d{1,12})\s*$/ : new RegExp(`^\\s*(\\d{1,12})(?:\\.(\\d{1,${digits}}))?\\s*$`);
  const match = pattern.exec(text.replace(/,/g, ''));
  if (!match) return null;
  const minor = BigInt(match[1]) * 10n ** BigInt(digits) + BigInt((match[2] ?? '').padEnd(digits, '0') || '0');
  return minor > 0n ? minor.toString() : null;
}

function toMajor(value, currency) {
  const digits = digitsOf(currency);
  if (digits === 0) return value;
  const padded = value.padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC'
  );
}

function text(tag, value, className) {
  const node = document.createElement(tag);
  node.textContent = value;
  if (className) node.className = className;
  return node;
}

function announce(tone, title, lines) {
  actionResult.dataset.tone = tone;
  // Counts announcements, so two identical ones in a row can still be told apart.
  actionResult.dataset.announcements = String(Number(actionResult.dataset.announcements ?? '0') + 1);
  actionResult.replaceChildren(
    text('p', title, 'outcome-title'),
    ...lines.map((line) => text('p', line, 'outcome-detail')),
  );
}

function createRow(order) {
  const row = document.createElement('tr');
  row.dataset.orderId = order.id;
  const header = document.createElement('th');
  header.scope = 'row';
  const cells = { order: header };
  row.append(header);
  for (const name of [
    'amount',
    'status',
    'captureMode',
    'card',
    'acquirer',
    'authExpiry',
    'notifications',
    'lastAction',
  ]) {
    const cell = document.createElement('td');
    cell.dataset.cell = name;
    cells[name] = cell;
    row.append(cell);
  }
  header.dataset.cell = 'order';
  const actionsCell = document.createElement('td');
  actionsCell.dataset.cell = 'actions';
  const group = document.createElement('div');
  group.className = 'row-actions';
  const buttons = {};
  for (const [key, action] of Object.entries(ACTIONS)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `button-small action-${key}`;
    button.textContent = action.label;
    button.setAttribute('aria-label', `${action.label} order ${order.id}`);
    button.dataset.action = key;
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') === 'true') {
        announce('neutral', `${action.label} is no longer available for order ${order.id}.`, []);
        return;
      }
      openDialog(key, order.id, button);
    });
    group.append(button);
    buttons[key] = button;
  }
  actionsCell.append(group);
  row.append(actionsCell);
  const entry = { row, cells, buttons };
  rows.set(order.id, entry);
  return entry;
}

function setText(cell, value) {
  if (cell.textContent !== value) cell.textContent = value;
}

function renderNotifications(cell, history) {
  const key = JSON.stringify(history.map((e) => [e.type, e.resultCode, e.outcome, e.deliveries]));
  if (cell.dataset.key === key) return;
  cell.dataset.key = key;
  if (history.length === 0) {
    cell.replaceChildren(text('span', 'none yet', 'muted'));
    return;
  }
  const list = document.createElement('ol');
  list.className = 'history';
  for (const event of history) {
    const repeats = event.deliveries > 1 ? ` · received ${event.deliveries}×` : '';
    const line =
      event.source === 'INQUIRY'
        ? `Inquiry by the shop: ${event.summary} (${event.outcome})`
        : `${event.type} ${event.resultCode}: ${event.summary} (${event.outcome})${repeats}`;
    const item = text('li', line);
    item.dataset.outcome = event.outcome;
    list.append(item);
  }
  cell.replaceChildren(list);
}

function kindName(kind) {
  return `${kind.charAt(0)}${kind.slice(1).toLowerCase()}`;
}

/** What the last call did. A call Antom took in process is settled by its notification: succeeded or failed. */
function lastActionText(order) {
  const action = order.actions.at(-1);
  if (!action) return '—';
  const what = kindName(action.kind);
  if (action.state === 'IN_FLIGHT') return `${what}: waiting for Antom`;
  const message = action.resultMessage ? ` (${action.resultMessage})` : '';
  if (action.state === 'PROCESSING')
    return `${what} in process: ${action.resultCode}${message}; waiting for Antom's notification`;
  const notified = action.settledBy === 'NOTIFICATION';
  const state =
    action.state === 'SUCCEEDED'
      ? notified
        ? 'succeeded'
        : 'accepted'
      : action.state === 'FAILED'
        ? notified
          ? 'failed'
          : 'refused'
        : 'outcome unknown';
  return `${what} ${state}: ${action.resultCode}${message}`;
}

/** "capture in process" while Antom processes a call of the order, else ''. */
function pendingText(order) {
  const pending = order.actions.findLast((action) => action.state === 'PROCESSING');
  return pending ? `${pending.kind.toLowerCase()} in process` : '';
}

function updateRow(entry, order) {
  const { cells, buttons } = entry;
  setText(cells.order, order.id);
  setText(cells.amount, formatAmount(order.amount));
  const status = cells.status.firstElementChild ?? cells.status.appendChild(document.createElement('span'));
  status.className = 'status';
  status.dataset.status = order.status;
  setText(status, order.status.replace('_', ' '));
  const note = status.nextElementSibling ?? cells.status.appendChild(text('span', '', 'status-note'));
  setText(note, pendingText(order));
  note.hidden = note.textContent === '';
  setText(cells.captureMode, order.captureMode === 'MANUAL' ? 'Manual' : 'Automatic');
  setText(cells.card, order.card ? `${order.card.brand} ending ${order.card.last4}` : '—');
  setText(cells.acquirer, order.acquirer ?? '—');
  setText(cells.authExpiry, order.status === 'AUTHORIZED' ? formatTime(order.authExpiryTime) : '—');
  renderNotifications(cells.notifications, order.history);
  setText(cells.lastAction, lastActionText(order));
  cells.lastAction.dataset.state = order.actions.at(-1)?.state ?? '';
  // Only what the order's state and the merchant's settings allow (the server's `allowedActions`):
  // no capture or refund of a failed order, no cancel once captured.
  const allowed = Array.isArray(order.allowedActions) ? order.allowedActions : [];
  for (const [key, button] of Object.entries(buttons)) {
    if (allowed.includes(key.toUpperCase())) {
      button.hidden = false;
      button.removeAttribute('aria-disabled');
    } else if (document.activeElement === button) {
      // Hiding the focused button would lose a keyboard user's place: it says it is unavailable,
      // and goes at the first update after focus has moved on (not on blur itself: the buttons after
      // it would jump under a pointer in the middle of a click).
      button.setAttribute('aria-disabled', 'true');
    } else {
      button.hidden = true;
    }
  }
}

function render() {
  const seen = new Set();
  let previous = null;
  for (const order of orders) {
    seen.add(order.id);
    const entry = rows.get(order.id) ?? createRow(order);
    updateRow(entry, order);
    const wanted = previous ? previous.nextSibling : body.firstChild;
    if (wanted !== entry.row) body.insertBefore(entry.row, wanted);
    previous = entry.row;
    const before = statuses.get(order.id);
    if (before && before !== order.status) {
      const cause = order.history.findLast((event) => event.outcome === 'applied');
      const by = cause ? ` (${cause.source === 'INQUIRY' ? 'inquiry' : `${cause.type} notification`})` : '';
      statusUpdates.textContent = `Order ${order.id} is now ${order.status}${by}.`;
    }
    statuses.set(order.id, order.status);
  }
  for (const [id, entry] of rows) {
    if (!seen.has(id)) {
      entry.row.remove();
      rows.delete(id);
    }
  }
  empty.hidden = orders.length > 0;
  if (orders.length === 0) {
    empty.replaceChildren(
      'No payments yet. ',
      Object.assign(text('a', 'Pay on the checkout page'), { href: '/' }),
      ' first.',
    );
  }
}

async function load() {
  if (loading) return;
  loading = true;
  try {
    const response = await fetch('/api/orders', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const list = await response.json();
    if (!Array.isArray(list)) throw new Error('unexpected answer');
    // A checkout page opened without paying leaves an order with no payment: not worth a row.
    orders = list.filter((order) => order.paymentId || order.status !== 'CREATED');
    const unpaid = list.length - orders.length;
    withoutPayment.textContent =
      unpaid === 0
        ? ''
        : `${unpaid} checkout ${unpaid === 1 ? 'session' : 'sessions'} without a payment yet not listed.`;
    render();
    updated.textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}.`;
  } catch (error) {
    updated.textContent = `Could not read the orders (${error instanceof Error ? error.message : 'network error'}).`;
  } finally {
    loading = false;
  }
}

function schedulePoll() {
  clearTimeout(pollTimer);
  if (document.visibilityState === 'visible') pollTimer = setTimeout(() => void load().then(schedulePoll), POLL_MS);
}

function showAmountError(message) {
  amountError.textContent = message;
  amountError.hidden = message === '';
  if (message) amountInput.setAttribute('aria-invalid', 'true');
  else amountInput.removeAttribute('aria-invalid');
}

function openDialog(kind, orderId, opener) {
  const order = orders.find((candidate) => candidate.id === orderId);
  if (!order) return;
  if (busy.has(orderId)) {
    announce('neutral', `Order ${orderId} is waiting for Antom's answer.`, ['Try again when it arrives.']);
    return;
  }
  const action = ACTIONS[kind];
  dialogState = { kind, orderId, opener };
  dialogTitle.textContent = `${action.title} order ${orderId}`;
  confirmButton.textContent = action.confirm;
  showAmountError('');
  reasonInput.value = '';
  const currency = order.amount.currency;
  // Without partial capture, Antom captures the whole authorization: there is no amount to choose.
  const fullCapture = kind === 'capture' && !order.partialCapture;
  if (fullCapture) {
    dialogSummary.textContent = `Captures the full ${formatAmount(order.amount)} authorized for order ${orderId}; partial capture is not enabled for this merchant.`;
    amountField.hidden = true;
  } else if (kind === 'cancel') {
    dialogSummary.textContent = `Voids the authorization of ${formatAmount(order.amount)}; the buyer's funds are released. Antom refuses it once the payment is captured.`;
    amountField.hidden = true;
  } else {
    const base = kind === 'capture' ? order.amount : (order.captured ?? order.amount);
    const taken = kind === 'capture' ? order.captured : order.refunded;
    const left = minus(base, taken);
    const suggested = (left > 0n ? left : BigInt(base.value)).toString();
    amountField.hidden = false;
    amountLabel.textContent = `Amount to ${action.verb} (${currency})`;
    amountInput.value = toMajor(suggested, currency);
    amountHint.textContent =
      kind === 'capture'
        ? `Authorized ${formatAmount(order.amount)}, captured ${formatAmount(order.captured ?? { currency, value: '0' })}. Partial capture is enabled: a capture may take less.`
        : `Captured ${formatAmount(order.captured ?? order.amount)}, refunded ${formatAmount(order.refunded ?? { currency, value: '0' })}.`;
    dialogSummary.textContent =
      kind === 'capture'
        ? `Moves the authorized funds of order ${orderId} to the shop.`
        : `Returns money to the buyer's card for order ${orderId}.`;
  }
  reasonField.hidden = kind !== 'refund';
  dialog.showModal();
  (amountField.hidden ? confirmButton : amountInput).focus();
}

async function submitAction() {
  if (!dialogState) return;
  const { kind, orderId, opener } = dialogState;
  const order = orders.find((candidate) => candidate.id === orderId);
  if (!order) return;
  const request = {};
  if (!amountField.hidden) {
    const value = toMinorUnits(amountInput.value, order.amount.currency);
    if (value === null) {
      showAmountError(`Enter an amount above zero, such as ${toMajor(order.amount.value, order.amount.currency)}.`);
      amountInput.focus();
      return;
    }
    request.amount = { currency: order.amount.currency, value };
  }
  if (kind === 'refund' && reasonInput.value.trim() !== '') request.reason = reasonInput.value.trim();
  dialogState = null;
  dialog.close();
  opener.focus();
  busy.add(orderId);
  const verb = ACTIONS[kind].verb;
  announce('neutral', `Asking Antom to ${verb} order ${orderId}…`, []);
  try {
    const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}/${kind}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
    });
    const answer = await response.json();
    showAnswer(verb, orderId, answer, response.status);
  } catch {
    announce('error', `The ${verb} of order ${orderId} got no answer from the shop server.`, [
      'Check the connection; retrying reuses the same request id, so nothing happens twice.',
    ]);
  } finally {
    busy.delete(orderId);
    await load();
  }
}

function showAnswer(verb, orderId, answer, httpStatus) {
  const code = typeof answer?.resultCode === 'string' ? answer.resultCode : `HTTP ${httpStatus}`;
  const message = typeof answer?.resultMessage === 'string' ? answer.resultMessage : '';
  const capitalized = `${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
  if (answer?.ok === true) {
    const next =
      verb === 'cancel'
        ? 'The shop confirmed it with an inquiry.'
        : `The order changes when Antom's ${verb === 'capture' ? 'capture' : 'refund'} notification arrives.`;
    announce(
      'success',
      `${capitalized} of order ${orderId} accepted by Antom: ${code}.`,
      [message, next].filter(Boolean),
    );
    return;
  }
  if (answer?.source === 'ANTOM' && answer.resultStatus === 'U' && /_IN_PROCESS$/.test(code)) {
    announce(
      'neutral',
      `${capitalized} of order ${orderId} in process at Antom: ${code}.`,
      [message, `The order changes when Antom's ${verb} notification arrives.`].filter(Boolean),
    );
    return;
  }
  if (answer?.resultStatus === 'U' || answer?.source === 'CLIENT') {
    announce(
      'neutral',
      `${capitalized} of order ${orderId}: outcome not known yet (${code}).`,
      [message, 'Try again: the same request id is reused, so Antom performs it at most once.'].filter(Boolean),
    );
    return;
  }
  const who = answer?.source === 'SHOP' ? 'the shop' : 'Antom';
  announce('error', `${capitalized} of order ${orderId} refused by ${who}: ${code}.`, [message].filter(Boolean));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void submitAction();
});
closeButton.addEventListener('click', () => {
  dialogState = null;
  dialog.close();
});
dialog.addEventListener('close', () => {
  dialogState = null;
});
amountInput.addEventListener('input', () => showAmountError(''));
refreshButton.addEventListener('click', () => void load());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void load();
  schedulePoll();
});

void load().then(schedulePoll);

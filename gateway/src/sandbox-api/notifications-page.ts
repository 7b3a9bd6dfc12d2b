/**
 * (ours) `GET /sandbox/notifications.html`: a small page over the delivery log. The page has no
 * inline script or style (its CSP allows neither); its script reads `/sandbox/notifications` and
 * builds the table with `textContent` only, so a notification body can never become markup.
 */

/** The page's markup; its script and styles are separate files, as its CSP allows no inline ones. */
export const NOTIFICATIONS_PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Notifications · Antom sandbox gateway</title>
    <link rel="stylesheet" href="/sandbox/assets/notifications.css" />
    <script type="module" src="/sandbox/assets/notifications.js"></script>
  </head>
  <body>
    <main>
      <h1>Notification delivery log</h1>
      <p>
        Every notification this gateway sent (<code>PAYMENT_RESULT</code>, <code>CAPTURE_RESULT</code>,
        <code>REFUND_RESULT</code>, <code>VAULTING_RESULT</code>), newest first,
        with each try.
        Unacknowledged notifications are retried 8 times: after 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h and 15 h.
      </p>
      <form id="filter">
        <label for="payment-id">Payment id or vaulting request id</label>
        <input id="payment-id" name="paymentId" autocomplete="off" spellcheck="false" />
        <label><input type="checkbox" id="auto-refresh" checked /> Refresh every 2 seconds</label>
        <button type="submit">Refresh now</button>
      </form>
      <p id="summary" role="status"></p>
      <table>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Type</th>
            <th scope="col">Payment or vaulting</th>
            <th scope="col">Status</th>
            <th scope="col">Tries</th>
            <th scope="col">Body</th>
          </tr>
        </thead>
        <tbody id="rows"></tbody>
      </table>
    </main>
  </body>
</html>
`;

/** The page's script (plain browser JavaScript, served as a module). */
export const NOTIFICATIONS_PAGE_JS = `const rows = document.getElementById('rows');
const summary = document.getElementById('summary');
const form = document.getElementById('filter');
const paymentId = document.getElementById('payment-id');
const autoRefresh = document.getElementById('auto-refresh');
const open = new Set();

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function tries(record) {
  const list = document.createElement('ol');
  for (const attempt of record.attempts) {
    const item = document.createElement('li');
    const outcome = attempt.acknowledged ? 'acknowledged' : attempt.error || 'not acknowledged';
    item.textContent = attempt.sentAt + ' HTTP ' + (attempt.httpStatus ?? 'none') + ': ' + outcome;
    list.append(item);
  }
  const td = document.createElement('td');
  td.append(list);
  if (record.nextAttemptAt) {
    const next = document.createElement('p');
    next.textContent = 'next try ' + record.nextAttemptAt;
    td.append(next);
  }
  return td;
}

function body(record) {
  const details = document.createElement('details');
  details.open = open.has(record.notificationId);
  details.addEventListener('toggle', () => {
    if (details.open) open.add(record.notificationId);
    else open.delete(record.notificationId);
  });
  const title = document.createElement('summary');
  title.textContent = 'JSON';
  const pre = document.createElement('pre');
  try {
    pre.textContent = JSON.stringify(JSON.parse(record.body), null, 2);
  } catch {
    pre.textContent = record.body;
  }
  details.append(title, pre);
  const td = document.createElement('td');
  td.append(details);
  return td;
}

function row(record) {
  const tr = document.createElement('tr');
  tr.append(
    cell(record.createdAt),
    cell(record.notifyType),
    cell(record.paymentId || record.vaultingRequestId, 'id'),
    cell(record.status, 'status status-' + record.status.toLowerCase()),
    tries(record),
    body(record),
  );
  return tr;
}

async function load() {
  const id = paymentId.value.trim();
  try {
    const response = await fetch('/sandbox/notifications', { headers: { Accept: 'application/json' } });
    const { notifications: all } = await response.json();
    const notifications = id ? all.filter((r) => r.paymentId === id || r.vaultingRequestId === id) : all;
    rows.replaceChildren(...notifications.slice().reverse().map(row));
    summary.textContent = notifications.length + ' notification' + (notifications.length === 1 ? '' : 's');
  } catch {
    summary.textContent = 'The gateway did not answer.';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
setInterval(() => {
  if (autoRefresh.checked) void load();
}, 2000);
void load();
`;

/** The page's stylesheet, served as a file of its own. */
export const NOTIFICATIONS_PAGE_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.4; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-block: 1rem; }
input, button { font: inherit; }
table { border-collapse: collapse; width: 100%; }
th, td { border-block-end: 1px solid color-mix(in srgb, currentColor 25%, transparent); padding: 0.4rem; text-align: start; vertical-align: top; }
td.id { font-family: ui-monospace, monospace; word-break: break-all; }
ol { margin: 0; padding-inline-start: 1.2rem; }
pre { max-width: 40rem; overflow: auto; font-size: 0.85rem; }
.status-acknowledged { color: green; }
.status-exhausted, .status-stopped { color: #b00020; }
@media (prefers-color-scheme: dark) { .status-acknowledged { color: #6c6; } .status-exhausted, .status-stopped { color: #f77; } }
`;

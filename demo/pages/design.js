// The design review page (/design): the real element, one per state and variant, each with a real
// sandbox session from this shop, brought to its state by what a merchant page can do (attributes,
// the session request, validate(), submit()). Payments use the demo buyer's saved card: the page
// never holds card data. Submitting and processing need the sandbox's fault switches (the shop arms
// them for exactly one row's payments, design-faults.ts), so payments go row by row: those two rows
// first, the others after. A challenge opens a modal dialog, so each challenge cell is a document of
// its own (/design?cell=challenge:<variant>). The last row is for a person typing a test card.

/** Columns: theme and locale of the checkouts. `auto` sits on this light page (it stays light). */
const VARIANTS = [
  { id: 'light', label: 'Light, English', attributes: { locale: 'en_US' } },
  { id: 'dark', label: 'Dark, English', attributes: { locale: 'en_US', theme: 'dark' }, dark: true },
  { id: 'auto', label: 'Auto on a light page', attributes: { locale: 'en_US', theme: 'auto' } },
  { id: 'rtl', label: 'Arabic (right to left)', attributes: { locale: 'ar_SA' } },
  { id: 'cjk', label: 'Japanese', attributes: { locale: 'ja_JP' } },
];

const CHECKOUT_SESSION = '/api/checkout/session';
const WITHOUT_SAVED_CARDS = { savedCards: false };

/**
 * Rows: how each state is reached (session endpoint and request, then validate() or submit()), and
 * the status the cell shows in it. `saved` rows need a card in the demo buyer's wallet.
 */
const STATES = [
  { id: 'loading', label: 'Loading', sessionUrl: '/api/design/loading-session' },
  { id: 'ready', label: 'Ready', request: WITHOUT_SAVED_CARDS },
  { id: 'invalid', label: 'Invalid fields', request: WITHOUT_SAVED_CARDS, validate: true },
  { id: 'saved', label: 'Saved card', request: {}, saved: true },
  {
    id: 'submitting',
    label: 'Submitting (the sandbox holds its answer back for 20 s)',
    request: {},
    saved: true,
    fault: 'delay',
  },
  {
    id: 'processing',
    label: 'Processing (the sandbox leaves the payment in process)',
    request: {},
    saved: true,
    fault: 'hold',
  },
  { id: 'authorized', label: 'Authorized (saved card)', request: {}, saved: true, pay: true },
  {
    id: 'failed',
    label: 'Failed (saved card, the sandbox’s risk amount 0.11)',
    request: { amount: { currency: 'USD', value: '11' } },
    saved: true,
    pay: true,
  },
  {
    id: 'challenge',
    label: 'The bank’s check (3-D Secure, saved card)',
    request: { threeDS: true },
    saved: true,
    pay: true,
    ownDocument: true,
  },
  { id: 'expired', label: 'Session expired', request: { savedCards: false, expiresInSeconds: 5 } },
  { id: 'error', label: 'Error (session endpoint fails)', sessionUrl: '/api/no-such-session-endpoint' },
  { id: 'yours', label: 'Yours: type a sandbox test card and pay', request: WITHOUT_SAVED_CARDS },
];

/** The status a cell shows: the element's, or `expired` and `processing` once it says so. */
const STATUS_EVENTS = [
  'antom-loading',
  'antom-ready',
  'antom-error',
  'antom-change',
  'antom-failed',
  'antom-authorized',
];
const STATUS_EVENTS_MORE = ['antom-submit', 'antom-challenge', 'antom-cancel'];

const main = document.getElementById('states');
const cellParam = new URLSearchParams(location.search).get('cell');
const validations = [];
/** Per row that pays: a promise per checkout of the function that pays, once it is ready. */
const payments = new Map();
/** How long the page waits for a row's payments to meet the fault armed for them. */
const FAULT_WAIT_MS = 30_000;

/** Whether the demo buyer has a saved card; rows that pay with one wait for the answer. */
const hasSavedCard = fetch('/api/wallet')
  .then((response) => (response.ok ? response.json() : { cards: [] }))
  .then((wallet) => Array.isArray(wallet.cards) && wallet.cards.length > 0)
  .catch(() => false);

/** The real checkout for `state` in `variant`; `figure` shows its status in `data-status`. */
function checkoutFor(state, variant, figure) {
  const checkout = document.createElement('antom-card-checkout');
  for (const [name, value] of Object.entries(variant.attributes)) checkout.setAttribute(name, value);
  checkout.setAttribute('session-url', state.sessionUrl ?? CHECKOUT_SESSION);
  if (state.request) checkout.sessionRequest = state.request;
  // What the element shows now, for reviewers and the end-to-end test (test/e2e/design.test.ts); a
  // challenge cell's document also tells the figure around it on the review page.
  const outer = window.frameElement?.closest('figure');
  const setStatus = (status) => {
    figure.dataset.status = status;
    if (outer) outer.dataset.status = status;
  };
  // `antom-submit` comes before the status changes; the status is read once the event has passed.
  // A payment in process stays `submitting` in the element; the cell keeps saying `processing`.
  const show = () =>
    queueMicrotask(() => {
      const status = checkout.state?.status ?? 'loading';
      if (status !== 'submitting' || figure.dataset.status !== 'processing') setStatus(status);
    });
  setStatus('loading');
  for (const type of [...STATUS_EVENTS, ...STATUS_EVENTS_MORE]) checkout.addEventListener(type, show);
  checkout.addEventListener('antom-session-expired', () => queueMicrotask(() => setStatus('expired')));
  checkout.addEventListener('antom-processing', () => queueMicrotask(() => setStatus('processing')));
  if (state.validate) {
    validations.push(
      new Promise((resolve) => checkout.addEventListener('antom-ready', resolve, { once: true })).then(async () => {
        const result = await checkout.validate();
        figure.dataset.invalid = result.invalidFields.join(' ');
      }),
    );
  }
  if (state.pay || state.fault) {
    // The saved card is selected when the form is ready: paying with it sends its token, no card data.
    const ready = new Promise((resolve) => checkout.addEventListener('antom-ready', resolve, { once: true }));
    const row = payments.get(state.id) ?? [];
    row.push(ready.then(() => () => void checkout.submit()));
    payments.set(state.id, row);
  }
  return checkout;
}

/** A cell of the grid: caption and checkout, or for a challenge a frame with its own document. */
function cell(state, variant) {
  const figure = document.createElement('figure');
  figure.className = variant.dark ? 'cell dark' : 'cell';
  figure.dataset.state = state.id;
  figure.dataset.variant = variant.id;
  figure.dataset.status = 'loading';
  const caption = document.createElement('figcaption');
  caption.textContent = variant.label;
  figure.append(caption);
  if (state.ownDocument && !cellParam) {
    const frame = document.createElement('iframe');
    frame.className = 'cell-document';
    frame.title = `${state.label}: ${variant.label}`;
    frame.src = `/design?cell=${state.id}:${variant.id}`;
    figure.append(frame);
    return figure;
  }
  figure.append(checkoutFor(state, variant, figure));
  return figure;
}

function row(state, variants) {
  const section = document.createElement('section');
  section.className = 'state-row';
  section.setAttribute('aria-labelledby', `state-${state.id}`);
  const heading = document.createElement('h2');
  heading.id = `state-${state.id}`;
  heading.textContent = state.label;
  section.append(heading);
  for (const variant of variants) section.append(cell(state, variant));
  return section;
}

/** Rows that pay with the saved card say so instead when the wallet has none. */
function noSavedCard(state) {
  const section = row(state, []);
  const note = document.createElement('p');
  note.className = 'note';
  const link = (href, text) => Object.assign(document.createElement('a'), { href, textContent: text });
  note.append(
    'The demo buyer has no saved card yet. Pay once on the ',
    link('/', 'shop checkout'),
    ' with “Save this card” ticked, or add a card on ',
    link('/cards', 'My cards'),
    ', then reload.',
  );
  section.append(note);
  return section;
}

/** Resolves once fault `id` has met all its payments, or after `FAULT_WAIT_MS` in any case. */
async function usedUp(id) {
  const until = Date.now() + FAULT_WAIT_MS;
  while (Date.now() < until) {
    const answer = await fetch(`/api/design/faults/${id}`).catch(() => undefined);
    const fault = answer?.ok ? await answer.json() : undefined;
    if (!fault || fault.remaining === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Says, in a row that needs the sandbox's faults, how to get them. */
function noFaults(state) {
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent =
    'This row needs the sandbox gateway started with fault injection (antom-sandbox --faults, loopback only); its checkouts stay ready.';
  document.getElementById(`state-${state.id}`)?.after(note);
}

/** Pays the rows that need a fault, one after the other, each with its fault armed for exactly its payments. */
async function payFaultRows() {
  for (const state of STATES.filter((candidate) => candidate.fault)) {
    const submits = await Promise.all(payments.get(state.id) ?? []);
    if (submits.length === 0) continue;
    const armed = await fetch('/api/design/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: state.fault, count: submits.length }),
    }).catch(() => undefined);
    if (!armed?.ok) {
      noFaults(state);
      continue;
    }
    const { id } = await armed.json();
    for (const submit of submits) submit();
    await usedUp(id);
  }
}

/** Pays the other rows once no fault is armed for them to meet. */
async function payRows(faultsMet) {
  await faultsMet;
  for (const state of STATES.filter((candidate) => candidate.pay)) {
    for (const submit of payments.get(state.id) ?? []) void submit.then((pay) => pay());
  }
}

async function build() {
  const saved = await hasSavedCard;
  if (cellParam) {
    // One cell, alone in its document (a frame of the review page): it pays when the page says so.
    document.body.classList.add('cell-page');
    const [stateId, variantId] = cellParam.split(':');
    const state = STATES.find((candidate) => candidate.id === stateId && candidate.ownDocument);
    const variant = VARIANTS.find((candidate) => candidate.id === variantId);
    if (state && variant && saved) main.append(row(state, [variant]));
    void payRows(window.parent.designFaultsMet);
    return;
  }
  // The challenge cells' documents, created with the rows, wait for the fault rows too.
  let faultsMet = () => undefined;
  window.designFaultsMet = new Promise((resolve) => (faultsMet = resolve));
  for (const state of STATES) main.append(state.saved && !saved ? noSavedCard(state) : row(state, VARIANTS));
  void payFaultRows().then(faultsMet);
  void payRows(window.designFaultsMet);
  // validate() moves focus to the first invalid field, as it should for a buyer; here, back to the top.
  await Promise.all(validations);
  document.getElementById('top').focus({ preventScroll: true });
}

void build();

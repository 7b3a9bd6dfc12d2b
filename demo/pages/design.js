// The design review page (/design): the real element, one per state and variant, each with a real
// sandbox session from this shop, brought to its state by what a merchant page can do (attributes,
// the session request, validate(), submit()). Payments use the demo buyer's saved card: the page
// never holds card data. A challenge opens a modal dialog, so each challenge cell is a document of
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
  { id: 'yours', label: 'Yours: pay to see submitting and processing', request: WITHOUT_SAVED_CARDS },
];

/** The status a cell shows: the element's, or `expired` once the session has. */
const STATUS_EVENTS = [
  'antom-loading',
  'antom-ready',
  'antom-error',
  'antom-change',
  'antom-failed',
  'antom-authorized',
];
const STATUS_EVENTS_MORE = ['antom-challenge', 'antom-cancel'];

const main = document.getElementById('states');
const cellParam = new URLSearchParams(location.search).get('cell');
const validations = [];

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
  const show = () => setStatus(checkout.state?.status ?? 'loading');
  setStatus('loading');
  for (const type of [...STATUS_EVENTS, ...STATUS_EVENTS_MORE]) checkout.addEventListener(type, show);
  checkout.addEventListener('antom-session-expired', () => setStatus('expired'));
  if (state.validate) {
    validations.push(
      new Promise((resolve) => checkout.addEventListener('antom-ready', resolve, { once: true })).then(async () => {
        const result = await checkout.validate();
        figure.dataset.invalid = result.invalidFields.join(' ');
      }),
    );
  }
  if (state.pay) {
    // The saved card is selected when the form is ready: paying with it sends its token, no card data.
    checkout.addEventListener('antom-ready', () => void checkout.submit(), { once: true });
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

async function build() {
  const saved = await hasSavedCard;
  if (cellParam) {
    // One cell, alone in its document (a frame of the review page).
    document.body.classList.add('cell-page');
    const [stateId, variantId] = cellParam.split(':');
    const state = STATES.find((candidate) => candidate.id === stateId && candidate.ownDocument);
    const variant = VARIANTS.find((candidate) => candidate.id === variantId);
    if (state && variant && saved) main.append(row(state, [variant]));
    return;
  }
  for (const state of STATES) main.append(state.saved && !saved ? noSavedCard(state) : row(state, VARIANTS));
  // validate() moves focus to the first invalid field, as it should for a buyer; here, back to the top.
  await Promise.all(validations);
  document.getElementById('top').focus({ preventScroll: true });
}

void build();

// The design review page (/design): the real element, one per state and variant, each with a real
// sandbox session from this shop, brought to its state by what a merchant page can do (attributes,
// validate()). States that need a buyer's card typed in the secure frame are in the last row.

/** Columns: theme and locale of the checkouts. `auto` sits on this light page (it stays light). */
const VARIANTS = [
  { id: 'light', label: 'Light, English', attributes: { locale: 'en_US' } },
  { id: 'dark', label: 'Dark, English', attributes: { locale: 'en_US', theme: 'dark' }, dark: true },
  { id: 'auto', label: 'Auto on a light page', attributes: { locale: 'en_US', theme: 'auto' } },
  { id: 'rtl', label: 'Arabic (right to left)', attributes: { locale: 'ar_SA' } },
  { id: 'cjk', label: 'Japanese', attributes: { locale: 'ja_JP' } },
];

/** Rows: how each state is reached, and the status the element shows in it. */
const STATES = [
  { id: 'loading', label: 'Loading', sessionUrl: '/api/design/loading-session', status: 'loading' },
  { id: 'ready', label: 'Ready', sessionUrl: '/api/checkout/session', status: 'ready' },
  { id: 'invalid', label: 'Invalid fields', sessionUrl: '/api/checkout/session', status: 'ready', validate: true },
  { id: 'error', label: 'Error (session endpoint fails)', sessionUrl: '/api/no-such-session-endpoint', status: 'error' },
  { id: 'yours', label: 'Yours: pay to see the submit states', sessionUrl: '/api/checkout/session', status: 'ready' },
];

const main = document.getElementById('states');
const validations = [];

for (const state of STATES) {
  const row = document.createElement('section');
  row.className = 'state-row';
  row.setAttribute('aria-labelledby', `state-${state.id}`);
  const heading = document.createElement('h2');
  heading.id = `state-${state.id}`;
  heading.textContent = state.label;
  row.append(heading);
  for (const variant of VARIANTS) {
    const figure = document.createElement('figure');
    figure.className = variant.dark ? 'cell dark' : 'cell';
    figure.dataset.state = state.id;
    figure.dataset.variant = variant.id;
    const caption = document.createElement('figcaption');
    caption.textContent = variant.label;
    const checkout = document.createElement('antom-card-checkout');
    for (const [name, value] of Object.entries(variant.attributes)) checkout.setAttribute(name, value);
    checkout.setAttribute('session-url', state.sessionUrl);
    // What the element shows now, for reviewers and the end-to-end test (test/e2e/design.test.ts).
    const show = () => (figure.dataset.status = checkout.state?.status ?? 'loading');
    figure.dataset.status = 'loading';
    for (const type of ['antom-loading', 'antom-ready', 'antom-error', 'antom-change', 'antom-failed', 'antom-authorized'])
      checkout.addEventListener(type, show);
    if (state.validate) {
      validations.push(
        new Promise((resolve) => checkout.addEventListener('antom-ready', resolve, { once: true })).then(async () => {
          const result = await checkout.validate();
          figure.dataset.invalid = result.invalidFields.join(' ');
        }),
      );
    }
    figure.append(caption, checkout);
    row.append(figure);
  }
  main.append(row);
}

// validate() moves focus to the first invalid field, as it should for a buyer; here, back to the top.
Promise.all(validations).then(() => document.getElementById('top').focus({ preventScroll: true }));

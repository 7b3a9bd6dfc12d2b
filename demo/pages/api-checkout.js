// API checkout (PCI DSS merchants only). Runs under the shop's strict CSP and writes text only. The
// card goes to the shop's own server in the body of one POST (never in a URL or storage), and the
// form is emptied before the buyer leaves. The server answers where the buyer goes next: the bank's
// 3-D Secure page, or the order's result page. The order's status comes from the server, which
// learns it from Antom's signed notification, never from this page.

const form = document.getElementById('api-form');
const number = document.getElementById('card-number');
const expiry = document.getElementById('card-expiry');
const cvc = document.getElementById('card-cvc');
const holder = document.getElementById('card-holder');
const threeDS = document.getElementById('three-ds');
const payButton = document.getElementById('pay');
const formError = document.getElementById('form-error');
const outcome = document.getElementById('outcome');

function show(tone, title, lines = []) {
  outcome.dataset.tone = tone;
  const heading = document.createElement('p');
  heading.className = 'outcome-title';
  heading.textContent = title;
  outcome.replaceChildren(
    heading,
    ...lines.map((line) => {
      const p = document.createElement('p');
      p.className = 'outcome-detail';
      p.textContent = line;
      return p;
    }),
  );
}

function fail(message, field) {
  formError.textContent = message;
  formError.hidden = false;
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
}

function clearErrors() {
  formError.hidden = true;
  formError.textContent = '';
  for (const field of [number, expiry, cvc, holder]) field.removeAttribute('aria-invalid');
}

/** The form's card, checked for shape only (the issuer decides the rest), or null after saying why. */
function readCard() {
  const digits = number.value.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) {
    fail('Enter the 12 to 19 digits of the card number.', number);
    return null;
  }
  const date = /^\s*(0[1-9]|1[0-2])\s*\/?\s*(\d{2})\s*$/.exec(expiry.value);
  if (!date) {
    fail('Enter the expiry date as MM/YY, such as 12/30.', expiry);
    return null;
  }
  if (!/^\d{3,4}$/.test(cvc.value)) {
    fail('Enter the 3 or 4 digit security code.', cvc);
    return null;
  }
  return { number: digits, expiryMonth: date[1], expiryYear: date[2], cvc: cvc.value, holderName: holder.value.trim() };
}

function forgetCard() {
  number.value = '';
  expiry.value = '';
  cvc.value = '';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const card = readCard();
  if (!card) return;
  const captureMode = form.elements.namedItem('captureMode').value === 'MANUAL' ? 'MANUAL' : 'AUTOMATIC';
  payButton.disabled = true;
  show('neutral', 'Paying…');
  let answer;
  let status;
  try {
    const response = await fetch('/api/checkout/pay', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ captureMode, threeDS: threeDS.checked, card }),
    });
    status = response.status;
    answer = await response.json();
  } catch {
    payButton.disabled = false;
    show('error', 'The shop server did not answer.', ['Nothing was charged twice: check the orders console.']);
    return;
  }
  if (answer?.ok === true) {
    forgetCard();
    if (answer.next === 'REDIRECT') {
      show('neutral', 'Your bank asks you to confirm the payment: taking you to its page…');
      location.assign(answer.redirectUrl);
      return;
    }
    location.assign(`/checkout/result?order=${encodeURIComponent(answer.orderId)}`);
    return;
  }
  payButton.disabled = false;
  const code = answer?.error?.code ?? `HTTP ${status}`;
  const message = answer?.error?.message ?? '';
  show('error', `The payment was refused: ${code}.`, [message].filter(Boolean));
});

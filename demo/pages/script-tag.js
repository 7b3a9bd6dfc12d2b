// The script-tag page: tells the buyer what happened. Nothing here touches card data; the element
// reports outcomes as events, and the shop's server decided the amount.
import { renderOutcome } from './shared.js';

const outcome = document.getElementById('outcome');
const checkout = document.getElementById('card-checkout');

checkout.addEventListener('antom-ready', () => renderOutcome(outcome, 'neutral', 'Enter your card to pay $25.00.'));
checkout.addEventListener('antom-authorized', (event) =>
  renderOutcome(outcome, 'success', 'Payment authorized. Thank you!', [`Payment ${event.detail.paymentId ?? ''}`.trim()]),
);
checkout.addEventListener('antom-processing', () =>
  renderOutcome(outcome, 'neutral', 'Your bank is still deciding; we will email you.'),
);
checkout.addEventListener('antom-failed', (event) => renderOutcome(outcome, 'error', event.detail.message));
checkout.addEventListener('antom-error', (event) => renderOutcome(outcome, 'error', event.detail.message));

// A script the browser refused (its bytes do not match the integrity value) registers nothing: the
// page says so instead of waiting for a form that will never come.
window.addEventListener('load', () => {
  if (!customElements.get('antom-card-checkout')) {
    renderOutcome(outcome, 'error', 'The payment form could not be loaded. Please reload the page, or contact us.');
  }
});

/**
 * Following a payment the sandbox gateway left in process (`PAYMENT_IN_PROCESS`, no challenge): the
 * element resends the attempt to the card frame with growing waits, and the frame, instead of
 * sending the card again, asks the gateway where the session's payment stands and passes on only a
 * final answer; the buyer sees a notice meanwhile. A lazy chunk: few buyers ever need it, and the
 * page-side bundle has no room to spare.
 */
import type { LitElement } from 'lit';
import type { SupportedLocale } from '../shared/i18n/locale.js';
import { message } from '../shared/i18n/messages.js';

/** Waits before each question about a payment in process; the last one repeats. */
export const FOLLOW_WAITS_MS: readonly number[] = [1000, 2000, 3000, 5000];

/** How long the element follows a payment in process before it tells the buyer to check their order. */
export const FOLLOW_DEADLINE_MS = 120_000;

// The notice at the deadline lives here, not in the catalogues: only this chunk shows it.
const STILL_CONFIRMING: Record<SupportedLocale, string> = {
  en_US: 'We are still confirming this payment. Check your order or email for the result before you pay again.',
  zh_CN: '我们仍在确认这笔付款。再次付款前，请先查看您的订单或电子邮件中的结果。',
  ja_JP: 'このお支払いはまだ確認中です。もう一度お支払いする前に、ご注文またはメールで結果をご確認ください。',
  es_ES: 'Seguimos confirmando este pago. Consulta tu pedido o tu correo antes de volver a pagar.',
  fr_FR: 'Nous confirmons encore ce paiement. Consultez votre commande ou vos e-mails avant de payer à nouveau.',
  de_DE: 'Wir bestätigen diese Zahlung noch. Prüfen Sie Ihre Bestellung oder E-Mails, bevor Sie erneut zahlen.',
};

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Events after which the attempt may no longer be in process here: the notice then goes at once. */
const SETTLED = ['antom-authorized', 'antom-failed', 'antom-error', 'antom-session-expired', 'antom-loading'];

/**
 * Shows the in-process notice (`part="notice"`) above the pay button and resends the attempt
 * (`ask`) with growing waits while `pending()` holds, for at most `deadlineMs`. The notice goes as
 * soon as the checkout reports an outcome; past the deadline it tells the buyer to check the order
 * before paying again (announced), never that the payment failed.
 */
export async function follow(
  host: LitElement,
  locale: SupportedLocale,
  ask: () => void,
  pending: () => boolean,
  announce: (text: string) => void,
  deadlineMs = FOLLOW_DEADLINE_MS,
): Promise<void> {
  const notice = document.createElement('p');
  notice.setAttribute('part', 'notice');
  notice.textContent = message(locale, 'pending');
  // Outside Lit's template, above the pay button: renders that keep the button leave it in place.
  const button = host.renderRoot.querySelector('[part~="pay-button"]');
  if (button) button.before(notice);
  else host.renderRoot.querySelector('.checkout')?.append(notice);
  const gone = new AbortController();
  const remove = (): void => {
    notice.remove();
    gone.abort();
  };
  const settled = (): void => {
    if (!pending()) remove();
  };
  for (const type of SETTLED) host.addEventListener(type, settled, { signal: gone.signal });
  const deadline = Date.now() + deadlineMs;
  for (let round = 0; pending(); round++) {
    const left = deadline - Date.now();
    if (left <= 0) {
      notice.textContent = STILL_CONFIRMING[locale];
      announce(notice.textContent);
      return;
    }
    await wait(Math.min(FOLLOW_WAITS_MS[Math.min(round, FOLLOW_WAITS_MS.length - 1)]!, left));
    if (pending()) ask();
  }
  remove();
}

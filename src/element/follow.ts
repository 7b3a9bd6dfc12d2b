/**
 * Following a payment the sandbox gateway left in process (`PAYMENT_IN_PROCESS`, no challenge): the
 * element resends the attempt to the card frame with growing waits, and the frame, instead of
 * sending the card again, asks the gateway where the session's payment stands and passes on only a
 * final answer; the buyer sees a notice meanwhile. A lazy chunk: few buyers ever need it, and the
 * page-side bundle has no room to spare.
 */
import type { LitElement } from 'lit';
import type { SupportedLocale } from '../shared/i18n/locale.js';
import { message, type Texts } from '../shared/i18n/messages.js';

/** Waits before each question about a payment in process; the last one repeats. */
export const FOLLOW_WAITS_MS: readonly number[] = [1000, 2000, 3000, 5000];

/** How long the element follows a payment in process before it tells the buyer to check their order. */
export const FOLLOW_DEADLINE_MS = 120_000;

// The notice at the deadline lives here, not in the catalogues: only this chunk shows it.
const STILL_CONFIRMING: Record<SupportedLocale, string> = {
  en_US: 'We are still confirming this payment. Check your order or email for the result before you pay again.',
  en_GB: 'We are still confirming this payment. Check your order or email for the result before you pay again.',
  zh_CN: '我们仍在确认这笔付款。再次付款前，请先查看您的订单或电子邮件中的结果。',
  zh_HK: '我們仍在確認這筆付款。再次付款前，請先查看您的訂單或電郵中的結果。',
  zh_TW: '我們仍在確認這筆付款。再次付款前，請先查看您的訂單或電子郵件中的結果。',
  ja_JP: 'このお支払いはまだ確認中です。もう一度お支払いする前に、ご注文またはメールで結果をご確認ください。',
  ko_KR: '이 결제를 아직 확인하고 있습니다. 다시 결제하기 전에 주문 내역이나 이메일에서 결과를 확인해 주세요.',
  th_TH: 'เรายังคงยืนยันการชำระเงินนี้อยู่ โปรดตรวจสอบผลในคำสั่งซื้อหรืออีเมลของคุณก่อนชำระเงินอีกครั้ง',
  ms_MY: 'Kami masih mengesahkan pembayaran ini. Semak pesanan atau e-mel anda untuk keputusannya sebelum membayar semula.',
  in_ID: 'Kami masih mengonfirmasi pembayaran ini. Periksa pesanan atau email Anda untuk hasilnya sebelum membayar lagi.',
  vi_VN: 'Chúng tôi vẫn đang xác nhận khoản thanh toán này. Hãy kiểm tra đơn hàng hoặc email trước khi thanh toán lại.',
  tl_PH: 'Kinukumpirma pa namin ang bayad na ito. Tingnan ang iyong order o email bago magbayad muli.',
  hi_IN: 'हम अभी भी इस भुगतान की पुष्टि कर रहे हैं। दोबारा भुगतान करने से पहले अपना ऑर्डर या ईमेल देखें।',
  es_ES: 'Seguimos confirmando este pago. Consulta tu pedido o tu correo antes de volver a pagar.',
  fr_FR: 'Nous confirmons encore ce paiement. Consultez votre commande ou vos e-mails avant de payer à nouveau.',
  de_DE: 'Wir bestätigen diese Zahlung noch. Prüfen Sie Ihre Bestellung oder E-Mails, bevor Sie erneut zahlen.',
  it_IT: 'Stiamo ancora confermando questo pagamento. Controlla l’ordine o l’email prima di pagare di nuovo.',
  nl_NL: 'We bevestigen deze betaling nog. Controleer je bestelling of e-mail voordat je opnieuw betaalt.',
  pt_BR: 'Ainda estamos confirmando este pagamento. Verifique seu pedido ou e-mail antes de pagar novamente.',
  pt_PT: 'Ainda estamos a confirmar este pagamento. Verifique a sua encomenda ou o e-mail antes de pagar novamente.',
  pl_PL: 'Nadal potwierdzamy tę płatność. Zanim zapłacisz ponownie, sprawdź zamówienie lub e-mail.',
  ro_RO: 'Încă confirmăm această plată. Verifică comanda sau e-mailul înainte de a plăti din nou.',
  tr_TR: 'Bu ödemeyi hâlâ onaylıyoruz. Tekrar ödemeden önce siparişinizi veya e-postanızı kontrol edin.',
  ar_SA: 'ما زلنا نؤكد هذه الدفعة. تحقق من طلبك أو بريدك الإلكتروني قبل الدفع مرة أخرى.',
  he_IL: 'אנחנו עדיין מאשרים את התשלום הזה. כדאי לבדוק את ההזמנה או את הדוא״ל לפני תשלום נוסף.',
  ru_RU: 'Мы ещё подтверждаем этот платёж. Проверьте заказ или электронную почту, прежде чем платить снова.',
  uk_UA: 'Ми ще підтверджуємо цей платіж. Перевірте замовлення або електронну пошту, перш ніж платити знову.',
  sv_SE: 'Vi bekräftar fortfarande betalningen. Kontrollera din beställning eller e-post innan du betalar igen.',
  da_DK: 'Vi bekræfter stadig betalingen. Tjek din ordre eller e-mail, før du betaler igen.',
  nb_NO: 'Vi bekrefter fortsatt betalingen. Sjekk bestillingen eller e-posten din før du betaler på nytt.',
  fi_FI: 'Vahvistamme maksua vielä. Tarkista tilauksesi tai sähköpostisi ennen kuin maksat uudelleen.',
  cs_CZ: 'Tuto platbu stále potvrzujeme. Než zaplatíte znovu, zkontrolujte objednávku nebo e-mail.',
  sk_SK: 'Túto platbu ešte potvrdzujeme. Pred opätovnou platbou si skontrolujte objednávku alebo e-mail.',
  hu_HU: 'Még megerősítjük ezt a fizetést. Mielőtt újra fizetne, ellenőrizze a rendelését vagy az e-mailjeit.',
  el_GR: 'Επιβεβαιώνουμε ακόμη αυτή την πληρωμή. Ελέγξτε την παραγγελία ή το email σας πριν πληρώσετε ξανά.',
  bg_BG: 'Все още потвърждаваме това плащане. Проверете поръчката или имейла си, преди да платите отново.',
  hr_HR: 'Još potvrđujemo ovo plaćanje. Provjerite narudžbu ili e-poštu prije ponovnog plaćanja.',
  sl_SI: 'To plačilo še potrjujemo. Preden znova plačate, preverite naročilo ali e-pošto.',
  lt_LT: 'Šį mokėjimą vis dar tvirtiname. Prieš mokėdami dar kartą, patikrinkite užsakymą arba el. paštą.',
  lv_LV: 'Mēs vēl apstiprinām šo maksājumu. Pirms maksājat vēlreiz, pārbaudiet pasūtījumu vai e-pastu.',
  et_EE: 'Kinnitame seda makset veel. Enne uuesti maksmist kontrollige tellimust või e-posti.',
  ca_ES: 'Encara estem confirmant aquest pagament. Consulta la comanda o el correu abans de tornar a pagar.',
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
  texts: Texts,
  ask: () => void,
  pending: () => boolean,
  announce: (text: string) => void,
  deadlineMs = FOLLOW_DEADLINE_MS,
): Promise<void> {
  const notice = document.createElement('p');
  notice.setAttribute('part', 'notice');
  notice.textContent = message(texts, 'pending');
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
      notice.textContent = STILL_CONFIRMING[texts.locale];
      announce(notice.textContent);
      return;
    }
    await wait(Math.min(FOLLOW_WAITS_MS[Math.min(round, FOLLOW_WAITS_MS.length - 1)]!, left));
    if (pending()) ask();
  }
  remove();
}

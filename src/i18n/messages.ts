/**
 * Messages the element shows on the merchant page (the frame has its own field messages).
 * Decline codes map to a few buyer-facing messages: a buyer is never told a card was
 * reported lost or stolen, only that it was declined.
 */
import type { SupportedLocale } from './locale.js';

/** Keys of the element's message catalogue. */
export type MessageKey =
  | 'pay'
  | 'payGeneric'
  | 'saveCard'
  | 'processing'
  | 'loading'
  | 'frameTitle'
  | 'ready'
  | 'authorized'
  | 'pending'
  | 'declined'
  | 'insufficientFunds'
  | 'cardExpired'
  | 'checkNumber'
  | 'checkCvc'
  | 'checkExpiry'
  | 'notSupported'
  | 'overLimit'
  | 'authRequired'
  | 'orderClosed'
  | 'formInvalid'
  | 'sessionExpired'
  | 'loadFailed'
  | 'unreachable'
  | 'networkRetry'
  | 'configError';

type Catalogue = Record<MessageKey, string>;

const en_US: Catalogue = {
  pay: 'Pay {amount}',
  payGeneric: 'Pay',
  saveCard: 'Save card',
  processing: 'Processing…',
  loading: 'Loading secure card form',
  frameTitle: 'Secure card form',
  ready: 'Card form ready',
  authorized: 'Payment authorized',
  pending: 'Your payment is being processed. You will be told the result shortly.',
  declined: 'Your card was declined. Try another card or contact your bank.',
  insufficientFunds: 'Your card has insufficient funds. Try another card.',
  cardExpired: 'Your card has expired. Try another card.',
  checkNumber: 'The card number is not valid. Check it and try again.',
  checkCvc: 'The security code is not valid. Check it and try again.',
  checkExpiry: 'The expiry date is not valid. Check it and try again.',
  notSupported: 'This card is not accepted here. Try another card.',
  overLimit: 'The payment is over your card’s limit. Try another card.',
  authRequired: 'Your bank needs to verify this payment. Try again.',
  orderClosed: 'This order is already paid or closed.',
  formInvalid: 'Check the highlighted card details.',
  sessionExpired: 'This checkout has expired. Reload the page to start again.',
  loadFailed: 'The checkout could not be loaded. Reload the page or try again later.',
  unreachable: 'The secure card form could not be reached. Check your connection and reload.',
  networkRetry: 'Network problem: the payment was not confirmed. Try again; you will not be charged twice.',
  configError: 'This checkout is not set up correctly.',
};

const zh_CN: Catalogue = {
  pay: '支付 {amount}',
  payGeneric: '支付',
  saveCard: '保存卡片',
  processing: '处理中…',
  loading: '正在加载安全卡片表单',
  frameTitle: '安全卡片表单',
  ready: '卡片表单已就绪',
  authorized: '支付已授权',
  pending: '您的支付正在处理中，稍后将告知结果。',
  declined: '您的卡被拒绝。请换一张卡或联系发卡行。',
  insufficientFunds: '您的卡余额不足。请换一张卡。',
  cardExpired: '您的卡已过期。请换一张卡。',
  checkNumber: '卡号无效。请检查后重试。',
  checkCvc: '安全码无效。请检查后重试。',
  checkExpiry: '有效期无效。请检查后重试。',
  notSupported: '不支持此卡。请换一张卡。',
  overLimit: '支付金额超出卡片限额。请换一张卡。',
  authRequired: '发卡行需要验证此笔支付。请重试。',
  orderClosed: '此订单已支付或已关闭。',
  formInvalid: '请检查标出的卡片信息。',
  sessionExpired: '此结账已过期。请刷新页面重新开始。',
  loadFailed: '无法加载结账。请刷新页面或稍后再试。',
  unreachable: '无法连接安全卡片表单。请检查网络并刷新。',
  networkRetry: '网络问题：支付未确认。请重试，不会重复扣款。',
  configError: '此结账配置不正确。',
};

const ja_JP: Catalogue = {
  pay: '{amount} を支払う',
  payGeneric: '支払う',
  saveCard: 'カードを保存',
  processing: '処理中…',
  loading: '安全なカード入力欄を読み込み中',
  frameTitle: '安全なカード入力欄',
  ready: 'カード入力欄の準備ができました',
  authorized: '支払いが承認されました',
  pending: 'お支払いを処理中です。まもなく結果をお知らせします。',
  declined: 'カードが拒否されました。別のカードを使うか、カード会社にお問い合わせください。',
  insufficientFunds: 'カードの残高が不足しています。別のカードをお使いください。',
  cardExpired: 'カードの有効期限が切れています。別のカードをお使いください。',
  checkNumber: 'カード番号が正しくありません。確認してもう一度お試しください。',
  checkCvc: 'セキュリティコードが正しくありません。確認してもう一度お試しください。',
  checkExpiry: '有効期限が正しくありません。確認してもう一度お試しください。',
  notSupported: 'このカードはご利用いただけません。別のカードをお使いください。',
  overLimit: 'カードの利用限度額を超えています。別のカードをお使いください。',
  authRequired: 'カード会社による確認が必要です。もう一度お試しください。',
  orderClosed: 'このご注文はすでに支払い済みか終了しています。',
  formInvalid: '強調表示されたカード情報を確認してください。',
  sessionExpired: 'この決済の有効期限が切れました。ページを再読み込みしてください。',
  loadFailed: '決済を読み込めませんでした。再読み込みするか、後でもう一度お試しください。',
  unreachable: 'カード入力欄に接続できません。接続を確認して再読み込みしてください。',
  networkRetry: '通信エラーで支払いを確認できませんでした。もう一度お試しください。二重に請求されることはありません。',
  configError: 'この決済は正しく設定されていません。',
};

const es_ES: Catalogue = {
  pay: 'Pagar {amount}',
  payGeneric: 'Pagar',
  saveCard: 'Guardar tarjeta',
  processing: 'Procesando…',
  loading: 'Cargando el formulario seguro de tarjeta',
  frameTitle: 'Formulario seguro de tarjeta',
  ready: 'Formulario de tarjeta listo',
  authorized: 'Pago autorizado',
  pending: 'Tu pago se está procesando. Te informaremos del resultado en breve.',
  declined: 'Tu tarjeta ha sido rechazada. Prueba con otra o contacta con tu banco.',
  insufficientFunds: 'Tu tarjeta no tiene saldo suficiente. Prueba con otra.',
  cardExpired: 'Tu tarjeta ha caducado. Prueba con otra.',
  checkNumber: 'El número de tarjeta no es válido. Revísalo e inténtalo de nuevo.',
  checkCvc: 'El código de seguridad no es válido. Revísalo e inténtalo de nuevo.',
  checkExpiry: 'La fecha de caducidad no es válida. Revísala e inténtalo de nuevo.',
  notSupported: 'Aquí no se acepta esta tarjeta. Prueba con otra.',
  overLimit: 'El pago supera el límite de tu tarjeta. Prueba con otra.',
  authRequired: 'Tu banco necesita verificar este pago. Inténtalo de nuevo.',
  orderClosed: 'Este pedido ya está pagado o cerrado.',
  formInvalid: 'Revisa los datos de tarjeta marcados.',
  sessionExpired: 'Este pago ha caducado. Recarga la página para empezar de nuevo.',
  loadFailed: 'No se pudo cargar el pago. Recarga la página o inténtalo más tarde.',
  unreachable: 'No se pudo conectar con el formulario seguro. Comprueba tu conexión y recarga.',
  networkRetry: 'Problema de red: el pago no se confirmó. Inténtalo de nuevo; no se te cobrará dos veces.',
  configError: 'Este pago no está bien configurado.',
};

const fr_FR: Catalogue = {
  pay: 'Payer {amount}',
  payGeneric: 'Payer',
  saveCard: 'Enregistrer la carte',
  processing: 'Traitement…',
  loading: 'Chargement du formulaire de carte sécurisé',
  frameTitle: 'Formulaire de carte sécurisé',
  ready: 'Formulaire de carte prêt',
  authorized: 'Paiement autorisé',
  pending: 'Votre paiement est en cours de traitement. Le résultat vous sera communiqué sous peu.',
  declined: 'Votre carte a été refusée. Essayez une autre carte ou contactez votre banque.',
  insufficientFunds: 'Le solde de votre carte est insuffisant. Essayez une autre carte.',
  cardExpired: 'Votre carte a expiré. Essayez une autre carte.',
  checkNumber: 'Le numéro de carte n’est pas valide. Vérifiez-le et réessayez.',
  checkCvc: 'Le code de sécurité n’est pas valide. Vérifiez-le et réessayez.',
  checkExpiry: 'La date d’expiration n’est pas valide. Vérifiez-la et réessayez.',
  notSupported: 'Cette carte n’est pas acceptée ici. Essayez une autre carte.',
  overLimit: 'Le paiement dépasse le plafond de votre carte. Essayez une autre carte.',
  authRequired: 'Votre banque doit vérifier ce paiement. Réessayez.',
  orderClosed: 'Cette commande est déjà payée ou clôturée.',
  formInvalid: 'Vérifiez les informations de carte signalées.',
  sessionExpired: 'Ce paiement a expiré. Rechargez la page pour recommencer.',
  loadFailed: 'Le paiement n’a pas pu être chargé. Rechargez la page ou réessayez plus tard.',
  unreachable: 'Le formulaire sécurisé est injoignable. Vérifiez votre connexion et rechargez.',
  networkRetry: 'Problème réseau : le paiement n’a pas été confirmé. Réessayez ; vous ne serez pas débité deux fois.',
  configError: 'Ce paiement n’est pas configuré correctement.',
};

const de_DE: Catalogue = {
  pay: '{amount} bezahlen',
  payGeneric: 'Bezahlen',
  saveCard: 'Karte speichern',
  processing: 'Wird verarbeitet…',
  loading: 'Sicheres Kartenformular wird geladen',
  frameTitle: 'Sicheres Kartenformular',
  ready: 'Kartenformular bereit',
  authorized: 'Zahlung autorisiert',
  pending: 'Ihre Zahlung wird verarbeitet. Sie erfahren das Ergebnis in Kürze.',
  declined: 'Ihre Karte wurde abgelehnt. Versuchen Sie eine andere Karte oder wenden Sie sich an Ihre Bank.',
  insufficientFunds: 'Ihre Karte ist nicht ausreichend gedeckt. Versuchen Sie eine andere Karte.',
  cardExpired: 'Ihre Karte ist abgelaufen. Versuchen Sie eine andere Karte.',
  checkNumber: 'Die Kartennummer ist ungültig. Prüfen Sie sie und versuchen Sie es erneut.',
  checkCvc: 'Der Sicherheitscode ist ungültig. Prüfen Sie ihn und versuchen Sie es erneut.',
  checkExpiry: 'Das Ablaufdatum ist ungültig. Prüfen Sie es und versuchen Sie es erneut.',
  notSupported: 'Diese Karte wird hier nicht akzeptiert. Versuchen Sie eine andere Karte.',
  overLimit: 'Die Zahlung übersteigt das Limit Ihrer Karte. Versuchen Sie eine andere Karte.',
  authRequired: 'Ihre Bank muss diese Zahlung bestätigen. Versuchen Sie es erneut.',
  orderClosed: 'Diese Bestellung ist bereits bezahlt oder geschlossen.',
  formInvalid: 'Prüfen Sie die markierten Kartendaten.',
  sessionExpired: 'Dieser Bezahlvorgang ist abgelaufen. Laden Sie die Seite neu.',
  loadFailed: 'Der Bezahlvorgang konnte nicht geladen werden. Laden Sie die Seite neu oder versuchen Sie es später.',
  unreachable: 'Das sichere Kartenformular ist nicht erreichbar. Prüfen Sie Ihre Verbindung und laden Sie neu.',
  networkRetry: 'Netzwerkproblem: Die Zahlung wurde nicht bestätigt. Versuchen Sie es erneut; Sie werden nicht doppelt belastet.',
  configError: 'Dieser Bezahlvorgang ist nicht richtig eingerichtet.',
};

const CATALOGUES: Record<SupportedLocale, Catalogue> = { en_US, zh_CN, ja_JP, es_ES, fr_FR, de_DE };

/** A message in `locale`, with `{name}` placeholders filled from `params`. */
export function message(locale: SupportedLocale, key: MessageKey, params: Record<string, string> = {}): string {
  const text = CATALOGUES[locale][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

const RESULT_KEYS: Record<string, MessageKey> = {
  USER_BALANCE_NOT_ENOUGH: 'insufficientFunds',
  CARD_EXPIRED: 'cardExpired',
  INVALID_CARD_NUMBER: 'checkNumber',
  INVALID_CVV: 'checkCvc',
  INVALID_EXPIRATION_DATE: 'checkExpiry',
  CARD_NOT_SUPPORTED: 'notSupported',
  PAYMENT_AMOUNT_EXCEED_LIMIT: 'overLimit',
  PAYMENT_COUNT_EXCEED_LIMIT: 'overLimit',
  AUTHENTICATION_REQUIRED: 'authRequired',
  ORDER_IS_CLOSED: 'orderClosed',
};

/** The buyer-facing message key for an Antom result code of a failed payment. */
export function resultMessageKey(resultCode: string): MessageKey {
  return RESULT_KEYS[resultCode] ?? 'declined';
}

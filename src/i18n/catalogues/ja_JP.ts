/** Element messages in ja_JP; loaded on demand so English-only pages do not pay for them. */
import type { Catalogue } from '../messages.js';

const catalogue: Catalogue = {
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

export default catalogue;

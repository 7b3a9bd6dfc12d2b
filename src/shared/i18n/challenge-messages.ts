/**
 * Texts of the 3-D Secure container page (the gateway-origin page inside the element's dialog that
 * frames the bank's page). Every locale is inline: the container loads only when a bank asks for a
 * challenge, and a second request for a catalogue would only delay the bank's page.
 */
import type { SupportedLocale } from './locale.js';

/** Every text the container page shows. */
export interface ChallengeMessages {
  /** The container page's `document.title`, e.g. `Verify with your bank`. */
  title: string;
  /** Title of the iframe holding the bank's page. */
  frameTitle: string;
  /** Shown until the bank's page has loaded. */
  starting: string;
  /** The bank's page could not be opened (network failure or an unreadable answer). */
  unreachable: string;
  /** The bank's answer never reached the gateway after the buyer finished. */
  noAnswer: string;
}

/** The container's texts by locale. */
export const CHALLENGE_MESSAGES: Record<SupportedLocale, ChallengeMessages> = {
  en_US: {
    title: 'Verify with your bank',
    frameTitle: 'Your bank’s verification page',
    starting: 'Contacting your bank…',
    unreachable: 'Your bank could not be reached. Cancel and try again.',
    noAnswer: 'Your bank has not confirmed the verification yet. Cancel and try again.',
  },
  zh_CN: {
    title: '向发卡行验证',
    frameTitle: '发卡行验证页面',
    starting: '正在联系您的发卡行…',
    unreachable: '无法连接您的发卡行。请取消后重试。',
    noAnswer: '您的发卡行尚未确认验证结果。请取消后重试。',
  },
  ja_JP: {
    title: 'カード会社で認証',
    frameTitle: 'カード会社の認証ページ',
    starting: 'カード会社に接続しています…',
    unreachable: 'カード会社に接続できません。キャンセルしてもう一度お試しください。',
    noAnswer: 'カード会社から認証結果がまだ届いていません。キャンセルしてもう一度お試しください。',
  },
  es_ES: {
    title: 'Verificación con tu banco',
    frameTitle: 'Página de verificación de tu banco',
    starting: 'Contactando con tu banco…',
    unreachable: 'No se pudo contactar con tu banco. Cancela e inténtalo de nuevo.',
    noAnswer: 'Tu banco aún no ha confirmado la verificación. Cancela e inténtalo de nuevo.',
  },
  fr_FR: {
    title: 'Vérification par votre banque',
    frameTitle: 'Page de vérification de votre banque',
    starting: 'Connexion à votre banque…',
    unreachable: 'Votre banque est injoignable. Annulez et réessayez.',
    noAnswer: 'Votre banque n’a pas encore confirmé la vérification. Annulez et réessayez.',
  },
  de_DE: {
    title: 'Bei Ihrer Bank bestätigen',
    frameTitle: 'Bestätigungsseite Ihrer Bank',
    starting: 'Verbindung zu Ihrer Bank wird hergestellt…',
    unreachable: 'Ihre Bank ist nicht erreichbar. Brechen Sie ab und versuchen Sie es erneut.',
    noAnswer: 'Ihre Bank hat die Bestätigung noch nicht gemeldet. Brechen Sie ab und versuchen Sie es erneut.',
  },
};

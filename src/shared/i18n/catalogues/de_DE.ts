/** Element messages in de_DE; loaded on demand so English-only pages do not pay for them. */
import type { Catalogue } from '../messages.js';

const catalogue: Catalogue = {
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
  networkRetry:
    'Netzwerkproblem: Die Zahlung wurde nicht bestätigt. Versuchen Sie es erneut; Sie werden nicht doppelt belastet.',
  configError: 'Dieser Bezahlvorgang ist nicht richtig eingerichtet.',
  savedCards: 'Bezahlen mit',
  newCard: 'Neue Karte verwenden',
  cardEnding: '{brand} endet auf {last4}',
  expires: 'Gültig bis {date}',
  expired: 'Abgelaufen',
  remove: 'Entfernen',
  removeCard: '{card} entfernen',
  cardSaved: 'Karte gespeichert',
  cardUnavailable: 'Diese gespeicherte Karte ist nicht mehr verfügbar. Wählen Sie eine andere oder eine neue Karte.',
  challengeTitle: 'Bei Ihrer Bank bestätigen',
  challengeFrameTitle: 'Bestätigungsseite Ihrer Bank',
  cancel: 'Abbrechen',
  challengeCancelled: 'Bestätigung abgebrochen.',
  verificationFailed:
    'Ihre Bank konnte Sie nicht bestätigen. Versuchen Sie es erneut oder verwenden Sie eine andere Karte.',
  challengeUnavailable: 'Die Bestätigungsseite Ihrer Bank konnte nicht geöffnet werden. Versuchen Sie es erneut.',
};

export default catalogue;

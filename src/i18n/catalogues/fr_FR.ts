/** Element messages in fr_FR; loaded on demand so English-only pages do not pay for them. */
import type { Catalogue } from '../messages.js';

const catalogue: Catalogue = {
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

export default catalogue;

/**
 * `antom-card-checkout/server`: a typed Node client for Antom's Open API (card payments), with
 * request signing, response and notification verification. Works against the real Antom and the
 * offline sandbox gateway alike.
 */
export { AntomClient, ANTOM_GLOBAL_ENDPOINT, DEFAULT_TIMEOUT_MS, type AntomClientOptions } from './client.js';
export { AntomError, isAntomError, type AntomErrorKind, type AntomErrorDetails } from './errors.js';
export {
  NOTIFICATION_ACK,
  NOTIFY_TYPES,
  parseNotification,
  verifyNotificationRequest,
  type AntomNotification,
  type CancelReason,
  type CaptureResultNotification,
  type NotificationRequest,
  type NotificationVerifier,
  type PaymentCancelledNotification,
  type PaymentResultNotification,
  type RefundResultNotification,
  type VaultingResultNotification,
} from './notifications.js';
export {
  apiPrefix,
  formatSignatureHeader,
  parseSignatureHeader,
  sign,
  stringToSign,
  verify,
  type KeyLike,
  type SignInput,
  type SignatureHeader,
} from './signing.js';
export * from './types.js';

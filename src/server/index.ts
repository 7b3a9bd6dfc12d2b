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
  checkNotificationRequest,
  parseNotification,
  verifyNotificationRequest,
  type AntomNotification,
  type CaptureResultNotification,
  type NotificationProblem,
  type NotificationRequest,
  type NotificationVerifier,
  type PaymentResultNotification,
  type RefundResultNotification,
  type VaultingResultNotification,
} from './notifications.js';
export {
  apiPrefix,
  checkRequestTime,
  formatSignatureHeader,
  isWellFormedClientId,
  parseRequestTime,
  REQUEST_TIME_WINDOW_MS,
  parseSignatureHeader,
  sign,
  signAsync,
  stringToSign,
  verify,
  type KeyLike,
  type RequestTimeProblem,
  type SignInput,
  type SignatureHeader,
} from './signing.js';
export * from './types.js';
/** The table of minor units per currency (ISO 4217, as Antom follows it), for pages that format amounts. */
export { MINOR_UNIT_EXCEPTIONS, minorUnits } from '../shared/currency.js';
/** The schema combinators the gateway and the card frame check their input with, for your own request bodies. */
export {
  array,
  boolean,
  flag,
  guard,
  isPlainObject,
  isRecord,
  mustBeTrue,
  nullable,
  number,
  object,
  oneOf,
  optional,
  refine,
  SchemaError,
  string,
  tryParse,
  variant,
  type Infer,
  type NumberRules,
  type ObjectRules,
  type OptionalRules,
  type Schema,
  type StringRules,
  type Variants,
} from '../shared/schema.js';

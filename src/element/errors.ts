/** The element's named errors: what the buyer reads for each, and the outcome of an unopenable bank page. */
import type { MessageKey } from '../shared/i18n/messages.js';
import type { PaymentOutcome } from '../shared/types.js';
import type { AntomErrorReason } from './events.js';

/** The buyer-facing message of each named error. */
export const ERROR_MESSAGES: Record<AntomErrorReason, MessageKey> = {
  INVALID_ATTRIBUTE: 'configError',
  ENVIRONMENT_REQUIRED: 'configError',
  MISSING_SESSION_SOURCE: 'configError',
  FRAME_BLOCKED: 'configError',
  CHUNK_LOAD_FAILED: 'configError',
  SESSION_REQUEST_FAILED: 'loadFailed',
  SESSION_HTTP_ERROR: 'loadFailed',
  SESSION_RESPONSE_INVALID: 'loadFailed',
  GATEWAY_ORIGIN_MISMATCH: 'configError',
  FRAME_LOAD_TIMEOUT: 'unreachable',
  COMPONENT_LOAD_FAILED: 'unreachable',
  SESSION_EXPIRED: 'sessionExpired',
  SESSION_NOT_FOUND: 'loadFailed',
  SESSION_INVALID: 'loadFailed',
  NETWORK_ERROR: 'unreachable',
  SUBMIT_NETWORK_ERROR: 'networkRetry',
  FORM_INVALID: 'formInvalid',
  DUPLICATE_SUBMISSION: 'processing',
  // An abnormal payment state: the merchant checks it server-side, so the buyer is told to wait, not to pay again.
  PAYMENT_ERROR: 'pending',
  SDK_INTERNAL: 'loadFailed',
};

/** The outcome reported when the bank's page cannot be opened (the container never said hello). */
export const CHALLENGE_UNAVAILABLE: PaymentOutcome = {
  status: 'FAIL',
  resultCode: 'CHALLENGE_UNAVAILABLE',
  resultMessage: '',
  paymentId: null,
  card: null,
};

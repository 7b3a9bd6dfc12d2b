/** What the buyer reads for each of the element's named errors (the reasons of `antom-error`). */
import type { MessageKey } from '../shared/i18n/messages.js';
import type { AntomErrorReason } from './events.js';

/** The buyer-facing message of each named error. */
export const ERROR_MESSAGES: Record<AntomErrorReason, MessageKey> = {
  INVALID_ATTRIBUTE: 'configError',
  SESSION_REQUEST_FAILED: 'loadFailed',
  SESSION_HTTP_ERROR: 'loadFailed',
  SESSION_RESPONSE_INVALID: 'loadFailed',
  GATEWAY_ORIGIN_MISMATCH: 'configError',
  FRAME_LOAD_TIMEOUT: 'unreachable',
  SESSION_EXPIRED: 'sessionExpired',
  SESSION_NOT_FOUND: 'loadFailed',
  SESSION_INVALID: 'loadFailed',
  NETWORK_ERROR: 'unreachable',
  SUBMIT_NETWORK_ERROR: 'networkRetry',
  FORM_INVALID: 'formInvalid',
};

/**
 * antom-card-checkout: importing this module has no side effects. Import
 * `antom-card-checkout/define` (or call `defineAntomCardCheckout()`) to register the element.
 */
export { AntomCardCheckout } from './antom-card-checkout.js';
export type {
  CheckoutMessages,
  CheckoutState,
  CheckoutStatus,
  FrameMessageKey,
  MessageKey,
  SubmitResult,
  ValidationResult,
} from './antom-card-checkout.js';
export type {
  AntomAuthorizedDetail,
  AntomCancelDetail,
  AntomCardSavedDetail,
  AntomChallengeDetail,
  AntomChangeDetail,
  AntomErrorDetail,
  AntomErrorReason,
  AntomEventDetails,
  AntomFailedDetail,
  AntomProcessingDetail,
  AntomReadyDetail,
  AntomRemoveCardDetail,
  AntomSdkCode,
  AntomSessionExpiredDetail,
  AntomSubmitDetail,
} from './events.js';
export type { SessionInput } from './controllers/session-loader.js';
export type { Amount, CardBrand, FieldErrorCode, FieldName, FieldState } from '../shared/types.js';
export type { Appearance, AppearanceToken } from '../shared/appearance.js';
export { SUPPORTED_LOCALES } from '../shared/i18n/locales.js';

/**
 * The element's public types as both framework bindings re-export them (`antom-card-checkout/react`,
 * `antom-card-checkout/vue`), so an app imports its types from the binding it uses. Types only:
 * nothing here exists at run time.
 */
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
  Amount,
  CardBrand,
  CheckoutState,
  CheckoutStatus,
  SessionInput,
  SubmitResult,
  ValidationResult,
} from '../element/index.js';
export type { AntomLoadingDetail } from '../element/events.js';

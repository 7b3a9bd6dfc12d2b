/**
 * The part of Antom's Web SDK (`@alipay/ams-checkout`) the driver uses, declared here instead of
 * imported: the package's own typings widen `Window` with an index signature of `any` for every
 * program that sees them. `test/types/ams-checkout` checks the package's classes against these.
 */

/** What the SDK passes to `onEventCallback`; untrusted, checked before use. */
export interface AntomSdkCallbackEvent {
  /** A Web SDK event code, e.g. `SDK_PAYMENT_SUCCESSFUL`. */
  code: string;
  /** The SDK's English explanation, when it gives one. */
  message?: string;
  /** The payment result the hosted page reported, forwarded by the SDK as it came. */
  result?: unknown;
}

/** What the SDK passes to `onError`. */
export interface AntomSdkErrorEvent {
  /** A Web SDK error code, e.g. `SDK_CREATECOMPONENT_ERROR`. */
  code: string;
  /** The SDK's English explanation. */
  message: string;
}

/** Constructor options the driver sets. */
export interface AntomSdkOptions {
  /** `sandbox` (Antom's test environment) or `prod`. */
  environment: 'sandbox' | 'prod';
  /** Antom-style locale for the hosted card page, e.g. `en_US`. */
  locale: string;
  /** Asks the SDK not to send analytics (1.47.2 still loads its tracker: see docs/antom-api.md section 10). */
  analytics: { enabled: boolean };
  /** Every status, payment result and error code. */
  onEventCallback(event: AntomSdkCallbackEvent): void;
  /** Errors, some of which also reach `onEventCallback`. */
  onError(event: AntomSdkErrorEvent): void;
}

/** Options of `mountComponent`. */
export interface AntomSdkMountParams {
  /** The session data, as Antom minted it. */
  sessionData: string;
  /** Keep the buyer on the page after the payment: the element's events drive it. */
  notRedirectAfterComplete: boolean;
  /** Look of the hosted card page. */
  appearance: { themeType: string; accentColor?: string; showLoading: boolean };
  /** Saved-card behaviour chosen by the merchant. */
  merchantAppointParam?: { storedCard: { needCVV: boolean } };
}

/** A mounted card component (payments or vaulting). */
export interface AntomSdkComponent {
  /** Mounts into the element found by `selector` in the document; settles once the hosted page answered. */
  mountComponent(params: AntomSdkMountParams, selector: string): Promise<void>;
  /** Submits the form; the outcome comes through `onEventCallback` (the promise may never settle). */
  submit(): Promise<unknown>;
  /** Removes the hosted page and the SDK's own listeners. */
  unmount(): void;
}

/** The payments component, which can also validate its fields. */
export interface AntomSdkCashierPayment extends AntomSdkComponent {
  /** True when the hosted form would accept a submit now. */
  validateFields(): Promise<{ isValid: boolean }>;
}

/** The exports of the SDK module the driver needs. */
export interface AntomSdkModule {
  /** Card payments (`CASHIER_PAYMENT` sessions). */
  AMSCashierPayment: new (options: AntomSdkOptions) => AntomSdkCashierPayment;
  /** Card binding (`VAULTING` sessions). */
  AMSVaulting: new (options: AntomSdkOptions) => AntomSdkComponent;
}

/**
 * Request and response shapes of Antom's Open API card endpoints, as Antom documents them.
 *
 * Antom's docs say every scalar is a string; its official SDKs send JSON booleans. Requests accept
 * both (`AntomBoolean`); responses always carry strings.
 */

/** Antom's result envelope, present in every response and notification. */
export interface AntomResult {
  /** Result code such as `SUCCESS`, `PAYMENT_IN_PROCESS` or `PARAM_ILLEGAL`. */
  resultCode: string;
  /** `S` done, `F` failed (final), `U` unknown or in process (inquire or wait for a notification). */
  resultStatus: 'S' | 'F' | 'U';
  /** Human-readable English message. */
  resultMessage: string;
}

/** An amount in minor units. */
export interface Amount {
  /** ISO 4217 code, e.g. `USD`. */
  currency: string;
  /** Positive integer in minor units, as a string: `"1000"` is 10.00 USD. */
  value: string;
}

/** A boolean as Antom accepts it: JSON boolean (SDKs) or the string form (docs). */
export type AntomBoolean = boolean | 'true' | 'false';

/** When funds are captured after authorization. */
export type CaptureMode = 'AUTOMATIC' | 'MANUAL';

/** The buyer's device class. */
export type TerminalType = 'WEB' | 'WAP' | 'APP' | 'MINI_APP';

/** A person's name. */
export interface PersonName {
  /** Given name. */
  firstName: string;
  /** Family name. */
  lastName: string;
  /** Optional middle name. */
  middleName?: string;
  /** Full name, when the parts are not known. */
  fullName?: string;
}

/** The buyer, as the merchant knows them. */
export interface Buyer {
  /** The merchant's id of the buyer (needed for saved cards). */
  referenceBuyerId?: string;
  /** Buyer's name. */
  buyerName?: PersonName;
  /** Buyer's email address. */
  buyerEmail?: string;
  /** Buyer's phone number. */
  buyerPhoneNo?: string;
  /** When the buyer registered with the merchant (ISO-8601). */
  buyerRegistrationTime?: string;
}

/** One line of an order. */
export interface Goods {
  /** The merchant's id of the item. */
  referenceGoodsId: string;
  /** Item name. */
  goodsName: string;
  /** Item category. */
  goodsCategory?: string;
  /** Price of one unit. */
  goodsUnitAmount?: Amount;
  /** Quantity, as a string. */
  goodsQuantity?: string;
  /** Product page URL. */
  goodsUrl?: string;
}

/** The merchant order the payment is for. */
export interface Order {
  /** The merchant's order id. */
  referenceOrderId: string;
  /** Short description shown to the buyer. */
  orderDescription: string;
  /** Order total. */
  orderAmount: Amount;
  /** The buyer. */
  buyer?: Buyer;
  /** Order lines. */
  goods?: Goods[];
}

/** The buyer's environment. */
export interface Env {
  /** Device class; `WEB` for a desktop browser. */
  terminalType: TerminalType;
  /** Mobile OS, for `WAP` and `APP`. */
  osType?: 'IOS' | 'ANDROID';
  /** Buyer's IP address. */
  clientIp?: string;
  /** Browser facts for risk control and 3DS. */
  browserInfo?: {
    /** The browser's `Accept` header. */
    acceptHeader?: string;
    /** Whether JavaScript is enabled. */
    javaScriptEnabled?: AntomBoolean;
    /** Browser language, e.g. `en-US`. */
    language?: string;
    /** The browser's `User-Agent`. */
    userAgent?: string;
  };
}

/** How the payment is authorized and captured. */
export interface PaymentFactor {
  /** `true` for card payments: authorization first, then capture. */
  isAuthorization?: AntomBoolean;
  /** `AUTOMATIC` (default) captures right after authorization; `MANUAL` waits for `capture`. */
  captureMode?: CaptureMode;
}

/** Settlement preferences. */
export interface SettlementStrategy {
  /** Currency the merchant is settled in. */
  settlementCurrency: string;
}

/** A saved card the buyer may pay with. */
export interface SavedPaymentMethod {
  /** Always `CARD` here. */
  paymentMethodType: 'CARD';
  /** The card token (`cardToken` from an earlier payment or vaulting). */
  paymentMethodId: string;
}

/** Card-on-file options of a payment session. */
export interface AvailablePaymentMethod {
  /** Options of the card method. */
  paymentMethodMetaData?: {
    /** `ASKFORCONSENT` shows a "save this card" choice; `ENABLE` always saves; `DISABLE` never. */
    tokenizeMode?: 'ASKFORCONSENT' | 'ENABLE' | 'DISABLE';
    /** The card will be kept on file for later payments. */
    isCardOnFile?: AntomBoolean;
    /** Ask the issuer to authenticate the buyer with 3-D Secure before authorizing. */
    is3DSAuthentication?: AntomBoolean;
  };
}

/** Merchant options of a payment session. */
export interface MerchantAppointParam {
  /** Options for paying with a saved card. */
  storedCard?: {
    /** The buyer types the saved card's CVC again before paying. */
    needCVV?: AntomBoolean;
  };
}

/** Body of `payments/createPaymentSession` for the card component (SDK integration). */
export interface CreatePaymentSessionRequest {
  /** Always `CASHIER_PAYMENT` for the card component. */
  productCode: 'CASHIER_PAYMENT';
  /** The merchant's unique id of this payment (at most 64 characters); the idempotency key. */
  paymentRequestId: string;
  /** Amount to pay. */
  paymentAmount: Amount;
  /** The order. */
  order: Order;
  /** Always `{ paymentMethodType: 'CARD' }` here. */
  paymentMethod: { paymentMethodType: 'CARD' };
  /** Authorization and capture options. */
  paymentFactor?: PaymentFactor;
  /** Where the buyer returns after a redirect (e.g. 3DS); its origin may embed the card frame. */
  paymentRedirectUrl: string;
  /** Where Antom posts the signed payment result notification. */
  paymentNotifyUrl?: string;
  /** Settlement preferences. */
  settlementStrategy?: SettlementStrategy;
  /** The buyer's environment. */
  env?: Env;
  /** Saved cards to offer. */
  savedPaymentMethods?: SavedPaymentMethod[];
  /** Card-on-file options. */
  availablePaymentMethod?: AvailablePaymentMethod;
  /** Merchant options of the checkout, e.g. whether a saved card needs its CVC again. */
  merchantAppointParam?: MerchantAppointParam;
  /** Session expiry (ISO-8601); default and maximum one hour from now. */
  paymentSessionExpiryTime?: string;
}

/** Fields of a successful `payments/createPaymentSession` response. */
export interface CreatePaymentSessionResult {
  /** Secret session data for the element (`<token>&&<region>&&<n>&&<base64 JSON>`, <= 4096 chars). */
  paymentSessionData: string;
  /** Public id of the session. */
  paymentSessionId: string;
  /** Session expiry (ISO-8601). */
  paymentSessionExpiryTime: string;
}

/** Status of a payment as `inquiryPayment` reports it. */
export type PaymentStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED' | 'PENDING';

/** 3-D Secure facts of a card payment. */
export interface ThreeDSResult {
  /** Protocol version, e.g. `2.2.0`. */
  threeDSVersion?: string;
  /** Electronic commerce indicator. */
  eci?: string;
  /** Cardholder authentication verification value. */
  cavv?: string;
  /** `"true"` when the buyer was challenged. */
  challenged?: string;
  /** `"true"` when the buyer abandoned the challenge. */
  challengeCancel?: string;
}

/** Card facts of a payment result; the number is always masked. */
export interface CardPaymentResultInfo {
  /** Masked number, e.g. `************0768`. */
  cardNo?: string;
  /** Brand in Antom's spelling (`VISA`, `MASTERCARD`, ...). */
  cardBrand?: string;
  /** Opaque token of the card (starts with `ALIPAY`), for later payments. */
  cardToken?: string;
  /** `CREDIT`, `DEBIT` or `PREPAID`. */
  funding?: string;
  /** ISO 3166 code of the issuing country. */
  issuingCountry?: string;
  /** Last four digits. */
  lastFour?: string;
  /** First six or eight digits. */
  cardBin?: string;
  /** Two-digit expiry month. */
  expiryMonth?: string;
  /** Two-digit expiry year. */
  expiryYear?: string;
  /** 3-D Secure facts. */
  threeDSResult?: ThreeDSResult;
  /** Card scheme's transaction id. */
  networkTransactionId?: string;
}

/** The acquirer that processed a transaction. */
export interface AcquirerInfo {
  /** Acquirer name. */
  acquirerName?: string;
  /** Acquirer's transaction id. */
  acquirerTransactionId?: string;
  /** Merchant id at the acquirer. */
  acquirerMerchantId?: string;
  /** Acquirer's raw result code. */
  acquirerResultCode?: string;
  /** Acquirer's raw result message. */
  acquirerResultMessage?: string;
}

/** Identifies a payment: by Antom's `paymentId`, the merchant's `paymentRequestId`, or both. */
export type PaymentReference =
  { paymentId: string; paymentRequestId?: string } | { paymentRequestId: string; paymentId?: string };

/** Body of `payments/inquiryPayment`. */
export type InquiryPaymentRequest = PaymentReference;

/** Kind of a transaction in `inquiryPayment`'s `transactions[]`. */
export type TransactionType = 'PAYMENT' | 'CAPTURE' | 'CANCEL' | 'REFUND' | 'AUTHORIZATION' | 'VOID';

/** One transaction on a payment. */
export interface Transaction {
  /** What the transaction did. */
  transactionType: TransactionType;
  /** `SUCCESS`, `FAIL`, `PROCESSING`, ... */
  transactionStatus: string;
  /** Antom's id of the transaction. */
  transactionId: string;
  /** The merchant's request id (e.g. `captureRequestId`). */
  transactionRequestId?: string;
  /** Amount of the transaction. */
  transactionAmount: Amount;
  /** When it happened (ISO-8601). */
  transactionTime?: string;
  /** Its own result envelope. */
  transactionResult: AntomResult;
}

/** What Antom says of a payment in `payments/pay` answers, `inquiryPayment` and `notifyPayment`. */
export interface PaymentFacts {
  /** Antom's payment id. */
  paymentId: string;
  /** The merchant's payment request id. */
  paymentRequestId: string;
  /** Amount of the payment. */
  paymentAmount: Amount;
  /** When the payment was created (ISO-8601). */
  paymentCreateTime?: string;
  /** When the payment succeeded (ISO-8601). */
  paymentTime?: string;
  /** When an uncaptured authorization is released (ISO-8601). */
  authExpiryTime?: string;
  /** Card facts. */
  paymentResultInfo?: CardPaymentResultInfo;
  /** The acquirer. */
  acquirerInfo?: AcquirerInfo;
}

/**
 * Fields of a successful `payments/inquiryPayment` response. `result` only says the inquiry worked;
 * the payment's own outcome is `paymentStatus` (and `paymentResultCode` for a decline).
 */
export interface InquiryPaymentResult extends Partial<PaymentFacts> {
  /** The payment's status; `SUCCESS` means authorized (a `CAPTURE` transaction shows the capture). */
  paymentStatus: PaymentStatus;
  /** Result code of the payment, e.g. `DO_NOT_HONOR` for a decline. */
  paymentResultCode?: string;
  /** Result message of the payment. */
  paymentResultMessage?: string;
  /** Captures, cancellations and refunds on the payment. */
  transactions?: Transaction[];
}

/** Card details of a server-to-server payment (PCI DSS merchants only). */
export interface CardPaymentMethodMetaData {
  /** Card number, digits only. */
  cardNo?: string;
  /** Card verification code. */
  cvv?: string;
  /** Two digits, `01`-`12`. */
  expiryMonth?: string;
  /** Two digits, e.g. `28`. */
  expiryYear?: string;
  /** Name on the card. */
  cardholderName?: PersonName;
  /** Ask for 3-D Secure. */
  is3DSAuthentication?: AntomBoolean;
  /** Save the card and return a `cardToken`. */
  tokenize?: AntomBoolean;
  /** The card is kept on file. */
  isCardOnFile?: AntomBoolean;
}

/** Body of `payments/pay` for a card (raw card data for PCI merchants, or a saved `cardToken`). */
export interface PayRequest {
  /** `CASHIER_PAYMENT` for card payments. */
  productCode: 'CASHIER_PAYMENT';
  /** The merchant's unique id of this payment; the idempotency key. */
  paymentRequestId: string;
  /** Amount to pay. */
  paymentAmount: Amount;
  /** The order. */
  order: Order;
  /** The card: `paymentMethodId` (a card token) or `paymentMethodMetaData` (card details). */
  paymentMethod: {
    /** Always `CARD` here. */
    paymentMethodType: 'CARD';
    /** A saved card token. */
    paymentMethodId?: string;
    /** Card details. */
    paymentMethodMetaData?: CardPaymentMethodMetaData;
  };
  /** Authorization and capture options. */
  paymentFactor?: PaymentFactor;
  /** Where the buyer returns after a 3DS redirect. */
  paymentRedirectUrl: string;
  /** Where Antom posts the payment result notification. */
  paymentNotifyUrl?: string;
  /** Settlement preferences. */
  settlementStrategy?: SettlementStrategy;
  /** The buyer's environment. */
  env?: Env;
}

/** A redirect the buyer must follow (3DS challenge). */
export interface RedirectActionForm {
  /** HTTP method of the redirect. */
  method: 'GET' | 'POST';
  /** Where to send the buyer. */
  redirectUrl: string;
  /** Form parameters for a `POST` redirect, as a JSON string. */
  parameters?: string;
}

/** Fields of a `payments/pay` response. */
export interface PayResult extends PaymentFacts {
  /** With `PAYMENT_IN_PROCESS`: where to send the buyer for 3DS. */
  redirectActionForm?: RedirectActionForm;
  /** With `PAYMENT_IN_PROCESS`: a plain URL for the same purpose. */
  normalUrl?: string;
}

/** Body of `payments/capture`. */
export interface CaptureRequest {
  /** The merchant's unique id of this capture; the idempotency key. */
  captureRequestId: string;
  /** Antom's payment id. */
  paymentId: string;
  /** Amount to capture (by default, the authorized amount). */
  captureAmount: Amount;
  /** Marks the last of several partial captures, where the acquirer allows them. */
  isLastCapture?: AntomBoolean;
}

/** Fields of a successful `payments/capture` response. */
export interface CaptureResult {
  /** The merchant's capture request id. */
  captureRequestId: string;
  /** Antom's capture id. */
  captureId: string;
  /** Antom's payment id. */
  paymentId: string;
  /** Amount captured. */
  captureAmount: Amount;
  /** When the capture happened (ISO-8601). */
  captureTime?: string;
  /** The acquirer's reference of the capture. */
  acquirerReferenceNo?: string;
}

/** Body of `payments/cancel` (`paymentId` wins when both are given). */
export type CancelRequest = PaymentReference;

/** Fields of a successful `payments/cancel` response. */
export interface CancelResult {
  /** Antom's payment id. */
  paymentId: string;
  /** The merchant's payment request id. */
  paymentRequestId: string;
  /** When the payment was cancelled (ISO-8601). */
  cancelTime: string;
}

/** Body of `payments/refund`. */
export interface RefundRequest {
  /** The merchant's unique id of this refund; the idempotency key. */
  refundRequestId: string;
  /** Antom's payment id. */
  paymentId: string;
  /** Amount to refund. */
  refundAmount: Amount;
  /** Why, for the buyer's statement. */
  refundReason?: string;
  /** Where Antom posts the refund result notification. */
  refundNotifyUrl?: string;
}

/** Fields of a successful `payments/refund` response. */
export interface RefundResult {
  /** The merchant's refund request id. */
  refundRequestId: string;
  /** Antom's refund id. */
  refundId: string;
  /** Antom's payment id. */
  paymentId: string;
  /** Amount refunded. */
  refundAmount: Amount;
  /** When the refund happened (ISO-8601). */
  refundTime?: string;
}

/** Body of `payments/inquiryRefund`: by Antom's `refundId` or the merchant's `refundRequestId`. */
export type InquiryRefundRequest =
  { refundId: string; refundRequestId?: string } | { refundRequestId: string; refundId?: string };

/** Fields of a successful `payments/inquiryRefund` response. */
export interface InquiryRefundResult {
  /** Antom's refund id. */
  refundId?: string;
  /** The merchant's refund request id. */
  refundRequestId?: string;
  /** Amount refunded. */
  refundAmount?: Amount;
  /** `SUCCESS`, `PROCESSING` or `FAIL`. */
  refundStatus: 'SUCCESS' | 'PROCESSING' | 'FAIL';
  /** When the refund happened (ISO-8601). */
  refundTime?: string;
}

/** Card details to vault server to server (PCI DSS merchants only); never log them. */
export interface VaultingCardInput {
  /** Card number, digits only. */
  cardNo: string;
  /** Two digits, `01`-`12`. */
  expiryMonth: string;
  /** Two digits, e.g. `28`. */
  expiryYear: string;
  /** Card verification code; used for the verification only, never stored by Antom. */
  cvv?: string;
  /** Name on the card. */
  cardholderName?: PersonName;
  /** Brand in Antom's spelling, when known. */
  brand?: string;
  /** Ask for 3-D Secure. */
  is3DSAuthentication?: AntomBoolean;
}

/** Body of `vaults/createVaultingSession`: a session for the element in `vault` mode. */
export interface CreateVaultingSessionRequest {
  /** Always `CARD`. */
  paymentMethodType: 'CARD';
  /** The merchant's unique id of this vaulting (at most 64 characters); the idempotency key. */
  vaultingRequestId: string;
  /** Where Antom posts the signed vaulting result (`notifyVaulting`). */
  vaultingNotificationUrl: string;
  /** Where the buyer returns after a redirect (e.g. 3DS); its origin may embed the card frame. */
  redirectUrl: string;
  /** ISO 3166 code of the merchant's region. */
  merchantRegion?: string;
  /** Ask for 3-D Secure when the card is vaulted. */
  is3DSAuthentication?: AntomBoolean;
}

/** Fields of a successful `vaults/createVaultingSession` response. */
export interface CreateVaultingSessionResult {
  /** Secret session data for the element (mode `vault`). */
  vaultingSessionData: string;
  /** Public id of the vaulting session. */
  vaultingSessionId: string;
  /** Session expiry (ISO-8601). */
  vaultingSessionExpiryTime: string;
}

/** Body of `vaults/vaultPaymentMethod`: vaults card details sent by a PCI DSS merchant. */
export interface VaultPaymentMethodRequest {
  /** The merchant's unique id of this vaulting; the idempotency key. */
  vaultingRequestId: string;
  /** Where Antom posts the vaulting result. */
  vaultingNotificationUrl: string;
  /** Where the buyer returns after a 3DS redirect. */
  redirectUrl: string;
  /** ISO 3166 code of the merchant's region. */
  merchantRegion?: string;
  /** The card to vault. */
  paymentMethodDetail: {
    /** Always `CARD`. */
    paymentMethodType: 'CARD';
    /** Card details. */
    card: VaultingCardInput;
  };
  /** The buyer's environment. */
  env?: Env;
}

/** A vaulted card as Antom describes it: masked, with the token to pay with later. */
export interface VaultedCard {
  /** Opaque token for `pay` and `savedPaymentMethods` (starts with `ALIPAY`). */
  cardToken: string;
  /** Masked number, e.g. `************0768`. */
  maskedCardNo?: string;
  /** Brand in Antom's spelling. */
  brand?: string;
  /** Two-digit expiry month. */
  expiryMonth?: string;
  /** Two-digit expiry year. */
  expiryYear?: string;
  /** `CREDIT`, `DEBIT` or `PREPAID`. */
  funding?: string;
  /** ISO 3166 code of the issuing country. */
  issuingCountry?: string;
  /** First six or eight digits. */
  cardBin?: string;
  /** Last four digits. */
  lastFour?: string;
}

/** `paymentMethodDetail` of vaulting answers and notifications. */
export interface VaultedPaymentMethodDetail {
  /** Always `CARD` here. */
  paymentMethodType: 'CARD';
  /** The vaulted card. */
  card?: VaultedCard;
}

/** Status of a vaulting. */
export type VaultingStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING';

/** Fields of a `vaults/vaultPaymentMethod` response. */
export interface VaultPaymentMethodResult {
  /** The merchant's vaulting request id. */
  vaultingRequestId: string;
  /** The vaulted card (on `S`). */
  paymentMethodDetail?: VaultedPaymentMethodDetail;
  /** With `U`/`VERIFICATION_IN_PROCESS`: where to send the buyer for 3DS. */
  normalUrl?: string;
  /** With `U`: the 3DS redirect as a form. */
  challengeActionForm?: RedirectActionForm;
}

/** Body of `vaults/inquireVaulting`. */
export interface InquireVaultingRequest {
  /** The merchant's vaulting request id. */
  vaultingRequestId: string;
}

/** Fields of a successful `vaults/inquireVaulting` response; `result` only says the inquiry worked. */
export interface InquireVaultingResult {
  /** The merchant's vaulting request id. */
  vaultingRequestId?: string;
  /** `SUCCESS`, `FAIL` or `PROCESSING`. */
  vaultingStatus: VaultingStatus;
  /** The vaulted card, when `SUCCESS`. */
  paymentMethodDetail?: VaultedPaymentMethodDetail;
  /** Where to send the buyer while `PROCESSING` (3DS). */
  normalUrl?: string;
}

/**
 * Body of `vaults/deleteToken` (the sandbox's endpoint; Antom's public reference lists no token
 * deletion endpoint, so against the real Antom use the one your account documents, through `call`).
 */
export interface DeleteTokenRequest {
  /** The card token to delete. */
  cardToken: string;
}

/** Fields of a successful `vaults/deleteToken` response. */
export interface DeleteTokenResult {
  /** The deleted card token. */
  cardToken?: string;
}

/** A response with `resultStatus: 'S'`: every field of `T` is there as documented. */
export type Succeeded<T> = T & { result: AntomResult & { resultStatus: 'S' } };

/**
 * A response with `resultStatus: 'U'`: the outcome is unknown or still in process. Only `result` is
 * certain; inquire later or wait for the notification. Never treat it as a failure.
 */
export type InProcess<T> = Partial<T> & { result: AntomResult & { resultStatus: 'U' } };

/** What a client method resolves with (`F` results reject with `AntomError` instead). */
export type AntomResponse<T> = Succeeded<T> | InProcess<T>;

/** Narrows a response to `S`; `false` means `U` (unknown or in process). */
export function isSucceeded<T>(response: AntomResponse<T>): response is Succeeded<T> {
  return response.result.resultStatus === 'S';
}

/**
 * Request and response shapes of Antom's Open API card endpoints. Field names and types follow the
 * official SDK models (`alipay/global-open-sdk-java`, docs/antom-api.md section 3); the models mark
 * nothing required, so a field is required here when Antom's API reference marks it REQUIRED.
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

/** `buyerName` or `cardholderName` (J `UserName.java`): the name in parts, or `fullName` when the parts are not known. */
export interface PersonName {
  /** Given name, at most 32 characters, e.g. `Ada` for Ada Lovelace. */
  firstName: string;
  /** Family name, at most 32 characters, e.g. `Lovelace` for Ada Lovelace. */
  lastName: string;
  /** Middle name or initial (at most 32 characters), for people who have one. */
  middleName?: string;
  /** Full name (at most 128 characters), when the parts are not known. */
  fullName?: string;
}

/** The buyer, as the merchant knows them. */
export interface Buyer {
  /** The merchant's id of the buyer (needed for saved cards). */
  referenceBuyerId?: string;
  /** The buyer's name as the merchant holds it, which may differ from the name on the card. */
  buyerName?: PersonName;
  /** E-mail address; the sandbox accepts at most 64 characters and does not check the format. */
  buyerEmail?: string;
  /** Phone number, at most 24 characters (J `Buyer.java`); the sandbox does not check the format. */
  buyerPhoneNo?: string;
  /** When the buyer registered with the merchant (ISO-8601). */
  buyerRegistrationTime?: string;
}

/** One line of `order.goods`; the sandbox accepts goods and does not read them. */
export interface Goods {
  /** The merchant's id of the item. */
  referenceGoodsId: string;
  /** Name of the item, e.g. `Wireless headphones`. */
  goodsName: string;
  /** Category of the item; free text as far as this client and the sandbox are concerned. */
  goodsCategory?: string;
  /** Price of one unit as an `Amount` in minor units. */
  goodsUnitAmount?: Amount;
  /** Number of units as a decimal string, e.g. `"2"`: Antom sends scalars as strings (docs/antom-api.md section 1). */
  goodsQuantity?: string;
  /** Link to the item's page, e.g. `https://shop.example/items/42`. */
  goodsUrl?: string;
}

/** `order` of a payment: the merchant's order the payment is for (required by Antom, as are these three fields). */
export interface Order {
  /** The merchant's own order id, at most 64 characters. */
  referenceOrderId: string;
  /** Short description shown to the buyer, at most 256 characters. */
  orderDescription: string;
  /** Order total, which may differ from `paymentAmount`. */
  orderAmount: Amount;
  /** Who buys, as the merchant knows them; `referenceBuyerId` ties saved cards to one buyer. */
  buyer?: Buyer;
  /** Items of the order, one entry per line. */
  goods?: Goods[];
}

/** `env`: the buyer's device and browser, for risk control and 3-D Secure. */
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
    /** `true` when the buyer's browser runs JavaScript; a boolean or its string form. */
    javaScriptEnabled?: AntomBoolean;
    /** Browser language, e.g. `en-US`. */
    language?: string;
    /** The browser's `User-Agent`. */
    userAgent?: string;
  };
}

/** How a server-to-server payment (`pay`) is authorized and captured; Antom needs none of it there. */
export interface PaymentFactor {
  /** `true` for card payments: authorization first, then capture. */
  isAuthorization?: AntomBoolean;
  /** `AUTOMATIC` (default) captures right after authorization; `MANUAL` waits for `capture`. */
  captureMode?: CaptureMode;
}

/**
 * `paymentFactor` of a card payment session: Antom wants `isAuthorization` "when the value of
 * paymentMethodType is CARD and you integrate the client-side SDK" (J `PaymentFactor.java`), which
 * is what a session for `<antom-card-checkout>` is.
 */
export interface CardSessionPaymentFactor {
  /** `true`: the card is authorized first, then captured. */
  isAuthorization: true | 'true';
  /** `AUTOMATIC` (default) captures right after authorization; `MANUAL` waits for `capture`. */
  captureMode?: CaptureMode;
}

/** `settlementStrategy`: the currency Antom settles the payment to the merchant in. */
export interface SettlementStrategy {
  /** ISO 4217 code, e.g. `USD`; the sandbox checks the code and ignores the choice. */
  settlementCurrency: string;
}

/** A saved card the buyer may pay with. */
export interface SavedPaymentMethod {
  /** `CARD`: this client only offers saved cards. */
  paymentMethodType: 'CARD';
  /** The card token (`cardToken` from an earlier payment or vaulting). */
  paymentMethodId: string;
}

/** Card-on-file options of a payment session. */
export interface AvailablePaymentMethod {
  /** Options of the card payment method: tokenization, card on file, 3-D Secure. */
  paymentMethodMetaData?: {
    /** `ASKFORCONSENT` shows a "save this card" choice; `ENABLE` always saves; `DISABLE` never. */
    tokenizeMode?: 'ASKFORCONSENT' | 'ENABLE' | 'DISABLE';
    /** The card will be kept on file for later payments. */
    isCardOnFile?: AntomBoolean;
    /** Ask the issuer to authenticate the buyer with 3-D Secure before authorizing. */
    is3DSAuthentication?: AntomBoolean;
  };
}

/**
 * Merchant options of a payment session. Not a field of Antom's `createPaymentSession` (J
 * `AlipayPaymentSessionRequest.java` has none): Antom's Web SDK takes it as a mount option, and the
 * sandbox reads it from the session instead (ours). Antom ignores it.
 */
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
  /** What the buyer pays; a repeated request with another amount gets `REPEAT_REQ_INCONSISTENT`. */
  paymentAmount: Amount;
  /** The order the payment is for; `orderDescription` is shown to the buyer. */
  order: Order;
  /** Always `{ paymentMethodType: 'CARD' }` here. */
  paymentMethod: { paymentMethodType: 'CARD' };
  /** `isAuthorization: true`, as a card session needs; `captureMode` defaults to `AUTOMATIC`. */
  paymentFactor: CardSessionPaymentFactor;
  /** Where the buyer returns after a redirect (e.g. 3DS), at most 2048 characters; its origin may embed the card frame. */
  paymentRedirectUrl: string;
  /** Where Antom posts the signed payment result notification. */
  paymentNotifyUrl?: string;
  /** The currency Antom settles this payment in. */
  settlementStrategy?: SettlementStrategy;
  /** Device and browser of the buyer, for risk control and 3-D Secure. */
  env?: Env;
  /** Card tokens to list as saved cards, in this order (at most 20 in the sandbox). */
  savedPaymentMethods?: SavedPaymentMethod[];
  /** Tokenization, card-on-file and 3-D Secure options of the card method. */
  availablePaymentMethod?: AvailablePaymentMethod;
  /** (ours: the sandbox reads it, Antom ignores it) whether a saved card needs its CVC again. */
  merchantAppointParam?: MerchantAppointParam;
  /** Session expiry (ISO-8601); default and maximum one hour from now. */
  paymentSessionExpiryTime?: string;
}

/** Fields of a successful `payments/createPaymentSession` response. */
export interface CreatePaymentSessionResult {
  /** Secret session data for the element (`<token>&&<region>&&<n>&&<base64 JSON>`, <= 4096 chars). */
  paymentSessionData: string;
  /** Public id, at most 64 characters (docs/antom-api.md section 3); the secret is `paymentSessionData`. */
  paymentSessionId: string;
  /** Session expiry (ISO-8601). */
  paymentSessionExpiryTime: string;
}

/** Antom's `TransactionStatusType`: the status of a payment, a refund or one transaction. */
export type TransactionStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED' | 'PENDING';

/** Status of a payment as `inquiryPayment` reports it; `PENDING` means paid, waiting for the final result. */
export type PaymentStatus = TransactionStatus;

/** 3-D Secure facts of a card payment. */
export interface ThreeDSResult {
  /** Protocol version, e.g. `2.2.0`. */
  threeDSVersion?: string;
  /** ECI: `02`/`05` authenticated, `01`/`06` attempted, `00`/`07` none (docs/antom-api.md section 5). */
  eci?: string;
  /** Cardholder authentication verification value. */
  cavv?: string;
  /** The directory server's transaction id. */
  dsTransactionId?: string;
  /** Whether the buyer was challenged: a Boolean in the SDK models, a string in the docs (and the sandbox). */
  challenged?: AntomBoolean;
  /** Why a challenge was cancelled: Antom's codes `01`-`08` (`01` the cardholder cancelled), docs/antom-api.md section 5. */
  challengeCancel?: string;
}

/** Card facts of a payment result; the number is always masked. */
export interface CardPaymentResultInfo {
  /** Masked number, e.g. `************0768`. */
  cardNo?: string;
  /** Brand in Antom's `CardBrand` spelling (`VISA`, `MASTERCARD`, `CUP` for UnionPay, ...). */
  cardBrand?: string;
  /** Opaque token of the card (starts with `ALIPAY`), for later payments. */
  cardToken?: string;
  /** `CREDIT`, `DEBIT` or `PREPAID`; Antom also has `CHARGE` and `DEFERRED_DEBIT` (docs/antom-api.md section 5). */
  funding?: string;
  /** ISO 3166 code of the issuing country. */
  issuingCountry?: string;
  /** Last four digits of the card number, e.g. `0768`. */
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

/** `acquirerInfo`: the acquirer Antom routed the payment to (docs/antom-api.md section 4). */
export interface AcquirerInfo {
  /** Name of the acquirer Antom routed to, e.g. `SANDBOX_ACQ_SG` in the sandbox. */
  acquirerName?: string;
  /** The acquirer's own reference of the transaction (20 digits in the sandbox). */
  acquirerTransactionId?: string;
  /** The merchant's id in the acquirer's books, not the Antom client id. */
  acquirerMerchantId?: string;
  /** Acquirer's raw result code. */
  acquirerResultCode?: string;
  /** Acquirer's raw result message. */
  acquirerResultMessage?: string;
}

/** Identifies a payment: by Antom's `paymentId`, the merchant's `paymentRequestId`, or both. */
export type PaymentReference =
  { paymentId: string; paymentRequestId?: string } | { paymentRequestId: string; paymentId?: string };

/** Body of `payments/inquiryPayment`: either reference finds the payment; `paymentId` wins. */
export type InquiryPaymentRequest = PaymentReference;

/** Kind of a transaction in `inquiryPayment`'s `transactions[]` (J `TransactionType.java`). */
export type TransactionType = 'PAYMENT' | 'CAPTURE' | 'CANCEL' | 'REFUND' | 'AUTHORIZATION' | 'VOID' | 'INCREMENTAL';

/** One entry of `transactions[]`: an authorization, capture, cancel, void or refund. */
export interface Transaction {
  /** Antom's `transactionType`; the sandbox never sends `PAYMENT` or `INCREMENTAL` (docs/antom-api.md section 4). */
  transactionType: TransactionType;
  /** This step's status, e.g. `SUCCESS`, `FAIL` or `PROCESSING`. */
  transactionStatus: TransactionStatus;
  /** Antom's id of this transaction; in the sandbox a capture's is its `captureId`. */
  transactionId: string;
  /** The merchant's request id (e.g. `captureRequestId`). */
  transactionRequestId?: string;
  /** What this step moved: the captured, voided or refunded part, or the authorized amount. */
  transactionAmount: Amount;
  /** When it happened (ISO-8601). */
  transactionTime?: string;
  /** This step's own envelope; the payment's outcome is `paymentStatus`. */
  transactionResult: AntomResult;
}

/** What Antom says of a payment in `payments/pay` answers, `inquiryPayment` and `notifyPayment`. */
export interface PaymentFacts {
  /** Antom's id of the payment; `capture`, `cancel` and `refund` name the payment by it. */
  paymentId: string;
  /** The merchant's `paymentRequestId` the payment was created with (at most 64 characters). */
  paymentRequestId: string;
  /** The amount the payment was created for (`paymentAmount` of the request). */
  paymentAmount: Amount;
  /** When the payment was created (ISO-8601). */
  paymentCreateTime?: string;
  /** When the payment succeeded (ISO-8601). */
  paymentTime?: string;
  /** When an uncaptured authorization is released (ISO-8601). */
  authExpiryTime?: string;
  /** Masked card facts (number, brand, BIN, last four), with `cardToken` when one was issued. */
  paymentResultInfo?: CardPaymentResultInfo;
  /** The acquirer Antom routed the payment to. */
  acquirerInfo?: AcquirerInfo;
}

/**
 * Fields of a successful `payments/inquiryPayment` response. `result` only says the inquiry worked;
 * the payment's own outcome is `paymentStatus` (and `paymentResultCode` for a decline). A payment
 * that does not exist (a session whose buyer never paid) is `ORDER_NOT_EXIST` (F), not a result.
 */
export interface InquiryPaymentResult extends PaymentFacts {
  /** The payment's status; `SUCCESS` means authorized (a `CAPTURE` transaction shows the capture). */
  paymentStatus: PaymentStatus;
  /** Result code of the payment, e.g. `SUCCESS`, or `DO_NOT_HONOR` for a decline. */
  paymentResultCode: string;
  /** English text of `paymentResultCode`. */
  paymentResultMessage: string;
  /** Captures, cancellations and refunds on the payment. */
  transactions?: Transaction[];
  /** While a `pay` waits for the buyer at the issuer (3-D Secure): where to send the buyer. */
  redirectActionForm?: RedirectActionForm;
}

/** Card details of a server-to-server payment (PCI DSS merchants only). */
export interface CardPaymentMethodMetaData {
  /** Card number, digits only. */
  cardNo?: string;
  /** CVC/CVV: 3 digits, 4 for Amex (docs/antom-api.md section 11). */
  cvv?: string;
  /** Two digits, `01`-`12`. */
  expiryMonth?: string;
  /** Two digits, e.g. `28`. */
  expiryYear?: string;
  /** Cardholder name as printed on the card, in parts or as `fullName`. */
  cardholderName?: PersonName;
  /** Ask for 3-D Secure: the answer is then `U` with the issuer's page to redirect the buyer to. */
  is3DSAuthentication?: AntomBoolean;
  /** A card whose scheme requires 3-D Secure is challenged (a redirect) instead of declined. */
  enableAuthenticationUpgrade?: AntomBoolean;
  /** Save the card and return a `cardToken`. */
  tokenize?: AntomBoolean;
  /** `true` when the merchant keeps the card on file for later payments. */
  isCardOnFile?: AntomBoolean;
}

/** Body of `payments/pay` for a card (raw card data for PCI merchants, or a saved `cardToken`). */
export interface PayRequest {
  /** `CASHIER_PAYMENT` for card payments. */
  productCode: 'CASHIER_PAYMENT';
  /** The merchant's unique id of this payment; the idempotency key. */
  paymentRequestId: string;
  /** What the card is charged; a repeated request with another amount gets `REPEAT_REQ_INCONSISTENT`. */
  paymentAmount: Amount;
  /** The order the payment is for (required by Antom). */
  order: Order;
  /** The card: `paymentMethodId` (a card token) or `paymentMethodMetaData` (card details). */
  paymentMethod: {
    /** `CARD`: this client only pays with cards. */
    paymentMethodType: 'CARD';
    /** A `cardToken` from an earlier payment or vaulting; leave out `paymentMethodMetaData` then. */
    paymentMethodId?: string;
    /** Raw card details (PCI DSS merchants only); leave out `paymentMethodId` then. */
    paymentMethodMetaData?: CardPaymentMethodMetaData;
  };
  /** Card payments need `isAuthorization: true`; `captureMode` defaults to `AUTOMATIC`. */
  paymentFactor?: PaymentFactor;
  /** Where the buyer returns after a 3DS redirect. */
  paymentRedirectUrl: string;
  /** Where Antom posts the payment result notification. */
  paymentNotifyUrl?: string;
  /** The currency Antom settles this payment in. */
  settlementStrategy?: SettlementStrategy;
  /** Device and browser of the buyer, for risk control and 3-D Secure. */
  env?: Env;
}

/** A redirect the buyer must follow, e.g. to 3-D Secure (J `model/ams/RedirectActionForm.java`). */
export interface RedirectActionForm {
  /** `GET`: send the buyer to `redirectUrl`; `POST`: make the buyer's browser submit `parameters` to it as a form. */
  method: 'GET' | 'POST';
  /** The page the buyer completes 3-D Secure on (at most 2048 characters). */
  redirectUrl: string;
  /** Key-value parameters of a `POST` redirect (at most 2048 characters); absent for `GET`. */
  parameters?: string;
  /** Always `RedirectActionForm` when sent. */
  actionFormType?: 'RedirectActionForm';
}

/**
 * Fields of a `payments/pay` response. With `PAYMENT_IN_PROCESS` (3-D Secure) send the buyer to
 * `normalUrl` (or follow `redirectActionForm`); the buyer comes back to `paymentRedirectUrl`, and
 * the result arrives by `notifyPayment` (or `inquiryPayment`), never by the return itself.
 */
export interface PayResult extends PaymentFacts {
  /** With `PAYMENT_IN_PROCESS`: where to send the buyer for 3DS, as a form to follow. */
  redirectActionForm?: RedirectActionForm;
  /** With `PAYMENT_IN_PROCESS`: the page to open in the buyer's browser (at most 2048 characters). */
  normalUrl?: string;
}

/** Body of `payments/capture`: moves the funds of a `MANUAL` authorization within 7 days. */
export interface CaptureRequest {
  /** The merchant's unique id of this capture; the idempotency key. */
  captureRequestId: string;
  /** Antom's id of the payment to capture, from `pay`, `notifyPayment` or `inquiryPayment`. */
  paymentId: string;
  /** Amount to capture (by default, the authorized amount). */
  captureAmount: Amount;
  /** Marks the last of several partial captures, where the acquirer allows them. */
  isLastCapture?: AntomBoolean;
}

/** Fields of a successful `payments/capture` response. */
export interface CaptureResult {
  /** The `captureRequestId` the request sent, echoed. */
  captureRequestId: string;
  /** Antom's id of this capture (in the sandbox, its `CAPTURE` transaction's id). */
  captureId: string;
  /** Antom's id of the captured payment. */
  paymentId: string;
  /** The amount this capture moved. */
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
  /** Antom's id of the cancelled payment, whichever reference the request used. */
  paymentId: string;
  /** The merchant's `paymentRequestId` of the cancelled payment. */
  paymentRequestId: string;
  /** When the payment was cancelled (ISO-8601). */
  cancelTime: string;
}

/** Body of `payments/refund`: returns captured funds, never more than captured in total. */
export interface RefundRequest {
  /** The merchant's unique id of this refund; the idempotency key. */
  refundRequestId: string;
  /** Antom's id of the captured payment to refund. */
  paymentId: string;
  /** Part or all of what was captured, in the payment's currency. */
  refundAmount: Amount;
  /** Why, for the buyer's statement. */
  refundReason?: string;
  /** Where Antom posts the refund result notification, at most 1024 characters (J `AlipayRefundRequest.java`). */
  refundNotifyUrl?: string;
}

/** Fields of a successful `payments/refund` response. */
export interface RefundResult {
  /** The `refundRequestId` the request sent, echoed. */
  refundRequestId: string;
  /** Antom's id of this refund, which `inquiryRefund` also accepts. */
  refundId: string;
  /** Antom's id of the refunded payment. */
  paymentId: string;
  /** The amount this refund returns to the buyer. */
  refundAmount: Amount;
  /** When the refund happened (ISO-8601). */
  refundTime?: string;
}

/** Body of `payments/inquiryRefund`: by Antom's `refundId` or the merchant's `refundRequestId`. */
export type InquiryRefundRequest =
  { refundId: string; refundRequestId?: string } | { refundRequestId: string; refundId?: string };

/** Fields of a successful `payments/inquiryRefund` response. */
export interface InquiryRefundResult {
  /** Antom's id of the refund; the sandbox leaves it out for a refused request. */
  refundId?: string;
  /** The merchant's `refundRequestId`, echoed. */
  refundRequestId?: string;
  /** The amount of the refund the request asked for. */
  refundAmount?: Amount;
  /** `PROCESSING` until the refund completes, then `SUCCESS` or `FAIL` (final); Antom's `TransactionStatusType`. */
  refundStatus: TransactionStatus;
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
  /** Cardholder name as printed on the card, in parts or as `fullName`. */
  cardholderName?: PersonName;
  /** Brand in Antom's spelling, when known. */
  brand?: string;
  /** Ask for 3-D Secure. */
  is3DSAuthentication?: AntomBoolean;
}

/** Body of `vaults/createVaultingSession`: a session for the element in `vault` mode. */
export interface CreateVaultingSessionRequest {
  /** `CARD`: vaulting sessions of this client bind cards only. */
  paymentMethodType: 'CARD';
  /** The merchant's unique id of this vaulting (at most 64 characters); the idempotency key. */
  vaultingRequestId: string;
  /** Where Antom posts the signed vaulting result (`notifyVaulting`). */
  vaultingNotificationUrl: string;
  /** Where the buyer returns after the vaulting, if anywhere (optional here, as in Antom's reference); its origin may embed the card frame. */
  redirectUrl?: string;
  /** ISO 3166 code of the merchant's region. */
  merchantRegion?: string;
  /** Ask for 3-D Secure when the card is vaulted. */
  is3DSAuthentication?: AntomBoolean;
}

/** Fields of a successful `vaults/createVaultingSession` response. */
export interface CreateVaultingSessionResult {
  /** Secret session data for the element (mode `vault`). */
  vaultingSessionData: string;
  /** Public id of the vaulting session; the secret is `vaultingSessionData`. */
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
  /** The card details, nested with `paymentMethodType` as Antom's model has them. */
  paymentMethodDetail: {
    /** `CARD`: this client vaults cards only. */
    paymentMethodType: 'CARD';
    /** Raw card details; never log them. */
    card: VaultingCardInput;
  };
  /** Device and browser of the buyer, for risk control and 3-D Secure. */
  env?: Env;
}

/**
 * A vaulted card as Antom describes it (J `CardPaymentMethodDetail.java`): masked, with the token to
 * pay with later. Its BIN is `bin`, not `PaymentResultInfo`'s `cardBin`.
 */
export interface VaultedCard {
  /** Opaque token for `pay` and `savedPaymentMethods` (starts with `ALIPAY`). */
  cardToken: string;
  /** Masked number, e.g. `************0768`. */
  maskedCardNo?: string;
  /** Brand in Antom's `CardBrand` spelling (`CUP` for UnionPay). */
  brand?: string;
  /** Two-digit expiry month. */
  expiryMonth?: string;
  /** Two-digit expiry year. */
  expiryYear?: string;
  /** `CREDIT`, `DEBIT` or `PREPAID`; Antom also has `CHARGE` and `DEFERRED_DEBIT` (docs/antom-api.md section 5). */
  funding?: string;
  /** ISO 3166 code of the issuing country. */
  issuingCountry?: string;
  /** Name of the issuing bank. */
  issuerName?: string;
  /** First six or eight digits. */
  bin?: string;
  /** Last four digits of the card number, e.g. `0768`. */
  last4?: string;
  /** The same last four digits under the model's other name; read `last4` first. */
  lastFour?: string;
}

/** `paymentMethodDetail` of vaulting answers and notifications. */
export interface VaultedPaymentMethodDetail {
  /** `CARD`: the only type this client vaults. */
  paymentMethodType: 'CARD';
  /** The bound card with its token; absent until the vaulting succeeded. */
  card?: VaultedCard;
}

/** `vaultingStatus`: `PROCESSING` until the card is bound (`SUCCESS`) or the vaulting failed (`FAIL`). */
export type VaultingStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING';

/**
 * Fields of a `vaults/vaultPaymentMethod` response (J `AlipayVaultingPaymentMethodResponse.java`).
 * With `VERIFICATION_IN_PROCESS` (3-D Secure) send the buyer to `normalUrl`; the buyer comes back to
 * `redirectUrl` and `notifyVaulting` tells the result.
 */
export interface VaultPaymentMethodResult {
  /** The `vaultingRequestId` the request sent, echoed. */
  vaultingRequestId: string;
  /** The vaulted card (on `S`). */
  paymentMethodDetail?: VaultedPaymentMethodDetail;
  /** With `U`/`VERIFICATION_IN_PROCESS`: the page to open in the buyer's browser for 3DS. */
  normalUrl?: string;
  /** With `U`: an app's URL scheme for the same page (the sandbox sends none). */
  schemeUrl?: string;
  /** With `U`: an app link for the same page (the sandbox sends none). */
  applinkUrl?: string;
}

/** Body of `vaults/inquireVaulting`: the vaulting is found by the merchant's request id only. */
export interface InquireVaultingRequest {
  /** The `vaultingRequestId` of `createVaultingSession` or `vaultPaymentMethod`. */
  vaultingRequestId: string;
}

/** Fields of a successful `vaults/inquireVaulting` response; `result` only says the inquiry worked. */
export interface InquireVaultingResult {
  /** The `vaultingRequestId` asked about, echoed. */
  vaultingRequestId?: string;
  /** Where the vaulting stands; `PROCESSING` while the buyer has not finished, e.g. a 3-D Secure check. */
  vaultingStatus: VaultingStatus;
  /** The vaulted card, when `SUCCESS`. */
  paymentMethodDetail?: VaultedPaymentMethodDetail;
  /** Where to send the buyer while `PROCESSING` (3DS). */
  normalUrl?: string;
  /** Why the vaulting failed (`FAIL`), e.g. `DO_NOT_HONOR`; `VERIFICATION_IN_PROCESS` while `PROCESSING`. */
  vaultingResultCode?: string;
  /** English text of `vaultingResultCode`. */
  vaultingResultMessage?: string;
}

/**
 * A card token and the merchant account it belongs to: the body of `vaults/deleteToken` and
 * `vaults/inquireToken` (J `AlipayDeleteTokenRequest.java`; both fields REQUIRED in D
 * `oneapi/delete_token`).
 */
export interface TokenReference {
  /** The card token (`cardToken` of a payment or vaulting), at most 255 characters. */
  token: string;
  /** Your merchant account id from Antom Dashboard, at most 64 characters (the sandbox accepts any). */
  merchantAccountId: string;
}

/** Body of `vaults/deleteToken`: payments already made with the token are not affected. */
export type DeleteTokenRequest = TokenReference;

/** Fields of a successful `vaults/deleteToken` response: Antom answers `result` alone. */
export type DeleteTokenResult = Record<never, never>;

/** Body of `vaults/inquireToken` (J `AlipayVaultingInquireTokenRequest.java`). */
export type InquireTokenRequest = TokenReference;

/** Fields of a successful `vaults/inquireToken` response (J `AlipayVaultingInquireTokenResponse.java`). */
export interface InquireTokenResult {
  /** The token asked about, echoed. */
  token: string;
  /** The account holder's name, when one is known (set through `updateToken` in the sandbox). */
  accountHolderName?: PersonName;
  /** The buyer's e-mail address, when one is known. */
  email?: string;
  /** Name of the issuing bank, when Antom knows it (the sandbox does not). */
  issuerName?: string;
  /** ISO 3166 code of the issuing country. */
  issuingCountry?: string;
  /** After this time the token cannot pay; for a card, the end of its expiry month (ISO-8601). */
  tokenExpiryTime?: string;
}

/** Body of `vaults/updateToken` (J `AlipayUpdateTokenRequest.java`): the token and what changes. */
export interface UpdateTokenRequest extends TokenReference {
  /** The account holder's name to record. */
  accountHolderName?: PersonName;
  /** The buyer's e-mail address to record. */
  email?: string;
  /** The token's new expiry (ISO-8601 with an offset); a card token expires with that month. */
  tokenExpiryTime?: string;
}

/** Fields of a successful `vaults/updateToken` response (J `AlipayUpdateTokenResponse.java`). */
export interface UpdateTokenResult {
  /** The updated token, echoed. */
  token: string;
}

/**
 * Body of `payments/retrievePaymentSession`: J `AlipayRetrievePaymentSessionRequest.java` has
 * `paymentRequestId`; D `apo/retrievePaymentSession` adds `paymentSessionId`, which wins.
 */
export type RetrievePaymentSessionRequest =
  { paymentRequestId: string; paymentSessionId?: string } | { paymentSessionId: string; paymentRequestId?: string };

/** Fields of a successful `payments/retrievePaymentSession` response (J `AlipayRetrievePaymentSessionResponse.java`). */
export interface RetrievePaymentSessionResult {
  /** The order, for checkout-page and Element sessions only (D `apo/retrievePaymentSession`). */
  order?: Order;
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

/**
 * The engine's records. Plain data, no HTTP: the Open API and SDK handlers map them to Antom's
 * JSON. No record ever holds a card number or a CVC; card facts are masked (BIN + last four).
 */
import type { KeyObject } from 'node:crypto';
import type { Amount, CardBrand, ResultEnvelope } from '#shared';
import type { RoutingConfig, RoutingSettings } from './routing-config.js';
import type { PaymentState } from './state-machine.js';
import type { MaskedCard, VerifiableCard } from './test-cards.js';

/** `paymentFactor.captureMode`: `AUTOMATIC` (the default) captures at once, `MANUAL` waits for `payments/capture`. */
export type CaptureMode = 'AUTOMATIC' | 'MANUAL';

/**
 * `availablePaymentMethod.paymentMethodMetaData.tokenizeMode`: `ASKFORCONSENT` offers the buyer a
 * "Save this card" box, `ENABLE` tokenizes every approved new card, `DISABLE` (the default) never.
 */
export type TokenizeMode = 'ASKFORCONSENT' | 'ENABLE' | 'DISABLE';

/** A merchant as the sandbox registers it (in `.sandbox/merchants.json` or `GatewayOptions.merchants`). */
export interface MerchantConfig {
  /** Antom client id; `SANDBOX_...` ids use the sandbox path prefix in the official SDKs. */
  clientId: string;
  /** Display name shown in the card frame. */
  name: string;
  /** The merchant's RSA public key (SPKI PEM) that verifies its requests. */
  publicKeyPem: string;
  /** Key version the merchant signs with (default `'1'`). */
  keyVersion?: string;
  /** Default notification URL when a session names none. */
  notifyUrl?: string;
  /** Origins allowed to frame the card page (added to the origin of `paymentRedirectUrl`). */
  allowedOrigins: string[];
  /** Brands the merchant accepts (default: VISA, MASTERCARD, AMEX, UNIONPAY, JCB, DINERS, DISCOVER). */
  brands?: CardBrand[];
  /** Acquirer routing: custom rules, intelligent routing on or off, default acquirer (default: intelligent routing). */
  routing?: RoutingConfig;
  /** Allow partial and multiple captures of one authorization (default false: capture the full amount once). */
  partialCapture?: boolean;
}

/** A registered merchant, with its key parsed. */
export interface Merchant {
  /** Antom client id from `MerchantConfig.clientId`: 1 to 64 letters, digits, dots, dashes or underscores. */
  clientId: string;
  /** `MerchantConfig.name` (1 to 128 characters), shown to the buyer in the card frame. */
  name: string;
  /** `MerchantConfig.publicKeyPem` parsed once at startup; verifies the merchant's request signatures. */
  publicKey: KeyObject;
  /** `MerchantConfig.keyVersion`, `'1'` when the configuration leaves it out. */
  keyVersion: string;
  /** `MerchantConfig.notifyUrl`, used when a request names none; `undefined` when not configured. */
  notifyUrl: string | undefined;
  /** `MerchantConfig.allowedOrigins`; each session adds the origin of its redirect URL. */
  allowedOrigins: string[];
  /** Brands every card check accepts: `MerchantConfig.brands`, else `DEFAULT_BRANDS`. */
  brands: CardBrand[];
  /** `MerchantConfig.routing` checked, with defaults applied where it leaves fields out. */
  routing: RoutingSettings;
  /** `MerchantConfig.partialCapture`, false by default: one capture of the full amount. */
  partialCapture: boolean;
}

/** `order.buyer` as the sandbox keeps it. */
export interface Buyer {
  /** The merchant's own id for the buyer (at most 64 characters), kept as sent. */
  referenceBuyerId?: string;
  /** At most 64 characters; the sandbox does not check its format. */
  buyerEmail?: string;
  /** At most 32 characters; the sandbox does not check its format. */
  buyerPhoneNo?: string;
}

/** `order` of a session. */
export interface Order {
  /** `order.orderDescription` (required, at most 256 characters), shown to the buyer. */
  orderDescription: string;
  /** `order.referenceOrderId` (required): the merchant's own order id, at most 64 characters. */
  referenceOrderId: string;
  /** `order.orderAmount` (required): the order's total, which may differ from the payment amount. */
  orderAmount: Amount;
  /** `order.buyer`: identifiers the sandbox stores and never uses. */
  buyer?: Buyer;
}

/** A validated `createPaymentSession` request, as the engine receives it. */
export interface CreateSessionInput {
  /** Merchant's payment request id (idempotency key, 1..64). */
  paymentRequestId: string;
  /** `paymentAmount`: a repeated request with another amount gets `REPEAT_REQ_INCONSISTENT`. */
  amount: Amount;
  /** `order`, as far as the sandbox keeps it. */
  order: Order;
  /** `paymentFactor.captureMode`, `AUTOMATIC` when the request leaves it out. */
  captureMode: CaptureMode;
  /** Where the buyer returns; its origin may frame the card page. */
  redirectUrl: string;
  /** `paymentNotifyUrl`; overrides `Merchant.notifyUrl` for this session's payment. */
  notifyUrl?: string;
  /** `env.terminalType` (`WEB`, `WAP`, `APP` or `MINI_APP`): checked, then not kept. */
  terminalType?: string;
  /** `settlementStrategy.settlementCurrency`, an ISO 4217 code: checked, then not kept. */
  settlementCurrency?: string;
  /** Requested expiry: the instant and the text the merchant sent. */
  expiry?: { at: Date; text: string };
  /** `savedPaymentMethods[].paymentMethodId`: card tokens offered to the buyer, in the merchant's order. */
  savedPaymentMethods?: string[];
  /** Whether an approved new card is tokenized (default `DISABLE`). */
  tokenizeMode?: TokenizeMode;
  /** `isCardOnFile`: recorded; changes nothing in the sandbox. */
  isCardOnFile?: boolean;
  /** `is3DSAuthentication`: the buyer passes the issuer's 3-D Secure challenge before authorization (default false). */
  threeDS?: boolean;
  /** `merchantAppointParam.storedCard.needCVV`: a saved card needs its CVC typed again. */
  savedCardCvc?: boolean;
}

/** A saved card a session offers: its token and the display facts the token had when the session was created. */
export interface SessionSavedCard {
  /** The merchant's `paymentMethodId`; never shown to the browser. */
  cardToken: string;
  /** Brand of the token's card, as recorded when it was issued. */
  brand: CardBrand;
  /** Last four digits of the token's card; the browser shows these, never the token. */
  last4: string;
  /** Two-digit expiry month. */
  expiryMonth: string;
  /** Two-digit expiry year. */
  expiryYear: string;
}

/** A `createPaymentSession` session: what the frame may charge, for whom, and until when. */
export interface PaymentSession {
  /** `PS` + UTC time stamp + 16 digits; part of the frame URL, so not a secret. */
  paymentSessionId: string;
  /** Client id of the merchant that created it. */
  clientId: string;
  /** The merchant's `paymentRequestId`, its idempotency key for `createPaymentSession`. */
  paymentRequestId: string;
  /** The full session data string the merchant hands to the browser (secret). */
  paymentSessionData: string;
  /** `paymentAmount`: what the session's payment authorizes. */
  amount: Amount;
  /** `order` of the request, copied. */
  order: Order;
  /** `paymentFactor.captureMode` of the request, `AUTOMATIC` when it left it out. */
  captureMode: CaptureMode;
  /** `paymentRedirectUrl`; its origin is one of `origins`. */
  redirectUrl: string;
  /** Where payment results are notified (request value, else the merchant's). */
  notifyUrl: string | undefined;
  /** Frame ancestors of the card page: the redirect URL's origin plus `Merchant.allowedOrigins`. */
  origins: string[];
  /** When `createPaymentSession` created it, on the engine clock. */
  createdAt: Date;
  /** `paymentSessionExpiryTime` as an instant: the requested one, else one hour after creation. */
  expiresAt: Date;
  /** Expiry as answered to the merchant (its own text when it sent one). */
  expiryText: string;
  /** The payment, once the buyer has submitted a card. */
  paymentId: string | undefined;
  /** Saved cards offered, in the merchant's order (the browser knows them as `saved-<index>`). */
  savedCards: SessionSavedCard[];
  /** Whether an approved new card gets a token; `DISABLE` when the request leaves it out. */
  tokenizeMode: TokenizeMode;
  /** `isCardOnFile` as sent (false when left out); recorded, changes nothing in the sandbox. */
  isCardOnFile: boolean;
  /** `is3DSAuthentication`: card submissions go through the issuer's challenge before authorization. */
  threeDS: boolean;
  /** `merchantAppointParam.storedCard.needCVV`: the buyer types a saved card's CVC again. */
  savedCardCvc: boolean;
}

/** `funding` of a card; Antom also has `CHARGE` and `DEFERRED_DEBIT` (docs/antom-api.md section 5). */
export type Funding = 'CREDIT' | 'DEBIT' | 'PREPAID';

/** `threeDSResult` of a payment. */
export interface ThreeDSResult {
  /** Protocol version, e.g. `2.2.0`. */
  threeDSVersion: string;
  /** ECI: `02`/`05` authenticated, `01`/`06` attempted, `00`/`07` none (docs/antom-api.md section 5). */
  eci: string;
  /** Cardholder authentication verification value (none when the buyer was not authenticated). */
  cavv?: string;
  /** `'true'` when a challenge was shown. */
  challenged: 'true' | 'false';
  /** `'true'` when the buyer cancelled the challenge. */
  challengeCancel: 'true' | 'false';
}

/** Antom's `paymentResultInfo` for a card: masked facts only. */
export interface PaymentResultInfo {
  /** Masked number, e.g. `************0768`. */
  cardNo: string;
  /** Brand, when it could be detected. */
  cardBrand?: CardBrand;
  /** From the sandbox's BIN table; an unlisted BIN reads `CREDIT`. */
  funding?: Funding;
  /** ISO 3166 alpha-2 issuing country. */
  issuingCountry?: string;
  /** Last four digits of the number; with `cardBin`, all a record keeps of it. */
  lastFour: string;
  /** First six digits. */
  cardBin: string;
  /** Two-digit expiry month as typed. */
  expiryMonth: string;
  /** Two-digit expiry year as typed. */
  expiryYear: string;
  /** Scheme reference of the authorization, when it reached the network. */
  networkTransactionId?: string;
  /** 3-D Secure outcome, when authentication took place. */
  threeDSResult?: ThreeDSResult;
  /** Token of the card: issued on `tokenize`, or the token a payment was made with. */
  cardToken?: string;
}

/** Antom's `acquirerInfo`. */
export interface AcquirerInfo {
  /** A sandbox acquirer such as `SANDBOX_ACQ_SG`, or `SANDBOX_NO_ROUTE` when none serves the card. */
  acquirerName: string;
  /** 20 random digits the acquirer mints per authorization or capture. */
  acquirerTransactionId: string;
  /** The merchant's id at that acquirer, e.g. `SBXSG0000000001`; empty when no acquirer served the card. */
  acquirerMerchantId: string;
  /** ISO 8583 style response code, e.g. `00` approved, `05` do not honor, `58` no route. */
  acquirerResultCode: string;
  /** Text of `acquirerResultCode`, e.g. `Approved`. */
  acquirerResultMessage: string;
}

/** Kinds of transactions on a payment (Antom's `transactionType`). */
export type TransactionType = 'AUTHORIZATION' | 'CAPTURE' | 'CANCEL' | 'VOID' | 'REFUND';

/**
 * Antom's `transactionStatus`: `PROCESSING` for an authorization the issuer left pending, or a capture
 * or refund the acquirer has not settled yet (the sandbox's test amounts, gateway/README.md).
 */
export type TransactionStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING';

/** One entry of `transactions[]`. */
export interface Transaction {
  /** Antom's `transactionType`. */
  type: TransactionType;
  /** Antom's `transactionStatus`. */
  status: TransactionStatus;
  /** UTC time stamp + 14 digits, minted by the engine (`transactionId` in Antom's JSON). */
  transactionId: string;
  /** Request id that caused it (payment request id, capture request id...). */
  requestId: string;
  /** `transactionAmount`: what this step authorized, captured, voided or refunded. */
  amount: Amount;
  /** `transactionTime`, on the engine clock. */
  time: Date;
  /** `transactionResult`: this step's own envelope, not the payment's. */
  result: ResultEnvelope;
  /** Acquirer that processed it, if any. */
  acquirer?: AcquirerInfo;
}

/** Why a payment was cancelled: by the merchant's `cancel`, or released after the authorization window. */
export type CancelReason = 'MERCHANT_CANCEL' | 'AUTHORIZATION_EXPIRED';

/** A payment: created by the buyer's first card submission on a session, or by `payments/pay`. */
export interface Payment {
  /** UTC time stamp + 18 digits, e.g. `20240501123000` and 18 more (Antom's `paymentId`). */
  paymentId: string;
  /** Client id of the merchant it belongs to; other merchants' calls never find it. */
  clientId: string;
  /** `paymentRequestId` of its session, or of the `payments/pay` request. */
  paymentRequestId: string;
  /** Session it belongs to (`undefined` for `payments/pay`). */
  paymentSessionId: string | undefined;
  /** Where its notifications go (request value, else the merchant's). */
  notifyUrl: string | undefined;
  /** `paymentAmount`: the authorized amount; captures never exceed it in total. */
  amount: Amount;
  /** `AUTOMATIC` captures right after authorization; `MANUAL` waits for `payments/capture`. */
  captureMode: CaptureMode;
  /** Internal state (see state-machine.ts); `inquiryPayment` reports it as Antom's `paymentStatus`. */
  state: PaymentState;
  /** When it was cancelled or released. */
  cancelTime: Date | undefined;
  /** Why it was cancelled or released; `undefined` until then. */
  cancelReason: CancelReason | undefined;
  /** No further capture is possible (fully captured, last capture, cancelled or released). */
  captureClosed: boolean;
  /** `paymentCreateTime`: the first card submission, or the `payments/pay` request. */
  createdAt: Date;
  /** Time of the latest final authorization outcome. */
  paymentTime: Date | undefined;
  /** When an uncaptured (MANUAL) authorization is released. */
  authExpiryTime: Date | undefined;
  /** Result of the latest attempt (`SUCCESS`, a decline code, or `PAYMENT_IN_PROCESS`). */
  result: ResultEnvelope;
  /** Masked card facts of the latest attempt. */
  resultInfo: PaymentResultInfo | undefined;
  /** Acquirer of the latest authorization. */
  acquirer: AcquirerInfo | undefined;
  /** Every transaction, oldest first. */
  transactions: Transaction[];
  /** Number of card submissions that reached authorization. */
  attempts: number;
}

/** What the SDK's `/payments` endpoint answers after a submission. */
export interface PaymentAttemptOutcome {
  /** Envelope (`SUCCESS`, a decline code, `PAYMENT_IN_PROCESS`...). */
  result: ResultEnvelope;
  /** The session's payment: one per session, however many submissions it took. */
  paymentId: string;
  /** Where the payment stands after this submission; `PROCESSING` also while a challenge waits. */
  paymentStatus: 'SUCCESS' | 'FAIL' | 'PROCESSING';
  /** Public card facts, when the brand is known. */
  card?: { brand: CardBrand; last4: string; expiryMonth: string; expiryYear: string };
  /** With `PAYMENT_IN_PROCESS`: the 3-D Secure challenge the buyer must complete before authorization. */
  challenge?: { id: string };
}

/** Card data typed by the buyer; lives only for the duration of one authorization. */
export interface CardInput {
  /** Digits only; a length or Luhn digit the brand does not allow declines as `INVALID_CARD_NUMBER`. */
  number: string;
  /** `01` to `12`; another value declines as `INVALID_EXPIRATION_DATE`. */
  expiryMonth: string;
  /** Last two digits of the year, e.g. `29`. */
  expiryYear: string;
  /** Digits only; a length that does not fit the brand declines as `INVALID_CVV`. */
  cvc: string;
  /** Holder name (may be empty). */
  holderName: string;
}

/** A refused engine call: Antom's envelope, plus the payment it concerns when there is one. */
export interface EngineFailure {
  /** Tells a failure from `{ ok: true, value }`. */
  ok: false;
  /** Antom's envelope: the code and message the handler answers with. */
  error: ResultEnvelope;
  /** The existing payment (e.g. for `ORDER_IS_CLOSED`). */
  paymentId?: string;
  /** Where that payment stands, answered alongside `paymentId`. */
  paymentStatus?: 'SUCCESS' | 'FAIL' | 'PROCESSING';
}

/** Outcome of an engine call: a value, or an Antom result envelope saying why not. */
export type EngineResult<T> = { ok: true; value: T } | EngineFailure;

/** A validated `payments/pay` request, as far as the engine uses it (order and redirect URL: edge only). */
export interface PayInput {
  /** Merchant's payment request id (idempotency key, 1..64). */
  paymentRequestId: string;
  /** `paymentAmount`; a repeated request with another amount gets `REPEAT_REQ_INCONSISTENT`. */
  amount: Amount;
  /** `paymentFactor.captureMode`, `AUTOMATIC` when the request leaves it out. */
  captureMode: CaptureMode;
  /** `paymentNotifyUrl`; overrides `Merchant.notifyUrl` for this payment. */
  notifyUrl?: string;
  /** The card or the token to pay with. */
  method: PayMethodInput;
  /** `paymentRedirectUrl`: where the issuer's 3-D Secure page sends the buyer back; without it nobody can be challenged. */
  redirectUrl?: string;
  /** `is3DSAuthentication`: the buyer passes the issuer's challenge (by a redirect) before authorization. */
  threeDS?: boolean;
  /** `enableAuthenticationUpgrade`: a card whose issuer demands 3-D Secure is challenged instead of declined. */
  authenticationUpgrade?: boolean;
}

/** The card of a `payments/pay` request: card data (PCI merchants) or a card token. */
export type PayMethodInput =
  | {
      /** Card data in `paymentMethod.paymentMethodMetaData`. */
      kind: 'CARD';
      /** Used for this authorization only, never stored. */
      card: CardInput;
      /** Issue a `cardToken` when the authorization succeeds. */
      tokenize: boolean;
    }
  | {
      /** A card token in `paymentMethod.paymentMethodId`. */
      kind: 'TOKEN';
      /** `paymentMethod.paymentMethodId`: a live token of this merchant, else `INVALID_PAYMENT_METHOD_META_DATA`. */
      cardToken: string;
    };

/** Answer of `payments/pay`: the payment's result (S, a decline F, or U) and a snapshot of it. */
export interface PayOutcome {
  /** Envelope of the authorization: `SUCCESS`, a decline (F), `PAYMENT_IN_PROCESS` (U) or `SYSTEM_ERROR`. */
  result: ResultEnvelope;
  /** The payment at the end of the request. */
  payment: Payment;
  /** With `PAYMENT_IN_PROCESS`: the issuer's challenge the buyer is redirected to. */
  challengeId?: string;
}

/** A validated `payments/capture` request. */
export interface CaptureInput {
  /** Merchant's capture request id (idempotency key). */
  captureRequestId: string;
  /** `paymentId` of the payment to capture; another merchant's is not found. */
  paymentId: string;
  /** `captureAmount`, in the payment's currency (`PARAM_ILLEGAL` otherwise). */
  amount: Amount;
  /** With partial capture: the last capture; the uncaptured rest is released. */
  isLastCapture: boolean;
}

/** A capture that reached the acquirer. */
export interface CaptureRecord {
  /** Merchant's capture request id (`AUTO_<paymentId>` for an automatic capture). */
  captureRequestId: string;
  /** Gateway id of the capture (its `CAPTURE` transaction id). */
  captureId: string;
  /** The captured payment's `paymentId`. */
  paymentId: string;
  /** `captureAmount`. */
  amount: Amount;
  /** `captureTime`, on the engine clock: when it was asked, then when the acquirer settled it. */
  time: Date;
  /** `SUCCESS`/S, `CAPTURE_IN_PROCESS`/U until the acquirer settles it, or why it failed. */
  result: ResultEnvelope;
  /** The acquirer's reference of the capture, once the acquirer took it. */
  acquirerReferenceNo: string | undefined;
}

/** Identifies a payment: `paymentId` wins over `paymentRequestId`. */
export interface PaymentReference {
  /** The gateway's `paymentId`; wins when both fields are sent. */
  paymentId?: string;
  /** The merchant's `paymentRequestId`, used when `paymentId` is absent. */
  paymentRequestId?: string;
}

/** Answer of a successful `payments/cancel`. */
export interface CancelOutcome {
  /** The cancelled payment's `paymentId`. */
  paymentId: string;
  /** Its `paymentRequestId`, answered whichever reference the request used. */
  paymentRequestId: string;
  /** When it was cancelled (for a released authorization: its expiry). */
  cancelTime: Date;
}

/** A validated `payments/refund` request. */
export interface RefundInput {
  /** Merchant's refund request id (idempotency key). */
  refundRequestId: string;
  /** `paymentId` of a captured payment of this merchant. */
  paymentId: string;
  /** `refundAmount`; refunds of a payment never exceed what was captured in total. */
  amount: Amount;
  /** `refundReason`, kept as sent. */
  reason?: string;
  /** Where the refund result is notified (else the payment's notify URL). */
  notifyUrl?: string;
}

/**
 * A refund, or a refused refund request (for `inquiryRefund`). Refunds complete at once, except the
 * sandbox's test amounts, which stay `PROCESSING` until the acquirer settles them.
 */
export interface RefundRecord {
  /** Gateway id (its `REFUND` transaction id); `undefined` for a refused request. */
  refundId: string | undefined;
  /** The merchant's `refundRequestId`, the key `inquiryRefund` accepts besides `refundId`. */
  refundRequestId: string;
  /** The refunded payment's `paymentId`. */
  paymentId: string;
  /** `refundAmount` as requested. */
  amount: Amount;
  /** `SUCCESS`; `PROCESSING` until the acquirer settles it; `FAIL` for a refused request or a failed refund. */
  status: 'SUCCESS' | 'FAIL' | 'PROCESSING';
  /** `refundTime`, once it succeeded; `undefined` otherwise (Antom sends it on success only). */
  time: Date | undefined;
  /** `SUCCESS`, `REFUND_IN_PROCESS`/U, or the envelope that refused or failed it. */
  result: ResultEnvelope;
  /** `refundReason` as the merchant sent it. */
  reason?: string;
}

/** What every engine event says about where it goes. */
interface EventAddress {
  /** Client id of the payment's merchant, sent as the notification's `client-id` header. */
  clientId: string;
  /** `refundNotifyUrl` for a refund, else the payment's notify URL; `undefined`: nobody is notified. */
  notifyUrl: string | undefined;
  /** A copy taken when the event happened, so later changes stay out of the notification. */
  payment: Payment;
}

/** Emitted when a payment reaches a final authorization outcome (the notifier listens). */
export interface PaymentResultEvent extends EventAddress {
  /** Becomes `notifyType: PAYMENT_RESULT` of `notifyPayment`. */
  type: 'PAYMENT_RESULT';
}

/** Emitted when a capture (manual or automatic) succeeds or fails at the acquirer: never while in process. */
export interface CaptureResultEvent extends EventAddress {
  /** Becomes `notifyType: CAPTURE_RESULT` of `notifyCapture`. */
  type: 'CAPTURE_RESULT';
  /** The capture as recorded, success or failure. */
  capture: CaptureRecord;
}

/** Emitted when a refund reaches its final state: at once when it succeeds, or later, success or failure, when it was in process. */
export interface RefundResultEvent extends EventAddress {
  /** Becomes `notifyType: REFUND_RESULT` of `notifyRefund`. */
  type: 'REFUND_RESULT';
  /** The refund, `SUCCESS` or `FAIL`. */
  refund: RefundRecord;
}

/** The events about a payment; each becomes one notification, unless no notify URL applies. */
export type PaymentEvent = PaymentResultEvent | CaptureResultEvent | RefundResultEvent;

/** Emitted when a vaulting attempt ends: a card bound, or its verification failed (`notifyVaulting`). */
export interface VaultingResultEvent {
  /** Tells a vaulting event from a payment event; `notifyVaulting` carries no `notifyType`. */
  type: 'VAULTING_RESULT';
  /** Client id of the merchant whose vaulting it is. */
  clientId: string;
  /** `vaultingNotificationUrl` of the request, required by Antom. */
  notifyUrl: string;
  /** Snapshot of the vaulting at that moment. */
  vaulting: Vaulting;
}

/** Everything the engine emits. */
export type EngineEvent = PaymentEvent | VaultingResultEvent;

/** A validated `vaults/createVaultingSession` request. */
export interface CreateVaultingSessionInput {
  /** Merchant's vaulting request id (idempotency key, 1..64). */
  vaultingRequestId: string;
  /** `vaultingNotificationUrl`. */
  notifyUrl: string;
  /** `redirectUrl`, optional for a session as in Antom's reference; its origin may frame the card page. */
  redirectUrl?: string;
  /**
   * `is3DSAuthentication`: in a vaulting session the issuer challenges the buyer before the card is
   * bound (frictionless cards excepted); `vaultPaymentMethod` has no buyer and stays frictionless.
   */
  threeDS: boolean;
}

/** A validated `vaults/vaultPaymentMethod` request (card data from a PCI DSS merchant). */
export interface VaultCardInput extends CreateVaultingSessionInput {
  /** `redirectUrl`, required by `vaultPaymentMethod`. */
  redirectUrl: string;
  /** Card data; used for this verification only, never stored. */
  card: VerifiableCard;
}

/** `PROCESSING` until a card is bound or the attempts end, then `SUCCESS` or `FAIL` (Antom's `vaultingStatus`). */
export type VaultingStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL';

/** A card a vaulting bound. */
export interface VaultedCard {
  /** The token issued for it, `ALIPAY` + 40 hex digits; payments and saved cards name the card by it. */
  cardToken: string;
  /** Masked facts, brand known. */
  card: MaskedCard & { cardBrand: CardBrand };
  /** When it was bound (`vaultingCreateTime`). */
  vaultedAt: Date;
  /** 3-D Secure outcome, when the session asked for it (not in `notifyVaulting`: Antom's card detail has no such field). */
  threeDSResult?: ThreeDSResult;
}

/** The browser side of a vaulting created by `createVaultingSession`. */
export interface VaultingSession {
  /** `VS` + UTC time stamp + 16 digits; the session data carries it as `paymentSessionId`. */
  vaultingSessionId: string;
  /** The secret session data the merchant hands to the browser. */
  vaultingSessionData: string;
  /** Frame ancestors of the card page: the redirect URL's origin plus `Merchant.allowedOrigins`. */
  origins: string[];
  /** One hour after `createVaultingSession`, on the engine clock. */
  expiresAt: Date;
  /** `vaultingSessionExpiryTime` as answered: `expiresAt` as `formatAntomTime` writes it. */
  expiryText: string;
}

/** A vaulting: a card binding without a payment, by the buyer in the frame or server to server. */
export interface Vaulting {
  /** The merchant's `vaultingRequestId`, its idempotency key per client id. */
  vaultingRequestId: string;
  /** Client id of the merchant that asked for it. */
  clientId: string;
  /** Where `notifyVaulting` goes. */
  notifyUrl: string;
  /** Where the buyer returns, if the merchant named a page; its origin may frame the card page. */
  redirectUrl: string | undefined;
  /** The merchant asked for 3-D Secure. */
  threeDS: boolean;
  /** When the vaulting was requested, on the engine clock. */
  createdAt: Date;
  /** Antom's `vaultingStatus`: `PROCESSING` until a card is bound or the attempts end. */
  status: VaultingStatus;
  /** Result of the latest attempt, if any. */
  result: ResultEnvelope | undefined;
  /** The bound card, once `SUCCESS`. */
  vaulted: VaultedCard | undefined;
  /** The browser session (`createVaultingSession`); none for `vaultPaymentMethod`. */
  session: VaultingSession | undefined;
  /** Card submissions that reached verification. */
  attempts: number;
}

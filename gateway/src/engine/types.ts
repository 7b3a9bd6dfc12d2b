/**
 * The engine's records. Plain data, no HTTP: the Open API and SDK handlers map them to Antom's
 * JSON. No record ever holds a card number or a CVC; card facts are masked (BIN + last four).
 */
import type { KeyObject } from 'node:crypto';
import type { Amount, CardBrand, ResultEnvelope } from '#shared';
import type { RoutingConfig, RoutingSettings } from './routing-config.js';
import type { PaymentState } from './state-machine.js';
import type { MaskedCard, VerifiableCard } from './test-cards.js';

/** `paymentFactor.captureMode`. */
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
  /** Client id. */
  clientId: string;
  /** Display name. */
  name: string;
  /** Parsed public key. */
  publicKey: KeyObject;
  /** Key version. */
  keyVersion: string;
  /** Default notification URL. */
  notifyUrl: string | undefined;
  /** Configured framing origins. */
  allowedOrigins: string[];
  /** Accepted brands. */
  brands: CardBrand[];
  /** Checked routing settings. */
  routing: RoutingSettings;
  /** Partial and multiple captures allowed. */
  partialCapture: boolean;
}

/** `order.buyer` as the sandbox keeps it. */
export interface Buyer {
  /** Merchant's buyer id. */
  referenceBuyerId?: string;
  /** Buyer e-mail. */
  buyerEmail?: string;
  /** Buyer phone number. */
  buyerPhoneNo?: string;
}

/** `order` of a session. */
export interface Order {
  /** Description shown to the buyer. */
  orderDescription: string;
  /** Merchant's order id. */
  referenceOrderId?: string;
  /** Order amount, when it differs from the payment amount. */
  orderAmount?: Amount;
  /** Buyer details. */
  buyer?: Buyer;
}

/** A validated `createPaymentSession` request, as the engine receives it. */
export interface CreateSessionInput {
  /** Merchant's payment request id (idempotency key, 1..64). */
  paymentRequestId: string;
  /** Amount to pay. */
  amount: Amount;
  /** Order details. */
  order: Order;
  /** AUTOMATIC (default) or MANUAL. */
  captureMode: CaptureMode;
  /** Where the buyer returns; its origin may frame the card page. */
  redirectUrl: string;
  /** Overrides the merchant's notification URL. */
  notifyUrl?: string;
  /** `env.terminalType`. */
  terminalType?: string;
  /** `settlementStrategy.settlementCurrency`. */
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
  /** Brand. */
  brand: CardBrand;
  /** Last four digits. */
  last4: string;
  /** Two-digit expiry month. */
  expiryMonth: string;
  /** Two-digit expiry year. */
  expiryYear: string;
}

/** A payment session. */
export interface PaymentSession {
  /** Public id (frame URL). */
  paymentSessionId: string;
  /** Owner. */
  clientId: string;
  /** Merchant's payment request id. */
  paymentRequestId: string;
  /** The full session data string the merchant hands to the browser (secret). */
  paymentSessionData: string;
  /** Amount to pay. */
  amount: Amount;
  /** Order details. */
  order: Order;
  /** Capture mode. */
  captureMode: CaptureMode;
  /** Redirect URL. */
  redirectUrl: string;
  /** Where payment results are notified (request value, else the merchant's). */
  notifyUrl: string | undefined;
  /** Origins allowed to frame the card page. */
  origins: string[];
  /** Creation time. */
  createdAt: Date;
  /** Expiry time. */
  expiresAt: Date;
  /** Expiry as answered to the merchant (its own text when it sent one). */
  expiryText: string;
  /** The payment, once the buyer has submitted a card. */
  paymentId: string | undefined;
  /** Saved cards offered, in the merchant's order (the browser knows them as `saved-<index>`). */
  savedCards: SessionSavedCard[];
  /** Tokenization of a new card. */
  tokenizeMode: TokenizeMode;
  /** As the merchant sent it. */
  isCardOnFile: boolean;
  /** `is3DSAuthentication`: card submissions go through the issuer's challenge before authorization. */
  threeDS: boolean;
  /** A saved card needs its CVC typed again. */
  savedCardCvc: boolean;
}

/** Funding type of a card. */
export type Funding = 'CREDIT' | 'DEBIT' | 'PREPAID';

/** `threeDSResult` of a payment. */
export interface ThreeDSResult {
  /** Protocol version, e.g. `2.2.0`. */
  threeDSVersion: string;
  /** Electronic commerce indicator. */
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
  /** Funding type. */
  funding?: Funding;
  /** ISO 3166 alpha-2 issuing country. */
  issuingCountry?: string;
  /** Last four digits. */
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
  /** Acquirer that processed the transaction. */
  acquirerName: string;
  /** Acquirer's transaction reference. */
  acquirerTransactionId: string;
  /** Merchant id at the acquirer. */
  acquirerMerchantId: string;
  /** Acquirer's raw result code. */
  acquirerResultCode: string;
  /** Acquirer's raw result message. */
  acquirerResultMessage: string;
}

/** Kinds of transactions on a payment (Antom's `transactionType`). */
export type TransactionType = 'AUTHORIZATION' | 'CAPTURE' | 'CANCEL' | 'VOID' | 'REFUND';

/** Status of one transaction. */
export type TransactionStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING';

/** One entry of `transactions[]`. */
export interface Transaction {
  /** Kind. */
  type: TransactionType;
  /** Outcome. */
  status: TransactionStatus;
  /** Gateway id. */
  transactionId: string;
  /** Request id that caused it (payment request id, capture request id...). */
  requestId: string;
  /** Amount. */
  amount: Amount;
  /** When it happened. */
  time: Date;
  /** Result of the transaction. */
  result: ResultEnvelope;
  /** Acquirer that processed it, if any. */
  acquirer?: AcquirerInfo;
}

/** Why a payment was cancelled: by the merchant's `cancel`, or released after the authorization window. */
export type CancelReason = 'MERCHANT_CANCEL' | 'AUTHORIZATION_EXPIRED';

/** A payment: created by the buyer's first card submission on a session, or by `payments/pay`. */
export interface Payment {
  /** Gateway id. */
  paymentId: string;
  /** Owner. */
  clientId: string;
  /** Merchant's payment request id. */
  paymentRequestId: string;
  /** Session it belongs to (`undefined` for `payments/pay`). */
  paymentSessionId: string | undefined;
  /** Where its notifications go (request value, else the merchant's). */
  notifyUrl: string | undefined;
  /** Amount. */
  amount: Amount;
  /** Capture mode. */
  captureMode: CaptureMode;
  /** Lifecycle state. */
  state: PaymentState;
  /** When it was cancelled or released. */
  cancelTime: Date | undefined;
  /** Why it was cancelled. */
  cancelReason: CancelReason | undefined;
  /** No further capture is possible (fully captured, last capture, cancelled or released). */
  captureClosed: boolean;
  /** First submission time. */
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
  /** The payment. */
  paymentId: string;
  /** SUCCESS, FAIL or PROCESSING. */
  paymentStatus: 'SUCCESS' | 'FAIL' | 'PROCESSING';
  /** Public card facts, when the brand is known. */
  card?: { brand: CardBrand; last4: string; expiryMonth: string; expiryYear: string };
  /** With `PAYMENT_IN_PROCESS`: the 3-D Secure challenge the buyer must complete before authorization. */
  challenge?: { id: string };
}

/** Card data typed by the buyer; lives only for the duration of one authorization. */
export interface CardInput {
  /** Digits only. */
  number: string;
  /** Two digits. */
  expiryMonth: string;
  /** Two digits. */
  expiryYear: string;
  /** Digits only. */
  cvc: string;
  /** Holder name (may be empty). */
  holderName: string;
}

/** A refused engine call: Antom's envelope, plus the payment it concerns when there is one. */
export interface EngineFailure {
  /** Discriminant. */
  ok: false;
  /** Why. */
  error: ResultEnvelope;
  /** The existing payment (e.g. for `ORDER_IS_CLOSED`). */
  paymentId?: string;
  /** Its status. */
  paymentStatus?: 'SUCCESS' | 'FAIL' | 'PROCESSING';
}

/** Outcome of an engine call: a value, or an Antom result envelope saying why not. */
export type EngineResult<T> = { ok: true; value: T } | EngineFailure;

/** A validated `payments/pay` request, as far as the engine uses it (order and redirect URL: edge only). */
export interface PayInput {
  /** Merchant's payment request id (idempotency key, 1..64). */
  paymentRequestId: string;
  /** Amount to pay. */
  amount: Amount;
  /** AUTOMATIC (default) or MANUAL. */
  captureMode: CaptureMode;
  /** Overrides the merchant's notification URL. */
  notifyUrl?: string;
  /** The card or the token to pay with. */
  method: PayMethodInput;
}

/** The card of a `payments/pay` request: card data (PCI merchants) or a card token. */
export type PayMethodInput =
  | {
      /** Card data. */
      kind: 'CARD';
      /** Used for this authorization only, never stored. */
      card: CardInput;
      /** Issue a `cardToken` when the authorization succeeds. */
      tokenize: boolean;
    }
  | {
      /** A saved card. */
      kind: 'TOKEN';
      /** `paymentMethod.paymentMethodId`. */
      cardToken: string;
    };

/** Answer of `payments/pay`: the payment's result (S, a decline F, or U) and a snapshot of it. */
export interface PayOutcome {
  /** Envelope of the authorization. */
  result: ResultEnvelope;
  /** The payment at the end of the request. */
  payment: Payment;
}

/** A validated `payments/capture` request. */
export interface CaptureInput {
  /** Merchant's capture request id (idempotency key). */
  captureRequestId: string;
  /** Payment to capture. */
  paymentId: string;
  /** Amount to capture. */
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
  /** Payment. */
  paymentId: string;
  /** Amount. */
  amount: Amount;
  /** When it happened. */
  time: Date;
  /** `SUCCESS`/S, or why it failed. */
  result: ResultEnvelope;
  /** The acquirer's reference of the capture. */
  acquirerReferenceNo: string | undefined;
}

/** Identifies a payment: `paymentId` wins over `paymentRequestId`. */
export interface PaymentReference {
  /** Gateway id. */
  paymentId?: string;
  /** Merchant's payment request id. */
  paymentRequestId?: string;
}

/** Answer of a successful `payments/cancel`. */
export interface CancelOutcome {
  /** Payment. */
  paymentId: string;
  /** Merchant's payment request id. */
  paymentRequestId: string;
  /** When it was cancelled (for a released authorization: its expiry). */
  cancelTime: Date;
}

/** A validated `payments/refund` request. */
export interface RefundInput {
  /** Merchant's refund request id (idempotency key). */
  refundRequestId: string;
  /** Payment to refund. */
  paymentId: string;
  /** Amount to refund. */
  amount: Amount;
  /** Why. */
  reason?: string;
  /** Where the refund result is notified (else the payment's notify URL). */
  notifyUrl?: string;
}

/** A refund, or a refused refund request (for `inquiryRefund`). Refunds complete at once in the sandbox. */
export interface RefundRecord {
  /** Gateway id (its `REFUND` transaction id); `undefined` for a refused request. */
  refundId: string | undefined;
  /** Merchant's refund request id. */
  refundRequestId: string;
  /** Payment. */
  paymentId: string;
  /** Amount. */
  amount: Amount;
  /** `SUCCESS`, or `FAIL` for a refused request. */
  status: 'SUCCESS' | 'FAIL';
  /** When it succeeded. */
  time: Date | undefined;
  /** Result of the refund. */
  result: ResultEnvelope;
  /** Why, as the merchant said. */
  reason?: string;
}

/** What every engine event says about where it goes. */
interface EventAddress {
  /** Merchant to notify. */
  clientId: string;
  /** Where to notify, if anywhere. */
  notifyUrl: string | undefined;
  /** Snapshot of the payment at that moment. */
  payment: Payment;
}

/** Emitted when a payment reaches a final authorization outcome (the notifier listens). */
export interface PaymentResultEvent extends EventAddress {
  /** Event kind. */
  type: 'PAYMENT_RESULT';
}

/** Emitted when a capture (manual or automatic) succeeds or fails at the acquirer. */
export interface CaptureResultEvent extends EventAddress {
  /** Event kind. */
  type: 'CAPTURE_RESULT';
  /** The capture. */
  capture: CaptureRecord;
}

/** Emitted when a refund succeeds. */
export interface RefundResultEvent extends EventAddress {
  /** Event kind. */
  type: 'REFUND_RESULT';
  /** The refund. */
  refund: RefundRecord;
}

/** (ours) Emitted when an uncaptured authorization is released after its window; the payment is `CANCELLED`. */
export interface PaymentCancelledEvent extends EventAddress {
  /** Event kind. */
  type: 'PAYMENT_CANCELLED';
}

/** The events about a payment. */
export type PaymentEvent = PaymentResultEvent | CaptureResultEvent | RefundResultEvent | PaymentCancelledEvent;

/** Emitted when a vaulting attempt ends: a card bound, or its verification failed (`notifyVaulting`). */
export interface VaultingResultEvent {
  /** Event kind. */
  type: 'VAULTING_RESULT';
  /** Merchant to notify. */
  clientId: string;
  /** `vaultingNotificationUrl`. */
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
  /** `redirectUrl`; its origin may frame the card page. */
  redirectUrl: string;
  /**
   * `is3DSAuthentication`: in a vaulting session the issuer challenges the buyer before the card is
   * bound (frictionless cards excepted); `vaultPaymentMethod` has no buyer and stays frictionless.
   */
  threeDS: boolean;
}

/** A validated `vaults/vaultPaymentMethod` request (card data from a PCI DSS merchant). */
export interface VaultCardInput extends CreateVaultingSessionInput {
  /** Card data; used for this verification only, never stored. */
  card: VerifiableCard;
}

/** `PROCESSING` until a card is bound or the attempts end, then `SUCCESS` or `FAIL` (Antom's `vaultingStatus`). */
export type VaultingStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL';

/** A card a vaulting bound. */
export interface VaultedCard {
  /** The token issued for it. */
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
  /** Public id (frame URL; `paymentSessionId` in the session data). */
  vaultingSessionId: string;
  /** The secret session data the merchant hands to the browser. */
  vaultingSessionData: string;
  /** Origins allowed to frame the card page. */
  origins: string[];
  /** Expiry time. */
  expiresAt: Date;
  /** Expiry as answered to the merchant. */
  expiryText: string;
}

/** A vaulting: a card binding without a payment, by the buyer in the frame or server to server. */
export interface Vaulting {
  /** Merchant's vaulting request id. */
  vaultingRequestId: string;
  /** Owner. */
  clientId: string;
  /** Where `notifyVaulting` goes. */
  notifyUrl: string;
  /** Where the buyer returns; its origin may frame the card page. */
  redirectUrl: string;
  /** The merchant asked for 3-D Secure. */
  threeDS: boolean;
  /** Creation time. */
  createdAt: Date;
  /** Antom's `vaultingStatus`. */
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

/**
 * Shared vocabulary of the element, the secure frame and the gateway's SDK endpoints.
 * Nothing here ever carries a card number or a CVC, except `SdkPaymentRequest`, which only the
 * frame sends, to its own origin.
 */

/** Card brands in Antom's spelling (`UNIONPAY`; `CUP` is accepted on input and mapped). */
export type CardBrand =
  | 'VISA'
  | 'MASTERCARD'
  | 'AMEX'
  | 'UNIONPAY'
  | 'JCB'
  | 'DINERS'
  | 'DISCOVER'
  | 'MAESTRO'
  | 'CARTES_BANCAIRES'
  | 'ELO'
  | 'HIPERCARD'
  | 'HIPER'
  | 'MIR'
  | 'TROY';

/** Every brand name the protocol accepts. */
export const CARD_BRANDS: readonly CardBrand[] = [
  'VISA',
  'MASTERCARD',
  'AMEX',
  'UNIONPAY',
  'JCB',
  'DINERS',
  'DISCOVER',
  'MAESTRO',
  'CARTES_BANCAIRES',
  'ELO',
  'HIPERCARD',
  'HIPER',
  'MIR',
  'TROY',
];

/** An amount in minor units, as Antom sends it. */
export interface Amount {
  /** ISO 4217 code, e.g. `USD`. */
  currency: string;
  /** Positive integer in minor units, as a string, e.g. `"1000"` for 10.00 USD. */
  value: string;
}

/** The card form's fields: the keys of `FormState.fields` and the names in `invalidFields`. */
export type FieldName = 'number' | 'expiry' | 'cvc' | 'holder';

/** Every field name, in form order. */
export const FIELD_NAMES: readonly FieldName[] = ['number', 'expiry', 'cvc', 'holder'];

/** Why a field is invalid; every locale's catalogue has one error text per code. */
export type FieldErrorCode =
  | 'REQUIRED'
  | 'INVALID_CARD_NUMBER'
  | 'INCOMPLETE_CARD_NUMBER'
  | 'CARD_NOT_SUPPORTED'
  | 'INVALID_EXPIRATION_DATE'
  | 'INCOMPLETE_EXPIRATION_DATE'
  | 'CARD_EXPIRED'
  | 'INVALID_CVV'
  | 'INCOMPLETE_CVV'
  | 'INVALID_HOLDER_NAME';

/** Every field error code. */
export const FIELD_ERROR_CODES: readonly FieldErrorCode[] = [
  'REQUIRED',
  'INVALID_CARD_NUMBER',
  'INCOMPLETE_CARD_NUMBER',
  'CARD_NOT_SUPPORTED',
  'INVALID_EXPIRATION_DATE',
  'INCOMPLETE_EXPIRATION_DATE',
  'CARD_EXPIRED',
  'INVALID_CVV',
  'INCOMPLETE_CVV',
  'INVALID_HOLDER_NAME',
];

/** The state of one field, as the element sees it: validity, never the value. */
export interface FieldState {
  /** The input holds no text (also true of a field the current mode does not show). */
  empty: boolean;
  /** The value is acceptable now, even while its error is not shown yet. */
  valid: boolean;
  /** The error currently shown for the field, if any (follows the "not while typing" rule). */
  error: FieldErrorCode | null;
}

/** The state of the whole card form. */
export interface FormState {
  /** Detected brand, or null while unknown. */
  brand: CardBrand | null;
  /** Every required field is valid. */
  complete: boolean;
  /** State of every field, keyed by name; never the values. */
  fields: Record<FieldName, FieldState>;
}

/** The public view of a session the gateway gives the frame (nothing secret in it). */
export interface SessionView {
  /** The session's public id; the frame refuses a view whose id is not its own. */
  paymentSessionId: string;
  /** `vault` binds a card without paying: no amount, no saved cards, no consent box. */
  mode: 'payment' | 'vault';
  /** Amount to pay (absent in vault mode). */
  amount: Amount | null;
  /** The merchant's display name. */
  merchantName: string;
  /** ISO-8601 expiry of the session. */
  expiresAt: string;
  /** Brands the merchant accepts; the frame flags a number of any other brand `CARD_NOT_SUPPORTED`. */
  brands: CardBrand[];
  /** The session's `paymentFactor.captureMode`, passed on as information; no browser code acts on it. */
  captureMode: 'AUTOMATIC' | 'MANUAL';
  /** Saved cards of the buyer, in the merchant's order (absent = none). */
  savedCards?: SavedCardView[];
  /** What the session asks of the buyer (absent = all false). */
  policies?: SessionPolicies;
}

/** A saved card as the browser sees it: display facts and an opaque per-session id, never the token. */
export interface SavedCardView {
  /** Opaque id valid within this session only (`saved-<index>`). */
  id: string;
  /** Position in the merchant's `savedPaymentMethods` list, so the merchant can map it to its token. */
  index: number;
  /** Brand of the saved card, as the token recorded it. */
  brand: CardBrand;
  /** Last four digits of the saved card's number, the only digits the browser learns. */
  last4: string;
  /** Two-digit expiry month. */
  expiryMonth: string;
  /** Two-digit expiry year. */
  expiryYear: string;
  /** The card has expired and cannot be chosen. */
  expired: boolean;
}

/** Session policies the frame and the element follow. */
export interface SessionPolicies {
  /** A saved card needs its CVC typed again (Antom's `merchantAppointParam.storedCard.needCVV`). */
  savedCardCvc: boolean;
  /** Offer an unchecked "Save this card" box (`tokenizeMode: ASKFORCONSENT`). */
  askToSave: boolean;
}

/** The final or interim outcome of a submission, as the element receives it. */
export interface PaymentOutcome {
  /** Antom's mapping: S -> SUCCESS, F -> FAIL, U -> PROCESSING. */
  status: 'SUCCESS' | 'FAIL' | 'PROCESSING';
  /** Antom result code (for a decline, the card decline code such as `DO_NOT_HONOR`). */
  resultCode: string;
  /** Antom's English result message. */
  resultMessage: string;
  /** Gateway payment id, when a payment was created. */
  paymentId: string | null;
  /** Public card facts after authorization (never the number). */
  card: { brand: CardBrand; last4: string; expiryMonth: string; expiryYear: string } | null;
  /** With `PROCESSING`: the issuer asks the buyer to verify (3-D Secure); the id names the gateway's challenge. */
  challenge?: { id: string };
}

/** Result envelope of every gateway answer. */
export interface ResultEnvelope {
  /** Result code such as `SUCCESS` or `PARAM_ILLEGAL`. */
  resultCode: string;
  /** `S` done, `F` failed, `U` unknown. */
  resultStatus: 'S' | 'F' | 'U';
  /** Human-readable message (English). */
  resultMessage: string;
}

/** Body of `POST /sdk/v1/session` (frame -> gateway, same origin only). */
export interface SdkSessionRequest {
  /** The full session data string. */
  paymentSessionData: string;
}

/** Answer of `POST /sdk/v1/session`. */
export interface SdkSessionResponse {
  /** `SUCCESS` with a `view`, or why not, e.g. `SESSION_NOT_FOUND` or `SESSION_EXPIRED`. */
  result: ResultEnvelope;
  /** Present when `result.resultStatus` is `S`. */
  view?: SessionView;
}

/**
 * Body of `POST /sdk/v1/payments` (frame -> gateway, same origin only, header
 * `Idempotency-Key: <attemptId>`). The only message that carries card data.
 */
export interface SdkPaymentRequest {
  /** The full session data string. */
  paymentSessionData: string;
  /** A saved card chosen by the buyer (then `card` is absent), with its CVC when the policy asks. */
  savedCard?: { id: string; cvc?: string };
  /** The buyer ticked "Save this card" (only when the session asks for consent). */
  saveCard?: boolean;
  /** Card data typed by the buyer (absent when paying with a saved card). */
  card?: {
    /** Digits only, without the spaces the form shows. */
    number: string;
    /** Two digits, `01`-`12`. */
    expiryMonth: string;
    /** Two digits, e.g. `28`. */
    expiryYear: string;
    /** Digits only; the gateway wants 4 for Amex and 3 for every other brand. */
    cvc: string;
    /** Holder name as typed (may be empty). */
    holderName: string;
  };
}

/**
 * Body of `POST /sdk/v1/vaults` (vault mode: bind a card without paying; same rules as payments,
 * header `Idempotency-Key`).
 */
export interface SdkVaultRequest {
  /** The full vaulting session data string. */
  paymentSessionData: string;
  /** Card data typed by the buyer. */
  card: NonNullable<SdkPaymentRequest['card']>;
}

/** Answer of `POST /sdk/v1/vaults`: the public card facts, never the token. */
export interface SdkVaultResponse {
  /** Envelope (`SUCCESS`/`S` when the card was bound). */
  result: ResultEnvelope;
  /** Public card facts of the bound card. */
  card?: { brand: CardBrand; last4: string; expiryMonth: string; expiryYear: string };
  /** With `VERIFICATION_IN_PROCESS`/U: the 3-D Secure challenge the buyer must complete. */
  challenge?: { id: string };
}

/** Answer of `POST /sdk/v1/payments`. */
export interface SdkPaymentResponse {
  /** Envelope of the request itself (`SUCCESS`/`S` when the payment succeeded). */
  result: ResultEnvelope;
  /** Payment id when one was created. */
  paymentId?: string;
  /** Where the payment stands, also with a refusal such as `ORDER_IS_CLOSED` that names one. */
  paymentStatus?: 'SUCCESS' | 'FAIL' | 'PROCESSING';
  /** Public card facts (after authorization or decline). */
  card?: { brand: CardBrand; last4: string; expiryMonth: string; expiryYear: string };
  /** With `PAYMENT_IN_PROCESS`/U before authorization: the 3-D Secure challenge the buyer must complete. */
  challenge?: { id: string };
}

/**
 * Answer of `POST /sdk/v1/challenges/complete` and (ours) `/cancel`: a vaulting's or a payment's
 * answer, and (ours) `challengeCancelled` when it failed because the buyer cancelled the bank's check.
 */
export type SdkChallengeOutcome = (SdkVaultResponse | SdkPaymentResponse) & { challengeCancelled?: true };

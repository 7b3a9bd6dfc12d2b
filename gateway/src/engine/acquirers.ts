/**
 * Simulated acquirers. An acquirer receives masked card facts and the issuer's answer (the card
 * number never leaves `assessCard`) and returns Antom's `acquirerInfo`. The routing module picks
 * which acquirer handles a transaction.
 */
import type { Amount } from '../../../src/protocol/types.js';
import type { IdFactory } from './ids.js';
import type { DeclineCode } from './result-codes.js';
import type { IssuerResponse, MaskedCard } from './test-cards.js';
import type { AcquirerInfo } from './types.js';

/** An authorization as the acquirer sees it. */
export interface AuthorizationRequest {
  /** Gateway payment id. */
  paymentId: string;
  /** Amount to authorize. */
  amount: Amount;
  /** Masked card facts. */
  card: MaskedCard;
  /** What the issuer answers (the sandbox decides it from the catalogue). */
  issuer: IssuerResponse;
}

/** The acquirer's answer to an authorization. */
export interface AuthorizationResponse {
  /** Approved, declined, or left pending. */
  outcome: IssuerResponse['outcome'];
  /** Antom's code for the outcome. */
  resultCode: 'SUCCESS' | DeclineCode | 'PAYMENT_IN_PROCESS';
  /** Antom's `acquirerInfo`. */
  acquirerInfo: AcquirerInfo;
  /** Scheme reference, when the authorization reached the card network. */
  networkTransactionId: string | undefined;
}

/** A capture as the acquirer sees it. */
export interface CaptureRequest {
  /** Gateway payment id. */
  paymentId: string;
  /** Amount to capture. */
  amount: Amount;
  /** The acquirer's reference of the authorization being captured. */
  authorization: AcquirerInfo;
}

/** The acquirer's answer to a capture. */
export interface CaptureResponse {
  /** Whether funds moved. */
  outcome: 'CAPTURED' | 'FAILED';
  /** Antom's `acquirerInfo` of the capture. */
  acquirerInfo: AcquirerInfo;
}

/** One acquirer. */
export interface Acquirer {
  /** Name shown in `acquirerInfo.acquirerName`. */
  readonly name: string;
  /** Authorizes an amount on a card. */
  authorize(request: AuthorizationRequest): Promise<AuthorizationResponse>;
  /** Captures an authorized amount. */
  capture(request: CaptureRequest): Promise<CaptureResponse>;
}

/** ISO 8583 style response codes the simulated acquirer reports for each outcome. */
const ACQUIRER_CODES: Readonly<Record<AuthorizationResponse['resultCode'], readonly [string, string]>> = {
  SUCCESS: ['00', 'Approved'],
  PAYMENT_IN_PROCESS: ['09', 'Request in progress'],
  DO_NOT_HONOR: ['05', 'Do not honor'],
  USER_BALANCE_NOT_ENOUGH: ['51', 'Insufficient funds'],
  CARD_EXPIRED: ['54', 'Expired card'],
  INVALID_CARD_NUMBER: ['14', 'Invalid card number'],
  INVALID_CVV: ['N7', 'CVV2 failure'],
  INVALID_EXPIRATION_DATE: ['54', 'Invalid expiration date'],
  CARD_NOT_SUPPORTED: ['57', 'Transaction not permitted to cardholder'],
  LOST_CARD: ['41', 'Lost card, pick up'],
  STOLEN_CARD: ['43', 'Stolen card, pick up'],
  PICKUP_CARD: ['04', 'Pick up card'],
  RESTRICTED_CARD: ['62', 'Restricted card'],
  AUTHENTICATION_REQUIRED: ['1A', 'Additional customer authentication required'],
  USER_PAYMENT_VERIFICATION_FAILED: ['82', 'Cardholder verification failed'],
  PAYMENT_AMOUNT_EXCEED_LIMIT: ['61', 'Exceeds withdrawal amount limit'],
  PAYMENT_COUNT_EXCEED_LIMIT: ['65', 'Exceeds withdrawal count limit'],
};

/** Settings of a simulated acquirer. */
export interface SandboxAcquirerOptions {
  /** `acquirerName`, e.g. `SANDBOX_ACQ_A`. */
  name: string;
  /** `acquirerMerchantId` the sandbox merchant has at this acquirer. */
  merchantId: string;
  /** Id source (seeded). */
  ids: IdFactory;
}

/** An acquirer that relays the issuer's answer immediately and always captures. */
export class SandboxAcquirer implements Acquirer {
  /** `acquirerName`. */
  readonly name: string;
  private readonly merchantId: string;
  private readonly ids: IdFactory;

  /** Creates the acquirer. */
  constructor(options: SandboxAcquirerOptions) {
    this.name = options.name;
    this.merchantId = options.merchantId;
    this.ids = options.ids;
  }

  /** Relays the issuer's answer with this acquirer's references. */
  async authorize(request: AuthorizationRequest): Promise<AuthorizationResponse> {
    const [code, message] = ACQUIRER_CODES[request.issuer.resultCode];
    return {
      outcome: request.issuer.outcome,
      resultCode: request.issuer.resultCode,
      acquirerInfo: this.info(code, message),
      networkTransactionId: request.issuer.outcome === 'PENDING' ? undefined : this.ids.reference(15),
    };
  }

  /** Always captures. */
  async capture(): Promise<CaptureResponse> {
    return { outcome: 'CAPTURED', acquirerInfo: this.info('00', 'Approved') };
  }

  private info(code: string, message: string): AcquirerInfo {
    return {
      acquirerName: this.name,
      acquirerTransactionId: this.ids.reference(20),
      acquirerMerchantId: this.merchantId,
      acquirerResultCode: code,
      acquirerResultMessage: message,
    };
  }
}

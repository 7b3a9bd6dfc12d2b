/**
 * The wallet's side of the demo API: removing a saved card (the server maps what the browser names,
 * a session's list position or a wallet card id, to the token and deletes it through the client)
 * and creating the vaulting session of the "My cards" page. Tokens never appear in an answer.
 */
import { randomBytes } from 'node:crypto';
import { AntomError, isRecord, isSucceeded, type AntomClient } from 'antom-card-checkout/server';
import type { Database } from './db.js';
import type { Wallet, WalletCard } from './wallet.js';

/** An answer of a wallet endpoint: HTTP status and JSON body. */
export interface WalletAnswer {
  /** HTTP status: 200 on success, 400, 404 or 502 for a refusal or a failed Antom call. */
  httpStatus: number;
  /** `{ ok: true, ... }`, or `{ ok: false, error: { code, message } }`. */
  body: { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };
}

/** Body of `POST /api/wallet/remove`, once validated. */
export interface RemoveRequest {
  /** The session whose saved-card list the buyer saw. */
  paymentSessionId: string;
  /** Position of the card in that session's `savedPaymentMethods`. */
  index: number;
}

/** Parse result of a request body: the value, or a message naming the bad field. */
export type WalletParse<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Result codes of `vaults/deleteToken` that mean Antom holds no such token (already deleted, or
 * never issued to this merchant): the card is useless, so the wallet drops it all the same.
 */
export const TOKEN_GONE_CODES: readonly string[] = ['INVALID_PAYMENT_METHOD_META_DATA'];

/** Vaulting request ids the shop created (bounded); a `VAULTING_RESULT` must name one of them. */
export const MAX_PENDING_VAULTINGS = 1000;

/** A refusal by the shop itself, in the `{ ok: false, error }` shape every wallet endpoint uses. */
export function walletError(httpStatus: number, code: string, message: string): WalletAnswer {
  return { httpStatus, body: { ok: false, error: { code, message } } };
}

/** Validates the body of `POST /api/wallet/remove`. */
export function parseRemoveRequest(body: unknown): WalletParse<RemoveRequest> {
  if (!isRecord(body)) return { ok: false, message: 'body must be a JSON object { paymentSessionId, index }' };
  const extra = Object.keys(body).find((key) => key !== 'paymentSessionId' && key !== 'index');
  if (extra !== undefined) return { ok: false, message: `${extra.slice(0, 40)} is not an accepted field` };
  const { paymentSessionId, index } = body;
  if (typeof paymentSessionId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(paymentSessionId)) {
    return { ok: false, message: 'paymentSessionId must be the id of the checkout session' };
  }
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 99) {
    return { ok: false, message: 'index must be a whole number from 0, the position of the saved card' };
  }
  return { ok: true, value: { paymentSessionId, index } };
}

/** Body of `POST /api/vault/session`, once validated. */
export interface VaultSessionRequest {
  /** Ask the issuer to verify the buyer with 3-D Secure before the card is bound (default false). */
  is3DSAuthentication: boolean;
}

/** Validates the body of `POST /api/vault/session`: nothing, or `{ "is3DSAuthentication": boolean }`. */
export function parseVaultSessionRequest(body: unknown): WalletParse<VaultSessionRequest> {
  if (body === undefined) return { ok: true, value: { is3DSAuthentication: false } };
  if (!isRecord(body)) return { ok: false, message: 'body must be a JSON object { is3DSAuthentication? }' };
  const extra = Object.keys(body).find((key) => key !== 'is3DSAuthentication');
  if (extra !== undefined) return { ok: false, message: `${extra.slice(0, 40)} is not an accepted field` };
  const threeDS = body['is3DSAuthentication'];
  if (threeDS !== undefined && typeof threeDS !== 'boolean') {
    return { ok: false, message: 'is3DSAuthentication must be true or false' };
  }
  return { ok: true, value: { is3DSAuthentication: threeDS === true } };
}

function clientFailure(error: AntomError): WalletAnswer {
  const code = error.kind === 'RESULT_FAILED' ? (error.resultCode ?? error.kind) : error.kind;
  return walletError(502, code, error.message);
}

/** Who deletes tokens: the client, and the merchant account Antom's token calls name. */
export interface TokenOwner {
  /** Signs and sends `vaults/deleteToken`. */
  client: AntomClient;
  /** `merchantAccountId` of the token calls (Antom Dashboard; the sandbox gateway accepts any). */
  merchantAccountId: string;
}

/**
 * Deletes a token through the client, then drops it from the wallet. A token Antom no longer holds
 * (`TOKEN_GONE_CODES`) is dropped too; any other failure leaves the wallet as it was.
 */
export async function deleteSavedCard(owner: TokenOwner, wallet: Wallet, token: string): Promise<WalletAnswer> {
  let alreadyGone = false;
  try {
    const response = await owner.client.deleteToken({ token, merchantAccountId: owner.merchantAccountId });
    if (!isSucceeded(response)) {
      return walletError(502, response.result.resultCode, 'Antom has not confirmed the removal yet; try again');
    }
  } catch (error) {
    if (!(error instanceof AntomError)) throw error;
    alreadyGone = error.kind === 'RESULT_FAILED' && TOKEN_GONE_CODES.includes(error.resultCode ?? '');
    if (!alreadyGone) return clientFailure(error);
  }
  const removed = await wallet.remove(token);
  return { httpStatus: 200, body: { ok: true, removed: removed ?? null, alreadyGone, cards: await wallet.list() } };
}

/** Removes the card at `index` of the list the shop sent with a checkout session. */
export async function removeSessionCard(
  owner: TokenOwner,
  wallet: Wallet,
  request: RemoveRequest,
): Promise<WalletAnswer> {
  const found = await wallet.sessionToken(request.paymentSessionId, request.index);
  if (!found.ok) {
    return found.reason === 'unknown-session'
      ? walletError(404, 'SESSION_NOT_FOUND', 'the shop created no checkout session with this id')
      : walletError(404, 'CARD_NOT_FOUND', `the session offered no saved card at index ${request.index}`);
  }
  if (!(await wallet.has(found.token))) {
    // Removed meanwhile (another tab, the "My cards" page): what the buyer asked for is done.
    return { httpStatus: 200, body: { ok: true, removed: null, alreadyGone: true, cards: await wallet.list() } };
  }
  return deleteSavedCard(owner, wallet, found.token);
}

/** Removes a card by its wallet id (the "My cards" page). */
export async function removeWalletCard(owner: TokenOwner, wallet: Wallet, cardId: string): Promise<WalletAnswer> {
  const token = await wallet.tokenOf(cardId);
  if (token === undefined) return walletError(404, 'CARD_NOT_FOUND', `no saved card ${cardId}`);
  return deleteSavedCard(owner, wallet, token);
}

/** Vaulting request ids the shop created (in the database), so a `VAULTING_RESULT` can be matched to one. */
export class VaultingRequests {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
  }

  /** A fresh vaulting request id, remembered (the oldest beyond `MAX_PENDING_VAULTINGS` are forgotten). */
  async create(): Promise<string> {
    const id = `vault_${randomBytes(12).toString('base64url')}`;
    await this.#db.transaction(async (tx) => {
      await tx.query('INSERT INTO demo_vaulting_requests (id, created_at) VALUES ($1, $2::timestamptz)', [
        id,
        this.#now().toISOString(),
      ]);
      await tx.query(
        `DELETE FROM demo_vaulting_requests
         WHERE seq NOT IN (SELECT seq FROM demo_vaulting_requests ORDER BY seq DESC LIMIT $1)`,
        [MAX_PENDING_VAULTINGS],
      );
    });
    return id;
  }

  /** Whether the shop created this vaulting request. */
  async has(id: string): Promise<boolean> {
    return (await this.#db.query('SELECT 1 FROM demo_vaulting_requests WHERE id = $1', [id])).length > 0;
  }

  /** Forgets a request whose session could not be created. */
  async forget(id: string): Promise<void> {
    await this.#db.query('DELETE FROM demo_vaulting_requests WHERE id = $1', [id]);
  }
}

/** Creates a vaulting session for `<antom-card-checkout mode="vault">` on the "My cards" page. */
export async function createVaultSession(
  client: AntomClient,
  vaultings: VaultingRequests,
  urls: { notifyUrl: string; redirectUrl: string },
  request: VaultSessionRequest = { is3DSAuthentication: false },
): Promise<WalletAnswer> {
  const vaultingRequestId = await vaultings.create();
  try {
    const session = await client.createVaultingSession({
      paymentMethodType: 'CARD',
      vaultingRequestId,
      vaultingNotificationUrl: urls.notifyUrl,
      redirectUrl: urls.redirectUrl,
      ...(request.is3DSAuthentication ? { is3DSAuthentication: true } : {}),
    });
    if (!isSucceeded(session)) {
      await vaultings.forget(vaultingRequestId);
      return walletError(502, session.result.resultCode, 'Antom has not created the vaulting session yet; try again');
    }
    return {
      httpStatus: 200,
      body: {
        ok: true,
        vaultingSessionData: session.vaultingSessionData,
        vaultingSessionId: session.vaultingSessionId,
        vaultingSessionExpiryTime: session.vaultingSessionExpiryTime,
      },
    };
  } catch (error) {
    await vaultings.forget(vaultingRequestId);
    if (!(error instanceof AntomError)) throw error;
    return clientFailure(error);
  }
}

/** The `GET /api/wallet` answer: display facts only. */
export async function walletView(wallet: Wallet): Promise<{ cards: WalletCard[] }> {
  return { cards: await wallet.list() };
}

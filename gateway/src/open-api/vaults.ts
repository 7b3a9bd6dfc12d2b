/**
 * Open API, vaults group (docs/antom-api.md section 3), served under both `/ams/api/v1/vaults/...` and
 * `/ams/sandbox/api/v1/vaults/...`: `createVaultingSession` (card binding in the frame's vault
 * mode), `vaultPaymentMethod` (server-to-server binding for PCI DSS merchants), `inquireVaulting`,
 * and the token calls `inquireToken`, `updateToken` and `deleteToken`. Card data reaches the engine
 * for one verification and nothing else; messages name fields, never values.
 */
import { boolean, isRecord, object, oneOf, optional, refine, SchemaError, string, type Infer } from '#shared';
import type { GatewayContext } from '../context.js';
import type { PaymentEngine } from '../engine/engine.js';
import { result } from '../engine/result-codes.js';
import { formatAntomTime, parseTimeWithOffset } from '../engine/time.js';
import type { StoredCardToken } from '../engine/tokens.js';
import type { Vaulting } from '../engine/types.js';
import type { Router } from '../http/router.js';
import { challengeRedirectUrl } from './challenge-redirect.js';
import { vaultedDetailJson } from './payment-json.js';
import {
  cardDigits,
  cardholderName,
  cvvDigits,
  expiryDigits,
  holderName,
  httpUrl,
  requestId,
} from './request-schemas.js';
import { OPEN_API_PREFIXES, openApiRoute, type OpenApiAnswer, type SignedCall } from './signed-call.js';

/** `merchantRegion`: accepted and not used (the sandbox has one region). */
const merchantRegion = optional(string({ pattern: /^[A-Z]{2}$/, rule: 'must be an ISO 3166 alpha-2 country code' }));

/**
 * `redirectUrl` is optional here, as in D `ams/vaulting_session` and J `AlipayVaultingSessionRequest.java`
 * ("if you want to redirect the buyer"); `vaultPaymentMethod` requires it (D `oneapi/vault_method`).
 */
const createVaultingSessionRequest = object({
  paymentMethodType: oneOf(['CARD']),
  vaultingRequestId: requestId(),
  vaultingNotificationUrl: httpUrl(),
  redirectUrl: optional(httpUrl()),
  merchantRegion,
  is3DSAuthentication: optional(boolean()),
});

/** Card data to bind. `brand` is accepted and not used: the gateway detects the brand from the number. */
const vaultCard = object({
  cardNo: cardDigits(),
  cvv: optional(cvvDigits()),
  expiryMonth: expiryDigits(),
  expiryYear: expiryDigits(),
  cardholderName: optional(cardholderName),
  brand: optional(string({ max: 32 })),
  is3DSAuthentication: optional(boolean()),
});

const vaultPaymentMethodRequest = object({
  vaultingRequestId: requestId(),
  vaultingNotificationUrl: httpUrl(),
  redirectUrl: httpUrl(),
  merchantRegion,
  paymentMethodDetail: object({ paymentMethodType: oneOf(['CARD']), card: vaultCard }),
});

const inquireVaultingRequest = object({ vaultingRequestId: requestId() });

/**
 * The token endpoints' request: `token` and `merchantAccountId`, both REQUIRED in Antom's reference
 * (docs/antom-api.md section 3). The sandbox has one account per client id, so any account id passes.
 */
const tokenRequest = object({ token: string({ max: 255 }), merchantAccountId: string({ max: 64 }) });

/** Names this sandbox once took for the token; Antom refuses them, so they are refused with a pointer. */
const FORMER_TOKEN_FIELDS = ['cardToken', 'paymentMethodId'];

/** `tokenRequest`, telling a caller who sends a former name which field Antom reads. */
function parseTokenRequest(body: unknown, endpoint: string): Infer<typeof tokenRequest> {
  const former = isRecord(body) && body['token'] === undefined && FORMER_TOKEN_FIELDS.find((key) => key in body);
  if (former) throw new SchemaError(`token is required (${former} is not a field of vaults/${endpoint})`);
  return tokenRequest.parse(body, '');
}

/** `vaults/createVaultingSession`: a session for `<antom-card-checkout mode="vault">`. */
export function createVaultingSession(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = createVaultingSessionRequest.parse(call.body, '');
  const created = engine.vaulting.createSession(call.merchant.clientId, {
    vaultingRequestId: request.vaultingRequestId,
    notifyUrl: request.vaultingNotificationUrl,
    ...(request.redirectUrl !== undefined ? { redirectUrl: request.redirectUrl } : {}),
    threeDS: request.is3DSAuthentication ?? false,
  });
  if (!created.ok) return { body: { result: created.error } };
  return { body: { result: result('SUCCESS'), ...created.value } };
}

/**
 * `vaults/vaultPaymentMethod`: binds card data sent server to server; `S` with the token, or the
 * decline `F`. With 3-D Secure, `VERIFICATION_IN_PROCESS`/U with `normalUrl`, the issuer's page the
 * merchant redirects the buyer to; `notifyVaulting` tells the result once the buyer answered.
 */
export function vaultPaymentMethod(engine: PaymentEngine, call: SignedCall, context: GatewayContext): OpenApiAnswer {
  const request = vaultPaymentMethodRequest.parse(call.body, '');
  const { card } = request.paymentMethodDetail;
  const vaulted = engine.vaulting.vaultCard(call.merchant.clientId, {
    vaultingRequestId: request.vaultingRequestId,
    notifyUrl: request.vaultingNotificationUrl,
    redirectUrl: request.redirectUrl,
    threeDS: card.is3DSAuthentication ?? false,
    card: {
      number: card.cardNo,
      expiryMonth: card.expiryMonth,
      expiryYear: card.expiryYear,
      cvc: card.cvv,
      holderName: holderName(card.cardholderName),
    },
  });
  if (!vaulted.ok) return { body: { result: vaulted.error } };
  const { vaulting, challengeId } = vaulted.value;
  const redirect = challengeId === undefined ? undefined : challengeRedirectUrl(context, challengeId);
  return {
    body: {
      result: { ...vaulting.result! },
      vaultingRequestId: vaulting.vaultingRequestId,
      ...(vaulting.vaulted ? { paymentMethodDetail: vaultedDetailJson(vaulting) } : {}),
      ...(redirect !== undefined ? { normalUrl: redirect } : {}),
    },
  };
}

/**
 * `vaults/inquireVaulting`: `vaultingStatus` and the bound card; `result` only says the inquiry
 * worked. While a `vaultPaymentMethod` waits for the buyer at the issuer, its `normalUrl` too.
 */
export function inquireVaulting(engine: PaymentEngine, call: SignedCall, context: GatewayContext): OpenApiAnswer {
  const request = inquireVaultingRequest.parse(call.body, '');
  const found = engine.vaulting.inquire(call.merchant.clientId, request.vaultingRequestId);
  if (!found.ok) return { body: { result: found.error } };
  const challengeId = engine.vaulting.redirectChallenge(call.merchant.clientId, request.vaultingRequestId);
  const redirect = challengeId === undefined ? undefined : challengeRedirectUrl(context, challengeId);
  return {
    body: {
      result: result('SUCCESS'),
      ...inquiryFields(found.value),
      ...(redirect !== undefined ? { normalUrl: redirect } : {}),
    },
  };
}

/** `tokenExpiryTime`: ISO-8601 with an offset, within the two-digit card years (2000-2099). */
const tokenExpiryTime = refine(
  string({ max: 40 }),
  (value) => {
    const year = parseTimeWithOffset(value)?.getUTCFullYear();
    return year !== undefined && year >= 2000 && year <= 2099;
  },
  'must be an ISO-8601 date-time with an offset in the years 2000-2099, e.g. 2034-12-31T23:59:59+08:00',
);

/**
 * `vaults/updateToken` (J `AlipayUpdateTokenRequest.java`, D `oneapi/update_token`): the token
 * reference plus what may change; `email` at most 64 characters, as `buyerEmail` (ours: the page's
 * length was not confirmed offline).
 */
const updateTokenRequest = object({
  accountHolderName: optional(cardholderName),
  email: optional(string({ max: 64 })),
  tokenExpiryTime: optional(tokenExpiryTime),
});

/** A card token's expiry as Antom writes it: the last second of the card's expiry month, UTC. */
function tokenExpiryTimeOf(token: StoredCardToken): string {
  const year = 2000 + Number(token.card.expiryYear);
  const month = Number(token.card.expiryMonth);
  return formatAntomTime(new Date(Date.UTC(year, month, 1) - 1000));
}

/** `vaults/inquireToken` fields (J `AlipayVaultingInquireTokenResponse.java`); `issuerName` is not known here. */
function tokenInquiryJson(token: StoredCardToken): Record<string, unknown> {
  return {
    token: token.cardToken,
    ...(token.accountHolderName ? { accountHolderName: { ...token.accountHolderName } } : {}),
    ...(token.email !== undefined ? { email: token.email } : {}),
    ...(token.card.issuingCountry ? { issuingCountry: token.card.issuingCountry } : {}),
    tokenExpiryTime: tokenExpiryTimeOf(token),
  };
}

/** `vaults/inquireToken`: what the sandbox knows of an active token of this merchant. */
export function inquireToken(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = parseTokenRequest(call.body, 'inquireToken');
  const found = engine.inquireToken(call.merchant.clientId, request.token);
  if (!found.ok) return { body: { result: found.error } };
  return { body: { result: result('SUCCESS'), ...tokenInquiryJson(found.value) } };
}

/**
 * `vaults/updateToken`: sets the holder's name and email, or moves the token's expiry; a card token
 * expires with its card's month, so `tokenExpiryTime` sets the card's expiry month and year (UTC),
 * which later payments and saved-card lists check. Answers `token`, as Antom does.
 */
export function updateToken(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = parseTokenRequest(call.body, 'updateToken');
  const changes = updateTokenRequest.parse(call.body, '');
  const expiry = changes.tokenExpiryTime === undefined ? undefined : parseTimeWithOffset(changes.tokenExpiryTime)!;
  const updated = engine.updateToken(call.merchant.clientId, request.token, {
    ...(changes.accountHolderName ? { accountHolderName: changes.accountHolderName } : {}),
    ...(changes.email !== undefined ? { email: changes.email } : {}),
    ...(expiry
      ? {
          expiry: {
            expiryMonth: String(expiry.getUTCMonth() + 1).padStart(2, '0'),
            expiryYear: String(expiry.getUTCFullYear() % 100).padStart(2, '0'),
          },
        }
      : {}),
  });
  if (!updated.ok) return { body: { result: updated.error } };
  return { body: { result: result('SUCCESS'), token: updated.value.cardToken } };
}

/** `vaults/deleteToken`: Antom's answer is `result` alone; deleting twice succeeds twice (ours). */
export function deleteToken(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = parseTokenRequest(call.body, 'deleteToken');
  const deleted = engine.deleteToken(call.merchant.clientId, request.token);
  return { body: { result: deleted.ok ? result('SUCCESS') : deleted.error } };
}

/**
 * `vaultingResultCode` and `vaultingResultMessage` by `vaultingStatus`, as J
 * `AlipayVaultingQueryResponse.java` describes them: `SUCCESS` / "success.", `VERIFICATION_IN_PROCESS`
 * / "The verification is still under process.", or the failure's own code and message.
 */
function vaultingResult(vaulting: Vaulting): { vaultingResultCode: string; vaultingResultMessage: string } {
  if (vaulting.status === 'FAIL' && vaulting.result) {
    return { vaultingResultCode: vaulting.result.resultCode, vaultingResultMessage: vaulting.result.resultMessage };
  }
  return vaulting.status === 'SUCCESS'
    ? { vaultingResultCode: 'SUCCESS', vaultingResultMessage: 'success.' }
    : {
        vaultingResultCode: 'VERIFICATION_IN_PROCESS',
        vaultingResultMessage: 'The verification is still under process.',
      };
}

function inquiryFields(vaulting: Vaulting): Record<string, unknown> {
  return {
    vaultingRequestId: vaulting.vaultingRequestId,
    vaultingStatus: vaulting.status,
    ...(vaulting.vaulted
      ? {
          paymentMethodDetail: vaultedDetailJson(vaulting),
          vaultingCreateTime: formatAntomTime(vaulting.vaulted.vaultedAt),
        }
      : {}),
    ...vaultingResult(vaulting),
  };
}

/** The vaults group's operations by endpoint name. */
const VAULT_OPERATIONS: Readonly<
  Record<string, (engine: PaymentEngine, call: SignedCall, context: GatewayContext) => OpenApiAnswer>
> = {
  createVaultingSession,
  vaultPaymentMethod,
  inquireVaulting,
  inquireToken,
  updateToken,
  deleteToken,
};

/** Serves the vaults group under both Open API prefixes. */
export function registerVaultRoutes(router: Router, context: GatewayContext): void {
  for (const prefix of OPEN_API_PREFIXES) {
    for (const [name, operation] of Object.entries(VAULT_OPERATIONS)) {
      router.on(
        `${prefix}/vaults/${name}`,
        openApiRoute(context, (call) => operation(context.engine, call, context)),
      );
    }
  }
}

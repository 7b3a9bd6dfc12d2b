/**
 * Open API, vaults group (docs/antom-api.md section 3), served under both `/ams/api/v1/vaults/...` and
 * `/ams/sandbox/api/v1/vaults/...`: `createVaultingSession` (card binding in the frame's vault
 * mode), `vaultPaymentMethod` (server-to-server binding for PCI DSS merchants), `inquireVaulting`,
 * and (ours: Antom documents no token deletion endpoint) `deleteToken`. Card data reaches the
 * engine for one verification and nothing else; messages name fields, never values.
 */
import { boolean, object, oneOf, optional, SchemaError, string } from '#shared';
import type { GatewayContext } from '../context.js';
import type { PaymentEngine } from '../engine/engine.js';
import { result } from '../engine/result-codes.js';
import { formatAntomTime } from '../engine/time.js';
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
  requireOneOf,
} from './request-schemas.js';
import { OPEN_API_PREFIXES, openApiRoute, type OpenApiAnswer, type SignedCall } from './signed-call.js';

/** `merchantRegion`: accepted and not used (the sandbox has one region). */
const merchantRegion = optional(string({ pattern: /^[A-Z]{2}$/, rule: 'must be an ISO 3166 alpha-2 country code' }));

const createVaultingSessionRequest = object({
  paymentMethodType: oneOf(['CARD']),
  vaultingRequestId: requestId(),
  vaultingNotificationUrl: httpUrl(),
  redirectUrl: httpUrl(),
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

const deleteTokenRequest = object({
  cardToken: optional(string({ max: 128 })),
  paymentMethodId: optional(string({ max: 128 })),
});

/** `vaults/createVaultingSession`: a session for `<antom-card-checkout mode="vault">`. */
export function createVaultingSession(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = createVaultingSessionRequest.parse(call.body, '');
  const created = engine.vaulting.createSession(call.merchant.clientId, {
    vaultingRequestId: request.vaultingRequestId,
    notifyUrl: request.vaultingNotificationUrl,
    redirectUrl: request.redirectUrl,
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

/** `vaults/deleteToken` (ours): `{ cardToken }` or `{ paymentMethodId }`; deleting twice succeeds twice. */
export function deleteToken(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = deleteTokenRequest.parse(call.body, '');
  requireOneOf(['cardToken', request.cardToken], ['paymentMethodId', request.paymentMethodId]);
  if (request.cardToken !== undefined && request.paymentMethodId !== undefined) {
    throw new SchemaError('send cardToken or paymentMethodId, not both');
  }
  const field = request.cardToken !== undefined ? 'cardToken' : 'paymentMethodId';
  const deleted = engine.deleteToken(call.merchant.clientId, (request.cardToken ?? request.paymentMethodId)!, field);
  if (!deleted.ok) return { body: { result: deleted.error } };
  return { body: { result: result('SUCCESS'), cardToken: deleted.value.cardToken } };
}

function inquiryFields(vaulting: Vaulting): Record<string, unknown> {
  const failed = vaulting.status === 'FAIL' && vaulting.result;
  return {
    vaultingRequestId: vaulting.vaultingRequestId,
    vaultingStatus: vaulting.status,
    ...(vaulting.vaulted
      ? {
          paymentMethodDetail: vaultedDetailJson(vaulting),
          vaultingCreateTime: formatAntomTime(vaulting.vaulted.vaultedAt),
        }
      : {}),
    // (ours) Why a vaulting failed, as inquiryPayment's paymentResultCode says why a payment did.
    ...(failed ? { vaultingResultCode: failed.resultCode, vaultingResultMessage: failed.resultMessage } : {}),
  };
}

/** The vaults group's operations by endpoint name. */
const VAULT_OPERATIONS: Readonly<
  Record<string, (engine: PaymentEngine, call: SignedCall, context: GatewayContext) => OpenApiAnswer>
> = {
  createVaultingSession,
  vaultPaymentMethod,
  inquireVaulting,
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

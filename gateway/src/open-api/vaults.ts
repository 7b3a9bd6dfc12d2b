/**
 * Open API, vaults group (docs/antom-api.md section 3), served under both `/ams/api/v1/vaults/...` and
 * `/ams/sandbox/api/v1/vaults/...`: `createVaultingSession` (card binding in the frame's vault
 * mode), `vaultPaymentMethod` (server-to-server binding for PCI DSS merchants), `inquireVaulting`,
 * and `deleteToken`. Card data reaches the engine for one verification and nothing else; messages
 * name fields, never values.
 */
import { boolean, isRecord, object, oneOf, optional, SchemaError, string, type Infer } from '#shared';
import type { GatewayContext } from '../context.js';
import type { PaymentEngine } from '../engine/engine.js';
import { result } from '../engine/result-codes.js';
import { formatAntomTime } from '../engine/time.js';
import type { Vaulting } from '../engine/types.js';
import type { Router } from '../http/router.js';
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

/** `vaults/vaultPaymentMethod`: binds card data sent server to server; `S` with the token, or the decline `F`. */
export function vaultPaymentMethod(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
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
  const vaulting = vaulted.value;
  return {
    body: {
      result: { ...vaulting.result! },
      vaultingRequestId: vaulting.vaultingRequestId,
      ...(vaulting.vaulted ? { paymentMethodDetail: vaultedDetailJson(vaulting) } : {}),
    },
  };
}

/** `vaults/inquireVaulting`: `vaultingStatus` and the bound card; `result` only says the inquiry worked. */
export function inquireVaulting(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = inquireVaultingRequest.parse(call.body, '');
  const found = engine.vaulting.inquire(call.merchant.clientId, request.vaultingRequestId);
  if (!found.ok) return { body: { result: found.error } };
  return { body: { result: result('SUCCESS'), ...inquiryFields(found.value) } };
}

/** `vaults/deleteToken`: Antom's answer is `result` alone; deleting twice succeeds twice (ours). */
export function deleteToken(engine: PaymentEngine, call: SignedCall): OpenApiAnswer {
  const request = parseTokenRequest(call.body, 'deleteToken');
  const deleted = engine.deleteToken(call.merchant.clientId, request.token);
  return { body: { result: deleted.ok ? result('SUCCESS') : deleted.error } };
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
const VAULT_OPERATIONS: Readonly<Record<string, (engine: PaymentEngine, call: SignedCall) => OpenApiAnswer>> = {
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
        openApiRoute(context, (call) => operation(context.engine, call)),
      );
    }
  }
}

/**
 * Merchant registry: who may call the Open API, with which key, and which origins may frame the
 * card page for their sessions. Configuration is checked once, at startup, with errors that name
 * the offending field.
 */
import { createPublicKey } from 'node:crypto';
import { CARD_BRANDS, type CardBrand } from '#shared';
import { isOrigin, isRecord } from '#shared';
import { validateRoutingConfig } from './routing-config.js';
import type { Merchant, MerchantConfig } from './types.js';
import { isWellFormedClientId } from 'antom-card-checkout/server';

/** Brands a merchant accepts unless configured otherwise. */
export const DEFAULT_BRANDS: readonly CardBrand[] = [
  'VISA',
  'MASTERCARD',
  'AMEX',
  'UNIONPAY',
  'JCB',
  'DINERS',
  'DISCOVER',
];

/** A merchant configuration that cannot be used; the message names the field. */
export class MerchantConfigError extends Error {
  /** `message` names the field, e.g. `merchants[0].allowedOrigins[1] must be an origin`. */
  constructor(message: string) {
    super(message);
    this.name = 'MerchantConfigError';
  }
}

/** Checks an http(s) URL. */
export function isHttpUrl(value: unknown, maxLength = 2048): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Maps Antom SDK spellings (`CUP`) to the protocol's brand names; `undefined` when unknown. */
export function normalizeBrand(value: unknown): CardBrand | undefined {
  if (value === 'CUP') return 'UNIONPAY';
  return CARD_BRANDS.find((brand) => brand === value);
}

/**
 * Checks a merchant configuration from untyped input (JSON file or options) and returns it with
 * defaults applied. `where` prefixes error messages, e.g. `merchants.json: merchants[0]`.
 */
export function validateMerchantConfig(value: unknown, where: string): MerchantConfig {
  const fail = (field: string, rule: string): never => {
    throw new MerchantConfigError(`${where}.${field} ${rule}`);
  };
  if (!isRecord(value)) throw new MerchantConfigError(`${where} must be an object`);
  const { clientId, name, publicKeyPem, keyVersion, notifyUrl, allowedOrigins, brands, routing, partialCapture } =
    value;
  // No dot: it separates the signed parts, and a dotted id makes the signed text ambiguous.
  if (typeof clientId !== 'string' || !isWellFormedClientId(clientId)) {
    fail('clientId', 'must be 1 to 64 letters, digits, dashes or underscores (no dot)');
  }
  if (typeof name !== 'string' || name.length === 0 || name.length > 128)
    fail('name', 'must be a string of 1 to 128 characters');
  if (typeof publicKeyPem !== 'string') fail('publicKeyPem', 'must be a PEM string');
  try {
    const key = createPublicKey(publicKeyPem as string);
    if (key.asymmetricKeyType !== 'rsa') fail('publicKeyPem', 'must be an RSA public key');
  } catch (error) {
    if (error instanceof MerchantConfigError) throw error;
    fail('publicKeyPem', 'is not a readable public key (SPKI PEM expected)');
  }
  if (keyVersion !== undefined && (typeof keyVersion !== 'string' || !/^[0-9A-Za-z]{1,16}$/.test(keyVersion))) {
    fail('keyVersion', 'must be a short string such as "1"');
  }
  if (notifyUrl !== undefined && !isHttpUrl(notifyUrl)) fail('notifyUrl', 'must be an http(s) URL');
  if (!Array.isArray(allowedOrigins)) fail('allowedOrigins', 'must be an array of origins');
  (allowedOrigins as unknown[]).forEach((origin, index) => {
    if (!isOrigin(origin)) fail(`allowedOrigins[${index}]`, 'must be an origin such as http://localhost:4173');
  });
  let brandList: CardBrand[] | undefined;
  if (brands !== undefined) {
    if (!Array.isArray(brands) || brands.length === 0) fail('brands', 'must be a non-empty array of card brands');
    brandList = (brands as unknown[]).map(
      (brand, index) => normalizeBrand(brand) ?? fail(`brands[${index}]`, `must be one of ${CARD_BRANDS.join(', ')}`),
    );
  }
  if (partialCapture !== undefined && typeof partialCapture !== 'boolean') {
    fail('partialCapture', 'must be true or false');
  }
  const routingSettings =
    routing === undefined
      ? undefined
      : validateRoutingConfig(routing, (field, rule) => fail(field ? `routing.${field}` : 'routing', rule));
  return {
    clientId: clientId as string,
    name: name as string,
    publicKeyPem: publicKeyPem as string,
    keyVersion: (keyVersion as string | undefined) ?? '1',
    ...(notifyUrl !== undefined ? { notifyUrl: notifyUrl as string } : {}),
    allowedOrigins: [...(allowedOrigins as string[])],
    ...(brandList ? { brands: [...new Set(brandList)] } : {}),
    ...(routingSettings ? { routing: routingSettings } : {}),
    ...(partialCapture !== undefined ? { partialCapture: partialCapture as boolean } : {}),
  };
}

/** The registered merchants, by client id. */
export class MerchantRegistry {
  private readonly merchants = new Map<string, Merchant>();

  /** Registers `configs`; a later entry with the same client id replaces an earlier one. */
  constructor(configs: readonly MerchantConfig[]) {
    configs.forEach((config, index) => {
      const checked = validateMerchantConfig(config, `merchants[${index}]`);
      this.merchants.set(checked.clientId, {
        clientId: checked.clientId,
        name: checked.name,
        publicKey: createPublicKey(checked.publicKeyPem),
        keyVersion: checked.keyVersion ?? '1',
        notifyUrl: checked.notifyUrl,
        allowedOrigins: checked.allowedOrigins,
        brands: checked.brands ?? [...DEFAULT_BRANDS],
        routing: validateRoutingConfig(checked.routing, (field, rule) => {
          throw new MerchantConfigError(`merchants[${index}].routing.${field} ${rule}`);
        }),
        partialCapture: checked.partialCapture ?? false,
      });
    });
  }

  /** The merchant with this client id; `undefined` for an unregistered one. */
  get(clientId: string): Merchant | undefined {
    return this.merchants.get(clientId);
  }

  /** Every registered client id. */
  clientIds(): string[] {
    return [...this.merchants.keys()];
  }
}

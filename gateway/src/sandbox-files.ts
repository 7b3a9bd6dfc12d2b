/**
 * The sandbox's files under `.sandbox/` (git-ignored): the gateway key pair, the demo merchant's
 * key pair and `merchants.json`. The first run creates them; later runs load them. A private key
 * is the source of truth: its public half is always derived from it and rewritten if missing or
 * stale. Files are created atomically (link of a temporary file) so two processes starting at
 * once (gateway and demo merchant) end up with the same keys.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { validateMerchantConfig } from './engine/merchants.js';
import type { MerchantConfig } from './engine/types.js';

/** Client id of the demo merchant the sandbox registers. */
export const DEMO_CLIENT_ID = 'SANDBOX_DEMO';

/** Origin of the demo merchant (`npm run demo`). */
export const DEMO_ORIGIN = 'http://localhost:4173';

/** A key pair and where it lives. */
export interface KeyPairFiles {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
  /** Path of the private key file (mode 0600). */
  privateKeyPath: string;
  /** Path of the public key file (mode 0644: anyone may read it). */
  publicKeyPath: string;
}

/** What `ensureSandbox` found or created in the sandbox folder. */
export interface SandboxFiles {
  /** Absolute folder path. */
  dir: string;
  /** The gateway's key pair (signs answers and notifications). */
  gateway: KeyPairFiles;
  /** The demo merchant's key pair (signs its Open API requests). */
  demoMerchant: KeyPairFiles & { clientId: string };
  /** Path of `merchants.json`, created with the demo merchant on the first run. */
  merchantsPath: string;
  /** Merchants registered in `merchants.json`. */
  merchants: MerchantConfig[];
  /** Files this call created or rewrote (empty on later runs). */
  created: string[];
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const temporaryPath = (path: string): string => `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/** Creates `path` with `content` unless it exists; returns whether this call created it. */
function createExclusive(path: string, content: string, mode: number): boolean {
  const temporary = temporaryPath(path);
  writeFileSync(temporary, content, { mode });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Replaces `path` atomically. */
function replaceFile(path: string, content: string, mode: number): void {
  const temporary = temporaryPath(path);
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, path);
}

function ensureKeyPair(dir: string, name: string, created: string[]): KeyPairFiles {
  const privateKeyPath = join(dir, `${name}-private.pem`);
  const publicKeyPath = join(dir, `${name}-public.pem`);
  let privateKeyPem = readIfExists(privateKeyPath);
  if (privateKeyPem === undefined) {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    if (createExclusive(privateKeyPath, privateKey, 0o600)) created.push(privateKeyPath);
    privateKeyPem = readFileSync(privateKeyPath, 'utf8');
  } else {
    chmodSync(privateKeyPath, 0o600);
  }
  let publicKeyPem: string;
  try {
    publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new Error(`${privateKeyPath} is not a readable private key; delete it to generate a new pair`);
  }
  if (readIfExists(publicKeyPath) !== publicKeyPem) {
    replaceFile(publicKeyPath, publicKeyPem, 0o644);
    created.push(publicKeyPath);
  }
  return { privateKeyPem, publicKeyPem, privateKeyPath, publicKeyPath };
}

/** The demo shop's notify URL at `origin`. */
const demoNotifyUrl = (origin: string): string => `${origin}/api/antom/notify`;

function defaultMerchantsFile(demoPublicKeyPath: string, demoOrigin: string): string {
  const entry = {
    clientId: DEMO_CLIENT_ID,
    name: 'Demo Shop',
    publicKeyFile: demoPublicKeyPath.split(/[\\/]/).pop(),
    keyVersion: '1',
    notifyUrl: demoNotifyUrl(demoOrigin),
    allowedOrigins: [demoOrigin],
  };
  return `${JSON.stringify({ merchants: [entry] }, null, 2)}\n`;
}

/**
 * Points the demo merchant's default entry at `demoOrigin` when it names another local port (the
 * shop moved with `DEMO_PORT`): otherwise the card page would let the old port frame it and the
 * notifications would go to whatever runs there. An entry someone edited is left alone.
 */
function moveDefaultDemoEntry(path: string, demoOrigin: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return false; // loadMerchants names the problem
  }
  const list = (parsed as { merchants?: unknown } | null)?.merchants;
  if (!Array.isArray(list)) return false;
  const entry = list.find(
    (item: unknown): item is Record<string, unknown> =>
      typeof item === 'object' && item !== null && (item as Record<string, unknown>)['clientId'] === DEMO_CLIENT_ID,
  );
  const origins = entry?.['allowedOrigins'];
  if (!entry || !Array.isArray(origins) || origins.length !== 1 || typeof origins[0] !== 'string') return false;
  const origin = origins[0];
  const isDefault = /^http:\/\/localhost:\d{1,5}$/.test(origin) && entry['notifyUrl'] === demoNotifyUrl(origin);
  if (!isDefault || origin === demoOrigin) return false;
  entry['allowedOrigins'] = [demoOrigin];
  entry['notifyUrl'] = demoNotifyUrl(demoOrigin);
  replaceFile(path, `${JSON.stringify(parsed, null, 2)}\n`, 0o644);
  return true;
}

/**
 * Reads `merchants.json`: `{ "merchants": [ { clientId, name, publicKeyFile | publicKeyPem,
 * keyVersion?, notifyUrl?, allowedOrigins, brands? } ] }`; `publicKeyFile` is relative to the folder.
 */
function loadMerchants(dir: string, path: string): MerchantConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message}`);
  }
  const list = (parsed as { merchants?: unknown } | null)?.merchants;
  if (!Array.isArray(list)) throw new Error(`${path}: expected { "merchants": [ ... ] }`);
  return list.map((raw: unknown, index) => {
    const where = `${path}: merchants[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} must be an object`);
    const { publicKeyFile, ...rest } = raw as Record<string, unknown>;
    if (publicKeyFile === undefined) return validateMerchantConfig(rest, where);
    if (typeof publicKeyFile !== 'string' || publicKeyFile.length === 0)
      throw new Error(`${where}.publicKeyFile must be a file name`);
    const keyPath = isAbsolute(publicKeyFile) ? publicKeyFile : join(dir, publicKeyFile);
    const publicKeyPem = readIfExists(keyPath);
    if (publicKeyPem === undefined) throw new Error(`${where}.publicKeyFile: ${keyPath} does not exist`);
    return validateMerchantConfig({ ...rest, publicKeyPem }, where);
  });
}

/** What `ensureSandbox` is told about the demo shop. */
export interface EnsureSandboxOptions {
  /**
   * Origin the demo shop runs on (default `DEMO_ORIGIN`): the demo merchant's frame ancestor and
   * notify URL. A default entry that names another local port is rewritten to it.
   */
  demoOrigin?: string;
}

/** Creates the sandbox files on the first run and loads them on every run. */
export function ensureSandbox(dir: string, options: EnsureSandboxOptions = {}): SandboxFiles {
  const demoOrigin = options.demoOrigin ?? DEMO_ORIGIN;
  const root = resolve(dir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  const gateway = ensureKeyPair(root, 'gateway', created);
  const demoMerchant = ensureKeyPair(root, `merchant-${DEMO_CLIENT_ID}`, created);
  const merchantsPath = join(root, 'merchants.json');
  if (
    readIfExists(merchantsPath) === undefined &&
    createExclusive(merchantsPath, defaultMerchantsFile(demoMerchant.publicKeyPath, demoOrigin), 0o644)
  ) {
    created.push(merchantsPath);
  } else if (options.demoOrigin !== undefined && moveDefaultDemoEntry(merchantsPath, demoOrigin)) {
    created.push(merchantsPath);
  }
  return {
    dir: root,
    gateway,
    demoMerchant: { ...demoMerchant, clientId: DEMO_CLIENT_ID },
    merchantsPath,
    merchants: loadMerchants(root, merchantsPath),
    created,
  };
}

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
  /** Files this call created (empty on later runs). */
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

function defaultMerchantsFile(demoPublicKeyPath: string): string {
  const entry = {
    clientId: DEMO_CLIENT_ID,
    name: 'Demo Shop',
    publicKeyFile: demoPublicKeyPath.split(/[\\/]/).pop(),
    keyVersion: '1',
    notifyUrl: `${DEMO_ORIGIN}/api/antom/notify`,
    allowedOrigins: [DEMO_ORIGIN],
  };
  return `${JSON.stringify({ merchants: [entry] }, null, 2)}\n`;
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

/** Creates the sandbox files on the first run and loads them on every run. */
export function ensureSandbox(dir: string): SandboxFiles {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  const gateway = ensureKeyPair(root, 'gateway', created);
  const demoMerchant = ensureKeyPair(root, `merchant-${DEMO_CLIENT_ID}`, created);
  const merchantsPath = join(root, 'merchants.json');
  if (
    readIfExists(merchantsPath) === undefined &&
    createExclusive(merchantsPath, defaultMerchantsFile(demoMerchant.publicKeyPath), 0o644)
  ) {
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

/**
 * The fixed RSA test keys, one pair per role, read from `test/fixtures/keys/<role>-{private,public}.pem`.
 * Fixed keys keep tests fast (no RSA generation) and let a test prove that a signature made with the
 * key of one role is refused where another role's is expected, so no two roles share a pair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A key pair as PEM text (PKCS#8 private, SPKI public). */
export interface KeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** The roles a fixture key pair plays. */
export type KeyRole = 'merchant' | 'antom' | 'otherMerchant' | 'sandboxDemo' | 'stranger';

const FILE_NAMES: Record<KeyRole, string> = {
  merchant: 'merchant',
  antom: 'antom',
  otherMerchant: 'other-merchant',
  sandboxDemo: 'sandbox-demo',
  stranger: 'stranger',
};

const KEY_DIR = join(import.meta.dirname, '..', 'fixtures', 'keys');

/** Path of one half of a role's pair, e.g. to seed a sandbox folder. */
export function keyFile(role: KeyRole, half: 'private' | 'public'): string {
  return join(KEY_DIR, `${FILE_NAMES[role]}-${half}.pem`);
}

function pair(role: KeyRole): KeyPair {
  return {
    privateKey: readFileSync(keyFile(role, 'private'), 'utf8'),
    publicKey: readFileSync(keyFile(role, 'public'), 'utf8'),
  };
}

/** The fixture key pairs by role. */
export const KEYS: Readonly<Record<KeyRole, KeyPair>> = {
  /** The test merchant: signs Open API requests; the gateway (or fake Antom) knows its public key. */
  merchant: pair('merchant'),
  /** Antom: the gateway's signing pair (answers and notifications); the fake Antom signs with it too. */
  antom: pair('antom'),
  /** A second registered merchant, for tests across merchants (another shop's tokens, sessions, payments). */
  otherMerchant: pair('otherMerchant'),
  /** The sandbox's own demo merchant (SANDBOX_DEMO), seeded into temporary sandbox folders. */
  sandboxDemo: pair('sandboxDemo'),
  /** A key nobody registered: whatever it signs must be refused. */
  stranger: pair('stranger'),
};

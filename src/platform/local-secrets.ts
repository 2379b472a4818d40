import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets that sandbox mode generates on first start and keeps in DATA_DIR, so a restart keeps
 * stored tokens decryptable and CLI signatures valid. Never used when real credentials are given.
 */
export interface LocalSecrets {
  plusplusSigningSecret: string;
  /** base64 of 32 random bytes */
  tokenEncryptionKey: string;
  slackClientId: string;
  slackClientSecret: string;
  slackSigningSecret: string;
}

export const LOCAL_SECRETS_FILE = 'sandbox-secrets.json';

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, LOCAL_SECRETS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    plusplusSigningSecret: randomBytes(24).toString('hex'),
    tokenEncryptionKey: randomBytes(32).toString('base64'),
    slackClientId: `${Date.now()}.${randomBytes(5).readUIntBE(0, 5)}`,
    slackClientSecret: randomBytes(16).toString('hex'),
    slackSigningSecret: randomBytes(16).toString('hex'),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Reads the sandbox secrets if a sandbox-mode start created them (the CLI uses this). */
export function readLocalSecrets(dataDir: string): LocalSecrets | undefined {
  const file = join(dataDir, LOCAL_SECRETS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets) : undefined;
}

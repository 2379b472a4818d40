import { loadOrCreateLocalSecrets } from './local-secrets';
import { TokenCipher } from './token-cipher';

/** The secrets a process needs, from its configuration (or sandbox mode's generated ones). */
export interface Secrets {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
  plusplusSigningSecret: string;
  tokenEncryptionKey: Buffer;
  /** TOKEN_ENCRYPTION_KEY_PREVIOUS: decrypts tokens not yet re-encrypted after a rotation. */
  previousTokenEncryptionKey?: Buffer;
}

/** What of the parsed configuration (src/config.ts `Config`) the secrets come from. */
export interface SecretsConfig {
  mode: 'slack' | 'sandbox';
  /** The app's OAuth credentials and signing secret; null in sandbox mode. */
  slack?: { clientId: string; clientSecret: string; signingSecret: string } | null;
  plusplusSigningSecret?: string | null;
  tokenEncryptionKey?: Buffer | null;
  tokenEncryptionKeyPrevious?: Buffer;
  dataDir: string;
}

/**
 * Sandbox mode fills in what real credentials would give (design §3, §9). So does single-workspace
 * mode (`slack run`, docs/development.md) for what it was not given: the internal API's signing
 * secret and the token key come from DATA_DIR, and the OAuth credentials are placeholders nothing
 * uses (Connect is refused without real ones).
 */
export function resolveSecrets(config: SecretsConfig): Secrets {
  // Outside these cases parseConfig has required every value, and DATA_DIR is never touched.
  const slack = config.mode === 'slack' ? config.slack : null;
  const local =
    !slack || !config.plusplusSigningSecret || !config.tokenEncryptionKey
      ? loadOrCreateLocalSecrets(config.dataDir)
      : undefined;
  return {
    clientId: slack?.clientId ?? local!.slackClientId,
    clientSecret: slack?.clientSecret ?? local!.slackClientSecret,
    signingSecret: slack?.signingSecret ?? local!.slackSigningSecret,
    plusplusSigningSecret: config.plusplusSigningSecret ?? local!.plusplusSigningSecret,
    tokenEncryptionKey: config.tokenEncryptionKey ?? Buffer.from(local!.tokenEncryptionKey, 'base64'),
    previousTokenEncryptionKey: config.tokenEncryptionKeyPrevious,
  };
}

/** The token cipher for these secrets: the current key encrypts, the previous one only decrypts. */
export function tokenCipher(secrets: Secrets): TokenCipher {
  return new TokenCipher(secrets.tokenEncryptionKey, [secrets.previousTokenEncryptionKey]);
}

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Slack tokens at rest: AES-256-GCM under TOKEN_ENCRYPTION_KEY (design §10). Each value gets a fresh
 * 96-bit IV; the auth tag makes tampering fail loudly. `context` (e.g. the team id) is bound as
 * associated data, so a ciphertext copied onto another row does not decrypt.
 *
 * Format: `v2.<key id>.<iv>.<tag>.<ciphertext>`, each part base64url. The key id is a fingerprint
 * of the key (the first 8 characters of base64url(SHA-256("plusplus-slack token key" ‖ key))), so a
 * rotation can tell which rows are still on an old key without trying to decrypt them, and the id
 * reveals nothing usable about the key. Rows written before key ids, `v1.<iv>.<tag>.<ciphertext>`,
 * stay readable: each known key is tried.
 *
 * Rotation (design §3): TOKEN_ENCRYPTION_KEY_PREVIOUS is given as `previousKeys`; they decrypt,
 * never encrypt. `npm run migrate -- rekey` (src/persistence/rekey-tokens.ts) re-encrypts every
 * stored token with the current key, after which the previous key can be dropped.
 */
export class TokenCipher {
  private readonly current: { id: string; key: Buffer };
  private readonly keys: Array<{ id: string; key: Buffer }>;

  constructor(key: Buffer, previousKeys: Array<Buffer | undefined> = []) {
    if (key.length !== 32) throw new Error('TOKEN_ENCRYPTION_KEY must be 32 bytes');
    this.current = { id: keyId(key), key };
    this.keys = [this.current];
    for (const previous of previousKeys) {
      if (!previous) continue;
      if (previous.length !== 32) throw new Error('TOKEN_ENCRYPTION_KEY_PREVIOUS must be 32 bytes');
      if (!this.keys.some((k) => k.key.equals(previous)))
        this.keys.push({ id: keyId(previous), key: previous });
    }
  }

  /** The current key's id: values that start with `currentPrefix` need no re-encryption. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** Every value encrypted with the current key starts with this. */
  get currentPrefix(): string {
    return `v2.${this.current.id}.`;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v2', this.current.id, ...[iv, tag, ciphertext].map((p) => p.toString('base64url'))].join('.');
  }

  decrypt(value: string, context: string): string {
    const parts = value.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const [, id, iv, tag, ciphertext] = parts as [string, string, string, string, string];
      const entry = this.keys.find((k) => k.id === id);
      if (!entry) {
        throw new TokenDecryptError(
          `token encrypted with an unknown key (id ${id}): set TOKEN_ENCRYPTION_KEY_PREVIOUS to the key it was written with`,
        );
      }
      return open(entry.key, iv, tag, ciphertext, context);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, iv, tag, ciphertext] = parts as [string, string, string, string];
      for (const { key } of this.keys) {
        try {
          return open(key, iv, tag, ciphertext, context);
        } catch {
          // not this key; try the next
        }
      }
      throw new TokenDecryptError(
        'token does not decrypt with TOKEN_ENCRYPTION_KEY or TOKEN_ENCRYPTION_KEY_PREVIOUS',
      );
    }
    throw new TokenDecryptError('not an encrypted token');
  }

  /** Whether `value` is already encrypted with the current key. */
  isCurrent(value: string): boolean {
    return value.startsWith(this.currentPrefix);
  }

  /** `value` encrypted with the current key (itself if it already is). */
  reencrypt(value: string, context: string): string {
    return this.isCurrent(value) ? value : this.encrypt(this.decrypt(value, context), context);
  }
}

/** A stored token that cannot be decrypted: an unknown key, another row's value, or tampering. */
export class TokenDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenDecryptError';
  }
}

/** A key's public fingerprint: 8 base64url characters (48 bits) of a domain-separated SHA-256. */
export function keyId(key: Buffer): string {
  return createHash('sha256')
    .update('plusplus-slack token key\0')
    .update(key)
    .digest('base64url')
    .slice(0, 8);
}

function open(key: Buffer, iv: string, tag: string, ciphertext: string, context: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}

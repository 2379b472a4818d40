import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * A token encrypted as TokenCipher wrote it before key ids (`v1.<iv>.<tag>.<ciphertext>`), for the
 * tests that old rows stay readable and get re-encrypted.
 */
export function legacyV1(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), ciphertext].map((p) => p.toString('base64url'))].join('.');
}

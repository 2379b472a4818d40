import { randomBytes } from 'node:crypto';
import { keyId, TokenCipher, TokenDecryptError } from '../../../src/platform/token-cipher';
import { legacyV1 } from '../../support/legacy-cipher';

describe('TokenCipher (AES-256-GCM)', () => {
  const cipher = new TokenCipher(randomBytes(32));

  it('round-trips and uses a fresh IV each time', () => {
    const a = cipher.encrypt('xoxb-123', 'T1');
    const b = cipher.encrypt('xoxb-123', 'T1');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a, 'T1')).toBe('xoxb-123');
  });

  it('fails for another context, a tampered value, or another key', () => {
    const value = cipher.encrypt('xoxb-123', 'T1');
    expect(() => cipher.decrypt(value, 'T2')).toThrow();
    const parts = value.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'T1')).toThrow();
    expect(() => new TokenCipher(randomBytes(32)).decrypt(value, 'T1')).toThrow(/unknown key/);
    expect(() => cipher.decrypt('plain-token', 'T1')).toThrow(/not an encrypted token/);
    expect(() => cipher.decrypt('plain-token', 'T1')).toThrow(TokenDecryptError);
  });

  it('needs a 32-byte key', () => {
    expect(() => new TokenCipher(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => new TokenCipher(randomBytes(32), [randomBytes(16)])).toThrow(/PREVIOUS must be 32 bytes/);
  });

  it('writes the key id, which is stable, short and not the key', () => {
    const key = randomBytes(32);
    const c = new TokenCipher(key);
    expect(c.currentKeyId).toBe(keyId(key));
    expect(c.currentKeyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(key.toString('base64url')).not.toContain(c.currentKeyId);
    expect(c.encrypt('x', 'T1').startsWith(`v2.${c.currentKeyId}.`)).toBe(true);
    expect(c.currentPrefix).toBe(`v2.${c.currentKeyId}.`);
  });
});

describe('key rotation (TOKEN_ENCRYPTION_KEY_PREVIOUS)', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = new TokenCipher(oldKey);
  const after = new TokenCipher(newKey, [oldKey]);

  it('decrypts values written with the previous key, and legacy v1 values of either key', () => {
    expect(after.decrypt(before.encrypt('xoxb-old', 'T1'), 'T1')).toBe('xoxb-old');
    expect(after.decrypt(legacyV1(oldKey, 'xoxb-v1-old', 'T1'), 'T1')).toBe('xoxb-v1-old');
    expect(after.decrypt(legacyV1(newKey, 'xoxb-v1-new', 'T1'), 'T1')).toBe('xoxb-v1-new');
    expect(() => after.decrypt(legacyV1(randomBytes(32), 'x', 'T1'), 'T1')).toThrow(TokenDecryptError);
    expect(() => after.decrypt(legacyV1(oldKey, 'x', 'T1'), 'T2')).toThrow(TokenDecryptError);
  });

  it('encrypts only with the current key', () => {
    const value = after.encrypt('xoxb-new', 'T1');
    expect(value.startsWith(`v2.${keyId(newKey)}.`)).toBe(true);
    expect(() => before.decrypt(value, 'T1')).toThrow(/unknown key/);
    expect(new TokenCipher(newKey).decrypt(value, 'T1')).toBe('xoxb-new');
  });

  it('re-encrypts old values with the current key and leaves current ones untouched', () => {
    const old = before.encrypt('xoxb-1', 'T1');
    expect(after.isCurrent(old)).toBe(false);
    const moved = after.reencrypt(old, 'T1');
    expect(after.isCurrent(moved)).toBe(true);
    expect(new TokenCipher(newKey).decrypt(moved, 'T1')).toBe('xoxb-1');
    expect(after.reencrypt(moved, 'T1')).toBe(moved);
    const legacy = legacyV1(newKey, 'xoxb-2', 'T1');
    expect(after.isCurrent(legacy)).toBe(false);
    expect(after.decrypt(after.reencrypt(legacy, 'T1'), 'T1')).toBe('xoxb-2');
  });

  it('ignores a previous key equal to the current one or unset', () => {
    expect(new TokenCipher(newKey, [newKey, undefined]).decrypt(after.encrypt('x', 'T1'), 'T1')).toBe('x');
  });
});

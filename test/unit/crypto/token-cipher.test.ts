import { randomBytes } from 'node:crypto';
import { TokenCipher } from '../../../src/crypto/token-cipher';

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
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'T1')).toThrow();
    expect(() => new TokenCipher(randomBytes(32)).decrypt(value, 'T1')).toThrow();
    expect(() => cipher.decrypt('plain-token', 'T1')).toThrow(/not an encrypted token/);
  });

  it('needs a 32-byte key', () => {
    expect(() => new TokenCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

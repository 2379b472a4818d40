import { createHmac } from 'node:crypto';
import { checkTimestamp, sign, signatureMatches } from '../../src/internal-api/signature';

describe('internal API signature primitives', () => {
  it('signs as design §4 says: v0=hex HMAC-SHA256(secret, "v0:" + ts + ":" + body)', () => {
    const expected = createHmac('sha256', 'secret').update('v0:1700000000:{"a":1}').digest('hex');
    expect(sign('secret', 1700000000, '{"a":1}')).toBe(`v0=${expected}`);
  });

  it('matches only the exact signature', () => {
    const body = Buffer.from('{"a":1}');
    const good = sign('secret', '1700000000', body);
    expect(signatureMatches('secret', '1700000000', body, good)).toBe(true);
    expect(signatureMatches('secret', '1700000000', body, good.toUpperCase())).toBe(false);
    expect(signatureMatches('secret', '1700000000', body, `${good}0`)).toBe(false);
    expect(signatureMatches('secret', '1700000001', body, good)).toBe(false);
  });

  it('checks the window of 300 s both ways', () => {
    expect(checkTimestamp('1000', 'v0=x', 1300)).toEqual({ ok: true, timestamp: '1000' });
    expect(checkTimestamp('1000', 'v0=x', 1301).ok).toBe(false);
    expect(checkTimestamp('1301', 'v0=x', 1000).ok).toBe(false);
    expect(checkTimestamp(undefined, 'v0=x', 1000).ok).toBe(false);
    expect(checkTimestamp('-5', 'v0=x', 1000).ok).toBe(false);
    expect(checkTimestamp('1e3', 'v0=x', 1000).ok).toBe(false);
  });
});

import { createHmac } from 'node:crypto';
import {
  checkHeaders,
  requestTarget,
  signatureMatches,
  signedHeaders,
  signV0,
  signV1,
} from '../../src/internal-api/signature';

const hmac = (text: string) => createHmac('sha256', 'secret').update(text).digest('hex');
const PUT = { method: 'PUT', target: '/internal/v1/tenants/acme/users/u1?x=1', rawBody: '{"a":1}' };

describe('internal API signature primitives', () => {
  it('signs v1 as design §4 says: HMAC over "v1:" ts ":" METHOD ":" path with query ":" body', () => {
    const expected = hmac('v1:1700000000:PUT:/internal/v1/tenants/acme/users/u1?x=1:{"a":1}');
    expect(signV1('secret', 1700000000, PUT)).toBe(`v1=${expected}`);
    // The method is signed upper case whatever the caller passes.
    expect(signV1('secret', 1700000000, { ...PUT, method: 'put' })).toBe(`v1=${expected}`);
  });

  it('signs v0 over the body only', () => {
    expect(signV0('secret', 1700000000, '{"a":1}')).toBe(`v0=${hmac('v0:1700000000:{"a":1}')}`);
  });

  it('signs the path and query of the URL as fetch sends it', () => {
    expect(requestTarget('http://127.0.0.1:3001/internal/v1/tenants/a/users/a b?q=1')).toBe(
      '/internal/v1/tenants/a/users/a%20b?q=1',
    );
    const headers = signedHeaders('secret', 'GET', 'http://h/internal/v1/x?y=2', '', 1700000000);
    expect(headers).toEqual({
      'X-PlusPlus-Request-Timestamp': '1700000000',
      'X-PlusPlus-Signature': `v1=${hmac('v1:1700000000:GET:/internal/v1/x?y=2:')}`,
    });
  });

  it('a v1 signature matches only its own method, path, query, body and timestamp', () => {
    const body = Buffer.from(PUT.rawBody);
    const given = { version: 'v1' as const, hex: signV1('secret', '1700000000', PUT).slice(3) };
    const matches = (
      request: typeof PUT | { method: string; target: string; rawBody: Buffer },
      ts = '1700000000',
    ) => signatureMatches('secret', ts, request, given);
    expect(matches({ ...PUT, rawBody: body })).toBe(true);
    expect(matches({ ...PUT, method: 'POST' })).toBe(false);
    expect(matches({ ...PUT, target: '/internal/v1/tenants/other/users/u1?x=1' })).toBe(false);
    expect(matches({ ...PUT, target: '/internal/v1/tenants/acme/users/u1?x=2' })).toBe(false);
    expect(matches({ ...PUT, target: '/internal/v1/tenants/acme/users/u1' })).toBe(false);
    expect(matches({ ...PUT, rawBody: '{"a":2}' })).toBe(false);
    expect(matches(PUT, '1700000001')).toBe(false);
    expect(signatureMatches('other', '1700000000', PUT, given)).toBe(false);
  });

  it('a v0 signature matches any method and path (why it is off by default)', () => {
    const given = { version: 'v0' as const, hex: signV0('secret', '1700000000', PUT.rawBody).slice(3) };
    expect(signatureMatches('secret', '1700000000', PUT, given)).toBe(true);
    expect(signatureMatches('secret', '1700000000', { ...PUT, method: 'DELETE' }, given)).toBe(true);
  });

  it('checks the window of 300 s both ways', () => {
    const sig = `v1=${'a'.repeat(64)}`;
    expect(checkHeaders('1000', sig, 1300)).toEqual({
      ok: true,
      timestamp: '1000',
      signature: { version: 'v1', hex: 'a'.repeat(64) },
    });
    expect(checkHeaders('1000', sig, 1301).ok).toBe(false);
    expect(checkHeaders('1301', sig, 1000).ok).toBe(false);
    expect(checkHeaders(undefined, sig, 1000).ok).toBe(false);
    expect(checkHeaders('-5', sig, 1000).ok).toBe(false);
    expect(checkHeaders('1e3', sig, 1000).ok).toBe(false);
  });

  it('refuses a garbled signature header, and v0 unless it is accepted', () => {
    for (const bad of [
      '',
      'v1=',
      'v0=00',
      `v1=${'a'.repeat(63)}`,
      `v1=${'g'.repeat(64)}`,
      `v2=${'a'.repeat(64)}`,
    ]) {
      expect(checkHeaders('1000', bad, 1000).ok).toBe(false);
    }
    const v0 = `v0=${'b'.repeat(64)}`;
    expect(checkHeaders('1000', v0, 1000)).toEqual({ ok: false, reason: 'v0 signatures are not accepted' });
    expect(checkHeaders('1000', v0, 1000, true).ok).toBe(true);
    // Upper-case hex is the same signature.
    expect(checkHeaders('1000', `v1=${'A'.repeat(64)}`, 1000)).toMatchObject({
      signature: { hex: 'a'.repeat(64) },
    });
  });
});

import { backoffMs, classifySlackError } from '../../../src/delivery/classify';
import { canonicalJson } from '../../../src/delivery/notification-service';
import { ChannelPacer, KeyedSemaphore } from '../../../src/delivery/pacing';

const platform = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('classifySlackError', () => {
  it('waits exactly Retry-After on a 429', () => {
    expect(classifySlackError({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it.each(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited'])(
    'retries %s',
    (code) => expect(classifySlackError(platform(code))).toEqual({ kind: 'transient', code }),
  );

  it('retries 5xx and network errors, and anything that is not Slack at all', () => {
    expect(classifySlackError({ code: 'slack_webapi_http_error', statusCode: 503 })).toEqual({
      kind: 'transient',
      code: 'http_503',
    });
    expect(classifySlackError({ code: 'slack_webapi_request_error', original: {} })).toEqual({
      kind: 'transient',
      code: 'network_error',
    });
    expect(classifySlackError(new TypeError('boom')).kind).toBe('transient');
  });

  it.each([
    'channel_not_found',
    'user_not_found',
    'messages_tab_disabled',
    'cannot_dm_bot',
    'user_disabled',
    'is_archived',
    'invalid_blocks',
    'msg_too_long',
    'no_text',
    'some_future_code',
  ])('fails %s at once with the code', (code) => {
    expect(classifySlackError(platform(code))).toEqual({ kind: 'permanent', code });
  });

  it.each(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed'])(
    'stops the installation on %s',
    (code) => {
      expect(classifySlackError(platform(code))).toEqual({ kind: 'installation', code });
    },
  );

  it('pauses on missing_scope', () => {
    expect(classifySlackError(platform('missing_scope')).kind).toBe('missing_scope');
  });
});

describe('backoffMs', () => {
  it('doubles from the base with ±20 % jitter, up to the ceiling', () => {
    const o = { baseMs: 1000, maxMs: 10_000 };
    expect(backoffMs(1, o, () => 0.5)).toBe(1000);
    expect(backoffMs(3, o, () => 0.5)).toBe(4000);
    expect(backoffMs(3, o, () => 0)).toBe(3200);
    expect(backoffMs(3, o, () => 1)).toBe(4800);
    expect(backoffMs(20, o, () => 0.5)).toBe(10_000);
  });
});

describe('canonicalJson', () => {
  it('is the same for the same request whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});

describe('ChannelPacer', () => {
  it('spaces posts to one channel and leaves others alone', () => {
    let now = 0;
    const pacer = new ChannelPacer(1000, () => now);
    expect(pacer.reserve('a')).toBe(0);
    expect(pacer.reserve('a')).toBe(1000);
    expect(pacer.reserve('b')).toBe(0);
    now = 5000;
    expect(pacer.reserve('a')).toBe(0);
  });
});

describe('KeyedSemaphore', () => {
  it('lets `limit` holders per key in, the rest in order', async () => {
    const sem = new KeyedSemaphore(1);
    const order: string[] = [];
    const r1 = await sem.acquire('t');
    const second = sem.acquire('t').then((release) => {
      order.push('second');
      release();
    });
    const other = await sem.acquire('u');
    order.push('other');
    other();
    order.push('first done');
    r1();
    await second;
    expect(order).toEqual(['other', 'first done', 'second']);
  });
});

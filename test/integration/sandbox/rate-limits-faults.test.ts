import { ErrorCode } from '@slack/web-api';
import { client, rawCall, slackError, world } from './setup';

describe('rate limits', () => {
  it('answers 429 with a whole-second Retry-After that the WebClient waits out', async () => {
    const w = await world({ sandbox: { timeScale: 0.01, rateLimits: { 'users.list': { perMinute: 1 } } } });
    try {
      const c = client(w.sb, w.token, {
        rejectRateLimitedCalls: false,
        retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
      });
      await c.users.list({ limit: 10 });
      const started = Date.now();
      await c.users.list({ limit: 10 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      const calls = w.sb.calls({ method: 'users.list' });
      expect(calls.map((x) => x.status)).toEqual([200, 429, 200]);
      expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(1000);
      expect(w.sb.counters()['users.list']).toEqual({ calls: 3, ok: 2, errors: 0, ratelimited: 1 });
    } finally {
      await w.sb.stop();
    }
  });

  it('sends the Slack body and headers on 429, and rejects for rejectRateLimitedCalls clients', async () => {
    const w = await world({ sandbox: { rateLimits: { 'users.info': { perMinute: 2 } } } });
    try {
      const user = w.ws.members[1].id;
      await rawCall(w.sb, 'users.info', { user }, w.token);
      await rawCall(w.sb, 'users.info', { user }, w.token);
      const r = await rawCall(w.sb, 'users.info', { user }, w.token);
      expect(r.status).toBe(429);
      expect(await r.json()).toEqual({ ok: false, error: 'ratelimited' });
      expect(Number(r.headers.get('retry-after'))).toBe(30);
      expect(Number(r.headers.get('x-sandbox-retry-after-ms'))).toBeGreaterThan(29_000);
      const c = client(w.sb, w.token, { rejectRateLimitedCalls: true });
      await expect(c.users.info({ user })).rejects.toMatchObject({
        code: ErrorCode.RateLimitedError,
        retryAfter: 30,
      });
      // Another method, and the same method for another workspace, have their own buckets.
      await expect(w.client.users.list({ limit: 1 })).resolves.toMatchObject({ ok: true });
      const other = w.sb.createWorkspace({ members: 3 });
      const t2 = w.sb.installApp(other.id, w.app.clientId, ['users:read']).accessToken;
      expect((await rawCall(w.sb, 'users.info', { user: other.members[1].id }, t2)).status).toBe(200);
    } finally {
      await w.sb.stop();
    }
  });

  it('paces chat.postMessage per channel with a small burst, and caps the workspace', async () => {
    const w = await world({
      sandbox: { rateLimits: { 'chat.postMessage#workspace': { perMinute: 60, burst: 5 } } },
    });
    try {
      const [a, b] = w.ws.members.filter((m) => !m.deleted && !m.isBot && m.id !== 'USLACKBOT');
      const post = (channel: string) =>
        rawCall(w.sb, 'chat.postMessage', { channel, text: 'hi' }, w.token).then((r) => r.status);
      expect([await post(a.id), await post(a.id), await post(a.id), await post(a.id)]).toEqual([
        200, 200, 200, 429,
      ]);
      expect([await post(b.id), await post(b.id)]).toEqual([200, 429]); // the workspace cap (5) is used up
    } finally {
      await w.sb.stop();
    }
  });
});

describe('fault injection', () => {
  it('answers HTTP 500 for the next call only, then normally', async () => {
    const w = await world();
    try {
      w.sb.injectFault({ method: 'auth.test', fault: { status: 500 } });
      await expect(w.client.auth.test()).rejects.toMatchObject({
        code: ErrorCode.HTTPError,
        statusCode: 500,
      });
      await expect(w.client.auth.test()).resolves.toMatchObject({ ok: true });
      // With one retry the WebClient gets through a 503.
      w.sb.injectFault({ method: 'auth.test', fault: { status: 503 } });
      const retrying = client(w.sb, w.token, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
      await expect(retrying.auth.test()).resolves.toMatchObject({ ok: true });
      expect(w.sb.calls({ method: 'auth.test' }).map((c) => c.status)).toEqual([500, 200, 503, 200]);
    } finally {
      await w.sb.stop();
    }
  });

  it('answers a chosen Slack error N times, for one workspace only', async () => {
    const w = await world();
    try {
      w.sb.injectFault({
        method: 'chat.postMessage',
        teamId: w.ws.id,
        count: 2,
        fault: { error: 'internal_error' },
      });
      const u = w.ws.members[1].id;
      expect(await slackError(w.client.chat.postMessage({ channel: u, text: 'a' }))).toEqual({
        ok: false,
        error: 'internal_error',
        response_metadata: {},
      });
      expect(await slackError(w.client.chat.postMessage({ channel: u, text: 'a' }))).toMatchObject({
        error: 'internal_error',
      });
      await expect(w.client.chat.postMessage({ channel: u, text: 'a' })).resolves.toMatchObject({ ok: true });
    } finally {
      await w.sb.stop();
    }
  });

  it('delays an answer and drops a connection', async () => {
    const w = await world();
    try {
      w.sb.injectFault({ method: 'auth.test', fault: { delayMs: 300 } });
      const t0 = Date.now();
      await w.client.auth.test();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
      w.sb.injectFault({ method: 'auth.test', fault: { drop: true } });
      await expect(w.client.auth.test()).rejects.toMatchObject({ code: ErrorCode.RequestError });
      await expect(w.client.auth.test()).resolves.toMatchObject({ ok: true });
      expect(w.sb.calls({ method: 'auth.test' }).map((c) => c.status)).toEqual([200, 0, 200]);
    } finally {
      await w.sb.stop();
    }
  });
});

import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { INTERNAL_SERVER_LIMITS, SLACK_SERVER_LIMITS } from '../../../src/platform/http-server';
import { startTestApp, TEST_SLACK_SIGNING_SECRET, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

function slackHeaders(body: string, secret = TEST_SLACK_SIGNING_SECRET, ts = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'Content-Type': 'application/json',
    'X-Slack-Request-Timestamp': String(ts),
    'X-Slack-Signature': signature,
  };
}

describe('Slack-facing server', () => {
  it('runs with its own timeouts and connection cap, and the internal server with its own', () => {
    for (const [server, limits] of [
      [t.app.slackServer.server, SLACK_SERVER_LIMITS],
      [t.app.internalServer.server, INTERNAL_SERVER_LIMITS],
    ] as const) {
      expect({
        headersTimeoutMs: server.headersTimeout,
        requestTimeoutMs: server.requestTimeout,
        keepAliveTimeoutMs: server.keepAliveTimeout,
        maxConnections: server.maxConnections,
      }).toEqual(limits);
    }
  });

  it('answers /healthz with the database state', async () => {
    const res = await fetch(`${t.slackUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers a signed url_verification with the challenge', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const res = await fetch(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      body,
      headers: slackHeaders(body),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('c-123');
  });

  it('refuses requests that fail the signature check', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const wrong = await fetch(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      body,
      headers: slackHeaders(body, 'not-the-secret'),
    });
    expect(wrong.status).toBe(401);
    const stale = await fetch(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      body,
      headers: slackHeaders(body, TEST_SLACK_SIGNING_SECRET, Math.floor(Date.now() / 1000) - 600),
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
  });

  it('counts /slack/events requests in the metrics, refused ones included', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-metrics', type: 'url_verification' });
    await fetch(`${t.slackUrl}/slack/events`, { method: 'POST', body, headers: slackHeaders(body) });
    // Well past the window: a busy machine may take a second or more between here and the check.
    const future = Math.floor(Date.now() / 1000) + 330;
    const refused = await fetch(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      body,
      headers: slackHeaders(body, TEST_SLACK_SIGNING_SECRET, future),
    });
    expect(refused.status).toBe(401);
    const metrics = (await t.raw('GET', '/metrics')).text;
    expect(metrics).toMatch(
      /plusplus_slack_http_requests_total\{[^}]*server="slack"[^}]*route="\/slack\/events"[^}]*status="200"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /plusplus_slack_http_requests_total\{[^}]*server="slack"[^}]*route="\/slack\/events"[^}]*status="401"[^}]*\} [1-9]/,
    );
  });

  it('answers 404 for unknown paths', async () => {
    expect((await fetch(`${t.slackUrl}/nothing`)).status).toBe(404);
  });

  it('answers a signed ssl_check with an empty 200 and refuses an unsigned one', async () => {
    const body = 'ssl_check=1&token=x';
    const form = (headers: Record<string, string>) => ({
      ...headers,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    const signed = await fetch(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      body,
      headers: form(slackHeaders(body)),
    });
    expect(signed.status).toBe(200);
    expect(await signed.text()).toBe('');
    const unsigned = await fetch(`${t.slackUrl}/slack/events`, { method: 'POST', body, headers: form({}) });
    expect(unsigned.status).toBe(401);
  });

  it('takes /slack/events with a query string or a trailing slash, and answers other methods on it 404', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-query', type: 'url_verification' });
    const res = await fetch(`${t.slackUrl}/slack/events?from=slack`, {
      method: 'POST',
      body,
      headers: slackHeaders(body),
    });
    expect(await res.json()).toEqual({ challenge: 'c-query' });
    // express matched routes case-insensitively and with a trailing slash; the receiver does too.
    const typed = await fetch(`${t.slackUrl}/Slack/Events/`, {
      method: 'POST',
      body,
      headers: slackHeaders(body),
    });
    expect(await typed.json()).toEqual({ challenge: 'c-query' });
    expect((await fetch(`${t.slackUrl}/slack/events`)).status).toBe(404);
  });

  it('answers a signed body that is not JSON, or a form whose payload is not JSON, with 400', async () => {
    for (const [body, type] of [
      ['{"type": "event_callback", ', 'application/json'],
      ['payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
    ]) {
      const res = await fetch(`${t.slackUrl}/slack/events`, {
        method: 'POST',
        body,
        headers: { ...slackHeaders(body!), 'Content-Type': type! },
      });
      expect(res.status).toBe(400);
    }
  });

  it('answers a chunked body that grows past the 4 MB limit with 413, and keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ts = String(Math.floor(Date.now() / 1000));
      const req = request(`${t.slackUrl}/slack/events`, {
        method: 'POST',
        // No Content-Length: the admission reserves the whole limit and the reader counts.
        headers: {
          'Content-Type': 'application/json',
          'X-Slack-Request-Timestamp': ts,
          'X-Slack-Signature': `v0=${'0'.repeat(64)}`,
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The server closes after answering; a write after that may fail, which is expected.
      req.on('error', () => undefined);
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      let written = 0;
      const writeMore = () => {
        while (written < 5 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', writeMore);
        }
        req.end();
      };
      writeMore();
      setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref();
    });
    expect(status).toBe(413);
    expect((await fetch(`${t.slackUrl}/healthz`)).status).toBe(200);
  });

  it('survives a client that goes away in the middle of its body', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const req = request(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': '1000',
        'X-Slack-Request-Timestamp': ts,
        'X-Slack-Signature': `v0=${'0'.repeat(64)}`,
      },
    });
    req.on('error', () => undefined);
    req.write('{"type":"event_callback",');
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const body = JSON.stringify({ token: 'x', challenge: 'c-after', type: 'url_verification' });
    const res = await fetch(`${t.slackUrl}/slack/events`, {
      method: 'POST',
      body,
      headers: slackHeaders(body),
    });
    expect(await res.json()).toEqual({ challenge: 'c-after' });
  });
});

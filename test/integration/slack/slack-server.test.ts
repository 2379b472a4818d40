import { createHmac } from 'node:crypto';
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

  it("refuses requests that fail Bolt's signature check", async () => {
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
});

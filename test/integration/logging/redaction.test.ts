import { randomBytes } from 'node:crypto';
import { TEST_PLUSPLUS_SECRET, TEST_SLACK_SIGNING_SECRET } from '../../support/app';
import { withClient } from '../../support/database';
import {
  RETURN_URL,
  type SandboxEnv,
  startSandboxEnv,
  TEST_CLIENT_SECRET,
  until,
} from '../../support/sandbox-env';

/**
 * No secret in any log line (design §10, issue 18 item 6). The whole app runs at LOG_LEVEL=debug
 * (so the Slack SDKs log their requests, results and errors too) through the connect path (OAuth in
 * a browser against the sandbox, with token rotation so refresh tokens and rotating tokens exist),
 * a refresh, the delivery path and its error paths (a Slack error, a revoked token, bad signatures);
 * then every token and OAuth code the sandbox ever issued, and every secret of the process, is
 * looked for in the captured log.
 */
const TOKEN_KEY = randomBytes(32).toString('base64');
const T = '/internal/v1/tenants/redact';
let env: SandboxEnv;

async function notify(key: string, userIds: string[]): Promise<Record<string, { status: string }>> {
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: key,
    type: 'invite',
    recipient_user_ids: userIds,
    content: {
      id: key,
      title: 'Data 101',
      url: 'https://plusplus.example/e/1',
      starts_at: '2026-12-01T15:00:00Z',
    },
  });
  expect(res.status).toBe(202);
  const done = await until(async () => {
    const r = await env.t.call('GET', `${T}/notifications/${res.body.notification_id}`);
    const final = r.body.deliveries.every(
      (d: { status: string }) => !['queued', 'sending'].includes(d.status),
    );
    return final ? r.body : undefined;
  }, `notification ${key}`);
  return Object.fromEntries(done.deliveries.map((d: { user_id: string }) => [d.user_id, d]));
}

beforeAll(async () => {
  env = await startSandboxEnv(
    { TOKEN_ENCRYPTION_KEY: TOKEN_KEY, LOG_LEVEL: 'debug' },
    { tokenRotation: true, tokenExpiresIn: 43_200 },
  );
});
afterAll(async () => {
  await env.stop();
});

it('logs no issued token, OAuth code or secret on the connect, delivery and error paths', async () => {
  const ws = env.sb.createWorkspace({ name: 'Redact', members: 8, seed: 3 });
  env.sb.setDefaultWorkspace(ws.id);
  const people = ws.members
    .filter((m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT')
    .slice(0, 2);
  await env.t.call('POST', `${T}/users`, {
    users: people.map((p, i) => ({ id: `u${i}`, email: p.email })),
  });

  // Connect: the browser goes through /slack/install, the fake Slack's authorize page and back.
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  await env.t.call('PATCH', `${T}/slack/settings`, { notifications_enabled: true });
  await until(
    async () => ((await env.t.call('GET', `${T}/users/u1`)).body.slack ? true : undefined),
    'match',
  );

  // Delivery.
  expect((await notify('ok', ['u0'])).u0).toMatchObject({ status: 'sent' });

  // A refresh of the expiring token (a new access token issued and stored).
  await withClient(env.t.db.url, (c) =>
    c.query(`UPDATE slack_installations SET bot_token_expires_at = now() + interval '60 seconds'`),
  );
  expect((await env.t.call('GET', `${T}/slack`)).body.connected).toBe(true);

  // Error paths: Slack answers an error; then every token is revoked.
  env.sb.injectFault({ method: 'chat.postMessage', fault: { error: 'channel_not_found' } });
  expect((await notify('slack-error', ['u0'])).u0).toMatchObject({ status: 'failed' });
  for (const token of env.sb.state.tokens.keys()) env.sb.revokeToken(token);
  expect((await notify('revoked', ['u1'])).u1!.status).not.toBe('sent');
  expect(
    (await env.t.raw('GET', `${T}/slack`, { headers: { 'X-PlusPlus-Signature': 'v1=00' } })).status,
  ).toBe(401);
  const badEvent = await fetch(`${env.t.slackUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-signature': 'v0=00',
      'x-slack-request-timestamp': '1',
    },
    body: JSON.stringify({ type: 'event_callback', token: 'verification-token-0001', event: { type: 'x' } }),
  });
  expect(badEvent.status).toBeGreaterThanOrEqual(400);

  const secrets = [
    ...env.sb.state.tokens.keys(), // every bot and rotating access token
    ...env.sb.state.refreshTokens.keys(),
    ...env.sb.state.codes.keys(), // OAuth codes
    TEST_CLIENT_SECRET,
    TEST_SLACK_SIGNING_SECRET,
    TEST_PLUSPLUS_SECRET,
    TOKEN_KEY,
  ];
  // The flows above issued what they should: an install token, a refreshed one, a refresh token, a code.
  expect(env.sb.state.tokens.size).toBeGreaterThanOrEqual(2);
  expect(env.sb.state.refreshTokens.size).toBe(1);
  expect(env.sb.state.codes.size).toBeGreaterThanOrEqual(1);
  const log = env.t.logText();
  // Debug logging really covered the token exchange and the sends (so a leak would have shown).
  expect(log).toContain('oauth.v2.access');
  expect(log).toContain('chat.postMessage');
  expect(env.t.logs.length).toBeGreaterThan(50);
  // The failure shows the offending lines.
  const leaks = log.split('\n').filter((line) => secrets.some((s) => line.includes(s)));
  expect(leaks).toEqual([]);
  expect(log).not.toMatch(/xox[a-z][-.](?!\[redacted\])/);
});

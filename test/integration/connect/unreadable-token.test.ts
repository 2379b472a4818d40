import { startTestApp, type TestApp } from '../../support/app';
import {
  RETURN_URL,
  type SandboxEnv,
  startSandboxEnv,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
} from '../../support/sandbox-env';

/**
 * Issue 16: the app started with another TOKEN_ENCRYPTION_KEY against a database holding an
 * install (and a row whose token is damaged) is in a clear state: GET /slack says reconnect with
 * reason `token_unreadable`, deliveries are skipped `not_connected`, one error line per row, never
 * a 500. Connecting again fixes it.
 */
jest.setTimeout(60_000);

let env: SandboxEnv;
let second: TestApp;
let teamId: string;
const T = '/internal/v1/tenants/unreadable';

async function until<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Unreadable', members: 6, seed: 7 });
  teamId = ws.id;
  env.sb.setDefaultWorkspace(ws.id);
  const members = ws.members.filter(
    (m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT',
  );
  await env.t.call('POST', `${T}/users`, {
    users: members.slice(0, 2).map((m, i) => ({ id: `u${i}`, email: m.email })),
  });
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  expect((await env.t.call('PATCH', `${T}/slack/settings`, { notifications_enabled: true })).status).toBe(
    200,
  );
  await until(
    async () => ((await env.t.call('GET', `${T}/users/u1`)).body.slack ? true : undefined),
    'matching',
  );

  // The same database and public URL, another TOKEN_ENCRYPTION_KEY (startTestApp makes a new one).
  await env.t.app.stop();
  second = await startTestApp({
    DATABASE_URL: env.t.db.url,
    PORT: new URL(env.t.slackUrl).port,
    PUBLIC_URL: env.t.slackUrl,
    SLACK_API_URL: env.sb.apiUrl,
    SLACK_AUTHORIZE_URL: env.sb.authorizeUrl,
    SLACK_CLIENT_ID: TEST_CLIENT_ID,
    SLACK_CLIENT_SECRET: TEST_CLIENT_SECRET,
  });
});
afterAll(async () => {
  await second?.stop();
  await env?.stop();
});

const unreadableLines = () =>
  second.logs.filter((l) => String(l.msg).startsWith('stored Slack token cannot be decrypted'));

describe('a token that does not decrypt', () => {
  it('GET /slack: not connected, reconnect required, reason token_unreadable, a message', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await second.call('GET', `${T}/slack`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        connected: false,
        team: { id: teamId },
        reconnect_required: true,
        reconnect_reason: 'token_unreadable',
        message: expect.stringContaining('Click Connect to reconnect'),
      });
    }
  });

  it('deliveries are skipped with not_connected, and the error is logged once', async () => {
    const res = await second.call('POST', `${T}/notifications`, {
      idempotency_key: 'unreadable-1',
      type: 'invite',
      recipient_user_ids: ['u0', 'u1'],
      content: { id: 'e1', title: 'Data 101' },
    });
    expect(res.status).toBe(202);
    const done = await until(async () => {
      const n = await second.call('GET', `${T}/notifications/${res.body.notification_id}`);
      const settled = n.body.deliveries.every(
        (d: { status: string }) => !['queued', 'sending'].includes(d.status),
      );
      return settled ? n.body : undefined;
    }, 'the deliveries');
    for (const d of done.deliveries) expect(d).toMatchObject({ status: 'skipped', reason: 'not_connected' });
    expect(unreadableLines()).toHaveLength(1);
    expect(unreadableLines()[0]).toMatchObject({ level: 50, teamId });
    expect(second.logs.filter((l) => l.status === 500 || l.level === 60)).toEqual([]);
    expect(second.logText()).not.toMatch(/xoxb-/);
  });

  it('a damaged row is the same state, with one line of its own', async () => {
    await second.app.database.dataSource.query(
      `UPDATE slack_installations SET bot_token_encrypted = 'v1.not.a-token' WHERE team_id = $1 AND revoked_at IS NULL`,
      [teamId],
    );
    const res = await second.call('GET', `${T}/slack`);
    expect(res.body).toMatchObject({
      connected: false,
      reconnect_required: true,
      reconnect_reason: 'token_unreadable',
    });
    await second.call('GET', `${T}/slack`);
    expect(unreadableLines()).toHaveLength(2);
  });

  it('connecting again stores a token the app can read', async () => {
    const link = await second.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
    expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
    const res = await second.call('GET', `${T}/slack`);
    expect(res.body).toMatchObject({ connected: true, reconnect_required: false });
    expect(res.body.reconnect_reason).toBeUndefined();
  });
});

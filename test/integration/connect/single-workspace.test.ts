/**
 * Single-workspace mode, as `slack run` starts the app (docs/development.md): no OAuth credentials,
 * only the CLI's bot token (SLACK_CLI_XOXB) and app-level token (SLACK_CLI_XAPP), both issued here
 * by the sandbox. The token's workspace is bound to SINGLE_WORKSPACE_TENANT at start; Connect is
 * refused; `/plusplus test` over Socket Mode links the member and sends the DM; a restart with the
 * same token keeps the binding and syncs nothing twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, type SandboxApp, startSandbox } from '../../../src/sandbox';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import { startTestApp, type TestApp } from '../../support/app';
import { TEST_CLIENT_ID } from '../../support/sandbox-env';

let sb: Sandbox;
let sbApp: SandboxApp;
let dataDir: string;
let teamId: string;
let developer: { id: string; email: string };
let env: Record<string, string>;
const T = '/internal/v1/tenants/dev';

beforeAll(async () => {
  sb = await startSandbox({ timeScale: 0.01 });
  sbApp = sb.createApp({
    clientId: TEST_CLIENT_ID,
    redirectUris: ['https://unused.example/x'],
    socketMode: true,
  });
  const ws = sb.createWorkspace({ name: 'My Dev Workspace', members: 6, seed: 5 });
  teamId = ws.id;
  const m = ws.members.find((x) => !x.deleted && !x.isBot && x.email && x.id !== 'USLACKBOT')!;
  developer = { id: m.id, email: m.email! };
  // What `slack install` does on api.slack.com: the app installed, a bot token and an app token.
  const bot = sb.installApp(ws.id, sbApp.clientId, [...REQUIRED_BOT_SCOPES], developer.id);
  dataDir = mkdtempSync(join(tmpdir(), 'single-ws-'));
  env = {
    SLACK_API_URL: sb.apiUrl,
    // The CLI's names; the OAuth credentials and the token key are not given (DATA_DIR has them).
    SLACK_CLI_XOXB: bot.accessToken,
    SLACK_CLI_XAPP: sb.issueAppToken(sbApp.clientId),
    SINGLE_WORKSPACE_TENANT: 'dev',
    SLACK_CLIENT_ID: '',
    SLACK_CLIENT_SECRET: '',
    SLACK_SIGNING_SECRET: '',
    TOKEN_ENCRYPTION_KEY: '',
    DATA_DIR: dataDir,
  };
});
afterAll(async () => {
  await sb.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<V>(what: string, read: () => Promise<V | undefined> | V | undefined): Promise<V> {
  const end = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('binds the bot token’s workspace to the tenant, refuses Connect, and works over Socket Mode', async () => {
  const t: TestApp = await startTestApp(env, { socketMode: { clientPingTimeoutMs: 2_000 } });
  let running = true;
  try {
    const status = await t.call('GET', `${T}/slack`);
    expect(status.body).toMatchObject({ connected: true, team: { id: teamId, name: 'My Dev Workspace' } });
    expect(status.body.scopes.missing).toEqual([]);
    const connect = await t.call('POST', `${T}/slack/connect`, {});
    expect(connect.status).toBe(409);
    expect(connect.body.message).toContain('single-workspace');

    await t.call('PUT', `${T}/users/me`, { email: developer.email, name: 'Dev', is_admin: true });
    const res = await sb.driverFor(sbApp.clientId).slashCommand({
      team_id: teamId,
      user_id: developer.id,
      command: '/plusplus',
      text: 'test',
    });
    expect(res.status).toBe(200);
    const dm = await until('the test DM', () =>
      sb.messages({ teamId, user: developer.id }).find((m) => !m.ephemeralTo),
    );
    expect(dm.text).toBeTruthy();
    expect((await t.call('GET', `${T}/users/me`)).body.slack).toMatchObject({ user_id: developer.id });
    expect(t.logText()).not.toContain(env.SLACK_CLI_XOXB);
    expect(t.logText()).not.toContain(env.SLACK_CLI_XAPP);
    const syncs = sb.calls({ method: 'users.list' }).length;

    // A restart on the same database with the same token: still bound, no second first sync.
    await t.app.stop();
    running = false;
    const again = await startTestApp(
      { ...env, DATABASE_URL: t.db.url },
      { socketMode: { clientPingTimeoutMs: 2_000 } },
    );
    try {
      expect((await again.call('GET', `${T}/slack`)).body).toMatchObject({ connected: true });
      expect(again.logs.some((l) => l.msg === 'single workspace: already bound to its tenant')).toBe(true);
      expect(sb.calls({ method: 'users.list' }).length).toBe(syncs);
    } finally {
      await again.stop();
    }
  } finally {
    if (running) await t.stop();
    else await t.db.drop();
  }
});

/**
 * What an uninstall, a token revocation, a replacement and a disconnect delete (docs/admin-guide.md
 * §10), through the app's real interfaces: Connect through the sandbox's OAuth in a browser,
 * `app_uninstalled` / `tokens_revoked` / `app_home_opened` signed by the sandbox driver on
 * /slack/events, `DELETE /slack` and the rest on the signed internal API; the database is read
 * only to count rows.
 */
import { isMatchableMember, type SlackMember } from '../../../src/domain/matching/slack-members';
import { withClient } from '../../support/database';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

const TENANT = 'privacy';
const T = `/internal/v1/tenants/${TENANT}`;

let env: SandboxEnv;
beforeAll(async () => {
  env = await startSandboxEnv();
});
afterAll(async () => {
  await env?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: query rows
const sql = (text: string, params: unknown[] = []): Promise<any[]> =>
  withClient(env.t.db.url, (c) => c.query(text, params).then((r) => r.rows));

/** Rows the app holds about one workspace, per table keyed by the workspace. */
async function workspaceRows(teamId: string) {
  const [row] = await sql(
    `SELECT (SELECT count(*) FROM slack_members WHERE team_id = $1)::int AS members,
            (SELECT count(*) FROM slack_members WHERE team_id = $1 AND fields IS NOT NULL)::int AS fields,
            (SELECT count(*) FROM slack_directory_syncs WHERE team_id = $1)::int AS syncs,
            (SELECT count(*) FROM slack_welcomes WHERE team_id = $1)::int AS welcomes`,
    [teamId],
  );
  return row as { members: number; fields: number; syncs: number; welcomes: number };
}

const tokens = (teamId: string) =>
  sql(
    `SELECT bot_token_encrypted, bot_refresh_token_encrypted, revoked_reason
       FROM slack_installations WHERE team_id = $1`,
    [teamId],
  );

async function until<R>(what: string, fn: () => Promise<R | undefined>, timeoutMs = 15_000): Promise<R> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function connect(teamId: string): Promise<void> {
  env.sb.setDefaultWorkspace(teamId);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  const visit = await env.browser.visit(link.body.authorize_url);
  expect(visit.location).toBe(`${RETURN_URL}?slack=connected`);
}

/** Connected, its directory synced and every user re-matched (the sync after an install does both). */
async function connectAndSync(teamId: string): Promise<void> {
  await connect(teamId);
  const size = env.sb.workspace(teamId).members.length;
  await until('the directory sync', async () => {
    const report = await env.t.call('GET', `${T}/matching/report`);
    const rows = await workspaceRows(teamId);
    return report.body?.directory?.warm && rows.members === size ? true : undefined;
  });
}

const linked = async (userId: string) => (await env.t.call('GET', `${T}/users/${userId}`)).body.slack;

/** A matchable member of the workspace, and a PlusPlus user with the same address. */
async function personIn(teamId: string, userId: string): Promise<string> {
  const member = env.sb
    .workspace(teamId)
    .members.map((m) => env.sb.memberJson(teamId, m.id) as SlackMember)
    .find((m) => isMatchableMember(m))!;
  const put = await env.t.call('PUT', `${T}/users/${userId}`, { email: member.profile!.email, name: 'Ada' });
  expect(put.status).toBe(200);
  return member.id;
}

async function welcome(teamId: string, slackUserId: string): Promise<void> {
  const res = await env.driver.event(teamId, {
    type: 'app_home_opened',
    user: slackUserId,
    channel: `D${slackUserId.slice(1)}`,
    tab: 'messages',
  });
  expect(res.status).toBe(200);
  await until('the welcome', async () => ((await workspaceRows(teamId)).welcomes > 0 ? true : undefined));
}

describe('uninstall, revocation and disconnect', () => {
  let acme: string;
  let slackAda: string;

  it('an uninstall erases the tokens and the member-list copy, and keeps settings and links', async () => {
    acme = env.sb.createWorkspace({ name: 'Acme privacy', members: 40 }).id;
    slackAda = await personIn(acme, 'ada');
    // An expression that reads a custom field, so the sync also fills the custom-field cache
    // (an array matches on any element: Ada still matches by e-mail).
    const field = env.sb
      .workspace(acme)
      .members.map(
        (m) => Object.keys((env.sb.memberJson(acme, m.id) as SlackMember).profile?.fields ?? {})[0],
      )
      .find(Boolean);
    const settings = await env.t.call('PATCH', `${T}/slack/settings`, {
      notifications_enabled: true,
      slack_user_attribute: `[profile.email, profile.fields.${field}.value]`,
    });
    expect(settings.status).toBe(200);
    await connectAndSync(acme);
    await until('the link', async () => ((await linked('ada'))?.user_id === slackAda ? true : undefined));
    await welcome(acme, slackAda);
    const before = await workspaceRows(acme);
    expect(before).toMatchObject({ syncs: 1, welcomes: 1 });
    expect(before.fields).toBeGreaterThan(0);

    // Slack's side of an uninstall: the tokens stop working, then the event comes.
    env.sb.uninstallApp(acme, env.sbApp.clientId);
    expect((await env.driver.event(acme, { type: 'app_uninstalled' })).status).toBe(200);
    await until('the revocation', async () => ((await tokens(acme))[0]?.revoked_reason ? true : undefined));

    expect(await tokens(acme)).toEqual([
      { bot_token_encrypted: null, bot_refresh_token_encrypted: null, revoked_reason: 'app_uninstalled' },
    ]);
    expect(await workspaceRows(acme)).toEqual({ members: 0, fields: 0, syncs: 0, welcomes: 0 });
    const status = (await env.t.call('GET', `${T}/slack`)).body;
    expect(status).toMatchObject({
      connected: false,
      reconnect_required: true,
      settings: { notifications_enabled: true },
    });
    expect(status.message).toMatch(/settings and linked accounts are kept/);
    expect(await linked('ada')).toMatchObject({ user_id: slackAda });
    // A retry of the event, and tokens_revoked after it, change nothing.
    await env.driver.event(acme, { type: 'app_uninstalled' }, { retryNum: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(await workspaceRows(acme)).toEqual({ members: 0, fields: 0, syncs: 0, welcomes: 0 });
  });

  it('Connect again syncs the member list again, and the links still hold', async () => {
    await connectAndSync(acme);
    expect(await workspaceRows(acme)).toMatchObject({
      members: env.sb.workspace(acme).members.length,
      syncs: 1,
      welcomes: 0,
    });
    expect(await linked('ada')).toMatchObject({ user_id: slackAda });
    // The welcome markers went with the uninstall: the next visit to the Messages tab welcomes.
    await welcome(acme, slackAda);
  });

  it('DELETE /slack revokes at Slack, deletes the installation and the member-list copy, keeps links', async () => {
    const res = await env.t.call('DELETE', `${T}/slack`);
    expect(res.status).toBe(204);
    expect(env.sb.calls({ method: 'auth.revoke', teamId: acme })).toHaveLength(1);
    expect(await tokens(acme)).toEqual([]);
    expect(await workspaceRows(acme)).toEqual({ members: 0, fields: 0, syncs: 0, welcomes: 0 });
    expect((await env.t.call('GET', `${T}/slack`)).body).toMatchObject({ connected: false, team: null });
    // Design §4: "users' stored identities stay".
    expect(await linked('ada')).toMatchObject({ user_id: slackAda });
    expect((await env.t.call('DELETE', `${T}/slack`)).status).toBe(204);
  });

  it('tokens_revoked for the bot deletes the member-list copy too', async () => {
    await connectAndSync(acme);
    const install = [...env.sb.state.installs.values()].find((i) => i.teamId === acme)!;
    expect((await workspaceRows(acme)).members).toBeGreaterThan(0);
    await env.driver.event(acme, { type: 'tokens_revoked', tokens: { oauth: [], bot: [install.botUserId] } });
    await until('the revocation', async () =>
      (await tokens(acme))[0]?.revoked_reason === 'tokens_revoked' ? true : undefined,
    );
    expect(await workspaceRows(acme)).toEqual({ members: 0, fields: 0, syncs: 0, welcomes: 0 });
  });

  it('connecting another workspace deletes the copy of the one it replaces, and only that', async () => {
    const other = env.sb.createWorkspace({ name: 'Other workspace', members: 20 }).id;
    const keep = env.sb.createWorkspace({ name: 'Someone else', members: 10 }).id;
    env.sb.setDefaultWorkspace(keep);
    const link = await env.t.call('POST', '/internal/v1/tenants/neighbour/slack/connect', {});
    await env.browser.visit(link.body.authorize_url);
    await until('the neighbour sync', async () =>
      (await workspaceRows(keep)).members === env.sb.workspace(keep).members.length ? true : undefined,
    );

    await connectAndSync(acme);
    await connectAndSync(other);
    expect(await tokens(acme)).toEqual([expect.objectContaining({ revoked_reason: 'replaced' })]);
    expect(await workspaceRows(acme)).toEqual({ members: 0, fields: 0, syncs: 0, welcomes: 0 });
    expect((await workspaceRows(other)).members).toBe(env.sb.workspace(other).members.length);
    // Another tenant's workspace is not touched by any of this.
    expect((await workspaceRows(keep)).members).toBe(env.sb.workspace(keep).members.length);
  });
});

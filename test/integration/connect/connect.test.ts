import { withClient } from '../../support/database';
import { Browser, RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * Connect a workspace, driven over HTTP like a browser (redirects followed, cookies kept) between
 * the app and the sandbox, with real PostgreSQL behind the app.
 */
let env: SandboxEnv;
beforeAll(async () => {
  env = await startSandboxEnv();
});
afterAll(async () => {
  await env.stop();
});

async function connect(tenant: string, teamId: string, browser = new Browser()) {
  env.sb.setDefaultWorkspace(teamId);
  const link = await env.t.call('POST', `/internal/v1/tenants/${tenant}/slack/connect`, {
    return_url: RETURN_URL,
  });
  expect(link.status).toBe(200);
  return { link: link.body.authorize_url as string, visit: await browser.visit(link.body.authorize_url) };
}

const status = async (tenant: string) =>
  (await env.t.call('GET', `/internal/v1/tenants/${tenant}/slack`)).body;

async function installationRows(tenant: string) {
  return withClient(env.t.db.url, (c) =>
    c
      .query('SELECT * FROM slack_installations WHERE tenant_id = $1 ORDER BY created_at', [tenant])
      .then((r) => r.rows),
  );
}

describe('Connect', () => {
  it('installs two tenants into two workspaces and keeps them apart', async () => {
    const one = env.sb.createWorkspace({ name: 'Acme One', members: 10 });
    const two = env.sb.createWorkspace({ name: 'Acme Two', members: 10 });
    const a = await connect('tenant-one', one.id);
    expect(a.visit.location).toBe(`${RETURN_URL}?slack=connected`);
    const b = await connect('tenant-two', two.id);
    expect(b.visit.location).toBe(`${RETURN_URL}?slack=connected`);

    const s1 = await status('tenant-one');
    expect(s1).toMatchObject({
      connected: true,
      team: { id: one.id, name: 'Acme One' },
      reconnect_required: false,
      pending_connect: null,
      settings: {
        notifications_enabled: false,
        plusplus_user_attribute: 'email',
        slack_user_attribute: 'profile.email',
      },
    });
    expect(s1.scopes.missing).toEqual([]);
    expect(s1.scopes.granted.sort()).toEqual([...s1.scopes.required].sort());
    expect(s1.installed_by).toMatch(/^U/);
    expect((await status('tenant-two')).team.id).toBe(two.id);

    // Tokens are encrypted at rest and never logged or answered.
    const rows = await installationRows('tenant-one');
    expect(rows).toHaveLength(1);
    expect(rows[0].bot_token_encrypted).toMatch(/^v2\./);
    const dump = JSON.stringify(
      await withClient(env.t.db.url, (c) => c.query('SELECT * FROM slack_installations')),
    );
    expect(dump).not.toMatch(/xox[bpe]/);
    expect(env.t.logText()).not.toMatch(/xox[bpe]-/);
    expect(JSON.stringify(s1)).not.toMatch(/xox/);

    // The installer, and only the installer, gets one DM with next steps.
    let dms: ReturnType<typeof env.sb.messages> = [];
    for (let i = 0; i < 100 && dms.length === 0; i++) {
      dms = env.sb.messages({ teamId: one.id }).filter((m) => !m.ephemeralTo);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0])).toContain('PlusPlus is connected to Acme One');
    expect(env.sb.messages({ teamId: one.id, user: s1.installed_by })).toHaveLength(1);
  });

  it('explains the admin-approval case and completes after approval with a new Connect', async () => {
    const ws = env.sb.createWorkspace({ name: 'Strict Corp', members: 5, approvalRequired: true });
    const first = await connect('strict', ws.id);
    expect(first.visit.location).toBeUndefined();
    expect(first.visit.status).toBe(200); // Slack's "request sent to your admins" page; no redirect back
    const pending = await status('strict');
    expect(pending.connected).toBe(false);
    expect(pending.pending_connect).toEqual({ started_at: expect.any(String) });
    expect(pending.message).toMatch(/admin approval/);
    expect(pending.message).toContain('slack.com/apps/manage');
    expect(pending.message).toMatch(/Connect again/);

    env.sb.approveApp(ws.id, env.sbApp.clientId);
    const second = await connect('strict', ws.id);
    expect(second.visit.location).toBe(`${RETURN_URL}?slack=connected`);
    const done = await status('strict');
    expect(done.connected).toBe(true);
    expect(done.pending_connect).toBeNull();
    expect(done.message).toBeUndefined();
  });

  it('reports an old install without channels:manage and fixes it in place, keeping settings and identities', async () => {
    const ws = env.sb.createWorkspace({
      name: 'Old Install',
      members: 5,
      withholdScopes: ['channels:manage'],
    });
    await connect('old', ws.id);
    const before = await status('old');
    expect(before.connected).toBe(true);
    expect(before.reconnect_required).toBe(true);
    expect(before.scopes.missing).toEqual(['channels:manage']);
    expect(before.message).toContain('channels:manage');

    await env.t.call('PATCH', '/internal/v1/tenants/old/slack/settings', {
      notifications_enabled: true,
      plusplus_user_attribute: 'metadata.slack_email',
    });
    // A linked user whose link the mapping confirms: it must survive the reconnect and the re-match.
    const person = ws.members.find(
      (m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT',
    )!;
    await env.t.call('PUT', '/internal/v1/tenants/old/users/u1', { metadata: { slack_email: person.email } });
    await withClient(env.t.db.url, (c) =>
      c.query(
        `UPDATE plusplus_users SET slack_user_id = $1, slack_display_name = 'Linked', slack_resolved_at = now()
          WHERE tenant_id = 'old' AND user_id = 'u1'`,
        [person.id],
      ),
    );
    const [rowBefore] = await installationRows('old');

    env.sb.setWorkspacePolicy(ws.id, { withholdScopes: [] });
    const again = await connect('old', ws.id);
    expect(again.visit.location).toBe(`${RETURN_URL}?slack=connected`);
    const after = await status('old');
    expect(after.reconnect_required).toBe(false);
    expect(after.scopes.missing).toEqual([]);
    expect(after.settings).toEqual({
      notifications_enabled: true,
      plusplus_user_attribute: 'metadata.slack_email',
      slack_user_attribute: 'profile.email',
      send_window: null,
      digest: { enabled: false, max_items: 5 },
      default_time_zone: 'UTC',
      default_locale: null,
    });
    const rows = await installationRows('old');
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(rowBefore.id); // upgraded in place
    const user = await env.t.call('GET', '/internal/v1/tenants/old/users/u1');
    expect(user.body.slack).toMatchObject({ user_id: person.id });
  });

  it('refuses a workspace already bound to another tenant', async () => {
    const ws = env.sb.createWorkspace({ name: 'Shared', members: 5 });
    await connect('first-owner', ws.id);
    const second = await connect('second-owner', ws.id);
    expect(second.visit.location).toBe(`${RETURN_URL}?slack=error&reason=team_already_connected`);
    expect((await status('second-owner')).connected).toBe(false);
    expect((await status('first-owner')).connected).toBe(true);
    expect(await installationRows('second-owner')).toHaveLength(0);
  });
});

describe('Connect failures store nothing and say why', () => {
  it('sends access_denied back to PlusPlus', async () => {
    const ws = env.sb.createWorkspace({ name: 'Denier', members: 5, denyInstall: true });
    const { visit } = await connect('denied', ws.id);
    expect(visit.location).toBe(`${RETURN_URL}?slack=error&reason=access_denied`);
    expect(await installationRows('denied')).toHaveLength(0);
    expect((await status('denied')).pending_connect).toBeNull();
  });

  it('refuses a replayed, an unknown and a missing ticket', async () => {
    const ws = env.sb.createWorkspace({ name: 'Replay', members: 5 });
    const { link } = await connect('replay', ws.id);
    const again = await new Browser().visit(link);
    expect(again.location).toBe(`${RETURN_URL}?slack=error&reason=used_ticket`);
    const unknown = await new Browser().visit(`${env.t.slackUrl}/slack/install?ticket=forged`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('This Connect link is not valid');
    const none = await new Browser().visit(`${env.t.slackUrl}/slack/install`);
    expect(none.status).toBe(400);
    expect(none.body).toContain('System Settings &gt; Integrations &gt; Slack');
  });

  it('refuses a callback without the state cookie, with a forged state, and with a state from another tenant', async () => {
    const ws = env.sb.createWorkspace({ name: 'Csrf', members: 5 });
    env.sb.setDefaultWorkspace(ws.id);
    const start = async (tenant: string, browser: Browser) => {
      const link = await env.t.call('POST', `/internal/v1/tenants/${tenant}/slack/connect`, {
        return_url: RETURN_URL,
      });
      // Stop at Slack's redirect back to the app: that is the callback URL an attacker would replay.
      const visit = await browser.visit(link.body.authorize_url, (u) => !u.includes('/slack/oauth_redirect'));
      return visit.location!;
    };
    const victim = new Browser();
    const attacker = new Browser();
    const callbackA = await start('csrf-a', victim);
    const callbackB = await start('csrf-b', attacker);

    // No cookie at all (another browser).
    const noCookie = await new Browser().visit(callbackA);
    expect(noCookie.location).toBe(`${RETURN_URL}?slack=error&reason=missing_state_cookie`);
    // The victim's browser given the attacker's callback (state of tenant B, cookie of tenant A).
    const crossed = await victim.visit(callbackB);
    expect(crossed.location).toBe(`${RETURN_URL}?slack=error&reason=state_mismatch`);
    // A forged state with a matching cookie.
    const forged = new URL(callbackA);
    forged.searchParams.set('state', 'forged-state');
    const forger = new Browser();
    forger.cookies.set(new URL(callbackA).host, new Map([['slack-app-oauth-state', 'forged-state']]));
    const forgedVisit = await forger.visit(forged.toString());
    expect(forgedVisit.status).toBe(400);
    expect(forgedVisit.body).toContain('does not belong to a Connect started here');

    expect(await installationRows('csrf-a')).toHaveLength(0);
    expect(await installationRows('csrf-b')).toHaveLength(0);
  });

  it('reports an oauth.v2.access failure with Slack’s code', async () => {
    const ws = env.sb.createWorkspace({ name: 'Flaky', members: 5 });
    env.sb.injectFault({ method: 'oauth.v2.access', fault: { error: 'invalid_code' }, count: 1 });
    const { visit } = await connect('flaky', ws.id);
    expect(visit.location).toBe(`${RETURN_URL}?slack=error&reason=invalid_code`);
    expect(await installationRows('flaky')).toHaveLength(0);
  });
});

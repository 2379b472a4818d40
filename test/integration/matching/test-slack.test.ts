import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * Test Slack (design §4) through the internal API, with the sandbox as Slack and real PostgreSQL.
 * The directory sync is kept failing here (users.list faulted) so the cold-directory path —
 * one users.lookupByEmail — is what runs.
 */
let env: SandboxEnv;
let teamId: string;
let members: Array<{ id: string; email: string; name: string }>;

const T = '/internal/v1/tenants/acme';

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Acme', members: 30, seed: 3 });
  teamId = ws.id;
  // A permanent (not transient) error: the background sync fails at once and stays failed.
  env.sb.injectFault({ method: 'users.list', teamId, fault: { error: 'ekm_access_denied' }, count: 10_000 });
  env.sb.setDefaultWorkspace(ws.id);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  // Let the sync that starts after the install hit its failure first, so the directory is cold
  // and the calls counted below are Test Slack's own.
  for (let i = 0; i < 200 && env.sb.calls({ method: 'users.list', teamId }).length === 0; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 100));
  members = ws.members
    .filter(
      (m) => !m.deleted && !m.isBot && m.email && m.id !== 'USLACKBOT' && !m.isInvitedUser && !m.isAppUser,
    )
    .slice(0, 4)
    .map((m) => ({ id: m.id, email: m.email!, name: m.realName }));
  await env.t.call('PUT', `${T}/users/admin`, {
    email: members[0]!.email.toUpperCase(),
    name: 'Ada Admin',
    is_admin: true,
  });
  await env.t.call('PUT', `${T}/users/u1`, { email: `  ${members[1]!.email}  `, name: 'Bob <!channel>' });
  await env.t.call('PUT', `${T}/users/u2`, { email: members[2]!.email, name: 'Cy' });
  await env.t.call('PUT', `${T}/users/nobody`, { email: 'nobody@nowhere.example', name: 'Nobody' });
});
afterAll(async () => {
  await env.stop();
});

const testSlack = (userId: string, actor: string) =>
  env.t.call('POST', `${T}/users/${userId}/test-slack`, { actor_user_id: actor });

describe('Test Slack', () => {
  it('matches with a cold directory using one users.lookupByEmail, stores the identity, and sends the DM', async () => {
    const before = env.sb.calls({ teamId }).length;
    const res = await testSlack('u1', 'u1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      outcome: 'matched',
      slack: { user_id: members[1]!.id, display_name: expect.any(String), resolved_at: expect.any(String) },
      test_message: { sent: true },
    });
    const calls = env.sb
      .calls({ teamId })
      .slice(before)
      .map((c) => c.method);
    expect(calls.filter((m) => m === 'users.lookupByEmail')).toHaveLength(1);
    expect(calls.filter((m) => m === 'users.list')).toHaveLength(0);
    // One users.info: users.lookupByEmail carries no locale, and the DM is written in the
    // member's language (issue 22); it is stored, so the next message asks nothing.
    expect(calls.filter((m) => m === 'users.info')).toHaveLength(1);
    const dm = env.sb.messages({ teamId, user: members[1]!.id }).at(-1)!;
    expect(dm.text).toBeTruthy();
    expect(JSON.stringify(dm)).not.toContain('<!channel>');
    const stored = await env.t.call('GET', `${T}/users/u1`);
    expect(stored.body.slack.user_id).toBe(members[1]!.id);
  });

  it('lets an admin test someone else and refuses a non-admin', async () => {
    const refused = await testSlack('u2', 'u1');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('forbidden');
    expect((await env.t.call('GET', `${T}/users/u2`)).body.slack).toBeNull();
    const byAdmin = await testSlack('u2', 'admin');
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.outcome).toBe('matched');
    const unknownActor = await testSlack('u2', 'ghost');
    expect(unknownActor.status).toBe(403);
  });

  it('reports no match and leaves the stored identity as it was', async () => {
    const first = await testSlack('nobody', 'nobody');
    expect(first.body).toMatchObject({
      outcome: 'not_found',
      message: "Could not find this user's Slack account",
      slack: null,
    });
    // A user linked before, whose email no longer matches anyone: the old link stays.
    await env.t.call('PUT', `${T}/users/u2`, { email: 'changed@nowhere.example', name: 'Cy' });
    const linked = (await env.t.call('GET', `${T}/users/u2`)).body.slack;
    const again = await testSlack('u2', 'admin');
    expect(again.body.outcome).toBe('not_found');
    expect(again.body.slack).toEqual(linked);
    expect((await env.t.call('GET', `${T}/users/u2`)).body.slack).toEqual(linked);
  });

  it('keeps the identity and reports the DM error separately (messages_tab_disabled)', async () => {
    env.sb.setMessagesTab(teamId, env.sbApp.clientId, false);
    try {
      const res = await testSlack('admin', 'admin');
      expect(res.body).toMatchObject({
        outcome: 'matched',
        slack: { user_id: members[0]!.id },
        test_message: { sent: false, error: 'messages_tab_disabled' },
      });
      expect((await env.t.call('GET', `${T}/users/admin`)).body.slack.user_id).toBe(members[0]!.id);
    } finally {
      env.sb.setMessagesTab(teamId, env.sbApp.clientId, true);
    }
  });

  it('answers 409 not_connected, 404 for an unknown user and 400 for a bad body', async () => {
    await env.t.call('PUT', '/internal/v1/tenants/lonely/users/u1', { email: 'a@example.com' });
    const res = await env.t.call('POST', '/internal/v1/tenants/lonely/users/u1/test-slack', {
      actor_user_id: 'u1',
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('not_connected');
    expect((await testSlack('ghost', 'ghost')).status).toBe(404);
    expect((await env.t.call('POST', `${T}/users/u1/test-slack`, {})).status).toBe(400);
    expect((await env.t.call('POST', `${T}/users/u1/test-slack`, { actor_user_id: 7 })).status).toBe(400);
  });
});

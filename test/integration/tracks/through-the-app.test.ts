import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/** A track channel through the real app: signed PUT, the app's own worker, the sandbox as Slack. */
let env: SandboxEnv;
let teamId: string;
let lateEmail: string;
const T = '/internal/v1/tenants/tracks-e2e';

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Tracks', members: 20, seed: 13 });
  teamId = ws.id;
  env.sb.setDefaultWorkspace(ws.id);
  const people = ws.members
    .filter((m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT')
    .slice(0, 4);
  lateEmail = people.pop()!.email!;
  await env.t.call('POST', `${T}/users`, {
    users: [
      ...people.map((p, i) => ({ id: `u${i}`, email: p.email })),
      { id: 'nolink', email: 'x@nowhere.example' },
    ],
  });
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  await env.t.call('PATCH', `${T}/slack/settings`, { notifications_enabled: true });
  const end = Date.now() + 20_000;
  while (Date.now() < end && !(await env.t.call('GET', `${T}/users/u2`)).body.slack) {
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  await env.stop();
});

it('creates the channel with the linked members and a welcome, then archives it', async () => {
  const put = await env.t.call('PUT', `${T}/tracks/trk-1/channel`, {
    name: 'Data Science 101 — Spring',
    member_user_ids: ['u0', 'u1', 'u2', 'nolink'],
    topic: 'Weekly sessions',
  });
  expect(put.status).toBe(202);
  let status: { status: string; channel: { id: string; name: string } | null; members: unknown[] } = put.body;
  const end = Date.now() + 20_000;
  while (Date.now() < end && status.status !== 'active') {
    await new Promise((r) => setTimeout(r, 100));
    status = (await env.t.call('GET', `${T}/tracks/trk-1/channel`)).body;
  }
  expect(status.status).toBe('active');
  expect(status.channel?.name).toBe('data-science-101-spring');
  expect(status.members).toEqual(
    expect.arrayContaining([{ user_id: 'nolink', status: 'skipped', reason: 'no_slack_account' }]),
  );
  const channel = env.sb.channels(teamId).find((c) => c.id === status.channel!.id)!;
  expect(channel.members).toHaveLength(4); // three people and our bot
  expect(env.sb.messages({ teamId, channel: channel.id })).toHaveLength(1);

  expect((await env.t.call('DELETE', `${T}/tracks/trk-1/channel`)).status).toBe(202);
  const archivedBy = Date.now() + 10_000;
  while (Date.now() < archivedBy && !env.sb.channels(teamId).find((c) => c.id === channel.id)!.isArchived) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(env.sb.channels(teamId).find((c) => c.id === channel.id)!.isArchived).toBe(true);
});

it('a member linked after the channel was made is invited within seconds, not at the next reconcile', async () => {
  // Pushed after the sync's re-match: not linked yet, so the channel starts without them.
  expect((await env.t.call('PUT', `${T}/users/late`, { email: lateEmail })).status).toBe(200);
  await env.t.call('PUT', `${T}/tracks/trk-late/channel`, {
    name: 'Late Cohort',
    member_user_ids: ['u0', 'late'],
  });
  const waitFor = async (
    done: (b: { status: string; members: Array<{ user_id: string; status: string }> }) => boolean,
  ) => {
    const end = Date.now() + 20_000;
    for (;;) {
      const body = (await env.t.call('GET', `${T}/tracks/trk-late/channel`)).body;
      if (done(body) || Date.now() > end) return body;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const made = await waitFor((b) => b.status === 'active');
  expect(made.members).toContainEqual({ user_id: 'late', status: 'skipped', reason: 'no_slack_account' });
  // Test Slack links them; the app's reconcile is 5 minutes away, yet they are invited at once.
  const linkedAt = Date.now();
  const test = await env.t.call('POST', `${T}/users/late/test-slack`, { actor_user_id: 'late' });
  expect(test.body.outcome).toBe('matched');
  const after = await waitFor((b) => b.members.some((m) => m.user_id === 'late' && m.status === 'invited'));
  expect(after.members).toContainEqual({ user_id: 'late', status: 'invited' });
  expect(Date.now() - linkedAt).toBeLessThan(5000);
  const channel = env.sb.channels(teamId).find((c) => c.name === 'late-cohort')!;
  expect(channel.members).toContain(test.body.slack.user_id);
});

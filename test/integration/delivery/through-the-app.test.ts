import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * The whole product path through the real app: connect, users synced by the backend, the
 * directory synced and matched, notifications switched on, a notification of each type accepted
 * and delivered as DMs by the app's own delivery worker.
 */
let env: SandboxEnv;
let teamId: string;
let people: Array<{ id: string; email: string }>;
const T = '/internal/v1/tenants/e2e';

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'E2E', members: 30, seed: 21 });
  teamId = ws.id;
  env.sb.setDefaultWorkspace(ws.id);
  people = ws.members
    .filter((m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT')
    .slice(0, 4)
    .map((m) => ({ id: m.id, email: m.email! }));
  await env.t.call('POST', `${T}/users`, {
    users: [
      ...people.map((p, i) => ({ id: `u${i}`, email: p.email, name: `User ${i}` })),
      { id: 'unmatched', email: 'nobody@nowhere.example' },
    ],
  });
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  await env.t.call('PATCH', `${T}/slack/settings`, { notifications_enabled: true });
  // The first sync and re-match after the install link everyone the directory knows.
  await until(async () => {
    const u = await env.t.call('GET', `${T}/users/u3`);
    return u.body.slack ? true : undefined;
  }, 'the first re-match');
});
afterAll(async () => {
  await env.stop();
});

it('delivers one notification of each type as DMs, and skips the unmatched user', async () => {
  const types = ['invite', 'enrollment', 'assignment', 'reminder'] as const;
  const ids: string[] = [];
  for (const [i, type] of types.entries()) {
    const res = await env.t.call('POST', `${T}/notifications`, {
      idempotency_key: `e2e-${type}`,
      type,
      recipient_user_ids: [`u${i}`, 'unmatched'],
      content: {
        id: `evt-${i}`,
        title: `Data 10${i} <!channel>`,
        url: 'https://plusplus.example/events/1',
        starts_at: '2026-12-01T15:00:00Z',
      },
    });
    expect(res.status).toBe(202);
    ids.push(res.body.notification_id);
  }
  for (const [i, id] of ids.entries()) {
    const status = await until(async () => {
      const res = await env.t.call('GET', `${T}/notifications/${id}`);
      const done = res.body.deliveries.every(
        (d: { status: string }) => d.status !== 'queued' && d.status !== 'sending',
      );
      return done ? res.body : undefined;
    }, `notification ${i}`);
    const byUser = Object.fromEntries(status.deliveries.map((d: { user_id: string }) => [d.user_id, d]));
    expect(byUser[`u${i}`]).toMatchObject({ status: 'sent', slack_user_id: people[i]!.id });
    expect(byUser.unmatched).toMatchObject({ status: 'skipped', reason: 'no_slack_account' });
    const dm = env.sb.messages({ teamId, user: people[i]!.id }).at(-1)!;
    expect(JSON.stringify(dm.blocks)).toContain(`Data 10${i} &lt;!channel&gt;`);
    expect(JSON.stringify(dm.blocks)).toContain('/plusplus mute');
  }
});

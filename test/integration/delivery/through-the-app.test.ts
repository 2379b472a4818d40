import { connectThroughTheApp, type SandboxEnv, startSandboxEnv, until } from '../../support/sandbox-env';

/**
 * The whole product path through the real app: connect, users synced by the backend, the
 * directory synced and matched, notifications switched on, a notification of each type accepted
 * and delivered as DMs by the app's own delivery worker.
 */
let env: SandboxEnv;
let teamId: string;
let people: Array<{ id: string; email: string }>;
const T = '/internal/v1/tenants/e2e';

beforeAll(async () => {
  env = await startSandboxEnv();
  ({ teamId, people } = await connectThroughTheApp(env, T, {
    name: 'E2E',
    members: 30,
    seed: 21,
    people: 4,
  }));
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

it('edits a sent DM when PlusPlus moves the event, and cancels it, through the app (issue 20)', async () => {
  const content = { id: 'evt-move', title: 'Moving', starts_at: '2026-12-01T15:00:00Z', location: 'Room 1' };
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: 'e2e-move',
    type: 'invite',
    recipient_user_ids: ['u0'],
    content,
  });
  const id = res.body.notification_id;
  const get = async () => (await env.t.call('GET', `${T}/notifications/${id}`)).body;
  const sent = await until(
    async () => ((await get()).deliveries[0].status === 'sent' ? get() : undefined),
    'sent',
  );
  const { channel, ts } = sent.deliveries[0];
  const shown = () => env.sb.messages({ teamId, channel }).find((m) => m.ts === ts && !m.threadTs)!;
  const edit = async (what: string) =>
    until(async () => {
      const n = await get();
      return n.deliveries[0].revision_status === 'updated' && n.revision === (what === 'move' ? 1 : 2)
        ? n
        : undefined;
    }, what);

  const moved = await env.t.call('PATCH', `${T}/content/evt-move`, {
    change_key: 'move',
    content: { ...content, starts_at: '2026-12-03T15:00:00Z' },
  });
  expect(moved.status).toBe(202);
  await edit('move');
  expect(JSON.stringify(shown().blocks)).toContain('*Updated:* the time changed.');
  expect(env.sb.messages({ teamId, channel }).filter((m) => m.threadTs === ts)).toHaveLength(1);

  expect((await env.t.call('POST', `${T}/notifications/${id}/cancel`, { change_key: 'off' })).status).toBe(
    202,
  );
  await edit('cancel');
  expect(shown().text).toContain('Cancelled');
  expect(shown().edits).toHaveLength(2);
});

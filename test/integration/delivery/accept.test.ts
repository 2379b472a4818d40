import { ACCEPT_BATCH_SQL } from '../../../src/persistence/repositories/notifications-repository';
import { content, type Harness, type Person, startHarness } from './harness';

/**
 * POST/GET /notifications: validation, idempotency both ways, the skips decided at accept time,
 * and "202 means stored" (no worker runs here, so the rows are exactly what accept wrote).
 */
let h: Harness;
let people: Person[];
const T = 'acc';
const path = (t = T) => `/internal/v1/tenants/${t}/notifications`;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  ({ people } = await h.connectTenant(T, { members: 20 }));
  await h.addUsers(T, people.slice(0, 4));
  await h.call('PATCH', `/internal/v1/tenants/${T}/users/u3/preferences`, {
    receive_slack_notifications: false,
  });
});
afterAll(async () => {
  await h.stop();
});

const body = (key: string, extra: Record<string, unknown> = {}) => ({
  idempotency_key: key,
  type: 'enrollment',
  recipient_user_ids: ['u0', 'u1'],
  content: content(),
  ...extra,
});

describe('POST /notifications', () => {
  it('answers 202 only with every delivery stored, in the order asked', async () => {
    const res = await h.notify(
      T,
      body('k-stored', { recipient_user_ids: ['u1', 'u0', 'u3', 'ghost', 'u1'] }),
    );
    expect(res.status).toBe(202);
    expect(res.body.deliveries).toEqual([
      { user_id: 'u1', status: 'queued' },
      { user_id: 'u0', status: 'queued' },
      { user_id: 'u3', status: 'skipped', reason: 'user_opted_out' },
      { user_id: 'ghost', status: 'skipped', reason: 'unknown_user' },
    ]);
    const rows = await h.ds.query(
      'SELECT user_id, status FROM deliveries WHERE notification_id = $1 ORDER BY position',
      [res.body.notification_id],
    );
    expect(rows.map((r: { user_id: string }) => r.user_id)).toEqual(['u1', 'u0', 'u3', 'ghost']);
    const got = await h.call('GET', `${path()}/${res.body.notification_id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ type: 'enrollment', idempotency_key: 'k-stored', done: false });
    expect(got.body.counts).toMatchObject({ queued: 2, skipped: 2 });
  });

  it('answers a repeated key with the first answer (200) and stores nothing new', async () => {
    const first = await h.notify(T, body('k-repeat'));
    const before = await h.ds.query('SELECT count(*)::int AS n FROM deliveries');
    // Same body with keys in another order: the same request.
    const { content: c, ...rest } = body('k-repeat');
    const again = await h.notify(T, { content: { ...c }, ...rest });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await h.ds.query('SELECT count(*)::int AS n FROM deliveries')).toEqual(before);
  });

  it('refuses the same key with another body: 409 conflict', async () => {
    await h.notify(T, body('k-conflict'));
    const res = await h.notify(T, body('k-conflict', { type: 'reminder' }));
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('conflict');
  });

  it('answers a repeat of a key accepted before migration 1765400000000 from the body that row kept', async () => {
    const first = await h.notify(T, body('k-legacy'));
    // What an older row looks like: the whole first answer, none of the parts.
    await h.ds.query(
      `UPDATE notifications SET accepted_response = $2::jsonb, recipients = NULL, skip_reasons = NULL
        WHERE id = $1`,
      [first.body.notification_id, JSON.stringify(first.body)],
    );
    const again = await h.notify(T, body('k-legacy'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('creates a tenant again that was deleted after this process first saw it', async () => {
    expect((await h.notify('comes-back', body('k-back-1'))).status).toBe(202);
    await h.ds.query(`DELETE FROM tenants WHERE id = 'comes-back'`);
    const res = await h.notify('comes-back', body('k-back-2'));
    expect(res.status).toBe(202);
    expect(res.body.deliveries.map((d: { reason: string }) => d.reason)).toEqual([
      'not_connected',
      'not_connected',
    ]);
    expect(
      await h.ds.query(`SELECT count(*)::int AS n FROM tenant_settings WHERE tenant_id = 'comes-back'`),
    ).toEqual([{ n: 1 }]);
  });

  it('keeps keys per tenant and handles concurrent first uses of one key', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.notify(T, body('k-race'))));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(7);
    expect(new Set(answers.map((a) => a.body.notification_id)).size).toBe(1);
  });

  it('skips everything for a tenant that is not connected, or has the switch off', async () => {
    const off = await h.notify('nowhere', body('k-nc'));
    expect(off.status).toBe(202);
    expect(off.body.deliveries.map((d: { reason: string }) => d.reason)).toEqual([
      'not_connected',
      'not_connected',
    ]);
    await h.tenants.updateSettings(T, { notificationsEnabled: false });
    const disabled = await h.notify(T, body('k-off'));
    expect(disabled.body.deliveries.map((d: { reason: string }) => d.reason)).toEqual([
      'notifications_disabled',
      'notifications_disabled',
    ]);
    await h.tenants.updateSettings(T, { notificationsEnabled: true });
  });

  it.each([
    ['an unknown type', { type: 'party' }],
    ['no recipients', { recipient_user_ids: [] }],
    ['1001 recipients', { recipient_user_ids: Array.from({ length: 1001 }, (_, i) => `u${i}`) }],
    ['a bad user id', { recipient_user_ids: ['a b'] }],
    ['no title', { content: { id: 'x' } }],
    ['a long title', { content: { id: 'x', title: 't'.repeat(501) } }],
    ['a javascript: url', { content: { id: 'x', title: 't', url: 'javascript:alert(1)' } }],
    ['a bad date', { content: { id: 'x', title: 't', starts_at: 'tomorrow' } }],
    ['deep data', { data: { a: { b: { c: { d: { e: { f: 1 } } } } } } }],
    ['big data', { data: { s: 'x'.repeat(1001) } }],
    ['an unknown field', { priority: 'high' }],
  ])('refuses %s with 400 invalid_request', async (_name, extra) => {
    const res = await h.notify(T, body(`k-bad-${_name}`, extra));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('accepts 1000 recipients at once', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `bulk-${i}`);
    const res = await h.notify(T, body('k-1000', { recipient_user_ids: ids }));
    expect(res.status).toBe(202);
    expect(res.body.deliveries).toHaveLength(1000);
  });

  it('answers every request of a concurrent burst as if it came alone (group commit)', async () => {
    // Requests that arrive together are written in one statement: mix what a batch can hold —
    // two tenants (one never seen before), repeated keys, a conflicting key, skips and sends.
    await h.notify(T, body('k-burst-used'));
    const burst = [
      ...Array.from({ length: 30 }, (_, i) => ({ t: T, b: body(`k-burst-${i}`) })),
      ...Array.from({ length: 5 }, () => ({ t: T, b: body('k-burst-same') })),
      { t: T, b: body('k-burst-used') },
      { t: T, b: body('k-burst-used', { type: 'reminder' }) },
      ...Array.from({ length: 5 }, (_, i) => ({ t: 'burst-new', b: body(`k-burst-${i}`) })),
    ];
    const answers = await Promise.all(burst.map(({ t, b }) => h.notify(t, b)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(202));
    expect(statuses.slice(30, 35).sort()).toEqual([200, 200, 200, 200, 202]);
    expect(new Set(answers.slice(30, 35).map((a) => a.body.notification_id)).size).toBe(1);
    expect(statuses.slice(35, 37)).toEqual([200, 409]);
    expect(statuses.slice(37)).toEqual(Array(5).fill(202));
    expect(answers[0]!.body.deliveries).toEqual([
      { user_id: 'u0', status: 'queued' },
      { user_id: 'u1', status: 'queued' },
    ]);
    expect(answers[37]!.body.deliveries.map((d: { reason: string }) => d.reason)).toEqual([
      'not_connected',
      'not_connected',
    ]);
    const rows = await h.ds.query(
      `SELECT count(DISTINCT n.id)::int AS notifications, count(*)::int AS deliveries
         FROM notifications n JOIN deliveries d ON d.notification_id = n.id
        WHERE n.idempotency_key LIKE 'k-burst-%'`,
    );
    // 30 + 1 (same) + 1 (used, written before the burst) + 5 (new tenant), two recipients each.
    expect(rows[0]).toEqual({ notifications: 37, deliveries: 74 });
  });

  it('probes recipients by primary key, not by scanning the users table, on a tenant with 50k users', async () => {
    // The generic plan of the batch statement once hashed a whole users table per batch: a tenant
    // of 100k users cost 11 ms a batch. Check the plan PostgreSQL picks with real statistics.
    await h.ds.query(
      `INSERT INTO plusplus_users (tenant_id, user_id, record, receive_slack_notifications)
       SELECT $1, 'many-' || g, '{}'::jsonb, true FROM generate_series(1, 50000) g`,
      [T],
    );
    await h.ds.query('ANALYZE plusplus_users');
    const runner = h.ds.createQueryRunner();
    try {
      await runner.query('SET plan_cache_mode = force_generic_plan');
      await runner.query(`PREPARE accept_plan AS ${ACCEPT_BATCH_SQL}`);
      // Plain EXPLAIN of the generic plan (nothing runs); EXECUTE takes literals, not binds.
      const plan: Array<{ 'QUERY PLAN': string }> = await runner.query(
        `EXPLAIN (COSTS OFF) EXECUTE accept_plan(
           ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY['${T}', '${T}'], ARRAY['k-plan-1', 'k-plan-2'],
           ARRAY['h', 'h'], ARRAY['invite', 'invite'], array_fill('{"id": "e", "title": "t"}'::jsonb, ARRAY[2]),
           array_fill(NULL::jsonb, ARRAY[2]), ARRAY[true, true],
           array_fill('["u0", "many-7", "nobody"]'::jsonb, ARRAY[2]), ARRAY['e', 'e'])`,
      );
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Scan using \S+ on plusplus_users/);
      expect(text).not.toMatch(/Seq Scan on plusplus_users/);
      await runner.query('DEALLOCATE accept_plan');
    } finally {
      await runner.release();
    }
  });

  it('answers 404 for an unknown notification and 400 for a malformed id', async () => {
    expect((await h.call('GET', `${path()}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await h.call('GET', `${path()}/nope`)).status).toBe(400);
    const other = await h.notify(T, body('k-owner'));
    expect((await h.call('GET', `${path('other')}/${other.body.notification_id}`)).status).toBe(404);
  });
});

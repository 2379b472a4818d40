/**
 * The retention purge (src/app/retention/retention-purge.ts, docs/admin-guide.md §10) on a real PostgreSQL: rows are
 * made through the app's internal API and its Connect link, then aged with SQL (nobody waits 90
 * days). The purge runs directly (`runOnce`) where counts matter, and on its own schedule inside a
 * running app at the end.
 */
import { randomUUID } from 'node:crypto';
import { type PurgeResult, RetentionPurge } from '../../../src/app/retention/retention-purge';
import { createDataSource } from '../../../src/persistence/data-source';
import { RetentionRepository } from '../../../src/persistence/repositories/retention-repository';
import { BackgroundTasks } from '../../../src/platform/background';
import { createLogger } from '../../../src/platform/logger';
import { startTestApp, type TestApp } from '../../support/app';

const T = (tenant: string) => `/internal/v1/tenants/${tenant}`;
const logger = createLogger({ level: 'silent' });

let t: TestApp;
beforeAll(async () => {
  // The app's own schedule stays out of the way here (first run after an hour).
  t = await startTestApp({ NOTIFICATION_RETENTION_DAYS: '30' }, { retention: { initialDelayMs: 3_600_000 } });
});
afterAll(async () => {
  await t?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: query rows
const sql = (text: string, params: unknown[] = []): Promise<any> =>
  t.app.database.dataSource.query(text, params);

function purger(
  options: {
    batchSize?: number;
    maxBatches?: number;
    dataSource?: TestApp['app']['database']['dataSource'];
  } = {},
) {
  return new RetentionPurge({
    repository: new RetentionRepository(options.dataSource ?? t.app.database.dataSource),
    logger,
    background: new BackgroundTasks(logger),
    notificationRetentionDays: 30,
    batchSize: options.batchSize,
    maxBatches: options.maxBatches,
  });
}

/** Runs the purge until a run is complete and deletes nothing; returns the runs' results. */
async function purgeAll(purge = purger(), maxRuns = 20): Promise<PurgeResult[]> {
  const runs: PurgeResult[] = [];
  for (let i = 0; i < maxRuns; i++) {
    const run = await purge.runOnce();
    runs.push(run);
    if (run.complete && Object.values(run.deleted).every((n) => n === 0)) return runs;
  }
  throw new Error(`the purge did not finish in ${maxRuns} runs`);
}

const total = (runs: PurgeResult[], kind: keyof PurgeResult['deleted']) =>
  runs.reduce((sum, r) => sum + r.deleted[kind], 0);

async function notify(tenant: string, key: string, recipients: string[], ageDays: number): Promise<string> {
  const res = await t.call('POST', `${T(tenant)}/notifications`, {
    idempotency_key: key,
    type: 'invite',
    recipient_user_ids: recipients,
    content: { id: `evt-${key}`, title: 'Data 101' },
  });
  expect(res.status).toBe(202);
  // Not connected: every delivery is final at once (`skipped`, `not_connected`).
  expect(res.body.deliveries.every((d: { status: string }) => d.status === 'skipped')).toBe(true);
  const id = res.body.notification_id as string;
  await sql(`UPDATE notifications SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [
    id,
    ageDays,
  ]);
  await sql(
    `UPDATE deliveries SET created_at = now() - make_interval(days => $2) WHERE notification_id = $1`,
    [id, ageDays],
  );
  return id;
}

/** A delivery put back in flight: `queued` for tomorrow, or `sending` under a live lease. */
async function inFlight(notificationId: string, userId: string, status: 'queued' | 'sending'): Promise<void> {
  await sql(
    `UPDATE deliveries SET status = $3::text, reason = NULL, run_at = now() + interval '1 day',
            lease = CASE WHEN $3::text = 'sending' THEN $4::uuid END
      WHERE notification_id = $1 AND user_id = $2`,
    [notificationId, userId, status, randomUUID()],
  );
}

const get = (tenant: string, id: string) => t.call('GET', `${T(tenant)}/notifications/${id}`);

describe('notifications and deliveries', () => {
  it('go once older than the retention and finished; queued, sending and recent ones stay', async () => {
    const old = await notify('n', 'old', ['u1', 'u2'], 40);
    const queued = await notify('n', 'queued', ['u1', 'u2'], 40);
    await inFlight(queued, 'u2', 'queued');
    const sending = await notify('n', 'sending', ['u1'], 40);
    await inFlight(sending, 'u1', 'sending');
    const recent = await notify('n', 'recent', ['u1'], 10);
    const almost = await notify('n', 'almost', ['u1'], 29);

    const runs = await purgeAll();
    expect(total(runs, 'notifications')).toBe(1);
    expect(total(runs, 'deliveries')).toBe(2);
    expect((await get('n', old)).status).toBe(404);
    expect((await get('n', queued)).body.deliveries.map((d: { status: string }) => d.status)).toEqual([
      'skipped',
      'queued',
    ]);
    expect((await get('n', sending)).body.deliveries).toMatchObject([{ user_id: 'u1', status: 'sending' }]);
    for (const id of [recent, almost]) expect((await get('n', id)).status).toBe(200);

    // Once the last delivery in flight is final, the next run takes the notification.
    await sql(`UPDATE deliveries SET status = 'sent', lease = NULL WHERE notification_id = $1`, [queued]);
    const next = await purgeAll();
    expect(total(next, 'notifications')).toBe(1);
    expect(total(next, 'deliveries')).toBe(2);
    expect((await get('n', queued)).status).toBe(404);
    expect((await get('n', sending)).status).toBe(200);
    // The idempotency key went with it: the same key is a new notification now.
    const again = await t.call('POST', `${T('n')}/notifications`, {
      idempotency_key: 'old',
      type: 'invite',
      recipient_user_ids: ['u1'],
      content: { id: 'evt-old', title: 'Data 101' },
    });
    expect(again.status).toBe(202);
    expect(again.body.notification_id).not.toBe(old);
  });

  it('is idempotent: a second run finds nothing', async () => {
    await purgeAll();
    const run = await purger().runOnce();
    expect(run.complete).toBe(true);
    expect(Object.values(run.deleted).every((n) => n === 0)).toBe(true);
  });

  it('is bounded per run, and finishes over several runs', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await notify('b', `bulk-${i}`, ['u1', 'u2'], 45));
    const keep = await notify('b', 'bulk-kept', ['u1', 'u2'], 45);
    await inFlight(keep, 'u1', 'queued');

    const purge = purger({ batchSize: 3, maxBatches: 2 });
    const first = await purge.runOnce();
    // At most 2 statements of 3 rows each per kind.
    expect(first.deleted.deliveries).toBe(6);
    expect(first.deleted.notifications).toBeLessThanOrEqual(3);
    expect(first.complete).toBe(false);

    const rest = await purgeAll(purge);
    for (const run of rest) {
      for (const n of Object.values(run.deleted)) expect(n).toBeLessThanOrEqual(6);
    }
    expect(first.deleted.deliveries + total(rest, 'deliveries')).toBe(14);
    expect(first.deleted.notifications + total(rest, 'notifications')).toBe(7);
    for (const id of ids) expect((await get('b', id)).status).toBe(404);
    expect((await get('b', keep)).body.deliveries).toHaveLength(2);
  });

  it('splits the work between processes that purge at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await notify('p', `par-${i}`, ['u1', 'u2', 'u3'], 50));
    const keep = await notify('p', 'par-kept', ['u1', 'u2'], 50);
    await inFlight(keep, 'u2', 'sending');
    const second = createDataSource({ url: t.db.url });
    await second.initialize();
    try {
      const a = purger({ batchSize: 2, maxBatches: 100 });
      const b = purger({ batchSize: 2, maxBatches: 100, dataSource: second });
      const [ra, rb] = await Promise.all([purgeAll(a), purgeAll(b)]);
      expect(total(ra, 'deliveries') + total(rb, 'deliveries')).toBe(36);
      expect(total(ra, 'notifications') + total(rb, 'notifications')).toBe(12);
    } finally {
      await second.destroy();
    }
    expect((await get('p', keep)).body.deliveries).toHaveLength(2);
  });
});

describe('OAuth states and Connect tickets', () => {
  /** A Connect link's ticket, used (the browser went to Slack) or not. */
  async function ticket(tenant: string, use: boolean): Promise<void> {
    const link = await t.call('POST', `${T(tenant)}/slack/connect`, {});
    expect(link.status).toBe(200);
    if (!use) return;
    // PUBLIC_URL says port 0 here; the link's path on the app's real port.
    const url = new URL(link.body.authorize_url);
    const res = await fetch(`${t.slackUrl}${url.pathname}${url.search}`, { redirect: 'manual' });
    expect(res.status).toBe(302); // to Slack's authorize page, with a new OAuth state
  }
  const tickets = (tenant: string) =>
    sql(`SELECT used_at FROM slack_connect_tickets WHERE tenant_id = $1 ORDER BY created_at`, [tenant]);
  const states = (tenant: string) =>
    sql(`SELECT state FROM slack_oauth_states WHERE tenant_id = $1`, [tenant]);
  const expire = (table: string, tenant: string, ago: string) =>
    sql(`UPDATE ${table} SET expires_at = now() - $2::interval WHERE tenant_id = $1`, [tenant, ago]);

  it('go a day after they expired, except the newest used ticket that tells of a pending approval', async () => {
    await ticket('tk-old', false);
    await expire('slack_connect_tickets', 'tk-old', '2 days');
    await ticket('tk-grace', false);
    await expire('slack_connect_tickets', 'tk-grace', '1 hour');
    // The admin-approval case, twice: two links used, the browser never came back.
    await ticket('tk-pending', true);
    await ticket('tk-pending', true);
    await expire('slack_connect_tickets', 'tk-pending', '2 days');
    await expire('slack_oauth_states', 'tk-pending', '2 days');
    await ticket('tk-fresh', true);
    expect((await states('tk-pending')).length).toBe(2);
    const before = (await t.call('GET', `${T('tk-pending')}/slack`)).body.pending_connect;
    expect(before).not.toBeNull();

    const runs = await purgeAll();
    expect(total(runs, 'slack_connect_tickets')).toBe(2);
    expect(total(runs, 'slack_oauth_states')).toBe(2);
    expect(await tickets('tk-old')).toEqual([]);
    expect(await tickets('tk-grace')).toHaveLength(1);
    expect(await tickets('tk-pending')).toHaveLength(1);
    expect((await t.call('GET', `${T('tk-pending')}/slack`)).body.pending_connect).toEqual(before);
    expect(await states('tk-pending')).toEqual([]);
    expect(await tickets('tk-fresh')).toHaveLength(1);
    expect(await states('tk-fresh')).toHaveLength(1);
  });
});

describe('workspace data without an active installation', () => {
  it('is swept up (left from before the clean-up on uninstall existed), connected workspaces stay', async () => {
    const member = (id: string) => JSON.stringify({ id, profile: { email: `${id}@example.com` } });
    for (const team of ['T0ORPHAN01', 'T0ACTIVE01']) {
      for (let i = 0; i < 5; i++) {
        await sql(
          `INSERT INTO slack_members (team_id, user_id, member, fields) VALUES ($1, $2, $3::jsonb, '{}'::jsonb)`,
          [team, `U0${i}`, member(`U0${i}`)],
        );
        await sql(`INSERT INTO slack_welcomes (team_id, user_id) VALUES ($1, $2)`, [team, `U0${i}`]);
      }
      await sql(
        `INSERT INTO slack_directory_syncs (team_id, sync_id, status, started_at) VALUES ($1, $2, 'done', now())`,
        [team, randomUUID()],
      );
    }
    // T0ACTIVE01 is connected; T0ORPHAN01's installation was revoked before this version.
    await sql(`INSERT INTO tenants (id) VALUES ('ws'), ('ws-gone') ON CONFLICT DO NOTHING`);
    await sql(
      `INSERT INTO slack_installations (id, tenant_id, team_id, bot_user_id, installed_at, revoked_at)
       VALUES ($1, 'ws', 'T0ACTIVE01', 'U0BOT', now(), NULL),
              ($2, 'ws-gone', 'T0ORPHAN01', 'U0BOT', now(), now())`,
      [randomUUID(), randomUUID()],
    );
    const count = async (team: string) =>
      (
        await sql(
          `SELECT (SELECT count(*) FROM slack_members WHERE team_id = $1)::int
                + (SELECT count(*) FROM slack_welcomes WHERE team_id = $1)::int
                + (SELECT count(*) FROM slack_directory_syncs WHERE team_id = $1)::int AS n`,
          [team],
        )
      )[0].n;

    const runs = await purgeAll(purger({ batchSize: 3, maxBatches: 1 }));
    expect(total(runs, 'slack_members')).toBe(5);
    expect(total(runs, 'slack_welcomes')).toBe(5);
    expect(total(runs, 'slack_directory_syncs')).toBe(1);
    expect(await count('T0ORPHAN01')).toBe(0);
    expect(await count('T0ACTIVE01')).toBe(11);
  });
});

describe('the schedule in a running app', () => {
  it('purges on its own with NOTIFICATION_RETENTION_DAYS, and stops with the app', async () => {
    const app = await startTestApp(
      { NOTIFICATION_RETENTION_DAYS: '7' },
      { retention: { initialDelayMs: 0, intervalMs: 100 } },
    );
    try {
      const call = app.call.bind(app);
      const send = async (key: string, ageDays: number) => {
        const res = await call('POST', `${T('s')}/notifications`, {
          idempotency_key: key,
          type: 'reminder',
          recipient_user_ids: ['u1'],
          content: { id: 'evt-1', title: 'Data 101' },
        });
        await app.app.database.dataSource.query(
          `UPDATE notifications SET created_at = now() - make_interval(days => $2) WHERE id = $1`,
          [res.body.notification_id, ageDays],
        );
        return res.body.notification_id as string;
      };
      const old = await send('eight-days', 8);
      const recent = await send('six-days', 6);
      const end = Date.now() + 10_000;
      while (Date.now() < end && (await call('GET', `${T('s')}/notifications/${old}`)).status !== 404) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await call('GET', `${T('s')}/notifications/${old}`)).status).toBe(404);
      expect((await call('GET', `${T('s')}/notifications/${recent}`)).status).toBe(200);
      expect(app.logs).toContainEqual(
        expect.objectContaining({
          msg: 'retention purge',
          notificationRetentionDays: 7,
          deleted: expect.objectContaining({ notifications: 1, deliveries: 1 }),
        }),
      );
    } finally {
      await app.stop();
    }
  });
});

/**
 * Send windows at scale (issue 21), loopback only, bounded in count and time.
 *
 *   npm run build && node dist/bench/send-window.js [--quick] [--members N]
 *
 * 10,000 members of one workspace across the sandbox's 5 time zones (New York, Los Angeles,
 * London, Berlin, Kolkata), each sent one invite while their 09:00–10:00 window is closed. The
 * app's window clock (DeliveryOptions.now) is set to 08:59:50 in Berlin, so Berlin's fifth opens
 * 10 s into the run and the other zones hours later. Figures:
 *
 * 1. scheduling: time until every delivery is held (`scheduled`), and the worker process's peak
 *    RSS and heap meanwhile;
 * 2. the opening: Berlin's members are sent from 09:00 at the workspace's pace. The pace is raised
 *    to 3,000 posts a minute (Slack's limits lifted in the sandbox) so the run stays short; the
 *    send rate over the opening is given as a ratio to that configured pace (goal >= 0.9), with
 *    the delay of the first post after the window start, early posts (goal 0) and posts to the
 *    other zones (goal 0).
 *
 * Uses DATABASE_URL when set (a schema of its own), else an embedded PostgreSQL. The members' Slack
 * `tz` is written into the cached directory directly (a users.list sync of 10,000 members is the
 * directory bench's subject, not this one's).
 */
import type { DeliveryOptions } from '../src/app/delivery';
import { composeDelivery } from '../src/compose';
import { zonedInstant } from '../src/domain/timing/zoned';
import { createDataSource, migrate } from '../src/persistence/data-source';
import { createLogger } from '../src/platform/logger';
import { remoteSlack } from './bench-slack';
import { benchTenants } from './slack-tenants';
import { benchDatabase, sleep } from './support';

const QUICK = process.argv.includes('--quick');
const membersArg = process.argv.indexOf('--members');
const MEMBERS = membersArg > 0 ? Number(process.argv[membersArg + 1]) : QUICK ? 1000 : 10_000;
const PER_MINUTE = 3000;
const LEAD_MS = 10_000;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

async function main(): Promise<void> {
  const db = await benchDatabase('sendwindow');
  const ds = createDataSource({ url: db.url, poolSize: 10 });
  await ds.initialize();
  await migrate(ds);
  const logger = createLogger({ level: 'silent' });
  const sb = await remoteSlack();
  await sb.setRateLimits({
    'chat.postMessage': { perMinute: 10_000_000, burst: 1_000_000 },
    'chat.postMessage#workspace': { perMinute: 10_000_000, burst: 1_000_000 },
  });
  let offset = 0;
  const options: DeliveryOptions = {
    now: () => Date.now() + offset,
    pace: { workspacePerMinute: PER_MINUTE, channelIntervalMs: 0 },
  };
  const t = await benchTenants(ds, sb, logger, { delivery: options });
  const tenant = 'window';
  const conn = await t.connectTenant(tenant, Math.ceil(MEMBERS * 1.4) + 10, 42);
  const people = conn.people.slice(0, MEMBERS);
  // Slack's tz of each member into the cached directory, as a users.list sync would store it.
  for (let i = 0; i < people.length; i += 1000) {
    const chunk = people.slice(i, i + 1000);
    await ds.query(
      `INSERT INTO slack_members (team_id, user_id, member)
       SELECT $1, u.id, jsonb_build_object('id', u.id, 'tz', u.tz)
         FROM unnest($2::text[], $3::text[]) AS u(id, tz)
       ON CONFLICT (team_id, user_id) DO UPDATE SET member = excluded.member`,
      [conn.teamId, chunk.map((p) => p.slackUserId), chunk.map((p) => p.tz)],
    );
  }
  const zones = new Map<string, number>();
  for (const p of people) zones.set(p.tz, (zones.get(p.tz) ?? 0) + 1);
  await t.tenants.updateSettings(tenant, {
    sendWindow: {
      start: '09:00',
      end: '10:00',
      days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      types: ['invite'],
    },
    defaultTimeZone: 'UTC',
  });
  // A Wednesday in January (no DST switch near): Berlin 09:00 opens LEAD_MS into the run.
  const opensFake = zonedInstant('Europe/Berlin', { year: 2027, month: 1, day: 13 }, 9, 0);
  offset = opensFake - LEAD_MS - Date.now();
  const opensReal = opensFake - offset;

  const delivery = composeDelivery(t.services, options);
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const acceptStart = Date.now();
  for (let i = 0; i < people.length; i += 1000) {
    await delivery.notifications.accept(tenant, {
      idempotency_key: `w${i}`,
      type: 'invite',
      recipient_user_ids: people.slice(i, i + 1000).map((p) => p.userId),
      content: { id: `e${i}`, title: 'Data 101', url: 'https://plusplus.example/e/1' },
    });
  }
  const acceptedMs = Date.now() - acceptStart;
  const since = Date.now();
  delivery.worker.start();
  const held = async () =>
    Number(
      (
        await ds.query(
          `SELECT count(*) AS n FROM deliveries WHERE tenant_id = $1 AND status = 'queued' AND scheduled_for IS NOT NULL`,
          [tenant],
        )
      )[0].n,
    );
  let heldN = 0;
  while (Date.now() < opensReal - 500) {
    heldN = await held();
    if (heldN >= people.length) break;
    await sleep(100);
  }
  const scheduleMs = Date.now() - since;
  const allHeldBeforeOpening = heldN >= people.length;
  console.log(
    `scheduling: ${heldN} of ${people.length} held in ${scheduleMs} ms (accept ${acceptedMs} ms); peak RSS ${mb(peakRss)} MB, heap ${mb(peakHeap)} MB`,
  );

  const berlin = zones.get('Europe/Berlin') ?? 0;
  const deadline = opensReal + (berlin / (PER_MINUTE / 60)) * 1000 * 2 + 20_000;
  let sentN = 0;
  while (Date.now() < deadline) {
    sentN = Number(
      (
        await ds.query(`SELECT count(*) AS n FROM deliveries WHERE tenant_id = $1 AND status = 'sent'`, [
          tenant,
        ])
      )[0].n,
    );
    if (sentN >= berlin) break;
    await sleep(200);
  }
  clearInterval(sampler);
  await delivery.worker.stop();
  const posts = (await sb.calls({ method: 'chat.postMessage', since })).filter(
    (c) => c.teamId === conn.teamId && c.ok,
  );
  const ats = posts.map((c) => c.at).sort((a, b) => a - b);
  const early = ats.filter((at) => at < opensReal).length;
  const rate = ats.length < 2 ? 0 : ((ats.length - 1) * 1000) / (ats.at(-1)! - ats[0]!);
  const configured = PER_MINUTE / 60;
  const result = {
    quick: QUICK,
    members: people.length,
    zones: Object.fromEntries(zones),
    accept_ms: acceptedMs,
    schedule_ms: scheduleMs,
    all_held_before_opening: allHeldBeforeOpening,
    peak_rss_mb: mb(peakRss),
    peak_heap_mb: mb(peakHeap),
    opening_members: berlin,
    sent: ats.length,
    other_zones_sent: Math.max(0, sentN - berlin),
    early_posts: early,
    first_post_after_opening_ms: ats.length ? ats[0]! - opensReal : null,
    per_second: round(rate, 1),
    configured_per_second: configured,
    ratio: round(rate / configured),
    goal: 0.9,
  };
  console.log(
    `opening: ${ats.length} of ${berlin} Berlin members sent at ${result.per_second}/s against ${configured}/s configured: ratio ${result.ratio} (goal >= 0.9); first post ${result.first_post_after_opening_ms} ms after 09:00, early ${early} (goal 0)`,
  );
  console.log(JSON.stringify(result));
  await ds.destroy();
  await sb.stop();
  await db.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * Delivery pacing at real time (issue 15), loopback only, bounded in count and time.
 *
 *   npm run build && node dist/bench/pacing.js [--quick]
 *
 * Nothing here is time-scaled: a scaled clock once hid a 6x slowdown (eight reserved slots of
 * 22 ms fit inside an unscaled 1 s horizon). The worker runs with its production defaults (270
 * posts a minute per workspace, 1 s horizon, 250 ms poll, 60 s lease, 8 posts in flight, 256 rows
 * held) against the sandbox with Slack's limits (chat.postMessage 1/s per channel with bursts,
 * 300/min per workspace). Scenarios:
 *
 * 1. capacity: what one worker process sends over 20 workspaces when the pace is not the limit
 *    (pace and Slack's limits lifted), at Slack latency 2 ms and 150 ms: its posts in flight and
 *    its database pool are then the limit. This is the "stated capacity" of docs/delivery.md.
 * 2. one workspace, 500 DMs, Slack latency 150 ms: ratio to the configured pace (goal >= 0.9),
 *    429s (goal 0), lost (goal 0). Meanwhile one DM to another workspace: how long until it left
 *    (goal ~1 s).
 * 3. 20 workspaces x 100 DMs at once: all DMs a second, against min(sum of paces, capacity).
 * 4. Slack's cap below ours: the sandbox allows 100 posts a minute per workspace (burst 10)
 *    against our 270: 429s, when the pace had adapted (the last 429 of the first series), the
 *    rate over the run against Slack's cap,
 *    lost and failed (goal 0).
 * 5. SIGKILL: a worker process (dist/src/worker-main.js) is killed mid-run and another
 *    one started: the rest at pace, lost 0, duplicates at most the posts in flight.
 * Uses DATABASE_URL when set (a schema of its own), else an embedded PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Delivery, DeliveryOptions } from '../src/app/delivery';
import { composeDelivery } from '../src/compose';
import { DEFAULT_PACE } from '../src/domain/pace';
import { createDataSource, migrate } from '../src/persistence/data-source';
import { createLogger } from '../src/platform/logger';
import { PRODUCTION_NODE_FLAGS } from '../src/platform/node-flags';
import { remoteSlack } from './bench-slack';
import { BENCH_CLIENT_ID, benchTenants } from './slack-tenants';
import { benchDatabase, sleep } from './support';

const QUICK = process.argv.includes('--quick');
const CONFIGURED = DEFAULT_PACE.workspacePerMinute / 60;
const SLACK_CAP_PER_MINUTE = 100;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const db = await benchDatabase('pacing');
  const ds = createDataSource({ url: db.url, poolSize: 10 });
  await ds.initialize();
  await migrate(ds);
  const logger = createLogger({ level: 'silent' });
  // Slack (the sandbox) in a process of its own: this process holds only the worker, as in production.
  const sb = await remoteSlack();
  const t = await benchTenants(ds, sb, logger);
  const build = (options?: DeliveryOptions) => composeDelivery(t.services, options);
  let tenantSeq = 0;
  /** Fresh tenants (fresh pacing), each with `n` DMs accepted at once. */
  const load = async (delivery: Delivery, workspaces: number, n: number, label: string) => {
    const made: Array<{ tenant: string; teamId: string }> = [];
    for (let i = 0; i < workspaces; i++) {
      const tenant = `${label}-${tenantSeq++}`;
      const { teamId } = await t.connectTenant(tenant, Math.ceil(n * 1.4) + 10, 100 + tenantSeq);
      made.push({ tenant, teamId });
    }
    const since = Date.now();
    for (const { tenant } of made) {
      await delivery.notifications.accept(tenant, {
        idempotency_key: label,
        type: 'reminder',
        recipient_user_ids: Array.from({ length: n }, (_, i) => `u${i}`),
        content: { id: 'e', title: 'Bench' },
      });
    }
    return { made, since };
  };
  const waitDone = async (delivery: Delivery, tenants: string[], timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      let open = 0;
      for (const tenant of tenants) {
        const c = await delivery.queue.countByStatus(tenant);
        open += (c.queued ?? 0) + (c.sending ?? 0);
      }
      if (open === 0) return;
      await sleep(100);
    }
  };
  const counts = async (delivery: Delivery, tenants: string[]) => {
    const total: Record<string, number> = {};
    for (const tenant of tenants) {
      for (const [k, v] of Object.entries(await delivery.queue.countByStatus(tenant)))
        total[k] = (total[k] ?? 0) + v;
    }
    return total;
  };
  const posts = async (teamIds: string[], since: number) =>
    (await sb.calls({ method: 'chat.postMessage', since })).filter(
      (c) => c.teamId && teamIds.includes(c.teamId),
    );
  const rateOf = (ats: number[]) =>
    ats.length < 2 ? 0 : ((ats.length - 1) * 1000) / (ats.at(-1)! - ats[0]!);
  const latency = (ms: number) =>
    sb.injectFault({ method: 'chat.postMessage', count: 10_000_000, fault: { delayMs: ms } });

  // 1. Capacity of one worker process, the pace lifted.
  const capacity: Array<Record<string, number>> = [];
  await sb.setRateLimits({
    'chat.postMessage': { perMinute: 10_000_000, burst: 1_000_000 },
    'chat.postMessage#workspace': { perMinute: 10_000_000, burst: 1_000_000 },
  });
  for (const latencyMs of [2, 150]) {
    const unpaced = build({ pace: { workspacePerMinute: 1_000_000, channelIntervalMs: 0 } });
    await sb.clearFaults();
    if (latencyMs > 2) await latency(latencyMs);
    const n = QUICK ? 20 : latencyMs > 2 ? 50 : 100;
    const { made, since } = await load(unpaced, 20, n, `cap${latencyMs}`);
    unpaced.worker.start();
    await waitDone(
      unpaced,
      made.map((m) => m.tenant),
      120_000,
    );
    await unpaced.worker.stop();
    const ok = (
      await posts(
        made.map((m) => m.teamId),
        since,
      )
    ).filter((c) => c.ok);
    const perSecond = rateOf(ok.map((c) => c.at));
    capacity.push({ latency_ms: latencyMs, dms: ok.length, per_second: round(perSecond, 1) });
    console.log(
      `capacity at Slack latency ${latencyMs} ms: ${perSecond.toFixed(1)} DMs/s (${ok.length} DMs, 20 workspaces, pace lifted)`,
    );
  }
  await sb.clearFaults();
  await sb.setRateLimits({
    'chat.postMessage': { perMinute: 60, burst: 3 },
    'chat.postMessage#workspace': { perMinute: 300, burst: 30 },
  });

  // The production defaults from here on.
  const delivery = build();
  delivery.worker.start();

  // 2. One workspace, 500 DMs at Slack latency 150 ms; one DM to another workspace meanwhile.
  await latency(150);
  const oneN = QUICK ? 60 : 500;
  const fair = await t.connectTenant('fair', 10, 7);
  const one = await load(delivery, 1, oneN, 'one');
  await sleep(QUICK ? 3000 : 5000);
  const fairAt = Date.now();
  await delivery.notifications.accept('fair', {
    idempotency_key: 'fair',
    type: 'invite',
    recipient_user_ids: ['u0'],
    content: { id: 'f', title: 'Fair' },
  });
  await waitDone(delivery, ['fair'], 10_000);
  const fairPost = (await posts([fair.teamId], fairAt)).find((c) => c.ok);
  const fairnessMs = fairPost ? fairPost.at - fairAt : Number.NaN;
  await waitDone(
    delivery,
    one.made.map((m) => m.tenant),
    (oneN / CONFIGURED) * 2000 + 30_000,
  );
  await sb.clearFaults();
  const oneCalls = await posts([one.made[0]!.teamId], one.since);
  const oneRate = rateOf(oneCalls.filter((c) => c.ok).map((c) => c.at));
  const oneCounts = await counts(
    delivery,
    one.made.map((m) => m.tenant),
  );
  const single = {
    deliveries: oneN,
    slack_latency_ms: 150,
    configured_per_second: round(CONFIGURED, 2),
    measured_per_second: round(oneRate, 2),
    ratio: round(oneRate / CONFIGURED),
    goal: 0.9,
    ratelimited_429: oneCalls.filter((c) => c.status === 429).length,
    lost: oneN - (oneCounts.sent ?? 0),
    fairness_dm_ms: fairnessMs,
  };
  console.log(
    `one workspace, ${oneN} DMs at Slack latency 150 ms: ${oneRate.toFixed(2)}/s vs ${CONFIGURED.toFixed(2)}/s configured, ratio ${single.ratio} (goal >= 0.9), 429s ${single.ratelimited_429}, lost ${single.lost}; a DM to another workspace left after ${fairnessMs} ms`,
  );

  // 3. Twenty workspaces x 100 DMs at once.
  const manyN = QUICK ? 20 : 100;
  const many = await load(delivery, 20, manyN, 'many');
  await waitDone(
    delivery,
    many.made.map((m) => m.tenant),
    (manyN / CONFIGURED) * 2000 + 30_000,
  );
  const manyCalls = await posts(
    many.made.map((m) => m.teamId),
    many.since,
  );
  const manyOk = manyCalls.filter((c) => c.ok);
  const manyRate = rateOf(manyOk.map((c) => c.at));
  const perWorkspace = many.made.map((m) =>
    rateOf(manyOk.filter((c) => c.teamId === m.teamId).map((c) => c.at)),
  );
  const manyCounts = await counts(
    delivery,
    many.made.map((m) => m.tenant),
  );
  const capacityAt2 = capacity[0]!.per_second!;
  const manyTarget = Math.min(20 * CONFIGURED, capacityAt2);
  const twenty = {
    workspaces: 20,
    deliveries_each: manyN,
    measured_per_second: round(manyRate, 2),
    sum_of_paces_per_second: round(20 * CONFIGURED, 2),
    capacity_per_second: capacityAt2,
    ratio: round(manyRate / manyTarget),
    goal: 0.9,
    slowest_workspace_ratio: round(Math.min(...perWorkspace) / CONFIGURED),
    ratelimited_429: manyCalls.filter((c) => c.status === 429).length,
    lost: 20 * manyN - (manyCounts.sent ?? 0),
  };
  console.log(
    `20 workspaces x ${manyN} DMs: ${manyRate.toFixed(1)}/s vs min(sum of paces ${twenty.sum_of_paces_per_second}/s, capacity ${capacityAt2}/s), ratio ${twenty.ratio} (goal >= 0.9); slowest workspace ${twenty.slowest_workspace_ratio} of its pace; 429s ${twenty.ratelimited_429}, lost ${twenty.lost}`,
  );

  // 4. Slack's cap (100/min, burst 10) below ours (270/min).
  await sb.setRateLimits({ 'chat.postMessage#workspace': { perMinute: SLACK_CAP_PER_MINUTE, burst: 10 } });
  const capN = QUICK ? 40 : 200;
  const cap = await load(delivery, 1, capN, 'slackcap');
  await waitDone(
    delivery,
    cap.made.map((m) => m.tenant),
    (capN / (SLACK_CAP_PER_MINUTE / 60)) * 2000 + 60_000,
  );
  await sb.setRateLimits({ 'chat.postMessage#workspace': { perMinute: 300, burst: 30 } });
  const capCalls = await posts([cap.made[0]!.teamId], cap.since);
  const capOk = capCalls.filter((c) => c.ok).map((c) => c.at);
  const capCounts = await counts(
    delivery,
    cap.made.map((m) => m.tenant),
  );
  const first = capOk[0] ?? cap.since;
  const limitedAt = capCalls.filter((c) => c.status === 429).map((c) => round((c.at - first) / 1000, 1));
  // The rate in each 20 s window from the first post, and when the pace had adapted: the last 429
  // of the first series (429s less than 60 s apart); later ones are the relaxed pace probing again.
  const windowMs = 20_000;
  const windows: number[] = [];
  for (let start = first; start + windowMs <= capOk.at(-1)!; start += windowMs) {
    windows.push(capOk.filter((at) => at >= start && at < start + windowMs).length / (windowMs / 60_000));
  }
  let adaptedAfter = limitedAt[0] ?? 0;
  for (const at of limitedAt.slice(1)) {
    if (at - adaptedAfter >= 60) break;
    adaptedAfter = at;
  }
  const capRate = rateOf(capOk) * 60;
  const slackCap = {
    deliveries: capN,
    slack_cap_per_minute: SLACK_CAP_PER_MINUTE,
    configured_per_minute: DEFAULT_PACE.workspacePerMinute,
    measured_per_minute: round(capRate, 1),
    ratio_to_slack_cap: round(capRate / SLACK_CAP_PER_MINUTE),
    ratelimited_429: limitedAt.length,
    ratelimited_at_s: limitedAt,
    per_minute_by_20s_window: windows.map((w) => round(w, 0)),
    adapted_after_s: adaptedAfter,
    learned_interval_ms:
      (await delivery.queue.pacing(cap.made[0]!.tenant, 'chat.postMessage'))?.intervalMs ?? null,
    lost: capN - (capCounts.sent ?? 0),
    failed: capCounts.failed ?? 0,
  };
  console.log(
    `Slack's cap ${SLACK_CAP_PER_MINUTE}/min vs our ${DEFAULT_PACE.workspacePerMinute}/min, ${capN} DMs: ${slackCap.measured_per_minute}/min (${slackCap.ratio_to_slack_cap} of Slack's cap), 429s ${slackCap.ratelimited_429} at ${JSON.stringify(limitedAt)} s, per 20 s window ${JSON.stringify(slackCap.per_minute_by_20s_window)}/min, adapted after ${slackCap.adapted_after_s} s, lost ${slackCap.lost}, failed ${slackCap.failed}`,
  );
  await delivery.worker.stop();

  // 5. SIGKILL a worker process mid-run, then another one finishes at pace.
  const killN = QUICK ? 40 : 200;
  const kill = await load(delivery, 1, killN, 'kill');
  const tenant = kill.made[0]!.tenant;
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: db.url,
    SLACK_API_URL: sb.apiUrl,
    SLACK_CLIENT_ID: BENCH_CLIENT_ID,
    SLACK_CLIENT_SECRET: 'bench',
    SLACK_SIGNING_SECRET: 'unused-by-the-worker',
    PLUSPLUS_SIGNING_SECRET: 'unused-by-the-worker-0123456789',
    TOKEN_ENCRYPTION_KEY: t.tokenKey.toString('base64'),
    INTERNAL_PORT: '0',
    LOG_LEVEL: 'warn',
  };
  const worker = (): ChildProcess =>
    spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, join(__dirname, '../src/worker-main.js')], {
      env,
      stdio: 'inherit',
    });
  const firstWorker = worker();
  while (((await delivery.queue.countByStatus(tenant)).sent ?? 0) < killN / 4) await sleep(50);
  firstWorker.kill('SIGKILL');
  await new Promise((r) => firstWorker.once('exit', r));
  const atKill = await delivery.queue.countByStatus(tenant);
  const restartAt = Date.now();
  const second = worker();
  await waitDone(delivery, [tenant], 180_000);
  second.kill('SIGTERM');
  await new Promise((r) => second.once('exit', r));
  const after = (await posts([kill.made[0]!.teamId], restartAt)).filter((c) => c.ok);
  // The killed worker's claims come back when their lease (60 s) runs out: the rest's pace is
  // measured over the posts before those.
  const rest = after.slice(0, Math.max(2, after.length - (atKill.sending ?? 0))).map((c) => c.at);
  const byChannel = new Map<string, number>();
  for (const c of (await posts([kill.made[0]!.teamId], kill.since)).filter((x) => x.ok)) {
    byChannel.set(c.channel ?? '', (byChannel.get(c.channel ?? '') ?? 0) + 1);
  }
  const killCounts = await delivery.queue.countByStatus(tenant);
  const sigkill = {
    deliveries: killN,
    sent_at_kill: atKill.sent ?? 0,
    held_at_kill: atKill.sending ?? 0,
    rest_per_second: round(rateOf(rest), 2),
    rest_ratio: round(rateOf(rest) / CONFIGURED),
    goal: 0.9,
    lost: killN - (killCounts.sent ?? 0),
    duplicates: [...byChannel.values()].reduce((s, n) => s + n - 1, 0),
    duplicate_bound: 8,
  };
  console.log(
    `SIGKILL after ${sigkill.sent_at_kill} of ${killN} sent (${sigkill.held_at_kill} held by the killed worker): the rest at ${sigkill.rest_per_second}/s, ratio ${sigkill.rest_ratio} (goal >= 0.9); lost ${sigkill.lost}, duplicates ${sigkill.duplicates} (bound 8)`,
  );

  console.log(
    JSON.stringify({
      quick: QUICK,
      real_time: true,
      capacity,
      single,
      twenty,
      slackCap,
      sigkill,
    }),
  );
  await ds.destroy();
  await sb.stop();
  await db.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

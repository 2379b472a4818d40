/**
 * A change to a 1,000-recipient notification (issue 20): time until every DM already sent is
 * edited (`chat.update`), as a ratio to chat.update's configured pace
 * (`DELIVERY_UPDATES_PER_MINUTE`, default 45 a minute per workspace). Real time, nothing scaled;
 * the sandbox (Slack) in a process of its own with its own limits (chat.update Tier 3), so this
 * process holds only the app's delivery and edit workers, as a worker process would.
 *
 *   node dist/bench/changes.js [--quick] [--recipients N]
 *
 * 1. Setup (not measured): the notification is accepted and its DMs sent with the post pace and
 *    Slack's post limits lifted, so the bench does not wait minutes for the posts.
 * 2. Measured: Slack's post limits back to the sandbox defaults, the production edit lane
 *    (`composeDelivery` with the configured `updatesPerMinute`), one PATCH moving the event with
 *    `notify` (so every edit also posts its thread reply, through the post lane's pacing). From the
 *    PATCH's answer until every delivery is `revision_status: updated`.
 * Baseline, measured-free: the configured pace itself, N / (updates per minute / 60) seconds.
 * Ratio = that / the measured time (1.0: exactly the pace; goal >= 0.9). Also: 429s from Slack,
 * edits failed, and the chat.update rate between the first and the last edit.
 * The full run takes N / pace: 1,000 edits at 45/min is ~22 minutes. `--quick` edits 100.
 * Uses DATABASE_URL when set (a schema of its own), else an embedded PostgreSQL.
 */
import type { DeliveryOptions } from '../src/app/delivery';
import { parseDeliveryEnv } from '../src/app/delivery/config';
import { composeDelivery } from '../src/compose';
import { createDataSource, migrate } from '../src/persistence/data-source';
import { createLogger } from '../src/platform/logger';
import { DEFAULT_RATE_LIMITS } from '../src/sandbox/rate-limits';
import { remoteSlack } from './bench-slack';
import { benchTenants } from './slack-tenants';
import { benchDatabase, sleep } from './support';

const QUICK = process.argv.includes('--quick');
const arg = process.argv.indexOf('--recipients');
const N = arg > 0 ? Number(process.argv[arg + 1]) : QUICK ? 100 : 1000;
/** The edit lane's default, when DELIVERY_UPDATES_PER_MINUTE is not set (revision-processor.ts). */
const DEFAULT_UPDATES_PER_MINUTE = 45;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const env = parseDeliveryEnv(process.env);
  const perMinute = env.updatesPerMinute ?? DEFAULT_UPDATES_PER_MINUTE;
  const db = await benchDatabase('changes');
  const ds = createDataSource({ url: db.url, poolSize: 10 });
  await ds.initialize();
  await migrate(ds);
  const logger = createLogger({ level: 'silent' });
  const sb = await remoteSlack();
  const t = await benchTenants(ds, sb, logger);
  const build = (options?: DeliveryOptions) => composeDelivery(t.services, options);
  const tenant = 'changes';
  const { teamId, linked } = await t.connectTenant(tenant, Math.ceil(N * 1.4) + 10, 42);
  if (linked < N) throw new Error(`only ${linked} linked members for ${N} recipients`);
  const recipients = Array.from({ length: N }, (_, i) => `u${i}`);
  const content = {
    id: 'evt-bench',
    title: 'Data 101',
    starts_at: '2026-12-08T15:00:00Z',
    location: 'Room 4',
  };

  // 1. Setup: send the N DMs quickly (pace and Slack's post limits lifted).
  await sb.setRateLimits({
    'chat.postMessage': { perMinute: 10_000_000, burst: 1_000_000 },
    'chat.postMessage#workspace': { perMinute: 10_000_000, burst: 1_000_000 },
  });
  const sender = build({ pace: { workspacePerMinute: 1_000_000, channelIntervalMs: 0 } });
  const accepted = await sender.notifications.accept(tenant, {
    idempotency_key: 'bench-changes',
    type: 'invite',
    recipient_user_ids: recipients,
    content,
  });
  const notificationId = (accepted.body as { notification_id: string }).notification_id;
  sender.worker.start();
  const setupEnd = Date.now() + 300_000;
  while (((await sender.queue.countByStatus(tenant)).sent ?? 0) < N && Date.now() < setupEnd)
    await sleep(200);
  await sender.worker.stop();
  const sent = (await sender.queue.countByStatus(tenant)).sent ?? 0;
  if (sent < N) throw new Error(`setup: only ${sent} of ${N} DMs sent`);
  console.log(`setup: ${N} DMs sent (not measured)`);

  // 2. Measured: Slack's own post limits again, the production edit lane, one move with notify.
  await sb.setRateLimits({
    'chat.postMessage': DEFAULT_RATE_LIMITS['chat.postMessage']!,
    'chat.postMessage#workspace': DEFAULT_RATE_LIMITS['chat.postMessage#workspace']!,
    'chat.update': DEFAULT_RATE_LIMITS['chat.update']!,
  });
  const delivery = build({ ...env, updatesPerMinute: perMinute });
  delivery.worker.start();
  delivery.revisionWorker.start();
  const start = Date.now();
  await delivery.changes.update(
    tenant,
    { notificationId },
    {
      changeKey: 'move',
      content: { ...content, starts_at: '2026-12-10T15:00:00Z', location: 'Room 7' },
      notify: true,
    },
  );
  const expectedS = N / (perMinute / 60);
  const deadline = start + expectedS * 3000 + 60_000;
  const states = async () => {
    const found = await delivery.changes.revisions(notificationId);
    const count: Record<string, number> = {};
    for (const d of found?.deliveries.values() ?? []) {
      const k = d.revisionStatus ?? 'none';
      count[k] = (count[k] ?? 0) + 1;
    }
    return count;
  };
  let last: Record<string, number> = {};
  let doneAt = Number.NaN;
  let nextLog = Date.now() + 60_000;
  while (Date.now() < deadline) {
    last = await states();
    if ((last.pending ?? 0) === 0) {
      doneAt = Date.now();
      break;
    }
    if (Date.now() > nextLog) {
      console.log(`  ${Math.round((Date.now() - start) / 1000)} s: ${JSON.stringify(last)}`);
      nextLog += 60_000;
    }
    await sleep(250);
  }
  await delivery.revisionWorker.stop();
  await delivery.worker.stop();
  const updates = await sb.calls({ method: 'chat.update', teamId, since: start });
  const ok = updates.filter((c) => c.ok).map((c) => c.at);
  const replies = (await sb.calls({ method: 'chat.postMessage', teamId, since: start })).filter((c) => c.ok);
  const measuredS = (doneAt - start) / 1000;
  const rate = ok.length < 2 ? 0 : ((ok.length - 1) * 60_000) / (ok.at(-1)! - ok[0]!);
  const result = {
    quick: QUICK,
    real_time: true,
    recipients: N,
    configured_updates_per_minute: perMinute,
    baseline_seconds: round(expectedS, 1),
    seconds_until_every_dm_edited: round(measuredS, 1),
    ratio: round(expectedS / measuredS),
    goal: 0.9,
    chat_update_per_minute: round(rate, 1),
    edits_ok: ok.length,
    thread_replies: replies.length,
    ratelimited_429: updates.filter((c) => c.status === 429).length,
    updated: last.updated ?? 0,
    failed: last.failed ?? 0,
    not_done: N - (last.updated ?? 0) - (last.failed ?? 0),
  };
  console.log(
    `a change to a ${N}-recipient notification: every DM edited after ${result.seconds_until_every_dm_edited} s vs ${result.baseline_seconds} s at the configured ${perMinute}/min, ratio ${result.ratio} (goal >= 0.9); chat.update at ${result.chat_update_per_minute}/min, ${result.thread_replies} thread replies, 429s ${result.ratelimited_429}, failed ${result.failed}, not done ${result.not_done}`,
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

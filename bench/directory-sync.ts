/**
 * Directory-sync pacing (issue 10): a real sync of a large sandbox workspace through
 * `DirectorySyncService` (src/app/directory-sync/directory-sync.ts), wired as src/main.ts wires it, on
 * PostgreSQL; bounded in time by running every clock S times faster.
 *
 *   npm run build && node dist/bench/directory-sync.js [--members N] [--scale S]
 *
 * - Slack is the sandbox in a process of its own (bench/sandbox-process.ts) with its default
 *   limits: users.list is Tier 2, 20 calls a minute per app per workspace, bucket of a minute's
 *   worth; time-scaled by S (default 0.05: 20/min becomes 400/min).
 * - The app's pace and backoff are scaled the same way (`listIntervalMs` = TIER2_INTERVAL_MS × S),
 *   pages of 200 (the app's default). `npm run bench` also runs the same scenario at real time
 *   (`--scale 1`) on a smaller workspace, printed beside the scaled one: a scaled clock once hid a
 *   6x slowdown in the delivery pacing (issue 15).
 * - Figures come from the sandbox's call log: users.list calls per minute between the first and the
 *   last call, scaled back to real time (× S) and divided by the tier's 20/min; 429s; members per
 *   second; the per-page time above the app's interval (the users.list round trip, which is not
 *   scaled) and from it the ratio at real time.
 * Uses DATABASE_URL (a schema of its own) when set, else an embedded PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Installation } from '@slack/oauth';
import { TIER2_INTERVAL_MS, TIER4_INTERVAL_MS } from '../src/app/directory-sync/directory-sync';
import { composeServices } from '../src/compose';
import { createDataSource, migrate } from '../src/persistence/data-source';
import { createLogger } from '../src/platform/logger';
import type { CallRecord } from '../src/sandbox/calls';
import { REQUIRED_BOT_SCOPES } from '../src/slack/scopes';
import { benchDatabase, startNodeServer } from './support';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MEMBERS = arg('members', 20_000);
const SCALE = arg('scale', 0.05);
const PAGE_SIZE = 200;
/** Slack's Tier 2 and the sandbox's users.list limit (src/sandbox/rate-limits.ts). */
const TIER2_PER_MINUTE = 20;
const GOALS = { ratioMax: 1.0, ratioMin: 0.8, ratelimited: 0 };
const TENANT = 'bench-sync';

async function control<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function main(): Promise<void> {
  const started = performance.now();
  const db = await benchDatabase('sync');
  const sandbox = await startNodeServer(join(__dirname, 'sandbox-process.js'), [String(SCALE)]);
  try {
    const sb = sandbox.ready as { url: string; apiUrl: string; authorizeUrl: string };
    const app = await control<{ clientId: string; clientSecret: string; appId: string }>(
      sb.url,
      'POST',
      '/apps',
      { redirectUris: ['http://127.0.0.1/slack/oauth_redirect'] },
    );
    const ws = await control<{ id: string; name: string; members: number }>(sb.url, 'POST', '/workspaces', {
      name: 'Sync bench',
      members: MEMBERS,
      seed: 20,
    });
    const issued = await control<{ accessToken: string; botUserId: string }>(sb.url, 'POST', '/installs', {
      teamId: ws.id,
      clientId: app.clientId,
      scopes: [...REQUIRED_BOT_SCOPES],
    });

    const dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    await migrate(dataSource);
    const logger = createLogger({ level: 'warn' });
    // The app's services (src/compose.ts), the directory sync paced as Slack's tiers, time-scaled.
    const listIntervalMs = TIER2_INTERVAL_MS * SCALE;
    const services = composeServices({
      dataSource,
      logger,
      secrets: {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        signingSecret: 'bench-slack-signing-secret',
        plusplusSigningSecret: 'bench-plusplus-signing-secret',
        tokenEncryptionKey: randomBytes(32),
      },
      publicUrl: 'http://127.0.0.1',
      slackApiUrl: sb.apiUrl,
      slackAuthorizeUrl: sb.authorizeUrl,
      notificationRetentionDays: 90,
      overrides: {
        pacing: {
          directoryListIntervalMs: listIntervalMs,
          directoryProfileIntervalMs: TIER4_INTERVAL_MS * SCALE,
          directoryPageSize: PAGE_SIZE,
          // Every interval of the app scales with the sandbox's clock (issue 15), its backoff too. A
          // 429's Retry-After is Slack's whole seconds and is not scaled: the goal is none, and one
          // would only make the scaled figure slower, never faster.
          directoryBackoffMs: (attempt) => 1000 * 2 ** attempt * SCALE,
        },
      },
    });
    const { installations, directorySync: sync } = services;
    await installations.storeInstallation({
      team: { id: ws.id, name: ws.name },
      enterprise: undefined,
      user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
      bot: {
        id: 'B0BOT',
        userId: issued.botUserId,
        token: issued.accessToken,
        scopes: [...REQUIRED_BOT_SCOPES],
      },
      appId: app.appId,
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
      metadata: JSON.stringify({ tenantId: TENANT, ticketId: '00000000-0000-0000-0000-000000000000' }),
    } as Installation<'v2', false>);

    const since = Date.now();
    const t0 = performance.now();
    const outcome = await sync.syncTeam(TENANT);
    const seconds = (performance.now() - t0) / 1000;
    if (outcome.outcome !== 'done') throw new Error(`sync ended ${JSON.stringify(outcome)}`);
    const [{ cached }] = await dataSource.query(
      'SELECT count(*)::int AS cached FROM slack_members WHERE team_id = $1',
      [ws.id],
    );
    await dataSource.destroy();

    const calls = await control<CallRecord[]>(
      sb.url,
      'GET',
      `/calls?method=users.list&team=${ws.id}&since=${since}`,
    );
    const ok = calls.filter((c) => c.ok);
    const ratelimited = calls.filter((c) => c.status === 429).length;
    const spanMs = ok.at(-1)!.at - ok[0]!.at;
    const periodMs = spanMs / Math.max(1, ok.length - 1);
    // Calls per minute of sandbox time, and the same at real time (the sandbox's minute is SCALE of one).
    const scaledPerMinute = (ok.length - 1) / (spanMs / 60_000);
    const realPerMinute = scaledPerMinute * SCALE;
    const ratio = realPerMinute / TIER2_PER_MINUTE;
    // The part of each page's period that time-scaling does not shrink: the users.list round trip.
    const overheadMs = Math.max(0, periodMs - listIntervalMs);
    const realRatio = TIER2_INTERVAL_MS / (TIER2_INTERVAL_MS + overheadMs);
    const realSeconds = (ok.length * (TIER2_INTERVAL_MS + overheadMs)) / 1000;
    const members = outcome.progress.members;
    const result = {
      bench: 'directory-sync',
      node: process.version,
      database: db.kind,
      workspaceMembers: ws.members,
      scale: SCALE,
      pageSize: PAGE_SIZE,
      tierPerMinute: TIER2_PER_MINUTE,
      appIntervalMs: TIER2_INTERVAL_MS,
      goals: GOALS,
      pages: outcome.progress.pages,
      members,
      cachedRows: cached as number,
      usersListCalls: calls.length,
      ratelimited_429: ratelimited,
      seconds: Number(seconds.toFixed(2)),
      callsPerMinuteScaled: Number(scaledPerMinute.toFixed(1)),
      callsPerMinute: Number(realPerMinute.toFixed(2)),
      ratio: Number(ratio.toFixed(3)),
      pageOverheadMs: Number(overheadMs.toFixed(1)),
      realTimeRatio: Number(realRatio.toFixed(3)),
      membersPerSecondScaled: Math.round(members / seconds),
      realTimeSeconds: Math.round(realSeconds),
      membersPerSecond: Number((members / realSeconds).toFixed(1)),
      /** This process's peak RSS so far: the sync (and its PostgreSQL client), not the sandbox. */
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      totalSeconds: 0,
    };
    result.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const met =
      ratio <= GOALS.ratioMax && ratio >= GOALS.ratioMin && ratelimited === GOALS.ratelimited
        ? 'met'
        : 'MISSED';
    console.log(
      `Directory sync: ${ws.members.toLocaleString('en')} members, ${result.pages} users.list pages of ` +
        `${PAGE_SIZE} in ${result.seconds} s at time scale ${SCALE} (${result.membersPerSecondScaled} members/s ` +
        `scaled; at real pace ≈ ${result.realTimeSeconds} s, ${result.membersPerSecond} members/s)`,
    );
    console.log(
      `users.list ${result.callsPerMinute}/min real time (${result.callsPerMinuteScaled}/min scaled) vs Tier 2 ` +
        `${TIER2_PER_MINUTE}/min: ratio ${result.ratio} (goal ${GOALS.ratioMin}–${GOALS.ratioMax}), ` +
        `429s ${ratelimited} (goal 0): ${met}; per-page round trip ${result.pageOverheadMs} ms → ratio at real ` +
        `time ${result.realTimeRatio}; ${result.cachedRows} members cached`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await sandbox.stop();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

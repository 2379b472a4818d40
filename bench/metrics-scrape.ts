/**
 * What a Prometheus scrape of `GET /metrics` costs the database (docs/operations.md): the
 * scrape-time gauges read the queue, the track channels, the directory syncs and the workspaces.
 *
 *   npm run build && DATABASE_URL=postgres://… node dist/bench/metrics-scrape.js [--finished N] [--backlog M]
 *
 * One schema with N finished deliveries (what retention keeps) and 50 workspaces' directory
 * syncs; scrapes timed with an empty queue (the usual case), then with M deliveries queued (a
 * backlog). The baseline, same run: `SELECT 1` through the same pool. Prints a table and one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { registerStoreGauges } from '../src/app/operations/metrics-gauges';
import { createDataSource, migrate } from '../src/persistence/data-source';
import { OperationalStatsRepository } from '../src/persistence/repositories/operational-stats';
import { createMetrics } from '../src/platform/metrics';
import { benchDatabase } from './support';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FINISHED = arg('finished', 1_000_000);
const BACKLOG = arg('backlog', 100_000);
const SCRAPES = 20;

async function timed(n: number, fn: () => Promise<unknown>): Promise<{ p50Ms: number; maxMs: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50Ms: round(ms[Math.floor(n / 2)]!), maxMs: round(ms[n - 1]!) };
}

async function main() {
  const db = await benchDatabase('metrics');
  const ds = createDataSource({ url: db.url, poolSize: 4 });
  await ds.initialize();
  try {
    await migrate(ds);
    await ds.query(`INSERT INTO tenants (id) VALUES ('acme')`);
    await ds.query(
      `INSERT INTO notifications (id, tenant_id, idempotency_key, request_hash, type, content, accepted_response)
       VALUES ('00000000-0000-0000-0000-000000000001', 'acme', 'k', 'h', 'invite', '{}', '{}')`,
    );
    await ds.query(
      `INSERT INTO deliveries (notification_id, tenant_id, user_id, position, status, run_at, created_at)
       SELECT '00000000-0000-0000-0000-000000000001', 'acme', 'u' || g, g, 'sent',
              now() - interval '1 day', now() - interval '1 day'
         FROM generate_series(1, $1::int) g`,
      [FINISHED],
    );
    await ds.query(
      `INSERT INTO slack_directory_syncs (team_id, sync_id, status, phase, pages, members, started_at, last_completed_at)
       SELECT 'T' || g, gen_random_uuid(), 'done', 'list', 10, 2000, now(), now() FROM generate_series(1, 50) g`,
    );
    await ds.query('VACUUM ANALYZE deliveries');
    const metrics = createMetrics({ defaultMetrics: false });
    registerStoreGauges(metrics, new OperationalStatsRepository(ds), { ttlMs: 0 });
    const scrape = () => metrics.registry.metrics();

    await timed(3, scrape); // warm the pool and the plans
    const baseline = await timed(SCRAPES, () => ds.query('SELECT 1'));
    const empty = await timed(SCRAPES, scrape);
    const stats = new OperationalStatsRepository(ds);
    const perQuery = {
      deliveryQueue: await timed(SCRAPES, () => stats.deliveryQueue()),
      trackChannels: await timed(SCRAPES, () => stats.trackChannels()),
      directorySyncs: await timed(SCRAPES, () => stats.directorySyncs()),
      workspaces: await timed(SCRAPES, () =>
        stats.workspaces({ requiredScopes: ['chat:write'], revokedBySlack: [] }),
      ),
    };
    await ds.query(
      `INSERT INTO deliveries (notification_id, tenant_id, user_id, position, status, run_at, created_at)
       SELECT '00000000-0000-0000-0000-000000000001', 'acme', 'q' || g, g, 'queued',
              now() - (g % 600) * interval '1 second', now() - interval '10 minutes'
         FROM generate_series(1, $1::int) g`,
      [BACKLOG],
    );
    await ds.query('ANALYZE deliveries');
    const backlog = await timed(SCRAPES, scrape);
    const text = await scrape();
    if (!text.includes(`plusplus_slack_delivery_queue_depth{status="queued"} ${BACKLOG}`)) {
      throw new Error('the scrape did not report the backlog');
    }
    const rows = [
      ['SELECT 1 (baseline)', baseline],
      [`scrape, queue empty, ${FINISHED} finished rows`, empty],
      [`scrape, ${BACKLOG} queued`, backlog],
    ] as const;
    for (const [name, r] of Object.entries(perQuery)) {
      process.stdout.write(
        `  empty queue: ${name.padEnd(34)} p50 ${String(r.p50Ms).padStart(7)} ms   max ${r.maxMs} ms\n`,
      );
    }
    for (const [name, r] of rows) {
      process.stdout.write(`${name.padEnd(48)} p50 ${String(r.p50Ms).padStart(7)} ms   max ${r.maxMs} ms\n`);
    }
    process.stdout.write(
      `${JSON.stringify({ bench: 'metrics-scrape', finished: FINISHED, backlog: BACKLOG, baseline, empty, perQuery, backlogScrape: backlog })}\n`,
    );
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

import { Counter, Gauge } from 'prom-client';
import type { OperationalStatsRepository } from '../../persistence/repositories/operational-stats';
import type { Metrics } from '../../platform/metrics';
import { REQUIRED_BOT_SCOPES } from '../../slack/scopes';
import { REVOKED_BY_SLACK } from '../connect/revocation';

/**
 * Gauges read from PostgreSQL when Prometheus scrapes (prom-client's async `collect`), not kept
 * in memory: the queue, the track channels and the directory syncs are shared by every process,
 * so the database is the only place that knows them, and a process that just started reports
 * them right away. Every process that registers these reports the same values (aggregate with
 * `max`, not `sum`). Each query runs at most once per `ttlMs` (one scrape), and a failing query
 * leaves its gauges as they were and counts `plusplus_slack_metrics_collect_errors_total`.
 */
export function registerStoreGauges(
  metrics: Metrics,
  stats: OperationalStatsRepository,
  o: { ttlMs?: number } = {},
): void {
  const ttlMs = o.ttlMs ?? 250;
  const registers = [metrics.registry];
  const queue = cached(() => stats.deliveryQueue(), ttlMs);
  const tracks = cached(() => stats.trackChannels(), ttlMs);
  const syncs = cached(() => stats.directorySyncs(), ttlMs);
  const workspaces = cached(
    () => stats.workspaces({ requiredScopes: REQUIRED_BOT_SCOPES, revokedBySlack: [...REVOKED_BY_SLACK] }),
    ttlMs,
  );
  const collectErrors = new Counter({
    registers: [],
    name: 'plusplus_slack_metrics_collect_errors_total',
    help: 'Scrape-time database queries behind the gauges that failed, by source',
    labelNames: ['source'],
    // Registered after the gauges' queries have started: waits for them, so a scrape reports its
    // own failures rather than the previous scrape's.
    async collect() {
      await Promise.allSettled([queue(), tracks(), syncs(), workspaces()]);
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  /** A gauge set from a query result at scrape time; on a failed query its values stay. */
  const gauge = <L extends string, T>(
    spec: { name: string; help: string; labelNames?: L[] },
    source: string,
    read: () => Promise<T>,
    set: (g: Gauge<L>, value: T) => void,
  ) =>
    new Gauge<L>({
      ...spec,
      labelNames: spec.labelNames ?? [],
      registers,
      async collect() {
        let value: T;
        try {
          value = await read();
        } catch {
          collectErrors.inc({ source });
          return;
        }
        this.reset();
        set(this, value);
      },
    });

  gauge(
    {
      name: 'plusplus_slack_delivery_queue_depth',
      help: 'Deliveries not finished yet, by status: queued (waiting, due now or later) and sending (claimed by a worker)',
      labelNames: ['status'],
    },
    'delivery_queue',
    queue,
    (g, s) => {
      g.set({ status: 'queued' }, s.depth.queued);
      g.set({ status: 'sending' }, s.depth.sending);
    },
  );
  gauge(
    {
      name: 'plusplus_slack_delivery_queue_oldest_due_age_seconds',
      help: 'How long the longest-overdue unfinished delivery has been due (0: none due): the backlog',
    },
    'delivery_queue',
    queue,
    (g, s) => g.set(s.oldestDueAgeSeconds),
  );
  gauge(
    {
      name: 'plusplus_slack_delivery_queue_oldest_waiting_age_seconds',
      help: 'Age of the oldest unfinished delivery since it was accepted, waits for Retry-After and pacing included (0: none)',
    },
    'delivery_queue',
    queue,
    (g, s) => g.set(s.oldestWaitingAgeSeconds),
  );
  gauge(
    {
      name: 'plusplus_slack_delivery_blocked_workspaces',
      help: 'Workspaces whose DMs are held right now, by reason (ratelimited: a 429 Retry-After; missing_scope: paused until reconnect)',
      labelNames: ['reason'],
    },
    'delivery_queue',
    queue,
    (g, s) => {
      g.set({ reason: 'ratelimited' }, 0);
      for (const [reason, n] of Object.entries(s.blockedTenants)) g.set({ reason }, n);
    },
  );
  gauge(
    {
      name: 'plusplus_slack_track_channels',
      help: 'Track channels by status (pending: work to do, active, failed, archived, cancelled)',
      labelNames: ['status'],
    },
    'track_channels',
    tracks,
    (g, s) => {
      for (const status of ['pending', 'active', 'failed', 'archived', 'cancelled']) g.set({ status }, 0);
      for (const [status, n] of Object.entries(s.byStatus)) g.set({ status }, n);
    },
  );
  gauge(
    {
      name: 'plusplus_slack_track_channel_jobs_due',
      help: 'Track channels with provisioning work due now (create, rename, invite, archive)',
    },
    'track_channels',
    tracks,
    (g, s) => g.set(s.due),
  );
  gauge(
    {
      name: 'plusplus_slack_track_channel_jobs_oldest_due_age_seconds',
      help: 'How long the longest-overdue track channel job has been due (0: none due)',
    },
    'track_channels',
    tracks,
    (g, s) => g.set(s.oldestDueAgeSeconds),
  );
  gauge(
    {
      name: 'plusplus_slack_directory_sync_status',
      help: 'The state of each workspace directory sync (1 for the current one of running, done, failed)',
      labelNames: ['team', 'status'],
    },
    'directory_syncs',
    syncs,
    (g, rows) => {
      for (const r of rows) g.set({ team: r.teamId, status: r.status }, 1);
    },
  );
  gauge(
    {
      name: 'plusplus_slack_directory_sync_members',
      help: 'Members the current (or last) directory sync of a workspace has stored so far',
      labelNames: ['team'],
    },
    'directory_syncs',
    syncs,
    (g, rows) => {
      for (const r of rows) g.set({ team: r.teamId }, r.members);
    },
  );
  gauge(
    {
      name: 'plusplus_slack_directory_sync_pages',
      help: 'users.list pages the current (or last) directory sync of a workspace has stored so far',
      labelNames: ['team'],
    },
    'directory_syncs',
    syncs,
    (g, rows) => {
      for (const r of rows) g.set({ team: r.teamId }, r.pages);
    },
  );
  gauge(
    {
      name: 'plusplus_slack_directory_sync_last_success_timestamp_seconds',
      help: 'Unix time of the last completed directory sync of a workspace (absent: none completed yet)',
      labelNames: ['team'],
    },
    'directory_syncs',
    syncs,
    (g, rows) => {
      for (const r of rows) if (r.lastCompletedAt !== null) g.set({ team: r.teamId }, r.lastCompletedAt);
    },
  );
  gauge(
    {
      name: 'plusplus_slack_workspaces_connected',
      help: 'Tenants with a working Slack installation',
    },
    'workspaces',
    workspaces,
    (g, s) => g.set(s.connected),
  );
  gauge(
    {
      name: 'plusplus_slack_workspace_reconnect_required',
      help: 'Tenants whose admin must Connect again (1 per tenant), by reason: revoked (Slack refused the token) or missing_scope',
      labelNames: ['tenant', 'reason'],
    },
    'workspaces',
    workspaces,
    (g, s) => {
      for (const r of s.reconnectRequired) g.set({ tenant: r.tenantId, reason: r.reason }, 1);
    },
  );
  metrics.registry.registerMetric(collectErrors);
}

/** `fn`'s promise, shared by every caller within `ttlMs` (the gauges of one scrape). */
function cached<T>(fn: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let at = 0;
  let value: Promise<T> | undefined;
  return () => {
    const now = Date.now();
    if (!value || now - at > ttlMs) {
      at = now;
      value = fn();
      // A failure is not kept: the next scrape asks again.
      value.catch(() => {
        value = undefined;
      });
    }
    return value;
  };
}

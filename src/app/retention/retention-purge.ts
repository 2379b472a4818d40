import {
  type RetentionStore,
  WORKSPACE_TABLES,
  type WorkspaceTable,
} from '../../persistence/repositories/retention-repository';
import type { BackgroundTasks } from '../../platform/background';
import type { Logger } from '../../platform/logger';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Expired OAuth states and Connect tickets are deleted this long after they expired. */
export const STATE_TICKET_GRACE_MS = DAY_MS;

export interface RetentionOptions {
  /** The batch deletes (src/persistence/repositories/retention-repository.ts). */
  repository: RetentionStore;
  logger: Logger;
  /** Where each run goes, so a graceful stop waits for the one in progress. */
  background: BackgroundTasks;
  /** NOTIFICATION_RETENTION_DAYS. */
  notificationRetentionDays: number;
  /** Between runs (default 1 h, ±10 % so processes that started together spread out). */
  intervalMs?: number;
  /** Before the first run after start (default 5 min). */
  initialDelayMs?: number;
  /** Rows per DELETE statement (default 1000). */
  batchSize?: number;
  /** Statements per kind of row per run (default 50): what is left waits for the next run. */
  maxBatches?: number;
}

export type PurgeKind =
  | 'slack_oauth_states'
  | 'slack_connect_tickets'
  | 'deliveries'
  | 'notifications'
  | WorkspaceTable;

export interface PurgeResult {
  deleted: Record<PurgeKind, number>;
  /** False when a kind reached `maxBatches`: more is left for the next run. */
  complete: boolean;
}

/**
 * The periodic purge (docs/admin-guide.md §10, docs/decisions.md "Retention"). Every app process
 * runs it; each DELETE takes a bounded batch of rows it can lock and skips rows another process
 * has locked, so processes sharing a database split the work and never wait for each other. A run
 * deletes:
 * - OAuth states and Connect tickets that expired more than a day ago (except each tenant's most
 *   recently used ticket, which tells whether a Connect still waits for a Slack admin's approval);
 * - notifications accepted more than `notificationRetentionDays` ago, with their deliveries, once
 *   none of their deliveries is still queued or sending (deliveries first, then the notifications,
 *   so no statement cascades beyond its batch);
 * - the member-list copy, sync state and welcome markers of workspaces without an active
 *   installation. Revocations and disconnects delete these at once and writes need an active
 *   installation; this is a safety net, e.g. for copies kept from before that was so.
 */
export class RetentionPurge {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private inFlight = false;

  private readonly repo: RetentionStore;

  constructor(private readonly o: RetentionOptions) {
    this.repo = o.repository;
  }

  /** Schedules the runs; idempotent. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.schedule(this.o.initialDelayMs ?? 5 * 60 * 1000);
  }

  /** No more runs; a run in progress stops after its current batch (BackgroundTasks.drain waits). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  private tick(): void {
    const interval = this.o.intervalMs ?? 60 * 60 * 1000;
    this.schedule(Math.round(interval * (0.9 + 0.2 * Math.random())));
    if (this.inFlight) return; // the previous run is still going: skip this one
    this.inFlight = true;
    this.o.background.run('retention purge', () =>
      this.runOnce()
        .catch((error) => this.o.logger.error({ err: error }, 'retention purge failed'))
        .finally(() => {
          this.inFlight = false;
        }),
    );
  }

  /** One run over every kind of row; safe to call at any time, from any number of processes. */
  async runOnce(): Promise<PurgeResult> {
    const limit = this.o.batchSize ?? 1000;
    const maxBatches = this.o.maxBatches ?? 50;
    const days = this.o.notificationRetentionDays;
    const deleted = {} as Record<PurgeKind, number>;
    let complete = true;
    const batches = async (kind: PurgeKind, batch: () => Promise<number>) => {
      deleted[kind] = 0;
      for (let i = 0; i < maxBatches; i++) {
        // Stopping: leave the rest to the next start rather than hold up the shutdown.
        if (this.stopped) {
          complete = false;
          return;
        }
        const n = await batch();
        deleted[kind] += n;
        if (n < limit) return;
      }
      complete = false;
    };
    await batches('slack_oauth_states', () => this.repo.purgeOAuthStates(STATE_TICKET_GRACE_MS, limit));
    await batches('slack_connect_tickets', () => this.repo.purgeConnectTickets(STATE_TICKET_GRACE_MS, limit));
    await batches('deliveries', () => this.repo.purgeDeliveries(days, limit));
    await batches('notifications', () => this.repo.purgeNotifications(days, limit));
    for (const table of WORKSPACE_TABLES) {
      const teams = this.stopped ? [] : await this.repo.orphanWorkspaces(table);
      await batches(table, () => this.repo.purgeWorkspaceRows(table, teams, limit));
    }
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (total > 0 || !complete) {
      this.o.logger.info({ deleted, complete, notificationRetentionDays: days }, 'retention purge');
    } else {
      this.o.logger.debug('retention purge: nothing to delete');
    }
    return { deleted, complete };
  }
}

import type { DataSource } from 'typeorm';

/**
 * The read-only queries behind the scrape-time gauges (src/app/operations/metrics-gauges.ts), one named query per
 * question. Each reads only the rows that still have work or one row per workspace, through the
 * partial indexes the queues already have, so a scrape costs little however many finished
 * deliveries the table keeps.
 */

export interface DeliveryQueueStats {
  /** Rows per unfinished status (`queued`, `sending`); missing statuses are 0. */
  depth: Record<'queued' | 'sending', number>;
  /** How long the longest-overdue row has been due (0: nothing due). */
  oldestDueAgeSeconds: number;
  /**
   * Age of the oldest unfinished row since it was accepted, or, for a row held for a send window
   * (issue 21), since its window opened: a DM waiting for tomorrow's 09:00 is not late (0: none).
   */
  oldestWaitingAgeSeconds: number;
  /** Workspaces whose posts are held now (a 429's Retry-After, a missing scope), by reason. */
  blockedTenants: Record<string, number>;
}

export interface TrackChannelStats {
  /** Track channels per status (`pending`, `active`, `failed`, `archived`). */
  byStatus: Record<string, number>;
  /** Channels with a job due now, and how long the longest-overdue has waited. */
  due: number;
  oldestDueAgeSeconds: number;
}

export interface DirectorySyncRow {
  teamId: string;
  /** `running`, `done` or `failed` (the last run). */
  status: string;
  phase: string;
  pages: number;
  members: number;
  /** Unix seconds of the last completed sync, or null if none completed yet. */
  lastCompletedAt: number | null;
}

export interface WorkspaceStats {
  /** Tenants whose current installation works. */
  connected: number;
  /** Tenants that must Connect again, by why: `revoked` by Slack, or `missing_scope`. */
  reconnectRequired: Array<{ tenantId: string; reason: 'revoked' | 'missing_scope' }>;
}

export class OperationalStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async deliveryQueue(): Promise<DeliveryQueueStats> {
    const [rows, blocked] = await Promise.all([
      this.dataSource.query(
        `SELECT status, count(*)::int AS n,
                coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())), 0)::float8 AS due_age,
                coalesce(extract(epoch FROM now() - min(coalesce(scheduled_for, created_at))
                         FILTER (WHERE coalesce(scheduled_for, created_at) <= now())), 0)::float8 AS waiting_age
           FROM deliveries WHERE status IN ('queued', 'sending') GROUP BY status`,
      ) as Promise<Array<{ status: 'queued' | 'sending'; n: number; due_age: number; waiting_age: number }>>,
      this.dataSource.query(
        `SELECT coalesce(blocked_reason, 'unknown') AS reason, count(*)::int AS n
           FROM delivery_pacing WHERE blocked_until > now() GROUP BY 1`,
      ) as Promise<Array<{ reason: string; n: number }>>,
    ]);
    const depth = { queued: 0, sending: 0 };
    let oldestDue = 0;
    let oldestWaiting = 0;
    for (const r of rows) {
      depth[r.status] = r.n;
      oldestDue = Math.max(oldestDue, r.due_age);
      oldestWaiting = Math.max(oldestWaiting, r.waiting_age);
    }
    return {
      depth,
      oldestDueAgeSeconds: oldestDue,
      oldestWaitingAgeSeconds: oldestWaiting,
      blockedTenants: Object.fromEntries(blocked.map((b) => [b.reason, b.n])),
    };
  }

  async trackChannels(): Promise<TrackChannelStats> {
    const [byStatus, due] = await Promise.all([
      this.dataSource.query(
        'SELECT status, count(*)::int AS n FROM track_channels GROUP BY status',
      ) as Promise<Array<{ status: string; n: number }>>,
      this.dataSource.query(
        `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(run_at)), 0)::float8 AS age
           FROM track_channels WHERE run_at IS NOT NULL AND run_at <= now()`,
      ) as Promise<Array<{ n: number; age: number }>>,
    ]);
    return {
      byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
      due: due[0]?.n ?? 0,
      oldestDueAgeSeconds: due[0]?.age ?? 0,
    };
  }

  /** One row per workspace the app keeps a directory for (removed with the workspace's data). */
  async directorySyncs(): Promise<DirectorySyncRow[]> {
    const rows: Array<{
      team_id: string;
      status: string;
      phase: string;
      pages: number;
      members: number;
      last_completed: number | null;
    }> = await this.dataSource.query(
      `SELECT team_id, status, phase, pages, members,
              extract(epoch FROM last_completed_at)::float8 AS last_completed
         FROM slack_directory_syncs ORDER BY team_id`,
    );
    return rows.map((r) => ({
      teamId: r.team_id,
      status: r.status,
      phase: r.phase,
      pages: r.pages,
      members: r.members,
      lastCompletedAt: r.last_completed,
    }));
  }

  /**
   * Each tenant's current installation (the active one, else the latest revoked), as GET /slack
   * judges it, without calling Slack: connected, or reconnect required because Slack revoked it or
   * a required scope is missing. A token that no longer decrypts is not visible from SQL.
   */
  async workspaces(o: {
    requiredScopes: readonly string[];
    /** `revoked_reason`s that mean Slack revoked the token (an admin must Connect again). */
    revokedBySlack: readonly string[];
  }): Promise<WorkspaceStats> {
    const rows: Array<{ tenant_id: string; state: 'connected' | 'revoked' | 'missing_scope' | 'gone' }> =
      await this.dataSource.query(
        `SELECT tenant_id,
                CASE WHEN revoked_at IS NOT NULL
                       THEN CASE WHEN revoked_reason = ANY($2::text[]) THEN 'revoked' ELSE 'gone' END
                     WHEN NOT (granted_scopes ?& $1::text[]) THEN 'missing_scope'
                     ELSE 'connected' END AS state
           FROM (SELECT DISTINCT ON (tenant_id) tenant_id, revoked_at, revoked_reason, granted_scopes
                   FROM slack_installations
                  ORDER BY tenant_id, revoked_at IS NULL DESC, revoked_at DESC) current`,
        [o.requiredScopes, o.revokedBySlack],
      );
    const reconnectRequired: WorkspaceStats['reconnectRequired'] = [];
    let connected = 0;
    for (const r of rows) {
      if (r.state === 'revoked' || r.state === 'missing_scope') {
        reconnectRequired.push({ tenantId: r.tenant_id, reason: r.state });
        // A missing scope still sends what it can: the installation counts as connected too.
        if (r.state === 'missing_scope') connected += 1;
      } else if (r.state === 'connected') connected += 1;
    }
    return { connected, reconnectRequired };
  }
}

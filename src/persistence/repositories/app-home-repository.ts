import type { DataSource } from 'typeorm';

/** One `failed` delivery of a tenant, as the admin's App Home lists it (docs/delivery.md). */
export interface RecentFailure {
  userId: string;
  /** The Slack member, when the delivery got as far as resolving one. */
  slackUserId: string | null;
  /** Notification type. */
  type: string;
  /** Slack's error code, or ours (`retries_exhausted` …). */
  reason: string | null;
  at: Date;
}

/**
 * What App Home reads and writes besides users, tenants and templates: the one-time welcome
 * markers (`slack_welcomes`) and the tenant's recent delivery failures. HomeService depends on
 * this interface; {@link PostgresAppHomeRepository} is the one implementation.
 */
export interface AppHomeRepository {
  /**
   * Claims the one-time welcome of a Slack member: true only for the call whose insert created the
   * row, and only while the workspace has an active installation.
   */
  claimWelcome(teamId: string, slackUserId: string): Promise<boolean>;
  /** Gives a claimed welcome back (the DM could not be sent), so the next visit tries again. */
  releaseWelcome(teamId: string, slackUserId: string): Promise<void>;
  /** The tenant's last `limit` failed deliveries, newest first. */
  recentFailures(tenantId: string, limit: number): Promise<RecentFailure[]>;
}

export class PostgresAppHomeRepository implements AppHomeRepository {
  constructor(private readonly db: DataSource) {}

  async claimWelcome(teamId: string, slackUserId: string): Promise<boolean> {
    // Only for a connected workspace, whose installation row is locked until the insert commits:
    // an uninstall deletes the markers with the rest of the workspace's data (docs/admin-guide.md
    // §10), and a visit racing it must not write one back.
    const rows: unknown[] = await this.db.query(
      `WITH active AS (SELECT tenant_id FROM slack_installations
                        WHERE team_id = $1 AND revoked_at IS NULL FOR SHARE)
       INSERT INTO slack_welcomes (team_id, user_id, tenant_id) SELECT $1, $2, tenant_id FROM active
       ON CONFLICT (team_id, user_id) DO NOTHING RETURNING user_id`,
      [teamId, slackUserId],
    );
    return rows.length === 1;
  }

  async releaseWelcome(teamId: string, slackUserId: string): Promise<void> {
    await this.db.query(`DELETE FROM slack_welcomes WHERE team_id = $1 AND user_id = $2`, [
      teamId,
      slackUserId,
    ]);
  }

  /** Served by `deliveries_tenant_status_idx`. */
  async recentFailures(tenantId: string, limit: number): Promise<RecentFailure[]> {
    const rows: Array<{
      user_id: string;
      slack_user_id: string | null;
      type: string;
      reason: string | null;
      at: Date;
    }> = await this.db.query(
      `SELECT d.user_id, d.slack_user_id, n.type, d.reason, d.updated_at AS at
         FROM deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.tenant_id = $1 AND d.status = 'failed'
        ORDER BY d.updated_at DESC, d.id DESC
        LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      slackUserId: r.slack_user_id,
      type: r.type,
      reason: r.reason,
      at: new Date(r.at),
    }));
  }
}

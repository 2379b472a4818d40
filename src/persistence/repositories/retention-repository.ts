import type { DataSource } from 'typeorm';
import type { Queryable } from './postgres-slack-directory';

/**
 * What the app keeps and for how long (docs/admin-guide.md §10, docs/decisions.md "Retention").
 * Two kinds of deletion live here:
 *
 * - **Workspace data**: the app's copy of a Slack workspace's member list (`slack_members`, custom
 *   fields included), the state of its sync (`slack_directory_syncs`, the users.list cursor) and
 *   the welcome markers (`slack_welcomes`). They exist only while the workspace has an active
 *   installation: {@link forgetWorkspaceData} runs in the same transaction as every revocation and
 *   disconnect, and the directory repository refuses to write a workspace without one.
 * - **Retention**: batch deletes the periodic purge (src/app/retention/retention-purge.ts) runs. Each statement deletes
 *   at most `limit` rows it could lock (`FOR UPDATE SKIP LOCKED`), so any number of app processes
 *   may purge one database at the same time without waiting for or repeating each other's work.
 */

/** The tables keyed by a Slack workspace (`team_id` leads their primary keys). */
export const WORKSPACE_TABLES = ['slack_members', 'slack_directory_syncs', 'slack_welcomes'] as const;
export type WorkspaceTable = (typeof WORKSPACE_TABLES)[number];

const KEY_COLUMNS: Record<WorkspaceTable, string> = {
  slack_members: 'team_id, user_id',
  slack_directory_syncs: 'team_id',
  slack_welcomes: 'team_id, user_id',
};

/** No installation of the workspace `alias.team_id` is active. */
const NO_ACTIVE_INSTALLATION = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM slack_installations i WHERE i.team_id = ${alias}.team_id AND i.revoked_at IS NULL)`;

export type WorkspaceDataCounts = Record<WorkspaceTable, number>;

/**
 * Deletes the member-list copy, sync state and welcome markers of those of `teamIds` that have no
 * active installation (another tenant may have connected the workspace since: then they stay).
 * Run it in the transaction that revoked or deleted the installation.
 */
export async function forgetWorkspaceData(
  db: Queryable,
  teamIds: readonly string[],
): Promise<WorkspaceDataCounts> {
  const counts: WorkspaceDataCounts = { slack_members: 0, slack_directory_syncs: 0, slack_welcomes: 0 };
  const teams = [...new Set(teamIds)];
  if (teams.length === 0) return counts;
  const [row] = await db.query(
    `WITH gone AS (
       SELECT g.team_id FROM unnest($1::text[]) AS g(team_id) WHERE ${NO_ACTIVE_INSTALLATION('g')}),
     m AS (DELETE FROM slack_members WHERE team_id IN (SELECT team_id FROM gone) RETURNING 1),
     s AS (DELETE FROM slack_directory_syncs WHERE team_id IN (SELECT team_id FROM gone) RETURNING 1),
     w AS (DELETE FROM slack_welcomes WHERE team_id IN (SELECT team_id FROM gone) RETURNING 1)
     SELECT (SELECT count(*) FROM m)::int AS slack_members,
            (SELECT count(*) FROM s)::int AS slack_directory_syncs,
            (SELECT count(*) FROM w)::int AS slack_welcomes`,
    [teams],
  );
  return { ...counts, ...row };
}

/** Rows a DELETE reported (TypeORM's postgres driver answers `[rows, affected]`). */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** The deletes the periodic purge runs; RetentionRepository is the one implementation. */
export interface RetentionStore {
  purgeOAuthStates(graceMs: number, limit: number): Promise<number>;
  purgeConnectTickets(graceMs: number, limit: number): Promise<number>;
  purgeDeliveries(days: number, limit: number): Promise<number>;
  purgeNotifications(days: number, limit: number): Promise<number>;
  orphanWorkspaces(table: WorkspaceTable): Promise<string[]>;
  purgeWorkspaceRows(table: WorkspaceTable, teamIds: readonly string[], limit: number): Promise<number>;
}

export class RetentionRepository implements RetentionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** OAuth states (valid 10 minutes) that expired more than `graceMs` ago. */
  async purgeOAuthStates(graceMs: number, limit: number): Promise<number> {
    return affected(
      await this.dataSource.query(
        `DELETE FROM slack_oauth_states WHERE state IN (
           SELECT state FROM slack_oauth_states
            WHERE expires_at < now() - make_interval(secs => $1::double precision / 1000)
            LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [graceMs, limit],
      ),
    );
  }

  /**
   * Connect tickets (valid 24 h) that expired more than `graceMs` ago, used or not, except each
   * tenant's most recently used one: `GET /slack` reads it to tell whether a Connect is still
   * waiting for a Slack admin's approval (`pending_connect`), which can take longer than a day.
   */
  async purgeConnectTickets(graceMs: number, limit: number): Promise<number> {
    return affected(
      await this.dataSource.query(
        `DELETE FROM slack_connect_tickets WHERE id IN (
           SELECT t.id FROM slack_connect_tickets t
            WHERE t.expires_at < now() - make_interval(secs => $1::double precision / 1000)
              AND (t.used_at IS NULL OR EXISTS (
                SELECT 1 FROM slack_connect_tickets n
                 WHERE n.tenant_id = t.tenant_id AND n.used_at > t.used_at))
            LIMIT $2 FOR UPDATE OF t SKIP LOCKED)`,
        [graceMs, limit],
      ),
    );
  }

  /**
   * Deliveries of notifications accepted more than `days` days ago, once none of that
   * notification's deliveries is still `queued` or `sending` (delivery statuses only ever move
   * from those two to a final one, so a notification that qualifies stays qualified), and none has
   * an edit pending (issue 20; a late change to an old notification holds its purge until the edit
   * is done).
   */
  async purgeDeliveries(days: number, limit: number): Promise<number> {
    return affected(
      await this.dataSource.query(
        `DELETE FROM deliveries WHERE id IN (
           SELECT d.id FROM notifications n JOIN deliveries d ON d.notification_id = n.id
            WHERE n.created_at < now() - make_interval(days => $1::int)
              AND NOT EXISTS (SELECT 1 FROM deliveries q
                               WHERE q.notification_id = n.id
                                 AND (q.status IN ('queued', 'sending') OR q.revision_status = 'pending'))
            LIMIT $2 FOR UPDATE OF d SKIP LOCKED)`,
        [days, limit],
      ),
    );
  }

  /**
   * Notifications accepted more than `days` days ago whose deliveries are all gone (the step
   * above), so the cascade to `deliveries` never deletes more than the batch said. Their
   * idempotency keys are forgotten with them.
   */
  async purgeNotifications(days: number, limit: number): Promise<number> {
    return affected(
      await this.dataSource.query(
        `DELETE FROM notifications WHERE id IN (
           SELECT n.id FROM notifications n
            WHERE n.created_at < now() - make_interval(days => $1::int)
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id)
            LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [days, limit],
      ),
    );
  }

  /**
   * Workspaces that still have rows in `table` but no active installation (a safety net: data
   * left from before this clean-up existed, or written by code that forgot the guard). One index probe per workspace
   * (a "loose index scan" over the primary key), not a scan of the table.
   */
  async orphanWorkspaces(table: WorkspaceTable): Promise<string[]> {
    const rows: { team_id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE t(team_id) AS (
         (SELECT team_id FROM ${table} ORDER BY team_id LIMIT 1)
         UNION ALL
         SELECT (SELECT x.team_id FROM ${table} x WHERE x.team_id > t.team_id ORDER BY x.team_id LIMIT 1)
           FROM t WHERE t.team_id IS NOT NULL)
       SELECT t.team_id FROM t WHERE t.team_id IS NOT NULL AND ${NO_ACTIVE_INSTALLATION('t')}`,
    );
    return rows.map((r) => r.team_id);
  }

  /** Deletes up to `limit` rows of `table` belonging to `teamIds`, if they have no active installation. */
  async purgeWorkspaceRows(
    table: WorkspaceTable,
    teamIds: readonly string[],
    limit: number,
  ): Promise<number> {
    if (teamIds.length === 0) return 0;
    const key = KEY_COLUMNS[table];
    return affected(
      await this.dataSource.query(
        `DELETE FROM ${table} WHERE (${key}) IN (
           SELECT ${key} FROM ${table} x
            WHERE x.team_id = ANY($1::text[]) AND ${NO_ACTIVE_INSTALLATION('x')}
            LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [teamIds, limit],
      ),
    );
  }
}

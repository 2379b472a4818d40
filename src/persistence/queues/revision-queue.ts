import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NotificationContent, NotificationType } from '../../domain/templates/types';

/**
 * The edit lane of the delivery queue (issue 20, docs/delivery.md "Changes and cancellations"):
 * sent DMs whose notification changed since, to be edited with `chat.update`. Same table, same
 * habits as the post lane (delivery-queue.ts): a row is due when `revision_status = 'pending'` and
 * `revision_run_at` has passed; a claim sets a lease and moves `revision_run_at` to its end, so a
 * crashed worker's edits come due again; every operation after the claim names its lease. Pacing
 * is the post lane's (`DeliveryQueue.reserveSlot`/`block` with the method `chat.update`).
 */

export const CHAT_UPDATE = 'chat.update';

/** A sent DM to edit, with what its edit needs. */
export interface ClaimedRevision {
  id: string;
  notificationId: string;
  tenantId: string;
  userId: string;
  lease: string;
  /** Edit attempts, this one included. */
  attempts: number;
  slackUserId: string | null;
  channel: string;
  ts: string;
  /**
   * Sent in a digest (issue 21): the DM lists other notifications too, so it is not rewritten;
   * the new version goes into its thread instead.
   */
  digest?: boolean;
  /** The revision the DM shows now, and its content and data. */
  shownRevision: number;
  shownContent: NotificationContent | null;
  shownData: Record<string, unknown> | null;
  /** The notification now: the revision to show, its content and data, cancelled or not. */
  revision: number;
  type: NotificationType;
  content: NotificationContent;
  data: Record<string, unknown> | null;
  cancelled: boolean;
  cancelReason: string | null;
  /** Whether a change since the shown revision asked to notify (a thread reply). */
  notify: boolean;
  recipientName: string | null;
  /** False when the recipient muted Slack notifications: the DM is edited, nobody is pinged. */
  recipientReceives: boolean;
}

const ms = (param: string) => `(${param}::float8 * interval '1 millisecond')`;

export class RevisionQueue {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Due edits, oldest first, at most `perTenant` of one tenant (a workspace edits at Tier 3's pace,
   * so a big change in one workspace does not fill every claim while its rows wait for their
   * slots), skipping rows another worker holds.
   */
  async claim(limit: number, leaseMs: number, perTenant = 2): Promise<ClaimedRevision[]> {
    const lease = randomUUID();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `WITH due AS (
         SELECT id, revision_run_at,
                row_number() OVER (PARTITION BY tenant_id ORDER BY revision_run_at, id) AS n
           FROM deliveries
          WHERE revision_status = 'pending' AND revision_run_at <= now()
       ), next AS (
         SELECT d.id FROM due JOIN deliveries d ON d.id = due.id
          WHERE due.n <= $4 AND d.revision_status = 'pending' AND d.revision_run_at <= now()
          ORDER BY due.revision_run_at, d.id LIMIT $1 FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE deliveries d
            SET revision_lease = $2, revision_attempts = d.revision_attempts + 1,
                revision_run_at = now() + ${ms('$3')}
           FROM next WHERE d.id = next.id
         RETURNING d.id, d.notification_id, d.tenant_id, d.user_id, d.revision_lease, d.revision_attempts,
                   d.slack_user_id, d.channel, d.ts, d.revision, d.digest
       )
       SELECT c.*, n.type, n.content, n.data, n.revision AS target, n.cancelled_at IS NOT NULL AS cancelled,
              n.cancel_reason, shown.content AS shown_content, shown.data AS shown_data,
              (SELECT coalesce(bool_or(r.notify), false) FROM notification_revisions r
                WHERE r.notification_id = c.notification_id AND r.revision > c.revision
                  AND r.revision <= n.revision) AS notify,
              u.record->>'name' AS recipient_name, coalesce(u.receive_slack_notifications, true) AS receives
         FROM claimed c JOIN notifications n ON n.id = c.notification_id
         LEFT JOIN notification_revisions shown
                ON shown.notification_id = c.notification_id AND shown.revision = c.revision
         LEFT JOIN plusplus_users u ON u.tenant_id = c.tenant_id AND u.user_id = c.user_id
        ORDER BY c.id`,
      [limit, lease, leaseMs, perTenant],
    );
    return rows.map((r) => ({
      id: String(r.id),
      notificationId: r.notification_id as string,
      tenantId: r.tenant_id as string,
      userId: r.user_id as string,
      lease: r.revision_lease as string,
      attempts: r.revision_attempts as number,
      slackUserId: (r.slack_user_id as string | null) ?? null,
      channel: r.channel as string,
      ts: r.ts as string,
      digest: r.digest === true,
      shownRevision: r.revision as number,
      shownContent: (r.shown_content as NotificationContent | null) ?? null,
      shownData: (r.shown_data as Record<string, unknown> | null) ?? null,
      revision: r.target as number,
      type: r.type as NotificationType,
      content: r.content as NotificationContent,
      data: (r.data as Record<string, unknown> | null) ?? null,
      cancelled: r.cancelled as boolean,
      cancelReason: (r.cancel_reason as string | null) ?? null,
      notify: r.notify as boolean,
      recipientName: typeof r.recipient_name === 'string' ? r.recipient_name : null,
      recipientReceives: r.receives as boolean,
    }));
  }

  /**
   * The DM now shows `r.revision`. Under `FOR KEY SHARE` on the notification (a change holds
   * `FOR UPDATE` on it while it writes): a change that committed meanwhile is seen here, and the row
   * is pending again for it; one that commits later sees this row as showing `r.revision`.
   */
  async updated(r: ClaimedRevision): Promise<boolean> {
    return this.affected(
      `WITH n AS (SELECT revision FROM notifications WHERE id = $3 FOR KEY SHARE)
       UPDATE deliveries d
          SET revision = $4, revision_lease = NULL, revision_reason = NULL, revision_at = now(),
              revision_status = CASE WHEN n.revision > $4 THEN 'pending' ELSE 'updated' END,
              revision_run_at = CASE WHEN n.revision > $4 THEN now() END,
              revision_attempts = 0
         FROM n WHERE d.id = $1 AND d.revision_lease = $2`,
      [r.id, r.lease, r.notificationId, r.revision],
    );
  }

  /**
   * The edit failed for good (Slack's code, `not_connected`, `retries_exhausted`). A change that
   * committed meanwhile makes it pending again: the next edit may succeed.
   */
  async failed(r: ClaimedRevision, code: string): Promise<boolean> {
    return this.affected(
      `WITH n AS (SELECT revision FROM notifications WHERE id = $3 FOR KEY SHARE)
       UPDATE deliveries d
          SET revision_lease = NULL, revision_at = now(),
              revision_status = CASE WHEN n.revision > $4 THEN 'pending' ELSE 'failed' END,
              revision_reason = CASE WHEN n.revision > $4 THEN NULL ELSE $5 END,
              revision_run_at = CASE WHEN n.revision > $4 THEN now() END,
              revision_attempts = 0
         FROM n WHERE d.id = $1 AND d.revision_lease = $2`,
      [r.id, r.lease, r.notificationId, r.revision, code],
    );
  }

  /** Back to pending, due after `delayMs`; `countAttempt: false` for waits (429, pacing). */
  async reschedule(r: ClaimedRevision, delayMs: number, countAttempt: boolean): Promise<boolean> {
    return this.affected(
      `UPDATE deliveries
          SET revision_lease = NULL, revision_run_at = now() + ${ms('$3')},
              revision_attempts = revision_attempts - CASE WHEN $4 THEN 0 ELSE 1 END
        WHERE id = $1 AND revision_lease = $2`,
      [r.id, r.lease, Math.max(0, Math.round(delayMs)), countAttempt],
    );
  }

  /** The installation is gone: every edit of the tenant still waiting fails with `reason`. */
  async failWaiting(tenantId: string, reason: string): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE deliveries
          SET revision_status = 'failed', revision_reason = $2, revision_at = now(), revision_run_at = NULL
        WHERE tenant_id = $1 AND revision_status = 'pending' AND revision_lease IS NULL`,
      [tenantId, reason],
    )) as [unknown, number];
    return count;
  }

  private async affected(sql: string, params: unknown[]): Promise<boolean> {
    const [, count] = (await this.dataSource.query(sql, params)) as [unknown, number];
    return count > 0;
  }
}

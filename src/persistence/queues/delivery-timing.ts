import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { NotificationContent, NotificationType } from '../../domain/templates/types';
import type { ClaimedDelivery, SettleObserver } from './delivery-queue';

/**
 * The delivery queue's timing operations (issue 21, docs/delivery.md "Send windows and digests"),
 * next to the queue's own (delivery-queue.ts) and on the same rows and leases: hold a claimed row
 * until its window opens, gather a member's rows that come due together into one digest, and
 * settle a digest's rows at once. A held row is an ordinary `queued` row whose `run_at` is the
 * window start, so the claim, the pacing and a restart treat it like any other: it comes due by
 * the database's clock and nothing but the claim sends it.
 */
/**
 * The due time of a held row: `delay` after now, rounded up to the next whole second. Rows held
 * for the same window start by different statements (each measures the delay from its own clock
 * reading) then share one `run_at`, so the claim takes a member's rows together and their digest
 * is one DM; the price is at most a second after the window start.
 */
const dueAt = (delayMs: string) =>
  `date_trunc('second', now() + (${delayMs}::float8 * interval '1 millisecond')) + interval '1 second'`;

export class DeliveryTiming {
  constructor(
    private readonly dataSource: DataSource,
    private readonly onSettled: SettleObserver = () => {},
  ) {}

  /** Slack's `tz` of a member from the cached directory (null: not known). */
  async memberTimeZone(teamId: string, slackUserId: string): Promise<string | null> {
    const rows: Array<{ tz: string | null }> = await this.dataSource.query(
      `SELECT member->>'tz' AS tz FROM slack_members WHERE team_id = $1 AND user_id = $2`,
      [teamId, slackUserId],
    );
    return rows[0]?.tz ?? null;
  }

  /**
   * Hold: back to `queued`, due in `delayMs` (the window start as the app's clock sees it,
   * counted on the database's), with `scheduled_for` for the API. The claim's attempt is given
   * back: waiting for a window is not a failure.
   */
  async hold(d: ClaimedDelivery, delayMs: number, scheduledFor: Date): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE deliveries
          SET status = 'queued', run_at = ${dueAt('$3')},
              scheduled_for = $4, attempts = attempts - 1, lease = NULL, last_error = 'scheduled',
              updated_at = now()
        WHERE id = $1 AND lease = $2`,
      [d.id, d.lease, Math.max(0, Math.round(delayMs)), scheduledFor],
    )) as [unknown, number];
    return count > 0;
  }

  /**
   * A tenant's queued rows of the listed types that are due and were never judged by the window
   * (`scheduled_for IS NULL`), with their member's Slack `tz` when the recipient is linked and the
   * directory knows it: what `holdMany` holds in bulk, so a burst accepted outside the window is
   * held in a few statements instead of one claim per row (claims are paced, holds are not).
   */
  async unjudged(
    tenantId: string,
    types: string[],
    limit: number,
  ): Promise<Array<{ id: string; tz: string | null }>> {
    const rows: Array<{ id: string; tz: string | null }> = await this.dataSource.query(
      `SELECT d.id, m.member->>'tz' AS tz
         FROM deliveries d
         JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN plusplus_users u ON u.tenant_id = d.tenant_id AND u.user_id = d.user_id
         LEFT JOIN slack_installations i ON i.tenant_id = d.tenant_id AND i.revoked_at IS NULL
         LEFT JOIN slack_members m ON m.team_id = i.team_id AND m.user_id = u.slack_user_id
        WHERE d.tenant_id = $1 AND d.status = 'queued' AND d.run_at <= now()
          AND d.scheduled_for IS NULL AND n.type = ANY($2::text[])
        ORDER BY d.run_at, d.id
        LIMIT $3`,
      [tenantId, types, limit],
    );
    return rows.map((r) => ({ id: String(r.id), tz: r.tz }));
  }

  /** Holds rows in one statement (see `hold`); rows claimed meanwhile are left to their claim. */
  async holdMany(rows: Array<{ id: string; delayMs: number; at: Date }>): Promise<number> {
    if (rows.length === 0) return 0;
    const [, count] = (await this.dataSource.query(
      `UPDATE deliveries d
          SET run_at = ${dueAt('h.delay_ms')}, scheduled_for = h.at,
              last_error = 'scheduled', updated_at = now()
         FROM unnest($1::bigint[], $2::float8[], $3::timestamptz[]) AS h(id, delay_ms, at)
        WHERE d.id = h.id AND d.status = 'queued' AND d.scheduled_for IS NULL`,
      [rows.map((r) => r.id), rows.map((r) => Math.max(0, Math.round(r.delayMs))), rows.map((r) => r.at)],
    )) as [unknown, number];
    return count;
  }

  /**
   * Gather a digest: `d` (held by its claim's lease) and the member's other rows of the same
   * tenant that are due within `withinMs` — queued ones, and those the same claim holds — all
   * under one new lease, at most `limit`, `d` first. Rows another worker holds or is taking
   * right now are skipped (`SKIP LOCKED`): they go out on their own, never twice. An empty answer
   * means `d` itself was taken into another digest meanwhile; its sender settles it.
   */
  async gather(
    d: ClaimedDelivery,
    o: { withinMs: number; limit: number; leaseMs: number },
  ): Promise<ClaimedDelivery[]> {
    const lease = randomUUID();
    const rows: Array<{
      id: string;
      notification_id: string;
      attempts: number;
      type: NotificationType;
      content: NotificationContent;
      data: Record<string, unknown> | null;
      revision: number;
    }> = await this.dataSource.query(
      `WITH pick AS (
         SELECT id FROM deliveries
          WHERE tenant_id = $1 AND user_id = $2
            AND ((status = 'sending' AND lease = $3)
                 OR (status = 'queued' AND run_at <= now() + ($5::float8 * interval '1 millisecond')))
            AND EXISTS (SELECT 1 FROM deliveries o WHERE o.id = $7 AND o.lease = $3)
          ORDER BY (id = $7) DESC, run_at, id
          LIMIT $6
          FOR UPDATE SKIP LOCKED
       ), taken AS (
         UPDATE deliveries x
            SET status = 'sending', lease = $4,
                attempts = CASE WHEN x.status = 'queued' THEN x.attempts + 1 ELSE x.attempts END,
                run_at = now() + ($8::float8 * interval '1 millisecond'), updated_at = now()
           FROM pick WHERE x.id = pick.id
         RETURNING x.id, x.notification_id, x.attempts
       )
       SELECT t.*, n.type, n.content, n.data, n.revision
         FROM taken t JOIN notifications n ON n.id = t.notification_id
        ORDER BY (t.id = $7) DESC, t.id`,
      [d.tenantId, d.userId, d.lease, lease, o.withinMs, o.limit, d.id, o.leaseMs],
    );
    if (!rows.some((r) => String(r.id) === d.id)) {
      // Not ours after all (another digest took `d`): give back what this statement took.
      if (rows.length > 0) {
        await this.dataSource.query(
          `UPDATE deliveries SET status = 'queued', lease = NULL, attempts = attempts - 1, run_at = now()
            WHERE lease = $1`,
          [lease],
        );
      }
      return [];
    }
    return rows.map((r) => ({
      id: String(r.id),
      notificationId: r.notification_id,
      tenantId: d.tenantId,
      userId: d.userId,
      attempts: r.attempts,
      lease,
      recipient: d.recipient,
      postBy: d.postBy,
      type: r.type,
      content: r.content,
      data: r.data,
      revision: r.revision,
    }));
  }

  /**
   * A digest is in Slack: each of its rows is `sent` with the digest's channel and ts and
   * `digest = true`, in one statement. A row whose notification changed since the version listed
   * is marked for the edit lane as delivery-queue.ts `complete` does (the edit lane answers a
   * digest row in the DM's thread rather than rewriting the digest: revision-processor.ts).
   */
  async completeDigest(
    items: ClaimedDelivery[],
    sent: { slackUserId: string; channel: string; ts: string },
  ): Promise<number> {
    if (items.length === 0) return 0;
    const [, count] = (await this.dataSource.query(
      `WITH i AS (SELECT * FROM unnest($1::bigint[], $2::int[]) AS i(id, revision)),
            n AS (SELECT d.id, nn.revision AS now_revision, i.revision AS shown
                    FROM i JOIN deliveries d ON d.id = i.id
                    JOIN notifications nn ON nn.id = d.notification_id
                    FOR KEY SHARE OF nn)
       UPDATE deliveries d
          SET status = 'sent', reason = NULL, slack_user_id = $4, channel = $5, ts = $6, digest = true,
              lease = NULL, last_error = NULL, updated_at = now(), revision = n.shown,
              revision_status = CASE WHEN n.now_revision > n.shown THEN 'pending' END,
              revision_at = CASE WHEN n.now_revision > n.shown THEN now() END,
              revision_run_at = CASE WHEN n.now_revision > n.shown THEN now() END
         FROM n WHERE d.id = n.id AND d.lease = $3`,
      [
        items.map((i) => i.id),
        items.map((i) => i.revision ?? 0),
        items[0]!.lease,
        sent.slackUserId,
        sent.channel,
        sent.ts,
      ],
    )) as [unknown, number];
    if (count > 0) this.onSettled('sent', null, count);
    return count;
  }
}

import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ClaimedDelivery, NotificationContent, NotificationType } from './types';

/**
 * The delivery queue's SQL, one named operation per query (conventions habit 8, after
 * graphile-worker's `src/sql/` and pg-boss's `plans.ts`). Times are the database's `now()`, so any
 * number of worker processes on one database agree on leases, retries and pacing whatever their
 * own clocks say.
 *
 * Life of a row: `queued` → claim → `sending` (with a lease; `run_at` = lease end) → `sent` |
 * `failed` | `skipped`, or back to `queued` with a later `run_at` (retry, rate-limit wait). Every
 * operation after the claim names the lease it holds: a worker whose lease ran out (and whose row
 * another worker claimed) changes nothing.
 */

/** The Web API method the queue paces; its pacing row is also what the claim checks. */
export const POST_MESSAGE = 'chat.postMessage';

interface ClaimRow {
  id: string;
  notification_id: string;
  tenant_id: string;
  user_id: string;
  attempts: number;
  lease: string;
  type: NotificationType;
  content: NotificationContent;
  data: Record<string, unknown> | null;
}

export interface ClaimOptions {
  limit: number;
  /** How long a claim holds before another worker may take the row again. */
  leaseMs: number;
  /**
   * Leave a tenant's rows alone while its next send slot (or its 429 block) is further away than
   * this: a worker then serves other tenants instead of holding claims it cannot send yet.
   */
  horizonMs: number;
}

const ms = (param: string) => `(${param} * interval '1 millisecond')`;

export class DeliveryQueue {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claim: due rows (queued and due, or sending with an expired lease) of tenants that may send
   * soon, oldest first, skipping rows other workers hold (`FOR UPDATE SKIP LOCKED`).
   */
  async claim(o: ClaimOptions): Promise<ClaimedDelivery[]> {
    const lease = randomUUID();
    const rows: ClaimRow[] = await this.dataSource.query(
      `WITH next AS (
         SELECT d.id FROM deliveries d
          WHERE d.status IN ('queued', 'sending') AND d.run_at <= now()
            AND NOT EXISTS (
              SELECT 1 FROM delivery_pacing p
               WHERE p.tenant_id = d.tenant_id AND p.method = $4
                 AND greatest(p.next_at, p.blocked_until) > now() + ${ms('$3')})
          ORDER BY d.run_at, d.id
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE deliveries d
            SET status = 'sending', lease = $5, attempts = d.attempts + 1,
                run_at = now() + ${ms('$2')}, updated_at = now()
           FROM next WHERE d.id = next.id
         RETURNING d.id, d.notification_id, d.tenant_id, d.user_id, d.attempts, d.lease
       )
       SELECT c.*, n.type, n.content, n.data
         FROM claimed c JOIN notifications n ON n.id = c.notification_id
        ORDER BY c.id`,
      [o.limit, o.leaseMs, o.horizonMs, POST_MESSAGE, lease],
    );
    return rows.map((r) => ({
      id: String(r.id),
      notificationId: r.notification_id,
      tenantId: r.tenant_id,
      userId: r.user_id,
      attempts: r.attempts,
      lease: r.lease,
      type: r.type,
      content: r.content,
      data: r.data,
    }));
  }

  /** Complete: the message is in Slack. Returns false if the lease was lost. */
  async complete(
    d: ClaimedDelivery,
    sent: { slackUserId: string; channel: string; ts: string },
  ): Promise<boolean> {
    return this.affected(
      `UPDATE deliveries
          SET status = 'sent', reason = NULL, slack_user_id = $3, channel = $4, ts = $5,
              lease = NULL, last_error = NULL, updated_at = now()
        WHERE id = $1 AND lease = $2`,
      [d.id, d.lease, sent.slackUserId, sent.channel, sent.ts],
    );
  }

  /** Fail: final, with Slack's code or `retries_exhausted`. */
  async fail(d: ClaimedDelivery, reason: string, slackUserId: string | null = null): Promise<boolean> {
    return this.affected(
      `UPDATE deliveries
          SET status = 'failed', reason = $3, slack_user_id = coalesce($4, slack_user_id),
              lease = NULL, updated_at = now()
        WHERE id = $1 AND lease = $2`,
      [d.id, d.lease, reason, slackUserId],
    );
  }

  /** Skip: final, nothing sent (not connected, muted, no Slack account …). */
  async skip(d: ClaimedDelivery, reason: string): Promise<boolean> {
    return this.affected(
      `UPDATE deliveries SET status = 'skipped', reason = $3, lease = NULL, updated_at = now()
        WHERE id = $1 AND lease = $2`,
      [d.id, d.lease, reason],
    );
  }

  /**
   * Reschedule: back to `queued`, due after `delayMs`. `countAttempt: false` for waits that are not
   * failures (a 429, the tenant's pacing gate): the claim's attempt is given back.
   */
  async reschedule(
    d: ClaimedDelivery,
    delayMs: number,
    lastError: string,
    countAttempt: boolean,
  ): Promise<boolean> {
    return this.affected(
      `UPDATE deliveries
          SET status = 'queued', run_at = now() + ${ms('$3')}, last_error = $4,
              attempts = attempts - CASE WHEN $5 THEN 0 ELSE 1 END, lease = NULL, updated_at = now()
        WHERE id = $1 AND lease = $2`,
      [d.id, d.lease, Math.max(0, Math.round(delayMs)), lastError, countAttempt],
    );
  }

  /**
   * Stop a tenant's queue: every delivery still waiting is skipped with `reason` (the installation
   * is gone; retrying would only repeat Slack's answer). Rows other workers hold are left to them.
   */
  async skipWaiting(tenantId: string, reason: string): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE deliveries SET status = 'skipped', reason = $2, updated_at = now()
        WHERE tenant_id = $1 AND status = 'queued'`,
      [tenantId, reason],
    )) as [unknown, number];
    return count;
  }

  /**
   * Reserve a send slot: the tenant's next free slot for `method` moves on by `intervalMs`, and
   * `waitMs` says how long to wait for the reserved one. While the tenant is blocked nothing is
   * reserved and `blockedMs` says for how long (the caller gives its row back until then).
   */
  async reserveSlot(
    tenantId: string,
    method: string,
    intervalMs: number,
  ): Promise<{ waitMs: number; blockedMs: number }> {
    const rows: Array<{ wait_ms: string | number; blocked_ms: string | number }> =
      await this.dataSource.query(
        `INSERT INTO delivery_pacing AS p (tenant_id, method, next_at) VALUES ($1, $2, now() + ${ms('$3')})
       ON CONFLICT (tenant_id, method) DO UPDATE
          SET next_at = CASE WHEN p.blocked_until > now() THEN p.next_at
                             ELSE greatest(p.next_at, now()) + ${ms('$3')} END,
              updated_at = now()
       RETURNING
         CASE WHEN p.blocked_until > now()
              THEN extract(epoch FROM (p.blocked_until - now())) * 1000 ELSE 0 END AS blocked_ms,
         CASE WHEN p.blocked_until > now() THEN 0
              ELSE greatest(0, extract(epoch FROM (p.next_at - now())) * 1000 - $3) END AS wait_ms`,
        [tenantId, method, intervalMs],
      );
    return {
      waitMs: Math.ceil(Number(rows[0]?.wait_ms ?? 0)),
      blockedMs: Math.ceil(Number(rows[0]?.blocked_ms ?? 0)),
    };
  }

  /** Gate: milliseconds until the tenant's block for `method` ends (0: not blocked). */
  async blockedFor(tenantId: string, method: string): Promise<number> {
    const rows: Array<{ wait_ms: string | number }> = await this.dataSource.query(
      `SELECT extract(epoch FROM (blocked_until - now())) * 1000 AS wait_ms
         FROM delivery_pacing WHERE tenant_id = $1 AND method = $2 AND blocked_until > now()`,
      [tenantId, method],
    );
    return rows.length ? Math.ceil(Number(rows[0]!.wait_ms)) : 0;
  }

  /** Block: nobody sends `method` for the tenant for `waitMs` (429 Retry-After, missing scope). */
  async block(tenantId: string, method: string, waitMs: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO delivery_pacing AS p (tenant_id, method, next_at, blocked_until, blocked_reason)
       VALUES ($1, $2, now(), now() + ${ms('$3')}, $4)
       ON CONFLICT (tenant_id, method) DO UPDATE
          SET blocked_until = greatest(p.blocked_until, now() + ${ms('$3')}),
              blocked_reason = $4, updated_at = now()`,
      [tenantId, method, Math.max(0, Math.round(waitMs)), reason],
    );
  }

  /** Rows per status (tests, benchmarks, the lead's dashboards). */
  async countByStatus(tenantId?: string): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: string }> = await this.dataSource.query(
      `SELECT status, count(*) AS n FROM deliveries WHERE $1::text IS NULL OR tenant_id = $1 GROUP BY status`,
      [tenantId ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  private async affected(sql: string, params: unknown[]): Promise<boolean> {
    const [, count] = (await this.dataSource.query(sql, params)) as [unknown, number];
    return count > 0;
  }
}

import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AdaptOptions } from '../../domain/pace';
import type { NotificationContent, NotificationType } from '../../domain/templates/types';
import type { StoredUser, UserRecord } from '../../domain/users';

/**
 * The delivery queue (docs/delivery.md "Queue" and "Pacing"): every statement the delivery worker
 * runs on `deliveries` and `delivery_pacing` — the fair claim, settling, rescheduling, the
 * workspace's slots and its 429 blocks — as named operations. Over ~350 lines on purpose: the
 * claim and the slots are one protocol, and its SQL reads best in one place.
 */

/**
 * Told when deliveries reach a final status (`n` rows with the same reason at once): the queue
 * when it settles rows, the acceptor for recipients skipped at accept time. Metrics count them.
 */
export type SettleObserver = (
  status: 'sent' | 'failed' | 'skipped',
  reason: string | null,
  n: number,
) => void;

/** A delivery as the worker holds it after a claim. */
export interface ClaimedDelivery {
  id: string;
  notificationId: string;
  tenantId: string;
  userId: string;
  /** Attempts including this one. */
  attempts: number;
  lease: string;
  /**
   * Clock time after which this claim must not post any more (set by the worker: half the lease
   * after the claim), so a row that waited too long is given back before its lease can run out
   * and another worker send it too.
   */
  postBy?: number;
  /**
   * The recipient as the claim read it (null: no such user), so a send costs no look-up of its
   * own; absent when the claimer did not read it.
   */
  recipient?: StoredUser | null;
  type: NotificationType;
  content: NotificationContent;
  data: Record<string, unknown> | null;
  /**
   * The notification's revision `content` and `data` are of (issue 20; 0 as accepted). Absent in
   * deliveries made by hand (tests): 0.
   */
  revision?: number;
}

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
  u_user_id: string | null;
  u_record: UserRecord | null;
  u_is_admin: boolean | null;
  u_receive: boolean | null;
  u_slack_user_id: string | null;
  u_slack_display_name: string | null;
  u_slack_resolved_at: Date | null;
  notification_id: string;
  tenant_id: string;
  user_id: string;
  attempts: number;
  lease: string;
  type: NotificationType;
  content: NotificationContent;
  data: Record<string, unknown> | null;
  revision: number;
}

export interface ClaimOptions {
  limit: number;
  /** How long a claim holds before another worker may take the row again. */
  leaseMs: number;
  /**
   * How far ahead a worker takes a tenant's rows: only as many as the tenant's free send slots
   * within this window (after its next free slot and any 429 block), so a worker never holds rows
   * it cannot send soon, and one tenant's backlog never crowds out another tenant's DM.
   */
  horizonMs: number;
  /** The configured interval between two posts of one workspace (a learned slower one wins). */
  intervalMs: number;
  /**
   * At most this many rows of one tenant held by the claiming process at once, however many slots
   * it has (default: limit); `held` says how many each tenant has in the process already.
   */
  perTenant?: number;
  held?: ReadonlyMap<string, number>;
}

/** What a reservation answered (see `reserveSlot`). */
export interface SlotAnswer {
  /** A slot was handed out: wait `waitMs`, then post. */
  reserved: boolean;
  /** Reserved: milliseconds until the slot. Not reserved: until the next free slot. */
  waitMs: number;
  /** The tenant is blocked (429 Retry-After, paused) for this long; nothing was reserved. */
  blockedMs: number;
}

/** The recipient's row as the claim read it (the same shape UsersRepository.get answers). */
function recipientOf(r: ClaimRow): StoredUser {
  return {
    tenantId: r.tenant_id,
    userId: r.user_id,
    record: r.u_record ?? { id: r.user_id },
    isAdmin: r.u_is_admin ?? false,
    receiveSlackNotifications: r.u_receive ?? true,
    slack:
      r.u_slack_user_id && r.u_slack_resolved_at
        ? {
            userId: r.u_slack_user_id,
            displayName: r.u_slack_display_name,
            resolvedAt: r.u_slack_resolved_at,
          }
        : null,
  };
}

const ms = (param: string) => `(${param}::float8 * interval '1 millisecond')`;
/** The interval a tenant is paced at: the configured one, or the slower one Slack taught us. */
const paceInterval = (configured: string) =>
  `greatest(coalesce(p.interval_ms, 0)::float8, ${configured}::float8)`;

export class DeliveryQueue {
  constructor(
    private readonly dataSource: DataSource,
    /** Told of every row that reaches a final status here (metrics); only rows really changed. */
    private readonly onSettled: SettleObserver = () => {},
  ) {}

  /**
   * Claim: due rows (queued and due, or sending with an expired lease), skipping rows other workers
   * hold (`FOR UPDATE SKIP LOCKED`). Fair and paced: the tenants with work are found by a skip scan
   * of `deliveries_tenant_due_idx`, served oldest waiting row first, and each gives at most as many
   * rows as it has free send slots within the horizon (none while a 429 blocks it).
   */
  async claim(o: ClaimOptions): Promise<ClaimedDelivery[]> {
    const lease = randomUUID();
    const rows: ClaimRow[] = await this.dataSource.query(
      `WITH RECURSIVE waiting(tenant_id) AS (
         (SELECT tenant_id FROM deliveries WHERE status IN ('queued', 'sending')
           ORDER BY tenant_id LIMIT 1)
         UNION ALL
         SELECT (SELECT d.tenant_id FROM deliveries d
                  WHERE d.status IN ('queued', 'sending') AND d.tenant_id > w.tenant_id
                  ORDER BY d.tenant_id LIMIT 1)
           FROM waiting w WHERE w.tenant_id IS NOT NULL
       ), budget AS (
         SELECT w.tenant_id,
                CASE WHEN p.tenant_id IS NULL THEN $1::int
                     ELSE floor(extract(epoch FROM (now() + ${ms('$3')} - greatest(p.next_at, now())))
                                * 1000 / ${paceInterval('$6')})::int + 1 END AS slots
           FROM waiting w
           LEFT JOIN delivery_pacing p ON p.tenant_id = w.tenant_id AND p.method = $4
          WHERE w.tenant_id IS NOT NULL
            AND (p.tenant_id IS NULL
                 OR (coalesce(p.blocked_until, '-infinity') <= now() AND p.next_at <= now() + ${ms('$3')}))
       ), oldest AS (
         SELECT b.tenant_id, least(b.slots, $7 - coalesce(h.n, 0)) AS slots, o.run_at
           FROM budget b
           LEFT JOIN unnest($8::text[], $9::int[]) AS h(tenant_id, n) ON h.tenant_id = b.tenant_id
          CROSS JOIN LATERAL (
                SELECT d.run_at FROM deliveries d
                 WHERE d.tenant_id = b.tenant_id AND d.status IN ('queued', 'sending') AND d.run_at <= now()
                 ORDER BY d.run_at LIMIT 1) o
          WHERE $7 - coalesce(h.n, 0) > 0
          ORDER BY o.run_at
          LIMIT $1
       ), next AS (
         SELECT x.id FROM oldest o
          CROSS JOIN LATERAL (
                SELECT d.id FROM deliveries d
                 WHERE d.tenant_id = o.tenant_id AND d.status IN ('queued', 'sending') AND d.run_at <= now()
                 ORDER BY d.run_at, d.id
                 LIMIT o.slots
                 FOR UPDATE SKIP LOCKED) x
          LIMIT $1
       ), claimed AS (
         UPDATE deliveries d
            SET status = 'sending', lease = $5, attempts = d.attempts + 1,
                run_at = now() + ${ms('$2')}, updated_at = now()
           FROM next WHERE d.id = next.id
         RETURNING d.id, d.notification_id, d.tenant_id, d.user_id, d.attempts, d.lease
       )
       SELECT c.*, n.type, n.content, n.data, n.revision,
              u.user_id AS u_user_id, u.record AS u_record, u.is_admin AS u_is_admin,
              u.receive_slack_notifications AS u_receive, u.slack_user_id AS u_slack_user_id,
              u.slack_display_name AS u_slack_display_name, u.slack_resolved_at AS u_slack_resolved_at
         FROM claimed c JOIN notifications n ON n.id = c.notification_id
         LEFT JOIN plusplus_users u ON u.tenant_id = c.tenant_id AND u.user_id = c.user_id
        ORDER BY c.id`,
      [
        o.limit,
        o.leaseMs,
        o.horizonMs,
        POST_MESSAGE,
        lease,
        o.intervalMs,
        o.perTenant ?? o.limit,
        [...(o.held?.keys() ?? [])],
        [...(o.held?.values() ?? [])],
      ],
    );
    return rows.map((r) => ({
      id: String(r.id),
      notificationId: r.notification_id,
      tenantId: r.tenant_id,
      userId: r.user_id,
      attempts: r.attempts,
      lease: r.lease,
      recipient: r.u_user_id === null ? null : recipientOf(r),
      type: r.type,
      content: r.content,
      data: r.data,
      revision: r.revision,
    }));
  }

  /**
   * Complete: the message is in Slack, showing the notification's `d.revision`. Returns false if the
   * lease was lost. If the notification changed (or was cancelled) since that version, the row is
   * pending in the edit lane at once (issue 20): `FOR KEY SHARE` on the notification waits for a
   * change writing it (`FOR UPDATE`) and then reads its result, and a change that comes later finds
   * this row sent, so a DM posted while its notification changes is always edited afterwards.
   */
  async complete(
    d: ClaimedDelivery,
    sent: { slackUserId: string; channel: string; ts: string },
  ): Promise<boolean> {
    return this.settled(
      'sent',
      null,
      `WITH n AS (SELECT revision FROM notifications WHERE id = $6 FOR KEY SHARE)
       UPDATE deliveries d
          SET status = 'sent', reason = NULL, slack_user_id = $3, channel = $4, ts = $5,
              lease = NULL, last_error = NULL, updated_at = now(), revision = $7,
              revision_status = CASE WHEN n.revision > $7 THEN 'pending' END,
              revision_at = CASE WHEN n.revision > $7 THEN now() END,
              revision_run_at = CASE WHEN n.revision > $7 THEN now() END
         FROM n WHERE d.id = $1 AND d.lease = $2`,
      [d.id, d.lease, sent.slackUserId, sent.channel, sent.ts, d.notificationId, d.revision ?? 0],
    );
  }

  /** Fail: final, with Slack's code or `retries_exhausted`. */
  async fail(d: ClaimedDelivery, reason: string, slackUserId: string | null = null): Promise<boolean> {
    return this.settled(
      'failed',
      reason,
      `UPDATE deliveries
          SET status = 'failed', reason = $3, slack_user_id = coalesce($4, slack_user_id),
              lease = NULL, updated_at = now()
        WHERE id = $1 AND lease = $2`,
      [d.id, d.lease, reason, slackUserId],
    );
  }

  /** Skip: final, nothing sent (not connected, muted, no Slack account …). */
  async skip(d: ClaimedDelivery, reason: string): Promise<boolean> {
    return this.settled(
      'skipped',
      reason,
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
    this.onSettled('skipped', reason, count);
    return count;
  }

  /**
   * Reserve a send slot, in one statement shared by every worker process: if the tenant is not
   * blocked and its next free slot is within `horizonMs`, that slot is handed out and the next one
   * moves on by the tenant's interval; otherwise nothing is taken (a slot is never reserved for a
   * row that will not be sent within the horizon) and the answer says how long until a slot is
   * free, or how long the block lasts. A slower interval learned from 429s relaxes by
   * `adapt.relaxFactor` every `adapt.relaxEveryMs` while slots are being used.
   */
  async reserveSlot(
    tenantId: string,
    method: string,
    o: { intervalMs: number; horizonMs: number; adapt: AdaptOptions },
  ): Promise<SlotAnswer> {
    const free = `coalesce(p.blocked_until, '-infinity') <= now() AND p.next_at <= now() + ${ms('$4')}`;
    const relax = `${free} AND p.interval_ms IS NOT NULL AND p.adapted_at <= now() - ${ms('$5')}`;
    const rows: Array<{ wait_ms: string | number; blocked_ms: string | number; reserved: boolean }> =
      await this.dataSource.query(
        `INSERT INTO delivery_pacing AS p (tenant_id, method, next_at, last_slot_at)
         VALUES ($1, $2, now() + ${ms('$3')}, now())
         ON CONFLICT (tenant_id, method) DO UPDATE
            SET last_slot_at = CASE WHEN ${free} THEN greatest(p.next_at, now()) END,
                next_at = CASE WHEN ${free} THEN greatest(p.next_at, now()) + ${ms(paceInterval('$3'))}
                               ELSE p.next_at END,
                interval_ms = CASE WHEN NOT (${relax}) THEN p.interval_ms
                                   WHEN p.interval_ms * $6::float8 <= $3::float8 THEN NULL
                                   ELSE round(p.interval_ms * $6::float8)::int END,
                adapted_at = CASE WHEN ${relax} THEN now() ELSE p.adapted_at END,
                updated_at = now()
         RETURNING
           p.last_slot_at IS NOT NULL AS reserved,
           CASE WHEN p.blocked_until > now()
                THEN extract(epoch FROM (p.blocked_until - now())) * 1000 ELSE 0 END AS blocked_ms,
           greatest(0, extract(epoch FROM (coalesce(p.last_slot_at, p.next_at) - now())) * 1000) AS wait_ms`,
        [tenantId, method, o.intervalMs, o.horizonMs, o.adapt.relaxEveryMs, o.adapt.relaxFactor],
      );
    const row = rows[0];
    const blockedMs = Math.ceil(Number(row?.blocked_ms ?? 0));
    return {
      reserved: Boolean(row?.reserved) && blockedMs === 0,
      waitMs: Math.ceil(Number(row?.wait_ms ?? 0)),
      blockedMs,
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

  /**
   * Block: nobody sends `method` for the tenant for `waitMs` (429 Retry-After, missing scope).
   * With `slowDown` (a 429), the tenant's interval also grows by `slowDown.factor` — once per
   * block, however many posts were in flight when Slack said no — so a workspace whose real cap is
   * below the configured pace converges to Slack's rate instead of meeting a 429 every window.
   */
  async block(
    tenantId: string,
    method: string,
    waitMs: number,
    reason: string,
    slowDown?: { intervalMs: number; adapt: AdaptOptions },
  ): Promise<void> {
    const grow = `$5::boolean AND coalesce(p.blocked_until, '-infinity') <= now()`;
    const grown = `least($8::int, round(${paceInterval('$6')} * $7::float8)::int)`;
    await this.dataSource.query(
      `INSERT INTO delivery_pacing AS p (tenant_id, method, next_at, blocked_until, blocked_reason,
                                         interval_ms, adapted_at)
       VALUES ($1, $2, now(), now() + ${ms('$3')}, $4,
               CASE WHEN $5::boolean THEN least($8::int, round($6::float8 * $7::float8)::int) END,
               CASE WHEN $5::boolean THEN now() END)
       ON CONFLICT (tenant_id, method) DO UPDATE
          SET blocked_until = greatest(p.blocked_until, now() + ${ms('$3')}),
              blocked_reason = $4,
              interval_ms = CASE WHEN ${grow} THEN ${grown} ELSE p.interval_ms END,
              adapted_at = CASE WHEN ${grow} THEN now() ELSE p.adapted_at END,
              updated_at = now()`,
      [
        tenantId,
        method,
        Math.max(0, Math.round(waitMs)),
        reason,
        slowDown !== undefined,
        slowDown?.intervalMs ?? 0,
        slowDown?.adapt.slowDownFactor ?? 1,
        slowDown?.adapt.maxIntervalMs ?? 0,
      ],
    );
  }

  /** The tenant's pacing state (tests, benchmarks, metrics). */
  async pacing(
    tenantId: string,
    method: string,
  ): Promise<{ intervalMs: number | null; blockedMs: number; nextInMs: number } | null> {
    const rows: Array<{ interval_ms: number | null; blocked_ms: string | number; next_ms: string | number }> =
      await this.dataSource.query(
        `SELECT interval_ms,
                greatest(0, extract(epoch FROM (coalesce(blocked_until, now()) - now())) * 1000) AS blocked_ms,
                extract(epoch FROM (next_at - now())) * 1000 AS next_ms
           FROM delivery_pacing WHERE tenant_id = $1 AND method = $2`,
        [tenantId, method],
      );
    const r = rows[0];
    if (!r) return null;
    return { intervalMs: r.interval_ms, blockedMs: Number(r.blocked_ms), nextInMs: Number(r.next_ms) };
  }

  /** Rows per status (tests, benchmarks, the lead's dashboards). */
  async countByStatus(tenantId?: string): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: string }> = await this.dataSource.query(
      `SELECT status, count(*) AS n FROM deliveries WHERE $1::text IS NULL OR tenant_id = $1 GROUP BY status`,
      [tenantId ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** A settling update: true (and observed) if it changed the row, false if the lease was lost. */
  private async settled(
    status: 'sent' | 'failed' | 'skipped',
    reason: string | null,
    sql: string,
    params: unknown[],
  ): Promise<boolean> {
    const changed = await this.affected(sql, params);
    if (changed) this.onSettled(status, reason, 1);
    return changed;
  }

  private async affected(sql: string, params: unknown[]): Promise<boolean> {
    const [, count] = (await this.dataSource.query(sql, params)) as [unknown, number];
    return count > 0;
  }
}

import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { type AcceptAnswer, type DeliveryStatus, skipCaseSql } from '../../domain/delivery-policy';
import type { NotificationContent, NotificationType } from '../../domain/templates/types';

/**
 * Notifications and their deliveries as the accept side and `GET /notifications/{id}` see them
 * (design §4, docs/delivery.md): the home of their SQL, one named operation per statement. The
 * worker's claim/settle statements are the delivery queue's (src/persistence/queues/delivery-queue.ts)
 * and the retention deletes are the purge's (retention-repository.ts); anything else that writes or
 * reads a notification with its deliveries (revisions of sent DMs, say) belongs here.
 */

/** One notification to accept, as the acceptor decided it (validated, hashed, recipients deduplicated). */
export interface NotificationToAccept {
  tenantId: string;
  idempotencyKey: string;
  /** sha256 of the canonical request: a repeat of the key with another request is a conflict. */
  requestHash: string;
  type: NotificationType;
  content: NotificationContent;
  data?: Record<string, unknown>;
  /** Whether the tenant has this type switched on (asked of the templates before the write). */
  typeEnabled: boolean;
  /** Distinct, in request order: the deliveries' positions. */
  recipients: string[];
}

/**
 * What a notification row keeps of its first answer: either its parts (`recipients` and one skip
 * reason per recipient, null meaning queued), or, for rows accepted before those columns existed,
 * the whole body (src/app/delivery/accepted-answer.ts `storedAnswer` reads either).
 */
export interface StoredAnswer {
  id: string;
  recipients: string[] | null;
  skip_reasons: Array<string | null> | null;
  accepted_response: AcceptAnswer | null;
}

/** The stored answer and the hash of the request that made it. */
export interface StoredAcceptance extends StoredAnswer {
  request_hash: string;
}

/** The accept statement's answer for one notification, in the order they were given. */
export interface AcceptedRow {
  id: string;
  /** False: the key was used before (or meanwhile); nothing was written. */
  inserted: boolean;
  /** One per recipient, in order: null for queued, else why it is skipped. */
  reasons: Array<string | null>;
  /** The notification stored under the key before, if the statement's snapshot saw one. */
  existing: StoredAcceptance | null;
}

export interface StoredNotification {
  id: string;
  type: string;
  idempotency_key: string;
  created_at: Date;
}

export interface StoredDelivery {
  user_id: string;
  status: DeliveryStatus;
  reason: string | null;
  slack_user_id: string | null;
  channel: string | null;
  ts: string | null;
  attempts: number;
  updated_at: Date;
  /** Timing (issue 21): the window start a queued row waits for; sent in a digest. */
  scheduled_for: Date | null;
  digest: boolean;
}

/** The operations the delivery use case needs; PostgresNotificationsRepository is the one implementation. */
export interface NotificationsRepository {
  /**
   * Accepts the notifications together in one statement (one round trip, one commit): decides
   * every recipient's skip reason, inserts each notification with its deliveries unless its key
   * was used before, and answers per notification what was written or found. Throws what the
   * database throws; {@link tenantMissing} tells the one failure a caller can mend.
   */
  acceptWithDeliveries(batch: readonly NotificationToAccept[]): Promise<AcceptedRow[]>;
  /** The notification stored under the tenant's idempotency key, if any. */
  findByKey(tenantId: string, idempotencyKey: string): Promise<StoredAcceptance | null>;
  /** The notification with its deliveries in recipient order; null if the tenant has no such one. */
  findWithDeliveries(
    tenantId: string,
    notificationId: string,
  ): Promise<{ notification: StoredNotification; deliveries: StoredDelivery[] } | null>;
}

/** PostgreSQL's foreign_key_violation. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * True when an accept failed because a notification's tenant row does not exist (it was deleted
 * after the caller made sure of it): create the tenant and accept again.
 */
export function tenantMissing(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === FOREIGN_KEY_VIOLATION;
}

/**
 * The skip reason of one recipient (NULL: queued) in the one skip order (SKIP_ORDER, built by
 * `skipCaseSql` of src/domain/delivery-policy.ts), over the columns of `s` and `e` below. The
 * recipient's facts come from one primary-key probe, as a scalar subquery on purpose: as a join,
 * the planner hashed the tenant's whole users table (100k rows: 11 ms a batch). Exported for the
 * test that checks it agrees with `firstSkip`.
 */
export const ACCEPT_SKIP_CASE = skipCaseSql(
  {
    not_connected: 'NOT s.connected',
    notifications_disabled: 'NOT s.enabled',
    type_disabled: 'NOT s.type_enabled',
  },
  `(SELECT p.receive_slack_notifications FROM plusplus_users p
     WHERE p.tenant_id = s.tenant_id AND p.user_id = e.user_id)`,
);

/**
 * The batch statement (see `acceptWithDeliveries`): one row per notification in, one row per
 * notification out. Exported for the test that checks its plan stays index-only on a tenant with
 * many users.
 */
export const ACCEPT_BATCH_SQL = `WITH r AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[],
                              $7::jsonb[], $8::bool[], $9::jsonb[], $10::text[])
           WITH ORDINALITY AS r(id, tenant_id, key, hash, type, content, data, type_enabled, recipients,
                                content_id, i)),
       s AS (
         SELECT r.*,
                coalesce((SELECT st.notifications_enabled FROM tenant_settings st
                           WHERE st.tenant_id = r.tenant_id), false) AS enabled,
                EXISTS (SELECT 1 FROM slack_installations si
                         WHERE si.tenant_id = r.tenant_id AND si.revoked_at IS NULL
                           AND si.bot_token_encrypted IS NOT NULL) AS connected
           FROM r),
       d AS (
         SELECT s.id, s.tenant_id, e.user_id, (e.pos - 1)::int AS position, ${ACCEPT_SKIP_CASE} AS reason
           FROM s CROSS JOIN LATERAL jsonb_array_elements_text(s.recipients) WITH ORDINALITY AS e(user_id, pos)),
       decided AS (
         SELECT d.id, array_agg(d.reason ORDER BY d.position) AS reasons FROM d GROUP BY d.id),
       n AS (
         INSERT INTO notifications (id, tenant_id, idempotency_key, request_hash, type, content, data,
                                    recipients, skip_reasons, content_id)
         SELECT s.id, s.tenant_id, s.key, s.hash, s.type, s.content, s.data, s.recipients, x.reasons,
                s.content_id
           FROM s JOIN decided x ON x.id = s.id
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
         RETURNING id),
       written AS (
         INSERT INTO deliveries (notification_id, tenant_id, user_id, position, status, reason)
         SELECT d.id, d.tenant_id, d.user_id, d.position,
                CASE WHEN d.reason IS NULL THEN 'queued' ELSE 'skipped' END, d.reason
           FROM d WHERE d.id IN (SELECT id FROM n))
       SELECT s.id, s.id IN (SELECT id FROM n) AS inserted, x.reasons,
              (SELECT json_build_object('id', e.id, 'request_hash', e.request_hash,
                                        'recipients', e.recipients, 'skip_reasons', e.skip_reasons,
                                        'accepted_response', e.accepted_response)
                 FROM notifications e WHERE e.tenant_id = s.tenant_id AND e.idempotency_key = s.key) AS existing
         FROM s JOIN decided x ON x.id = s.id
        ORDER BY s.i`;

export class PostgresNotificationsRepository implements NotificationsRepository {
  /** Connections already set up by `client()`. */
  private readonly prepared = new WeakSet<PoolClient>();

  constructor(private readonly dataSource: DataSource) {}

  async acceptWithDeliveries(batch: readonly NotificationToAccept[]): Promise<AcceptedRow[]> {
    const client = await this.client();
    let failure: Error | undefined;
    try {
      return (
        await client.query<AcceptedRow>({
          name: 'accept-notifications-v4',
          text: ACCEPT_BATCH_SQL,
          values: [
            batch.map(() => randomUUID()),
            batch.map((n) => n.tenantId),
            batch.map((n) => n.idempotencyKey),
            batch.map((n) => n.requestHash),
            batch.map((n) => n.type),
            batch.map((n) => JSON.stringify(n.content)),
            batch.map((n) => (n.data === undefined ? null : JSON.stringify(n.data))),
            batch.map((n) => n.typeEnabled),
            batch.map((n) => JSON.stringify(n.recipients)),
            batch.map((n) => n.content.id),
          ],
        })
      ).rows;
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      client.release(failure);
    }
  }

  async findByKey(tenantId: string, idempotencyKey: string): Promise<StoredAcceptance | null> {
    const rows: StoredAcceptance[] = await this.dataSource.query(
      `SELECT id, request_hash, recipients, skip_reasons, accepted_response FROM notifications
        WHERE tenant_id = $1 AND idempotency_key = $2`,
      [tenantId, idempotencyKey],
    );
    return rows[0] ?? null;
  }

  async findWithDeliveries(
    tenantId: string,
    notificationId: string,
  ): Promise<{ notification: StoredNotification; deliveries: StoredDelivery[] } | null> {
    const found: StoredNotification[] = await this.dataSource.query(
      'SELECT id, type, idempotency_key, created_at FROM notifications WHERE tenant_id = $1 AND id = $2',
      [tenantId, notificationId],
    );
    const notification = found[0];
    if (!notification) return null;
    const deliveries: StoredDelivery[] = await this.dataSource.query(
      `SELECT user_id, status, reason, slack_user_id, channel, ts, attempts, updated_at, scheduled_for, digest
         FROM deliveries WHERE notification_id = $1 ORDER BY position`,
      [notification.id],
    );
    return { notification, deliveries };
  }

  /**
   * A connection from TypeORM's own pg pool, set up once for the accept statement. The statement
   * is named, so PostgreSQL parses it once per connection; and its plan is forced generic, because
   * the planner otherwise re-plans it for every batch (about 1.4 ms, more than running it: the
   * array sizes it would plan for are unknown anyway). Only named statements are affected, and
   * this is the only one: TypeORM's own queries are unnamed, always planned afresh.
   */
  private async client(): Promise<PoolClient> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    if (!this.prepared.has(client)) {
      try {
        await client.query('SET plan_cache_mode = force_generic_plan');
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      this.prepared.add(client);
    }
    return client;
  }
}

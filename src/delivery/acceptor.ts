import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { BoundedCache } from '../domain/bounded-cache';
import { AppError, ErrorCode } from '../errors';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import { type AcceptAnswer, acceptAnswer, type StoredAnswer, storedAnswer } from './accepted-answer';
import { canonicalJson } from './canonical-json';
import { GroupCommit, type Outcome } from './group-commit';
import type { NotificationContent, NotificationType, TypeEnabledCheck } from './types';

export type { AcceptAnswer, AcceptedDelivery } from './accepted-answer';

/** `POST /notifications` after validation (src/internal-api/notifications.ts). */
export interface NotificationRequest {
  idempotency_key: string;
  type: NotificationType;
  recipient_user_ids: string[];
  content: NotificationContent;
  data?: Record<string, unknown>;
}

export type AcceptResult = { status: 200 | 202; body: AcceptAnswer };

interface Item {
  tenantId: string;
  req: NotificationRequest;
  hash: string;
  recipients: string[];
}

interface Existing extends StoredAnswer {
  request_hash: string;
}

interface WrittenRow {
  id: string;
  inserted: boolean;
  /** One per recipient, in order: null for queued, else why it is skipped. */
  reasons: Array<string | null>;
  existing: Existing | null;
}

/**
 * Batch statements in flight at once; each carries every request that arrived meanwhile. One is
 * classic group commit; on the bench (quiet 2-core machine, 16 connections) 1 gave 6,000 accepts/s,
 * 2 to 4 gave 5,400-5,600: PostgreSQL was busier, not faster.
 */
const MAX_IN_FLIGHT = 1;
const MAX_BATCH = 200;
/** Tenants this process knows exist (tenants are never deleted by the app; see `ensureTenants`). */
const KNOWN_TENANTS = 10_000;
/** PostgreSQL's foreign_key_violation. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The batch statement (see `write`): one row per request in, one row per request out. Exported
 * for the test that checks its plan stays index-only on a tenant with many users.
 */
export const ACCEPT_BATCH_SQL = `WITH r AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[],
                              $7::jsonb[], $8::bool[], $9::jsonb[])
           WITH ORDINALITY AS r(id, tenant_id, key, hash, type, content, data, type_enabled, recipients, i)),
       s AS (
         SELECT r.*,
                coalesce((SELECT st.notifications_enabled FROM tenant_settings st
                           WHERE st.tenant_id = r.tenant_id), false) AS enabled,
                EXISTS (SELECT 1 FROM slack_installations si
                         WHERE si.tenant_id = r.tenant_id AND si.revoked_at IS NULL
                           AND si.bot_token_encrypted IS NOT NULL) AS connected
           FROM r),
       d AS (
         SELECT s.id, s.tenant_id, e.user_id, (e.pos - 1)::int AS position,
                CASE WHEN NOT s.connected THEN 'not_connected'
                     WHEN NOT s.enabled THEN 'notifications_disabled'
                     WHEN NOT s.type_enabled THEN 'type_disabled'
                     -- One primary-key probe per recipient, as a scalar subquery on purpose: as a
                     -- join, the planner hashed the tenant's whole users table (100k rows: 11 ms a
                     -- batch). No row: unknown; '' (wants them): no reason.
                     ELSE nullif(coalesce(
                            (SELECT CASE WHEN p.receive_slack_notifications THEN '' ELSE 'user_opted_out' END
                               FROM plusplus_users p WHERE p.tenant_id = s.tenant_id AND p.user_id = e.user_id),
                            'unknown_user'), '') END AS reason
           FROM s CROSS JOIN LATERAL jsonb_array_elements_text(s.recipients) WITH ORDINALITY AS e(user_id, pos)),
       decided AS (
         SELECT d.id, array_agg(d.reason ORDER BY d.position) AS reasons FROM d GROUP BY d.id),
       n AS (
         INSERT INTO notifications (id, tenant_id, idempotency_key, request_hash, type, content, data,
                                    recipients, skip_reasons)
         SELECT s.id, s.tenant_id, s.key, s.hash, s.type, s.content, s.data, s.recipients, x.reasons
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

/**
 * Accepting notifications (design §4) with group commit: the requests that arrive while a write is
 * in flight are decided and written together by one statement (earlier uses of their keys, the
 * tenants' switch and installation, the recipients; then the notifications and deliveries), so a
 * burst of N requests costs one round trip and one commit instead of N. Each caller still gets its
 * answer only after the statement holding its deliveries has committed. If a batch's write fails,
 * its requests are retried one by one, so one bad request cannot fail its neighbours.
 */
export class NotificationAcceptor {
  private readonly batches = new GroupCommit<Item, AcceptResult>((items) => this.acceptBatch(items), {
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
  });

  /** Connections already set up by `client()`. */
  private readonly prepared = new WeakSet<PoolClient>();

  /** Tenants known to exist, so a batch need not create them (`ensureTenants`). */
  private readonly knownTenants = new BoundedCache<string, true>(KNOWN_TENANTS);

  constructor(
    private readonly o: {
      dataSource: DataSource;
      tenants: TenantsRepository;
      isTypeEnabled?: TypeEnabledCheck;
    },
  ) {}

  accept(tenantId: string, req: NotificationRequest): Promise<AcceptResult> {
    const hash = createHash('sha256').update(canonicalJson(req)).digest('hex');
    return this.batches.submit({ tenantId, req, hash, recipients: [...new Set(req.recipient_user_ids)] });
  }

  private async acceptBatch(items: Item[]): Promise<Array<Outcome<AcceptResult>>> {
    // One key twice in a batch: the later use waits for the next batch, where it meets the first.
    const keys = new Set<string>();
    const outcomes: Array<Outcome<AcceptResult> | undefined> = [];
    const now: Item[] = [];
    for (const item of items) {
      const key = `${item.tenantId}\u0000${item.req.idempotency_key}`;
      if (keys.has(key)) {
        const later = this.batches.submit(item);
        later.catch(() => undefined); // settled by the group commit; this only marks it handled
        outcomes.push({ later });
      } else {
        keys.add(key);
        outcomes.push(undefined);
        now.push(item);
      }
    }
    const answers = await this.acceptDistinct(now);
    let j = 0;
    return outcomes.map((o) => o ?? answers[j++]!);
  }

  private async acceptDistinct(items: Item[]): Promise<Array<Outcome<AcceptResult>>> {
    try {
      return await this.acceptTogether(items);
    } catch (error) {
      if (items.length === 1) return [{ error }];
      // Find the culprit: each request alone, so the others still get their answers.
      return Promise.all(items.map(async (item) => (await this.acceptDistinct([item]))[0]!));
    }
  }

  private async acceptTogether(items: Item[]): Promise<Array<Outcome<AcceptResult>>> {
    await this.ensureTenants(items);
    const typeEnabled = await this.typesEnabled(items);
    let rows: WrittenRow[];
    try {
      rows = await this.write(items, typeEnabled);
    } catch (error) {
      if ((error as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw error;
      // A tenant remembered here was deleted meanwhile (by hand or by a test): create it again.
      for (const item of items) this.knownTenants.delete(item.tenantId);
      await this.ensureTenants(items);
      rows = await this.write(items, typeEnabled);
    }
    return Promise.all(
      items.map(async (item, i): Promise<Outcome<AcceptResult>> => {
        const row = rows[i]!;
        if (row.inserted) {
          return settle(() => ({ status: 202, body: acceptAnswer(row.id, item.recipients, row.reasons) }));
        }
        if (row.existing) return settle(() => repeat(row.existing!, item.hash));
        // Another request with the same key committed after this statement's snapshot was taken.
        // The batch has committed: a failing look-up fails this request only, since retrying the
        // whole batch would answer its stored requests 200 instead of 202.
        try {
          const again = await this.findExisting(item);
          return again
            ? settle(() => repeat(again, item.hash))
            : { error: new AppError(ErrorCode.Internal, 'The notification vanished while it was accepted.') };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /**
   * Tenants exist from their first use (design §4). The app never deletes one, so each is created
   * (idempotently) once per process, outside the batch statement: keeping it in there cost a fifth
   * of the statement's time for a row that almost always exists.
   */
  private async ensureTenants(items: Item[]): Promise<void> {
    const unknown = new Set(items.map((it) => it.tenantId).filter((t) => !this.knownTenants.get(t)));
    if (unknown.size === 0) return;
    for (const tenantId of unknown) await this.o.tenants.ensure(tenantId);
    for (const tenantId of unknown) this.knownTenants.set(tenantId, true);
  }

  private async typesEnabled(items: Item[]): Promise<boolean[]> {
    const check = this.o.isTypeEnabled;
    if (!check) return items.map(() => true);
    const answers = new Map<string, Promise<boolean>>();
    return Promise.all(
      items.map((it) => {
        const key = `${it.tenantId}\u0000${it.req.type}`;
        if (!answers.has(key)) answers.set(key, Promise.resolve(check(it.tenantId, it.req.type)));
        return answers.get(key)!;
      }),
    );
  }

  /**
   * The whole batch in one statement, so one round trip and one commit: decide every recipient's
   * fate (the tenant-wide reasons first, then the recipient's own), insert the notifications (a
   * key used before inserts nothing) with those reasons and their deliveries, and report per
   * request what was written or found. The answers are built from the reasons in `acceptTogether`.
   */
  private async write(items: Item[], typeEnabled: boolean[]): Promise<WrittenRow[]> {
    const client = await this.client();
    let failure: Error | undefined;
    try {
      return (
        await client.query<WrittenRow>({
          name: 'accept-notifications-v3',
          text: ACCEPT_BATCH_SQL,
          values: [
            items.map(() => randomUUID()),
            items.map((it) => it.tenantId),
            items.map((it) => it.req.idempotency_key),
            items.map((it) => it.hash),
            items.map((it) => it.req.type),
            items.map((it) => JSON.stringify(it.req.content)),
            items.map((it) => (it.req.data === undefined ? null : JSON.stringify(it.req.data))),
            typeEnabled,
            items.map((it) => JSON.stringify(it.recipients)),
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

  /**
   * A connection from TypeORM's own pg pool, set up once for the accept statement. The statement
   * is named, so PostgreSQL parses it once per connection; and its plan is forced generic, because
   * the planner otherwise re-plans it for every batch (about 1.4 ms, more than running it: the
   * array sizes it would plan for are unknown anyway). Only named statements are affected, and
   * this is the only one: TypeORM's own queries are unnamed, always planned afresh.
   */
  private async client(): Promise<PoolClient> {
    const pool = (this.o.dataSource.driver as PostgresDriver).master as Pool;
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

  private async findExisting(item: Item): Promise<Existing | null> {
    const rows: Existing[] = await this.o.dataSource.query(
      `SELECT id, request_hash, recipients, skip_reasons, accepted_response FROM notifications
        WHERE tenant_id = $1 AND idempotency_key = $2`,
      [item.tenantId, item.req.idempotency_key],
    );
    return rows[0] ?? null;
  }
}

/** The first answer again for a repeated key; 409 when the key came with another request. */
function repeat(existing: Existing, hash: string): AcceptResult {
  if (existing.request_hash !== hash) {
    throw new AppError(
      ErrorCode.Conflict,
      'This idempotency_key was already used for a different notification.',
      { notification_id: existing.id },
    );
  }
  return { status: 200, body: storedAnswer(existing) };
}

function settle<O>(fn: () => O): Outcome<O> {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError, ErrorCode, notFound } from '../errors';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type {
  AcceptSkipReason,
  DeliveryStatus,
  NotificationContent,
  NotificationType,
  TypeEnabledCheck,
} from './types';

/** `POST /notifications` after validation (src/internal-api/notifications.ts). */
export interface NotificationRequest {
  idempotency_key: string;
  type: NotificationType;
  recipient_user_ids: string[];
  content: NotificationContent;
  data?: Record<string, unknown>;
}

export interface AcceptedDelivery {
  user_id: string;
  status: DeliveryStatus;
  reason?: string;
}

export interface AcceptAnswer {
  notification_id: string;
  deliveries: AcceptedDelivery[];
}

export interface DeliveryView extends AcceptedDelivery {
  slack_user_id?: string;
  channel?: string;
  ts?: string;
  attempts: number;
  updated_at: string;
}

/** Canonical JSON (keys sorted at every level): the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface PreRead {
  existing: { id: string; request_hash: string; accepted_response: AcceptAnswer } | null;
  enabled: boolean | null;
  connected: boolean;
  users: Array<[string, boolean]>;
}

/**
 * Accepting notifications and reporting on them (design §4). Accept is two round trips: one read
 * (an earlier use of the key, the switch, the installation, the recipients) and one INSERT
 * statement that writes the notification and all its deliveries; 202 is answered only after that
 * statement has committed, so an accepted delivery survives any crash that follows.
 */
export class NotificationService {
  constructor(
    private readonly o: {
      dataSource: DataSource;
      tenants: TenantsRepository;
      isTypeEnabled?: TypeEnabledCheck;
    },
  ) {}

  async accept(
    tenantId: string,
    req: NotificationRequest,
  ): Promise<{ status: 200 | 202; body: AcceptAnswer }> {
    const hash = createHash('sha256').update(canonicalJson(req)).digest('hex');
    const recipients = [...new Set(req.recipient_user_ids)];
    const pre = await this.preRead(tenantId, req.idempotency_key, recipients);
    if (pre.existing) return this.repeat(pre.existing, hash);
    // A tenant seen for the first time: create it (and its default settings) for the foreign key.
    if (pre.enabled === null) await this.o.tenants.ensure(tenantId);

    const known = new Map(pre.users);
    const typeEnabled = await (this.o.isTypeEnabled?.(tenantId, req.type) ?? true);
    // The tenant-wide reasons first (the most useful to an admin), then the recipient's own.
    const tenantSkip: AcceptSkipReason | null = !pre.connected
      ? 'not_connected'
      : !pre.enabled
        ? 'notifications_disabled'
        : !typeEnabled
          ? 'type_disabled'
          : null;
    const deliveries: AcceptedDelivery[] = recipients.map((userId) => {
      const wants = known.get(userId);
      const reason = tenantSkip ?? (wants === undefined ? 'unknown_user' : wants ? null : 'user_opted_out');
      return reason ? { user_id: userId, status: 'skipped', reason } : { user_id: userId, status: 'queued' };
    });
    const body: AcceptAnswer = { notification_id: randomUUID(), deliveries };
    const inserted: unknown[] = await this.o.dataSource.query(
      `WITH n AS (
         INSERT INTO notifications (id, tenant_id, idempotency_key, request_hash, type, content, data, accepted_response)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb)
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
         RETURNING id)
       INSERT INTO deliveries (notification_id, tenant_id, user_id, position, status, reason)
       SELECT n.id, $2, d.user_id, d.position, d.status, d.reason
         FROM n, unnest($9::text[], $10::int[], $11::text[], $12::text[]) AS d(user_id, position, status, reason)
       RETURNING 1`,
      [
        body.notification_id,
        tenantId,
        req.idempotency_key,
        hash,
        req.type,
        JSON.stringify(req.content),
        req.data === undefined ? null : JSON.stringify(req.data),
        JSON.stringify(body),
        deliveries.map((d) => d.user_id),
        deliveries.map((_, i) => i),
        deliveries.map((d) => d.status),
        deliveries.map((d) => d.reason ?? null),
      ],
    );
    // TypeORM answers an INSERT with its rows only (no count): hence RETURNING 1.
    if (inserted.length > 0) return { status: 202, body };
    // Another request with the same key committed between our read and our insert.
    const again = await this.preRead(tenantId, req.idempotency_key, []);
    if (!again.existing)
      throw new AppError(ErrorCode.Internal, 'The notification vanished while it was accepted.');
    return this.repeat(again.existing, hash);
  }

  private repeat(existing: NonNullable<PreRead['existing']>, hash: string) {
    if (existing.request_hash !== hash) {
      throw new AppError(
        ErrorCode.Conflict,
        'This idempotency_key was already used for a different notification.',
        { notification_id: existing.id },
      );
    }
    return { status: 200 as const, body: existing.accepted_response };
  }

  private async preRead(tenantId: string, key: string, userIds: string[]): Promise<PreRead> {
    const rows: PreRead[] = await this.o.dataSource.query(
      `SELECT
         (SELECT json_build_object('id', id, 'request_hash', request_hash, 'accepted_response', accepted_response)
            FROM notifications WHERE tenant_id = $1 AND idempotency_key = $2) AS existing,
         (SELECT notifications_enabled FROM tenant_settings WHERE tenant_id = $1) AS enabled,
         EXISTS (SELECT 1 FROM slack_installations
                  WHERE tenant_id = $1 AND revoked_at IS NULL AND bot_token_encrypted IS NOT NULL) AS connected,
         (SELECT coalesce(json_agg(json_build_array(user_id, receive_slack_notifications)), '[]'::json)
            FROM plusplus_users WHERE tenant_id = $1 AND user_id = ANY($3::text[])) AS users`,
      [tenantId, key, userIds],
    );
    return rows[0]!;
  }

  /** GET /notifications/{id}: every recipient's status now. */
  async get(tenantId: string, notificationId: string) {
    const found: Array<{ id: string; type: string; idempotency_key: string; created_at: Date }> =
      await this.o.dataSource.query(
        'SELECT id, type, idempotency_key, created_at FROM notifications WHERE tenant_id = $1 AND id = $2',
        [tenantId, notificationId],
      );
    const n = found[0];
    if (!n) throw notFound(`Notification "${notificationId}"`);
    const rows: Array<{
      user_id: string;
      status: DeliveryStatus;
      reason: string | null;
      slack_user_id: string | null;
      channel: string | null;
      ts: string | null;
      attempts: number;
      updated_at: Date;
    }> = await this.o.dataSource.query(
      `SELECT user_id, status, reason, slack_user_id, channel, ts, attempts, updated_at
         FROM deliveries WHERE notification_id = $1 ORDER BY position`,
      [n.id],
    );
    const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, skipped: 0, failed: 0 };
    const deliveries: DeliveryView[] = rows.map((r) => {
      counts[r.status] += 1;
      return {
        user_id: r.user_id,
        status: r.status,
        ...(r.reason && (r.status === 'skipped' || r.status === 'failed') ? { reason: r.reason } : {}),
        ...(r.status === 'sent' ? { slack_user_id: r.slack_user_id!, channel: r.channel!, ts: r.ts! } : {}),
        attempts: r.attempts,
        updated_at: r.updated_at.toISOString(),
      };
    });
    return {
      notification_id: n.id,
      type: n.type,
      idempotency_key: n.idempotency_key,
      created_at: n.created_at.toISOString(),
      done: counts.queued + counts.sending === 0,
      counts,
      deliveries,
    };
  }
}

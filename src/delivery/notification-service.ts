import type { DataSource } from 'typeorm';
import { notFound } from '../errors';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import {
  type AcceptedDelivery,
  type AcceptResult,
  NotificationAcceptor,
  type NotificationRequest,
} from './acceptor';
import type { DeliveryStatus, TypeEnabledCheck } from './types';

export type { AcceptAnswer, AcceptedDelivery, NotificationRequest } from './acceptor';
export { canonicalJson } from './canonical-json';

export interface DeliveryView extends AcceptedDelivery {
  slack_user_id?: string;
  channel?: string;
  ts?: string;
  attempts: number;
  updated_at: string;
}

/**
 * Accepting notifications and reporting on them (design §4). Accepting is NotificationAcceptor's
 * (group commit: 202 only after the statement holding the deliveries has committed).
 */
export class NotificationService {
  private readonly acceptor: NotificationAcceptor;

  constructor(
    private readonly o: {
      dataSource: DataSource;
      tenants: TenantsRepository;
      isTypeEnabled?: TypeEnabledCheck;
    },
  ) {
    this.acceptor = new NotificationAcceptor(o);
  }

  accept(tenantId: string, req: NotificationRequest): Promise<AcceptResult> {
    return this.acceptor.accept(tenantId, req);
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

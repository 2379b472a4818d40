import { notFound } from '../../errors';
import type { NotificationsRepository } from '../../persistence/repositories/notifications-repository';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import { type AcceptResult, NotificationAcceptor, type NotificationRequest } from './acceptor';
import type { DeliveryStatus, SettleObserver, TypeEnabledCheck } from './types';

export type { AcceptAnswer, AcceptedDelivery, NotificationRequest } from './acceptor';
export { canonicalJson } from './canonical-json';

/** One recipient's delivery as it stands (GET /notifications/{id}; its wire form is the internal API's). */
export interface DeliveryState {
  userId: string;
  status: DeliveryStatus;
  /** Why it was skipped or failed. */
  reason?: string;
  /** Where the DM went, once sent. */
  sent?: { slackUserId: string; channel: string; ts: string; digest?: true };
  /** Status `scheduled` (issue 21): the window start it waits for (sent paced from then). */
  scheduledFor?: Date;
  attempts: number;
  updatedAt: Date;
}

/** A notification and every recipient's delivery. */
export interface NotificationState {
  id: string;
  type: string;
  idempotencyKey: string;
  createdAt: Date;
  /** Nothing is queued or being sent any more. */
  done: boolean;
  counts: Record<DeliveryStatus, number>;
  deliveries: DeliveryState[];
}

/**
 * Accepting notifications and reporting on them (design §4). Accepting is NotificationAcceptor's
 * (group commit: 202 only after the statement holding the deliveries has committed).
 */
export class NotificationService {
  private readonly acceptor: NotificationAcceptor;

  constructor(
    private readonly o: {
      repository: NotificationsRepository;
      tenants: TenantsRepository;
      isTypeEnabled: TypeEnabledCheck;
      /** Told of the recipients skipped at accept time (metrics), once per new notification. */
      onSettled?: SettleObserver;
    },
  ) {
    this.acceptor = new NotificationAcceptor(o);
  }

  async accept(tenantId: string, req: NotificationRequest): Promise<AcceptResult> {
    const result = await this.acceptor.accept(tenantId, req);
    // 202: stored now (a repeat of the key answers 200 and settles nothing new).
    if (result.status === 202 && this.o.onSettled) {
      for (const d of result.body.deliveries) {
        if (d.status === 'skipped') this.o.onSettled('skipped', d.reason ?? null, 1);
      }
    }
    return result;
  }

  /** GET /notifications/{id}: every recipient's status now. */
  async get(tenantId: string, notificationId: string): Promise<NotificationState> {
    const found = await this.o.repository.findWithDeliveries(tenantId, notificationId);
    if (!found) throw notFound(`Notification "${notificationId}"`);
    const { notification: n, deliveries: rows } = found;
    const counts: Record<DeliveryStatus, number> = {
      queued: 0,
      scheduled: 0,
      sending: 0,
      sent: 0,
      skipped: 0,
      failed: 0,
    };
    const deliveries = rows.map((r): DeliveryState => {
      // A queued row held back by a send window is `scheduled` on the wire (issue 21).
      const status: DeliveryStatus = r.status === 'queued' && r.scheduled_for ? 'scheduled' : r.status;
      counts[status] += 1;
      return {
        userId: r.user_id,
        status,
        ...(status === 'scheduled' ? { scheduledFor: r.scheduled_for! } : {}),
        ...(r.reason && (r.status === 'skipped' || r.status === 'failed') ? { reason: r.reason } : {}),
        ...(r.status === 'sent'
          ? {
              sent: {
                slackUserId: r.slack_user_id!,
                channel: r.channel!,
                ts: r.ts!,
                ...(r.digest ? { digest: true as const } : {}),
              },
            }
          : {}),
        attempts: r.attempts,
        updatedAt: r.updated_at,
      };
    });
    return {
      id: n.id,
      type: n.type,
      idempotencyKey: n.idempotency_key,
      createdAt: n.created_at,
      done: counts.queued + counts.scheduled + counts.sending === 0,
      counts,
      deliveries,
    };
  }
}

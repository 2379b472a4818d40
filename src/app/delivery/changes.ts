import { createHash } from 'node:crypto';
import { AppError, ErrorCode, notFound } from '../../errors';
import type {
  ChangedNotification,
  ChangeOutcome,
  ChangeRequest,
  DeliveryRevision,
  NotificationRevisionsRepository,
} from '../../persistence/repositories/notification-revisions-repository';
import { canonicalJson } from './canonical-json';
import type { NotificationContent, SettleObserver } from './types';

export type {
  ChangedDelivery,
  ChangedNotification,
  DeliveryRevision,
} from '../../persistence/repositories/notification-revisions-repository';

/** A move of the event (PATCH /notifications/{id}, PATCH /content/{content_id}), validated. */
export interface UpdateChange {
  changeKey: string;
  content: NotificationContent;
  /** New template data; absent keeps the data as it is. */
  data?: Record<string, unknown>;
  /** Default true: a reply in each edited DM's thread. */
  notify?: boolean;
}

/** A cancellation (POST …/cancel), validated. */
export interface CancelChange {
  changeKey: string;
  reason?: string;
  notify?: boolean;
}

export type ChangeTarget = { notificationId: string } | { contentId: string };

/**
 * 202 for a change applied now; 200 for a repeat of its `change_key` (the first answer again).
 * `notifications`: the one changed notification, or every one of the content item.
 */
export interface ChangeResult {
  status: 200 | 202;
  notifications: ChangedNotification[];
}

/** A notification's revision and each delivery's edit state (by PlusPlus user id), or null. */
export interface NotificationRevisions {
  revision: number;
  cancelled: boolean;
  deliveries: Map<string, DeliveryRevision>;
}

/**
 * Changes and cancellations of notifications (issue 20, design §4): hash the request for its
 * `change_key`, let the repository apply it in one transaction, and turn the outcome into results
 * and the contract's errors. Sending the edits is the edit lane's (revision-processor.ts); the wire
 * shapes are src/internal-api/changes.ts's.
 */
export class ChangeService {
  constructor(
    private readonly o: {
      revisions: Pick<NotificationRevisionsRepository, 'changeNotification' | 'changeContent' | 'revisions'>;
      /** Told of the queued deliveries a cancel skipped (metrics). */
      onSettled?: SettleObserver;
    },
  ) {}

  async update(tenantId: string, target: ChangeTarget, change: UpdateChange): Promise<ChangeResult> {
    if ('contentId' in target && change.content.id !== target.contentId) {
      throw new AppError(
        ErrorCode.InvalidRequest,
        `content.id must be the content_id of the path ("${target.contentId}"): a change cannot move a notification to another content item.`,
      );
    }
    return this.run(tenantId, target, {
      op: 'update',
      changeKey: change.changeKey,
      requestHash: requestHash('update', {
        change_key: change.changeKey,
        content: change.content,
        data: change.data,
        notify: change.notify,
      }),
      content: change.content,
      data: change.data,
      notify: change.notify ?? true,
    });
  }

  async cancel(tenantId: string, target: ChangeTarget, change: CancelChange): Promise<ChangeResult> {
    return this.run(tenantId, target, {
      op: 'cancel',
      changeKey: change.changeKey,
      requestHash: requestHash('cancel', {
        change_key: change.changeKey,
        reason: change.reason,
        notify: change.notify,
      }),
      reason: change.reason,
      notify: change.notify ?? true,
    });
  }

  /** For GET /notifications/{id}: the revision and each delivery's edit state; null if none. */
  async revisions(notificationId: string): Promise<NotificationRevisions | null> {
    return this.o.revisions.revisions(notificationId);
  }

  private async run(tenantId: string, target: ChangeTarget, req: ChangeRequest): Promise<ChangeResult> {
    const outcome: ChangeOutcome =
      'notificationId' in target
        ? await this.o.revisions.changeNotification(tenantId, target.notificationId, req)
        : await this.o.revisions.changeContent(tenantId, target.contentId, req);
    const what =
      'notificationId' in target
        ? `Notification "${target.notificationId}"`
        : `Content "${target.contentId}"`;
    switch (outcome.kind) {
      case 'not_found':
        throw notFound(what);
      case 'conflict':
        throw new AppError(
          ErrorCode.Conflict,
          `change_key "${req.changeKey}" was already used with a different body.`,
        );
      case 'cancelled':
        throw new AppError(
          ErrorCode.Conflict,
          'notificationId' in target
            ? `${what} was cancelled: it cannot change any more.`
            : `Every notification about ${what.toLowerCase()} was cancelled: they cannot change any more.`,
        );
      case 'content_id_changed':
        throw new AppError(
          ErrorCode.InvalidRequest,
          `content.id must stay the notification's content id: a change cannot move notification "${outcome.notificationId}" to another content item.`,
        );
      case 'repeat':
      case 'applied': {
        if (outcome.kind === 'applied' && outcome.cancelledQueued > 0) {
          this.o.onSettled?.('skipped', 'cancelled', outcome.cancelledQueued);
        }
        return { status: outcome.kind === 'applied' ? 202 : 200, notifications: outcome.answers };
      }
    }
  }
}

/**
 * SHA-256 of the change in canonical JSON: which route (update or cancel) and the body, with the
 * body's wire keys (absent fields left out). Hashes stored since issue 20 were taken over the
 * request body as it came in; this is the same value, so a `change_key` used before still repeats
 * (200) instead of conflicting (409). Do not rename these keys.
 */
function requestHash(op: 'update' | 'cancel', body: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ op, body })).digest('hex');
}

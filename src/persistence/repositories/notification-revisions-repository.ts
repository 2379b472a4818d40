import type { DataSource, EntityManager } from 'typeorm';
import type { NotificationContent } from '../../domain/templates/types';

/**
 * Changes and cancellations of notifications (issue 20, design §4, docs/delivery.md "Changes and
 * cancellations"): every statement that writes a revision. A change runs in one transaction that
 * first locks the notification row (`FOR UPDATE`), so concurrent changes of one notification apply
 * one after the other, each on the result of the one before (no lost update), and a change and a
 * post's `complete` (which takes `FOR KEY SHARE` on the same row) can never miss each other.
 */

/** One change as the API asked for it, validated. */
export interface ChangeRequest {
  op: 'update' | 'cancel';
  changeKey: string;
  /** SHA-256 of the request in canonical JSON (the same key with another body is a conflict). */
  requestHash: string;
  /** update: the new content (the whole object). */
  content?: NotificationContent;
  /** update: the new data; undefined keeps the data as it is. */
  data?: Record<string, unknown>;
  notify: boolean;
  /** cancel: the reason given. */
  reason?: string;
}

/** A recipient of a changed notification: its delivery status and, if sent, the edit's. */
export interface ChangedDelivery {
  userId: string;
  status: string;
  /** Sent deliveries: `pending`, `updated` or `failed`. */
  revisionStatus?: string;
  /** Skipped/failed: why; a failed edit: Slack's code. */
  reason?: string;
}

/** One notification after a change: its new revision and every recipient. */
export interface ChangedNotification {
  notificationId: string;
  revision: number;
  deliveries: ChangedDelivery[];
}

/**
 * How a change's first answer is kept in `notification_revisions.answer` (jsonb), so that the same
 * `change_key` again answers exactly it. The keys are the wire's (rows written since issue 20 look
 * like this); `fromStored`/`toStored` are the only places that know them in this layer.
 */
interface StoredAnswer {
  notification_id: string;
  revision: number;
  deliveries: Array<{ user_id: string; status: string; revision_status?: string; reason?: string }>;
}

function toStored(a: ChangedNotification): StoredAnswer {
  return {
    notification_id: a.notificationId,
    revision: a.revision,
    deliveries: a.deliveries.map((d) => ({
      user_id: d.userId,
      status: d.status,
      ...(d.revisionStatus !== undefined ? { revision_status: d.revisionStatus } : {}),
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
    })),
  };
}

function fromStored(s: StoredAnswer): ChangedNotification {
  return {
    notificationId: s.notification_id,
    revision: s.revision,
    deliveries: s.deliveries.map((d) => ({
      userId: d.user_id,
      status: d.status,
      ...(d.revision_status !== undefined ? { revisionStatus: d.revision_status } : {}),
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
    })),
  };
}

export type ChangeOutcome =
  | { kind: 'applied'; answers: ChangedNotification[]; cancelledQueued: number }
  | { kind: 'repeat'; answers: ChangedNotification[] }
  | { kind: 'not_found' }
  | { kind: 'cancelled' }
  | { kind: 'conflict' }
  /** update: the new content names another content.id than the notification's. */
  | { kind: 'content_id_changed'; notificationId: string };

/** The edit-lane fields of one delivery, for GET /notifications/{id}. */
export interface DeliveryRevision {
  revision: number;
  revisionStatus: string | null;
  revisionReason: string | null;
  revisionAt: Date | null;
}

interface LockedNotification {
  id: string;
  content: NotificationContent;
  data: Record<string, unknown> | null;
  revision: number;
  cancelled: boolean;
}

const LOCK_COLUMNS = `id, content, data, revision, cancelled_at IS NOT NULL AS cancelled`;

export class NotificationRevisionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** PATCH /notifications/{id} and POST /notifications/{id}/cancel. */
  async changeNotification(
    tenantId: string,
    notificationId: string,
    req: ChangeRequest,
  ): Promise<ChangeOutcome> {
    return this.dataSource.transaction(async (m) => {
      const rows: LockedNotification[] = await m.query(
        `SELECT ${LOCK_COLUMNS} FROM notifications WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, notificationId],
      );
      return this.apply(m, rows, req);
    });
  }

  /**
   * PATCH /content/{content_id} and POST /content/{content_id}/cancel: every notification of the
   * tenant about this content item, locked in id order (two such changes never deadlock). Those
   * already cancelled are left out; if all are, the change is a conflict.
   */
  async changeContent(tenantId: string, contentId: string, req: ChangeRequest): Promise<ChangeOutcome> {
    return this.dataSource.transaction(async (m) => {
      const rows: LockedNotification[] = await m.query(
        `SELECT ${LOCK_COLUMNS} FROM notifications
          WHERE tenant_id = $1 AND content_id = $2 ORDER BY id FOR UPDATE`,
        [tenantId, contentId],
      );
      return this.apply(m, rows, req);
    });
  }

  /** The shared part: repeat, conflict, cancelled, or apply the change to each locked notification. */
  private async apply(
    m: EntityManager,
    rows: LockedNotification[],
    req: ChangeRequest,
  ): Promise<ChangeOutcome> {
    if (rows.length === 0) return { kind: 'not_found' };
    // Under the lock: a concurrent first use of the key has committed, or waits for us.
    const seen: Array<{ request_hash: string; answer: StoredAnswer }> = await m.query(
      `SELECT request_hash, answer FROM notification_revisions
        WHERE notification_id = ANY($1::uuid[]) AND change_key = $2 ORDER BY notification_id`,
      [rows.map((r) => r.id), req.changeKey],
    );
    if (seen.length > 0) {
      if (seen.some((s) => s.request_hash !== req.requestHash)) return { kind: 'conflict' };
      return { kind: 'repeat', answers: seen.map((s) => fromStored(s.answer)) };
    }
    const open = rows.filter((r) => !r.cancelled);
    if (open.length === 0) return { kind: 'cancelled' };
    if (req.op === 'update') {
      const moved = open.find((r) => r.content.id !== req.content?.id);
      if (moved) return { kind: 'content_id_changed', notificationId: moved.id };
    }
    const answers: ChangedNotification[] = [];
    let cancelledQueued = 0;
    for (const n of open) {
      const result = await this.applyOne(m, n, req);
      answers.push(result.answer);
      cancelledQueued += result.cancelledQueued;
    }
    return { kind: 'applied', answers, cancelledQueued };
  }

  private async applyOne(
    m: EntityManager,
    n: LockedNotification,
    req: ChangeRequest,
  ): Promise<{ answer: ChangedNotification; cancelledQueued: number }> {
    const revision = n.revision + 1;
    const content = req.op === 'update' && req.content ? req.content : n.content;
    const data = req.op === 'update' && req.data !== undefined ? req.data : n.data;
    if (n.revision === 0) {
      // The version as accepted, so an edit can say what changed against what the DM shows.
      await m.query(
        `INSERT INTO notification_revisions (notification_id, revision, kind, content, data, notify)
         VALUES ($1, 0, 'original', $2, $3, false)`,
        [n.id, n.content, n.data],
      );
    }
    await m.query(
      `INSERT INTO notification_revisions
         (notification_id, revision, kind, change_key, request_hash, content, data, notify, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [n.id, revision, req.op, req.changeKey, req.requestHash, content, data, req.notify, req.reason ?? null],
    );
    await m.query(
      `UPDATE notifications
          SET revision = $2, content = $3, data = $4,
              cancelled_at = CASE WHEN $5 THEN now() ELSE cancelled_at END,
              cancel_reason = CASE WHEN $5 THEN $6 ELSE cancel_reason END
        WHERE id = $1`,
      [n.id, revision, content, data, req.op === 'cancel', req.reason ?? null],
    );
    let cancelledQueued = 0;
    if (req.op === 'cancel') {
      // Not yet claimed: never sent. One being sent right now is settled by its worker: it sees the
      // cancel before it posts (skipped) or in its complete (then its DM is edited to cancelled).
      const [, count] = (await m.query(
        `UPDATE deliveries SET status = 'skipped', reason = 'cancelled', updated_at = now()
          WHERE notification_id = $1 AND status = 'queued'`,
        [n.id],
      )) as [unknown, number];
      cancelledQueued = count;
    }
    // Sent DMs showing an older version get an edit. A row whose edit is in flight keeps its lease:
    // its worker's completion sees this newer revision and makes it pending again, so edits of one
    // DM never overlap and the last one applied is the latest.
    await m.query(
      `UPDATE deliveries
          SET revision_status = 'pending', revision_reason = NULL, revision_at = now(),
              revision_run_at = CASE WHEN revision_lease IS NULL THEN now() ELSE revision_run_at END,
              revision_attempts = CASE WHEN revision_lease IS NULL THEN 0 ELSE revision_attempts END
        WHERE notification_id = $1 AND status = 'sent' AND revision < $2`,
      [n.id, revision],
    );
    const deliveries: Array<{
      user_id: string;
      status: string;
      reason: string | null;
      revision_status: string | null;
      revision_reason: string | null;
    }> = await m.query(
      `SELECT user_id, status, reason, revision_status, revision_reason
         FROM deliveries WHERE notification_id = $1 ORDER BY position`,
      [n.id],
    );
    const answer: ChangedNotification = {
      notificationId: n.id,
      revision,
      deliveries: deliveries.map((d) => changedDelivery(d)),
    };
    await m.query(
      `UPDATE notification_revisions SET answer = $3 WHERE notification_id = $1 AND revision = $2`,
      [n.id, revision, toStored(answer)],
    );
    return { answer, cancelledQueued };
  }

  /**
   * The notification's version now, for a post about to leave: whether it was cancelled, and the
   * latest content and data if its revision is past `claimed` (else null: the claim's are current).
   */
  async current(
    notificationId: string,
    claimed: number,
  ): Promise<{
    revision: number;
    cancelled: boolean;
    content: NotificationContent | null;
    data: Record<string, unknown> | null;
  } | null> {
    const rows = await this.dataSource.query(
      `SELECT revision, cancelled_at IS NOT NULL AS cancelled,
              CASE WHEN revision > $2 THEN content END AS content,
              CASE WHEN revision > $2 THEN data END AS data
         FROM notifications WHERE id = $1`,
      [notificationId, claimed],
    );
    return rows[0] ?? null;
  }

  /** GET /notifications/{id}: the notification's revision and each delivery's edit state, by user. */
  async revisions(
    notificationId: string,
  ): Promise<{ revision: number; cancelled: boolean; deliveries: Map<string, DeliveryRevision> } | null> {
    const n: Array<{ revision: number; cancelled: boolean }> = await this.dataSource.query(
      `SELECT revision, cancelled_at IS NOT NULL AS cancelled FROM notifications WHERE id = $1`,
      [notificationId],
    );
    if (!n[0]) return null;
    const rows: Array<DeliveryRevision & { userId: string }> = await this.dataSource.query(
      `SELECT user_id AS "userId", revision, revision_status AS "revisionStatus",
              revision_reason AS "revisionReason", revision_at AS "revisionAt"
         FROM deliveries WHERE notification_id = $1`,
      [notificationId],
    );
    return {
      revision: n[0].revision,
      cancelled: n[0].cancelled,
      deliveries: new Map(rows.map(({ userId, ...r }) => [userId, r])),
    };
  }
}

/** A delivery in a change's answer: `revision_status` for sent ones (with Slack's code when failed). */
export function changedDelivery(d: {
  user_id: string;
  status: string;
  reason: string | null;
  revision_status: string | null;
  revision_reason: string | null;
}): ChangedDelivery {
  const out: ChangedDelivery = { userId: d.user_id, status: d.status };
  if (d.status === 'sent' && d.revision_status) out.revisionStatus = d.revision_status;
  if ((d.status === 'skipped' || d.status === 'failed') && d.reason) out.reason = d.reason;
  else if (d.status === 'sent' && d.revision_status === 'failed' && d.revision_reason)
    out.reason = d.revision_reason;
  return out;
}

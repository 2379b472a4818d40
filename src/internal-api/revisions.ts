import type { NotificationRevisions } from '../app/delivery/changes';

/**
 * The wire side of a notification's revisions (issue 20) for GET /notifications/{id}. Its own file:
 * notifications.ts uses it, and changes.ts imports notifications.ts's schemas.
 */

/**
 * GET /notifications/{id}'s body with the revision and each sent delivery's edit state added
 * (`revision`, `revision_status`, `revision_at`; a failed edit's Slack code as `reason` and
 * `revision_reason`).
 */
export function withRevisions<
  T extends { notification_id: string; deliveries: Array<{ user_id: string; status: string }> },
>(body: T, found: NotificationRevisions | null): T & { revision: number; cancelled: boolean } {
  if (!found) return { ...body, revision: 0, cancelled: false };
  return {
    ...body,
    revision: found.revision,
    cancelled: found.cancelled,
    deliveries: body.deliveries.map((d) => {
      const r = found.deliveries.get(d.user_id);
      if (!r || d.status !== 'sent') return d;
      return {
        ...d,
        revision: r.revision,
        ...(r.revisionStatus ? { revision_status: r.revisionStatus } : {}),
        ...(r.revisionStatus === 'failed' && r.revisionReason
          ? { reason: r.revisionReason, revision_reason: r.revisionReason }
          : {}),
        ...(r.revisionAt ? { revision_at: r.revisionAt.toISOString() } : {}),
      };
    }),
  };
}

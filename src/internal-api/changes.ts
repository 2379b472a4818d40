import { z } from 'zod';
import type { ChangedNotification, ChangeResult, ChangeService } from '../app/delivery/changes';
import { CONTENT_LIMITS } from '../domain/templates/limits';
import { Content, Data, text } from './notifications';
import { type AnyRoute, defineRoute } from './route';
import { TenantId } from './schemas';

/**
 * Changes and cancellations (issue 20, design §4 "Changes and cancellations"): PATCH and cancel of
 * one notification, or of every notification of the tenant about one content item. Bodies are
 * validated like POST /notifications (the same `content` and `data` schemas): bad input is 400 and
 * changes nothing.
 */
const TAG = 'notifications';
/** The content, 16 KiB of data and a key fit well inside. */
const MAX_CHANGE_BODY_BYTES = 64 * 1024;

const ChangeKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'change_key must be printable ASCII without spaces')
  .describe(
    'idempotency key of this change: the same key again answers the first result and changes nothing',
  );
const Notify = z
  .boolean()
  .optional()
  .describe('default true: recipients whose DM is edited also get a short reply in its thread');

const UpdateBody = z
  .strictObject({
    change_key: ChangeKey,
    content: Content.describe('the whole new content; content.id stays the same'),
    data: Data.optional().describe('new template variables; absent keeps the data as it was'),
    notify: Notify,
  })
  .meta({ id: 'NotificationChange' });

const CancelBody = z
  .strictObject({
    change_key: ChangeKey,
    reason: text(CONTENT_LIMITS.reason).optional().describe('shown in the cancelled version'),
    notify: Notify,
  })
  .meta({ id: 'NotificationCancel' });

const ChangedDelivery = z
  .object({
    user_id: z.string(),
    status: z.enum(['queued', 'sending', 'sent', 'skipped', 'failed']),
    revision_status: z
      .enum(['pending', 'updated', 'failed'])
      .optional()
      .describe('sent deliveries: the edit'),
    reason: z.string().optional().describe('skipped/failed: why; revision_status failed: Slack’s code'),
  })
  .meta({ id: 'ChangedDelivery' });
const ChangeAnswer = z
  .object({ notification_id: z.string(), revision: z.number().int(), deliveries: z.array(ChangedDelivery) })
  .meta({ id: 'NotificationChanged' });
const ContentChangeAnswer = z.object({ notifications: z.array(ChangeAnswer) }).meta({ id: 'ContentChanged' });

const NotificationParams = z.object({ tenant_id: TenantId, notification_id: z.uuid() });
const ContentParams = z.object({
  tenant_id: TenantId,
  content_id: z
    .string()
    .min(1)
    .max(CONTENT_LIMITS.id)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'content_id must not contain control characters'),
});

const ERRORS = {
  404: { description: 'no such notification (or content item) for this tenant' },
  409: { description: 'conflict: the notification was cancelled, or change_key was used with another body' },
} as const;

/** A changed notification as the wire has it (design §4); optional fields only when set. */
function changedBody(n: ChangedNotification) {
  return {
    notification_id: n.notificationId,
    revision: n.revision,
    deliveries: n.deliveries.map((d) => ({
      user_id: d.userId,
      status: d.status,
      ...(d.revisionStatus !== undefined ? { revision_status: d.revisionStatus } : {}),
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
    })),
  };
}

const oneAnswer = (r: ChangeResult) => ({ status: r.status, body: changedBody(r.notifications[0]!) });
const contentAnswer = (r: ChangeResult) => ({
  status: r.status,
  body: { notifications: r.notifications.map(changedBody) },
});

type UpdateWire = z.infer<typeof UpdateBody>;
type CancelWire = z.infer<typeof CancelBody>;
const update = (b: UpdateWire) => ({
  changeKey: b.change_key,
  content: b.content,
  data: b.data,
  notify: b.notify,
});
const cancel = (b: CancelWire) => ({ changeKey: b.change_key, reason: b.reason, notify: b.notify });

export function changeRoutes(deps: { changes: ChangeService }): AnyRoute[] {
  const notificationPath = '/internal/v1/tenants/:tenant_id/notifications/:notification_id';
  const contentPath = '/internal/v1/tenants/:tenant_id/content/:content_id';
  const one = (schema: z.ZodType) => ({
    202: { description: 'applied: queued deliveries send the new version; sent DMs are edited', schema },
    200: { description: 'a repeat of change_key: the first answer, nothing changed', schema },
    ...ERRORS,
  });
  return [
    defineRoute({
      method: 'PATCH',
      path: notificationPath,
      summary:
        'Change a notification (its event moved): deliveries not yet sent send the new content; sent DMs are edited in place with an "Updated" line, and with notify a reply in their thread.',
      tag: TAG,
      params: NotificationParams,
      body: UpdateBody,
      maxBodyBytes: MAX_CHANGE_BODY_BYTES,
      responses: one(ChangeAnswer),
      handler: async ({ params, body }) =>
        oneAnswer(
          await deps.changes.update(
            params.tenant_id,
            { notificationId: params.notification_id },
            update(body),
          ),
        ),
    }),
    defineRoute({
      method: 'POST',
      path: `${notificationPath}/cancel`,
      summary:
        'Cancel a notification (its event was called off): deliveries not yet sent end skipped/cancelled; sent DMs are edited to the cancelled version.',
      tag: TAG,
      params: NotificationParams,
      body: CancelBody,
      maxBodyBytes: MAX_CHANGE_BODY_BYTES,
      responses: one(ChangeAnswer),
      handler: async ({ params, body }) =>
        oneAnswer(
          await deps.changes.cancel(
            params.tenant_id,
            { notificationId: params.notification_id },
            cancel(body),
          ),
        ),
    }),
    defineRoute({
      method: 'PATCH',
      path: contentPath,
      summary:
        'Change every notification of this tenant whose content.id is content_id (those not cancelled), as PATCH /notifications/{id} does; content.id must be content_id.',
      tag: TAG,
      params: ContentParams,
      body: UpdateBody,
      maxBodyBytes: MAX_CHANGE_BODY_BYTES,
      responses: one(ContentChangeAnswer),
      handler: async ({ params, body }) =>
        contentAnswer(
          await deps.changes.update(params.tenant_id, { contentId: params.content_id }, update(body)),
        ),
    }),
    defineRoute({
      method: 'POST',
      path: `${contentPath}/cancel`,
      summary:
        'Cancel every notification of this tenant whose content.id is content_id (those not yet cancelled).',
      tag: TAG,
      params: ContentParams,
      body: CancelBody,
      maxBodyBytes: MAX_CHANGE_BODY_BYTES,
      responses: one(ContentChangeAnswer),
      handler: async ({ params, body }) =>
        contentAnswer(
          await deps.changes.cancel(params.tenant_id, { contentId: params.content_id }, cancel(body)),
        ),
    }),
  ];
}

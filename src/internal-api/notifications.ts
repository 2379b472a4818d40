import { z } from 'zod';
import type { ChangeService } from '../app/delivery/changes';
import type { NotificationService, NotificationState } from '../app/delivery/notification-service';
import { CONTENT_LIMITS } from '../domain/templates/limits';
import { NOTIFICATION_TYPES, type NotificationType } from '../domain/templates/types';
import { withRevisions } from './revisions';
import { type AnyRoute, defineRoute } from './route';
import { TenantId, TenantParams, UserId } from './schemas';

/** Recipients per request (issue 6). */
export const MAX_RECIPIENTS = 1000;
/** 1000 recipient ids of ≤ 128 characters, the content and 16 KiB of data fit well inside. */
const MAX_NOTIFICATION_BODY_BYTES = 512 * 1024;

/** Nesting, array length and string length of `data` (CONTENT_LIMITS); the JSON size is checked too. */
function dataProblem(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') {
    return value.length > CONTENT_LIMITS.data_string
      ? `a string in data is longer than ${CONTENT_LIMITS.data_string} characters`
      : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= CONTENT_LIMITS.data_depth)
    return `data is nested deeper than ${CONTENT_LIMITS.data_depth} levels`;
  const children = Array.isArray(value) ? value : Object.values(value);
  if (Array.isArray(value) && value.length > CONTENT_LIMITS.data_array_items) {
    return `an array in data has more than ${CONTENT_LIMITS.data_array_items} items`;
  }
  for (const child of children) {
    const problem = dataProblem(child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

export const text = (max: number) => z.string().trim().min(1).max(max);
const dateTime = z.iso.datetime({ offset: true }).max(CONTENT_LIMITS.date);

/** `content` of POST /notifications; also of the changes (src/internal-api/changes.ts). */
export const Content = z
  .object({
    id: text(CONTENT_LIMITS.id),
    title: text(CONTENT_LIMITS.title),
    url: z
      .url({ protocol: /^https?$/, error: 'url must be an http(s) URL' })
      .max(CONTENT_LIMITS.url)
      .optional(),
    starts_at: dateTime.optional(),
    ends_at: dateTime.optional(),
    location: text(CONTENT_LIMITS.location).optional(),
    description: text(CONTENT_LIMITS.description).optional(),
  })
  .meta({ id: 'NotificationContent', description: 'The content item the notification is about.' });

/** `data` of POST /notifications and of the changes: ≤ 16 KiB as JSON, bounded depth and sizes. */
export const Data = z.record(z.string(), z.unknown()).superRefine((data, ctx) => {
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > CONTENT_LIMITS.data_bytes) {
    ctx.addIssue({
      code: 'custom',
      message: `data is larger than ${CONTENT_LIMITS.data_bytes} bytes as JSON`,
    });
    return;
  }
  const problem = dataProblem(data);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const NotificationBody = z
  .strictObject({
    idempotency_key: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x21-\x7e]+$/, 'idempotency_key must be printable ASCII without spaces'),
    type: z.enum(NOTIFICATION_TYPES as [NotificationType, ...NotificationType[]]),
    recipient_user_ids: z
      .array(UserId)
      .min(1, 'send at least one recipient')
      .max(MAX_RECIPIENTS, `send at most ${MAX_RECIPIENTS} recipients per notification`),
    content: Content,
    data: Data.optional(),
  })
  .meta({ id: 'NotificationRequest' });

const Delivery = z
  .object({
    user_id: z.string(),
    status: z
      .enum(['queued', 'scheduled', 'sending', 'sent', 'skipped', 'failed'])
      .describe('scheduled: held back by the send window until scheduled_for (issue 21)'),
    scheduled_for: z
      .string()
      .optional()
      .describe(
        'scheduled: the next window start in the member’s time zone (ISO 8601); the send is paced from then',
      ),
    digest: z
      .literal(true)
      .optional()
      .describe('sent as part of a digest DM (channel and ts are the digest’s)'),
    reason: z
      .string()
      .optional()
      .describe(
        'skipped: not_connected, notifications_disabled, type_disabled, user_opted_out, unknown_user, no_slack_account; failed: the Slack error code or retries_exhausted',
      ),
    slack_user_id: z.string().optional().describe('when sent'),
    channel: z.string().optional().describe('when sent: the DM channel'),
    ts: z.string().optional().describe('when sent: the message timestamp'),
    attempts: z.number().int().optional(),
    updated_at: z.string().optional(),
    revision: z.number().int().optional().describe('sent: the notification revision the DM shows'),
    revision_status: z
      .enum(['pending', 'updated', 'failed'])
      .optional()
      .describe('sent, after a change or cancel: the edit of the DM (failed: Slack’s code in reason)'),
    revision_reason: z.string().optional().describe('revision_status failed: Slack’s error code'),
    revision_at: z.string().optional().describe('when revision_status last changed'),
  })
  .meta({ id: 'Delivery' });

const Accepted = z
  .object({ notification_id: z.string(), deliveries: z.array(Delivery) })
  .meta({ id: 'NotificationAccepted' });

const NotificationStatus = z
  .object({
    notification_id: z.string(),
    type: z.string(),
    idempotency_key: z.string(),
    created_at: z.string(),
    done: z.boolean().describe('no delivery is queued, scheduled or sending any more'),
    revision: z.number().int().describe('0 as accepted; each change or cancel adds one'),
    cancelled: z.boolean(),
    counts: z.record(z.string(), z.number()),
    deliveries: z.array(Delivery),
  })
  .meta({ id: 'NotificationStatus' });

const NotificationParams = z.object({ tenant_id: TenantId, notification_id: z.uuid() });

const TAG = 'notifications';

/** GET /notifications/{id}'s body (design §4): the notification's state in wire form. */
function notificationBody(n: NotificationState) {
  return {
    notification_id: n.id,
    type: n.type,
    idempotency_key: n.idempotencyKey,
    created_at: n.createdAt.toISOString(),
    done: n.done,
    counts: n.counts,
    deliveries: n.deliveries.map((d) => ({
      user_id: d.userId,
      status: d.status,
      ...(d.reason === undefined ? {} : { reason: d.reason }),
      ...(d.scheduledFor ? { scheduled_for: d.scheduledFor.toISOString() } : {}),
      ...(d.sent ? { slack_user_id: d.sent.slackUserId, channel: d.sent.channel, ts: d.sent.ts } : {}),
      ...(d.sent?.digest ? { digest: true } : {}),
      attempts: d.attempts,
      updated_at: d.updatedAt.toISOString(),
    })),
  };
}

/** `POST /notifications` and `GET /notifications/{id}` (design §4, issue 6). */
export function notificationRoutes(deps: {
  notifications: NotificationService;
  /** Adds the revision and each delivery's edit state to GET (issue 20). */
  changes?: ChangeService;
}): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/internal/v1/tenants/:tenant_id/notifications',
      summary:
        'Send a notification as Slack DMs. 202 once every delivery is stored; the same idempotency_key answers the first result (200) and sends nothing new, for as long as the notification is kept (NOTIFICATION_RETENTION_DAYS); reused with another body: 409 conflict.',
      tag: TAG,
      params: TenantParams,
      body: NotificationBody,
      maxBodyBytes: MAX_NOTIFICATION_BODY_BYTES,
      responses: {
        202: { description: 'accepted: deliveries queued (or skipped, with a reason)', schema: Accepted },
        200: { description: 'a repeat of an accepted request: its first answer', schema: Accepted },
        409: { description: 'conflict: the idempotency_key was used with a different body' },
      },
      async handler({ params, body }) {
        const answer = await deps.notifications.accept(params.tenant_id, body);
        return { status: answer.status, body: answer.body };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/internal/v1/tenants/:tenant_id/notifications/:notification_id',
      summary: "A notification's deliveries with each recipient's status",
      tag: TAG,
      params: NotificationParams,
      responses: {
        200: { description: 'per-recipient status', schema: NotificationStatus },
        404: {
          description:
            'no such notification for this tenant, or purged: notifications go NOTIFICATION_RETENTION_DAYS (default 90) after acceptance once none of their deliveries is queued or sending',
        },
      },
      async handler({ params }) {
        const state = await deps.notifications.get(params.tenant_id, params.notification_id);
        const body = notificationBody(state);
        if (!deps.changes) return { status: 200, body };
        return { status: 200, body: withRevisions(body, await deps.changes.revisions(state.id)) };
      },
    }),
  ];
}

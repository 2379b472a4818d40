import { z } from 'zod';
import { normalizeRecord, type SlackIdentity, type StoredUser } from '../domain/users';
import { AppError, ErrorCode, notFound } from '../errors';
import type { UsersRepository } from '../persistence/repositories/users-repository';
import { type AnyRoute, defineRoute } from './route';
import { TenantParams, UserId, UserParams } from './schemas';

/** A linked Slack identity on the wire (snake_case, ISO time). */
export function slackIdentityBody(slack: SlackIdentity | null) {
  return slack
    ? { user_id: slack.userId, display_name: slack.displayName, resolved_at: slack.resolvedAt.toISOString() }
    : null;
}

/** The JSON shape of `GET /users/{id}` (contract). */
function userView(user: StoredUser) {
  return {
    user_id: user.userId,
    record: user.record,
    receive_slack_notifications: user.receiveSlackNotifications,
    slack: slackIdentityBody(user.slack),
  };
}

/** A user record is any JSON object of at most this many bytes (design §4). */
export const MAX_USER_RECORD_BYTES = 64 * 1024;
export const MAX_BULK_USERS = 1000;
/**
 * The whole body of `POST /users`: 1000 records of up to 64 KiB each would be 64 MiB, which the
 * server would have to buffer (and hold unverified) per request. A batch must fit in 8 MiB (about
 * 8 KiB a record at 1000); a backend with larger records sends smaller batches (docs/security.md).
 */
export const MAX_BULK_USERS_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The fields the app reads are type-checked; everything else in the record is kept as sent, since
 * admins may match on any of it with the PlusPlus User Attribute.
 */
const UserRecordBody = z
  .looseObject({
    email: z.string().max(320).nullable().optional(),
    name: z.string().max(1000).nullable().optional(),
    is_admin: z.boolean().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .meta({ id: 'UserRecord', description: 'A PlusPlus user record: any JSON object of at most 64 KiB.' });

const BulkUsersBody = z.strictObject({
  users: z
    .array(UserRecordBody.and(z.looseObject({ id: UserId })))
    .min(1, 'send at least one user')
    .max(MAX_BULK_USERS, `send at most ${MAX_BULK_USERS} users per request`),
});

const PreferencesBody = z.strictObject({ receive_slack_notifications: z.boolean() });

const UserResponse = z
  .object({
    user_id: z.string(),
    record: z.record(z.string(), z.unknown()),
    receive_slack_notifications: z.boolean(),
    slack: z
      .object({ user_id: z.string(), display_name: z.string().nullable(), resolved_at: z.string() })
      .nullable(),
  })
  .meta({ id: 'User' });

const TAG = 'users';

export function userRoutes(users: UsersRepository): AnyRoute[] {
  return [
    defineRoute({
      method: 'PUT',
      path: '/internal/v1/tenants/:tenant_id/users/:user_id',
      summary: 'Create or replace a PlusPlus user record',
      tag: TAG,
      params: UserParams,
      body: UserRecordBody,
      maxBodyBytes: MAX_USER_RECORD_BYTES,
      responses: { 200: { description: 'the stored user', schema: UserResponse } },
      async handler({ params, body }) {
        const user = await users.upsert(params.tenant_id, normalizeRecord(params.user_id, body));
        return { status: 200, body: userView(user) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/internal/v1/tenants/:tenant_id/users',
      summary:
        'Create or replace up to 1000 user records at once (all or nothing); each record ≤ 64 KiB, the whole body ≤ 8 MiB',
      tag: TAG,
      params: TenantParams,
      body: BulkUsersBody,
      maxBodyBytes: MAX_BULK_USERS_BODY_BYTES,
      responses: { 200: { description: 'how many records were stored' } },
      async handler({ params, body }) {
        const tooLarge = body.users.findIndex(
          (u) => Buffer.byteLength(JSON.stringify(u)) > MAX_USER_RECORD_BYTES,
        );
        if (tooLarge >= 0) {
          throw new AppError(ErrorCode.TooLarge, `users[${tooLarge}] is larger than 64 KiB.`, {
            index: tooLarge,
            limit_bytes: MAX_USER_RECORD_BYTES,
          });
        }
        const ids = new Set<string>();
        const duplicate = body.users.find((u) => ids.size === ids.add(u.id).size);
        if (duplicate) {
          throw new AppError(
            ErrorCode.InvalidRequest,
            `The user id "${duplicate.id}" appears more than once.`,
          );
        }
        const records = body.users.map((u) => normalizeRecord(u.id, u));
        const upserted = await users.upsertMany(params.tenant_id, records);
        return { status: 200, body: { upserted } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/internal/v1/tenants/:tenant_id/users/:user_id',
      summary: "A user's record, Slack notification preference and linked Slack identity",
      tag: TAG,
      params: UserParams,
      responses: {
        200: { description: 'the user', schema: UserResponse },
        404: { description: 'no such user' },
      },
      async handler({ params }) {
        const user = await users.get(params.tenant_id, params.user_id);
        if (!user) throw notFound(`User "${params.user_id}"`);
        return { status: 200, body: userView(user) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/internal/v1/tenants/:tenant_id/users/:user_id',
      summary: 'Forget a user (idempotent: 204 also when the user was not there)',
      tag: TAG,
      params: UserParams,
      responses: { 204: { description: 'deleted' } },
      async handler({ params }) {
        await users.delete(params.tenant_id, params.user_id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/internal/v1/tenants/:tenant_id/users/:user_id/preferences',
      summary: 'Turn Slack notifications on or off for one user (same as /plusplus mute and unmute)',
      tag: TAG,
      params: UserParams,
      body: PreferencesBody,
      responses: {
        200: { description: 'the user', schema: UserResponse },
        404: { description: 'no such user' },
      },
      async handler({ params, body }) {
        const user = await users.setReceiveSlackNotifications(
          params.tenant_id,
          params.user_id,
          body.receive_slack_notifications,
        );
        if (!user) throw notFound(`User "${params.user_id}"`);
        return { status: 200, body: userView(user) };
      },
    }),
  ];
}

/**
 * PlusPlus user records as this app sees them (design §4 `PUT /users/{id}`): any JSON object; the
 * app reads `email`, `name`, `is_admin` and `metadata`. Pure: no framework imports.
 */

import { scalarKey } from './matching/values';

export type UserRecord = Record<string, unknown> & { id: string };

export interface SlackIdentity {
  userId: string;
  displayName: string | null;
  resolvedAt: Date;
}

export interface StoredUser {
  tenantId: string;
  userId: string;
  record: UserRecord;
  isAdmin: boolean;
  receiveSlackNotifications: boolean;
  slack: SlackIdentity | null;
}

/** The record as stored: the given object with `id` set to the path's user id (the path wins). */
export function normalizeRecord(userId: string, body: Record<string, unknown>): UserRecord {
  return { ...body, id: userId };
}

/**
 * The record's `email` as matching compares it (trimmed, lower-cased: ./matching/values.ts), or
 * `null` when it has none or it is not a single value. Stored with the user (`email_key`) so a
 * look-up by address (`/plusplus test <email>`, a member's address after a directory event) is one
 * index probe and finds exactly the users matching would.
 */
export function emailKey(record: Record<string, unknown>): string | null {
  return scalarKey(record.email);
}

/** `is_admin` is an admin flag only when it is literally `true` (design §4 Test Slack). */
export function isAdminRecord(record: Record<string, unknown>): boolean {
  return record.is_admin === true;
}

import { SUBCOMMANDS } from '../domain/commands';

/**
 * The bot scopes PlusPlus asks Slack for: the single source of truth. The manifest
 * (src/slack/manifest.ts), the OAuth install options and the scope-health check all read this list,
 * so adding a Slack call that needs a new scope means adding it here and nowhere else.
 */

/** Every bot scope the app requests at install time, in the order shown to the installer. */
export const REQUIRED_BOT_SCOPES = [
  'chat:write',
  'commands',
  'users:read',
  'users:read.email',
  'users.profile:read',
  'channels:manage',
  'channels:read',
  'groups:write',
  'groups:read',
] as const;

/** One of the scopes in {@link REQUIRED_BOT_SCOPES}. */
export type BotScope = (typeof REQUIRED_BOT_SCOPES)[number];

/**
 * Why the app needs each scope, one sentence each. Shown in the admin guide and in App Home next
 * to a missing scope, so an admin can judge a reconnect request. The `Record<BotScope, …>` type
 * makes the compiler insist on an entry for every scope in the list.
 */
export const SCOPE_PURPOSES: Readonly<Record<BotScope, string>> = {
  'chat:write':
    'Send PlusPlus notifications, test messages and the installer’s welcome message as direct messages from the PlusPlus bot.',
  commands: `Provide the /plusplus slash command (${SUBCOMMANDS.map((s) => s.name).join(', ')}).`,
  'users:read':
    'List the workspace’s members so PlusPlus users can be matched to their Slack accounts and the match kept up to date.',
  'users:read.email':
    'Read members’ email addresses, which the default user matching (profile.email) compares with PlusPlus emails.',
  'users.profile:read':
    'Read members’ custom profile fields when the Slack User Attribute expression uses them.',
  'channels:manage':
    'Create public channels for scheduled tracks, invite and remove members, and archive them.',
  'channels:read': 'Look up public track channels and their members to keep channel membership in sync.',
  'groups:write':
    'Create private channels for scheduled tracks, invite and remove members, and archive them.',
  'groups:read': 'Look up private track channels and their members to keep channel membership in sync.',
};

/** The result of comparing the scopes an installation was granted with the ones the app requires. */
export interface ScopeHealth {
  /** The scopes the app requires ({@link REQUIRED_BOT_SCOPES}). */
  required: string[];
  /** The scopes Slack reported as granted, trimmed, de-duplicated, in the order given. */
  granted: string[];
  /** Required scopes that were not granted, in {@link REQUIRED_BOT_SCOPES} order. */
  missing: string[];
  /** True when anything is missing: an admin must reinstall (Connect again) to grant it. */
  reconnectRequired: boolean;
}

/**
 * Compare granted scopes with {@link REQUIRED_BOT_SCOPES}.
 *
 * The comparison is exact on purpose. Slack does not treat a "bigger" scope as covering a smaller
 * one for API calls: `channels:manage` does not let the app call `conversations.info` (that needs
 * `channels:read`), and `users:read.email` is only usable together with `users:read`. Inferring
 * coverage here would report a healthy installation that then fails with `missing_scope`.
 *
 * @param granted the scopes from `oauth.v2.access` (its `scope` field split on commas) or from
 *   the `x-oauth-scopes` response header; blanks and duplicates are ignored.
 */
export function scopeHealth(granted: readonly string[]): ScopeHealth {
  const grantedList = [...new Set(granted.map((s) => s.trim()).filter((s) => s.length > 0))];
  const grantedSet = new Set(grantedList);
  const missing = REQUIRED_BOT_SCOPES.filter((scope) => !grantedSet.has(scope));
  return {
    required: [...REQUIRED_BOT_SCOPES],
    granted: grantedList,
    missing,
    reconnectRequired: missing.length > 0,
  };
}

/** Split Slack's comma-separated scope string (`"chat:write,commands"`) into a list. */
export function parseScopeString(scope: string | undefined | null): string[] {
  return (scope ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

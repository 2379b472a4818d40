/**
 * Scope names the authorize page accepts, and the scope each Web API method checks.
 *
 * Static scopes are checked before the handler runs. Methods whose scope depends on the channel
 * (public → `channels:*`, private → `groups:*`) check it inside the handler, see `channelScope`.
 * Simplification (documented in docs/sandbox.md): every channel-changing method wants
 * `channels:manage` for public and `groups:write` for private channels, although Slack also
 * accepts narrower scopes such as `channels:write.invites` for conversations.invite.
 */

export const KNOWN_SCOPES = new Set([
  'app_mentions:read',
  'assistant:write',
  'bookmarks:read',
  'bookmarks:write',
  'calls:read',
  'calls:write',
  'canvases:read',
  'canvases:write',
  'channels:history',
  'channels:join',
  'channels:manage',
  'channels:read',
  'channels:write.invites',
  'channels:write.topic',
  'chat:write',
  'chat:write.customize',
  'chat:write.public',
  'commands',
  'conversations.connect:manage',
  'conversations.connect:read',
  'conversations.connect:write',
  'dnd:read',
  'emoji:read',
  'files:read',
  'files:write',
  'groups:history',
  'groups:read',
  'groups:write',
  'groups:write.invites',
  'groups:write.topic',
  'im:history',
  'im:read',
  'im:write',
  'im:write.topic',
  'incoming-webhook',
  'links:read',
  'links:write',
  'links.embed:write',
  'metadata.message:read',
  'mpim:history',
  'mpim:read',
  'mpim:write',
  'mpim:write.topic',
  'pins:read',
  'pins:write',
  'reactions:read',
  'reactions:write',
  'reminders:read',
  'reminders:write',
  'remote_files:read',
  'remote_files:share',
  'remote_files:write',
  'team.billing:read',
  'team.preferences:read',
  'team:read',
  'triggers:read',
  'triggers:write',
  'usergroups:read',
  'usergroups:write',
  'users.profile:read',
  'users:read',
  'users:read.email',
  'users:write',
  'workflow.steps:execute',
]);

/** Scope a method needs regardless of its arguments (`null`: none, or checked by the handler). */
export const METHOD_SCOPES: Record<string, string | null> = {
  'auth.test': null,
  // Takes an app-level token (connections:write), checked by the handler.
  'apps.connections.open': null,
  'auth.revoke': null,
  'team.info': 'team:read',
  'users.list': 'users:read',
  'users.info': 'users:read',
  'users.lookupByEmail': 'users:read.email',
  'users.profile.get': 'users.profile:read',
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  // Slack documents im:write (or mpim:write/channels:manage/groups:write); the sandbox asks for im:write.
  'conversations.open': 'im:write',
  'conversations.create': null,
  'conversations.invite': null,
  'conversations.kick': null,
  'conversations.archive': null,
  'conversations.rename': null,
  'conversations.setTopic': null,
  'conversations.info': null,
  'conversations.list': null,
  'views.publish': null,
  'views.open': null,
  'views.update': null,
  'views.push': null,
};

/** The scope a channel-changing (`write`) or reading (`read`) call needs for this channel. */
export function channelScope(c: { isPrivate: boolean; isIm: boolean }, access: 'read' | 'write'): string {
  if (c.isIm) return access === 'read' ? 'im:read' : 'im:write';
  if (c.isPrivate) return access === 'read' ? 'groups:read' : 'groups:write';
  return access === 'read' ? 'channels:read' : 'channels:manage';
}

export function parseScopeList(s: string | undefined | null): string[] {
  if (!s) return [];
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** Channel lookup with Slack's visibility rules, and the conversation object Slack answers with. */
import { fail } from '../errors';
import { channelScope } from '../scopes';
import type { Channel } from '../workspace';
import type { CallContext } from './context';
import { requireScope } from './context';

/**
 * Finds a channel by id (or `#name`). Private channels and DMs the bot is not in do not exist for
 * it: `channel_not_found`, as in Slack.
 */
export function findChannel(ctx: CallContext, idOrName: string | undefined): Channel {
  if (!idOrName) fail('channel_not_found');
  const { ws, install } = ctx.auth;
  const c = idOrName.startsWith('#') ? ws.channelByName(idOrName.slice(1)) : ws.channels.get(idOrName);
  if (!c) fail('channel_not_found');
  if (c.isIm && c.botUser !== install.botUserId) fail('channel_not_found');
  if (c.isPrivate && !c.isIm && !ws.isChannelMember(c, install.botUserId)) fail('channel_not_found');
  return c;
}

/** Scope check that depends on the channel's type, then membership of the bot if asked. */
export function checkChannelAccess(ctx: CallContext, c: Channel, access: 'read' | 'write'): void {
  requireScope(ctx, channelScope(c, access));
}

export function botIsMember(ctx: CallContext, c: Channel): boolean {
  return ctx.auth.ws.isChannelMember(c, ctx.auth.install.botUserId);
}

/** Slack's channel-name rules for conversations.create / rename. Returns the error code or null. */
export function channelNameError(name: string | undefined): string | null {
  if (name === undefined || name.trim() === '') return 'invalid_name_required';
  if ([...name].length > 80) return 'invalid_name_maxlength';
  if (!/^[\p{Ll}\p{Lo}\p{Nd}_-]+$/u.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return null;
}

/** The conversation object (conversations.create / info / list / invite / rename / setTopic). */
export function renderChannel(
  ctx: CallContext,
  c: Channel,
  o: { numMembers?: boolean } = {},
): Record<string, unknown> {
  const { ws } = ctx.auth;
  if (c.isIm) {
    return {
      id: c.id,
      created: c.created,
      is_archived: c.isArchived,
      is_im: true,
      is_org_shared: false,
      context_team_id: ws.id,
      updated: c.updated,
      user: c.user,
      is_user_deleted: !!ws.member(c.user ?? '')?.deleted,
      priority: 0,
    };
  }
  const out: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    is_channel: !c.isPrivate,
    is_group: c.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: c.isPrivate,
    created: c.created,
    is_archived: c.isArchived,
    is_general: c.isGeneral,
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: ws.id,
    updated: c.updated,
    parent_conversation: null,
    creator: c.creator,
    is_ext_shared: false,
    shared_team_ids: [ws.id],
    pending_connected_team_ids: [],
    is_member: botIsMember(ctx, c),
    topic: { ...c.topic },
    purpose: { ...c.purpose },
    previous_names: [...c.previousNames],
  };
  if (o.numMembers) out.num_members = ws.memberCount(c);
  return out;
}

/**
 * conversations.open / create / invite / kick / archive / rename / setTopic / info / list.
 * Scopes depend on the channel: public channels need `channels:manage` (writes) or `channels:read`,
 * private ones `groups:write` / `groups:read` (see scopes.ts for this simplification).
 */
import { fail } from '../errors';
import type { Channel } from '../workspace';
import {
  botIsMember,
  channelNameError,
  checkChannelAccess,
  findChannel,
  renderChannel,
} from './channel-common';
import type { Answer, CallContext, MethodDef } from './context';
import { bool, decodeCursor, encodeCursor, int, requireScope, str } from './context';

function open(ctx: CallContext): Answer {
  const { ws, install } = ctx.auth;
  const channelParam = str(ctx.params, 'channel');
  if (channelParam) {
    const c = findChannel(ctx, channelParam);
    return { ok: true, no_op: true, already_open: true, channel: { id: c.id } };
  }
  const users = (str(ctx.params, 'users') ?? '').split(',').filter((u) => u.trim() !== '');
  if (users.length === 0) fail('users_list_not_supplied');
  if (users.length > 1) fail('method_not_supported_for_channel_type'); // mpims are not modelled
  const m = ws.member(users[0].trim());
  if (!m) fail('user_not_found');
  if (m.deleted) fail('user_disabled');
  const existing = ws.findDm(install.botUserId, m.id);
  const c = existing ?? ws.dm(install.botUserId, m.id);
  const channel = bool(ctx.params, 'return_im') ? renderChannel(ctx, c) : { id: c.id };
  return existing ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
}

function create(ctx: CallContext): Answer {
  const { ws, install } = ctx.auth;
  const isPrivate = bool(ctx.params, 'is_private');
  requireScope(ctx, isPrivate ? 'groups:write' : 'channels:manage');
  const name = str(ctx.params, 'name');
  const err = channelNameError(name);
  if (err) fail(err);
  if (ws.policies.restrictChannelCreation) fail('restricted_action');
  if (ws.channelByName(name!)) fail('name_taken');
  const c = ws.addChannel({ name: name!, isPrivate, creator: install.botUserId });
  return { ok: true, channel: renderChannel(ctx, c) };
}

/** Write access to a channel the bot is in and that is not archived. */
function writable(ctx: CallContext, allowArchived = false): Channel {
  const c = findChannel(ctx, str(ctx.params, 'channel'));
  if (c.isIm) fail('method_not_supported_for_channel_type');
  checkChannelAccess(ctx, c, 'write');
  if (c.isArchived && !allowArchived) fail('is_archived');
  if (!botIsMember(ctx, c)) fail('not_in_channel');
  return c;
}

function invite(ctx: CallContext): Answer {
  const { ws, install } = ctx.auth;
  const c = writable(ctx);
  const raw = ctx.params.users;
  const users = (Array.isArray(raw) ? raw.map(String) : (str(ctx.params, 'users') ?? '').split(','))
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (users.length === 0) fail('no_user');
  if (users.length > ctx.state.maxInviteUsers) fail('too_many_users');
  const errors: Array<{ user: string; ok: false; error: string }> = [];
  const valid: string[] = [];
  for (const id of new Set(users)) {
    const m = ws.member(id);
    let error: string | null = null;
    if (!m) error = 'user_not_found';
    else if (id === install.botUserId) error = 'cant_invite_self';
    else if (m.deleted) error = 'cant_invite';
    else if (ws.isChannelMember(c, id)) error = 'already_in_channel';
    else if (m.isUltraRestricted && [...ws.channels.values()].some((x) => x.members.has(id)))
      error = 'ura_max_channels';
    if (error) errors.push({ user: id, ok: false, error });
    else valid.push(id);
  }
  if (errors.length > 0 && !bool(ctx.params, 'force')) fail(errors[0].error, { errors });
  for (const id of valid) c.members.add(id);
  c.updated = ctx.state.now();
  const out: Answer = { ok: true, channel: renderChannel(ctx, c) };
  if (errors.length > 0) out.errors = errors;
  return out;
}

function kick(ctx: CallContext): Answer {
  const { ws, install } = ctx.auth;
  const c = writable(ctx);
  const user = str(ctx.params, 'user');
  if (!user || !ws.member(user)) fail('user_not_found');
  if (user === install.botUserId) fail('cant_kick_self');
  if (c.isGeneral) fail('cant_kick_from_general');
  if (!c.members.has(user)) fail('not_in_channel');
  c.members.delete(user);
  return { ok: true };
}

function archive(ctx: CallContext): Answer {
  const c = findChannel(ctx, str(ctx.params, 'channel'));
  if (c.isIm) fail('method_not_supported_for_channel_type');
  checkChannelAccess(ctx, c, 'write');
  if (c.isArchived) fail('already_archived');
  if (c.isGeneral) fail('cant_archive_general');
  if (!botIsMember(ctx, c)) fail('not_in_channel');
  c.isArchived = true;
  c.updated = ctx.state.now();
  return { ok: true };
}

function rename(ctx: CallContext): Answer {
  const c = writable(ctx);
  const name = str(ctx.params, 'name');
  const err = channelNameError(name);
  if (err) fail(err);
  const other = ctx.auth.ws.channelByName(name!);
  if (other && other.id !== c.id) fail('name_taken');
  if (c.name !== name) c.previousNames.unshift(c.name);
  c.name = name!;
  c.updated = ctx.state.now();
  return { ok: true, channel: renderChannel(ctx, c) };
}

function setTopic(ctx: CallContext): Answer {
  const c = writable(ctx);
  const topic = str(ctx.params, 'topic') ?? '';
  if ([...topic].length > 250) fail('too_long');
  c.topic = {
    value: topic,
    creator: ctx.auth.install.botUserId,
    last_set: Math.floor(ctx.state.now() / 1000),
  };
  c.updated = ctx.state.now();
  return { ok: true, channel: renderChannel(ctx, c) };
}

function info(ctx: CallContext): Answer {
  const c = findChannel(ctx, str(ctx.params, 'channel'));
  checkChannelAccess(ctx, c, 'read');
  return {
    ok: true,
    channel: renderChannel(ctx, c, { numMembers: bool(ctx.params, 'include_num_members') }),
  };
}

const TYPE_SCOPES: Record<string, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  im: 'im:read',
  mpim: 'mpim:read',
};

/** Cursor: base64(`channel:<id of the next channel>`); default limit 100, at most 1000. */
function list(ctx: CallContext): Answer {
  const { ws, install } = ctx.auth;
  const types = (str(ctx.params, 'types') || 'public_channel').split(',').map((t) => t.trim());
  for (const t of types) {
    if (!TYPE_SCOPES[t]) fail('invalid_types');
    requireScope(ctx, TYPE_SCOPES[t]);
  }
  const exclude = bool(ctx.params, 'exclude_archived');
  const visible = [...ws.channels.values()].filter((c) => {
    if (exclude && c.isArchived) return false;
    if (c.isIm) return types.includes('im') && c.botUser === install.botUserId;
    if (c.isPrivate) return types.includes('private_channel') && ws.isChannelMember(c, install.botUserId);
    return types.includes('public_channel');
  });
  const limit = Math.min(Math.max(int(ctx.params, 'limit') ?? 100, 1), 1000);
  const cursor = str(ctx.params, 'cursor');
  let start = 0;
  if (cursor) {
    const id = decodeCursor(cursor, 'channel');
    start = visible.findIndex((c) => c.id === id);
    if (start < 0) fail('invalid_cursor');
  }
  const page = visible.slice(start, start + limit);
  const next = visible[start + limit];
  return {
    ok: true,
    channels: page.map((c) => renderChannel(ctx, c, { numMembers: !c.isIm })),
    response_metadata: { next_cursor: next ? encodeCursor('channel', next.id) : '' },
  };
}

export const conversationMethods: Record<string, MethodDef> = {
  'conversations.open': { auth: true, handler: open },
  'conversations.create': { auth: true, handler: create },
  'conversations.invite': { auth: true, handler: invite },
  'conversations.kick': { auth: true, handler: kick },
  'conversations.archive': { auth: true, handler: archive },
  'conversations.rename': { auth: true, handler: rename },
  'conversations.setTopic': { auth: true, handler: setTopic },
  'conversations.info': { auth: true, handler: info },
  'conversations.list': { auth: true, handler: list },
};

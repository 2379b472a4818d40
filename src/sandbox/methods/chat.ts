/**
 * chat.postMessage and chat.postEphemeral.
 *
 * A user id (`U…`/`W…`) as `channel` posts into the app's DM with that user (the Messages tab) and
 * answers with the DM's `D…` id; `messages_tab_disabled` if the app's Messages tab is off in that
 * workspace. Public channels need the bot to be a member (`not_in_channel`) unless the app has
 * `chat:write.public`; private channels the bot is not in are `channel_not_found`.
 *
 * chat.update and chat.delete act on a message by `channel` (the `D…`/`C…` id) and `ts`, as Slack's
 * do: `channel_not_found`, `message_not_found` (no such ts, an ephemeral one, or deleted),
 * `cant_update_message` / `cant_delete_message` (not posted by this app), and the text/blocks checks
 * of a post. An edit keeps the earlier versions in `edits` (tests check what a person saw), and
 * marks the message `edited` as Slack does. A reply (`thread_ts`) is stored with its `threadTs`;
 * whether `thread_ts` names a message is not checked (Slack's published error list for
 * chat.postMessage has no code for it).
 */
import { checkMessageBlocks, MAX_MESSAGE_TEXT } from '../block-kit';
import { fail } from '../errors';
import type { Channel, StoredMessage } from '../workspace';
import { botIsMember, findChannel } from './channel-common';
import type { Answer, CallContext, MethodDef } from './context';
import { json, str } from './context';

/** Resolves `channel` for posting; for a user id this opens the app's DM with that user. */
export function postTarget(ctx: CallContext, channelParam: string | undefined): Channel {
  const { ws, install } = ctx.auth;
  if (channelParam && /^[UW]/.test(channelParam)) {
    const user = ws.member(channelParam);
    if (!user) fail('channel_not_found');
    if (user.isBot && user.id !== 'USLACKBOT') fail('cannot_dm_bot');
    if (user.id === install.botUserId) fail('cannot_dm_bot');
    if (!install.messagesTab) fail('messages_tab_disabled');
    if (user.deleted) fail('user_disabled');
    return ws.dm(install.botUserId, user.id);
  }
  const c = findChannel(ctx, channelParam);
  if (c.isIm) {
    if (!install.messagesTab) fail('messages_tab_disabled');
    if (ws.member(c.user ?? '')?.deleted) fail('user_disabled');
    return c;
  }
  if (c.isArchived) fail('is_archived');
  if (!botIsMember(ctx, c) && !(ctx.auth.scopes.has('chat:write.public') && !c.isPrivate))
    fail('not_in_channel');
  return c;
}

interface Content {
  text: string;
  blocks: unknown[] | null;
}

/** Slack's text/blocks checks: `no_text`, `msg_too_long`, `invalid_blocks(_format)`. */
export function messageContent(ctx: CallContext): Content {
  const text = str(ctx.params, 'text') ?? '';
  const rawBlocks = json(ctx.params, 'blocks', 'invalid_blocks_format');
  const attachments = json(ctx.params, 'attachments', 'invalid_attachments');
  let blocks: unknown[] | null = null;
  if (rawBlocks !== undefined) {
    if (!Array.isArray(rawBlocks)) fail('invalid_blocks_format');
    blocks = rawBlocks;
  }
  if (text.length === 0 && (!blocks || blocks.length === 0) && !Array.isArray(attachments)) fail('no_text');
  if (text.length > MAX_MESSAGE_TEXT) fail('msg_too_long');
  if (blocks) {
    const errors = checkMessageBlocks(blocks);
    if (errors.length > 0) {
      fail('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
    }
  }
  return { text, blocks };
}

function botProfile(ctx: CallContext): Record<string, unknown> {
  const { app, install, ws } = ctx.auth;
  const icon = (s: number) => `https://a.slack-edge.com/80588/img/plugins/app/bot_${s}.png`;
  return {
    id: install.botId,
    deleted: false,
    name: app.name,
    updated: Math.floor(install.installedAt / 1000),
    app_id: app.appId,
    icons: { image_36: icon(36), image_48: icon(48), image_72: icon(72) },
    team_id: ws.id,
  };
}

function store(ctx: CallContext, c: Channel, content: Content, extra: Partial<StoredMessage>): StoredMessage {
  const { ws, install, app } = ctx.auth;
  const msg: StoredMessage = {
    teamId: ws.id,
    channel: c.id,
    ts: ctx.state.nextTs(),
    text: content.text,
    blocks: content.blocks,
    user: install.botUserId,
    botId: install.botId,
    appId: app.appId,
    postedAt: ctx.state.now(),
    ...extra,
  };
  c.messages.push(msg);
  c.updated = msg.postedAt;
  return msg;
}

function postMessage(ctx: CallContext): Answer {
  const c = postTarget(ctx, str(ctx.params, 'channel'));
  const content = messageContent(ctx);
  const threadTs = str(ctx.params, 'thread_ts');
  const msg = store(ctx, c, content, threadTs ? { threadTs } : {});
  const message: Record<string, unknown> = {
    user: msg.user,
    type: 'message',
    ts: msg.ts,
    bot_id: msg.botId,
    app_id: msg.appId,
    text: msg.text,
    team: msg.teamId,
    bot_profile: botProfile(ctx),
  };
  if (msg.blocks) message.blocks = msg.blocks;
  if (threadTs) message.thread_ts = threadTs;
  return { ok: true, channel: c.id, ts: msg.ts, message };
}

function postEphemeral(ctx: CallContext): Answer {
  const user = str(ctx.params, 'user');
  const { ws } = ctx.auth;
  const c = postTarget(ctx, str(ctx.params, 'channel'));
  const m = user ? ws.member(user) : undefined;
  if (!m) fail('user_not_found');
  if (!ws.isChannelMember(c, m.id)) fail('user_not_in_channel');
  const content = messageContent(ctx);
  const msg = store(ctx, c, content, { ephemeralTo: m.id });
  return { ok: true, message_ts: msg.ts };
}

/** The app's own message `ts` in the channel the caller can see; Slack's errors otherwise. */
function ownMessage(ctx: CallContext, refused: string): { c: Channel; msg: StoredMessage } {
  const c = findChannel(ctx, str(ctx.params, 'channel'));
  const ts = str(ctx.params, 'ts');
  const msg = ts ? c.messages.find((m) => m.ts === ts && !m.ephemeralTo) : undefined;
  if (!msg) fail('message_not_found');
  if (msg.appId !== ctx.auth.app.appId || msg.teamId !== ctx.auth.ws.id) fail(refused);
  return { c, msg };
}

function updateMessage(ctx: CallContext): Answer {
  const { c, msg } = ownMessage(ctx, 'cant_update_message');
  const content = messageContent(ctx);
  msg.edits = [
    ...(msg.edits ?? []),
    { text: msg.text, blocks: msg.blocks, at: msg.editedAt ?? msg.postedAt },
  ];
  msg.text = content.text;
  msg.blocks = content.blocks;
  msg.editedAt = ctx.state.now();
  const message: Record<string, unknown> = {
    text: msg.text,
    user: msg.user,
    bot_id: msg.botId,
    app_id: msg.appId,
    edited: { user: msg.user, ts: ctx.state.nextTs() },
  };
  if (msg.blocks) message.blocks = msg.blocks;
  return { ok: true, channel: c.id, ts: msg.ts, text: msg.text, message };
}

function deleteMessage(ctx: CallContext): Answer {
  const { c, msg } = ownMessage(ctx, 'cant_delete_message');
  c.messages.splice(c.messages.indexOf(msg), 1);
  return { ok: true, channel: c.id, ts: msg.ts };
}

export const chatMethods: Record<string, MethodDef> = {
  'chat.postMessage': { auth: true, handler: postMessage },
  'chat.postEphemeral': { auth: true, handler: postEphemeral },
  'chat.update': { auth: true, handler: updateMessage },
  'chat.delete': { auth: true, handler: deleteMessage },
};

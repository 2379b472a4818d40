/** users.list, users.info, users.lookupByEmail, users.profile.get. */
import { fail } from '../errors';
import { renderMember, renderProfile } from '../members';
import type { Answer, CallContext, MethodDef } from './context';
import { bool, decodeCursor, encodeCursor, int, requiredStr, str } from './context';

/** users.list answers at most this many members a page, whatever `limit` says. */
export const USERS_LIST_MAX_PAGE = 1000;

function emailVisible(ctx: CallContext): boolean {
  return ctx.auth.scopes.has('users:read.email');
}

/**
 * Cursor pagination like Slack's: the cursor is base64(`user:<id of the next member>`), `offset`
 * repeats that id, and the last page has `next_cursor: ""`. No `limit` (or 0) asks for everything,
 * which Slack answers in one go for small teams; the sandbox caps a page at 1000 members.
 */
function usersList(ctx: CallContext): Answer {
  const { ws } = ctx.auth;
  const limitParam = int(ctx.params, 'limit');
  if (limitParam !== undefined && limitParam < 0) fail('invalid_limit');
  const limit = !limitParam ? USERS_LIST_MAX_PAGE : Math.min(limitParam, USERS_LIST_MAX_PAGE);
  const cursor = str(ctx.params, 'cursor');
  let start = 0;
  if (cursor) {
    const pos = ws.memberPosition(decodeCursor(cursor, 'user'));
    if (pos === undefined) fail('invalid_cursor');
    start = pos;
  }
  const end = Math.min(ws.members.length, start + limit);
  const includeEmail = emailVisible(ctx);
  const includeLocale = bool(ctx.params, 'include_locale');
  const members = [];
  for (let i = start; i < end; i++)
    members.push(renderMember(ws.members[i], { includeEmail, includeLocale, now: ctx.state.now() }));
  const out: Answer = { ok: true, members, cache_ts: Math.floor(ctx.state.now() / 1000) };
  const paginated = !!limitParam || !!cursor || ws.members.length > USERS_LIST_MAX_PAGE;
  if (end < ws.members.length) {
    out.offset = ws.members[end].id;
    out.response_metadata = { next_cursor: encodeCursor('user', ws.members[end].id) };
  } else if (paginated) {
    out.response_metadata = { next_cursor: '' };
  }
  return out;
}

function member(ctx: CallContext, id: string) {
  const m = ctx.auth.ws.member(id);
  if (!m) fail('user_not_found');
  return m;
}

function usersInfo(ctx: CallContext): Answer {
  const m = member(ctx, requiredStr(ctx.params, 'user', 'user_not_found'));
  return {
    ok: true,
    user: renderMember(m, {
      includeEmail: emailVisible(ctx),
      includeLocale: bool(ctx.params, 'include_locale'),
      now: ctx.state.now(),
    }),
  };
}

function lookupByEmail(ctx: CallContext): Answer {
  const email = requiredStr(ctx.params, 'email', 'users_not_found');
  const m = ctx.auth.ws.memberByEmail(email);
  if (!m) fail('users_not_found');
  return { ok: true, user: renderMember(m, { includeEmail: true, now: ctx.state.now() }) };
}

/** The only method that shows custom profile `fields` (`{"Xf…": {"value", "alt"}}`). */
function profileGet(ctx: CallContext): Answer {
  const id = str(ctx.params, 'user') || ctx.auth.install.botUserId;
  const m = member(ctx, id);
  const profile = renderProfile(m, { includeEmail: emailVisible(ctx), includeFields: true });
  delete profile.team;
  return { ok: true, profile };
}

export const userMethods: Record<string, MethodDef> = {
  'users.list': { auth: true, handler: usersList },
  'users.info': { auth: true, handler: usersInfo },
  'users.lookupByEmail': { auth: true, handler: lookupByEmail },
  'users.profile.get': { auth: true, handler: profileGet },
};

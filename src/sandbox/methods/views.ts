/**
 * views.publish / open / update / push. No scope needed (as in Slack). views.open and views.push
 * need a `trigger_id` the sandbox issued (`Sandbox.issueTriggerId`, or the driver does it when it
 * sends an interaction); unknown ones are `invalid_trigger_id`, used or older than 3 s
 * `expired_trigger_id`. With the `acceptUnknownTriggerIds` option, any well-formed trigger id
 * (`digits.digits.hex`) is accepted once and its modal is filed under user `''`.
 */
import { checkView } from '../block-kit';
import { fail } from '../errors';
import type { StoredView } from '../views-store';
import type { Answer, CallContext, MethodDef } from './context';
import { json, str } from './context';

const MAX_STACK = 3;

function viewParam(ctx: CallContext, expected: 'home' | 'modal' | 'any'): Record<string, unknown> {
  const view = json(ctx.params, 'view', 'invalid_arguments');
  const errors = checkView(view, expected);
  if (errors.length > 0) fail('invalid_arguments', { response_metadata: { messages: errors } });
  return view as Record<string, unknown>;
}

export function renderView(v: StoredView): Record<string, unknown> {
  const p = v.payload;
  const out: Record<string, unknown> = {
    id: v.id,
    team_id: v.teamId,
    type: v.type,
    blocks: p.blocks ?? [],
    private_metadata: p.private_metadata ?? '',
    callback_id: p.callback_id ?? '',
    state: { values: {} },
    hash: v.hash,
    title: p.title ?? { type: 'plain_text', text: 'View Title', emoji: true },
    clear_on_close: !!p.clear_on_close,
    notify_on_close: !!p.notify_on_close,
    close: p.close ?? null,
    submit: p.submit ?? null,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: v.appId,
    external_id: v.externalId,
    app_installed_team_id: v.teamId,
    bot_id: v.botId,
  };
  return out;
}

function newView(
  ctx: CallContext,
  userId: string,
  payload: Record<string, unknown>,
  previous: StoredView | null,
): StoredView {
  const { ws, app, install } = ctx.auth;
  const externalId = typeof payload.external_id === 'string' ? payload.external_id : '';
  if (externalId && ctx.state.views.byExternalId(ws.id, app.appId, externalId)) fail('duplicate_external_id');
  const id = ctx.state.views.newViewId(ws.id.slice(1, 4));
  return {
    id,
    teamId: ws.id,
    appId: app.appId,
    botId: install.botId,
    userId,
    type: payload.type as 'home' | 'modal',
    payload,
    hash: ctx.state.views.newHash(),
    externalId,
    rootViewId: previous?.rootViewId ?? id,
    previousViewId: previous?.id ?? null,
    updatedAt: ctx.state.now(),
  };
}

function publish(ctx: CallContext): Answer {
  const { ws, app } = ctx.auth;
  const userId = str(ctx.params, 'user_id');
  if (!userId)
    fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: user_id'] },
    });
  if (!ws.member(userId)) fail('user_not_found');
  const payload = viewParam(ctx, 'home');
  const current = ctx.state.views.homeOf(ws.id, app.appId, userId);
  const hash = str(ctx.params, 'hash');
  if (hash && current && current.hash !== hash) fail('hash_conflict');
  const v = newView(ctx, userId, payload, null);
  if (current) {
    v.id = current.id;
    v.rootViewId = current.rootViewId;
  }
  ctx.state.views.setHome(v);
  return { ok: true, view: renderView(v) };
}

function useTrigger(ctx: CallContext): string {
  const id = str(ctx.params, 'trigger_id');
  if (!id) fail('invalid_trigger_id');
  let t = ctx.state.views.trigger(id);
  if (!t && ctx.state.acceptUnknownTriggerIds && /^\d+\.\d+\.[0-9a-f]+$/.test(id)) {
    // Documented escape hatch: a well-formed trigger the sandbox did not issue, attributed to no user ('').
    ctx.state.views.registerTrigger(id, {
      teamId: ctx.auth.ws.id,
      userId: '',
      expiresAt: ctx.state.now() + ctx.state.triggerTtlMs,
    });
    t = ctx.state.views.trigger(id);
  }
  if (!t || t.teamId !== ctx.auth.ws.id || (t.appId && t.appId !== ctx.auth.app.appId))
    fail('invalid_trigger_id');
  if (t.used || t.expiresAt < ctx.state.now()) fail('expired_trigger_id');
  t.used = true;
  return t.userId;
}

function open(ctx: CallContext): Answer {
  const payload = viewParam(ctx, 'modal');
  const userId = useTrigger(ctx);
  const v = newView(ctx, userId, payload, null);
  ctx.state.views.openModal(v);
  return { ok: true, view: renderView(v) };
}

function push(ctx: CallContext): Answer {
  const payload = viewParam(ctx, 'modal');
  const userId = useTrigger(ctx);
  const { ws, app } = ctx.auth;
  const stack = ctx.state.views.stack(ws.id, app.appId, userId);
  if (stack.length === 0) fail('not_found');
  if (stack.length >= MAX_STACK) fail('push_limit_reached');
  const v = newView(ctx, userId, payload, stack[stack.length - 1]);
  ctx.state.views.pushModal(v);
  return { ok: true, view: renderView(v) };
}

function update(ctx: CallContext): Answer {
  const { ws, app } = ctx.auth;
  const viewId = str(ctx.params, 'view_id');
  const externalId = str(ctx.params, 'external_id');
  if (!viewId && !externalId)
    fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] view_id or external_id required'] },
    });
  const current = viewId
    ? ctx.state.views.get(viewId)
    : ctx.state.views.byExternalId(ws.id, app.appId, externalId!);
  if (!current || current.teamId !== ws.id || current.appId !== app.appId) fail('not_found');
  const payload = viewParam(ctx, current.type);
  const hash = str(ctx.params, 'hash');
  if (hash && hash !== current.hash) fail('hash_conflict');
  current.payload = payload;
  if (typeof payload.external_id === 'string') current.externalId = payload.external_id;
  current.hash = ctx.state.views.newHash();
  current.updatedAt = ctx.state.now();
  return { ok: true, view: renderView(current) };
}

export const viewMethods: Record<string, MethodDef> = {
  'views.publish': { auth: true, handler: publish },
  'views.open': { auth: true, handler: open },
  'views.update': { auth: true, handler: update },
  'views.push': { auth: true, handler: push },
};

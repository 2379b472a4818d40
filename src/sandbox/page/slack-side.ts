/**
 * What Slack does when a member uses the playground page (handler.ts): opens App Home or the
 * Messages tab (`app_home_opened`), types a slash command, clicks a button or a menu, submits or
 * closes a modal. Each is sent to the app as Slack sends it, signed with the app's signing secret
 * (SlackDriver), and the app's answer is applied the way Slack applies it: `response_action` of a
 * submission (`errors`, `update`, `push`, `clear`), the ephemeral body of a command's ack, and
 * whatever the app later posts to the `response_url` the sandbox handed out (stored as messages).
 */
import { randomBytes } from 'node:crypto';
import { SlackDriver } from '../driver';
import { SandboxUsageError } from '../errors';
import { renderView } from '../methods/views';
import type { Install, SandboxApp, SandboxState } from '../state';
import type { StoredView } from '../views-store';
import type { StoredMessage, Workspace } from '../workspace';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Slack keeps a response_url for 30 minutes and 5 uses. */
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;
const RESPONSE_URLS_KEPT = 1_000;

interface ResponseTarget {
  teamId: string;
  appId: string;
  userId: string;
  channel: string;
  /** The message an interaction came from (replace_original / delete_original act on it). */
  messageTs?: string;
  expiresAt: number;
  uses: number;
}

/** Who is acting, in which workspace, with which app. */
export interface Actor {
  ws: Workspace;
  userId: string;
  app: SandboxApp;
  install: Install;
}

/** A SlackDriver to the app's events URL (when the sandbox gives no app-driver.ts of its own). */
export function driverFor(app: SandboxApp, install: Install, fetchImpl?: typeof fetch): SlackDriver {
  if (!app.eventsUrl) throw new SandboxUsageError(`app ${app.appId} has no eventsUrl`, 409);
  const events = new URL(app.eventsUrl);
  return new SlackDriver({
    appUrl: events.origin,
    path: events.pathname,
    signingSecret: app.signingSecret,
    apiAppId: app.appId,
    botUserId: install.botUserId,
    fetch: fetchImpl,
  });
}

export class SlackSide {
  private readonly responseUrls = new Map<string, ResponseTarget>();

  constructor(
    private readonly state: SandboxState,
    private readonly baseUrl: () => string,
    private readonly fetchImpl?: typeof fetch,
    private readonly appDriver?: (clientId: string) => SlackDriver,
  ) {}

  /** Socket Mode or HTTP, as the app is configured (the sandbox's app-driver.ts), when given. */
  private driver(a: Actor): SlackDriver {
    return this.appDriver ? this.appDriver(a.app.clientId) : driverFor(a.app, a.install, this.fetchImpl);
  }

  private trigger(a: Actor): string {
    return this.state.views.issueTrigger({
      teamId: a.ws.id,
      userId: a.userId,
      appId: a.app.appId,
      expiresAt: this.state.now() + this.state.triggerTtlMs,
    });
  }

  private user(a: Actor) {
    const m = a.ws.member(a.userId);
    return { team_domain: a.ws.domain, user_name: m?.name ?? a.userId.toLowerCase() };
  }

  /** The member's DM with the app (Slack's Messages tab always has one). */
  dmOf(a: Actor): string {
    return a.ws.dm(a.install.botUserId, a.userId).id;
  }

  /** A response_url the sandbox serves (`/_sandbox/ui/response/<id>`), bound to where it was made. */
  newResponseUrl(a: Actor, channel: string, messageTs?: string): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrls.set(id, {
      teamId: a.ws.id,
      appId: a.app.appId,
      userId: a.userId,
      channel,
      messageTs,
      expiresAt: this.state.now() + RESPONSE_URL_TTL_MS,
      uses: 0,
    });
    // Bounded: the oldest go first (Map keeps insertion order).
    while (this.responseUrls.size > RESPONSE_URLS_KEPT) {
      const oldest = this.responseUrls.keys().next().value;
      if (oldest === undefined) break;
      this.responseUrls.delete(oldest);
    }
    return `${this.baseUrl()}/_sandbox/ui/response/${id}`;
  }

  /** `app_home_opened` for the Home or the Messages tab, with the published view as Slack sends it. */
  async openTab(a: Actor, tab: 'home' | 'messages'): Promise<number> {
    const home = this.state.views.homeOf(a.ws.id, a.app.appId, a.userId);
    const res = await this.driver(a).event(a.ws.id, {
      type: 'app_home_opened',
      user: a.userId,
      channel: this.dmOf(a),
      tab,
      ...(home && tab === 'home' ? { view: renderView(home) } : {}),
    });
    return res.status;
  }

  /** A slash command typed in `channel` (default the DM with the app). */
  async slashCommand(a: Actor, command: string, text: string, channel?: string): Promise<string | null> {
    const channelId = channel || this.dmOf(a);
    const c = a.ws.channels.get(channelId);
    if (!c) throw new SandboxUsageError(`no channel ${channelId}`, 404);
    if (!c.isIm && !a.ws.isChannelMember(c, a.userId))
      throw new SandboxUsageError(`${a.userId} is not in #${c.name}`, 403);
    const res = await this.driver(a).slashCommand({
      team_id: a.ws.id,
      ...this.user(a),
      user_id: a.userId,
      channel_id: channelId,
      channel_name: c.isIm ? 'directmessage' : c.name,
      command,
      text,
      trigger_id: this.trigger(a),
      response_url: this.newResponseUrl(a, channelId),
    });
    if (res.status !== 200)
      return `The app answered ${command} with HTTP ${res.status}; Slack shows "${command} failed with the error "http_service_error"".`;
    // An ack with a body is the command's immediate (ephemeral unless in_channel) answer.
    const body = obj(res.body);
    if (typeof res.body === 'string' && res.body.trim()) this.post(a, channelId, { text: res.body }, true);
    else if (body.text || body.blocks) this.post(a, channelId, body, body.response_type !== 'in_channel');
    return null;
  }

  /** A click on a button or a menu choice (`action` as block_actions carries it). */
  async blockAction(
    a: Actor,
    action: Obj & { action_id: string },
    where: {
      view?: StoredView;
      channel?: string;
      ts?: string;
      values?: Record<string, Record<string, unknown>>;
    },
  ): Promise<number> {
    const v = where.view;
    const channel = where.channel ?? this.dmOf(a);
    const res = await this.driver(a).blockAction({
      team_id: a.ws.id,
      ...this.user(a),
      user_id: a.userId,
      trigger_id: this.trigger(a),
      action,
      ...(v
        ? {
            view: { ...renderView(v), id: v.id, type: v.type, state: { values: where.values ?? {} } },
            ...(v.type === 'modal' ? { state_values: where.values ?? {} } : {}),
          }
        : {
            channel_id: channel,
            message_ts: where.ts,
            response_url: this.newResponseUrl(a, channel, where.ts),
          }),
    });
    return res.status;
  }

  /**
   * A modal's Submit. Returns the inline errors to show (`response_action: errors`), or null when
   * the modal moved on (closed, updated, pushed or cleared) or the app failed (`notice`).
   */
  async submit(
    a: Actor,
    v: StoredView,
    values: Record<string, Record<string, unknown>>,
  ): Promise<{ errors?: Record<string, string>; notice?: string }> {
    const p = v.payload;
    const res = await this.driver(a).viewSubmission({
      team_id: a.ws.id,
      ...this.user(a),
      user_id: a.userId,
      view_id: v.id,
      callback_id: str(p.callback_id),
      private_metadata: str(p.private_metadata),
      values,
      blocks: Array.isArray(p.blocks) ? p.blocks : [],
      title: str(obj(p.title).text) || undefined,
      trigger_id: this.trigger(a),
    });
    if (res.status !== 200)
      return { notice: `The app answered HTTP ${res.status}; Slack shows "We had some trouble connecting".` };
    const body = obj(res.body);
    const views = this.state.views;
    switch (body.response_action) {
      case 'errors':
        return { errors: obj(body.errors) as Record<string, string> };
      case 'clear':
        views.closeModals(a.ws.id, a.app.appId, a.userId);
        return {};
      case 'update':
        v.payload = obj(body.view);
        v.hash = views.newHash();
        v.updatedAt = this.state.now();
        return {};
      case 'push': {
        const id = views.newViewId(String(a.ws.namespace));
        views.pushModal({
          ...v,
          id,
          payload: obj(body.view),
          hash: views.newHash(),
          externalId: str(obj(body.view).external_id),
          previousViewId: v.id,
          updatedAt: this.state.now(),
        });
        return {};
      }
      default:
        views.popModal(a.ws.id, a.app.appId, a.userId);
        return {};
    }
  }

  /** A message in a channel as the app's bot, or an ephemeral one only `a.userId` sees. */
  post(a: Actor, channel: string, content: Obj, ephemeral: boolean): StoredMessage {
    const c = a.ws.channels.get(channel);
    if (!c) throw new SandboxUsageError(`no channel ${channel}`, 404);
    const msg: StoredMessage = {
      teamId: a.ws.id,
      channel,
      ts: this.state.nextTs(),
      text: str(content.text),
      blocks: Array.isArray(content.blocks) ? content.blocks : null,
      user: a.install.botUserId,
      botId: a.install.botId,
      appId: a.app.appId,
      ...(ephemeral ? { ephemeralTo: a.userId } : {}),
      postedAt: this.state.now(),
    };
    c.messages.push(msg);
    return msg;
  }

  /**
   * A POST to one of the sandbox's response_urls, answered as Slack does: `{"ok":true}`, or 404
   * `no_such_url` / `expired_url` / `used_url`.
   */
  respond(id: string, body: Obj, actorOf: (t: ResponseTarget) => Actor): { status: number; body: Obj } {
    const t = this.responseUrls.get(id);
    if (!t) return { status: 404, body: { ok: false, error: 'no_such_url' } };
    if (this.state.now() > t.expiresAt) return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (t.uses >= RESPONSE_URL_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    t.uses++;
    const a = actorOf(t);
    const c = a.ws.channels.get(t.channel);
    if (!c) return { status: 404, body: { ok: false, error: 'channel_not_found' } };
    const original = t.messageTs ? c.messages.findIndex((m) => m.ts === t.messageTs) : -1;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original >= 0) c.messages.splice(original, 1);
      return { status: 200, body: { ok: true } };
    }
    if ((body.replace_original === true || body.replace_original === 'true') && original >= 0) {
      const m = c.messages[original]!;
      m.text = str(body.text);
      m.blocks = Array.isArray(body.blocks) ? body.blocks : null;
      return { status: 200, body: { ok: true } };
    }
    this.post(a, t.channel, body, body.response_type !== 'in_channel');
    return { status: 200, body: { ok: true } };
  }
}

/** A response target's actor, or a usage error when the app or member is gone. */
export function actorFor(state: SandboxState, t: { teamId: string; appId: string; userId: string }): Actor {
  const ws = state.workspace(t.teamId);
  const app = state.appById(t.appId);
  const install = state.installByAppId(t.teamId, t.appId);
  if (!app || !install) throw new SandboxUsageError(`app ${t.appId} is not installed in ${t.teamId}`, 404);
  return { ws, userId: t.userId, app, install };
}

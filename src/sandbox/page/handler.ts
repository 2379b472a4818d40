/**
 * The playground under `/_sandbox/ui` (design §9): be any member of a sandbox workspace and use
 * the app as they would in Slack.
 *
 * - `GET /_sandbox/ui`: the workspaces; `?team=T…`: its members; `?team=T…&user=U…[&app=A…]`: that
 *   member's Slack (render.ts): App Home, modals, their DM with the app, their channels, `/plusplus`.
 * - `POST /_sandbox/ui/action`: what a click or a typed command does (slack-side.ts plays Slack),
 *   then a 303 back to the page once the app has had a moment to follow up.
 * - `POST /_sandbox/ui/response/<id>`: the response_urls the sandbox hands out with commands and
 *   message actions; what the app posts there shows up as a message.
 * - `GET /_sandbox/ui/version?team&user`: a fingerprint of what the page shows; `GET
 *   /_sandbox/ui/page.js` polls it and reloads the page when the app changed something.
 *
 * Over ~350 lines on purpose: the routes of the playground and the checks each makes on a form
 * post read best together; what the page shows is render.ts, what Slack does is slack-side.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackDriver } from '../driver';
import { SandboxUsageError } from '../errors';
import type { Install, SandboxApp, SandboxState } from '../state';
import type { StoredView } from '../views-store';
import type { Workspace } from '../workspace';
import { parseAction, parseResponseBody, readBody } from './forms';
import { escapeHtml, type NameLookup } from './mrkdwn';
import { PAGE_JS } from './page-js';
import { type PageChannel, type PageMessage, type PageView, renderPage } from './render';
import { type Actor, actorFor, SlackSide } from './slack-side';
import { stateValues } from './values';

export const UI_PATH = '/_sandbox/ui';
export const UI_ACTION_PATH = '/_sandbox/ui/action';

/** How long a click waits for the app's follow-up call before the page reloads anyway. */
const SETTLE_MS = 5_000;
const MESSAGES_SHOWN = 30;

export interface UiHandlerOptions {
  state: SandboxState;
  /** The sandbox's own base URL (response_urls point there). */
  baseUrl?: () => string;
  /** HTTP client for the app's events URL (default the global fetch). */
  fetch?: typeof fetch;
  /** How to reach an app (the sandbox's app-driver.ts: Socket Mode or the events URL); default its events URL. */
  driverFor?: (clientId: string) => SlackDriver;
  /** Override for the settle wait (tests). */
  settleMs?: number;
}

interface Flash {
  notice?: string;
  modalErrors?: Record<string, string>;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function html(res: ServerResponse, status: number, body: string): void {
  // Only the page's own script runs (page.js); nothing from a view can.
  send(res, status, 'text/html; charset=utf-8', body, {
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; form-action 'self'",
  });
}

function simplePage(title: string, intro: string, items: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 Arial,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}.tag{font-size:12px;background:#eee;border-radius:3px;padding:0 4px;margin-left:4px}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${intro}</p><ul id="list">${items.join('')}</ul></body></html>`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The routes under `/_sandbox/ui`. Returns false for paths it does not serve. */
export function createUiHandler(o: UiHandlerOptions) {
  const { state } = o;
  const flashes = new Map<string, Flash>();
  const settleMs = o.settleMs ?? SETTLE_MS;
  const slack = new SlackSide(state, o.baseUrl ?? (() => ''), o.fetch, o.driverFor);

  function appFor(teamId: string, appParam: string | null): { app: SandboxApp; install: Install } {
    for (const install of state.installs.values()) {
      if (install.teamId !== teamId) continue;
      const app = state.apps.get(install.clientId);
      if (!app) continue;
      if (appParam ? app.appId === appParam || app.clientId === appParam : app.eventsUrl || app.socketMode)
        return { app, install };
    }
    throw new SandboxUsageError(
      appParam
        ? `app ${appParam} is not installed in ${teamId}`
        : `no app with an eventsUrl or Socket Mode is installed in ${teamId}: connect it first`,
      404,
    );
  }

  function actor(teamId: string, userId: string, appParam: string | null): Actor {
    const ws = state.workspace(teamId);
    if (!ws.member(userId)) throw new SandboxUsageError(`no member ${userId} in ${teamId}`, 404);
    return { ws, userId, ...appFor(teamId, appParam) };
  }

  function pageView(v: StoredView): PageView {
    const p = v.payload;
    return {
      id: v.id,
      type: v.type,
      blocks: Array.isArray(p.blocks) ? p.blocks : [],
      callbackId: str(p.callback_id),
      privateMetadata: str(p.private_metadata),
      title: p.title,
      submit: p.submit,
      close: p.close,
      hash: v.hash,
    };
  }

  /** Messages of `appId` in one channel that `userId` sees (their own ephemerals included). */
  function visible(ws: Workspace, channel: string, userId: string, appId: string): PageMessage[] {
    const c = ws.channels.get(channel);
    if (!c) return [];
    return c.messages
      .filter((m) => m.appId === appId && (!m.ephemeralTo || m.ephemeralTo === userId))
      .slice(-MESSAGES_SHOWN)
      .map((m) => ({
        channel: m.channel,
        ts: m.ts,
        text: m.text,
        blocks: m.blocks,
        ephemeral: Boolean(m.ephemeralTo),
        postedAt: m.postedAt,
      }));
  }

  function channelsOf(a: Actor): PageChannel[] {
    const out: PageChannel[] = [];
    for (const c of a.ws.channels.values()) {
      if (c.isIm || c.isArchived || !a.ws.isChannelMember(c, a.userId)) continue;
      out.push({
        id: c.id,
        name: c.name,
        isPrivate: c.isPrivate,
        messages: visible(a.ws, c.id, a.userId, a.app.appId),
      });
    }
    return out;
  }

  /** What the page shows and a click may change: the home, the modal stack, the messages. */
  function fingerprint(a: Actor): string {
    const home = state.views.homeOf(a.ws.id, a.app.appId, a.userId);
    const stack = state.views.stack(a.ws.id, a.app.appId, a.userId);
    let messages = 0;
    let last = '';
    for (const c of a.ws.channels.values()) {
      if (c.isIm ? c.user !== a.userId : !a.ws.isChannelMember(c, a.userId)) continue;
      messages += c.messages.length;
      const m = c.messages[c.messages.length - 1];
      if (m && m.ts > last) last = `${m.ts}:${m.text.length}`;
    }
    return JSON.stringify([home?.hash ?? null, stack.map((v) => `${v.id}:${v.hash}`), messages, last]);
  }

  const pageUrl = (teamId: string, userId?: string, app?: string | null) =>
    `${UI_PATH}?team=${encodeURIComponent(teamId)}${userId ? `&user=${encodeURIComponent(userId)}` : ''}${app ? `&app=${encodeURIComponent(app)}` : ''}`;

  function membersPage(ws: Workspace): string {
    let installer: string | null = null;
    for (const i of state.installs.values()) if (i.teamId === ws.id) installer = i.installerUserId;
    const people = ws.members.filter((m) => !m.deleted && !m.isBot && m.id !== 'USLACKBOT').slice(0, 500);
    const items = people.map((m) => {
      const tags = [
        m.id === installer ? 'installed the app' : '',
        m.isPrimaryOwner ? 'owner' : m.isAdmin ? 'admin' : '',
        m.isRestricted ? 'guest' : '',
        m.email ? '' : 'no email',
        // Their Slack language (issue 22): the app speaks it to them.
        m.locale && m.locale !== 'en-US' ? m.locale : '',
      ]
        .filter(Boolean)
        .map((t) => `<span class="tag">${escapeHtml(t)}</span>`)
        .join('');
      return `<li><a href="${escapeHtml(pageUrl(ws.id, m.id))}">${escapeHtml(m.realName || m.name)}</a> (${escapeHtml(m.id)}${m.email ? `, ${escapeHtml(m.email)}` : ''})${tags}</li>`;
    });
    const intro = installer
      ? `Pick a member to see their Slack: App Home, modals, <code>/plusplus</code>, DMs and channels. The member who installed the app is its admin.`
      : 'The app is not installed in this workspace yet: connect it first (the link `npm start` printed), then pick a member.';
    return simplePage(`Members of ${ws.name}`, intro, items);
  }

  function page(query: URLSearchParams): string {
    const teamId = query.get('team');
    const userId = query.get('user');
    if (!teamId) {
      const items = [...state.workspaces.values()].map(
        (ws) =>
          `<li><a href="${escapeHtml(pageUrl(ws.id))}">${escapeHtml(ws.name)}</a> (${escapeHtml(ws.id)})</li>`,
      );
      return simplePage('Sandbox workspaces', 'Pick a workspace.', items);
    }
    const ws = state.workspace(teamId);
    if (!userId) return membersPage(ws);
    const appParam = query.get('app');
    const a = actor(teamId, userId, appParam);
    const member = ws.member(userId)!;
    const key = `${teamId}:${a.app.appId}:${userId}`;
    const flash = flashes.get(key) ?? {};
    flashes.delete(key);
    const names: NameLookup = {
      user: (id) => {
        const m = ws.member(id);
        return m ? m.displayName || m.realName || m.name : null;
      },
      channel: (id) => ws.channels.get(id)?.name ?? null,
    };
    const home = state.views.homeOf(teamId, a.app.appId, userId);
    const dm = slack.dmOf(a);
    return renderPage({
      version: fingerprint(a),
      teamId,
      teamName: ws.name,
      userId,
      userName: member.realName || member.name,
      appName: a.app.name,
      app: appParam,
      home: home ? pageView(home) : null,
      modals: state.views.stack(teamId, a.app.appId, userId).map(pageView),
      messages: visible(ws, dm, userId, a.app.appId),
      dmChannel: dm,
      channels: channelsOf(a),
      members: ws.members
        .filter((m) => !m.deleted && !m.isBot && m.id !== 'USLACKBOT')
        .slice(0, 500)
        .map((m) => [m.id, m.realName || m.name]),
      membersUrl: pageUrl(teamId),
      notice: flash.notice ?? null,
      modalErrors: flash.modalErrors,
      names,
      actionPath: UI_ACTION_PATH,
    });
  }

  async function act(form: URLSearchParams): Promise<string> {
    const teamId = form.get('team') ?? '';
    const userId = form.get('user') ?? '';
    if (!teamId || !userId) throw new SandboxUsageError('team and user are required');
    const a = actor(teamId, userId, form.get('app'));
    const key = `${teamId}:${a.app.appId}:${userId}`;
    const back = pageUrl(teamId, userId, form.get('app'));
    const before = fingerprint(a);
    const viewId = form.get('view_id') ?? '';
    const stored = viewId ? state.views.get(viewId) : undefined;
    if (
      viewId &&
      (!stored || stored.teamId !== teamId || stored.userId !== userId || stored.appId !== a.app.appId)
    )
      throw new SandboxUsageError(`no view ${viewId} of this user`, 404);
    const blocks = Array.isArray(stored?.payload.blocks) ? (stored.payload.blocks as unknown[]) : [];
    let status = 200;
    let notice: string | null = null;

    const open = form.get('open');
    if (open === 'home' || open === 'messages') {
      status = await slack.openTab(a, open);
    } else if (form.has('slash')) {
      const text = (form.get('text') ?? '').trim();
      notice = await slack.slashCommand(
        a,
        form.get('command') || '/plusplus',
        text,
        form.get('channel') ?? undefined,
      );
    } else if (form.has('close')) {
      // notify_on_close (view_closed) is not sent: the app's modals do not ask for it.
      if (stored?.type === 'modal') state.views.popModal(teamId, a.app.appId, userId);
      return back;
    } else if (form.has('submit')) {
      if (stored?.type !== 'modal') throw new SandboxUsageError('submit needs a modal view_id');
      const r = await slack.submit(a, stored, stateValues(blocks, form));
      if (r.errors) {
        flashes.set(key, { modalErrors: r.errors });
        return back;
      }
      notice = r.notice ?? null;
    } else {
      const action = parseAction(form);
      // A menu's choice travels in its own field; block_actions carries it as Slack does.
      if (form.has('menu')) {
        const values = stateValues(blocks.length ? blocks : messageBlocks(a, form), form);
        const chosen = values[str(action.block_id)]?.[action.action_id];
        if (chosen) Object.assign(action, chosen);
      }
      status = await slack.blockAction(a, action, {
        view: form.get('surface') === 'message' ? undefined : stored,
        channel: form.get('channel') ?? undefined,
        ts: form.get('ts') ?? undefined,
        values: stored?.type === 'modal' ? stateValues(blocks, form) : undefined,
      });
    }
    if (status !== 200) notice = `The app answered HTTP ${status} (Slack would show an error).`;
    if (notice) {
      flashes.set(key, { notice });
      return back;
    }
    // The app acks first and works after; give it a moment to publish, update or post.
    const until = Date.now() + settleMs;
    while (Date.now() < until && fingerprint(a) === before) await new Promise((r) => setTimeout(r, 25));
    return back;
  }

  function messageBlocks(a: Actor, form: URLSearchParams): unknown[] {
    const c = a.ws.channels.get(form.get('channel') ?? '');
    const m = c?.messages.find((x) => x.ts === form.get('ts'));
    return m?.blocks ?? [];
  }

  return async function handleUi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (url.pathname === UI_PATH && get) {
      html(res, 200, page(url.searchParams));
      return true;
    }
    if (url.pathname === `${UI_PATH}/page.js` && get) {
      send(res, 200, 'text/javascript; charset=utf-8', PAGE_JS);
      return true;
    }
    if (url.pathname === `${UI_PATH}/version` && get) {
      const q = url.searchParams;
      const a = actor(q.get('team') ?? '', q.get('user') ?? '', q.get('app'));
      send(res, 200, 'application/json', JSON.stringify({ version: fingerprint(a) }));
      return true;
    }
    if (url.pathname === UI_ACTION_PATH && req.method === 'POST') {
      const location = await act(new URLSearchParams(await readBody(req)));
      res.writeHead(303, { location, 'content-length': '0' }).end();
      return true;
    }
    const response = /^\/_sandbox\/ui\/response\/([0-9a-f]{24})$/.exec(url.pathname);
    if (response && req.method === 'POST') {
      const raw = await readBody(req);
      const r = slack.respond(
        response[1]!,
        parseResponseBody(raw, String(req.headers['content-type'] ?? '')),
        (t) => actorFor(state, t),
      );
      send(res, r.status, 'application/json', JSON.stringify(r.body));
      return true;
    }
    return false;
  };
}

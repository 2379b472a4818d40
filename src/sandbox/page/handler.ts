/**
 * `GET /_sandbox/ui?team=T…&user=U…[&app=A…]`: the page of render.ts for one member, and
 * `POST /_sandbox/ui/action`: what a click on it does. The sandbox plays Slack: it sends the app a
 * correctly signed `block_actions` (or `view_submission`, for a modal's submit) at the app's
 * `eventsUrl` with the app's signing secret (SlackDriver), applies the answer the way Slack would
 * (`response_action` of a submission), waits briefly for the app's follow-up (views.publish,
 * views.update, chat.postMessage) and redirects back to the page (303), which then shows the new
 * state. Trigger ids are issued by the sandbox, so the app's views.open with them works.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SlackDriver } from '../driver';
import { SandboxUsageError } from '../errors';
import type { Install, SandboxApp, SandboxState } from '../state';
import type { StoredView } from '../views-store';
import { escapeHtml, type NameLookup } from './mrkdwn';
import { type PageMessage, type PageView, renderPage } from './render';

export const UI_PATH = '/_sandbox/ui';
export const UI_ACTION_PATH = '/_sandbox/ui/action';

const MAX_FORM = 256 * 1024;
/** How long a click waits for the app's follow-up call before the page reloads anyway. */
const SETTLE_MS = 5_000;
const MESSAGES_SHOWN = 30;

export interface UiHandlerOptions {
  state: SandboxState;
  /** HTTP client for the app's events URL (default the global fetch). */
  fetch?: typeof fetch;
  /** Override for the settle wait (tests). */
  settleMs?: number;
}

interface Flash {
  notice?: string;
  modalErrors?: Record<string, string>;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM) throw new SandboxUsageError('form too large', 413);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    // The page has no script of its own; nothing from a view may run either.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(body);
}

function simplePage(title: string, items: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><ul>${items.join('')}</ul></body></html>`;
}

/** The routes under `/_sandbox/ui`. Returns false for paths it does not serve. */
export function createUiHandler(o: UiHandlerOptions) {
  const { state } = o;
  const flashes = new Map<string, Flash>();
  const settleMs = o.settleMs ?? SETTLE_MS;

  function appFor(teamId: string, appParam: string | null): { app: SandboxApp; install: Install } {
    for (const install of state.installs.values()) {
      if (install.teamId !== teamId) continue;
      const app = state.apps.get(install.clientId);
      if (!app) continue;
      if (appParam ? app.appId === appParam || app.clientId === appParam : app.eventsUrl)
        return { app, install };
    }
    throw new SandboxUsageError(
      appParam
        ? `app ${appParam} is not installed in ${teamId}`
        : `no app with an eventsUrl is installed in ${teamId}`,
      404,
    );
  }

  function pageView(v: StoredView): PageView {
    const p = v.payload;
    return {
      id: v.id,
      type: v.type,
      blocks: Array.isArray(p.blocks) ? p.blocks : [],
      callbackId: typeof p.callback_id === 'string' ? p.callback_id : '',
      privateMetadata: typeof p.private_metadata === 'string' ? p.private_metadata : '',
      title: p.title,
      submit: p.submit,
      close: p.close,
      hash: v.hash,
    };
  }

  function messagesFor(teamId: string, userId: string, appId: string): PageMessage[] {
    const ws = state.workspace(teamId);
    const out: PageMessage[] = [];
    for (const c of ws.channels.values()) {
      for (const m of c.messages) {
        if (m.appId !== appId) continue;
        const mine = m.ephemeralTo ? m.ephemeralTo === userId : c.isIm && c.user === userId;
        if (!mine) continue;
        out.push({
          channel: m.channel,
          ts: m.ts,
          text: m.text,
          blocks: m.blocks,
          ephemeral: Boolean(m.ephemeralTo),
          postedAt: m.postedAt,
        });
      }
    }
    return out.sort((a, b) => a.postedAt - b.postedAt || a.ts.localeCompare(b.ts)).slice(-MESSAGES_SHOWN);
  }

  /** What a click may change: the home, the modal stack, the DMs. */
  function fingerprint(teamId: string, appId: string, userId: string): string {
    const home = state.views.homeOf(teamId, appId, userId);
    const stack = state.views.stack(teamId, appId, userId);
    return JSON.stringify([
      home?.hash ?? null,
      stack.map((v) => `${v.id}:${v.hash}`),
      messagesFor(teamId, userId, appId).length,
    ]);
  }

  function page(query: URLSearchParams): { status: number; body: string } {
    const teamId = query.get('team');
    const userId = query.get('user');
    if (!teamId) {
      const items = [...state.workspaces.values()].map(
        (ws) =>
          `<li><a href="${UI_PATH}?team=${encodeURIComponent(ws.id)}">${escapeHtml(ws.name)} (${escapeHtml(ws.id)})</a></li>`,
      );
      return { status: 200, body: simplePage('Sandbox workspaces', items) };
    }
    const ws = state.workspace(teamId);
    if (!userId) {
      const items = ws.members
        .filter((m) => !m.deleted && !m.isBot && m.id !== 'USLACKBOT')
        .slice(0, 500)
        .map(
          (m) =>
            `<li><a href="${UI_PATH}?team=${encodeURIComponent(ws.id)}&amp;user=${encodeURIComponent(m.id)}">${escapeHtml(m.realName || m.name)} (${escapeHtml(m.id)})</a></li>`,
        );
      return { status: 200, body: simplePage(`Members of ${ws.name}`, items) };
    }
    const member = ws.member(userId);
    if (!member) throw new SandboxUsageError(`no member ${userId} in ${teamId}`, 404);
    const { app } = appFor(teamId, query.get('app'));
    const key = `${teamId}:${app.appId}:${userId}`;
    const flash = flashes.get(key) ?? {};
    flashes.delete(key);
    const names: NameLookup = {
      user: (id) => {
        const m = ws.member(id);
        return m ? m.displayName || m.realName || m.name : null;
      },
      channel: (id) => ws.channels.get(id)?.name ?? null,
    };
    const home = state.views.homeOf(teamId, app.appId, userId);
    return {
      status: 200,
      body: renderPage({
        teamId,
        teamName: ws.name,
        userId,
        userName: member.realName || member.name,
        appName: app.name,
        home: home ? pageView(home) : null,
        modals: state.views.stack(teamId, app.appId, userId).map(pageView),
        messages: messagesFor(teamId, userId, app.appId),
        notice: flash.notice ?? null,
        modalErrors: flash.modalErrors,
        names,
        actionPath: UI_ACTION_PATH,
      }),
    };
  }

  async function act(form: URLSearchParams): Promise<string> {
    const teamId = form.get('team') ?? '';
    const userId = form.get('user') ?? '';
    if (!teamId || !userId) throw new SandboxUsageError('team and user are required');
    const ws = state.workspace(teamId);
    if (!ws.member(userId)) throw new SandboxUsageError(`no member ${userId} in ${teamId}`, 404);
    const { app, install } = appFor(teamId, form.get('app'));
    if (!app.eventsUrl) throw new SandboxUsageError(`app ${app.appId} has no eventsUrl`, 409);
    const events = new URL(app.eventsUrl);
    const driver = new SlackDriver({
      appUrl: events.origin,
      path: events.pathname,
      signingSecret: app.signingSecret,
      apiAppId: app.appId,
      botUserId: install.botUserId,
      fetch: o.fetch,
    });
    const key = `${teamId}:${app.appId}:${userId}`;
    const back = `${UI_PATH}?team=${encodeURIComponent(teamId)}&user=${encodeURIComponent(userId)}${form.get('app') ? `&app=${encodeURIComponent(form.get('app')!)}` : ''}`;
    const before = fingerprint(teamId, app.appId, userId);
    const surface = form.get('surface');
    const viewId = form.get('view_id') ?? '';
    const stored = viewId ? state.views.get(viewId) : undefined;
    if (
      viewId &&
      (!stored || stored.teamId !== teamId || stored.userId !== userId || stored.appId !== app.appId)
    )
      throw new SandboxUsageError(`no view ${viewId} of this user`, 404);
    // Inputs as view.state.values: block_id → action_id → {type, value}.
    const values: Record<string, Record<string, unknown>> = {};
    for (const [name, value] of form) {
      const m = /^input:([^:]*):(.*)$/.exec(name);
      if (!m) continue;
      values[m[1]!] = { ...values[m[1]!], [m[2]!]: { type: 'plain_text_input', value } };
    }

    if (form.has('close')) {
      // notify_on_close (view_closed) is not sent: the app's modals do not ask for it.
      if (stored?.type === 'modal') state.views.popModal(teamId, app.appId, userId);
      return back;
    }
    let answer: { status: number; body: unknown };
    if (form.has('submit')) {
      if (stored?.type !== 'modal') throw new SandboxUsageError('submit needs a modal view_id');
      const p = stored.payload;
      answer = await driver.viewSubmission({
        team_id: teamId,
        user_id: userId,
        view_id: stored.id,
        callback_id: typeof p.callback_id === 'string' ? p.callback_id : '',
        private_metadata: typeof p.private_metadata === 'string' ? p.private_metadata : '',
        values,
        blocks: Array.isArray(p.blocks) ? p.blocks : [],
      });
      const body = (answer.body && typeof answer.body === 'object' ? answer.body : {}) as Record<
        string,
        unknown
      >;
      if (answer.status === 200) {
        if (body.response_action === 'errors') {
          flashes.set(key, { modalErrors: (body.errors ?? {}) as Record<string, string> });
          return back;
        }
        if (body.response_action === 'clear') state.views.closeModals(teamId, app.appId, userId);
        else if (body.response_action !== 'update' && body.response_action !== 'push')
          state.views.popModal(teamId, app.appId, userId);
        // `update` / `push` answers are not modelled here; the app's modals use views.update instead.
      }
    } else {
      let action: { action_id?: unknown; block_id?: unknown; value?: unknown };
      try {
        action = JSON.parse(form.get('action') ?? '');
      } catch {
        throw new SandboxUsageError('action must be the JSON the page put in the button');
      }
      if (typeof action.action_id !== 'string' || !action.action_id)
        throw new SandboxUsageError('action.action_id is required');
      const triggerId = state.views.issueTrigger({
        teamId,
        userId,
        appId: app.appId,
        expiresAt: state.now() + state.triggerTtlMs,
      });
      const p = stored?.payload ?? {};
      answer = await driver.blockAction({
        team_id: teamId,
        user_id: userId,
        trigger_id: triggerId,
        action: {
          action_id: action.action_id,
          ...(typeof action.block_id === 'string' ? { block_id: action.block_id } : {}),
          ...(typeof action.value === 'string' ? { value: action.value } : {}),
        },
        ...(surface === 'message'
          ? { channel_id: form.get('channel') ?? undefined, message_ts: form.get('ts') ?? undefined }
          : stored
            ? {
                view: {
                  id: stored.id,
                  type: stored.type,
                  callback_id: typeof p.callback_id === 'string' ? p.callback_id : '',
                  private_metadata: typeof p.private_metadata === 'string' ? p.private_metadata : '',
                  hash: stored.hash,
                },
                ...(stored.type === 'modal' ? { state_values: values } : {}),
              }
            : {}),
      });
    }
    if (answer.status !== 200) {
      flashes.set(key, { notice: `The app answered HTTP ${answer.status} (Slack would show an error).` });
      return back;
    }
    // The app acks first and works after; give it a moment to publish or update.
    const until = Date.now() + settleMs;
    while (Date.now() < until && fingerprint(teamId, app.appId, userId) === before) {
      await new Promise((r) => setTimeout(r, 25));
    }
    return back;
  }

  return async function handleUi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === UI_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const p = page(url.searchParams);
      html(res, p.status, p.body);
      return true;
    }
    if (url.pathname === UI_ACTION_PATH && req.method === 'POST') {
      const location = await act(await readForm(req));
      res.writeHead(303, { location, 'content-length': '0' }).end();
      return true;
    }
    return false;
  };
}

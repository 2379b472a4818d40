/**
 * The playground's picture of Slack for one member (`GET /_sandbox/ui?team=…&user=…`): the App
 * Home the app published, the modals it opened, the member's DM with the app and the channels they
 * are in, a box to type `/plusplus …`, and buttons to open the Home and Messages tabs. Pure: a
 * model in, an HTML string out (blocks: elements.ts). Every form posts to the page's action
 * endpoint (handler.ts), which plays Slack's part towards the app. page.js (handler.ts) polls
 * and reloads the page when the app changes something.
 */
import { blocksHtml, type Ctx } from './elements';
import { escapeHtml, type NameLookup, NO_NAMES, textToHtml } from './mrkdwn';

/** A view as the sandbox stores it (payload fields plus id). */
export interface PageView {
  id: string;
  type: 'home' | 'modal';
  blocks: unknown[];
  callbackId: string;
  privateMetadata: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  hash: string;
}

export interface PageMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | null;
  ephemeral: boolean;
  postedAt: number;
}

export interface PageModel {
  teamId: string;
  teamName: string | null;
  userId: string;
  userName: string | null;
  appName: string | null;
  home: PageView | null;
  /** The user's modal stack, bottom first; only the top one is interactive, as in Slack. */
  modals: PageView[];
  messages: PageMessage[];
  /** A line at the top, e.g. what the last click did ("the app answered 200"). */
  notice?: string | null;
  /** Inline errors from the last `response_action: "errors"`, by block id. */
  modalErrors?: Record<string, string>;
  names?: NameLookup;
  /** Where buttons post (default `/_sandbox/ui/action`). */
  actionPath?: string;
  /** The member's DM with the app (where `/plusplus` is typed by default). */
  dmChannel?: string;
  /** Channels the member is in, with the app's messages there, newest last. */
  channels?: PageChannel[];
  /** Other members to switch to: [id, name]. */
  members?: Array<[string, string]>;
  /** The page listing every member. */
  membersUrl?: string;
  /** The app's slash command (default `/plusplus`). */
  command?: string;
  /** The app query parameter to carry in every form (when the page was asked for one). */
  app?: string | null;
  /** What `/_sandbox/ui/version` answered when the page was drawn: page.js reloads when it changes. */
  version?: string;
}

export interface PageChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  messages: PageMessage[];
}

/** Identifies the surface a button lives on; posted back with every click. */
interface Surface {
  kind: 'home' | 'modal' | 'message';
  viewId?: string;
  channel?: string;
  ts?: string;
}

function hidden(name: string, value: string | undefined): string {
  return value === undefined
    ? ''
    : `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** The page's own query (team, app) for the member switcher's GET form. */
function hiddenQuery(m: PageModel): string {
  return hidden('team', m.teamId) + hidden('app', m.app ?? undefined);
}

/** The hidden fields that say who clicked where; every form on the page carries them. */
function surfaceFields(m: PageModel, s: Surface): string {
  return (
    hidden('team', m.teamId) +
    hidden('user', m.userId) +
    hidden('app', m.app ?? undefined) +
    hidden('surface', s.kind) +
    hidden('view_id', s.viewId) +
    hidden('channel', s.channel) +
    hidden('ts', s.ts)
  );
}

function ctxOf(m: PageModel, names: NameLookup, errors: Record<string, string> = {}): Ctx {
  return {
    names,
    errors,
    users: m.members,
    channels: (m.channels ?? []).map((c) => [c.id, `#${c.name}`]),
  };
}

function tabButton(m: PageModel, tab: 'home' | 'messages', label: string, action: string): string {
  return `<form method="post" action="${escapeHtml(action)}" class="tab">${surfaceFields(m, { kind: 'home' })}<button type="submit" class="btn" name="open" value="${tab}" id="open-${tab}">${label}</button></form>`;
}

function homeHtml(m: PageModel, names: NameLookup, action: string): string {
  if (!m.home)
    return '<p class="empty" id="home-empty">No Home tab yet: click <b>Open App Home</b> (Slack sends the app <code>app_home_opened</code>, and the app publishes it).</p>';
  const surface: Surface = { kind: 'home', viewId: m.home.id };
  return `<form method="post" action="${escapeHtml(action)}" class="surface home" id="home" data-view-id="${escapeHtml(m.home.id)}" data-hash="${escapeHtml(m.home.hash)}">
${surfaceFields(m, surface)}
${blocksHtml(m.home.blocks, ctxOf(m, names))}
</form>`;
}

function commandHtml(m: PageModel, action: string): string {
  const command = m.command ?? '/plusplus';
  const where = [
    `<option value="${escapeHtml(m.dmChannel ?? '')}">in the DM with ${escapeHtml(m.appName ?? 'the app')}</option>`,
    ...(m.channels ?? []).map(
      (c) => `<option value="${escapeHtml(c.id)}">in #${escapeHtml(c.name)}</option>`,
    ),
  ].join('');
  return `<form method="post" action="${escapeHtml(action)}" class="command" id="command-form">
${surfaceFields(m, { kind: 'message' })}<input type="hidden" name="command" value="${escapeHtml(command)}">
<label for="command-text"><code>${escapeHtml(command)}</code></label>
<input id="command-text" name="text" placeholder="help, test, status, mute, unmute, mapping …" autocomplete="off">
<select name="channel" id="command-channel">${where}</select>
<button type="submit" class="btn btn-primary" name="slash" value="1" id="command-send">Send</button>
</form>`;
}

function channelsHtml(m: PageModel, names: NameLookup, action: string): string {
  const list = m.channels ?? [];
  if (list.length === 0) return '<p class="empty" id="channels-empty">Not in any channel with the app.</p>';
  return list
    .map(
      (c) =>
        `<div class="channel" id="channel-${escapeHtml(c.id)}"><h4>${c.isPrivate ? '🔒' : '#'}${escapeHtml(c.name)}</h4>${
          c.messages.length === 0
            ? '<p class="empty">No messages from the app.</p>'
            : c.messages.map((msg) => messageHtml(m, msg, names, action)).join('\n')
        }</div>`,
    )
    .join('\n');
}

function modalHtml(m: PageModel, v: PageView, top: boolean, names: NameLookup, action: string): string {
  const surface: Surface = { kind: 'modal', viewId: v.id };
  const ctx = ctxOf(m, names, top ? (m.modalErrors ?? {}) : {});
  const title = textToHtml(v.title, names) || 'Modal';
  const close = textToHtml(v.close, names) || 'Cancel';
  const submit = v.submit
    ? `<button type="submit" class="btn btn-primary" name="submit" value="1" data-action-id="submit">${textToHtml(v.submit, names)}</button>`
    : '';
  return `<div class="backdrop${top ? '' : ' below'}">
<form method="post" action="${escapeHtml(action)}" class="surface modal" id="modal-${escapeHtml(v.id)}" data-view-id="${escapeHtml(v.id)}" data-callback-id="${escapeHtml(v.callbackId)}" data-hash="${escapeHtml(v.hash)}">
${surfaceFields(m, surface)}
<div class="modal-title">${title}</div>
<div class="modal-body">${blocksHtml(v.blocks, ctx)}</div>
<div class="modal-footer"><button type="submit" class="btn" name="close" value="1" data-action-id="close">${close}</button>${submit}</div>
</form></div>`;
}

function messageHtml(m: PageModel, msg: PageMessage, names: NameLookup, action: string): string {
  const surface: Surface = { kind: 'message', channel: msg.channel, ts: msg.ts };
  const ctx = ctxOf(m, names);
  const when = new Date(msg.postedAt).toISOString().slice(11, 19);
  const body =
    msg.blocks && msg.blocks.length > 0
      ? blocksHtml(msg.blocks, ctx)
      : `<div class="block section"><div class="body">${textToHtml({ type: 'mrkdwn', text: msg.text }, names)}</div></div>`;
  return `<form method="post" action="${escapeHtml(action)}" class="surface message${msg.ephemeral ? ' ephemeral' : ''}" data-channel="${escapeHtml(msg.channel)}" data-ts="${escapeHtml(msg.ts)}">
${surfaceFields(m, surface)}
<div class="meta"><b>${escapeHtml(m.appName ?? 'App')}</b> <span class="when">${escapeHtml(when)} UTC</span>${msg.ephemeral ? ' <span class="tag">only visible to you</span>' : ''}</div>
${body}
</form>`;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.46 "Liberation Sans",Arial,Helvetica,sans-serif;color:#1d1c1d;background:#f4ede4}
header.top{background:#3f0e40;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:baseline}
header.top h1{font-size:17px;margin:0}header.top .who{opacity:.85;font-size:13px}
.notice{background:#fff8c5;border-bottom:1px solid #e6d9a2;padding:8px 20px;font-size:13px}
main{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:20px;padding:20px}
section.pane{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:0 20px 16px}
section.pane>h3{margin:0 -20px 12px;padding:10px 20px;border-bottom:1px solid #e8e8e8;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#616061}
.block{margin:8px 0}.header{font-size:18px;margin:16px 0 6px}.divider{border:0;border-top:1px solid #e8e8e8;margin:14px 0}
.section{display:flex;gap:12px;align-items:flex-start}.section .body{flex:1;min-width:0;overflow-wrap:anywhere}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px}.context{font-size:12px;color:#616061}
.actions{display:flex;flex-wrap:wrap;gap:8px}
.btn{display:inline-block;font:inherit;font-size:14px;font-weight:700;padding:4px 12px;border-radius:4px;border:1px solid #bbb;background:#fff;color:#1d1c1d;cursor:pointer;text-decoration:none;white-space:nowrap}
.btn-primary{background:#007a5a;border-color:#007a5a;color:#fff}.btn-danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
code{font:12px Menlo,"DejaVu Sans Mono",monospace;background:#f6f6f6;border:1px solid #ddd;border-radius:3px;padding:0 3px;color:#c01343}
pre.code{font:12px Menlo,"DejaVu Sans Mono",monospace;background:#f6f6f6;border:1px solid #ddd;padding:8px;white-space:pre-wrap}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}a{color:#1264a3}
.message{border-bottom:1px solid #eee;padding:8px 0}.message .meta{font-size:13px}.when,.tag{color:#616061;font-size:12px}
.ephemeral{background:#f8f8f8}.empty{color:#616061;font-style:italic}
.backdrop{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:flex-start;justify-content:center;padding-top:60px}
.backdrop.below{display:none}
.modal{background:#fff;width:600px;max-height:85vh;overflow:auto;border-radius:8px;box-shadow:0 10px 40px rgba(0,0,0,.35)}
.modal-title{font-size:20px;font-weight:700;padding:16px 24px;border-bottom:1px solid #e8e8e8}.modal-body{padding:8px 24px}
.modal-footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 24px;border-top:1px solid #e8e8e8}
.input .label{display:block;font-weight:700;margin-bottom:4px}.input input,.input textarea{width:100%;font:inherit;padding:6px 8px;border:1px solid #999;border-radius:4px}
.hint{font-size:12px;color:#616061}.error{color:#e01e5a;font-size:13px}.unsupported{color:#a00;font-family:monospace}
.bar{display:flex;flex-wrap:wrap;gap:10px;align-items:center;padding:10px 20px;background:#fff;border-bottom:1px solid #e8e8e8}
.tab{display:inline}.command{display:flex;gap:6px;align-items:center;flex:1;min-width:320px}.command input{flex:1;font:inherit;padding:4px 8px}
.switch select,.command select,.block select{font:inherit;padding:3px}.choices label{display:block}
.channel h4{margin:10px 0 4px}header.top a{color:#fff}
`;

/** The whole page. */
export function renderPage(m: PageModel): string {
  const names = m.names ?? NO_NAMES;
  const action = m.actionPath ?? '/_sandbox/ui/action';
  const who = `${m.userName ?? m.userId} (${m.userId}) in ${m.teamName ?? m.teamId} (${m.teamId})`;
  const messages =
    m.messages.length === 0
      ? '<p class="empty" id="messages-empty">No messages from the app yet.</p>'
      : m.messages.map((msg) => messageHtml(m, msg, names, action)).join('\n');
  const modals = m.modals.map((v, i) => modalHtml(m, v, i === m.modals.length - 1, names, action)).join('\n');
  const switcher = m.members?.length
    ? `<form method="get" action="" class="switch" id="switch-member">${hiddenQuery(m)}<select name="user" id="member-select" data-autosubmit="1">${m.members
        .map(
          ([id, name]) =>
            `<option value="${escapeHtml(id)}"${id === m.userId ? ' selected' : ''}>${escapeHtml(name)} (${escapeHtml(id)})</option>`,
        )
        .join('')}</select> <noscript><button class="btn">Switch</button></noscript></form>`
    : '';
  const all = m.membersUrl ? ` · <a href="${escapeHtml(m.membersUrl)}" id="all-members">all members</a>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(`${m.appName ?? 'App'} — ${m.userName ?? m.userId} — sandbox`)}</title>
<style>${CSS}</style></head>
<body data-team="${escapeHtml(m.teamId)}" data-user="${escapeHtml(m.userId)}" data-version="${escapeHtml(m.version ?? '')}">
<header class="top"><h1>${escapeHtml(m.appName ?? 'App')}</h1><span class="who">${escapeHtml(who)} · sandbox, not Slack${all}</span></header>
<div class="bar">${switcher}${tabButton(m, 'home', 'Open App Home', action)}${tabButton(m, 'messages', 'Open Messages tab', action)}${commandHtml(m, action)}</div>
${m.notice ? `<div class="notice" id="notice">${escapeHtml(m.notice)}</div>` : ''}
<main>
<section class="pane" id="home-pane"><h3>Home</h3>${homeHtml(m, names, action)}</section>
<div>
<section class="pane" id="messages-pane"><h3>Messages (DM with ${escapeHtml(m.appName ?? 'the app')})</h3>${messages}</section>
<section class="pane" id="channels-pane"><h3>Channels</h3>${channelsHtml(m, names, action)}</section>
</div>
</main>
${modals}
<script src="${escapeHtml(action.replace(/\/action$/, '/page.js'))}"></script>
</body></html>`;
}

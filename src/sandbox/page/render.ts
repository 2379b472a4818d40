/**
 * The sandbox's picture of Slack for one member (`GET /_sandbox/ui`): the App Home the app
 * published, the modals it opened and the DMs it sent, drawn from their Block Kit. Pure: a model
 * in, an HTML string out. Buttons are forms posting to the page's action endpoint (handler.ts),
 * which plays Slack's part and sends the app a signed `block_actions` / `view_submission`.
 *
 * Covered: header, section (text, fields, button accessory), context, divider, actions with
 * buttons (primary/danger), input with plain_text_input, image (as its alt text). Anything else
 * is shown as an "unsupported block" placeholder, never dropped silently.
 */
import { escapeHtml, type NameLookup, NO_NAMES, textToHtml } from './mrkdwn';

type Obj = Record<string, unknown>;

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
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

/** Identifies the surface a button lives on; posted back with every click. */
interface Surface {
  kind: 'home' | 'modal' | 'message';
  viewId?: string;
  channel?: string;
  ts?: string;
}

interface Ctx {
  names: NameLookup;
  surface: Surface;
  errors: Record<string, string>;
}

function buttonHtml(el: Obj, blockId: string, ctx: Ctx): string {
  const style = str(el.style);
  const cls = `btn${style === 'primary' || style === 'danger' ? ` btn-${style}` : ''}`;
  const label = textToHtml(el.text, ctx.names);
  const actionId = str(el.action_id);
  const value = str(el.value);
  const data = `data-action-id="${escapeHtml(actionId)}" data-block-id="${escapeHtml(blockId)}" data-value="${escapeHtml(value)}"`;
  if (typeof el.url === 'string' && /^https?:/i.test(el.url)) {
    // Slack opens the URL (and still sends block_actions, which the app only acks): a link is enough.
    return `<a class="${cls}" href="${escapeHtml(el.url)}" target="_blank" rel="noopener noreferrer" ${data}>${label}</a>`;
  }
  const payload = JSON.stringify({ action_id: actionId, block_id: blockId, value });
  return `<button type="submit" class="${cls}" name="action" value="${escapeHtml(payload)}" ${data}>${label}</button>`;
}

function elementHtml(el: unknown, blockId: string, ctx: Ctx): string {
  const e = obj(el);
  if (e.type === 'button') return buttonHtml(e, blockId, ctx);
  if (e.type === 'image') return `<span class="img">[${escapeHtml(str(e.alt_text))}]</span>`;
  if (e.type === 'mrkdwn' || e.type === 'plain_text') return `<span>${textToHtml(e, ctx.names)}</span>`;
  return `<span class="unsupported">[${escapeHtml(str(e.type) || 'element')}]</span>`;
}

function inputHtml(b: Obj, blockId: string, ctx: Ctx): string {
  const el = obj(b.element);
  const actionId = str(el.action_id);
  const name = `input:${blockId}:${actionId}`;
  const error = ctx.errors[blockId];
  const label = `<label class="label" for="${escapeHtml(name)}">${textToHtml(b.label, ctx.names)}</label>`;
  let control: string;
  if (el.type === 'plain_text_input') {
    const value = escapeHtml(str(el.initial_value));
    const placeholder = el.placeholder ? ` placeholder="${escapeHtml(str(obj(el.placeholder).text))}"` : '';
    const max = typeof el.max_length === 'number' ? ` maxlength="${el.max_length}"` : '';
    control = el.multiline
      ? `<textarea id="${escapeHtml(name)}" name="${escapeHtml(name)}"${placeholder}${max}>${value}</textarea>`
      : `<input id="${escapeHtml(name)}" name="${escapeHtml(name)}" value="${value}"${placeholder}${max}>`;
  } else {
    control = `<span class="unsupported">[${escapeHtml(str(el.type) || 'element')}]</span>`;
  }
  const hint = b.hint ? `<div class="hint">${textToHtml(b.hint, ctx.names)}</div>` : '';
  const err = error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : '';
  return `<div class="block input" data-block-id="${escapeHtml(blockId)}">${label}${control}${hint}${err}</div>`;
}

/** One block as HTML. */
export function blockHtml(block: unknown, index: number, ctx: Ctx): string {
  const b = obj(block);
  const blockId = str(b.block_id) || `b${index}`;
  const attr = `data-block-id="${escapeHtml(blockId)}"`;
  switch (b.type) {
    case 'header':
      return `<h2 class="block header" ${attr}>${textToHtml(b.text, ctx.names)}</h2>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'section': {
      const text = b.text ? `<div class="text">${textToHtml(b.text, ctx.names)}</div>` : '';
      const fields = Array.isArray(b.fields)
        ? `<div class="fields">${b.fields.map((f) => `<div class="field">${textToHtml(f, ctx.names)}</div>`).join('')}</div>`
        : '';
      const accessory = b.accessory
        ? `<div class="accessory">${elementHtml(b.accessory, blockId, ctx)}</div>`
        : '';
      return `<div class="block section" ${attr}><div class="body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      return `<div class="block context" ${attr}>${els.map((e) => elementHtml(e, blockId, ctx)).join(' ')}</div>`;
    }
    case 'actions': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      return `<div class="block actions" ${attr}>${els.map((e) => elementHtml(e, blockId, ctx)).join('')}</div>`;
    }
    case 'input':
      return inputHtml(b, blockId, ctx);
    case 'image':
      return `<div class="block image" ${attr}>[image: ${escapeHtml(str(b.alt_text))}]</div>`;
    default:
      return `<div class="block unsupported" ${attr}>[unsupported block: ${escapeHtml(str(b.type))}]</div>`;
  }
}

function hidden(name: string, value: string | undefined): string {
  return value === undefined
    ? ''
    : `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** The hidden fields that say who clicked where; every form on the page carries them. */
function surfaceFields(m: PageModel, s: Surface): string {
  return (
    hidden('team', m.teamId) +
    hidden('user', m.userId) +
    hidden('surface', s.kind) +
    hidden('view_id', s.viewId) +
    hidden('channel', s.channel) +
    hidden('ts', s.ts)
  );
}

function blocksHtml(blocks: unknown[], ctx: Ctx): string {
  return blocks.map((b, i) => blockHtml(b, i, ctx)).join('\n');
}

function homeHtml(m: PageModel, names: NameLookup, action: string): string {
  if (!m.home)
    return '<p class="empty" id="home-empty">The app has not published a Home tab for this user.</p>';
  const ctx: Ctx = { names, surface: { kind: 'home', viewId: m.home.id }, errors: {} };
  return `<form method="post" action="${escapeHtml(action)}" class="surface home" id="home" data-view-id="${escapeHtml(m.home.id)}" data-hash="${escapeHtml(m.home.hash)}">
${surfaceFields(m, ctx.surface)}
${blocksHtml(m.home.blocks, ctx)}
</form>`;
}

function modalHtml(m: PageModel, v: PageView, top: boolean, names: NameLookup, action: string): string {
  const ctx: Ctx = {
    names,
    surface: { kind: 'modal', viewId: v.id },
    errors: top ? (m.modalErrors ?? {}) : {},
  };
  const title = textToHtml(v.title, names) || 'Modal';
  const close = textToHtml(v.close, names) || 'Cancel';
  const submit = v.submit
    ? `<button type="submit" class="btn btn-primary" name="submit" value="1" data-action-id="submit">${textToHtml(v.submit, names)}</button>`
    : '';
  return `<div class="backdrop${top ? '' : ' below'}">
<form method="post" action="${escapeHtml(action)}" class="surface modal" id="modal-${escapeHtml(v.id)}" data-view-id="${escapeHtml(v.id)}" data-callback-id="${escapeHtml(v.callbackId)}" data-hash="${escapeHtml(v.hash)}">
${surfaceFields(m, ctx.surface)}
<div class="modal-title">${title}</div>
<div class="modal-body">${blocksHtml(v.blocks, ctx)}</div>
<div class="modal-footer"><button type="submit" class="btn" name="close" value="1" data-action-id="close">${close}</button>${submit}</div>
</form></div>`;
}

function messageHtml(m: PageModel, msg: PageMessage, names: NameLookup, action: string): string {
  const ctx: Ctx = { names, surface: { kind: 'message', channel: msg.channel, ts: msg.ts }, errors: {} };
  const when = new Date(msg.postedAt).toISOString().slice(11, 19);
  const body =
    msg.blocks && msg.blocks.length > 0
      ? blocksHtml(msg.blocks, ctx)
      : `<div class="block section"><div class="body">${textToHtml({ type: 'mrkdwn', text: msg.text }, names)}</div></div>`;
  return `<form method="post" action="${escapeHtml(action)}" class="surface message${msg.ephemeral ? ' ephemeral' : ''}" data-channel="${escapeHtml(msg.channel)}" data-ts="${escapeHtml(msg.ts)}">
${surfaceFields(m, ctx.surface)}
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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(`${m.appName ?? 'App'} — ${m.userName ?? m.userId} — sandbox`)}</title>
<style>${CSS}</style></head>
<body data-team="${escapeHtml(m.teamId)}" data-user="${escapeHtml(m.userId)}">
<header class="top"><h1>${escapeHtml(m.appName ?? 'App')}</h1><span class="who">${escapeHtml(who)} · sandbox, not Slack</span></header>
${m.notice ? `<div class="notice" id="notice">${escapeHtml(m.notice)}</div>` : ''}
<main>
<section class="pane" id="home-pane"><h3>Home</h3>${homeHtml(m, names, action)}</section>
<section class="pane" id="messages-pane"><h3>Messages</h3>${messages}</section>
</main>
${modals}
</body></html>`;
}

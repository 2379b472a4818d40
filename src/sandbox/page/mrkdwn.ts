/**
 * Slack text objects as HTML for the sandbox page: a small, safe subset of Slack's mrkdwn (what
 * the app's views use). Every piece of text is HTML-escaped; markup is only ever added around
 * text that has been escaped already, so nothing in a view can inject HTML.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and (quoted) attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Slack's own escaping (`&amp;`, `&lt;`, `&gt;`) undone, giving the text as the reader sees it. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Shortcodes the app uses, as symbols common fonts have (the page must not depend on an emoji font). */
const EMOJI: Record<string, string> = {
  warning: '⚠',
  white_check_mark: '✔',
  heavy_check_mark: '✔',
  information_source: 'ℹ',
  hourglass: '⌛',
  hourglass_flowing_sand: '⌛',
  tada: '★',
  wave: '☺',
  x: '✖',
  bell: '♪',
  large_green_circle: '●',
  white_circle: '○',
  eyes: '◉',
};

function emoji(html: string): string {
  return html.replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all);
}

/** Names for `<@U…>` mentions and `<#C…>` channels, filled by the handler from the workspace. */
export interface NameLookup {
  user(id: string): string | null;
  channel(id: string): string | null;
}

export const NO_NAMES: NameLookup = { user: () => null, channel: () => null };

const SAFE_URL = /^(https?:|mailto:)/i;

/** `<!date^1700000000^{date_short_pretty}|fallback>` in UTC, as "2023-11-14 22:13 UTC". */
function formatDate(seconds: string, fallback: string): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms)) return escapeHtml(fallback);
  const iso = new Date(ms).toISOString();
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`)}</time>`;
}

/** One `<…>` control sequence (link, mention, date, special mention) as HTML. */
function controlSequence(inner: string, names: NameLookup): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : null;
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = names.user(id) ?? label ?? id;
    return `<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(unescapeSlack(name))}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = label ?? names.channel(id) ?? id;
    return `<span class="mention">#${escapeHtml(unescapeSlack(name))}</span>`;
  }
  if (target.startsWith('!date^')) {
    const [, seconds = ''] = target.split('^');
    return formatDate(seconds, unescapeSlack(label ?? ''));
  }
  if (target.startsWith('!')) {
    const word = target.slice(1).split('^')[0] ?? '';
    return `<span class="mention">@${escapeHtml(unescapeSlack(label ?? word))}</span>`;
  }
  const url = unescapeSlack(target);
  const text = label === null ? url : unescapeSlack(label);
  if (!SAFE_URL.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/** *bold*, _italic_, ~strike~ on escaped text (markers must hug non-space characters, as in Slack). */
function inline(escaped: string): string {
  return escaped
    .replace(/(^|[\s(])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_(?=\S)([^_\n]*?\S)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~(?=\S)([^~\n]*?\S)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>');
}

/** Slack mrkdwn (as sent, i.e. with `&lt;` `&gt;` `&amp;` escapes) to safe HTML. */
export function mrkdwnToHtml(text: string, names: NameLookup = NO_NAMES): string {
  const source = String(text ?? '').replace(/[\uE000\uE001]/g, '');
  // Control sequences and code spans become placeholders (private-use characters, stripped from
  // the input) first, so the inline formatting never
  // reaches into a URL or into code; both are rendered from the raw text, escaped.
  const tokens: string[] = [];
  const hold = (html: string) => `\uE000${tokens.push(html) - 1}\uE001`;
  let rest = source.replace(/```([\s\S]*?)```/g, (_, code: string) =>
    hold(`<pre class="code">${escapeHtml(unescapeSlack(code))}</pre>`),
  );
  rest = rest.replace(/`([^`\n]+)`/g, (_, code: string) =>
    hold(`<code>${escapeHtml(unescapeSlack(code))}</code>`),
  );
  rest = rest.replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(controlSequence(inner, names)));
  const html = emoji(inline(escapeHtml(unescapeSlack(rest)))).replace(/\n/g, '<br>');
  return html.replace(/\uE000(\d+)\uE001/g, (_, i: string) => tokens[Number(i)] ?? '');
}

/** A Slack text object (`plain_text` or `mrkdwn`) as HTML. */
export function textToHtml(t: unknown, names: NameLookup = NO_NAMES): string {
  if (!t || typeof t !== 'object') return '';
  const o = t as { type?: string; text?: unknown; emoji?: boolean };
  const text = typeof o.text === 'string' ? o.text : '';
  if (o.type === 'mrkdwn') return mrkdwnToHtml(text, names);
  const html = escapeHtml(text).replace(/\n/g, '<br>');
  return o.emoji === false ? html : emoji(html);
}

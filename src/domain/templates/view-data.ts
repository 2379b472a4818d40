/**
 * Builds the data a template renders against from a RenderContext: every string cleaned (no
 * controls, one line where a line is expected), cut to CONTENT_LIMITS, the URL checked, the
 * "when" formatted, and `data` copied as plain JSON into prototype-free objects.
 */
import { changedWords } from './changes';
import { formatWhen } from './dates';
import { SlackMarkup } from './engine';
import { CONTENT_LIMITS } from './limits';
import { cleanLine, cleanMultiline, escapeSlack, truncateValue } from './text';
import type { RenderContext } from './types';

type Bag = Record<string, unknown>;

const MAX_LINK_URL = 1500;

function bag(entries: Record<string, unknown>): Bag {
  return Object.assign(Object.create(null) as Bag, entries);
}

function line(v: unknown, max: number): string {
  return typeof v === 'string' ? truncateValue(cleanLine(v), max) : '';
}

function multiline(v: unknown, max: number): string {
  return typeof v === 'string' ? truncateValue(cleanMultiline(v), max) : '';
}

/**
 * The URL if it is an absolute http(s) URL of at most `CONTENT_LIMITS.url` characters once
 * normalised, else undefined (javascript:, data:, relative and malformed URLs are dropped).
 */
export function safeUrl(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > CONTENT_LIMITS.url) return undefined;
  let url: URL;
  try {
    url = new URL(v.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!url.hostname) return undefined;
  // `|` and `>` would end a `<url|label>` link early; `<` is never valid. Percent-encoding keeps the URL's meaning.
  const href = url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return href.length <= CONTENT_LIMITS.url ? href : undefined;
}

/** A copy of `data` with only JSON values, strings cleaned and cut, depth and sizes bounded. */
export function sanitizeData(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return truncateValue(cleanMultiline(v), CONTENT_LIMITS.data_string);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean' || v === null) return v;
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.toISOString() : undefined;
  if (typeof v !== 'object' || depth >= CONTENT_LIMITS.data_depth) return undefined;
  if (Array.isArray(v)) {
    return v
      .slice(0, CONTENT_LIMITS.data_array_items)
      .map((item) => sanitizeData(item, depth + 1))
      .filter((item) => item !== undefined);
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out = Object.create(null) as Bag;
  for (const [key, value] of Object.entries(v)) {
    const clean = sanitizeData(value, depth + 1);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}

/** The Mustache view for a RenderContext. Only own properties of these objects are visible. */
export function buildView(ctx: RenderContext): Bag {
  const c = ctx.content ?? { id: '', title: '' };
  const title = line(c.title, CONTENT_LIMITS.title);
  const url = safeUrl(c.url);
  const startsAt = line(c.starts_at, CONTENT_LIMITS.date);
  const endsAt = line(c.ends_at, CONTENT_LIMITS.date);
  const when = formatWhen(startsAt || undefined, endsAt || undefined, ctx.timeZone, ctx.locale);
  // {{link}}: the content as a link labelled with its title (or the URL when there is no title).
  // A URL too long for a link span that must fit one 3000-character section gets the label only.
  let link: SlackMarkup | string = '';
  if (url) {
    const label = escapeSlack(truncateValue(title || url, 200));
    link = new SlackMarkup(url.length <= MAX_LINK_URL ? `<${url}|${label}>` : label, label);
  }
  const data = sanitizeData(ctx.data ?? {});
  return bag({
    ...changeView(ctx),
    content: bag({
      id: line(c.id, CONTENT_LIMITS.id),
      title,
      url: url ?? '',
      starts_at: startsAt,
      ends_at: endsAt,
      location: line(c.location, CONTENT_LIMITS.location),
      description: multiline(c.description, CONTENT_LIMITS.description),
    }),
    when: when ? new SlackMarkup(when.mrkdwn, when.plain) : '',
    when_text: when ? new SlackMarkup(when.plain, when.plain) : '',
    link,
    recipient: bag({ name: line(ctx.recipient?.name, CONTENT_LIMITS.name) }),
    actor: bag({ name: line(ctx.actor?.name, CONTENT_LIMITS.name) }),
    tenant: bag({ name: line(ctx.tenantName, CONTENT_LIMITS.name) }),
    data: data && typeof data === 'object' && !Array.isArray(data) ? data : bag({}),
  });
}

/**
 * `{{change.…}}` and `{{previous.…}}` for the `<type>_updated` / `<type>_cancelled` kinds: which
 * parts changed (booleans for sections, and `change.what` in words), a cancellation's reason, and
 * the version the DM showed before. Absent for every other kind (sections on them render nothing).
 */
function changeView(ctx: RenderContext): Bag {
  const c = ctx.change;
  if (!c) return bag({ change: bag({}), previous: bag({}) });
  const parts = c.parts ?? [];
  const p = c.previous;
  const when = p
    ? formatWhen(
        line(p.starts_at, CONTENT_LIMITS.date) || undefined,
        line(p.ends_at, CONTENT_LIMITS.date) || undefined,
        ctx.timeZone,
        ctx.locale,
      )
    : undefined;
  return bag({
    change: bag({
      cancelled: c.cancelled === true,
      what: c.cancelled ? '' : changedWords(parts, ctx.locale),
      time: parts.includes('time'),
      place: parts.includes('place'),
      title: parts.includes('title'),
      details: parts.includes('details'),
      reason: line(c.reason, CONTENT_LIMITS.reason),
    }),
    previous: bag({
      title: line(p?.title, CONTENT_LIMITS.title),
      location: line(p?.location, CONTENT_LIMITS.location),
      when: when ? new SlackMarkup(when.mrkdwn, when.plain) : '',
    }),
  });
}

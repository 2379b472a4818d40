/**
 * What a change to a notification changed (issue 20, design §4 "Changes and cancellations"): the
 * "Updated" line of an edited DM and the short thread reply both name it. Pure: old and new
 * content in, data out (the template engine and views/messages/change-reply.ts escape it).
 */
import { formatWhen } from './dates';
import { truncateValue } from './text';
import type { ChangeContext, ChangedPart, NotificationContent } from './types';

/** The parts a recipient cares about, in the order the "Updated" line names them. */
export const CHANGED_PARTS: readonly ChangedPart[] = ['time', 'place', 'title', 'details'];

const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '');

/**
 * The parts that differ between the version a DM shows and the new one: `time` (starts_at /
 * ends_at: compared as instants, so `Z` and `+00:00` are the same time), `place` (location),
 * `title`, and `details` (url, description, or only the notification's `data`).
 */
export function changedParts(
  before: NotificationContent,
  after: NotificationContent,
  dataChanged = false,
): ChangedPart[] {
  const instant = (s: string | undefined) => {
    const t = s ? Date.parse(s) : Number.NaN;
    return Number.isNaN(t) ? (s ?? '') : t;
  };
  const parts: ChangedPart[] = [];
  if (
    instant(before.starts_at) !== instant(after.starts_at) ||
    instant(before.ends_at) !== instant(after.ends_at)
  )
    parts.push('time');
  if (!same(before.location, after.location)) parts.push('place');
  if (!same(before.title, after.title)) parts.push('title');
  if (!same(before.url, after.url) || !same(before.description, after.description) || dataChanged)
    parts.push('details');
  return parts;
}

/**
 * The parts' names per language (issue 22): `{{change.what}}` is read inside a sentence of the
 * reader's language ("the time and place of …", "Zeit und Ort", "日時と場所"). English is the default.
 */
const PART_WORDS: Record<string, Record<ChangedPart, string>> = {
  de: { time: 'Zeit', place: 'Ort', title: 'Titel', details: 'Details' },
  fr: { time: 'horaire', place: 'lieu', title: 'titre', details: 'détails' },
  es: { time: 'horario', place: 'lugar', title: 'título', details: 'detalles' },
  ja: { time: '日時', place: '場所', title: 'タイトル', details: '詳細' },
};

/** "time and place", "time, place and title"; "details" when nothing else is named. In `locale`'s words. */
export function changedWords(parts: readonly ChangedPart[], locale?: string): string {
  const words: ChangedPart[] = parts.length > 0 ? [...parts] : ['details'];
  const language = (locale ?? 'en').split('-')[0]!.toLowerCase();
  const names = PART_WORDS[language];
  if (!names) {
    return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
  }
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(words.map((w) => names[w]));
}

/**
 * What the short thread reply under an edited DM says (an edit alone notifies nobody in Slack), as
 * data: views/messages/change-reply.ts writes it. Strings are cut to bounded lengths; `when` is the
 * already-escaped mrkdwn of the new time (Slack date tokens) when the time changed.
 */
export interface ChangeReply {
  cancelled: boolean;
  title: string;
  /** Updated: what changed, in words. */
  what: string;
  /** Cancelled: the reason, if given. */
  reason?: string;
  /** Updated, the time changed: the new time (mrkdwn, escaped). */
  when?: string;
  /** Updated, the place changed: the new place. */
  location?: string;
}

export function changeReply(
  content: NotificationContent,
  change: ChangeContext,
  timeZone?: string,
  locale?: string,
): ChangeReply {
  const parts = change.parts ?? [];
  const reply: ChangeReply = {
    cancelled: change.cancelled === true,
    title: truncateValue(content.title ?? '', 200),
    what: changedWords(parts, locale),
  };
  if (change.cancelled) {
    if (change.reason) reply.reason = truncateValue(change.reason, 500);
    return reply;
  }
  const when = formatWhen(content.starts_at, content.ends_at, timeZone, locale);
  if (parts.includes('time') && when) reply.when = when.mrkdwn;
  if (parts.includes('place') && content.location) reply.location = truncateValue(content.location, 300);
  return reply;
}

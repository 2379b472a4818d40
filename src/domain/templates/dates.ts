/**
 * "When" for a content item: Slack's `<!date^…>` token, which every reader sees in their own
 * Slack time zone, with a written-out fallback in the tenant's time zone (Intl) for clients that
 * cannot show the token and for the notification text.
 */
import { escapeSlack } from './text';

export interface FormattedWhen {
  /** mrkdwn with `<!date^…>` tokens (their fallbacks escaped). */
  mrkdwn: string;
  /** Escaped plain text in the given time zone, e.g. `Tue, Dec 1, 2026, 3:00 PM UTC`. */
  plain: string;
}

const timeZoneCache = new Map<string, string>();

/** The IANA zone if Intl knows it, else `UTC`. */
export function resolveTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  const known = timeZoneCache.get(timeZone);
  if (known) return known;
  let resolved = 'UTC';
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    // RangeError: unknown time zone.
  }
  if (timeZoneCache.size < 1000) timeZoneCache.set(timeZone, resolved);
  return resolved;
}

// ICU puts narrow no-break spaces around AM/PM and in ranges; plain spaces read the same everywhere.
function tidy(s: string): string {
  return s.replace(/[\u202F\u2009\u00A0]/g, ' ');
}

function formatFull(date: Date, timeZone: string, locale: string): string {
  return tidy(
    new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(date),
  );
}

function formatTime(date: Date, timeZone: string, locale: string): string {
  return tidy(
    new Intl.DateTimeFormat(locale, {
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(date),
  );
}

function dayKey(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(date);
}

function parseDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

function token(date: Date, format: string, fallback: string): string {
  // Slack's token takes a unix timestamp; a time before 1970 would be a negative one, which Slack
  // does not document (and Block Kit checks refuse): such a date is just its written-out text.
  if (date.getTime() < 0) return escapeSlack(fallback);
  // The fallback sits between `|` and `>`: escaped, it cannot close or extend the token.
  return `<!date^${Math.floor(date.getTime() / 1000)}^${format}|${escapeSlack(fallback)}>`;
}

/**
 * Formats `starts_at` (and `ends_at` when it is a valid date not before the start). An unparsable
 * `starts_at` is shown as given (escaped); no start: undefined.
 */
export function formatWhen(
  startsAt: string | undefined,
  endsAt: string | undefined,
  timeZoneName: string | undefined,
  localeTag?: string,
): FormattedWhen | undefined {
  const locale = resolveLocale(localeTag);
  // Slack's date tokens write English words ("December 1st at 3:00 PM"): another language gets
  // the date written out by Intl in the reader's locale and zone instead of a token.
  if (locale !== 'en-US') {
    const when = formatWhen(startsAt, endsAt, timeZoneName, 'en-US');
    if (!when || !startsAt || !parseDate(startsAt)) return when;
    return writtenOut(parseDate(startsAt)!, parseDate(endsAt), resolveTimeZone(timeZoneName), locale);
  }
  if (!startsAt) return undefined;
  const start = parseDate(startsAt);
  if (!start) {
    const raw = escapeSlack(startsAt);
    return { mrkdwn: raw, plain: raw };
  }
  const timeZone = resolveTimeZone(timeZoneName);
  const startText = formatFull(start, timeZone, locale);
  let mrkdwn = token(start, '{date_long_pretty} at {time}', startText);
  let plain = startText;
  const end = parseDate(endsAt);
  if (end && end.getTime() > start.getTime()) {
    if (dayKey(start, timeZone) === dayKey(end, timeZone)) {
      const endText = formatTime(end, timeZone, locale);
      mrkdwn += ` – ${token(end, '{time}', endText)}`;
      plain += ` – ${endText}`;
    } else {
      const endText = formatFull(end, timeZone, locale);
      mrkdwn += ` – ${token(end, '{date_long_pretty} at {time}', endText)}`;
      plain += ` – ${endText}`;
    }
  }
  return { mrkdwn, plain: escapeSlack(plain) };
}

const localeCache = new Map<string, string>();

/** The tag if Intl has data for it (`de-DE`), else `en-US`. */
export function resolveLocale(tag: string | undefined): string {
  if (!tag) return 'en-US';
  const known = localeCache.get(tag);
  if (known) return known;
  let resolved = 'en-US';
  try {
    resolved = Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? 'en-US';
  } catch {
    // RangeError: ill-formed tag.
  }
  if (localeCache.size < 1000) localeCache.set(tag, resolved);
  return resolved;
}

/** The start (and end) written out in `locale` and `timeZone`: the same text as mrkdwn and plain. */
function writtenOut(start: Date, end: Date | undefined, timeZone: string, locale: string): FormattedWhen {
  let text = formatFull(start, timeZone, locale);
  if (end && end.getTime() > start.getTime()) {
    const sameDay = dayKey(start, timeZone) === dayKey(end, timeZone);
    text += ` – ${sameDay ? formatTime(end, timeZone, locale) : formatFull(end, timeZone, locale)}`;
  }
  const escaped = escapeSlack(text);
  return { mrkdwn: escaped, plain: escaped };
}

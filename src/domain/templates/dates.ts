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

function formatFull(date: Date, timeZone: string): string {
  return tidy(
    new Intl.DateTimeFormat('en-US', {
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

function formatTime(date: Date, timeZone: string): string {
  return tidy(
    new Intl.DateTimeFormat('en-US', {
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
): FormattedWhen | undefined {
  if (!startsAt) return undefined;
  const start = parseDate(startsAt);
  if (!start) {
    const raw = escapeSlack(startsAt);
    return { mrkdwn: raw, plain: raw };
  }
  const timeZone = resolveTimeZone(timeZoneName);
  const startText = formatFull(start, timeZone);
  let mrkdwn = token(start, '{date_long_pretty} at {time}', startText);
  let plain = startText;
  const end = parseDate(endsAt);
  if (end && end.getTime() > start.getTime()) {
    if (dayKey(start, timeZone) === dayKey(end, timeZone)) {
      const endText = formatTime(end, timeZone);
      mrkdwn += ` – ${token(end, '{time}', endText)}`;
      plain += ` – ${endText}`;
    } else {
      const endText = formatFull(end, timeZone);
      mrkdwn += ` – ${token(end, '{date_long_pretty} at {time}', endText)}`;
      plain += ` – ${endText}`;
    }
  }
  return { mrkdwn, plain: escapeSlack(plain) };
}

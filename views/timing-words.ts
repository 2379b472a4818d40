/**
 * Words of the timing settings (issue 21) in the reader's language: weekday names from Intl (no
 * hand-written lists per language) and the names of the notification types a window holds.
 */
import type { Lang } from './i18n';

/** The days as the modal lists them, Monday first. */
export const WEEKDAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY_INDEX: Record<string, number> = Object.fromEntries(WEEKDAY_ORDER.map((d, i) => [d, i]));
/** Monday 1 January 2024, 12:00 UTC: any Monday serves, the name is all that is read. */
const A_MONDAY = Date.UTC(2024, 0, 1, 12);

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

/** `mon` → "Mon"/"Monday", "Mo"/"Montag", "月"/"月曜日" …; null for a value that is not a day. */
export function weekdayName(day: string, width: 'short' | 'long', l: Lang): string | null {
  const index = WEEKDAY_INDEX[day];
  if (index === undefined) return null;
  const id = `${l.locale}|${width}`;
  let f = weekdayFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(l.locale, { weekday: width, timeZone: 'UTC' });
    weekdayFormats.set(id, f);
  }
  return f.format(new Date(A_MONDAY + index * 86_400_000));
}

const WINDOW_TYPES = ['invite', 'enrollment', 'assignment', 'reminder'] as const;

/** A notification type's name as the timing settings list it ("Invites"); null if unknown. */
export function windowTypeName(type: string, l: Lang): string | null {
  return (WINDOW_TYPES as readonly string[]).includes(type)
    ? l.t(`timing.type.${type as (typeof WINDOW_TYPES)[number]}`)
    : null;
}

export { WINDOW_TYPES };

import { NOTIFICATION_TYPES, type NotificationType } from '../templates/types';
import { isTimeZone, wallTime, zonedInstant } from './zoned';

/**
 * Send windows (issue 21, design §4 "Timing"): a tenant's listed notification types reach a member
 * only between `start` and `end` of the member's own local time, on the listed days. Pure rules:
 * the settings' validation, whether an instant is inside, and when the window next opens.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A tenant's send window as stored and as the API shows it. */
export interface SendWindow {
  /** "HH:MM", 24-hour, local time of the member. */
  start: string;
  /** "HH:MM", after `start` on the same day (windows do not cross midnight: decisions.md). */
  end: string;
  days: Weekday[];
  types: NotificationType[];
}

/** A tenant's digest setting. */
export interface DigestSettings {
  enabled: boolean;
  /** Items listed one by one (1–10); the rest are "and N more". */
  maxItems: number;
}

export const DEFAULT_DIGEST: DigestSettings = { enabled: false, maxItems: 5 };
export const DEFAULT_TIME_ZONE = 'UTC';
/** The types a window holds back when the admin does not list them: not reminders (design §4). */
export const DEFAULT_WINDOW_TYPES: NotificationType[] = ['invite', 'enrollment', 'assignment'];

/**
 * Why a value is refused: App Home words it in the admin's language (views/modals/timing-modal.ts);
 * the internal API answers with `message`, in English.
 */
export type TimingProblemCode =
  | 'not_a_time'
  | 'end_not_after_start'
  | 'no_days'
  | 'unknown_days'
  | 'no_types'
  | 'unknown_types'
  | 'not_a_time_zone'
  | 'not_a_boolean'
  | 'max_items_range';

/** One problem with proposed timing settings: the field, its code and a sentence for the API. */
export interface TimingProblem {
  field: string;
  code: TimingProblemCode;
  message: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of "HH:MM"; null if it is not a time of day. */
export function minutesOf(hhmm: string): number | null {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * The problems of a proposed window (empty: valid). `end` must be after `start`: a window that
 * crosses midnight would make "the days" ambiguous, and PlusPlus's notifications are for the
 * working day (docs/decisions.md).
 */
export function windowProblems(w: {
  start?: unknown;
  end?: unknown;
  days?: unknown;
  types?: unknown;
}): TimingProblem[] {
  const problems: TimingProblem[] = [];
  const start = typeof w.start === 'string' ? minutesOf(w.start) : null;
  const end = typeof w.end === 'string' ? minutesOf(w.end) : null;
  if (start === null) {
    problems.push({
      field: 'send_window.start',
      code: 'not_a_time',
      message: `send_window.start must be a time of day as "HH:MM" (00:00–23:59), not ${JSON.stringify(w.start)}.`,
    });
  }
  if (end === null) {
    problems.push({
      field: 'send_window.end',
      code: 'not_a_time',
      message: `send_window.end must be a time of day as "HH:MM" (00:00–23:59), not ${JSON.stringify(w.end)}.`,
    });
  }
  if (start !== null && end !== null && end <= start) {
    problems.push({
      field: 'send_window.end',
      code: 'end_not_after_start',
      message: `send_window.end (${w.end}) must be after send_window.start (${w.start}): windows do not cross midnight.`,
    });
  }
  if (!Array.isArray(w.days) || w.days.length === 0) {
    problems.push({
      field: 'send_window.days',
      code: 'no_days',
      message: 'send_window.days must list at least one day.',
    });
  } else {
    const bad = w.days.filter((d) => !(WEEKDAYS as readonly unknown[]).includes(d));
    if (bad.length > 0) {
      problems.push({
        field: 'send_window.days',
        code: 'unknown_days',
        message: `send_window.days has unknown days ${bad.map((d) => JSON.stringify(d)).join(', ')}; use ${WEEKDAYS.join(', ')}.`,
      });
    }
  }
  if (w.types !== undefined) {
    if (!Array.isArray(w.types) || w.types.length === 0) {
      problems.push({
        field: 'send_window.types',
        code: 'no_types',
        message: 'send_window.types must list at least one type.',
      });
    } else {
      const bad = w.types.filter((t) => !(NOTIFICATION_TYPES as readonly unknown[]).includes(t));
      if (bad.length > 0) {
        problems.push({
          field: 'send_window.types',
          code: 'unknown_types',
          message: `send_window.types has unknown types ${bad.map((t) => JSON.stringify(t)).join(', ')}; use ${NOTIFICATION_TYPES.join(', ')}.`,
        });
      }
    }
  }
  return problems;
}

export function timeZoneProblems(field: string, zone: unknown): TimingProblem[] {
  return typeof zone === 'string' && isTimeZone(zone)
    ? []
    : [
        {
          field,
          code: 'not_a_time_zone',
          message: `${field} must be an IANA time zone name such as "Europe/Berlin"; ${JSON.stringify(zone)} is not one.`,
        },
      ];
}

export function digestProblems(d: { enabled?: unknown; max_items?: unknown }): TimingProblem[] {
  const problems: TimingProblem[] = [];
  if (d.enabled !== undefined && typeof d.enabled !== 'boolean') {
    problems.push({
      field: 'digest.enabled',
      code: 'not_a_boolean',
      message: 'digest.enabled must be true or false.',
    });
  }
  const n = d.max_items;
  if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10)) {
    problems.push({
      field: 'digest.max_items',
      code: 'max_items_range',
      message: `digest.max_items must be a whole number from 1 to 10, not ${JSON.stringify(n)}.`,
    });
  }
  return problems;
}

/** Normalized: days in week order without repeats, types in catalogue order. */
export function normalizeWindow(w: SendWindow): SendWindow {
  return {
    start: w.start,
    end: w.end,
    days: WEEKDAYS.filter((d) => w.days.includes(d)),
    types: NOTIFICATION_TYPES.filter((t) => w.types.includes(t)),
  };
}

/** The zone a member's window is read in: Slack's `tz` if Intl knows it, else the tenant's default. */
export function memberZone(slackTz: unknown, tenantDefault: string | null | undefined): string {
  if (typeof slackTz === 'string' && isTimeZone(slackTz)) return slackTz;
  if (tenantDefault && isTimeZone(tenantDefault)) return tenantDefault;
  return DEFAULT_TIME_ZONE;
}

/** Whether the window holds this type back at all. */
export function windowApplies(w: SendWindow | null | undefined, type: NotificationType): w is SendWindow {
  return !!w && w.types.includes(type);
}

/** Whether `instant` is inside the window in `zone` (start inclusive, end exclusive). */
export function isInWindow(w: SendWindow, zone: string, instant: number): boolean {
  const t = wallTime(instant, zone);
  if (!w.days.includes(WEEKDAYS[t.weekday]!)) return false;
  const minute = t.hour * 60 + t.minute;
  return minute >= minutesOf(w.start)! && minute < minutesOf(w.end)!;
}

/**
 * The decision for one delivery at `instant`: send now, or wait until `at` (the next window start,
 * an instant; the start's local time on the next listed day, at that day's UTC offset).
 */
export function windowDecision(
  w: SendWindow,
  zone: string,
  instant: number,
): { send: true } | { send: false; at: number } {
  if (isInWindow(w, zone, instant)) return { send: true };
  return { send: false, at: nextWindowStart(w, zone, instant) };
}

/**
 * The first window start after `instant` in `zone`. Looks at most 8 local days ahead (a valid
 * window has at least one day). Each candidate day's start is converted with that day's own
 * offset, so a daylight-saving switch between now and then moves the instant, not the local time.
 */
export function nextWindowStart(w: SendWindow, zone: string, instant: number): number {
  const startMin = minutesOf(w.start)!;
  const today = wallTime(instant, zone);
  // Noon UTC of the local date: stepping whole days from it never crosses a date boundary twice.
  const base = Date.UTC(today.year, today.month - 1, today.day, 12);
  for (let i = 0; i <= 8; i++) {
    const d = new Date(base + i * 86_400_000);
    if (!w.days.includes(WEEKDAYS[d.getUTCDay()]!)) continue;
    const at = zonedInstant(
      zone,
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
      Math.floor(startMin / 60),
      startMin % 60,
    );
    if (at > instant) return at;
  }
  throw new Error('nextWindowStart: a window without days');
}

import {
  DEFAULT_WINDOW_TYPES,
  type DigestSettings,
  digestProblems,
  normalizeWindow,
  type SendWindow,
  type TimingProblem,
  timeZoneProblems,
  type Weekday,
  windowProblems,
} from './window';

/**
 * The timing settings of a tenant (issue 21) as the API and App Home change them: one check of a
 * proposed change that either gives every problem (nothing is saved) or the values to store.
 */

/** A proposed change, in the wire's shape (snake_case); undefined fields are left as they are. */
export interface TimingPatch {
  send_window?: { start: string; end: string; days: string[]; types?: string[] } | null;
  digest?: { enabled?: boolean; max_items?: number };
  default_time_zone?: string | null;
}

/** What to store (the repository's field names); only the fields the patch names. */
export interface TimingChanges {
  sendWindow?: SendWindow | null;
  digestEnabled?: boolean;
  digestMaxItems?: number;
  defaultTimeZone?: string | null;
}

export function checkTimingPatch(
  patch: TimingPatch,
): { ok: true; changes: TimingChanges } | { ok: false; problems: TimingProblem[] } {
  const problems: TimingProblem[] = [];
  const changes: TimingChanges = {};
  const w = patch.send_window;
  if (w === null) changes.sendWindow = null;
  else if (w !== undefined) {
    const found = windowProblems(w);
    problems.push(...found);
    if (found.length === 0) {
      changes.sendWindow = normalizeWindow({
        start: w.start,
        end: w.end,
        days: w.days as Weekday[],
        types: (w.types ?? DEFAULT_WINDOW_TYPES) as SendWindow['types'],
      });
    }
  }
  if (patch.digest !== undefined) {
    const found = digestProblems(patch.digest);
    problems.push(...found);
    if (found.length === 0) {
      if (patch.digest.enabled !== undefined) changes.digestEnabled = patch.digest.enabled;
      if (patch.digest.max_items !== undefined) changes.digestMaxItems = patch.digest.max_items;
    }
  }
  const zone = patch.default_time_zone;
  if (zone === null) changes.defaultTimeZone = null;
  else if (zone !== undefined) {
    const found = timeZoneProblems('default_time_zone', zone);
    problems.push(...found);
    if (found.length === 0) changes.defaultTimeZone = zone;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, changes };
}

/** The stored settings in the wire's shape (GET /slack `settings`, PATCH's answer). */
export function timingSettingsBody(s: {
  sendWindow: SendWindow | null;
  digestEnabled: boolean;
  digestMaxItems: number;
  defaultTimeZone: string | null;
}): {
  send_window: SendWindow | null;
  digest: { enabled: boolean; max_items: number };
  default_time_zone: string;
} {
  return {
    send_window: s.sendWindow,
    digest: { enabled: s.digestEnabled, max_items: s.digestMaxItems },
    default_time_zone: s.defaultTimeZone ?? 'UTC',
  };
}

export type { DigestSettings, SendWindow };

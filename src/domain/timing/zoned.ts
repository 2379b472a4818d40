/**
 * Wall-clock time in an IANA time zone, with nothing but Intl (Node's ICU carries the tz database):
 * the local date and time of an instant, and the instant of a local date and time. Daylight-saving
 * switches are the zone's own at that date, never a fixed offset.
 */

/** A local date and time in some zone. `weekday` 0 = Sunday … 6 = Saturday. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    // Bounded: zones are a few hundred names, but a bad caller must not grow this without end.
    if (formatters.size > 1000) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** True if Intl knows `zone` (an IANA name such as `Europe/Berlin`, or `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The local date and time of `instant` (ms since the epoch) in `zone`. */
export function wallTime(instant: number, zone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  };
}

/** The zone's offset from UTC at `instant`, in ms (Berlin in summer: +7,200,000). */
export function offsetMs(instant: number, zone: string): number {
  const w = wallTime(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the clocks of `zone` show this local date and time. A time that does not
 * exist (skipped by a spring-forward switch, e.g. 02:30 in Berlin on 2026-03-29) is taken as the
 * same span after the switch (03:30), as the clock would read had it not jumped; a time that
 * occurs twice (autumn) is its first occurrence. Both are what Temporal calls "compatible".
 */
export function zonedInstant(
  zone: string,
  d: { year: number; month: number; day: number },
  hour: number,
  minute: number,
): number {
  const local = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  // The offsets in force just before and just after: they differ only near a switch.
  const before = offsetMs(local - 86_400_000, zone);
  const after = offsetMs(local + 86_400_000, zone);
  const candidates = [local - before, local - after].filter((t, i, all) => all.indexOf(t) === i);
  // A candidate is right if the zone's clock shows `local` at it; the earliest of those wins.
  const exact = candidates.filter((t) => t + offsetMs(t, zone) === local).sort((a, b) => a - b);
  if (exact.length > 0) return exact[0]!;
  // In the gap: the wall time read with the offset before the switch, which lands after it.
  return local - before;
}

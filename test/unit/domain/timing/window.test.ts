import { checkTimingPatch } from '../../../../src/domain/timing/settings';
import {
  isInWindow,
  memberZone,
  nextWindowStart,
  type SendWindow,
  windowDecision,
} from '../../../../src/domain/timing/window';
import { wallTime, zonedInstant } from '../../../../src/domain/timing/zoned';

const weekdays: SendWindow = {
  start: '09:00',
  end: '17:30',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  types: ['invite', 'enrollment', 'assignment'],
};
const everyDay: SendWindow = { ...weekdays, days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };
const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe('the window instant with Intl, across daylight-saving switches (2026)', () => {
  it('Europe/Berlin: 09:00 is 08:00Z before the spring switch (Sun 29 Mar) and 07:00Z after', () => {
    // Sat 28 Mar 20:00 Berlin (CET): the next 09:00 is Sun 29 Mar, already summer time.
    expect(iso(nextWindowStart(everyDay, 'Europe/Berlin', at('2026-03-28T19:00:00Z')))).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(iso(nextWindowStart(everyDay, 'Europe/Berlin', at('2026-03-27T19:00:00Z')))).toBe(
      '2026-03-28T08:00:00.000Z',
    );
  });

  it('Europe/Berlin: the autumn switch (Sun 25 Oct) moves 09:00 from 07:00Z to 08:00Z', () => {
    expect(iso(nextWindowStart(everyDay, 'Europe/Berlin', at('2026-10-24T19:00:00Z')))).toBe(
      '2026-10-25T08:00:00.000Z',
    );
    // A weekday window: Fri evening before the switch waits for Monday 09:00 CET.
    expect(iso(nextWindowStart(weekdays, 'Europe/Berlin', at('2026-10-23T18:00:00Z')))).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('America/Los_Angeles: spring (Sun 8 Mar) 09:00 PST→PDT is 17:00Z→16:00Z; autumn (Sun 1 Nov) back', () => {
    expect(iso(nextWindowStart(everyDay, 'America/Los_Angeles', at('2026-03-08T06:00:00Z')))).toBe(
      '2026-03-08T16:00:00.000Z',
    );
    expect(iso(nextWindowStart(everyDay, 'America/Los_Angeles', at('2026-03-07T06:00:00Z')))).toBe(
      '2026-03-07T17:00:00.000Z',
    );
    expect(iso(nextWindowStart(everyDay, 'America/Los_Angeles', at('2026-11-01T06:00:00Z')))).toBe(
      '2026-11-01T17:00:00.000Z',
    );
    // Friday evening before the autumn switch: Monday 09:00 PST.
    expect(iso(nextWindowStart(weekdays, 'America/Los_Angeles', at('2026-10-31T03:00:00Z')))).toBe(
      '2026-11-02T17:00:00.000Z',
    );
  });

  it('a start inside the spring gap is taken after the gap; one in the autumn overlap is its first occurrence', () => {
    expect(iso(zonedInstant('Europe/Berlin', { year: 2026, month: 3, day: 29 }, 2, 30))).toBe(
      '2026-03-29T01:30:00.000Z', // 03:30 CEST
    );
    expect(iso(zonedInstant('Europe/Berlin', { year: 2026, month: 10, day: 25 }, 2, 30))).toBe(
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST)
    );
    expect(iso(zonedInstant('America/Los_Angeles', { year: 2026, month: 3, day: 8 }, 2, 30))).toBe(
      '2026-03-08T10:30:00.000Z', // 03:30 PDT
    );
    const night: SendWindow = { ...everyDay, start: '02:30', end: '05:00' };
    const start = nextWindowStart(night, 'Europe/Berlin', at('2026-03-28T23:00:00Z'));
    expect(iso(start)).toBe('2026-03-29T01:30:00.000Z');
    expect(isInWindow(night, 'Europe/Berlin', start)).toBe(true);
  });

  it('inside, outside, start inclusive and end exclusive, days in local time', () => {
    // Mon 7 Dec 2026 08:00 UTC is 09:00 in Berlin (in) and 00:00 in Los Angeles (out).
    const t = at('2026-12-07T08:00:00Z');
    expect(windowDecision(weekdays, 'Europe/Berlin', t)).toEqual({ send: true });
    expect(windowDecision(weekdays, 'America/Los_Angeles', t)).toEqual({
      send: false,
      at: at('2026-12-07T17:00:00Z'),
    });
    expect(isInWindow(weekdays, 'Europe/Berlin', at('2026-12-07T16:29:59Z'))).toBe(true);
    expect(isInWindow(weekdays, 'Europe/Berlin', at('2026-12-07T16:30:00Z'))).toBe(false);
    // Sunday 6 Dec 10:00 in Berlin is outside a weekday window (Monday 09:00 is next).
    expect(windowDecision(weekdays, 'Europe/Berlin', at('2026-12-06T09:00:00Z'))).toEqual({
      send: false,
      at: at('2026-12-07T08:00:00Z'),
    });
    // Los Angeles Sunday 23:00 is already Monday in UTC: the local day decides.
    expect(isInWindow(everyDay, 'UTC', at('2026-12-07T09:00:00Z'))).toBe(true);
    expect(wallTime(at('2026-12-07T07:00:00Z'), 'America/Los_Angeles').weekday).toBe(0);
  });

  it("the member's zone: Slack's tz, else the tenant's default, else UTC", () => {
    expect(memberZone('Asia/Tokyo', 'Europe/Berlin')).toBe('Asia/Tokyo');
    expect(memberZone(undefined, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(memberZone('Not/AZone', null)).toBe('UTC');
  });
});

describe('timing settings checks', () => {
  it('accepts a window, normalizes it, and defaults types to everything but reminders', () => {
    const r = checkTimingPatch({
      send_window: { start: '09:00', end: '17:30', days: ['fri', 'mon', 'mon'] },
      digest: { enabled: true, max_items: 10 },
      default_time_zone: 'Europe/Berlin',
    });
    expect(r).toEqual({
      ok: true,
      changes: {
        sendWindow: {
          start: '09:00',
          end: '17:30',
          days: ['mon', 'fri'],
          types: ['invite', 'enrollment', 'assignment'],
        },
        digestEnabled: true,
        digestMaxItems: 10,
        defaultTimeZone: 'Europe/Berlin',
      },
    });
  });

  it.each([
    [{ send_window: { start: '25:00', end: '17:00', days: ['mon'] } }, 'send_window.start'],
    [{ send_window: { start: '9:00', end: '17:00', days: ['mon'] } }, 'send_window.start'],
    [{ send_window: { start: '18:00', end: '09:00', days: ['mon'] } }, 'send_window.end'],
    [{ send_window: { start: '09:00', end: '09:00', days: ['mon'] } }, 'send_window.end'],
    [{ send_window: { start: '09:00', end: '17:00', days: [] } }, 'send_window.days'],
    [{ send_window: { start: '09:00', end: '17:00', days: ['monday'] } }, 'send_window.days'],
    [
      { send_window: { start: '09:00', end: '17:00', days: ['mon'], types: ['webinar'] } },
      'send_window.types',
    ],
    [{ digest: { max_items: 11 } }, 'digest.max_items'],
    [{ digest: { max_items: 0 } }, 'digest.max_items'],
    [{ default_time_zone: 'Mars/Olympus' }, 'default_time_zone'],
  ])('refuses %j (%s)', (patch, field) => {
    const r = checkTimingPatch(patch);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toContain(field);
  });
});

import { nextWindowStart, type SendWindow } from '../../../src/domain/timing/window';
import { wallTime } from '../../../src/domain/timing/zoned';
import { connectThroughTheApp, type SandboxEnv, startSandboxEnv, until } from '../../support/sandbox-env';

/**
 * Send windows through the whole app on the real clock (issue 21): members' time zones come from
 * Slack (users.list into the cached directory, a user_change when one moves), the settings through
 * PATCH /slack/settings, and the app's own worker sends. One short test waits for a real window to
 * open (the next whole minute).
 */
let env: SandboxEnv;
let teamId: string;
let people: Array<{ id: string; email: string }>;
const T = '/internal/v1/tenants/tapp';
const hhmm = (t: number, zone: string) => {
  const w = wallTime(t, zone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

beforeAll(async () => {
  env = await startSandboxEnv();
  ({ teamId, people } = await connectThroughTheApp(env, T, {
    name: 'Timing',
    members: 30,
    seed: 21,
    people: 3,
  }));
  // Tokyo and Los Angeles are 16 or 17 hours apart: a one-hour window open in one is closed in the other.
  for (const [i, tz] of ['Asia/Tokyo', 'America/Los_Angeles', 'Asia/Tokyo'].entries()) {
    env.sb.updateMember(teamId, people[i]!.id, { tz, tzLabel: tz, tzOffset: 0 });
    const r = await env.driver.event(teamId, {
      type: 'user_change',
      user: env.sb.memberJson(teamId, people[i]!.id),
    });
    expect(r.status).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  await env.stop();
});

const patch = (body: unknown) => env.t.call('PATCH', `${T}/slack/settings`, body);
const notify = async (key: string, type: string, user: string) => {
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: key,
    type,
    recipient_user_ids: [user],
    content: {
      id: key,
      title: `Session ${key}`,
      url: 'https://plusplus.example/e/1',
      starts_at: '2026-12-20T10:00:00Z',
    },
  });
  expect(res.status).toBe(202);
  return res.body.notification_id as string;
};
const delivery = async (id: string) =>
  (await env.t.call('GET', `${T}/notifications/${id}`)).body.deliveries[0];

it('refuses bad timing settings with 422 naming the field, and saves nothing', async () => {
  const before = (await env.t.call('GET', `${T}/slack`)).body.settings;
  for (const [body, field] of [
    [{ send_window: { start: '25:00', end: '17:00', days: ['mon'] } }, 'send_window.start'],
    [{ send_window: { start: '17:00', end: '09:00', days: ['mon'] } }, 'send_window.end'],
    [{ send_window: { start: '09:00', end: '17:00', days: [] } }, 'send_window.days'],
    [
      { send_window: { start: '09:00', end: '17:00', days: ['mon'], types: ['webinar'] } },
      'send_window.types',
    ],
    [{ default_time_zone: 'Europe/Atlantis', notifications_enabled: false }, 'default_time_zone'],
    [{ digest: { enabled: true, max_items: 11 } }, 'digest.max_items'],
  ] as const) {
    const res = await patch(body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'invalid_settings', field });
    expect(res.body.message).toEqual(expect.any(String));
  }
  expect((await patch({ send_window: { start: 9 } })).status).toBe(400);
  expect((await env.t.call('GET', `${T}/slack`)).body.settings).toEqual(before);
  expect(before).toMatchObject({
    send_window: null,
    digest: { enabled: false, max_items: 5 },
    default_time_zone: 'UTC',
  });
});

it("holds a member whose local time is outside the window and sends to one inside it (Slack's tz)", async () => {
  const now = Date.now();
  // A one-hour window around Tokyo's present hour (kept inside one day).
  const w = wallTime(now, 'Asia/Tokyo');
  const startHour = Math.min(w.hour, 22);
  const window: SendWindow = {
    start: `${String(startHour).padStart(2, '0')}:00`,
    end: `${String(startHour + 1).padStart(2, '0')}:59`,
    days: ALL_DAYS as SendWindow['days'],
    types: ['invite'],
  };
  const res = await patch({ send_window: window });
  expect(res.status).toBe(200);
  await new Promise((r) => setTimeout(r, 1_100));
  expect(res.body.send_window).toEqual({
    ...window,
    days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  });

  const inside = await notify('tokyo', 'invite', 'u0');
  const outside = await notify('la', 'invite', 'u1');
  const sent = await until(async () => {
    const d = await delivery(inside);
    return d.status === 'sent' ? d : undefined;
  }, 'the Tokyo member');
  expect(sent.slack_user_id).toBe(people[0]!.id);
  const held = await until(async () => {
    const d = await delivery(outside);
    return d.status === 'scheduled' ? d : undefined;
  }, 'the Los Angeles member scheduled');
  expect(held.scheduled_for).toBe(
    new Date(nextWindowStart(window, 'America/Los_Angeles', Date.now())).toISOString(),
  );
  expect(env.sb.messages({ teamId, user: people[1]!.id })).toHaveLength(0);
});

it('sends when a real window opens (the next whole minute), not before', async () => {
  let opens = Math.ceil(Date.now() / 60_000) * 60_000;
  if (opens - Date.now() < 3_000) opens += 60_000;
  const start = hhmm(opens, 'Asia/Tokyo');
  const endAt = opens + 60 * 60_000;
  const sameDay = wallTime(endAt, 'Asia/Tokyo').day === wallTime(opens, 'Asia/Tokyo').day;
  const res = await patch({
    send_window: {
      start,
      end: sameDay ? hhmm(endAt, 'Asia/Tokyo') : '23:59',
      days: ALL_DAYS,
      types: ['enrollment'],
    },
  });
  expect(res.status).toBe(200);
  // The worker reuses a tenant's settings for up to a second (ProcessorOptions.contextTtlMs).
  await new Promise((r) => setTimeout(r, 1_100));
  const id = await notify('minute', 'enrollment', 'u2');
  const held = await until(async () => {
    const d = await delivery(id);
    return d.status === 'scheduled' ? d : undefined;
  }, 'scheduled');
  expect(held.scheduled_for).toBe(new Date(opens).toISOString());
  const sent = await until(
    async () => {
      const d = await delivery(id);
      return d.status === 'sent' ? d : undefined;
    },
    'sent at the window start',
    90_000,
  );
  expect(Date.parse(sent.updated_at)).toBeGreaterThanOrEqual(opens);
  expect(Date.parse(sent.updated_at)).toBeLessThan(opens + 5_000);
}, 100_000);

it('documents the timing settings and the scheduled status in the OpenAPI document', async () => {
  const doc = JSON.stringify((await env.t.raw('GET', '/internal/v1/openapi.json')).body);
  for (const needle of [
    'send_window',
    'default_time_zone',
    'max_items',
    'scheduled_for',
    'invalid_settings',
    '"scheduled"',
  ]) {
    expect(doc).toContain(needle);
  }
});

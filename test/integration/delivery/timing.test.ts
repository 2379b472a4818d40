import type { Delivery } from '../../../src/app/delivery';
import { zonedInstant } from '../../../src/domain/timing/zoned';
import { type Harness, type Person, startHarness } from './harness';

/**
 * Send windows and digests (issue 21) through the real notification routes, the worker and the
 * sandbox, on a fake clock for the window decisions: the app's `now()` (DeliveryOptions.now,
 * through src/compose.ts) is the real clock moved to 08:59:5x in Berlin, so the window opens a few
 * real seconds later and the queue's due times (the database's clock) agree with it. Members have
 * no cached directory at first; the app reads one with users.info when it needs their language
 * (issue 22), so their Slack `tz` is set to Europe/Berlin, the tenant's default_time_zone too.
 */
let h: Harness;
let team: string;
let people: Person[];
const T = 'tmg';
const base = `/internal/v1/tenants/${T}`;
/** Fake clock: real time plus this offset. */
let offset = 0;
const now = () => Date.now() + offset;
/** The window start the fake clock meets a few seconds after set-up: Mon 7 Dec 2026 09:00 Berlin. */
const opens = zonedInstant('Europe/Berlin', { year: 2026, month: 12, day: 7 }, 9, 0);
const LEAD_MS = 8_000;

beforeAll(async () => {
  h = await startHarness({ delivery: { now } });
  ({ teamId: team, people } = await h.connectTenant(T, { members: 40, seed: 5 }));
  for (const p of people.slice(0, 6)) h.sb.updateMember(team, p.id, { tz: 'Europe/Berlin', tzLabel: 'CET' });
  // u4 reads German (issue 22): their digest is in German, dates written out in their zone.
  h.sb.updateMember(team, people[4]!.id, { locale: 'de-DE' });
  await h.addUsers(T, people.slice(0, 6));
  await h.tenants.updateSettings(T, {
    sendWindow: {
      start: '09:00',
      end: '17:30',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      types: ['invite', 'enrollment', 'assignment'],
    },
    digestEnabled: true,
    digestMaxItems: 10,
    defaultTimeZone: 'Europe/Berlin',
  });
}, 60_000);
afterAll(async () => {
  await h.stop();
});

const item = (i: number, title = `Course ${i} <!here>`) => ({
  id: `evt-${i}`,
  title,
  url: `https://acme.plusplus.example/events/${i}`,
  starts_at: '2026-12-10T15:00:00Z',
});

async function notify(key: string, type: string, to: string[], i = 0): Promise<string> {
  const res = await h.notify(T, { idempotency_key: key, type, recipient_user_ids: to, content: item(i) });
  expect(res.status).toBe(202);
  return res.body.notification_id;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers
const get = async (id: string): Promise<any> => (await h.call('GET', `${base}/notifications/${id}`)).body;

async function until<V>(fn: () => Promise<V | undefined>, what: string, ms = 20_000): Promise<V> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('holds window types until 09:00 Berlin, sends reminders at once, digests what comes due together, survives a restart', async () => {
  offset = opens - LEAD_MS - Date.now();
  // Before the window: a reminder (not a window type) goes at once; invites wait.
  const reminder = await notify('rem', 'reminder', ['u0']);
  const single = await notify('single', 'invite', ['u0']);
  // u1: a digest of 3, one of them cancelled while scheduled.
  const three = [await notify('d3-0', 'invite', ['u1'], 0), await notify('d3-1', 'enrollment', ['u1'], 1)];
  const cancelled = await notify('d3-2', 'assignment', ['u1'], 2);
  three.push(cancelled);
  // u2: a digest of 15 (max_items 10: "and 5 more").
  const fifteen: string[] = [];
  for (let i = 0; i < 15; i++) fifteen.push(await notify(`d15-${i}`, 'invite', ['u2'], 100 + i));
  // u3: muted while scheduled: both items skipped as opted out.
  const muted = [await notify('m-0', 'invite', ['u3'], 200), await notify('m-1', 'invite', ['u3'], 201)];
  // u4 (de-DE): a digest of 12 (max_items 10: "und 2 weitere").
  const german: string[] = [];
  for (let i = 0; i < 12; i++) german.push(await notify(`de-${i}`, 'invite', ['u4'], 300 + i));

  const sentReminder = await until(async () => {
    const n = await get(reminder);
    return n.deliveries[0].status === 'sent' ? n : undefined;
  }, 'the reminder');
  expect(sentReminder.deliveries[0].digest).toBeUndefined();
  for (const id of [single, ...three, ...fifteen, ...muted, ...german]) {
    const n = await until(async () => {
      const x = await get(id);
      return x.deliveries[0].status === 'scheduled' ? x : undefined;
    }, `scheduled ${id}`);
    expect(n.deliveries[0].scheduled_for).toBe(new Date(opens).toISOString());
    expect(n.done).toBe(false);
  }
  expect(now()).toBeLessThan(opens);

  // Cancel one of u1's, mute u3, then "restart": the worker stops and a new delivery side (no
  // memory of the first) takes over before the window opens.
  const c = await h.call('POST', `${base}/notifications/${cancelled}/cancel`, { change_key: 'c1' });
  expect(c.status).toBe(202);
  const mute = await h.call('PATCH', `${base}/users/u3/preferences`, { receive_slack_notifications: false });
  expect(mute.status).toBe(200);
  await h.delivery.worker.stop();
  const restarted: Delivery = h.restartedDelivery({ now });
  restarted.worker.start();
  try {
    expect(now()).toBeLessThan(opens);
    const done = async (id: string) => until(async () => ((await get(id)).done ? get(id) : undefined), id);

    const s = await done(single);
    expect(s.deliveries[0]).toMatchObject({ status: 'sent' });
    expect(s.deliveries[0].digest).toBeUndefined();
    const dms = h.sb.messages({ teamId: team, user: people[0]!.id });
    const dm = dms.find((m) => m.ts === s.deliveries[0].ts)!;
    // Posted at or after 09:00 Berlin on the app's clock: the sandbox stamps whole real seconds,
    // and the row was settled (the database's clock) after the post.
    expect((Math.floor(Number(dm.ts)) + 1) * 1000 + offset).toBeGreaterThanOrEqual(opens);
    expect(Date.parse(s.deliveries[0].updated_at) + offset).toBeGreaterThanOrEqual(opens);

    // u1: the two left went as one digest; the cancelled one was skipped.
    const [a, b, x] = await Promise.all(three.map(done));
    expect(x.deliveries[0]).toMatchObject({ status: 'skipped', reason: 'cancelled' });
    expect(a.deliveries[0]).toMatchObject({ status: 'sent', digest: true });
    expect(b.deliveries[0]).toMatchObject({ status: 'sent', digest: true, ts: a.deliveries[0].ts });
    const d2 = h.sb.messages({ teamId: team, user: people[1]!.id }).filter((m) => !m.threadTs);
    expect(d2).toHaveLength(1);
    const d2json = JSON.stringify(d2[0]!.blocks);
    expect(d2json).toContain('Course 0 &lt;!here&gt;');
    expect(d2json).toContain('Course 1');
    expect(d2json).not.toContain('Course 2 ');
    expect(d2json).toContain('/plusplus mute');
    expect(d2[0]!.text).toContain('2 new PlusPlus notifications');

    // u2: one DM for 15, ten listed and "and 5 more", within Block Kit's limits.
    const all = await Promise.all(fifteen.map(done));
    const ts = new Set(all.map((n) => n.deliveries[0].ts));
    expect(ts.size).toBe(1);
    expect(all.every((n) => n.deliveries[0].status === 'sent' && n.deliveries[0].digest === true)).toBe(true);
    const d15 = h.sb.messages({ teamId: team, user: people[2]!.id });
    expect(d15).toHaveLength(1);
    const blocks = d15[0]!.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks.filter((bl) => bl.type === 'section' && bl.text!.text.includes('Course 1'))).toHaveLength(
      10,
    );
    expect(JSON.stringify(blocks)).toContain('and 5 more');
    for (const bl of blocks) if (bl.text) expect(bl.text.text.length).toBeLessThanOrEqual(3000);

    // u4 reads German: header, items, "and N more", opt-out line and dates in German (Berlin).
    const de = await Promise.all(german.map(done));
    expect(new Set(de.map((n) => n.deliveries[0].ts)).size).toBe(1);
    const d4 = h.sb.messages({ teamId: team, user: people[4]!.id });
    expect(d4).toHaveLength(1);
    const d4json = JSON.stringify(d4[0]!.blocks);
    expect(d4[0]!.blocks![0]).toMatchObject({
      type: 'header',
      text: { text: '12 neue PlusPlus-Benachrichtigungen' },
    });
    expect(d4json).toContain('Sie sind eingeladen · Do., 10. Dez. 2026, 16:00 MEZ');
    expect(d4json).not.toContain('<!date^');
    expect(d4json).toContain('…und 2 weitere: <https://acme.plusplus.example/|alle in PlusPlus ansehen>');
    expect(d4json).toContain('geben Sie `/plusplus mute` ein');
    expect(d4json).not.toContain('new PlusPlus');
    expect(d4[0]!.text).toMatch(
      /^12 neue PlusPlus-Benachrichtigungen: Course 3\d\d &lt;!here&gt; \(Do\., 10\. Dez\. 2026, 16:00 MEZ\);/,
    );
    expect(d4[0]!.text).toMatch(/; und 2 weitere$/);
    // English members keep English dates: Slack's token with its fallback in their zone.
    expect(d2json).toContain('<!date^');

    // u3 muted: nothing sent, both skipped as opted out.
    for (const id of muted)
      expect((await done(id)).deliveries[0]).toMatchObject({ status: 'skipped', reason: 'user_opted_out' });
    expect(h.sb.messages({ teamId: team, user: people[3]!.id })).toHaveLength(0);
  } finally {
    await restarted.worker.stop();
    await restarted.revisionWorker.stop();
  }
}, 60_000);

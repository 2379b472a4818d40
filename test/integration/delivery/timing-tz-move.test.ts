import { zonedInstant } from '../../../src/domain/timing/zoned';
import { connectThroughTheApp, type SandboxEnv, startSandboxEnv, until } from '../../support/sandbox-env';

/**
 * A member who moves time zone while a delivery waits for their window (issue 21): the window is
 * judged again when the delivery comes due, in the zone Slack now reports (a user_change event
 * updated the cached directory), so nothing is sent at 03:00 in the new zone. The app's window
 * clock is moved (StartOptions.delivery.now) to 08:59:55 in Berlin.
 */
let env: SandboxEnv;
let teamId: string;
let people: Array<{ id: string; email: string }>;
let offset = 0;
const T = '/internal/v1/tenants/tzmove';
const opensBerlin = zonedInstant('Europe/Berlin', { year: 2026, month: 12, day: 8 }, 9, 0);
const opensNewYork = zonedInstant('America/New_York', { year: 2026, month: 12, day: 8 }, 9, 0);

beforeAll(async () => {
  env = await startSandboxEnv({}, {}, { delivery: { now: () => Date.now() + offset } });
  ({ teamId, people } = await connectThroughTheApp(env, T, {
    name: 'Move',
    members: 20,
    seed: 8,
    people: 1,
  }));
}, 60_000);
afterAll(async () => {
  await env.stop();
});

const moveTo = async (tz: string) => {
  env.sb.updateMember(teamId, people[0]!.id, { tz, tzLabel: tz });
  const r = await env.driver.event(teamId, {
    type: 'user_change',
    user: env.sb.memberJson(teamId, people[0]!.id),
  });
  expect(r.status).toBe(200);
};

it('holds again, in the new zone, a delivery whose member moved from Berlin to New York', async () => {
  await moveTo('Europe/Berlin');
  const patch = await env.t.call('PATCH', `${T}/slack/settings`, {
    send_window: { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
  });
  expect(patch.status).toBe(200);
  offset = opensBerlin - 5_000 - Date.now();
  await new Promise((r) => setTimeout(r, 1_100)); // the worker's settings cache
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: 'move',
    type: 'invite',
    recipient_user_ids: ['u0'],
    content: { id: 'move', title: 'Moving' },
  });
  const id = res.body.notification_id;
  const get = async () => (await env.t.call('GET', `${T}/notifications/${id}`)).body.deliveries[0];
  const first = await until(async () => ((await get()).status === 'scheduled' ? get() : undefined), 'held');
  expect(first.scheduled_for).toBe(new Date(opensBerlin).toISOString());

  await moveTo('America/New_York');
  const again = await until(
    async () => {
      const d = await get();
      return d.status === 'scheduled' && d.scheduled_for !== first.scheduled_for ? d : undefined;
    },
    'held again for New York',
    15_000,
  );
  expect(again.scheduled_for).toBe(new Date(opensNewYork).toISOString());
  // (The installer's welcome DM is there; the invite is not.)
  expect(
    env.sb.messages({ teamId, user: people[0]!.id }).filter((m) => m.text.includes('Moving')),
  ).toHaveLength(0);
}, 60_000);

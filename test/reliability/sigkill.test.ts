import { type Harness, type Person, startHarness } from '../integration/delivery/harness';
import {
  accept,
  kill,
  marker,
  report,
  requireBuild,
  startWorker,
  statusCounts,
  stopWorkers,
  tally,
  unlimited,
  waitFor,
} from './support';

/**
 * Scenario 1: a worker process is killed with SIGKILL in the middle of 1,000 deliveries (no
 * shutdown, no cleanup: its claims stay `sending` until their lease runs out); a new worker process
 * finishes the run. Every accepted delivery ends sent; the only duplicates allowed are posts that
 * Slack had accepted and the killed process had not yet recorded — at most its deliveries in flight
 * (DELIVERY_CONCURRENCY).
 */
const T = 'rel-kill';
const CONCURRENCY = 8;
const WORKER_ENV = {
  DELIVERY_CONCURRENCY: String(CONCURRENCY),
  DELIVERY_TENANT_IN_FLIGHT: '4',
  // Short, so the killed worker's claims come back quickly; long enough that a live worker under
  // CI load never outlives its own lease.
  DELIVERY_LEASE_MS: '3000',
  // At most 333/s: the run lasts three seconds or more, so the kill lands in the middle of it.
  DELIVERY_WORKSPACE_PER_MINUTE: '20000',
};
let h: Harness;
let team: string;
let people: Person[];

beforeAll(async () => {
  requireBuild();
  h = await startHarness({ worker: false });
  unlimited(h);
  ({ teamId: team, people } = await h.connectTenant(T, { members: 800, seed: 51 }));
}, 60_000);
afterAll(async () => {
  await stopWorkers();
  await h?.stop();
});

it('SIGKILL in the middle of 1,000 deliveries, restart: all sent, duplicates at most in flight', async () => {
  const ids = await h.addUsers(T, people.slice(0, 500));
  const titles = [marker('kill', 1), marker('kill', 2)];
  for (const [i, title] of titles.entries()) await accept(h, T, `kill-${i}`, title, ids);
  const accepted = ids.length * titles.length;

  const sent = async () => (await statusCounts(h, [T])).sent ?? 0;
  const first = startWorker(h, 'first', WORKER_ENV);
  await waitFor('a quarter sent', async () => (await sent()) >= accepted / 4, {
    timeoutMs: 60_000,
    describe: first.output,
    watch: [first],
  });
  await kill(first, 'SIGKILL');
  const atKill = await statusCounts(h, [T]);
  expect(atKill.sent ?? 0).toBeLessThan(accepted);

  const second = startWorker(h, 'second', WORKER_ENV);
  await waitFor('every delivery sent', async () => (await sent()) === accepted, {
    timeoutMs: 90_000,
    describe: async () => `${JSON.stringify(await statusCounts(h, [T]))}\n${second.output()}`,
    watch: [second],
  });

  const t = await tally(h, { tenants: [T], teams: [team], expected: (r) => r.status === 'sent' });
  report('sigkill-restart', t, `killed at ${atKill.sent ?? 0} sent, ${atKill.sending ?? 0} sending`);
  expect(t.lostRows).toEqual([]);
  expect(t.lost).toBe(0);
  expect(t.accepted).toBe(accepted);
  expect(t.duplicates).toBeLessThanOrEqual(CONCURRENCY);
  // Every post Slack accepted is stored once: the messages are the posts, nothing else.
  expect(t.messages).toBe(t.okCalls);
  expect(t.messages).toBe(accepted + t.duplicates);
  expect(second.exit).toBeUndefined();
  expect(second.errors()).toEqual([]);
});

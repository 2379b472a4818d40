import {
  accept,
  expectDuplicatesAtMost,
  expectNoneLost,
  expectRunningWithoutErrors,
  kill,
  marker,
  report,
  setUpScenario,
  startWorker,
  statusCounts,
  tally,
  waitForSent,
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
const s = setUpScenario([{ tenant: T, members: 800, seed: 51 }]);

it('SIGKILL in the middle of 1,000 deliveries, restart: all sent, duplicates at most in flight', async () => {
  const { h } = s;
  const [team] = s.teams;
  const [people] = s.people;
  const ids = await h.addUsers(T, people.slice(0, 500));
  const titles = [marker('kill', 1), marker('kill', 2)];
  for (const [i, title] of titles.entries()) await accept(h, T, `kill-${i}`, title, ids);
  const accepted = ids.length * titles.length;

  const first = startWorker(h, 'first', WORKER_ENV);
  await waitForSent(h, [T], (sent) => sent >= accepted / 4, { what: 'a quarter sent', watch: [first] });
  await kill(first, 'SIGKILL');
  const atKill = await statusCounts(h, [T]);
  expect(atKill.sent ?? 0).toBeLessThan(accepted);

  const second = startWorker(h, 'second', WORKER_ENV);
  await waitForSent(h, [T], (sent) => sent === accepted, {
    what: 'every delivery sent',
    watch: [second],
    timeoutMs: 90_000,
  });

  const t = await tally(h, { tenants: [T], teams: [team], expected: (r) => r.status === 'sent' });
  report('sigkill-restart', t, `killed at ${atKill.sent ?? 0} sent, ${atKill.sending ?? 0} sending`);
  expectNoneLost(t, accepted);
  expectDuplicatesAtMost(t, CONCURRENCY);
  expect(t.messages).toBe(accepted + t.duplicates);
  expectRunningWithoutErrors(second);
});

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
 * Scenario 1: a worker process is killed with SIGKILL in the middle of a run (no shutdown, no
 * cleanup: its claims stay `sending` until their lease runs out); a new worker process finishes the
 * run. At the **default pace, in real time** (issue 15): eight workspaces of 40 DMs each, every one
 * paced at 270 posts a minute against the sandbox's Slack limits, so the run lasts ~9 s and the
 * kill lands in the middle. Every accepted delivery ends sent; the only duplicates allowed are posts
 * that Slack had accepted and the killed process had not yet recorded (at most its posts in flight,
 * DELIVERY_CONCURRENCY); and the rest goes out at the configured pace.
 */
const TENANTS = Array.from({ length: 8 }, (_, i) => ({ tenant: `rel-kill-${i}`, members: 70, seed: 51 + i }));
const PER_TENANT = 40;
const CONCURRENCY = 8;
const PACE_PER_SECOND = 270 / 60;
const WORKER_ENV = {
  // The production defaults, spelled out (support.ts's are fast and unpaced).
  DELIVERY_CONCURRENCY: String(CONCURRENCY),
  DELIVERY_POLL_MS: '250',
  DELIVERY_WORKSPACE_PER_MINUTE: '270',
  DELIVERY_CHANNEL_INTERVAL_MS: '1100',
  DELIVERY_BACKOFF_BASE_MS: '2000',
  DELIVERY_BACKOFF_MAX_MS: '300000',
  // Short, so the killed worker's claims come back within the run; long enough that a live worker
  // under CI load never outlives its own lease.
  DELIVERY_LEASE_MS: '3000',
};
const s = setUpScenario(TENANTS);
const tenants = TENANTS.map((t) => t.tenant);

it('SIGKILL mid-run at the default pace, restart: all sent, duplicates at most in flight, the rest at pace', async () => {
  const { h } = s;
  // Slack's limits as the sandbox has them (chat.postMessage 1/s per channel, 300/min per workspace).
  h.sb.setRateLimits({
    'chat.postMessage': { perMinute: 60, burst: 3 },
    'chat.postMessage#workspace': { perMinute: 300, burst: 30 },
  });
  const title = marker('kill', 1);
  for (const [i, t] of tenants.entries()) {
    const ids = await h.addUsers(t, s.people[i]!.slice(0, PER_TENANT));
    await accept(h, t, 'kill', title, ids);
  }
  const accepted = tenants.length * PER_TENANT;

  const first = startWorker(h, 'first', WORKER_ENV);
  await waitForSent(h, tenants, (sent) => sent >= accepted / 4, { what: 'a quarter sent', watch: [first] });
  await kill(first, 'SIGKILL');
  const atKill = await statusCounts(h, tenants);
  expect(atKill.sent ?? 0).toBeLessThan(accepted);

  const restartedAt = Date.now();
  const second = startWorker(h, 'second', WORKER_ENV);
  await waitForSent(h, tenants, (sent) => sent === accepted, {
    what: 'every delivery sent',
    watch: [second],
    timeoutMs: 90_000,
  });

  // The rest's pace, per workspace, from the sandbox's call log.
  const rates = s.teams.map((team) => {
    const at = h.sb
      .calls({ method: 'chat.postMessage', teamId: team, since: restartedAt })
      .filter((c) => c.ok)
      .map((c) => c.at);
    return at.length < 2 ? Number.NaN : ((at.length - 1) * 1000) / (at.at(-1)! - at[0]!) / PACE_PER_SECOND;
  });
  const slowest = Math.min(...rates.filter((r) => !Number.isNaN(r)));
  const limited = h.sb.calls({ method: 'chat.postMessage' }).filter((c) => c.status === 429).length;

  const t = await tally(h, { tenants, teams: s.teams, expected: (r) => r.status === 'sent' });
  report(
    'sigkill-restart',
    t,
    `default pace, ${tenants.length} workspaces; killed at ${atKill.sent ?? 0} sent, ${atKill.sending ?? 0} sending; the rest at >= ${slowest.toFixed(2)} of the pace; 429s ${limited}`,
  );
  expectNoneLost(t, accepted);
  expectDuplicatesAtMost(t, CONCURRENCY);
  expect(t.messages).toBe(accepted + t.duplicates);
  expect(slowest).toBeGreaterThanOrEqual(0.85);
  expectRunningWithoutErrors(second);
});

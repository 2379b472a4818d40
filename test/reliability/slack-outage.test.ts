import {
  accept,
  expectDuplicatesAtMost,
  expectNoneLost,
  expectRunningWithoutErrors,
  marker,
  report,
  setUpScenario,
  startWorker,
  tally,
  unlimited,
  waitFor,
  waitForFinal,
} from './support';

/**
 * Scenario 2: a Slack outage as a worker process sees it. First a stretch of 300 failed calls
 * (500, 502, 503, 504 and a dropped connection in turn: injected faults), then HTTP 429 with `Retry-After` (the sandbox's real
 * rate limiter, squeezed to one post per 100 ms with a burst of one), then recovery (limits lifted).
 * The phases follow from conditions, not from timers: the faults answer the first calls whatever
 * their timing, the 429s start when the faults are used up, and recovery begins once enough 429s
 * have been answered.
 *
 * It proves: every delivery ends sent; no call of the workspace left before the `Retry-After` of a
 * 429 had passed; a 429 never counts as an attempt (each delivery's `attempts` is exactly one more
 * than the 5xx answers its recipient got, read from the sandbox's call log); and nothing failed
 * that should not have — a delivery may only fail with `retries_exhausted` after
 * DELIVERY_MAX_ATTEMPTS 5xx answers, which this outage is too short to cause.
 */
const T = 'rel-outage';
const FIVE_XX = [500, 502, 503, 504];
const OUTAGE_CALLS = 300;
const MIN_429 = 3;
const MAX_ATTEMPTS = 12;
const RECIPIENTS = 100;
const s = setUpScenario([{ tenant: T, members: 250, seed: 53 }]);

it('5xx stretch, then 429s with Retry-After, then recovery: all sent, Retry-After honoured, nothing failed', async () => {
  const { h } = s;
  const [team] = s.teams;
  const [people] = s.people;
  const ids = await h.addUsers(T, people.slice(0, RECIPIENTS));
  await accept(h, T, 'outage', marker('outage', 1), ids);
  const since = Date.now();

  // Phase 1: the next OUTAGE_CALLS posts answer 5xx. Phase 2 is armed already: faults are answered
  // before rate limits, so the limiter only sees calls once the faults are used up.
  // Every fifth call of the stretch has its connection dropped without an answer instead.
  for (let i = 0; i < OUTAGE_CALLS; i++) {
    const fault = i % 5 === 4 ? { drop: true as const } : { status: FIVE_XX[i % 5]! };
    h.sb.injectFault({ method: 'chat.postMessage', teamId: team, fault });
  }
  // 6/min at the sandbox's time scale (0.01) is one post per 100 ms; Retry-After is then 1 s.
  h.sb.setRateLimits({ 'chat.postMessage#workspace': { perMinute: 6, burst: 1 } });

  const worker = startWorker(h, 'worker', {
    DELIVERY_TENANT_IN_FLIGHT: '1',
    DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    // No crash here: a lease no CI stall can outlast keeps `attempts` exact.
    DELIVERY_LEASE_MS: '60000',
  });
  const posts = () => h.sb.calls({ method: 'chat.postMessage', teamId: team, since });
  await waitFor(
    `${MIN_429} answers of 429`,
    () => posts().filter((c) => c.status === 429).length >= MIN_429,
    { timeoutMs: 60_000, describe: worker.output, watch: [worker] },
  );
  // Phase 3: Slack is well again.
  unlimited(h);
  await waitForFinal(h, [T], { what: 'every delivery in a final state', watch: [worker] });

  const calls = posts();
  // 5xx answers and dropped connections (status 0): the outage's calls.
  const fiveXX = calls.filter((c) => c.status >= 500 || c.status === 0);
  const limited = calls.filter((c) => c.status === 429);
  // Retry-After (1 s for every 429 here) honoured: no post of this workspace sooner than that.
  const early = limited.flatMap((l) =>
    calls.filter((c) => c.seq > l.seq && c.at < l.at + 1000).map((c) => ({ after429At: l.at, call: c })),
  );
  const fiveXXFor = (slackUserId: string | null) => fiveXX.filter((c) => c.channel === slackUserId).length;
  const t = await tally(h, {
    tenants: [T],
    teams: [team],
    // Sent, or failed only where the recipient really got MAX_ATTEMPTS 5xx answers.
    expected: (r) =>
      r.status === 'sent' ||
      (r.status === 'failed' &&
        r.reason === 'retries_exhausted' &&
        fiveXXFor(r.slack_user_id) >= MAX_ATTEMPTS),
  });
  const dropped = fiveXX.filter((c) => c.status === 0).length;
  const most = Math.max(...t.rows.map((r) => fiveXXFor(r.slack_user_id)));
  const limitedMs = limited.length > 0 ? Math.round(limited.at(-1)!.at - limited[0]!.at) : 0;
  report(
    'slack-outage',
    t,
    `${fiveXX.length - dropped} × 5xx + ${dropped} dropped (at most ${most} for one delivery), ` +
      `then ${limited.length} × 429 over ` +
      `${limitedMs} ms, ${early.length} calls before Retry-After`,
  );

  // The phases happened in this order.
  expect(fiveXX).toHaveLength(OUTAGE_CALLS);
  expect(Math.max(...fiveXX.map((c) => c.seq))).toBeLessThan(Math.min(...limited.map((c) => c.seq)));
  expect(early).toEqual([]);
  expectNoneLost(t, RECIPIENTS);
  // This outage is far too short for MAX_ATTEMPTS 5xx answers to one delivery: none may fail.
  expect(most).toBeLessThan(MAX_ATTEMPTS);
  expect(t.failed).toBe(0);
  expect(t.sent).toBe(RECIPIENTS);
  expectDuplicatesAtMost(t, 0);
  // A 5xx is an attempt, a 429 is not: attempts = 1 + the 5xx answers that recipient got.
  const miscounted = t.rows
    .filter((r) => r.attempts !== 1 + fiveXXFor(r.slack_user_id))
    .map((r) => ({ user: r.user_id, attempts: r.attempts, fiveXX: fiveXXFor(r.slack_user_id) }));
  expect(miscounted).toEqual([]);
  expectRunningWithoutErrors(worker);
});

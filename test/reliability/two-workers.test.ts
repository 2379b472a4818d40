import {
  accept,
  expectNoneLost,
  expectRunningWithoutErrors,
  marker,
  report,
  setUpScenario,
  startWorker,
  tally,
  waitFor,
  waitForSent,
} from './support';

/**
 * Scenario 5: two worker processes on one database share 2,000 deliveries of two tenants
 * (workspaces). Both are polling before the first notification is accepted, so they compete for
 * the same rows from the first claim. The claim (`FOR UPDATE SKIP LOCKED`, a lease per claim,
 * every later write naming its lease) must hand each row to one of them only: every delivery is
 * sent exactly once, no duplicates at all.
 */
const TENANTS = ['rel-pair-a', 'rel-pair-b'];
const WORKER_ENV = {
  // Info: the 'delivery worker running' line tells the test a worker is polling.
  LOG_LEVEL: 'info',
  DELIVERY_CONCURRENCY: '16',
  DELIVERY_TENANT_IN_FLIGHT: '4',
  // No crash here: a lease no CI stall can outlast, so any duplicate would be the claim's fault.
  DELIVERY_LEASE_MS: '60000',
};
const s = setUpScenario(TENANTS.map((tenant, i) => ({ tenant, members: 800, seed: 60 + i })));

beforeAll(async () => {
  const { h } = s;
  // Instrumentation in this test's schema only: which process moved each row, read from its
  // session's application_name (startWorker names them rel-one, rel-two).
  await h.ds.query(`CREATE TABLE rel_moves (seq bigserial, delivery_id bigint, status text, app text)`);
  await h.ds.query(
    `CREATE FUNCTION rel_note_move() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO rel_moves (delivery_id, status, app)
       VALUES (NEW.id, NEW.status, current_setting('application_name'));
       RETURN NEW;
     END $$`,
  );
  await h.ds.query(
    `CREATE TRIGGER rel_note_move AFTER UPDATE OF status ON deliveries FOR EACH ROW
      WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION rel_note_move()`,
  );
});

it('two worker processes on one database: every delivery sent exactly once', async () => {
  const { h, teams, people } = s;
  const recipients = await Promise.all(
    TENANTS.map((tenant, i) => h.addUsers(tenant, people[i]!.slice(0, 500))),
  );
  // Both polling before the first row is accepted: they compete for every row from the start,
  // however long either took to boot.
  const workers = [startWorker(h, 'one', WORKER_ENV), startWorker(h, 'two', WORKER_ENV)];
  await waitFor(
    'both workers running',
    () => workers.every((w) => w.output().includes('delivery worker running')),
    { timeoutMs: 60_000, watch: workers, describe: () => workers.map((w) => w.output()).join('\n') },
  );
  let accepted = 0;
  for (const n of [1, 2]) {
    for (const [i, tenant] of TENANTS.entries()) {
      await accept(h, tenant, `pair-${n}`, marker(`pair ${tenant}`, n), recipients[i]!);
      accepted += recipients[i]!.length;
    }
  }
  await waitForSent(h, TENANTS, (sent) => sent === accepted, {
    what: 'every delivery sent',
    watch: workers,
    timeoutMs: 90_000,
  });

  const moves: { app: string; status: string; n: number }[] = await h.ds.query(
    `SELECT app, status, count(*)::int AS n FROM rel_moves GROUP BY app, status ORDER BY app, status`,
  );
  const by = (app: string, status: string) => moves.find((m) => m.app === app && m.status === status)?.n ?? 0;
  const t = await tally(h, { tenants: TENANTS, teams, expected: (r) => r.status === 'sent' });
  report(
    'two-workers',
    t,
    `${TENANTS.length} workspaces; claimed/sent by rel-one ${by('rel-one', 'sending')}/${by('rel-one', 'sent')}, ` +
      `by rel-two ${by('rel-two', 'sending')}/${by('rel-two', 'sent')}`,
  );
  expectNoneLost(t, accepted);
  expect(t.duplicates).toBe(0);
  expect(t.messages).toBe(accepted);
  expect(t.okCalls).toBe(accepted);
  // Claimed once each: a second claim (a lease run out and taken over) would show in attempts.
  expect(t.rows.filter((r) => r.attempts !== 1)).toEqual([]);
  // Both processes did real work, and each row was marked sent once, by the process that claimed it.
  expect(by('rel-one', 'sent')).toBeGreaterThan(0);
  expect(by('rel-two', 'sent')).toBeGreaterThan(0);
  expect(by('rel-one', 'sent') + by('rel-two', 'sent')).toBe(accepted);
  const crossed: unknown[] = await h.ds
    .query(
      `SELECT s.delivery_id, s.app AS sent_by,
            (SELECT c.app FROM rel_moves c
              WHERE c.delivery_id = s.delivery_id AND c.status = 'sending' AND c.seq < s.seq
              ORDER BY c.seq DESC LIMIT 1) AS claimed_by
       FROM rel_moves s WHERE s.status = 'sent'`,
    )
    .then((rows: { sent_by: string; claimed_by: string }[]) =>
      rows.filter((r) => r.sent_by !== r.claimed_by),
    );
  expect(crossed).toEqual([]);
  for (const w of workers) expectRunningWithoutErrors(w);
});

import { CLIENT_ID } from '../integration/delivery/harness';
import {
  accept,
  expectDuplicatesAtMost,
  expectNoneLost,
  marker,
  notification,
  report,
  setUpScenario,
  startWorker,
  statusCounts,
  tally,
  waitForFinal,
  waitForSent,
} from './support';

/**
 * Scenario 4: the app is uninstalled from the workspace while a worker process is sending 300 DMs.
 * As with real Slack, two things happen: the sandbox revokes every token of the install (from
 * then on `chat.postMessage` answers `token_revoked`), and the app hears `app_uninstalled` — here
 * by calling the Revocation handler the Events API listener calls, which marks the stored
 * installation revoked. The worker may learn of it either way first.
 *
 * It proves: deliveries sent before stay sent; posts already in flight fail with `token_revoked`
 * (at most DELIVERY_TENANT_IN_FLIGHT of them); every other delivery becomes `skipped`/`not_connected`;
 * nothing stays queued or sending; no post leaves once the queue is stopped (none retried forever);
 * and a notification accepted afterwards is skipped at accept, never queued.
 */
const T = 'rel-revoke';
const CONCURRENCY = 8;
const TENANT_IN_FLIGHT = 2;
const RECIPIENTS = 300;
const s = setUpScenario([{ tenant: T, members: 500, seed: 54 }]);

it('token revoked mid-run: the rest are skipped/not_connected, none retried forever, none lost', async () => {
  const { h } = s;
  const [team] = s.teams;
  const [people] = s.people;
  const ids = await h.addUsers(T, people.slice(0, RECIPIENTS));
  await accept(h, T, 'revoke-1', marker('revoke', 1), ids);
  const worker = startWorker(h, 'worker', {
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
    DELIVERY_TENANT_IN_FLIGHT: String(TENANT_IN_FLIGHT),
    DELIVERY_LEASE_MS: '60000',
    // 100/s: three seconds of sending, so the uninstall lands in the middle.
    DELIVERY_WORKSPACE_PER_MINUTE: '6000',
  });
  await waitForSent(h, [T], (sent) => sent >= 50, { what: '50 sent', watch: [worker] });
  const atRevoke = await statusCounts(h, [T]);
  const revokedAt = Date.now();
  h.sb.uninstallApp(team, CLIENT_ID);
  await h.connect.revocation.onAppUninstalled(team);

  await waitForFinal(h, [T], { what: 'nothing queued or sending', watch: [worker] });
  // Accepted after the uninstall: skipped at once (not_connected), never queued.
  const after = await h.notify(T, notification('revoke-2', marker('revoke', 2), ids.slice(0, 20)));
  // Some poll rounds of the worker: a queue that was not really stopped would post again.
  const postsAt = h.sb.calls({ method: 'chat.postMessage', teamId: team }).length;
  await new Promise((r) => setTimeout(r, 500));
  const postsLater = h.sb.calls({ method: 'chat.postMessage', teamId: team }).length;

  const refused = h.sb
    .calls({ method: 'chat.postMessage', teamId: team, since: revokedAt })
    .filter((c) => !c.ok);
  const t = await tally(h, {
    tenants: [T],
    teams: [team],
    expected: (r) =>
      r.status === 'sent' ||
      (r.status === 'failed' && r.reason === 'token_revoked') ||
      (r.status === 'skipped' && r.reason === 'not_connected'),
  });
  report(
    'token-revoked',
    t,
    `revoked at ${atRevoke.sent ?? 0} sent, ${refused.length} posts refused after it, ` +
      `accept afterwards ${after.status} ${after.body?.deliveries?.[0]?.status}/${after.body?.deliveries?.[0]?.reason}`,
  );
  expectNoneLost(t, RECIPIENTS + 20);
  expect(t.sent).toBeGreaterThanOrEqual(atRevoke.sent ?? 0);
  // Each post Slack refused failed its delivery for good: one refused post per failed delivery,
  // never a second one for the same recipient.
  for (const c of refused) expect(c.error).toBe('token_revoked');
  expect(refused.length).toBe(t.failed);
  expect(new Set(refused.map((c) => c.channel)).size).toBe(refused.length);
  // Only the posts already leaving when Slack refused the token meet it (at most the tenant's
  // posts in flight): deliveries waiting for a post slot look at the tenant again and skip.
  expect(t.failed).toBeLessThanOrEqual(TENANT_IN_FLIGHT);
  expect(t.sent + t.failed + t.skipped).toBe(t.accepted);
  expect(postsLater).toBe(postsAt);
  expect(after.status).toBe(202);
  expect(after.body.deliveries.every((d: { status: string }) => d.status === 'skipped')).toBe(true);
  expectDuplicatesAtMost(t, 0);
  expect(worker.exit).toBeUndefined();
  expect(await h.connect.tokens.botTokenForTenant(T)).toBeNull();
});

import { DEFAULT_PACE } from '../../../src/domain/pace';
import { content, type Harness, startHarness } from './harness';

/**
 * The configured pace in real time (issue 15): the delivery worker with its production defaults
 * (270 posts a minute per workspace, 1 s horizon, 250 ms poll, 8 posts in flight) against the
 * sandbox's default limits, on the wall clock. A time-scaled run once hid a 6x slowdown here, so
 * nothing in this file is scaled.
 */
let h: Harness;
const interval = 60_000 / DEFAULT_PACE.workspacePerMinute;

beforeAll(async () => {
  h = await startHarness({
    delivery: {
      pollMs: 250,
      horizonMs: 1000,
      pace: { ...DEFAULT_PACE },
      backoff: { baseMs: 2000, maxMs: 60_000 },
    },
  });
}, 30_000);
afterAll(() => h.stop());

/** Posts per second between the first and the last successful post of a workspace. */
function pace(teamId: string, since: number): { ok: number; perSecond: number; limited: number } {
  const calls = h.sb.calls({ method: 'chat.postMessage', teamId, since });
  const ok = calls.filter((c) => c.ok);
  const span = (ok.at(-1)!.at - ok[0]!.at) / 1000;
  return {
    ok: ok.length,
    perSecond: (ok.length - 1) / span,
    limited: calls.filter((c) => c.status === 429).length,
  };
}

const configured = 1000 / interval;

/** Resolves once a workspace has `count` successful posts since `since`. */
async function waitForPosts(teamId: string, since: number, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (h.sb.calls({ method: 'chat.postMessage', teamId, since }).filter((c) => c.ok).length < count) {
    if (Date.now() > deadline)
      throw new Error(`fewer than ${count} posts to ${teamId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('delivery at the real, default pace', () => {
  it('sends 40 DMs to one workspace at >= 0.85 of 270 a minute, without a 429', async () => {
    const { teamId, people } = await h.connectTenant('pace-one', { members: 70, seed: 61 });
    const ids = await h.addUsers('pace-one', people.slice(0, 40));
    const since = Date.now();
    const res = await h.notify('pace-one', {
      idempotency_key: 'pace',
      type: 'reminder',
      recipient_user_ids: ids,
      content: content('Pace one'),
    });
    const done = await h.waitDone('pace-one', res.body.notification_id, 30_000);
    expect(done.counts.sent).toBe(40);
    const measured = pace(teamId, since);
    expect(measured.limited).toBe(0);
    expect(measured.perSecond / configured).toBeGreaterThanOrEqual(0.85);
    // Never much faster than configured either: first to last post over 39 slots reads a little
    // fast when the first post left late (a loaded machine: 1.105 once), never more.
    expect(measured.perSecond / configured).toBeLessThanOrEqual(1.15);
  }, 40_000);

  it('paces three workspaces at once, each at >= 0.85 of its own pace', async () => {
    const tenants = ['pace-a', 'pace-b', 'pace-c'];
    const teams: string[] = [];
    const since = Date.now();
    const sent: Array<Promise<unknown>> = [];
    for (const [i, t] of tenants.entries()) {
      const { teamId, people } = await h.connectTenant(t, { members: 50, seed: 70 + i });
      teams.push(teamId);
      const ids = await h.addUsers(t, people.slice(0, 25));
      const res = await h.notify(t, {
        idempotency_key: 'pace',
        type: 'reminder',
        recipient_user_ids: ids,
        content: content(`Pace ${t}`),
      });
      sent.push(h.waitDone(t, res.body.notification_id, 30_000));
    }
    for (const done of (await Promise.all(sent)) as Array<{ counts: { sent: number } }>) {
      expect(done.counts.sent).toBe(25);
    }
    for (const team of teams) expect(pace(team, since).perSecond / configured).toBeGreaterThanOrEqual(0.85);
  }, 40_000);

  it('a DM to another workspace leaves within ~1 s while one workspace drains a backlog', async () => {
    const big = await h.connectTenant('backlog', { members: 300, seed: 81 });
    const ids = await h.addUsers('backlog', big.people.slice(0, 200));
    const small = await h.connectTenant('single', { members: 10, seed: 82 });
    await h.addUsers('single', small.people.slice(0, 1));
    const start = Date.now();
    await h.notify('backlog', {
      idempotency_key: 'backlog',
      type: 'reminder',
      recipient_user_ids: ids,
      content: content('Backlog'),
    });
    // The backlog is draining: wait for its posts rather than for a fixed time, so a slow start
    // on a loaded machine cannot leave the window below without posts (it once read NaN).
    await waitForPosts(big.teamId, start, 6, 15_000);
    const at = Date.now();
    const res = await h.notify('single', {
      idempotency_key: 'single',
      type: 'invite',
      recipient_user_ids: ['u0'],
      content: content('Single'),
    });
    const done = await h.waitDone('single', res.body.notification_id, 10_000);
    expect(done.deliveries[0].status).toBe('sent');
    const post = h.sb
      .calls({ method: 'chat.postMessage', teamId: small.teamId, since: at })
      .find((c) => c.ok)!;
    expect(post.at - at).toBeLessThan(1200);
    // The backlog kept its pace meanwhile (it is not finished: 200 take ~44 s), measured from its
    // first post until at least 3 s after the other workspace's DM was asked for.
    await new Promise((r) => setTimeout(r, Math.max(0, at + 3000 - Date.now())));
    const backlog = pace(big.teamId, start);
    expect(backlog.ok).toBeGreaterThanOrEqual(10);
    expect(backlog.limited).toBe(0);
    expect(backlog.perSecond / configured).toBeGreaterThanOrEqual(0.85);
  }, 40_000);
});

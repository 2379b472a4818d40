import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { content, type Harness, type Person, startHarness } from './harness';

/**
 * Durability and scale-out with real processes: worker-main.js (built by `npm run build`) as child
 * processes on this test's schema, the sandbox in this process. SIGKILL in the middle of 2,000
 * deliveries loses none and duplicates at most the posts in flight; two workers on one database
 * send nothing twice; SIGKILL in the middle of 500 edits of sent DMs (issue 20) loses none.
 */
const WORKER = join(__dirname, '../../../dist/src/worker-main.js');
const IN_FLIGHT = 4;
let h: Harness;
let people: Person[];
let ids: string[];
const T = 'crash';
const children = new Set<ChildProcess>();

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [WORKER], {
    env: {
      ...h.workerEnv(),
      DELIVERY_CONCURRENCY: '16',
      DELIVERY_TENANT_IN_FLIGHT: String(IN_FLIGHT),
      DELIVERY_LEASE_MS: '1500',
      DELIVERY_POLL_MS: '20',
      DELIVERY_WORKSPACE_PER_MINUTE: '1000000',
      DELIVERY_CHANNEL_INTERVAL_MS: '0',
      DELIVERY_UPDATES_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function sentCount(): Promise<number> {
  const rows = await h.ds.query(
    `SELECT count(*)::int AS n FROM deliveries WHERE tenant_id = $1 AND status = 'sent'`,
    [T],
  );
  return rows[0].n;
}

async function waitFor(what: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Messages the sandbox stored beyond one per (DM channel, title): the duplicates. */
function duplicates(team: string, titles: string[]): { total: number; duplicates: number } {
  const seen = new Map<string, number>();
  let total = 0;
  for (const m of h.sb.messages({ teamId: team })) {
    const title = titles.find((t) => m.text.includes(t));
    if (!title) continue;
    total += 1;
    const key = `${m.channel}|${title}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return { total, duplicates: [...seen.values()].reduce((sum, n) => sum + n - 1, 0) };
}

let team: string;
beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first`);
  h = await startHarness({ worker: false });
  h.sb.setRateLimits({
    'chat.postMessage': { perMinute: 1_000_000, burst: 10_000 },
    'chat.postMessage#workspace': { perMinute: 1_000_000, burst: 10_000 },
  });
  ({ teamId: team, people } = await h.connectTenant(T, { members: 800, seed: 51 }));
  ids = await h.addUsers(T, people.slice(0, 500));
}, 30_000);
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await h.stop();
});

async function notify(key: string, title: string): Promise<void> {
  const res = await h.notify(T, {
    idempotency_key: key,
    type: 'reminder',
    recipient_user_ids: ids,
    content: content(title),
  });
  expect(res.status).toBe(202);
}

describe('worker processes', () => {
  it('SIGKILL in the middle of 2,000 deliveries: after a restart every one is sent, duplicates at most in flight', async () => {
    const titles = ['Crash one', 'Crash two', 'Crash three', 'Crash four'];
    for (const [i, title] of titles.entries()) await notify(`crash-${i}`, title);
    const first = startWorker();
    await waitFor(async () => (await sentCount()) >= 400, 40_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await sentCount();
    expect(atKill).toBeLessThan(2000);
    startWorker();
    await waitFor(async () => (await sentCount()) === 2000, 80_000);
    const { total, duplicates: dups } = duplicates(team, titles);
    expect(dups).toBeLessThanOrEqual(IN_FLIGHT);
    expect(total).toBe(2000 + dups);
  }, 150_000);

  it('two worker processes on one database send nothing twice', async () => {
    for (const c of children) c.kill('SIGTERM');
    await waitFor(async () => children.size === 0, 10_000);
    const titles = ['Pair one', 'Pair two'];
    for (const [i, title] of titles.entries()) await notify(`pair-${i}`, title);
    startWorker();
    startWorker();
    await waitFor(async () => (await sentCount()) === 3000, 60_000);
    expect(duplicates(team, titles)).toEqual({ total: 1000, duplicates: 0 });
  }, 90_000);

  it('SIGKILL in the middle of 500 edits: after a restart every DM shows the change', async () => {
    for (const c of children) c.kill('SIGTERM');
    await waitFor(async () => children.size === 0, 10_000);
    h.sb.setRateLimits({ 'chat.update': { perMinute: 1_000_000, burst: 10_000 } });
    // Slack answers each edit 50 ms late, so the kill lands in the middle.
    h.sb.injectFault({ method: 'chat.update', teamId: team, count: 2000, fault: { delayMs: 50 } });
    const [{ id }] = await h.ds.query(
      `SELECT id FROM notifications WHERE tenant_id = $1 AND idempotency_key = 'pair-0'`,
      [T],
    );
    const change = await h.call('PATCH', `/internal/v1/tenants/${T}/notifications/${id}`, {
      change_key: 'crash-edit',
      content: content('Pair moved'),
      notify: false,
    });
    expect(change.status).toBe(202);
    const updated = async (): Promise<number> =>
      (
        await h.ds.query(
          `SELECT count(*)::int AS n FROM deliveries WHERE notification_id = $1 AND revision_status = 'updated'`,
          [id],
        )
      )[0].n;
    const first = startWorker();
    await waitFor(async () => (await updated()) >= 50, 40_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(await updated()).toBeLessThan(500);
    startWorker();
    await waitFor(async () => (await updated()) === 500, 60_000);
    const rows: Array<{ channel: string; ts: string }> = await h.ds.query(
      `SELECT channel, ts FROM deliveries WHERE notification_id = $1`,
      [id],
    );
    expect(rows).toHaveLength(500);
    for (const r of rows) {
      const m = h.sb.messages({ teamId: team, channel: r.channel }).find((x) => x.ts === r.ts);
      expect(m?.text).toContain('Pair moved');
    }
  }, 120_000);
});

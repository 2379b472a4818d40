import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Harness, type Person, startHarness } from './harness';

/**
 * A real restart while deliveries are scheduled (issue 21): a worker process (dist/src/worker-main.js,
 * the real clock) holds invites for a window that opens at the next whole minute, is SIGKILLed, and
 * a new worker process sends them when the window opens — none lost, none early, none twice.
 */
const WORKER = join(__dirname, '../../../dist/src/worker-main.js');
let h: Harness;
let people: Person[];
let ids: string[];
let team: string;
const T = 'tcrash';
const children = new Set<ChildProcess>();

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...h.workerEnv(), DELIVERY_POLL_MS: '50', DELIVERY_WORKSPACE_PER_MINUTE: '600000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first`);
  h = await startHarness({ worker: false });
  ({ teamId: team, people } = await h.connectTenant(T, { members: 40, seed: 12 }));
  ids = await h.addUsers(T, people.slice(0, 10));
}, 30_000);
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await h.stop();
});

const counts = async () => {
  const rows: Array<{ status: string; held: boolean; n: number }> = await h.ds.query(
    `SELECT status, scheduled_for IS NOT NULL AS held, count(*)::int AS n
       FROM deliveries WHERE tenant_id = $1 GROUP BY 1, 2`,
    [T],
  );
  return rows;
};
const n = async (status: string, held?: boolean) =>
  (await counts())
    .filter((r) => r.status === status && (held === undefined || r.held === held))
    .reduce((s, r) => s + r.n, 0);
async function waitFor(what: () => Promise<boolean>, timeoutMs: number, label: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out: ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('SIGKILL while scheduled: a new worker process sends every one when the window opens, not before', async () => {
  let opens = Math.ceil(Date.now() / 60_000) * 60_000;
  if (opens - Date.now() < 8_000) opens += 60_000;
  const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
  const end = opens + 2 * 3600_000;
  await h.tenants.updateSettings(T, {
    sendWindow: {
      start: hhmm(opens),
      end: new Date(end).getUTCDate() === new Date(opens).getUTCDate() ? hhmm(end) : '23:59',
      days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      types: ['invite'],
    },
    defaultTimeZone: 'UTC',
  });
  const first = startWorker();
  const res = await h.notify(T, {
    idempotency_key: 'crash-window',
    type: 'invite',
    recipient_user_ids: ids,
    content: { id: 'evt-cw', title: 'Held through a crash' },
  });
  expect(res.status).toBe(202);
  // Members have no cached directory here: the tenant's default zone (UTC) is theirs.
  await waitFor(async () => (await n('queued', true)) === ids.length, 15_000, 'all held');
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  expect(Date.now()).toBeLessThan(opens);
  expect(await n('sent')).toBe(0);

  startWorker();
  await waitFor(async () => (await n('sent')) === ids.length, opens - Date.now() + 20_000, 'all sent');
  const sentAt: Array<{ at: Date }> = await h.ds.query(
    `SELECT min(updated_at) AS at FROM deliveries WHERE tenant_id = $1`,
    [T],
  );
  expect(sentAt[0]!.at.getTime()).toBeGreaterThanOrEqual(opens);
  const dms = h.sb.messages({ teamId: team }).filter((m) => m.text.includes('Held through a crash'));
  expect(dms).toHaveLength(ids.length);
  expect(new Set(dms.map((m) => m.channel)).size).toBe(ids.length);
  for (const m of dms) expect((Math.floor(Number(m.ts)) + 1) * 1000).toBeGreaterThanOrEqual(opens);
}, 120_000);

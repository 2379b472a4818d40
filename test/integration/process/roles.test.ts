import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { signedHeaders } from '../../../src/internal-api/signature';
import { MIGRATIONS } from '../../../src/persistence/migrations';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { type AppProcess, spawnApp } from '../../support/process';
import { content, type Harness, startHarness } from '../delivery/harness';

/**
 * Process roles and health (issue 18 item 4, design §2): `node dist/src/main.js` with ROLE=all, web
 * or worker against a real database; every role answers /healthz, /readyz and /metrics; a process
 * started with MIGRATE_ON_START=false before the migrations is not ready until `npm run migrate`
 * has run; ROLE=web sends nothing, ROLE=worker does. Spawns the built JavaScript (`npm run build`).
 */
jest.setTimeout(120_000);

const MIGRATE_JS = join(__dirname, '../../../dist/src/cli/migrate.js');
const SECRET = 'roles-test-plusplus-signing-secret-0123';
const processes: AppProcess[] = [];

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
});

interface Started {
  app: AppProcess;
  /** The Slack-facing port, null for a worker. */
  slackPort: number | null;
  internalPort: number;
}

async function start(env: Record<string, string>): Promise<Started> {
  const app = spawnApp({ PORT: '0', INTERNAL_PORT: '0', LOG_LEVEL: 'info', ...env });
  processes.push(app);
  const ready = await app.waitForLog('PlusPlus for Slack is running', 60_000);
  expect(ready.role).toBe(env.ROLE ?? 'all');
  return {
    app,
    slackPort: ready.port === null ? null : Number(ready.port),
    internalPort: Number(String(ready.internal).split(':').pop()),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers
async function get(port: number, path: string): Promise<{ status: number; body: any; type: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: type.includes('json') ? JSON.parse(text) : text, type };
}

async function stop(p: Started): Promise<number | null> {
  p.app.child.kill('SIGTERM');
  return (await p.app.exited).code;
}

/** Waits until the process has logged `msg` (whether before or after this call). */
async function logged(p: Started, msg: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!p.app.stdout().includes(`"msg":"${msg}"`)) {
    if (Date.now() > end) throw new Error(`no "${msg}" within ${timeoutMs} ms:\n${p.app.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every port a process of this role serves health on: the internal one, and the Slack one if any. */
const healthPorts = (p: Started) => [p.internalPort, ...(p.slackPort === null ? [] : [p.slackPort])];

describe('on a migrated database', () => {
  let h: Harness;
  let env: Record<string, string>;
  beforeAll(async () => {
    h = await startHarness({ worker: false });
    env = { ...h.workerEnv(), PLUSPLUS_SIGNING_SECRET: SECRET, LOG_LEVEL: 'info' };
  });
  afterAll(async () => {
    await h.stop();
  });

  it.each(['all', 'web', 'worker'])('ROLE=%s answers /healthz, /readyz and /metrics', async (role) => {
    const p = await start({ ...env, ROLE: role });
    // A worker has no Slack-facing server; the others serve health on both.
    expect(p.slackPort === null).toBe(role === 'worker');
    for (const port of healthPorts(p)) {
      expect(await get(port, '/healthz')).toMatchObject({
        status: 200,
        body: { status: 'ok', database: 'ok' },
      });
      expect(await get(port, '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    }
    const metrics = await get(p.internalPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    // The worker's server is health and metrics only: the internal API is not there.
    if (role === 'worker') expect((await get(p.internalPort, '/internal/v1/openapi.json')).status).toBe(404);
    expect(p.app.stdout().includes('"msg":"delivery worker running"')).toBe(role !== 'web');
    expect(await stop(p)).toBe(0);
  });

  it('ROLE=web accepts a notification and sends nothing; ROLE=worker sends it', async () => {
    const { people, teamId } = await h.connectTenant('roles');
    const ids = await h.addUsers('roles', people.slice(0, 2));
    const web = await start({ ...env, ROLE: 'web' });
    const internal = `http://127.0.0.1:${web.internalPort}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const raw = body === undefined ? '' : JSON.stringify(body);
      const headers = signedHeaders(SECRET, method, internal + path, raw);
      if (raw) headers['Content-Type'] = 'application/json';
      const res = await fetch(internal + path, { method, headers, body: raw || undefined });
      // biome-ignore lint/suspicious/noExplicitAny: JSON answers
      return { status: res.status, body: (await res.json()) as any };
    };
    const accepted = await call('POST', '/internal/v1/tenants/roles/notifications', {
      idempotency_key: 'roles-1',
      type: 'reminder',
      recipient_user_ids: ids,
      content: content('Roles'),
    });
    expect(accepted.status).toBe(202);
    const path = `/internal/v1/tenants/roles/notifications/${accepted.body.notification_id}`;

    // Well past a delivery poll: a web process has no worker, so the deliveries stay queued.
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = await call('GET', path);
    expect(waiting.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['queued', 'queued']);
    expect(h.sb.messages({ teamId })).toHaveLength(0);

    const worker = await start({
      ...env,
      ROLE: 'worker',
      DELIVERY_POLL_MS: '20',
      DELIVERY_CHANNEL_INTERVAL_MS: '0',
    });
    const done = await h.waitDone('roles', accepted.body.notification_id, 30_000);
    expect(done.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);
    // The worker's metrics answer after it sent.
    expect((await get(worker.internalPort, '/metrics')).status).toBe(200);
    expect(await stop(worker)).toBe(0);
    expect(await stop(web)).toBe(0);
  });
});

describe('MIGRATE_ON_START=false before the migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('roles_pending');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('every role answers /readyz 503 with the reason until `npm run migrate`, then 200; workers start then', async () => {
    const env = {
      DATABASE_URL: db.url,
      SLACK_CLIENT_ID: '1.1',
      SLACK_CLIENT_SECRET: 'client-secret-0123',
      SLACK_SIGNING_SECRET: 'signing-secret-0123',
      PLUSPLUS_SIGNING_SECRET: SECRET,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      MIGRATE_ON_START: 'false',
    };
    const started = await Promise.all(['all', 'web', 'worker'].map((ROLE) => start({ ...env, ROLE })));
    for (const p of started) {
      for (const port of healthPorts(p)) {
        // Alive, but not ready.
        expect((await get(port, '/healthz')).status).toBe(200);
        expect(await get(port, '/readyz')).toEqual({
          status: 503,
          type: expect.stringContaining('application/json'),
          body: {
            status: 'not_ready',
            reason: 'migrations_pending',
            message: expect.stringContaining('npm run migrate'),
            pending: MIGRATIONS.map((m) => m.name),
          },
        });
      }
      // Nothing pending was applied, and no worker polls tables that are not there.
      expect(p.app.stdout()).not.toContain('"msg":"database migrations applied"');
      expect(p.app.stdout()).not.toContain('"msg":"delivery worker running"');
    }

    // `npm run migrate` is `node dist/src/cli/migrate.js` once built.
    const migrate = spawn(process.execPath, [MIGRATE_JS, 'up'], {
      env: { PATH: process.env.PATH, DATABASE_URL: db.url },
      stdio: 'ignore',
    });
    expect(await new Promise((r) => migrate.on('exit', r))).toBe(0);

    for (const p of started) {
      for (const port of healthPorts(p)) {
        expect(await get(port, '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
      }
    }
    // The all and worker processes start their workers at their next readiness check (5 s).
    const [all, web, worker] = started as [Started, Started, Started];
    await Promise.all([all, worker].map((p) => logged(p, 'delivery worker running', 15_000)));
    expect(web.app.stdout()).not.toContain('"msg":"delivery worker running"');
    expect(await Promise.all(started.map(stop))).toEqual([0, 0, 0]);
  });
});

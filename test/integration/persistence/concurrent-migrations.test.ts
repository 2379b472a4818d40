import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDataSource } from '../../../src/persistence/data-source';
import { openDatabase } from '../../../src/persistence/database';
import { MIGRATIONS } from '../../../src/persistence/migrations';
import { schemaDrift } from '../../../src/persistence/schema-drift';
import { createTestDatabase, type TestDatabase, withClient } from '../../support/database';
import { spawnApp } from '../../support/process';
import { capturingLogger } from '../../support/services';

/**
 * Migrations under the advisory lock (issue 18 item 3): several processes starting at once on a
 * fresh database all succeed (before the lock, three of four `migrate up` exited 1 with
 * `duplicate key … pg_type_typname_nsp_index`), and MIGRATE_ON_START=false changes nothing.
 * Spawns the built JavaScript (`npm run build` first).
 */
jest.setTimeout(120_000);

const DIST = join(__dirname, '../../../dist/src');
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

async function freshDatabase(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  dbs.push(db);
  return db;
}

const productionEnv = (db: TestDatabase) => ({
  DATABASE_URL: db.url,
  SLACK_CLIENT_ID: '1.1',
  SLACK_CLIENT_SECRET: 'client-secret-0123',
  SLACK_SIGNING_SECRET: 'signing-secret-0123',
  PLUSPLUS_SIGNING_SECRET: 'plusplus-signing-secret-0123456789',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'info',
});

function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(DIST, script), ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

async function appliedNames(db: TestDatabase): Promise<string[]> {
  return withClient(db.url, (c) => c.query('SELECT name FROM migrations ORDER BY id')).then((r) =>
    r.rows.map((row: { name: string }) => row.name),
  );
}

async function expectFullyMigrated(db: TestDatabase) {
  expect(await appliedNames(db)).toEqual(MIGRATIONS.map((m) => m.name));
  const ds = createDataSource({ url: db.url, poolSize: 1 });
  await ds.initialize();
  try {
    expect(await schemaDrift(ds)).toEqual([]);
  } finally {
    await ds.destroy();
  }
}

it('four `migrate up` processes at once on a fresh database: all exit 0, one applies', async () => {
  const db = await freshDatabase('concurrent_cli');
  const results = await Promise.all(
    Array.from({ length: 4 }, () => run('cli/migrate.js', ['up'], { DATABASE_URL: db.url })),
  );
  expect(results.map((r) => [r.code, r.stderr.replace(/another process is migrating.*\n/g, '')])).toEqual(
    Array.from({ length: 4 }, () => [0, '']),
  );
  expect(results.filter((r) => r.stdout.startsWith('applied: '))).toHaveLength(1);
  expect(results.filter((r) => r.stdout === 'up to date\n')).toHaveLength(3);
  await expectFullyMigrated(db);
});

it('two apps and two delivery workers starting at once on a fresh database all start', async () => {
  const db = await freshDatabase('concurrent_start');
  const env = productionEnv(db);
  const apps = [0, 1].map(() => spawnApp({ ...env, PORT: '0', INTERNAL_PORT: '0' }));
  const workers = [0, 1].map(() => spawnApp({ ...env, INTERNAL_PORT: '0' }, join(DIST, 'worker-main.js')));
  try {
    await Promise.all([
      ...apps.map((a) => a.waitForLog('PlusPlus for Slack is running', 60_000)),
      ...workers.map((w) => w.waitForLog('delivery worker running', 60_000)),
    ]);
    const started = [...apps, ...workers].map((p) => p.stdout());
    // Exactly one process applied the migrations; the others found nothing pending.
    expect(started.filter((out) => out.includes('"msg":"database migrations applied"'))).toHaveLength(1);
    await expectFullyMigrated(db);
  } finally {
    for (const p of [...apps, ...workers]) p.child.kill('SIGTERM');
    const exits = await Promise.all([...apps, ...workers].map((p) => p.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0, 0]);
  }
});

it('MIGRATE_ON_START=false: nothing is created, pending migrations are logged; `migrate up` then applies them', async () => {
  const db = await freshDatabase('no_migrate');
  const { logger, logText } = capturingLogger('info');
  const opened = await openDatabase({
    databaseUrl: db.url,
    dataDir: '/nonexistent',
    logger,
    migrate: 'check',
  });
  await opened.close();
  const tables = await withClient(db.url, (c) =>
    c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [db.schema]),
  );
  expect(tables.rows).toEqual([]);
  const warning = JSON.parse(logText().trim().split('\n').at(-1)!);
  expect(warning).toMatchObject({
    level: 40,
    msg: expect.stringContaining('database migrations are pending and MIGRATE_ON_START=false'),
    pending: MIGRATIONS.map((m) => m.name),
  });

  expect((await run('cli/migrate.js', ['up'], { DATABASE_URL: db.url })).code).toBe(0);
  const again = capturingLogger('info');
  await (
    await openDatabase({
      databaseUrl: db.url,
      dataDir: '/nonexistent',
      logger: again.logger,
      migrate: 'check',
    })
  ).close();
  expect(again.logText()).not.toContain('pending');
  await expectFullyMigrated(db);
});

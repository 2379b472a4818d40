import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { rekeyTokens } from '../../../src/persistence/rekey-tokens';
import { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import { keyId, TokenCipher } from '../../../src/platform/token-cipher';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { legacyV1 } from '../../support/legacy-cipher';

/**
 * Key rotation (issue 18 item 7): with TOKEN_ENCRYPTION_KEY set to a new key and
 * TOKEN_ENCRYPTION_KEY_PREVIOUS to the old one, `npm run migrate -- rekey` re-encrypts every stored
 * token with the new key in batches (resumable), changes nothing the second time (idempotent), and
 * reports the rows no known key decrypts. Real PostgreSQL; the CLI test spawns dist (build first).
 */
const OLD = randomBytes(32);
const NEW = randomBytes(32);
const STRANGER = randomBytes(32);
const rotated = new TokenCipher(NEW, [OLD]);
const onlyNew = new TokenCipher(NEW);

let db: TestDatabase;
let ds: DataSource;
beforeEach(async () => {
  db = await createTestDatabase('rekey');
  ds = createDataSource({ url: db.url, poolSize: 2 });
  await ds.initialize();
  await migrate(ds);
});
afterEach(async () => {
  await ds.destroy();
  await db.drop();
});

interface Seeded {
  id: string;
  teamId: string;
  bot: string;
  refresh: string | null;
}

/** One installation per row, its tokens encrypted as `encrypt` says (or erased when revoked). */
async function seed(
  n: number,
  encrypt: (plain: string, teamId: string) => string,
  o: { refresh?: boolean; revoked?: boolean } = {},
): Promise<Seeded[]> {
  const rows: Seeded[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
    const row = { id, teamId, bot: `xoxb-${teamId}-${i}`, refresh: o.refresh ? `xoxe-1-${teamId}` : null };
    await ds.query(`INSERT INTO tenants (id) VALUES ($1)`, [`t-${id}`]);
    await ds.query(
      `INSERT INTO slack_installations
         (id, tenant_id, team_id, bot_user_id, bot_token_encrypted, bot_refresh_token_encrypted, installed_at, revoked_at)
       VALUES ($1, $2, $3, 'UBOT', $4, $5, now(), $6)`,
      [
        id,
        `t-${id}`,
        teamId,
        o.revoked ? null : encrypt(row.bot, teamId),
        o.revoked || !row.refresh ? null : encrypt(row.refresh, teamId),
        o.revoked ? new Date() : null,
      ],
    );
    rows.push(row);
  }
  return rows;
}

async function stored(): Promise<
  Map<string, { bot: string | null; refresh: string | null; teamId: string }>
> {
  const rows = await ds.query(
    `SELECT id, team_id, bot_token_encrypted, bot_refresh_token_encrypted FROM slack_installations`,
  );
  return new Map(
    rows.map((r: Record<string, string | null>) => [
      r.id,
      { bot: r.bot_token_encrypted, refresh: r.bot_refresh_token_encrypted, teamId: r.team_id! },
    ]),
  );
}

const oldV2 = (plain: string, team: string) => new TokenCipher(OLD).encrypt(plain, team);
const oldV1 = (plain: string, team: string) => legacyV1(OLD, plain, team);
const newV1 = (plain: string, team: string) => legacyV1(NEW, plain, team);
const current = (plain: string, team: string) => onlyNew.encrypt(plain, team);

it('re-encrypts every token with the new key, in batches, and a second run changes nothing', async () => {
  const old = [
    ...(await seed(4, oldV2, { refresh: true })),
    ...(await seed(3, oldV1)),
    ...(await seed(2, newV1, { refresh: true })),
  ];
  const already = await seed(2, current, { refresh: true });
  const revoked = await seed(1, oldV2, { revoked: true });
  const untouched = await stored();

  const batches: number[] = [];
  const result = await rekeyTokens(ds, rotated, { batchSize: 4, onBatch: (p) => batches.push(p.rekeyed) });
  expect(result).toEqual({ rekeyed: 9, failed: [], batches: 3 });
  expect(batches).toEqual([4, 8, 9]);

  const after = await stored();
  for (const row of [...old, ...already]) {
    const s = after.get(row.id)!;
    expect(s.bot!.startsWith(`v2.${keyId(NEW)}.`)).toBe(true);
    // The new key alone reads every token now: the previous key can be dropped.
    expect(onlyNew.decrypt(s.bot!, row.teamId)).toBe(row.bot);
    expect(s.refresh === null ? null : onlyNew.decrypt(s.refresh, row.teamId)).toBe(row.refresh);
  }
  // Rows already on the new key and erased (revoked) rows were not rewritten.
  for (const row of [...already, ...revoked]) expect(after.get(row.id)).toEqual(untouched.get(row.id));

  expect(await rekeyTokens(ds, rotated, { batchSize: 4 })).toEqual({ rekeyed: 0, failed: [], batches: 0 });
  expect(await stored()).toEqual(after);

  // The app's installation store reads them with the new key alone.
  const store = new PostgresInstallationStore(ds, onlyNew);
  const [first] = old;
  const installation = await store.fetchInstallation({
    teamId: first!.teamId,
    enterpriseId: undefined,
    isEnterpriseInstall: false,
  });
  expect(installation.bot?.token).toBe(first!.bot);
});

it('resumes after an interruption: finished batches stay done, the next run does the rest', async () => {
  const rows = await seed(7, oldV2, { refresh: true });
  await expect(
    rekeyTokens(ds, rotated, {
      batchSize: 3,
      onBatch: () => {
        throw new Error('killed after the first batch');
      },
    }),
  ).rejects.toThrow('killed');
  const partial = [...(await stored()).values()].filter((s) => rotated.isCurrent(s.bot!));
  expect(partial).toHaveLength(3);

  expect(await rekeyTokens(ds, rotated, { batchSize: 3 })).toMatchObject({ rekeyed: 4, failed: [] });
  const after = await stored();
  for (const row of rows) expect(onlyNew.decrypt(after.get(row.id)!.bot!, row.teamId)).toBe(row.bot);
});

it('leaves a row no known key decrypts as it is and reports its id, every time', async () => {
  const good = await seed(2, oldV2);
  const [bad] = await seed(1, (plain, team) => new TokenCipher(STRANGER).encrypt(plain, team));
  const badBefore = (await stored()).get(bad!.id);
  expect(await rekeyTokens(ds, rotated, { batchSize: 1 })).toEqual({
    rekeyed: 2,
    failed: [bad!.id],
    batches: 3,
  });
  expect(await rekeyTokens(ds, rotated)).toEqual({ rekeyed: 0, failed: [bad!.id], batches: 1 });
  const after = await stored();
  expect(after.get(bad!.id)).toEqual(badBefore);
  for (const row of good) expect(onlyNew.decrypt(after.get(row.id)!.bot!, row.teamId)).toBe(row.bot);
});

function migrateCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(__dirname, '../../../dist/src/cli/migrate.js'), ...args], {
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

it('`migrate rekey` with TOKEN_ENCRYPTION_KEY_PREVIOUS: exit 0, then nothing left; exit 1 naming an undecryptable row', async () => {
  const rows = await seed(3, oldV2, { refresh: true });
  const env = {
    DATABASE_URL: db.url,
    SLACK_CLIENT_ID: '1.1',
    SLACK_CLIENT_SECRET: 'client-secret-0123',
    SLACK_SIGNING_SECRET: 'signing-secret-0123',
    PLUSPLUS_SIGNING_SECRET: 'plusplus-signing-secret-0123456789',
    TOKEN_ENCRYPTION_KEY: NEW.toString('base64'),
    TOKEN_ENCRYPTION_KEY_PREVIOUS: OLD.toString('base64'),
  };
  const first = await migrateCli(['rekey'], env);
  expect(first).toMatchObject({ code: 0, stderr: '' });
  expect(first.stdout).toContain(`key ${keyId(NEW)}: 3 installation(s) to re-encrypt`);
  expect(first.stdout).toContain('re-encrypted 3 installation(s) in 1 batch(es)');
  const after = await stored();
  for (const row of rows) expect(onlyNew.decrypt(after.get(row.id)!.refresh!, row.teamId)).toBe(row.refresh);

  const second = await migrateCli(['rekey'], env);
  expect(second).toMatchObject({ code: 0 });
  expect(second.stdout).toContain('0 installation(s) to re-encrypt');

  // Without the previous key an old row cannot be read: reported by id (never a token), exit 1.
  const [old] = await seed(1, oldV2);
  const withoutPrevious = await migrateCli(['rekey'], { ...env, TOKEN_ENCRYPTION_KEY_PREVIOUS: '' });
  expect(withoutPrevious.code).toBe(1);
  expect(withoutPrevious.stderr).toContain(`1 installation(s) could not be decrypted`);
  expect(withoutPrevious.stderr).toContain(old!.id);
  expect(withoutPrevious.stdout + withoutPrevious.stderr).not.toMatch(/xox/);
});

import { createDataSource, migrate } from '../../../src/persistence/data-source';
import { MIGRATIONS } from '../../../src/persistence/migrations';
import { schemaDrift } from '../../../src/persistence/schema-drift';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('migrations');
});
afterAll(async () => {
  await db.drop();
});

async function tables(ds: ReturnType<typeof createDataSource>): Promise<string[]> {
  const rows: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('apply in order, match the entities, go all the way down, and up again', async () => {
    const ds = createDataSource({ url: db.url });
    await ds.initialize();
    try {
      const applied = await migrate(ds);
      expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await tables(ds)).toEqual(
        expect.arrayContaining(['tenants', 'tenant_settings', 'plusplus_users']),
      );
      // Entities and migrations agree: TypeORM would change nothing.
      expect(await schemaDrift(ds)).toEqual([]);

      await ds.query(`INSERT INTO tenants (id) VALUES ('t1')`);
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables(ds)).toEqual(['migrations']);

      expect(await migrate(ds)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await schemaDrift(ds)).toEqual([]);
      expect(await migrate(ds)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('keeps a first answer kept as parts when migration 1765400000000 is undone', async () => {
    const ds = createDataSource({ url: db.url });
    await ds.initialize();
    try {
      await migrate(ds);
      // Back to just after 1765400000000, whatever came later.
      const at = MIGRATIONS.findIndex((m) => m.name === 'AcceptedSkipReasons1765400000000');
      for (let i = MIGRATIONS.length - 1; i > at; i--) await ds.undoLastMigration({ transaction: 'each' });
      await ds.query(`INSERT INTO tenants (id) VALUES ('t3') ON CONFLICT DO NOTHING`);
      await ds.query(
        `INSERT INTO notifications (id, tenant_id, idempotency_key, request_hash, type, content, recipients, skip_reasons)
         VALUES ('00000000-0000-4000-8000-000000000001', 't3', 'k', 'h', 'invite', '{}',
                 '["u1", "u0"]', ARRAY[NULL, 'user_opted_out'])`,
      );
      await ds.undoLastMigration({ transaction: 'each' });
      const [row] = await ds.query(`SELECT accepted_response FROM notifications WHERE tenant_id = 't3'`);
      expect(row.accepted_response).toEqual({
        notification_id: '00000000-0000-4000-8000-000000000001',
        deliveries: [
          { user_id: 'u1', status: 'queued' },
          { user_id: 'u0', status: 'skipped', reason: 'user_opted_out' },
        ],
      });
      await migrate(ds);
      expect(await schemaDrift(ds)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('backfills plusplus_users.email_key for existing users as matching compares addresses', async () => {
    const ds = createDataSource({ url: db.url });
    await ds.initialize();
    try {
      await migrate(ds);
      const at = MIGRATIONS.findIndex((m) => m.name === 'UserEmailKey1765000000000');
      expect(at).toBeGreaterThan(0);
      for (let i = at; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      await ds.query(`INSERT INTO tenants (id) VALUES ('t2') ON CONFLICT DO NOTHING`);
      const records: Record<string, unknown> = {
        padded: { email: '  Grace.Hopper@Acme.example\t' },
        accent: { email: '\u00a0JOSÉ@Acme.example ' },
        number: { email: 42 },
        none: { name: 'No Email' },
        blank: { email: '   ' },
        list: { email: ['a@acme.example'] },
      };
      for (const [id, record] of Object.entries(records)) {
        await ds.query(
          `INSERT INTO plusplus_users (tenant_id, user_id, record) VALUES ('t2', $1, $2::jsonb)`,
          [id, JSON.stringify({ ...(record as object), id })],
        );
      }
      await migrate(ds);
      const rows: { user_id: string; email_key: string | null }[] = await ds.query(
        `SELECT user_id, email_key FROM plusplus_users WHERE tenant_id = 't2' ORDER BY user_id`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.user_id, r.email_key]))).toEqual({
        padded: 'grace.hopper@acme.example',
        accent: 'josé@acme.example',
        number: '42',
        none: null,
        blank: null,
        list: null,
      });
      expect(await schemaDrift(ds)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('migration names carry an epoch prefix and stay in order', () => {
    const stamps = MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(stamps.every((s) => Number.isFinite(s))).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });
});

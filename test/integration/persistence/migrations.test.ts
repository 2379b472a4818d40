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

  it('migration names carry an epoch prefix and stay in order', () => {
    const stamps = MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(stamps.every((s) => Number.isFinite(s))).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });
});

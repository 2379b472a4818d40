import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (src/app/retention/retention-purge.ts, docs/admin-guide.md §10): the periodic purge finds notifications
 * older than NOTIFICATION_RETENTION_DAYS by `created_at`, so it reads an index instead of the whole
 * table every hour.
 */
export class Retention1765300000000 implements MigrationInterface {
  name = 'Retention1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "notifications_created_at_idx" ON "notifications" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`DROP INDEX "notifications_created_at_idx"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { emailKey } from '../../domain/users';

/** Rows read and written per step of the backfill. */
const BATCH = 5000;

/**
 * `plusplus_users.email_key`: the record's `email` trimmed and lower-cased exactly as matching
 * compares values (src/domain/matching/values.ts), indexed with the tenant. `/plusplus test
 * <email>` and the re-match after a directory event look users up by address with one index probe
 * instead of parsing every record of the tenant, and find the same users matching would.
 *
 * The key is computed in JavaScript (the app writes it with every upsert), not by a SQL expression:
 * PostgreSQL's `lower()` depends on the database's collation (under `C` it leaves `É` alone) and
 * `btrim()` only strips spaces, so an expression index could disagree with the matcher. Existing
 * rows are backfilled here the same way, in batches, in the migration's transaction.
 */
export class UserEmailKey1765000000000 implements MigrationInterface {
  name = 'UserEmailKey1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "plusplus_users" ADD "email_key" text`);
    let after: [string, string] = ['', ''];
    for (;;) {
      const rows: Array<{ tenant_id: string; user_id: string; email: unknown }> = await q.query(
        `SELECT tenant_id, user_id, record->'email' AS email FROM "plusplus_users"
          WHERE (tenant_id, user_id) > ($1, $2) ORDER BY tenant_id, user_id LIMIT ${BATCH}`,
        after,
      );
      if (rows.length === 0) break;
      const keyed = rows
        .map((r) => ({ ...r, key: emailKey({ email: r.email }) }))
        .filter((r) => r.key !== null);
      if (keyed.length > 0) {
        await q.query(
          `UPDATE "plusplus_users" AS u SET email_key = k.key
             FROM unnest($1::text[], $2::text[], $3::text[]) AS k(tenant_id, user_id, key)
            WHERE u.tenant_id = k.tenant_id AND u.user_id = k.user_id`,
          [keyed.map((r) => r.tenant_id), keyed.map((r) => r.user_id), keyed.map((r) => r.key)],
        );
      }
      const last = rows[rows.length - 1]!;
      after = [last.tenant_id, last.user_id];
    }
    await q.query(
      `CREATE INDEX "plusplus_users_tenant_email_key_idx" ON "plusplus_users" ("tenant_id", "email_key")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`DROP INDEX "plusplus_users_tenant_email_key_idx"`);
    await q.query(`ALTER TABLE "plusplus_users" DROP COLUMN "email_key"`);
  }
}

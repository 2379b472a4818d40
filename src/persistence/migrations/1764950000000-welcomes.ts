import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * First contact (design §5, docs/app-home.md): `slack_welcomes` remembers who got the one-time
 * welcome DM, one row per (workspace, Slack member) ever. The primary key is the uniqueness the
 * listener relies on: `INSERT … ON CONFLICT DO NOTHING` creates the row at most once, and only the
 * request whose insert created it sends the DM (Slack retries events). No foreign key to tenants:
 * the row outlives a tenant or a reconnect to another one, so nobody is welcomed twice.
 */
export class Welcomes1764950000000 implements MigrationInterface {
  name = 'Welcomes1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "slack_welcomes" ("team_id" character varying(32) NOT NULL, "user_id" character varying(32) NOT NULL, "tenant_id" character varying(64), "welcomed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_45c02179baf48c9a97ff7abda3b" PRIMARY KEY ("team_id", "user_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`DROP TABLE "slack_welcomes"`);
  }
}

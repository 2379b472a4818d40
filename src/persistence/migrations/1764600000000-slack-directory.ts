import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cached Slack directory (design §6, docs/matching.md "Directory cache").
 * - `slack_members`: one row per workspace member with the member object as Slack gave it, the
 *   custom fields from users.profile.get, and the sync that last saw it; `email_lower` is indexed
 *   for look-ups by address.
 * - `slack_directory_syncs`: one row per workspace, written with each page in one transaction, so
 *   a crashed sync resumes from its cursor.
 * Keyed by Slack team id, not tenant: no foreign key to tenants.
 */
export class SlackDirectory1764600000000 implements MigrationInterface {
  name = 'SlackDirectory1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "slack_directory_syncs" ("team_id" character varying(32) NOT NULL, "sync_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "phase" character varying(16) NOT NULL DEFAULT 'list', "cursor" text, "pages" integer NOT NULL DEFAULT '0', "members" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "last_completed_at" TIMESTAMP WITH TIME ZONE, "error" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fd3dc635c944dcb9093168809e8" PRIMARY KEY ("team_id"))`,
    );
    await q.query(
      `CREATE TABLE "slack_members" ("team_id" character varying(32) NOT NULL, "user_id" character varying(32) NOT NULL, "member" jsonb NOT NULL, "email_lower" text, "fields" jsonb, "fields_fetched_at" TIMESTAMP WITH TIME ZONE, "last_seen_sync_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a4d67c7839e58389dba61f4728d" PRIMARY KEY ("team_id", "user_id"))`,
    );
    await q.query(
      `CREATE INDEX "slack_members_team_email_idx" ON "slack_members" ("team_id", "email_lower")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`DROP INDEX "slack_members_team_email_idx"`);
    await q.query(`DROP TABLE "slack_members"`);
    await q.query(`DROP TABLE "slack_directory_syncs"`);
  }
}

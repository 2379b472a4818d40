import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Slack installations bound to tenants, one-time Connect tickets, and OAuth states.
 * - Partial unique indexes keep one active installation per tenant and per workspace; revoked rows
 *   stay as history with their tokens erased.
 * - Tickets store only a SHA-256 of the ticket; states expire after 10 minutes and are used once.
 * - Ids are UUIDs generated in code, so no extension (uuid-ossp, pgcrypto) is needed.
 */
export class SlackConnect1764500000000 implements MigrationInterface {
  name = 'SlackConnect1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "slack_connect_tickets" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "ticket_hash" character varying(64) NOT NULL, "return_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "PK_244e9db466f8df74d7066885c95" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "slack_connect_tickets_hash_uq" ON "slack_connect_tickets" ("ticket_hash")`,
    );
    await q.query(
      `CREATE INDEX "slack_connect_tickets_tenant_idx" ON "slack_connect_tickets" ("tenant_id", "created_at")`,
    );
    await q.query(
      `CREATE TABLE "slack_oauth_states" ("state" character varying(64) NOT NULL, "tenant_id" character varying(64), "ticket_id" uuid, "install_options" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ce4b029185a68f37868607b29bb" PRIMARY KEY ("state"))`,
    );
    await q.query(
      `CREATE TABLE "slack_installations" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "team_id" character varying(32) NOT NULL, "team_name" text, "enterprise_id" character varying(32), "app_id" character varying(32), "bot_user_id" character varying(32) NOT NULL, "bot_id" character varying(32), "bot_token_encrypted" text, "bot_refresh_token_encrypted" text, "bot_token_expires_at" TIMESTAMP WITH TIME ZONE, "granted_scopes" jsonb NOT NULL DEFAULT '[]', "installer_user_id" character varying(32), "installed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a42f0b5616ec82c4ce6e819f39e" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "slack_installations_tenant_team_uq" ON "slack_installations" ("tenant_id", "team_id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "slack_installations_active_team_uq" ON "slack_installations" ("team_id") WHERE revoked_at IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "slack_installations_active_tenant_uq" ON "slack_installations" ("tenant_id") WHERE revoked_at IS NULL`,
    );
    await q.query(
      `ALTER TABLE "slack_connect_tickets" ADD CONSTRAINT "FK_5a2a01698b286adc2eaba1c3532" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "slack_installations" ADD CONSTRAINT "FK_b76cc8efa2e79d5039a684eef25" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "slack_installations" DROP CONSTRAINT "FK_b76cc8efa2e79d5039a684eef25"`);
    await q.query(`ALTER TABLE "slack_connect_tickets" DROP CONSTRAINT "FK_5a2a01698b286adc2eaba1c3532"`);
    await q.query(`DROP INDEX "slack_installations_active_tenant_uq"`);
    await q.query(`DROP INDEX "slack_installations_active_team_uq"`);
    await q.query(`DROP INDEX "slack_installations_tenant_team_uq"`);
    await q.query(`DROP TABLE "slack_installations"`);
    await q.query(`DROP TABLE "slack_oauth_states"`);
    await q.query(`DROP INDEX "slack_connect_tickets_tenant_idx"`);
    await q.query(`DROP INDEX "slack_connect_tickets_hash_uq"`);
    await q.query(`DROP TABLE "slack_connect_tickets"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants, their Slack settings, and PlusPlus user records. Settings and users belong to a tenant
 * and go with it (ON DELETE CASCADE). Users are keyed by (tenant, PlusPlus user id); the index on
 * the Slack user id serves "which PlusPlus user is this Slack member" (slash commands, App Home).
 */
export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "tenants" ("id" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "plusplus_users" ("tenant_id" character varying(64) NOT NULL, "user_id" character varying(128) NOT NULL, "record" jsonb NOT NULL, "is_admin" boolean NOT NULL DEFAULT false, "receive_slack_notifications" boolean NOT NULL DEFAULT true, "slack_user_id" character varying(32), "slack_display_name" text, "slack_resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_73881e99dd4ede351a6f7577eba" PRIMARY KEY ("tenant_id", "user_id"))`,
    );
    await q.query(
      `CREATE INDEX "plusplus_users_tenant_slack_user_idx" ON "plusplus_users" ("tenant_id", "slack_user_id")`,
    );
    await q.query(
      `CREATE TABLE "tenant_settings" ("tenant_id" character varying(64) NOT NULL, "notifications_enabled" boolean NOT NULL DEFAULT false, "plusplus_user_attribute" text NOT NULL DEFAULT 'email', "slack_user_attribute" text NOT NULL DEFAULT 'profile.email', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6abc1c3ed0df635955fc852f1c" PRIMARY KEY ("tenant_id"))`,
    );
    await q.query(
      `ALTER TABLE "plusplus_users" ADD CONSTRAINT "FK_285be5d95e086c0721e127f0270" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "tenant_settings" ADD CONSTRAINT "FK_a6abc1c3ed0df635955fc852f1c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenant_settings" DROP CONSTRAINT "FK_a6abc1c3ed0df635955fc852f1c"`);
    await q.query(`ALTER TABLE "plusplus_users" DROP CONSTRAINT "FK_285be5d95e086c0721e127f0270"`);
    await q.query(`DROP TABLE "tenant_settings"`);
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`DROP INDEX "plusplus_users_tenant_slack_user_idx"`);
    await q.query(`DROP TABLE "plusplus_users"`);
    await q.query(`DROP TABLE "tenants"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Track channels (issue 7, docs/tracks.md).
 * - `track_channels`: one row per (tenant, track): what the backend asked for, the Slack channel
 *   that exists, the create intent written before conversations.create (crash safety), and the
 *   work queue (`run_at`, `lease`, `generation`). `track_channels_due_idx` is partial: rows with
 *   nothing to do (`run_at` null) cost the claim nothing.
 * - `track_channel_members`: the listed PlusPlus users and each one's invite status; rows no
 *   longer listed stay until they have been removed from the channel.
 */
export class TrackChannels1764800000000 implements MigrationInterface {
  name = 'TrackChannels1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "track_channels" ("tenant_id" character varying(64) NOT NULL, "track_id" character varying(128) NOT NULL, "title" text NOT NULL, "is_private" boolean NOT NULL DEFAULT false, "topic" text, "content" jsonb, "desired_state" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "error" character varying(64), "needed_scopes" jsonb, "team_id" character varying(32), "channel_id" character varying(32), "channel_name" character varying(80), "create_intent_name" character varying(80), "applied_topic" text, "welcome_posted_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "generation" integer NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "run_at" TIMESTAMP WITH TIME ZONE, "lease" uuid, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_962982c6f7ccdfa2836a980aec4" PRIMARY KEY ("tenant_id", "track_id"))`,
    );
    await q.query(
      `CREATE INDEX "track_channels_due_idx" ON "track_channels" ("run_at") WHERE run_at IS NOT NULL`,
    );
    await q.query(
      `CREATE TABLE "track_channel_members" ("tenant_id" character varying(64) NOT NULL, "track_id" character varying(128) NOT NULL, "user_id" character varying(128) NOT NULL, "position" integer NOT NULL, "listed" boolean NOT NULL DEFAULT true, "status" character varying(16) NOT NULL, "reason" character varying(64), "slack_user_id" character varying(32), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c7ac28a5bab4a28dff48a6af0c3" PRIMARY KEY ("tenant_id", "track_id", "user_id"))`,
    );
    await q.query(
      `ALTER TABLE "track_channels" ADD CONSTRAINT "FK_0d5d6b39387f1937add3f72e549" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "track_channel_members" ADD CONSTRAINT "FK_ba601d5f6c19ecef97afb0fd42f" FOREIGN KEY ("tenant_id", "track_id") REFERENCES "track_channels"("tenant_id","track_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`ALTER TABLE "track_channel_members" DROP CONSTRAINT "FK_ba601d5f6c19ecef97afb0fd42f"`);
    await q.query(`ALTER TABLE "track_channels" DROP CONSTRAINT "FK_0d5d6b39387f1937add3f72e549"`);
    await q.query(`DROP TABLE "track_channel_members"`);
    await q.query(`DROP INDEX "track_channels_due_idx"`);
    await q.query(`DROP TABLE "track_channels"`);
  }
}

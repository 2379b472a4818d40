import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Changes and cancellations (issue 20, design §4, docs/delivery.md "Changes and cancellations").
 * - `notifications.revision` (0: as accepted; each change or cancel adds one), `cancelled_at`,
 *   `cancel_reason`. `notifications.content`/`data` always hold the latest version, so a delivery
 *   not yet sent reads it at its claim like any other.
 * - `notification_revisions`: one row per change (`change_key` unique per notification, the request's
 *   hash and the first answer, for repeats), plus revision 0 (the content as accepted) written with
 *   the first change, so an edit can say what changed against the version a DM shows.
 * - On `deliveries`, the edit lane of the same durable queue: `revision` (the version the sent DM
 *   shows), `revision_status` (pending | updated | failed) with `revision_reason` (Slack's code) and
 *   `revision_at`; `revision_run_at` / `revision_lease` / `revision_attempts` as `run_at` / `lease` /
 *   `attempts` are for posts. A partial index keeps finished rows out of the edit lane's claim.
 * - `notifications_tenant_content_idx`: `PATCH /content/{content_id}` finds a tenant's notifications
 *   by `content.id` (an expression index; the entity declares it with `synchronize: false`).
 */
export class NotificationRevisions1765620000000 implements MigrationInterface {
  name = 'NotificationRevisions1765620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notifications" ADD "revision" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "notifications" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "notifications" ADD "cancel_reason" character varying(500)`);
    await q.query(
      `CREATE INDEX "notifications_tenant_content_idx" ON "notifications" ("tenant_id", (content->>'id'))`,
    );
    await q.query(
      `CREATE TABLE "notification_revisions" (
         "notification_id" uuid NOT NULL,
         "revision" integer NOT NULL,
         "kind" character varying(16) NOT NULL,
         "change_key" character varying(200),
         "request_hash" character varying(64),
         "content" jsonb NOT NULL,
         "data" jsonb,
         "notify" boolean NOT NULL DEFAULT true,
         "reason" character varying(500),
         "answer" jsonb,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "PK_notification_revisions" PRIMARY KEY ("notification_id", "revision"),
         CONSTRAINT "FK_notification_revisions_notification" FOREIGN KEY ("notification_id")
           REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION
       )`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "notification_revisions_key_uq" ON "notification_revisions" ("notification_id", "change_key")`,
    );
    await q.query(`ALTER TABLE "deliveries" ADD "revision" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "deliveries" ADD "revision_status" character varying(16)`);
    await q.query(`ALTER TABLE "deliveries" ADD "revision_reason" character varying(100)`);
    await q.query(`ALTER TABLE "deliveries" ADD "revision_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "deliveries" ADD "revision_run_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "deliveries" ADD "revision_lease" uuid`);
    await q.query(`ALTER TABLE "deliveries" ADD "revision_attempts" integer NOT NULL DEFAULT 0`);
    await q.query(
      `CREATE INDEX "deliveries_revision_due_idx" ON "deliveries" ("revision_run_at", "id") WHERE revision_status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "deliveries_revision_due_idx"`);
    for (const c of [
      'revision_attempts',
      'revision_lease',
      'revision_run_at',
      'revision_at',
      'revision_reason',
      'revision_status',
      'revision',
    ]) {
      await q.query(`ALTER TABLE "deliveries" DROP COLUMN "${c}"`);
    }
    await q.query(`DROP TABLE "notification_revisions"`);
    await q.query(`DROP INDEX "notifications_tenant_content_idx"`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "cancel_reason"`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "cancelled_at"`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "revision"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification delivery (issue 6, docs/delivery.md).
 * - `notifications`: one row per accepted POST /notifications, unique per (tenant, idempotency
 *   key), with the request's hash and the first answer for repeats.
 * - `deliveries`: one row per recipient and the queue itself. `deliveries_due_idx` is partial, so
 *   the claim query only ever walks rows that still have work (queued, or sending with a lease that
 *   may run out); finished rows cost the queue nothing.
 * - `delivery_pacing`: the shared send slot and 429 block per tenant and Web API method.
 * Ids of notifications are UUIDs generated in code; deliveries use a sequence (bulk inserts).
 */
export class Deliveries1764700000000 implements MigrationInterface {
  name = 'Deliveries1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "type" character varying(32) NOT NULL, "content" jsonb NOT NULL, "data" jsonb, "accepted_response" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "notifications_tenant_key_uq" ON "notifications" ("tenant_id", "idempotency_key")`,
    );
    await q.query(
      `CREATE TABLE "deliveries" ("id" BIGSERIAL NOT NULL, "notification_id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "user_id" character varying(128) NOT NULL, "position" integer NOT NULL, "status" character varying(16) NOT NULL, "reason" character varying(100), "slack_user_id" character varying(32), "channel" character varying(32), "ts" character varying(32), "attempts" integer NOT NULL DEFAULT '0', "run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease" uuid, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "deliveries_tenant_status_idx" ON "deliveries" ("tenant_id", "status")`);
    await q.query(
      `CREATE INDEX "deliveries_due_idx" ON "deliveries" ("run_at") WHERE status IN ('queued', 'sending')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "deliveries_notification_user_uq" ON "deliveries" ("notification_id", "user_id")`,
    );
    await q.query(
      `CREATE TABLE "delivery_pacing" ("tenant_id" character varying(64) NOT NULL, "method" character varying(64) NOT NULL, "next_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, "blocked_reason" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_43b021be06e993a2901448ef4a0" PRIMARY KEY ("tenant_id", "method"))`,
    );
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_d93ddd7e1b890535ecafbb334ec" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_f81ac6f833049eb6ade70110f1b" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "FK_f81ac6f833049eb6ade70110f1b"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_d93ddd7e1b890535ecafbb334ec"`);
    await q.query(`DROP TABLE "delivery_pacing"`);
    await q.query(`DROP INDEX "deliveries_notification_user_uq"`);
    await q.query(`DROP INDEX "deliveries_due_idx"`);
    await q.query(`DROP INDEX "deliveries_tenant_status_idx"`);
    await q.query(`DROP TABLE "deliveries"`);
    await q.query(`DROP INDEX "notifications_tenant_key_uq"`);
    await q.query(`DROP TABLE "notifications"`);
  }
}

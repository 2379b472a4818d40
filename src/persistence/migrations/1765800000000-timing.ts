import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timing (issue 21, design §4): a tenant's send window, digest setting and default time zone, and
 * per delivery the window start it waits for (`scheduled_for`; the queue's `run_at` is the due
 * time, this is what the API shows) and whether it went out in a digest (`digest`, with the
 * digest DM's channel and ts in the existing columns). All nullable or defaulted: existing rows
 * mean "no window, no digest", exactly the behaviour before.
 */
export class Timing1765800000000 implements MigrationInterface {
  name = 'Timing1765800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenant_settings" ADD "send_window" jsonb`);
    await q.query(`ALTER TABLE "tenant_settings" ADD "digest_enabled" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "tenant_settings" ADD "digest_max_items" integer NOT NULL DEFAULT 5`);
    await q.query(`ALTER TABLE "tenant_settings" ADD "default_time_zone" character varying(64)`);
    await q.query(`ALTER TABLE "deliveries" ADD "scheduled_for" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "deliveries" ADD "digest" boolean NOT NULL DEFAULT false`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "digest"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "scheduled_for"`);
    await q.query(`ALTER TABLE "tenant_settings" DROP COLUMN "default_time_zone"`);
    await q.query(`ALTER TABLE "tenant_settings" DROP COLUMN "digest_max_items"`);
    await q.query(`ALTER TABLE "tenant_settings" DROP COLUMN "digest_enabled"`);
    await q.query(`ALTER TABLE "tenant_settings" DROP COLUMN "send_window"`);
  }
}

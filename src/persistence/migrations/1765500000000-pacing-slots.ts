import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery at Slack's real pace (issue 15, docs/delivery.md "Pacing").
 * - `deliveries_tenant_due_idx` replaces `deliveries_due_idx`: the claim now walks the tenants that
 *   have work (a skip scan over `tenant_id`) and takes from each only as many rows as its send slots
 *   within the horizon allow, oldest first; both need the tenant first in the key. Still partial, so
 *   finished rows cost the queue nothing.
 * - `delivery_pacing.interval_ms`: the interval Slack's 429s taught us for this workspace when its
 *   real cap is below the configured pace (null: the configured pace); `adapted_at`: when it last
 *   changed, so it relaxes back towards the configured pace step by step.
 * - `delivery_pacing.last_slot_at`: the slot the last reservation handed out (null: it handed out
 *   none, because the next free slot was beyond the caller's horizon); read back by the same
 *   statement, so a reservation is one round trip.
 * - `track_channel_members_user_idx`: linking a user wakes the track channels that list them as
 *   skipped (src/persistence/repositories/users-repository.ts): members are found by user.
 */
export class PacingSlots1765500000000 implements MigrationInterface {
  name = 'PacingSlots1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "deliveries_tenant_due_idx" ON "deliveries" ("tenant_id", "run_at", "id") WHERE status IN ('queued', 'sending')`,
    );
    await q.query(`DROP INDEX "deliveries_due_idx"`);
    await q.query(`ALTER TABLE "delivery_pacing" ADD "interval_ms" integer`);
    await q.query(`ALTER TABLE "delivery_pacing" ADD "adapted_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "delivery_pacing" ADD "last_slot_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE INDEX "track_channel_members_user_idx" ON "track_channel_members" ("tenant_id", "user_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "track_channel_members_user_idx"`);
    await q.query(`ALTER TABLE "delivery_pacing" DROP COLUMN "last_slot_at"`);
    await q.query(`ALTER TABLE "delivery_pacing" DROP COLUMN "adapted_at"`);
    await q.query(`ALTER TABLE "delivery_pacing" DROP COLUMN "interval_ms"`);
    await q.query(
      `CREATE INDEX "deliveries_due_idx" ON "deliveries" ("run_at") WHERE status IN ('queued', 'sending')`,
    );
    await q.query(`DROP INDEX "deliveries_tenant_due_idx"`);
  }
}

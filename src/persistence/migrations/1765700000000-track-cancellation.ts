import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancelled track (issue 20 item 6, docs/tracks.md "Cancel"): the reason to show in the
 * channel's final message, whether to keep the channel instead of archiving it, when the cancel
 * was asked for and when the final message was posted (so a repeat or a retry never posts twice).
 */
export class TrackCancellation1765700000000 implements MigrationInterface {
  name = 'TrackCancellation1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "track_channels" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "track_channels" ADD "cancel_reason" text`);
    await q.query(`ALTER TABLE "track_channels" ADD "keep_channel" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "track_channels" ADD "final_posted_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "track_channels" SET desired_state = 'archived' WHERE desired_state = 'cancelled'`);
    await q.query(`UPDATE "track_channels" SET status = 'archived' WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE "track_channels" DROP COLUMN "final_posted_at"`);
    await q.query(`ALTER TABLE "track_channels" DROP COLUMN "keep_channel"`);
    await q.query(`ALTER TABLE "track_channels" DROP COLUMN "cancel_reason"`);
    await q.query(`ALTER TABLE "track_channels" DROP COLUMN "cancelled_at"`);
  }
}

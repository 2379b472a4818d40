import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first answer to `POST /notifications` is kept as what it is made of, `recipients` (the
 * de-duplicated ids, in order) and `skip_reasons` (one per recipient, NULL for queued), instead of
 * as a built JSON body: building, casting and storing that body was a quarter of the accept
 * statement's time (docs/delivery.md "Figures"). The app rebuilds the body for a repeated key
 * (src/app/delivery/accepted-answer.ts). Rows written before keep `accepted_response` and are answered
 * from it, so nothing is rewritten here.
 */
export class AcceptedSkipReasons1765400000000 implements MigrationInterface {
  name = 'AcceptedSkipReasons1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notifications" ADD "recipients" jsonb`);
    await q.query(`ALTER TABLE "notifications" ADD "skip_reasons" text[]`);
    await q.query(`ALTER TABLE "notifications" ALTER COLUMN "accepted_response" DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Build the body the old way for rows that only have the parts, then drop the parts.
    await q.query(
      `UPDATE "notifications" AS n SET accepted_response = jsonb_build_object(
         'notification_id', n.id,
         'deliveries', (SELECT coalesce(jsonb_agg(CASE WHEN n.skip_reasons[e.pos] IS NULL
                                 THEN jsonb_build_object('user_id', e.user_id, 'status', 'queued')
                                 ELSE jsonb_build_object('user_id', e.user_id, 'status', 'skipped',
                                                         'reason', n.skip_reasons[e.pos]) END
                                 ORDER BY e.pos), '[]'::jsonb)
                          FROM jsonb_array_elements_text(n.recipients) WITH ORDINALITY AS e(user_id, pos)))
        WHERE accepted_response IS NULL`,
    );
    await q.query(`ALTER TABLE "notifications" ALTER COLUMN "accepted_response" SET NOT NULL`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "skip_reasons"`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "recipients"`);
  }
}

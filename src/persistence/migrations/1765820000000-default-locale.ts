import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tenant_settings.default_locale` (issue 22): the BCP 47 tag the app speaks to members whose
 * Slack locale has no catalogue; null means en-US. Validated by the internal API, not here.
 */
export class DefaultLocale1765820000000 implements MigrationInterface {
  name = 'DefaultLocale1765820000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenant_settings" ADD "default_locale" character varying(35)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenant_settings" DROP COLUMN "default_locale"`);
  }
}

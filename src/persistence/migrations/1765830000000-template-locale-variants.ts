import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `template_locale_variants` (issue 22): a tenant's version of a template kind in one language,
 * picked for members whose Slack locale (else the tenant's default_locale) is that language. Read
 * with the tenant's template settings (one query per tenant, cached by the template chooser).
 */
export class TemplateLocaleVariants1765830000000 implements MigrationInterface {
  name = 'TemplateLocaleVariants1765830000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "template_locale_variants" ("tenant_id" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "locale" character varying(35) NOT NULL, "template" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_575195b27eb3f1cf5032fb14e0c" PRIMARY KEY ("tenant_id", "kind", "locale"))`,
    );
    await q.query(
      `ALTER TABLE "template_locale_variants" ADD CONSTRAINT "FK_53aacd2a614c97eee4c55a17875" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "template_locale_variants" DROP CONSTRAINT "FK_53aacd2a614c97eee4c55a17875"`);
    await q.query(`DROP TABLE "template_locale_variants"`);
  }
}

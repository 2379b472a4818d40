import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification templates per tenant (issue 9, docs/templates.md "Per tenant").
 * - `template_settings`: one row per (tenant, kind) once an admin changed something: `enabled`
 *   and the tenant's edit (`template`, null = the default). No row: enabled, default template.
 * - `template_overrides`: a complete template for one content item (`content_id`) of one kind;
 *   it wins over the edit and the default. Read by primary key on every rendered delivery.
 */
export class Templates1764900000000 implements MigrationInterface {
  name = 'Templates1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "template_overrides" ("tenant_id" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "content_id" character varying(200) NOT NULL, "template" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_01473b723dd7cda8756caf06ac6" PRIMARY KEY ("tenant_id", "kind", "content_id"))`,
    );
    await q.query(
      `CREATE TABLE "template_settings" ("tenant_id" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "template" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1c0b9b0bb5a334a32298f7d627e" PRIMARY KEY ("tenant_id", "kind"))`,
    );
    await q.query(
      `ALTER TABLE "template_overrides" ADD CONSTRAINT "FK_7c9243155e17cb09ed4a363dd6b" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "template_settings" ADD CONSTRAINT "FK_8f03b2817cef39c7bad1867c9fe" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Unqualified: the schema is whatever search_path says (tests run one schema per file).
    await q.query(`ALTER TABLE "template_settings" DROP CONSTRAINT "FK_8f03b2817cef39c7bad1867c9fe"`);
    await q.query(`ALTER TABLE "template_overrides" DROP CONSTRAINT "FK_7c9243155e17cb09ed4a363dd6b"`);
    await q.query(`DROP TABLE "template_settings"`);
    await q.query(`DROP TABLE "template_overrides"`);
  }
}

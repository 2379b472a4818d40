import type { DataSource } from 'typeorm';
import type { TemplateKind, TemplateSource } from '../../domain/templates';
import { TemplateLocaleVariantRow, TemplateOverrideRow, TemplateSettingRow } from '../entities';
import { TenantsRepository } from './tenants-repository';

/** A tenant's settings for one kind; absent kinds are enabled with the default template. */
export interface StoredTemplateSetting {
  kind: TemplateKind;
  enabled: boolean;
  /** The tenant's edit; null: the default. */
  template: TemplateSource | null;
  updatedAt: Date;
}

export interface StoredOverride {
  kind: TemplateKind;
  contentId: string;
  template: TemplateSource;
  createdAt: Date;
  updatedAt: Date;
}

/** A tenant's template of one kind in one language (issue 22). */
export interface StoredLocaleVariant {
  kind: TemplateKind;
  /** Canonical BCP 47 tag. */
  locale: string;
  template: TemplateSource;
  createdAt: Date;
  updatedAt: Date;
}

const variant = (r: TemplateLocaleVariantRow): StoredLocaleVariant => ({
  kind: r.kind as TemplateKind,
  locale: r.locale,
  template: r.template as unknown as TemplateSource,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const setting = (r: TemplateSettingRow): StoredTemplateSetting => ({
  kind: r.kind as TemplateKind,
  enabled: r.enabled,
  template: (r.template as TemplateSource | null) ?? null,
  updatedAt: r.updatedAt,
});

const override = (r: TemplateOverrideRow): StoredOverride => ({
  kind: r.kind as TemplateKind,
  contentId: r.contentId,
  template: r.template as unknown as TemplateSource,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** Only the four template fields are stored, whatever else a caller's object carries. */
function pick(t: TemplateSource): Record<string, string> {
  const out: Record<string, string> = { body: t.body };
  if (t.header !== undefined) out.header = t.header;
  if (t.button_label !== undefined) out.button_label = t.button_label;
  if (t.context !== undefined) out.context = t.context;
  return out;
}

/**
 * `template_settings` and `template_overrides` (migration 1764900000000), `template_locale_variants`
 * (1765830000000). Every write is one
 * statement (an upsert), so concurrent admins never see a half-written template.
 */
export class TemplatesRepository {
  private readonly tenants: TenantsRepository;

  constructor(private readonly dataSource: DataSource) {
    this.tenants = new TenantsRepository(dataSource);
  }

  /** Every stored setting of a tenant (kinds without a row are not listed). */
  async settings(tenantId: string): Promise<StoredTemplateSetting[]> {
    const rows = await this.dataSource.getRepository(TemplateSettingRow).findBy({ tenantId });
    return rows.map(setting);
  }

  async setting(tenantId: string, kind: TemplateKind): Promise<StoredTemplateSetting | null> {
    const row = await this.dataSource.getRepository(TemplateSettingRow).findOneBy({ tenantId, kind });
    return row ? setting(row) : null;
  }

  /**
   * Changes what is given: `enabled`, and `template` (a TemplateSource, or null for the default).
   * Fields left undefined keep their stored value (or the column default on insert).
   */
  async saveSetting(
    tenantId: string,
    kind: TemplateKind,
    changes: { enabled?: boolean; template?: TemplateSource | null },
  ): Promise<StoredTemplateSetting> {
    await this.tenants.ensure(tenantId);
    const template = changes.template === undefined ? undefined : changes.template && pick(changes.template);
    const rows: TemplateSettingRow[] = await this.dataSource.query(
      `INSERT INTO template_settings (tenant_id, kind, enabled, template)
       VALUES ($1, $2, coalesce($3::boolean, true), CASE WHEN $4::boolean THEN $5::jsonb ELSE NULL END)
       ON CONFLICT (tenant_id, kind) DO UPDATE SET
         enabled = coalesce($3::boolean, template_settings.enabled),
         template = CASE WHEN $4::boolean THEN $5::jsonb ELSE template_settings.template END,
         updated_at = now()
       RETURNING tenant_id AS "tenantId", kind, enabled, template, updated_at AS "updatedAt"`,
      [
        tenantId,
        kind,
        changes.enabled ?? null,
        template !== undefined,
        template ? JSON.stringify(template) : null,
      ],
    );
    return setting(rows[0]!);
  }

  async overrides(tenantId: string, kind: TemplateKind): Promise<StoredOverride[]> {
    const rows = await this.dataSource
      .getRepository(TemplateOverrideRow)
      .find({ where: { tenantId, kind }, order: { contentId: 'ASC' } });
    return rows.map(override);
  }

  /** Override counts per kind for a tenant. */
  async overrideCounts(tenantId: string): Promise<Map<TemplateKind, number>> {
    const rows: Array<{ kind: TemplateKind; n: string }> = await this.dataSource.query(
      `SELECT kind, count(*) AS n FROM template_overrides WHERE tenant_id = $1 GROUP BY kind`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.kind, Number(r.n)]));
  }

  async override(tenantId: string, kind: TemplateKind, contentId: string): Promise<StoredOverride | null> {
    const row = await this.dataSource
      .getRepository(TemplateOverrideRow)
      .findOneBy({ tenantId, kind, contentId });
    return row ? override(row) : null;
  }

  async saveOverride(
    tenantId: string,
    kind: TemplateKind,
    contentId: string,
    template: TemplateSource,
  ): Promise<StoredOverride> {
    await this.tenants.ensure(tenantId);
    const rows: TemplateOverrideRow[] = await this.dataSource.query(
      `INSERT INTO template_overrides (tenant_id, kind, content_id, template) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (tenant_id, kind, content_id) DO UPDATE SET template = EXCLUDED.template, updated_at = now()
       RETURNING tenant_id AS "tenantId", kind, content_id AS "contentId", template,
                 created_at AS "createdAt", updated_at AS "updatedAt"`,
      [tenantId, kind, contentId, JSON.stringify(pick(template))],
    );
    return override(rows[0]!);
  }

  /** Returns whether an override was deleted. */
  async deleteOverride(tenantId: string, kind: TemplateKind, contentId: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(TemplateOverrideRow)
      .delete({ tenantId, kind, contentId });
    return (result.affected ?? 0) > 0;
  }

  /** Every language variant of a tenant (all kinds), ordered by kind and locale. */
  async localeVariants(tenantId: string): Promise<StoredLocaleVariant[]> {
    const rows = await this.dataSource
      .getRepository(TemplateLocaleVariantRow)
      .find({ where: { tenantId }, order: { kind: 'ASC', locale: 'ASC' } });
    return rows.map(variant);
  }

  async saveLocaleVariant(
    tenantId: string,
    kind: TemplateKind,
    locale: string,
    template: TemplateSource,
  ): Promise<StoredLocaleVariant> {
    await this.tenants.ensure(tenantId);
    const rows: TemplateLocaleVariantRow[] = await this.dataSource.query(
      `INSERT INTO template_locale_variants (tenant_id, kind, locale, template) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (tenant_id, kind, locale) DO UPDATE SET template = EXCLUDED.template, updated_at = now()
       RETURNING tenant_id AS "tenantId", kind, locale, template,
                 created_at AS "createdAt", updated_at AS "updatedAt"`,
      [tenantId, kind, locale, JSON.stringify(pick(template))],
    );
    return variant(rows[0]!);
  }

  /** Returns whether a variant was deleted. */
  async deleteLocaleVariant(tenantId: string, kind: TemplateKind, locale: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(TemplateLocaleVariantRow)
      .delete({ tenantId, kind, locale });
    return (result.affected ?? 0) > 0;
  }
}

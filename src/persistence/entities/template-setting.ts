import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from './tenant';

/**
 * One tenant's settings for one template kind (issue 9, docs/templates.md "Per tenant"): whether
 * the type is enabled and the tenant's edit of the template. No row: enabled, default template.
 */
@Entity({ name: 'template_settings' })
export class TemplateSettingRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  /** A `TemplateKind` (invite, enrollment, …). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  /** Off: deliveries of this type are `skipped`/`type_disabled`. */
  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** The tenant's edit (a validated `TemplateSource`); null: the default template. */
  @Column({ type: 'jsonb', nullable: true })
  template: Record<string, string> | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Tenant } from './tenant';

/**
 * A tenant's version of one template kind in one language (issue 22): members whose Slack locale
 * (or, failing that, the tenant's `default_locale`) is `locale` get it instead of the tenant's
 * edit or the default. A per-content override still wins over it.
 */
@Entity({ name: 'template_locale_variants' })
export class TemplateLocaleVariantRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  /** Canonical BCP 47 tag (`de-DE`, `pt-BR`). */
  @PrimaryColumn({ type: 'varchar', length: 35 })
  locale: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  /** A complete, validated `TemplateSource`. */
  @Column({ type: 'jsonb' })
  template: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

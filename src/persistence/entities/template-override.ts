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
 * A template for one content item (`content.id`) of one kind (issue 9): it wins over the tenant's
 * edit and the default when that content is sent.
 */
@Entity({ name: 'template_overrides' })
export class TemplateOverrideRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  /** `content.id` of POST /notifications (≤ CONTENT_LIMITS.id = 200). */
  @PrimaryColumn({ name: 'content_id', type: 'varchar', length: 200 })
  contentId: string;

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

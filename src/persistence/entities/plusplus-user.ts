import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Tenant } from './tenant';

/**
 * A PlusPlus user record as the backend sent it, plus what this app knows about that user:
 * the opt-out switch and the resolved Slack identity.
 */
@Entity({ name: 'plusplus_users' })
@Index('plusplus_users_tenant_slack_user_idx', ['tenantId', 'slackUserId'])
@Index('plusplus_users_tenant_email_key_idx', ['tenantId', 'emailKey'])
export class PlusPlusUser {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 128 })
  userId: string;

  /** Deleting a tenant deletes what belongs to it. */
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  /** The whole record, with `id` set to userId: what the PlusPlus User Attribute is evaluated on. */
  @Column({ type: 'jsonb' })
  record: Record<string, unknown>;

  /**
   * `record.email` as matching compares it (trimmed, lower-cased; `emailKey` in src/domain/users.ts),
   * written with every upsert: look-ups by address are an index probe, not a parse of every record.
   */
  @Column({ name: 'email_key', type: 'text', nullable: true })
  emailKey: string | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @Column({ name: 'receive_slack_notifications', type: 'boolean', default: true })
  receiveSlackNotifications: boolean;

  @Column({ name: 'slack_user_id', type: 'varchar', length: 32, nullable: true })
  slackUserId: string | null;

  @Column({ name: 'slack_display_name', type: 'text', nullable: true })
  slackDisplayName: string | null;

  @Column({ name: 'slack_resolved_at', type: 'timestamptz', nullable: true })
  slackResolvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from './tenant';

/** The instance-wide Slack settings of one tenant (design §1). */
@Entity({ name: 'tenant_settings' })
export class TenantSettings {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  /** Deleting a tenant deletes what belongs to it. */
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  /** "Allow PlusPlus to send Slack notifications": off until an admin turns it on. */
  @Column({ name: 'notifications_enabled', type: 'boolean', default: false })
  notificationsEnabled: boolean;

  @Column({ name: 'plusplus_user_attribute', type: 'text', default: 'email' })
  plusplusUserAttribute: string;

  @Column({ name: 'slack_user_attribute', type: 'text', default: 'profile.email' })
  slackUserAttribute: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

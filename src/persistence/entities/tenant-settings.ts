import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SendWindow } from '../../domain/timing/window';
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

  /** Timing (issue 21): the send window (null: off), as the API shows it (domain/timing/window.ts). */
  @Column({ name: 'send_window', type: 'jsonb', nullable: true })
  sendWindow: SendWindow | null;

  @Column({ name: 'digest_enabled', type: 'boolean', default: false })
  digestEnabled: boolean;

  @Column({ name: 'digest_max_items', type: 'integer', default: 5 })
  digestMaxItems: number;

  /** The zone of members whose Slack `tz` is unknown (null: UTC). */
  @Column({ name: 'default_time_zone', type: 'varchar', length: 64, nullable: true })
  defaultTimeZone: string | null;
  /** BCP 47 tag the app speaks to members whose Slack locale has no catalogue (issue 22); null: en-US. */
  @Column({ name: 'default_locale', type: 'varchar', length: 35, nullable: true })
  defaultLocale: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

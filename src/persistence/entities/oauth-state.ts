import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * OAuth `state` values (@slack/oauth StateStore): one per trip to Slack's authorize page, bound to
 * the tenant and ticket through the install options, valid 10 minutes, usable once.
 */
@Entity({ name: 'slack_oauth_states' })
export class OAuthState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  state: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64, nullable: true })
  tenantId: string | null;

  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId: string | null;

  @Column({ name: 'install_options', type: 'jsonb' })
  installOptions: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from './tenant';

/**
 * A one-time Connect link (`/slack/install?ticket=…`), valid 24 h. Only the SHA-256 of the ticket is
 * stored. `used_at` without `finished_at` is the admin-approval case: the browser went to Slack and
 * never came back (design §1).
 */
@Entity({ name: 'slack_connect_tickets' })
@Index('slack_connect_tickets_tenant_idx', ['tenantId', 'createdAt'])
export class ConnectTicket {
  /** Generated in code (randomUUID), so no database extension is needed. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Index('slack_connect_tickets_hash_uq', { unique: true })
  @Column({ name: 'ticket_hash', type: 'varchar', length: 64 })
  ticketHash: string;

  @Column({ name: 'return_url', type: 'text', nullable: true })
  returnUrl: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** `connected`, or the error reason sent back to PlusPlus. */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from './tenant';

/**
 * One accepted `POST /notifications` (design §4). The idempotency key is unique per tenant; the
 * request's hash tells a repeat (answer the stored first answer) from a conflicting reuse (409).
 */
@Entity({ name: 'notifications' })
@Index('notifications_tenant_key_uq', ['tenantId', 'idempotencyKey'], { unique: true })
@Index('notifications_created_at_idx', ['createdAt'])
/** PATCH /content/{content_id} finds a tenant's notifications about one content item. */
@Index('notifications_content_id_idx', ['contentId'])
export class NotificationRow {
  /** Generated in code (randomUUID), so no database extension is needed. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  /** Deleting a tenant deletes its notifications (and, through them, the deliveries). */
  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey: string;

  /** SHA-256 (hex) of the request body in canonical JSON. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'jsonb' })
  content: Record<string, unknown>;

  /**
   * `content.id`, as its own column: PATCH /content/{content_id} looks notifications up by it
   * (migration 1765710000000 says why it is indexed alone).
   */
  @Column({ name: 'content_id', type: 'varchar', length: 200, nullable: true })
  contentId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;

  /**
   * The first answer is kept as its parts (src/app/delivery/accepted-answer.ts): the recipients as
   * asked (de-duplicated, in order) and each one's skip reason (NULL: queued). A repeat of the key
   * gets the same body back.
   */
  @Column({ type: 'jsonb', nullable: true })
  recipients: string[] | null;

  @Column({ name: 'skip_reasons', type: 'text', array: true, nullable: true })
  skipReasons: Array<string | null> | null;

  /** The whole first answer, as rows accepted before migration 1765400000000 kept it. */
  @Column({ name: 'accepted_response', type: 'jsonb', nullable: true })
  acceptedResponse: Record<string, unknown> | null;

  /** 0 as accepted; each change or cancel adds one (notification_revisions). `content`/`data` are the latest. */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

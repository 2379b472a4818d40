import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { NotificationRow } from './notification';

/**
 * One recipient of one notification, and the delivery queue's row (docs/delivery.md). A row is
 * due when `status` is `queued` or `sending` and `run_at` has passed: for `sending` rows `run_at`
 * is the end of the claim's lease, so the claims of a crashed worker come due again by themselves
 * and one partial index serves both.
 */
@Entity({ name: 'deliveries' })
@Index('deliveries_notification_user_uq', ['notificationId', 'userId'], { unique: true })
@Index('deliveries_due_idx', ['runAt'], { where: `status IN ('queued', 'sending')` })
@Index('deliveries_tenant_status_idx', ['tenantId', 'status'])
export class DeliveryRow {
  /** A sequence: cheap to insert a thousand at once, and a stable tie-break for claim order. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => NotificationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationRow;

  /** Copied from the notification so the queue can pace and stop per tenant without a join. */
  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 128 })
  userId: string;

  /** Place in `recipient_user_ids`: answers list deliveries in the order they were asked for. */
  @Column({ type: 'integer' })
  position: number;

  /** queued | sending | sent | skipped | failed */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** Why skipped or failed: one of ours (`not_connected` …) or Slack's error code. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reason: string | null;

  @Column({ name: 'slack_user_id', type: 'varchar', length: 32, nullable: true })
  slackUserId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  ts: string | null;

  /** Send attempts made (a claim counts; a wait for a rate limit does not). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When the row is next due: retry time while queued, lease expiry while sending. */
  @Column({ name: 'run_at', type: 'timestamptz', default: () => 'now()' })
  runAt: Date;

  /** The current claim; complete/fail/reschedule only touch the row while it still holds it. */
  @Column({ type: 'uuid', nullable: true })
  lease: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

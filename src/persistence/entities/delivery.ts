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
@Index('deliveries_tenant_due_idx', ['tenantId', 'runAt', 'id'], { where: `status IN ('queued', 'sending')` })
@Index('deliveries_tenant_status_idx', ['tenantId', 'status'])
@Index('deliveries_revision_due_idx', ['revisionRunAt', 'id'], { where: `revision_status = 'pending'` })
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

  /**
   * Timing (issue 21): the window start a held-back delivery waits for (the API shows it as status
   * `scheduled` while the row is queued; `run_at` is the queue's due time). Null: not held back.
   */
  @Column({ name: 'scheduled_for', type: 'timestamptz', nullable: true })
  scheduledFor: Date | null;

  /** Sent as part of a digest DM (whose channel and ts are in `channel`/`ts`). */
  @Column({ type: 'boolean', default: false })
  digest: boolean;

  /**
   * The edit lane (issue 20, docs/delivery.md "Changes and cancellations"): the notification's
   * revision this DM shows once sent; `revision_status` pending | updated | failed (with Slack's code
   * in `revision_reason`) and when; `revision_run_at`/`revision_lease`/`revision_attempts` are to
   * an edit what `run_at`/`lease`/`attempts` are to the post.
   */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  @Column({ name: 'revision_status', type: 'varchar', length: 16, nullable: true })
  revisionStatus: string | null;

  @Column({ name: 'revision_reason', type: 'varchar', length: 100, nullable: true })
  revisionReason: string | null;

  @Column({ name: 'revision_at', type: 'timestamptz', nullable: true })
  revisionAt: Date | null;

  @Column({ name: 'revision_run_at', type: 'timestamptz', nullable: true })
  revisionRunAt: Date | null;

  @Column({ name: 'revision_lease', type: 'uuid', nullable: true })
  revisionLease: string | null;

  @Column({ name: 'revision_attempts', type: 'integer', default: 0 })
  revisionAttempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NotificationRow } from './notification';

/**
 * One version of a notification (issue 20, design §4 "Changes and cancellations"): revision 0 is
 * the content as accepted (written with the first change), each `PATCH` or cancel adds the next.
 * `change_key` makes a change idempotent: the same key answers `answer` again and changes nothing.
 */
@Entity({ name: 'notification_revisions' })
@Index('notification_revisions_key_uq', ['notificationId', 'changeKey'], { unique: true })
export class NotificationRevisionRow {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => NotificationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'FK_notification_revisions_notification' })
  notification?: NotificationRow;

  @PrimaryColumn({ type: 'integer' })
  revision: number;

  /** original | update | cancel */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** Null for revision 0. */
  @Column({ name: 'change_key', type: 'varchar', length: 200, nullable: true })
  changeKey: string | null;

  /** SHA-256 (hex) of the change in canonical JSON: the same key with another body is 409. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash: string | null;

  /** The content of this version (a cancel keeps the content it cancels). */
  @Column({ type: 'jsonb' })
  content: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;

  /** Whether recipients whose DM is edited also get a thread reply. */
  @Column({ type: 'boolean', default: true })
  notify: boolean;

  /** A cancel's reason, as given. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** The first answer to this change, for a repeat of its key. */
  @Column({ type: 'jsonb', nullable: true })
  answer: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

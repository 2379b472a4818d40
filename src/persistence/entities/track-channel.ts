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
 * The Slack channel of one scheduled track (issue 7, docs/tracks.md): what the backend asked for
 * (`title`, `is_private`, `topic`, `desired_state`), what exists in Slack (`channel_id` …), and the
 * work queue's fields. A row is due when `run_at` has passed; while a worker holds it `run_at` is
 * the end of its lease, so a crashed worker's claim comes due again by itself. `run_at` is null
 * when there is nothing to do.
 */
@Entity({ name: 'track_channels' })
@Index('track_channels_due_idx', ['runAt'], { where: 'run_at IS NOT NULL' })
export class TrackChannelRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 128 })
  trackId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  /** The track's name as the backend sent it; the channel name is derived from it. */
  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'is_private', type: 'boolean', default: false })
  isPrivate: boolean;

  /** The topic the channel should have; null: none (a topic we set earlier is cleared). */
  @Column({ type: 'text', nullable: true })
  topic: string | null;

  /** Extra welcome-message content (url, starts_at, ends_at, description). */
  @Column({ type: 'jsonb', nullable: true })
  content: Record<string, string> | null;

  /** active (PUT) | archived (DELETE) | cancelled (POST …/cancel: final message, then archive unless kept) */
  @Column({ name: 'desired_state', type: 'varchar', length: 16 })
  desiredState: string;

  /** pending | active | failed | archived | cancelled: what GET reports. */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** Why `failed` (or why still pending): one of ours or Slack's error code. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  error: string | null;

  @Column({ name: 'needed_scopes', type: 'jsonb', nullable: true })
  neededScopes: string[] | null;

  /** The workspace the channel was made in (a tenant may reconnect another one). */
  @Column({ name: 'team_id', type: 'varchar', length: 32, nullable: true })
  teamId: string | null;

  @Column({ name: 'channel_id', type: 'varchar', length: 32, nullable: true })
  channelId: string | null;

  @Column({ name: 'channel_name', type: 'varchar', length: 80, nullable: true })
  channelName: string | null;

  /**
   * The name about to be passed to conversations.create, written before the call: after a crash or
   * a lost answer the next attempt looks for a channel of that name created by our bot first.
   */
  @Column({ name: 'create_intent_name', type: 'varchar', length: 80, nullable: true })
  createIntentName: string | null;

  /** The topic last set in Slack (null: none set by us). */
  @Column({ name: 'applied_topic', type: 'text', nullable: true })
  appliedTopic: string | null;

  @Column({ name: 'welcome_posted_at', type: 'timestamptz', nullable: true })
  welcomePostedAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** When the track was cancelled (POST …/cancel); a PUT clears it (the track is on again). */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** The reason shown in the final message (the first cancel's). */
  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  /** Cancelled, but the channel stays (not archived). */
  @Column({ name: 'keep_channel', type: 'boolean', default: false })
  keepChannel: boolean;

  /** The final message was posted (once per cancellation). */
  @Column({ name: 'final_posted_at', type: 'timestamptz', nullable: true })
  finalPostedAt: Date | null;

  /** Bumped by every PUT and DELETE: a worker that finishes an older generation runs again. */
  @Column({ type: 'integer', default: 0 })
  generation: number;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'run_at', type: 'timestamptz', nullable: true })
  runAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  lease: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

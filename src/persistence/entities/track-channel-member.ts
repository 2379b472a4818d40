import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TrackChannelRow } from './track-channel';

/**
 * One PlusPlus user of a track channel. `listed`: in the latest PUT's `member_user_ids`; a row no
 * longer listed is removed from the channel and then deleted. `status`: pending | invited |
 * skipped | failed, with `reason` for the last two.
 */
@Entity({ name: 'track_channel_members' })
@Index('track_channel_members_user_idx', ['tenantId', 'userId'])
export class TrackChannelMemberRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 128 })
  trackId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 128 })
  userId: string;

  @ManyToOne(() => TrackChannelRow, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'track_id', referencedColumnName: 'trackId' },
  ])
  channel?: TrackChannelRow;

  /** Place in the latest `member_user_ids`: GET lists members in the order they were sent. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'boolean', default: true })
  listed: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reason: string | null;

  /** The Slack member invited for this user (what a removal kicks). */
  @Column({ name: 'slack_user_id', type: 'varchar', length: 32, nullable: true })
  slackUserId: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

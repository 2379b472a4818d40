import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The state of a workspace's directory sync, one row per workspace, written in the same
 * transaction as each page of members, so a crashed sync resumes from the last committed cursor.
 * Deleted with the members when the workspace's installation ends.
 */
@Entity({ name: 'slack_directory_syncs' })
export class SlackDirectorySync {
  @PrimaryColumn({ name: 'team_id', type: 'varchar', length: 32 })
  teamId: string;

  /** One id per full sync; a resumed sync keeps it, so rows it wrote before the crash count as seen. */
  @Column({ name: 'sync_id', type: 'uuid' })
  syncId: string;

  /** running | done | failed */
  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: string;

  /** list (paging users.list) | fields (users.profile.get for custom fields) */
  @Column({ name: 'phase', type: 'varchar', length: 16, default: 'list' })
  phase: string;

  /** The users.list cursor to resume from; null at the start and once the list is complete. */
  @Column({ name: 'cursor', type: 'text', nullable: true })
  cursor: string | null;

  @Column({ name: 'pages', type: 'integer', default: 0 })
  pages: number;

  @Column({ name: 'members', type: 'integer', default: 0 })
  members: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** When a full users.list pass last completed: the directory is warm from then on. */
  @Column({ name: 'last_completed_at', type: 'timestamptz', nullable: true })
  lastCompletedAt: Date | null;

  /** A Slack error code or a short reason; never a token. */
  @Column({ name: 'error', type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

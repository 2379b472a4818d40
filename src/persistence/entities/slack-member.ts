import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One member of a workspace's cached Slack directory (design §6): the member object exactly as
 * `users.list` (or an event) gave it, plus the custom profile fields only `users.profile.get`
 * returns. Keyed by workspace, not tenant: the directory belongs to the Slack side. It exists only
 * while the workspace has an active installation: an uninstall, a revocation or a disconnect
 * deletes it (retention-repository.ts `forgetWorkspaceData`), and the next Connect syncs it again.
 */
@Entity({ name: 'slack_members' })
@Index('slack_members_team_email_idx', ['teamId', 'emailLower'])
export class SlackMemberRow {
  @PrimaryColumn({ name: 'team_id', type: 'varchar', length: 32 })
  teamId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 32 })
  userId: string;

  /** The whole member object: the Slack expression is evaluated against it, so nothing is stripped. */
  @Column({ name: 'member', type: 'jsonb' })
  member: Record<string, unknown>;

  /** `lower(trim(profile.email))`, for look-ups by e-mail (Test Slack by address, `/plusplus test`). */
  @Column({ name: 'email_lower', type: 'text', nullable: true })
  emailLower: string | null;

  /** `profile.fields` from `users.profile.get`; null until fetched (users.list gives `fields: null`). */
  @Column({ name: 'fields', type: 'jsonb', nullable: true })
  fields: Record<string, unknown> | null;

  /** When `fields` was fetched; reset to null when the member changes, so the next fetch refreshes it. */
  @Column({ name: 'fields_fetched_at', type: 'timestamptz', nullable: true })
  fieldsFetchedAt: Date | null;

  /** The full sync that last saw this member; a completed sync marks members it did not see deleted. */
  @Column({ name: 'last_seen_sync_id', type: 'uuid', nullable: true })
  lastSeenSyncId: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

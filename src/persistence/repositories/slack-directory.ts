import type { SlackMember } from '../../domain/matching/slack-members';

/**
 * The cached Slack directory of a workspace (design §6): what `users.list` returned, kept fresh by
 * `team_join`, `user_change` and `user_profile_changed`, plus custom profile fields from
 * `users.profile.get` where the Slack expression needs them. Matching reads only this cache, so a
 * warm directory costs no Slack call.
 */
export interface SlackDirectory {
  /** Every cached member of the workspace (deleted, bots … included: the matcher filters). */
  members(teamId: string): Promise<SlackMember[]>;
  member(teamId: string, userId: string): Promise<SlackMember | null>;
  /** The cached members with these ids (a member the cache does not have is left out). */
  membersByIds(teamId: string, userIds: readonly string[]): Promise<SlackMember[]>;
  /**
   * Members whose `profile.email`, trimmed and lower-cased, is one of `emails` (index look-up;
   * deleted members and bots included: the matcher filters).
   */
  membersByEmails(teamId: string, emails: readonly string[]): Promise<SlackMember[]>;
  /** True once a full sync of the workspace has completed. */
  isWarm(teamId: string): Promise<boolean>;
  /** Insert or replace one member (from an event or a single lookup). */
  upsertMember(teamId: string, member: SlackMember): Promise<void>;
  /** Matchable members whose custom fields (users.profile.get) are missing or stale. */
  membersNeedingFields(teamId: string): Promise<string[]>;
}

export interface SyncProgress {
  teamId: string;
  status: 'idle' | 'running' | 'done' | 'failed';
  members: number;
  pages: number;
  cursor: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

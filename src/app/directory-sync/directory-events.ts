import type { SlackMember } from '../../domain/matching/slack-members';
import type { SlackDirectory } from '../../persistence/repositories/slack-directory';
import type { Logger } from '../../platform/logger';

export interface DirectoryEventsOptions {
  /** With `member`, the cached member is read before the upsert and passed on as `previous`. */
  directory: Pick<SlackDirectory, 'upsertMember'> & Partial<Pick<SlackDirectory, 'member'>>;
  logger: Logger;
  /**
   * Called after a member was written, e.g. to drop a cached directory index or re-match the
   * users linked to that member (src/app/directory-sync/member-changes.ts). `previous` is the cached member
   * before this event (`null`: it was not cached; `undefined`: not read). Errors are the caller's
   * (they reach Bolt's error handler).
   */
  onMemberChanged?: (
    teamId: string,
    userId: string,
    event: DirectoryEventType,
    previous?: SlackMember | null,
  ) => Promise<void> | void;
}

export type DirectoryEventType = 'team_join' | 'user_change' | 'user_profile_changed';

/**
 * Keeps the directory cache fresh between full syncs (design §6). Each of `team_join`,
 * `user_change` and `user_profile_changed` carries the whole member object, so each is one upsert
 * (plus, when someone listens for changes, one read of the cached member before it), and
 * idempotent: Slack's retries and out-of-order deliveries are sorted out by the member's
 * `updated` time in the upsert (see PostgresSlackDirectory). No Slack call here.
 */
export class DirectoryEvents {
  constructor(private readonly o: DirectoryEventsOptions) {}

  onTeamJoin(teamId: string, user: unknown): Promise<boolean> {
    return this.apply('team_join', teamId, user);
  }

  onUserChange(teamId: string, user: unknown): Promise<boolean> {
    return this.apply('user_change', teamId, user);
  }

  onUserProfileChanged(teamId: string, user: unknown): Promise<boolean> {
    return this.apply('user_profile_changed', teamId, user);
  }

  /** Returns whether the member was written. */
  private async apply(type: DirectoryEventType, teamId: string, user: unknown): Promise<boolean> {
    const member = asMember(user);
    if (!member) {
      this.o.logger.warn({ teamId, event: type }, 'directory event without a usable user object: ignored');
      return false;
    }
    // user_change also fires for people from other organisations who share a channel with this
    // workspace (Slack Connect); they are not members of this workspace's directory.
    if (typeof member.team_id === 'string' && member.team_id !== '' && member.team_id !== teamId) {
      this.o.logger.debug({ teamId, userId: member.id, event: type }, 'member of another workspace: ignored');
      return false;
    }
    const previous =
      this.o.onMemberChanged && this.o.directory.member
        ? await this.o.directory.member(teamId, member.id)
        : undefined;
    await this.o.directory.upsertMember(teamId, member);
    this.o.logger.debug({ teamId, userId: member.id, event: type }, 'directory member updated');
    await this.o.onMemberChanged?.(teamId, member.id, type, previous);
    return true;
  }
}

/** The member object if it looks like one (an object with a string id); the rest is kept as is. */
export function asMember(user: unknown): SlackMember | null {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return null;
  const id = (user as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? (user as SlackMember) : null;
}

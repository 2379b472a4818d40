import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import type { DirectoryEvents } from '../../src/app/directory-sync/directory-events';

/** `team_join`: a new member; one idempotent upsert into the directory cache. */
export const teamJoinHandler =
  (deps: { directoryEvents: Pick<DirectoryEvents, 'onTeamJoin'> }) =>
  async ({ body, event }: Pick<SlackEventMiddlewareArgs<'team_join'>, 'body' | 'event'>): Promise<void> => {
    await deps.directoryEvents.onTeamJoin(body.team_id, event.user);
  };

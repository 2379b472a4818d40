import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import type { DirectoryEvents } from '../../src/app/directory-sync/directory-events';

/** `user_profile_changed`: a member's profile changed; one idempotent upsert. */
export const userProfileChangedHandler =
  (deps: { directoryEvents: Pick<DirectoryEvents, 'onUserProfileChanged'> }) =>
  async ({
    body,
    event,
  }: Pick<SlackEventMiddlewareArgs<'user_profile_changed'>, 'body' | 'event'>): Promise<void> => {
    await deps.directoryEvents.onUserProfileChanged(body.team_id, event.user);
  };

import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import type { DirectoryEvents } from '../../src/app/directory-sync/directory-events';

/** `user_change`: a member changed (name, email, deleted …); one idempotent upsert. */
export const userChangeHandler =
  (deps: { directoryEvents: Pick<DirectoryEvents, 'onUserChange'> }) =>
  async ({ body, event }: Pick<SlackEventMiddlewareArgs<'user_change'>, 'body' | 'event'>): Promise<void> => {
    await deps.directoryEvents.onUserChange(body.team_id, event.user);
  };

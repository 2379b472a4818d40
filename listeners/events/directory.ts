import type { App } from '@slack/bolt';
import type { DirectoryEvents } from '../../src/slack/directory-events';

export interface DirectoryEventDeps {
  directoryEvents: DirectoryEvents;
}

/**
 * `team_join`, `user_change`, `user_profile_changed` keep the directory cache fresh. Bolt acks an
 * event before the listener runs; each handler is one idempotent upsert.
 */
export function registerDirectoryEvents(app: App, deps: DirectoryEventDeps): void {
  app.event('team_join', async ({ body, event }) => {
    await deps.directoryEvents.onTeamJoin(body.team_id, event.user);
  });
  app.event('user_change', async ({ body, event }) => {
    await deps.directoryEvents.onUserChange(body.team_id, event.user);
  });
  app.event('user_profile_changed', async ({ body, event }) => {
    await deps.directoryEvents.onUserProfileChanged(body.team_id, event.user);
  });
}

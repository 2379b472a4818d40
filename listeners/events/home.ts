import type { App, types } from '@slack/bolt';
import type { Logger } from '../../src/logger';
import type { HomeService } from '../../src/services/home-service';
import { homeView } from '../../views/home/home-view';

/** Our builders return plain objects (views/ import no Slack types); Bolt's client wants its View. */
export const slackView = (view: object): types.View => view as unknown as types.View;

/** What the App Home listeners (events, actions, views) need. */
export interface HomeListenerDeps {
  logger: Logger;
  home: HomeService;
}

/**
 * `app_home_opened`: publish the Home tab for this user. views.publish replaces the whole view, so
 * a retried event (x-slack-retry-num) just publishes the same thing again. The Messages tab gets
 * nothing yet (the one-time welcome is not built: it needs a "welcomed" flag in the database).
 */
export function registerHomeEvents(app: App, deps: HomeListenerDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const model = await deps.home.home(body.team_id, event.user);
    await client.views.publish({ user_id: event.user, view: slackView(homeView(model)) });
  });
}

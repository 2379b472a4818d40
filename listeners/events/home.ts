import type { App, types } from '@slack/bolt';
import type { Logger } from '../../src/logger';
import type { HomeService } from '../../src/services/home-service';
import { homeView } from '../../views/home/home-view';
import { welcomeMessage } from '../../views/welcome';

/** Our builders return plain objects (views/ import no Slack types); Bolt's client wants its View. */
export const slackView = (view: object): types.View => view as unknown as types.View;

/** What the App Home listeners (events, actions, views) need. */
export interface HomeListenerDeps {
  logger: Logger;
  home: HomeService;
}

/**
 * `app_home_opened`:
 * - Home tab: publish the home for this user. views.publish replaces the whole view, so a retried
 *   event (x-slack-retry-num) just publishes the same thing again.
 * - Messages tab: the one-time welcome DM (design §5). `claimWelcome` inserts the
 *   (team, user) row with ON CONFLICT DO NOTHING and says whether this call created it, so retries
 *   and repeat visits send nothing; only the member who opened the tab is messaged. If Slack
 *   refuses the DM the claim is given back and the next visit tries again.
 */
export function registerHomeEvents(app: App, deps: HomeListenerDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab === 'messages') {
      if (!(await deps.home.claimWelcome(body.team_id, event.user))) return;
      try {
        await client.chat.postMessage({ channel: event.user, ...welcomeMessage() });
        deps.logger.info({ teamId: body.team_id, slackUserId: event.user }, 'home: welcome sent');
      } catch (error) {
        await deps.home.releaseWelcome(body.team_id, event.user);
        throw error;
      }
      return;
    }
    if (event.tab !== 'home') return;
    const model = await deps.home.home(body.team_id, event.user);
    await client.views.publish({ user_id: event.user, view: slackView(homeView(model)) });
  });
}

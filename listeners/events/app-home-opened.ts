import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { HomeService } from '../../src/app/app-home/home-service';
import type { MemberLocales } from '../../src/app/directory-sync/member-locales';
import type { Logger } from '../../src/platform/logger';
import { homeView } from '../../views/home/home-view';
import { lang } from '../../views/i18n';
import { welcomeMessage } from '../../views/welcome';
import { slackView } from '../slack-view';

type Args = Pick<
  SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs,
  'event' | 'body' | 'client'
>;

/**
 * `app_home_opened`:
 * - Home tab: publish the home for this user. views.publish replaces the whole view, so a retried
 *   event (x-slack-retry-num) just publishes the same thing again.
 * - Messages tab: the one-time welcome DM (design §5). `claimWelcome` inserts the
 *   (team, user) row with ON CONFLICT DO NOTHING and says whether this call created it, so retries
 *   and repeat visits send nothing; only the member who opened the tab is messaged. If Slack
 *   refuses the DM the claim is given back, the error goes on to Bolt, and the next visit tries again.
 */
export const appHomeOpenedHandler =
  (deps: {
    logger: Logger;
    home: Pick<HomeService, 'home' | 'claimWelcome' | 'releaseWelcome'>;
    locales?: Pick<MemberLocales, 'forSlackUser'>;
  }) =>
  async ({ event, body, client }: Args): Promise<void> => {
    if (event.tab === 'messages') {
      if (!(await deps.home.claimWelcome(body.team_id, event.user))) return;
      try {
        // In the language of the member who opened the tab (issue 22).
        const language = await deps.locales?.forSlackUser(body.team_id, event.user);
        await client.chat.postMessage({ channel: event.user, ...welcomeMessage(lang(language)) });
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
  };

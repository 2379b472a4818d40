import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { HomeNotice } from '../../src/app/app-home/home-model';
import type { HomeService } from '../../src/app/app-home/home-service';
import { homeView } from '../../views/home/home-view';
import { slackView } from '../slack-view';

/** The part of Bolt's view_submission arguments our handlers use (tests fake exactly this). */
export type SubmissionArgs = Pick<
  SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
  'ack' | 'body' | 'view' | 'client'
>;
export type SubmissionHandler = (args: SubmissionArgs) => Promise<void>;

/** After a saved submission (acked already): refresh the submitter's home with `notice` on top. */
export async function refreshHome(
  home: Pick<HomeService, 'home'>,
  { body, client }: Pick<SubmissionArgs, 'body' | 'client'>,
  teamId: string,
  notice: HomeNotice,
): Promise<void> {
  const model = await home.home(teamId, body.user.id, notice);
  await client.views.publish({ user_id: body.user.id, view: slackView(homeView(model)) });
}

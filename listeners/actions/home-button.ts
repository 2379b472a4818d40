import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { HomeModel } from '../../src/app/app-home/home-model';
import { homeView } from '../../views/home/home-view';
import { actor } from '../interaction';
import { slackView } from '../slack-view';

/** What Bolt hands a button listener. */
export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
/** The part of it our button handlers use (tests fake exactly this). */
export type ButtonHandlerArgs = Pick<ButtonArgs, 'ack' | 'body' | 'action' | 'client'>;
export type ButtonHandler = (args: ButtonHandlerArgs) => Promise<void>;

/** Publishes `model` as the home of the user who pressed the button (also how refusals are shown). */
export async function publishHome(
  args: Pick<ButtonArgs, 'body' | 'client'>,
  model: HomeModel,
): Promise<void> {
  await args.client.views.publish({ user_id: args.body.user.id, view: slackView(homeView(model)) });
}

/**
 * A button in App Home whose service call answers with the new home: ack at once (Slack wants it
 * within 3 s), one service call with team, user and the button's value (the service checks rights),
 * publish the home it returns.
 */
export function homeButton(
  run: (teamId: string, userId: string, value: string) => Promise<HomeModel>,
): ButtonHandler {
  return async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    await publishHome(args, await run(teamId, userId, args.action.value ?? ''));
  };
}

import type { HomeService } from '../../src/app/app-home/home-service';
import { langOf } from '../../views/i18n';
import { timingModal } from '../../views/modals/timing-modal';
import { actor } from '../interaction';
import { slackView } from '../slack-view';
import { type ButtonHandler, publishHome } from './home-button';

/** Admin: opens the delivery timing modal (issue 21); anyone else gets their home back with the refusal. */
export const editTimingHandler =
  (deps: { home: Pick<HomeService, 'timingForm'> }): ButtonHandler =>
  async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    const r = await deps.home.timingForm(teamId, userId);
    if (!r.ok) return publishHome(args, r.home);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: slackView(timingModal(r.form, langOf(r))),
    });
  };

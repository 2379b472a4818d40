import type { HomeService } from '../../src/app/app-home/home-service';
import { templateModal } from '../../views/modals/template-modal';
import { actor } from '../interaction';
import { slackView } from '../slack-view';
import { type ButtonHandler, publishHome } from './home-button';

/** Admin: opens the template modal for the kind in the button's value (checked by the service). */
export const editTemplateHandler =
  (deps: { home: Pick<HomeService, 'templateForm'> }): ButtonHandler =>
  async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    const r = await deps.home.templateForm(teamId, userId, args.action.value ?? '');
    if (!r.ok) return publishHome(args, r.home);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: slackView(templateModal(r.form)),
    });
  };

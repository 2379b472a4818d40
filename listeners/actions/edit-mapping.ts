import type { HomeService } from '../../src/app/app-home/home-service';
import { mappingModal } from '../../views/modals/mapping-modal';
import { actor } from '../interaction';
import { slackView } from '../slack-view';
import { type ButtonHandler, publishHome } from './home-button';

/** Admin: opens the user matching modal; anyone else gets their home back with the refusal. */
export const editMappingHandler =
  (deps: { home: Pick<HomeService, 'mappingForm'> }): ButtonHandler =>
  async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    const r = await deps.home.mappingForm(teamId, userId);
    if (!r.ok) return publishHome(args, r.home);
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: slackView(mappingModal(r.form)) });
  };

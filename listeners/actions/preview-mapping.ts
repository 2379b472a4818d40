import type { HomeService } from '../../src/app/app-home/home-service';
import { MappingBlock } from '../../views/ids';
import { mappingModal } from '../../views/modals/mapping-modal';
import { actor, mappingInput, viewId } from '../interaction';
import { slackView } from '../slack-view';
import { type ButtonHandler, publishHome } from './home-button';

/** "Preview" in the mapping modal: the modal again, with matches for the attributes as typed. */
export const previewMappingHandler =
  (deps: { home: Pick<HomeService, 'previewMapping'> }): ButtonHandler =>
  async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    const values = args.body.view?.state?.values;
    const r = await deps.home.previewMapping(teamId, userId, {
      plusplus: mappingInput(values, MappingBlock.PlusPlus),
      slack: mappingInput(values, MappingBlock.Slack),
    });
    if (!r.ok) return publishHome(args, r.home);
    await args.client.views.update({ view_id: viewId(args.body), view: slackView(mappingModal(r.form)) });
  };

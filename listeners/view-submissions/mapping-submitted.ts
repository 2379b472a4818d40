import type { HomeService } from '../../src/app/app-home/home-service';
import { MappingBlock } from '../../views/ids';
import { actor, mappingInput } from '../interaction';
import { refreshHome, type SubmissionHandler } from './submission';

/**
 * The user matching modal saved. Checked before the ack, because inline errors travel in the ack
 * itself (`response_action: "errors"`); saving makes no Slack call, so this stays well inside
 * Slack's 3 s. The home is refreshed after the ack.
 */
export const mappingSubmittedHandler =
  (deps: { home: Pick<HomeService, 'saveMapping' | 'home'> }): SubmissionHandler =>
  async (args) => {
    const { teamId, userId } = actor(args.body);
    const values = args.view.state.values;
    const r = await deps.home.saveMapping(teamId, userId, {
      plusplus: mappingInput(values, MappingBlock.PlusPlus),
      slack: mappingInput(values, MappingBlock.Slack),
    });
    if (!r.ok) {
      const errors: Record<string, string> = {};
      if (r.errors.plusplus) errors[MappingBlock.PlusPlus] = r.errors.plusplus;
      if (r.errors.slack) errors[MappingBlock.Slack] = r.errors.slack;
      await args.ack({ response_action: 'errors', errors });
      return;
    }
    await args.ack();
    await refreshHome(deps.home, args, teamId, { kind: 'mapping_saved' });
  };

import type { HomeService } from '../../src/app/app-home/home-service';
import { messageModal, unmatchedModal } from '../../views/modals/unmatched-modal';
import { actor, viewId } from '../interaction';
import { slackView } from '../slack-view';
import type { ButtonHandler } from './home-button';

/** "Previous" / "Next" in the unmatched users modal; the value is the page to show. */
export const unmatchedPageHandler =
  (deps: { home: Pick<HomeService, 'unmatchedPage'> }): ButtonHandler =>
  async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    const page = Number.parseInt(args.action.value ?? '0', 10);
    const r = await deps.home.unmatchedPage(teamId, userId, page);
    const view = r.ok ? unmatchedModal(r.page) : messageModal('Unmatched users', r.message);
    await args.client.views.update({ view_id: viewId(args.body), view: slackView(view) });
  };

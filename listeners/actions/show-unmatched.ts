import type { HomeService } from '../../src/app/app-home/home-service';
import { lang } from '../../views/i18n';
import { messageModal, unmatchedModal } from '../../views/modals/unmatched-modal';
import { actor } from '../interaction';
import { slackView } from '../slack-view';
import type { ButtonHandler } from './home-button';

/**
 * Admin: the first page of unmatched users. The report can take longer than a trigger id lives
 * (3 s), so a placeholder modal is opened first and then filled.
 */
export const showUnmatchedHandler =
  (deps: {
    home: Pick<HomeService, 'unmatchedPage'> & Partial<Pick<HomeService, 'languageOf'>>;
  }): ButtonHandler =>
  async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    // The placeholder in the admin's language (remembered since their App Home was published).
    const l = lang(await deps.home.languageOf?.(teamId, userId));
    const opened = await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: slackView(messageModal(l.t('unmatched.title'), l.t('unmatched.loading'), l)),
    });
    const r = await deps.home.unmatchedPage(teamId, userId, 0);
    const view = r.ok ? unmatchedModal(r.page) : messageModal(l.t('unmatched.title'), r.message, l);
    await args.client.views.update({ view_id: opened.view?.id ?? '', view: slackView(view) });
  };

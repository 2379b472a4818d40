import type { HomeService } from '../../src/app/app-home/home-service';
import { templateModal } from '../../views/modals/template-modal';
import { actor, templateFields, viewId } from '../interaction';
import { slackView } from '../slack-view';
import { type ButtonHandler, publishHome } from './home-button';

/**
 * "Preview" in the template modal: the modal again, with the message as typed rendered. The kind
 * comes from the modal's private_metadata; rights and the kind are checked by the service.
 */
export const previewTemplateHandler =
  (deps: { home: Pick<HomeService, 'previewTemplate'> }): ButtonHandler =>
  async (args) => {
    await args.ack();
    const { teamId, userId } = actor(args.body);
    const kind = args.body.view?.private_metadata || args.action.value || '';
    const fields = templateFields(args.body.view?.state?.values);
    const r = await deps.home.previewTemplate(teamId, userId, kind, fields);
    if (!r.ok) return publishHome(args, r.home);
    await args.client.views.update({ view_id: viewId(args.body), view: slackView(templateModal(r.form)) });
  };

import type { HomeService } from '../../src/app/app-home/home-service';
import { TemplateBlock } from '../../views/ids';
import { actor, templateFields } from '../interaction';
import { refreshHome, type SubmissionHandler } from './submission';

/**
 * The template modal saved (the kind is its private_metadata). Saving makes no Slack call: the
 * template is validated and stored, or the ack carries inline errors with the line and column of
 * the problem on its field's input. The home is refreshed after the ack.
 */
export const templateSubmittedHandler =
  (deps: { home: Pick<HomeService, 'saveTemplate' | 'home'> }): SubmissionHandler =>
  async (args) => {
    const { teamId, userId } = actor(args.body);
    const kind = args.view.private_metadata ?? '';
    const r = await deps.home.saveTemplate(teamId, userId, kind, templateFields(args.view.state.values));
    if (!r.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(r.errors)) {
        errors[TemplateBlock[field as keyof typeof r.errors]] = message;
      }
      await args.ack({ response_action: 'errors', errors });
      return;
    }
    await args.ack();
    await refreshHome(deps.home, args, teamId, r.notice);
  };

import type { App } from '@slack/bolt';
import { homeView } from '../../views/home/home-view';
import { MappingAction, MappingBlock, ModalCallback, TemplateBlock } from '../../views/ids';
import { templateFields } from '../actions';
import { type HomeListenerDeps, slackView } from '../events/home';

/**
 * Modal submissions. The mapping modal is checked before the ack, because inline errors travel in
 * the ack itself (`response_action: "errors"`); saving is fast (no Slack call), so this stays well
 * inside Slack's 3 s. The home is refreshed after the ack.
 */
export function registerViews(app: App, deps: HomeListenerDeps): void {
  app.view(ModalCallback.Mapping, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const value = (blockId: string) => view.state.values[blockId]?.[MappingAction.Input]?.value ?? '';
    const r = await deps.home.saveMapping(teamId, body.user.id, {
      plusplus: value(MappingBlock.PlusPlus),
      slack: value(MappingBlock.Slack),
    });
    if (!r.ok) {
      const errors: Record<string, string> = {};
      if (r.errors.plusplus) errors[MappingBlock.PlusPlus] = r.errors.plusplus;
      if (r.errors.slack) errors[MappingBlock.Slack] = r.errors.slack;
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const model = await deps.home.home(
      teamId,
      body.user.id,
      'User matching saved. Everyone is being re-matched in the background.',
    );
    await client.views.publish({ user_id: body.user.id, view: slackView(homeView(model)) });
  });

  // Saving a template makes no Slack call either: validated and stored, or inline errors with the
  // line and column of the problem on its field's input.
  app.view(ModalCallback.Template, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const r = await deps.home.saveTemplate(
      teamId,
      body.user.id,
      view.private_metadata ?? '',
      templateFields(view.state.values),
    );
    if (!r.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(r.errors)) {
        errors[TemplateBlock[field as keyof typeof r.errors]] = message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const model = await deps.home.home(teamId, body.user.id, r.notice);
    await client.views.publish({ user_id: body.user.id, view: slackView(homeView(model)) });
  });
}

import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { homeView } from '../../views/home/home-view';
import type { HomeModel, TemplateFields } from '../../views/home/model';
import {
  HomeAction,
  MappingAction,
  MappingBlock,
  TemplateAction,
  TemplateBlock,
  UnmatchedAction,
} from '../../views/ids';
import { mappingModal } from '../../views/modals/mapping-modal';
import { templateModal } from '../../views/modals/template-modal';
import { messageModal, unmatchedModal } from '../../views/modals/unmatched-modal';
import { type HomeListenerDeps, slackView } from '../events/home';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Team and user of an interaction; rights are decided from these on the server, never from values. */
function who(body: BlockAction): { teamId: string; userId: string } {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
}

/** The modal an action came from (always there for actions in a modal). */
const viewId = (body: BlockAction): string => body.view?.id ?? '';

/** A plain_text_input's value in a modal's state (block id → action id → element state). */
export function inputValue(body: BlockAction, blockId: string): string {
  const v = body.view?.state?.values?.[blockId]?.[MappingAction.Input] as
    | { value?: string | null }
    | undefined;
  return v?.value ?? '';
}

/** The template modal's four inputs as typed (empty inputs are ""). */
export function templateFields(values: unknown): TemplateFields {
  const v = (values ?? {}) as Record<
    string,
    Record<string, { value?: string | null } | undefined> | undefined
  >;
  const read = (blockId: string) => v[blockId]?.[TemplateAction.Input]?.value ?? '';
  return {
    header: read(TemplateBlock.header),
    body: read(TemplateBlock.body),
    button_label: read(TemplateBlock.button_label),
    context: read(TemplateBlock.context),
  };
}

/**
 * Buttons in App Home and in the modals. Every handler acks at once (Slack wants it within 3 s),
 * then makes one service call (which checks the user's rights) and one Slack call with a view built
 * from the result. A refused admin action republishes the user's home with a notice.
 */
export function registerActions(app: App, deps: HomeListenerDeps): void {
  const publish = (args: ButtonArgs, model: HomeModel) =>
    args.client.views.publish({ user_id: args.body.user.id, view: slackView(homeView(model)) });

  const homeButton = (
    actionId: string,
    run: (teamId: string, userId: string, value: string) => Promise<HomeModel>,
  ) =>
    app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
      await args.ack();
      const { teamId, userId } = who(args.body);
      await publish(args, await run(teamId, userId, args.action.value ?? ''));
    });

  homeButton(HomeAction.TenantNotifications, (t, u, v) => deps.home.setTenantNotifications(t, u, v === 'on'));
  homeButton(HomeAction.MyNotifications, (t, u, v) => deps.home.setMyNotifications(t, u, v === 'on'));
  homeButton(HomeAction.TestMe, (t, u) => deps.home.testMe(t, u));
  homeButton(HomeAction.Rematch, (t, u) => deps.home.rematch(t, u));
  // Templates: the value names the kind (and on/off); whether the user may is decided by the service.
  homeButton(HomeAction.TemplateEnabled, (t, u, v) => {
    const [kind = '', state] = v.split(':');
    return deps.home.changeTemplate(t, u, kind, { enabled: state === 'on' });
  });
  homeButton(HomeAction.ResetTemplate, (t, u, v) => deps.home.changeTemplate(t, u, v, 'reset'));

  // URL buttons still send block_actions; Slack shows an error if they are not acked.
  for (const id of [HomeAction.Reconnect, HomeAction.Privacy, TemplateAction.PreviewLink]) {
    app.action(id, async ({ ack }) => {
      await ack();
    });
  }

  app.action<BlockAction<ButtonAction>>(HomeAction.EditMapping, async (args) => {
    await args.ack();
    const { teamId, userId } = who(args.body);
    const r = await deps.home.mappingForm(teamId, userId);
    if (!r.ok) return void (await publish(args, r.home));
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: slackView(mappingModal(r.form)) });
  });

  app.action<BlockAction<ButtonAction>>(MappingAction.Preview, async (args) => {
    await args.ack();
    const { teamId, userId } = who(args.body);
    const proposed = {
      plusplus: inputValue(args.body, MappingBlock.PlusPlus),
      slack: inputValue(args.body, MappingBlock.Slack),
    };
    const r = await deps.home.previewMapping(teamId, userId, proposed);
    if (!r.ok) return void (await publish(args, r.home));
    await args.client.views.update({ view_id: viewId(args.body), view: slackView(mappingModal(r.form)) });
  });

  app.action<BlockAction<ButtonAction>>(HomeAction.EditTemplate, async (args) => {
    await args.ack();
    const { teamId, userId } = who(args.body);
    const r = await deps.home.templateForm(teamId, userId, args.action.value ?? '');
    if (!r.ok) return void (await publish(args, r.home));
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: slackView(templateModal(r.form)),
    });
  });

  // The kind comes from the modal's private_metadata; rights and the kind are checked by the service.
  app.action<BlockAction<ButtonAction>>(TemplateAction.Preview, async (args) => {
    await args.ack();
    const { teamId, userId } = who(args.body);
    const kind = args.body.view?.private_metadata || args.action.value || '';
    const r = await deps.home.previewTemplate(
      teamId,
      userId,
      kind,
      templateFields(args.body.view?.state?.values),
    );
    if (!r.ok) return void (await publish(args, r.home));
    await args.client.views.update({ view_id: viewId(args.body), view: slackView(templateModal(r.form)) });
  });

  // The report can take longer than a trigger id lives (3 s): open a placeholder, then fill it.
  app.action<BlockAction<ButtonAction>>(HomeAction.ShowUnmatched, async (args) => {
    await args.ack();
    const { teamId, userId } = who(args.body);
    const opened = await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: slackView(messageModal('Unmatched users', 'Loading…')),
    });
    const r = await deps.home.unmatchedPage(teamId, userId, 0);
    const view = r.ok ? unmatchedModal(r.page) : messageModal('Unmatched users', r.message);
    await args.client.views.update({ view_id: opened.view?.id ?? '', view: slackView(view) });
  });

  for (const id of [UnmatchedAction.Previous, UnmatchedAction.Next]) {
    app.action<BlockAction<ButtonAction>>(id, async (args) => {
      await args.ack();
      const { teamId, userId } = who(args.body);
      const r = await deps.home.unmatchedPage(teamId, userId, Number.parseInt(args.action.value ?? '0', 10));
      const view = r.ok ? unmatchedModal(r.page) : messageModal('Unmatched users', r.message);
      await args.client.views.update({ view_id: viewId(args.body), view: slackView(view) });
    });
  }
}

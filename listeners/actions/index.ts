import type { HomeService } from '../../src/app/app-home/home-service';
import { HomeAction, MappingAction, TemplateAction, UnmatchedAction } from '../../views/ids';
import { TimingAction } from '../../views/timing-ids';
import type { ListenerRoutes } from '../routes';
import { editMappingHandler } from './edit-mapping';
import { editTemplateHandler } from './edit-template';
import { editTimingHandler } from './edit-timing';
import type { ButtonHandler } from './home-button';
import { linkButtonHandler } from './link-button';
import { myNotificationsHandler } from './my-notifications';
import { previewMappingHandler } from './preview-mapping';
import { previewTemplateHandler } from './preview-template';
import { rematchHandler } from './rematch';
import { resetTemplateHandler } from './reset-template';
import { showUnmatchedHandler } from './show-unmatched';
import { templateEnabledHandler } from './template-enabled';
import { tenantNotificationsHandler } from './tenant-notifications';
import { testMeHandler } from './test-me';
import { unmatchedPageHandler } from './unmatched-page';

/**
 * Buttons in App Home and in the modals, one handler per file. Each acks at once, makes one service
 * call (which checks the user's rights) and one Slack call with a view built from the result; a
 * refused admin action republishes the user's home with a notice.
 */
export function actionHandlers(deps: { home: HomeService }): Map<string, ButtonHandler> {
  const handlers = new Map<string, ButtonHandler>([
    [HomeAction.TenantNotifications, tenantNotificationsHandler(deps)],
    [HomeAction.MyNotifications, myNotificationsHandler(deps)],
    [HomeAction.TestMe, testMeHandler(deps)],
    [HomeAction.Rematch, rematchHandler(deps)],
    [HomeAction.TemplateEnabled, templateEnabledHandler(deps)],
    [HomeAction.ResetTemplate, resetTemplateHandler(deps)],
    [HomeAction.EditMapping, editMappingHandler(deps)],
    [TimingAction.Edit, editTimingHandler(deps)],
    [MappingAction.Preview, previewMappingHandler(deps)],
    [HomeAction.EditTemplate, editTemplateHandler(deps)],
    [TemplateAction.Preview, previewTemplateHandler(deps)],
    [HomeAction.ShowUnmatched, showUnmatchedHandler(deps)],
    [UnmatchedAction.Previous, unmatchedPageHandler(deps)],
    [UnmatchedAction.Next, unmatchedPageHandler(deps)],
  ]);
  for (const id of [HomeAction.Reconnect, HomeAction.Privacy, TemplateAction.PreviewLink]) {
    handlers.set(id, linkButtonHandler());
  }
  return handlers;
}

/** Every button, routed by action id (listeners/routes.ts). */
export function registerActions(routes: ListenerRoutes, deps: { home: HomeService }): void {
  for (const [id, handler] of actionHandlers(deps)) routes.add('action', id, handler);
}

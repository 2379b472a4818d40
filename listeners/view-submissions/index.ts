import type { App, ViewSubmitAction } from '@slack/bolt';
import type { HomeService } from '../../src/app/app-home/home-service';
import { ModalCallback } from '../../views/ids';
import { TimingModalCallback } from '../../views/timing-ids';
import { mappingSubmittedHandler } from './mapping-submitted';
import type { SubmissionHandler } from './submission';
import { templateSubmittedHandler } from './template-submitted';
import { timingSubmittedHandler } from './timing-submitted';

/**
 * Modal submissions (view_submission), one handler per file. The modals themselves are built in
 * views/modals; this folder only receives what users submit in them. One Bolt listener routed by
 * callback id, for the reason registerActions gives (every listener's chain runs on every ack).
 * An unknown callback id is left unacknowledged here and acknowledged by
 * src/slack-server/payload-shape.ts once the listeners are done.
 */
export function registerViewSubmissions(app: App, deps: { home: HomeService }): void {
  const handlers = submissionHandlers(deps);
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    await handlers.get(args.view.callback_id)?.(args);
  });
}

/** The handler of each modal's submission, by callback id. */
export function submissionHandlers(deps: { home: HomeService }): Map<string, SubmissionHandler> {
  return new Map<string, SubmissionHandler>([
    [ModalCallback.Mapping, mappingSubmittedHandler(deps)],
    [ModalCallback.Template, templateSubmittedHandler(deps)],
    [TimingModalCallback, timingSubmittedHandler(deps)],
  ]);
}

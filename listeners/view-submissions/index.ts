import type { HomeService } from '../../src/app/app-home/home-service';
import { ModalCallback } from '../../views/ids';
import { TimingModalCallback } from '../../views/timing-ids';
import type { ListenerRoutes } from '../routes';
import { mappingSubmittedHandler } from './mapping-submitted';
import type { SubmissionHandler } from './submission';
import { templateSubmittedHandler } from './template-submitted';
import { timingSubmittedHandler } from './timing-submitted';

/**
 * Modal submissions (view_submission), one handler per file. The modals themselves are built in
 * views/modals; this folder only receives what users submit in them. Routed by callback id
 * (listeners/routes.ts); an unknown callback id is acknowledged by src/slack-server/payload-shape.ts.
 */
export function registerViewSubmissions(routes: ListenerRoutes, deps: { home: HomeService }): void {
  for (const [id, handler] of submissionHandlers(deps)) routes.add('view', id, handler);
}

/** The handler of each modal's submission, by callback id. */
export function submissionHandlers(deps: { home: HomeService }): Map<string, SubmissionHandler> {
  return new Map<string, SubmissionHandler>([
    [ModalCallback.Mapping, mappingSubmittedHandler(deps)],
    [ModalCallback.Template, templateSubmittedHandler(deps)],
    [TimingModalCallback, timingSubmittedHandler(deps)],
  ]);
}

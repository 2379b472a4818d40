import type { SubmissionArgs } from '../../../../listeners/view-submissions/submission';
import { fakeSlack, TEAM, USER } from '../fakes';

/** A view_submission as Bolt hands it to a handler. */
export function submit(view: { private_metadata?: string; values: Record<string, unknown> }) {
  const slack = fakeSlack();
  const args = {
    ack: slack.ack,
    body: { type: 'view_submission', team: { id: TEAM }, user: { id: USER, team_id: TEAM } },
    view: { id: 'V_MODAL', private_metadata: view.private_metadata ?? '', state: { values: view.values } },
    client: slack.webClient,
  } as unknown as SubmissionArgs;
  return { ...slack, args };
}
